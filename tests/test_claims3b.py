"""The Problem 3b claims are decided on the course's trajectory file when given."""

import dataclasses

import pytest

from dlhw.descent import gradient_descent
from dlhw.objectives import bowl
from dlhw.problem3b import (
    STANDIN_LABEL,
    CurvatureOrder,
    TrajectoryError,
    TrajectoryFileError,
    trajectory,
    trajectory_findings,
)
from dlhw.published import REPORTED_3B
from dlhw.report import claims3b
from dlhw.report.claims3b import (
    CENTRE_TOLERANCE,
    MUCH_SLOWER,
    RATIO_TOLERANCE,
    claims_3b,
    claims_3b_from,
)
from dlhw.report.facts import claim
from dlhw.report.rules import CONFIRMED, DIFFERS, UNVERIFIABLE

AXIS, CURVATURE = "3b-axis", "3b-curvature"
RATIO, CENTRE, SMALL_RATE = "3b-ratio", "3b-centre", "3b-small-rate"


def _file(tmp_path, name, a1, a2, c1=0.5, c2=3.5, rate=0.4, start=(2.0, 0.0), steps=60):
    run = gradient_descent(bowl(a1, a2, c1, c2), start, rate, steps=steps).iterates
    path = tmp_path / name
    path.write_text("".join(f"{x!r} {y!r}\n" for x, y in run.tolist()))
    return path


def test_without_the_file_only_the_derived_claim_is_decided():
    claims = claims_3b()
    verdicts = [c.verdict for c in claims]
    assert verdicts == [UNVERIFIABLE, CONFIRMED, *[UNVERIFIABLE] * 3]
    # the stand-in's numbers are shown, labelled, for orientation only, but
    # on the implication "x1 alone zig-zags, so a1 > a2" any trajectory bears
    for c in claims:
        assert STANDIN_LABEL in c.measured_as()
        assert ("no evidence either way" in c.measured) == (c.key != CURVATURE)
    f = trajectory_findings()
    assert f"{100 * f.mean_offset:.3g}%" in claim(claims, CENTRE).measured
    assert claim(claims, CENTRE).finding.bound == CENTRE_TOLERANCE


@pytest.mark.slow
def test_the_stand_ins_length_decides_nothing(tmp_path):
    # the same descent, 30 or 1000 steps long: the mean moves towards the
    # centre, the claims read it on a file, and the stand-in stays no evidence
    short = claims_3b(_file(tmp_path, "n30.txt", 2.25, 0.0625, steps=30))
    long = claims_3b(_file(tmp_path, "n1000.txt", 2.25, 0.0625, steps=1000))
    assert claim(long, CENTRE).finding.measured < claim(short, CENTRE).finding.measured
    assert [c.verdict for c in claims_3b()] == [
        UNVERIFIABLE,
        CONFIRMED,
        *[UNVERIFIABLE] * 3,
    ]


@pytest.mark.slow
def test_a_file_with_the_reports_ratio(tmp_path):
    # x1 zig-zags (r1 = -0.6), x2 drifts (r2 = 0.92), a1/a2 = 20 as reported
    path = _file(tmp_path, "r20.txt", REPORTED_3B.a1, REPORTED_3B.a2)
    claims = claims_3b(path)
    verdicts = [c.verdict for c in claims]
    assert verdicts == [CONFIRMED, CONFIRMED, CONFIRMED, DIFFERS, CONFIRMED]
    assert claim(claims, RATIO).finding.measured == pytest.approx(REPORTED_3B.ratio)
    ratio = claim(claims, CURVATURE).finding.parts[1].measured
    assert ratio == pytest.approx(REPORTED_3B.ratio)
    f = trajectory_findings(trajectory(path))
    longer = claim(claims, SMALL_RATE).finding.parts[2]
    assert longer.measured == f.steps_ratio >= MUCH_SLOWER
    assert "r20.txt" in claim(claims, CENTRE).measured_as()


