"""Inputs just either side of a verdict's threshold, which the mutants must meet.

Each test starts from an input the audit accepts (a trajectory file, ...)
whose measurement lies just past, or just short of, the threshold its rule
applies, so that a threshold moved by one unit, or a comparison turned, moves
the verdict and fails the test (``nox -s mutation``, ``tests/mutation.py``).
"""

import numpy as np
import pytest

from dlhw.descent import gradient_descent
from dlhw.objectives import bowl
from dlhw.problem3b import TrajectoryError
from dlhw.published import REPORTED_3B
from dlhw.report.claims3b import CENTRE_TOLERANCE, MUCH_SLOWER
from dlhw.report.facts3b import facts_3b
from dlhw.report.rules import CONFIRMED, DIFFERS


def _descent_file(tmp_path, a1, a2, rate=0.4, steps=60):
    """The course's trajectory file of a descent on a bowl, at ``rate``."""
    run = gradient_descent(bowl(a1, a2, 0.5, 3.5), (2.0, 0.0), rate, steps=steps)
    path = tmp_path / f"descent{a1}-{a2}.txt"
    path.write_text("".join(f"{x!r} {y!r}\n" for x, y in run.iterates.tolist()))
    return path


@pytest.mark.parametrize(
    ("a", "verdict", "low", "high"),
    [
        # r = 1 - 0.8a = -0.824: 24 steps at the rate, 251 at one 100 times
        # smaller, 10.46 times as many: just past "much longer"
        (2.28, CONFIRMED, MUCH_SLOWER, MUCH_SLOWER + 1),
        # r = -0.832: 26 and 250 steps, 9.6 times: just short of it
        (2.29, DIFFERS, MUCH_SLOWER - 1, MUCH_SLOWER),
    ],
)
def test_a_step_ratio_either_side_of_much_longer(tmp_path, a, verdict, low, high):
    # a round bowl (a1 = a2): x2 and the whole path settle alike
    small_rate = facts_3b(_descent_file(tmp_path, a, a)).claim("3b-small-rate")
    assert low <= small_rate.finding.parts[2].measured < high
    assert small_rate.verdict == verdict


def test_a_round_bowl_does_not_bear_on_the_curvatures_and_its_mean_is_near_the_centre(
    tmp_path,
):
    # a1 = a2 = 2.28: both axes zig-zag, so the file says nothing of "a zig-zag
    # along x1 only means a1 > a2" (its ratio, 1 exactly, is not compared);
    # 60 zig-zags on both axes leave the mean 0.9% off the centre (margin 1%)
    f = facts_3b(_descent_file(tmp_path, 2.28, 2.28))
    assert f.findings.ratio == 1
    assert len(f.claim("3b-curvature").finding.parts) == 1
    assert f.claim("3b-curvature").verdict == CONFIRMED
    centre = f.claim("3b-centre")
    assert 0.8 * CENTRE_TOLERANCE < centre.finding.measured <= CENTRE_TOLERANCE
    assert centre.verdict == CONFIRMED


def test_an_x1_that_lands_on_its_centre_in_one_step_does_not_zigzag(tmp_path):
    # a1 = 1.25 at the rate 0.4: r1 = 1 - 2 (0.4) (1.25) = 0, so x1 reaches its
    # centre in one step and stays: r1 = 0 is no overshoot and no zig-zag (< 0)
    f = facts_3b(_descent_file(tmp_path, 1.25, REPORTED_3B.a2))
    assert f.findings.factors[0] == 0
    assert f.claim("3b-axis").verdict == DIFFERS


def test_a_ratio_five_percent_off_the_reports_fits(tmp_path):
    # a1/a2 = 21 against the report's 20: 5% off, inside the relative 10%
    # margin (an absolute margin of 0.1 would refuse it)
    ratio = 1.05 * REPORTED_3B.ratio
    f = facts_3b(_descent_file(tmp_path, ratio * REPORTED_3B.a2, REPORTED_3B.a2))
    assert abs(f.claim("3b-ratio").finding.measured - ratio) < 1e-9
    assert f.claim("3b-ratio").verdict == CONFIRMED


@pytest.mark.parametrize(("nudge", "accepted"), [(0.005, True), (0.015, False)])
def test_a_point_off_the_descent_either_side_of_the_misfit_tolerance(
    tmp_path, nudge, accepted
):
    # one iterate's x2 moved by 0.5% or 1.5% of x2's range: its steps miss
    # the line x' = r x + b by that much, against a tolerance of 1%
    path = _descent_file(tmp_path, REPORTED_3B.a1, REPORTED_3B.a2)
    points = np.loadtxt(path)
    points[30, 1] += nudge * np.ptp(points[:, 1])
    path.write_text("".join(f"{x!r} {y!r}\n" for x, y in points.tolist()))
    if accepted:
        assert facts_3b(path).claim("3b-axis").verdict == CONFIRMED
    else:
        with pytest.raises(TrajectoryError, match="not gradient descent"):
            facts_3b(path)