def test_another_ratio_flips_the_ratio_claim(tmp_path):
    ratio = REPORTED_3B.ratio * (1 + 3 * RATIO_TOLERANCE)
    path = _file(tmp_path, "other.txt", REPORTED_3B.a2 * ratio, REPORTED_3B.a2)
    claims = claims_3b(path)
    assert claim(claims, RATIO).verdict == DIFFERS
    assert claim(claims, RATIO).finding.measured == pytest.approx(ratio)
    assert claim(claims, AXIS).verdict == CONFIRMED


@pytest.mark.slow
def test_a_centred_mean_flips_the_centre_claim(tmp_path):
    # both axes zig-zag, so over many steps the mean sits on the centre
    path = _file(tmp_path, "centred.txt", 2.0, 1.9, steps=400)
    claims = claims_3b(path)
    assert claim(claims, CENTRE).verdict == CONFIRMED
    assert claim(claims, CENTRE).finding.measured <= CENTRE_TOLERANCE
    # ... and the zig-zag is no longer along x1 only
    assert claim(claims, AXIS).verdict == DIFFERS


def test_a_zigzag_along_x2_flips_the_axis_and_the_curvatures(tmp_path):
    path = _file(tmp_path, "x2.txt", REPORTED_3B.a2, REPORTED_3B.a1)
    claims = claims_3b(path)
    assert claim(claims, AXIS).verdict == DIFFERS  # x1 does not overshoot
    assert claim(claims, RATIO).verdict == DIFFERS
    # a1/a2 is below 1 here, but x1 does not zig-zag alone: the file does not
    # bear on the implication, which the sampled bowls alone decide
    curvature = claim(claims, CURVATURE)
    assert curvature.verdict == CONFIRMED
    assert len(curvature.finding.parts) == 1
    assert "does not zig-zag alone" in curvature.measured


def test_the_curvature_implication_flips_on_a_counterexample(monkeypatch, tmp_path):
    path = _file(tmp_path, "r20.txt", REPORTED_3B.a1, REPORTED_3B.a2)
    f = trajectory_findings(trajectory(path))
    assert claim(claims_3b_from(f), CURVATURE).verdict == CONFIRMED
    # a trajectory zig-zagging along x1 alone with a1 <= a2 would refute it
    flipped = dataclasses.replace(f, ratio=0.9)
    assert claim(claims_3b_from(flipped), CURVATURE).verdict == DIFFERS
    # ... and so would one sampled bowl
    monkeypatch.setattr(
        claims3b, "curvature_order", lambda: CurvatureOrder(10, 3, counterexamples=1)
    )
    assert claim(claims_3b_from(f), CURVATURE).verdict == DIFFERS


def test_a_diverging_x1_still_overshoots(tmp_path):
    # overshooting is all the report says; diverging is shown, not judged
    path = _file(tmp_path, "wild.txt", 2.6, 0.1, start=(0.6, 0.0), steps=12)
    r1 = trajectory_findings(trajectory(path)).factors[0]
    assert r1 < -1
    axis = claim(claims_3b(path), AXIS)
    assert axis.finding.parts[0].measured == pytest.approx(r1)
    assert axis.verdict == CONFIRMED
    assert "diverges" in axis.measured


def test_a_lasting_zigzag_along_x1_is_not_much_slower_at_a_smaller_rate(tmp_path):
    # r1 = -0.99, r2 = 0.5: x1 alone zig-zags and takes about 400 steps to
    # die out; at the rate 100 times smaller the whole path needs about 900.
    # Measured on x2 alone, the smaller rate would look 100 times slower.
    path = _file(tmp_path, "r99.txt", 2.4875, 0.625, steps=30)
    f = trajectory_findings(trajectory(path))
    assert f.factors == pytest.approx((-0.99, 0.5))
    small = claim(claims_3b(path), SMALL_RATE)
    smooth, stable, longer = small.finding.parts
    assert (smooth.verdict, stable.verdict) == (CONFIRMED, CONFIRMED)
    assert longer.measured == f.steps_ratio < 3
    assert small.verdict == DIFFERS
    assert claim(claims_3b(path), AXIS).verdict == CONFIRMED


def test_a_zigzag_left_at_the_smaller_rate_is_not_smooth(tmp_path):
    path = _file(tmp_path, "r20.txt", REPORTED_3B.a1, REPORTED_3B.a2)
    f = trajectory_findings(trajectory(path))
    assert claim(claims_3b_from(f), SMALL_RATE).verdict == CONFIRMED
    bumpy = dataclasses.replace(f, small_reversals=(1, 0))
    assert claim(claims_3b_from(bumpy), SMALL_RATE).verdict == DIFFERS


@pytest.mark.slow
def test_a_strong_zigzag_along_x2_is_not_much_slower_at_a_smaller_rate(tmp_path):
    # r2 = -0.9: x2 bounces long at its own rate, so 100 times smaller is not
    # 10 times slower
    path = _file(tmp_path, "bounce.txt", 2.0, 2.375)
    claims = claims_3b(path)
    ratio = claim(claims, SMALL_RATE).finding.parts[2].measured
    assert ratio == trajectory_findings(trajectory(path)).steps_ratio < MUCH_SLOWER
    assert claim(claims, SMALL_RATE).verdict == DIFFERS
    assert claim(claims, AXIS).verdict == DIFFERS


def test_a_bad_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("1 2\n3\n")
    with pytest.raises(TrajectoryFileError, match="line 2"):
        claims_3b(path)


def test_three_arbitrary_points_are_refused_not_confirmed(tmp_path):
    # (0,0) (1,5) (0.3,2) is no descent; two pairs per axis fit any line
    path = tmp_path / "three.txt"
    path.write_text("0 0\n1 5\n0.3 2\n")
    with pytest.raises(TrajectoryFileError, match="at least 4 are needed") as info:
        claims_3b(path)
    assert str(path) in str(info.value)


def test_four_points_that_are_no_descent_are_refused(tmp_path):
    path = tmp_path / "four.txt"
    path.write_text("0 0\n1 5\n0.3 2\n0.9 1\n")
    with pytest.raises(TrajectoryError, match="not gradient descent") as info:
        claims_3b(path)
    assert str(info.value).startswith(f"{path}: axis x1: ")


# Files just past each of the rules' margins: a claim's verdict is decided by
# where the file's measurement lies against the margin, not by the margin's
# neighbourhood alone.


@pytest.mark.slow
def test_an_axis_that_only_creeps_is_no_zigzag(tmp_path):
    # r1 = 1 - 2 (0.4) (0.5) = 0.6: x1 approaches its centre from one side
    claims = claims_3b(_file(tmp_path, "creep.txt", 0.5, 0.1))
    f = trajectory_findings(trajectory(tmp_path / "creep.txt"))
    assert f.factors[0] == pytest.approx(0.6)
    assert claim(claims, AXIS).verdict == DIFFERS


def test_a_small_curvature_ratio_still_confirms_a1_above_a2(tmp_path):
    # a1/a2 = 1.5: the larger curvature is along x1, by any margin above 1
    claims = claims_3b(_file(tmp_path, "ratio15.txt", 1.5, 1.0))
    assert claim(claims, CURVATURE).finding.parts[1].measured == pytest.approx(1.5)
    assert claim(claims, CURVATURE).verdict == CONFIRMED


def test_a_ratio_just_outside_the_tolerance_differs(tmp_path):
    # 15% above the reported ratio: outside the 10% margin, inside twice it
    ratio = REPORTED_3B.ratio * 1.15
    claims = claims_3b(
        _file(tmp_path, "r23.txt", REPORTED_3B.a2 * ratio, REPORTED_3B.a2)
    )
    assert claim(claims, RATIO).finding.measured == pytest.approx(ratio)
    assert claim(claims, RATIO).verdict == DIFFERS


def test_a_mean_just_off_the_centre_differs(tmp_path):
    # 43 steps: the mean is 1.5% of the spread off the centre (the margin is 1%)
    claims = claims_3b(_file(tmp_path, "c43.txt", 2.0, 1.9, steps=43))
    offset = claim(claims, CENTRE).finding.measured
    assert CENTRE_TOLERANCE < offset < 2 * CENTRE_TOLERANCE
    assert claim(claims, CENTRE).verdict == DIFFERS
