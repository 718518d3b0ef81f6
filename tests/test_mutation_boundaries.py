"""Inputs just either side of a verdict's threshold, which the mutants must meet.

Each test starts from an input the audit accepts (a trajectory file, ...)
whose measurement lies just past, or just short of, the threshold its rule
applies, so that a threshold moved by one unit, or a comparison turned, moves
the verdict and fails the test (``nox -s mutation``, ``tests/mutation.py``).
"""

import pytest

from dlhw.descent import gradient_descent
from dlhw.objectives import bowl
from dlhw.report.claims3b import MUCH_SLOWER
from dlhw.report.facts3b import facts_3b
from dlhw.report.rules import CONFIRMED, DIFFERS


def _descent_file(tmp_path, a, rate=0.4, steps=60):
    """A descent on a round bowl (``a1 = a2 = a``): both axes settle alike."""
    run = gradient_descent(bowl(a, a, 0.5, 3.5), (2.0, 0.0), rate, steps=steps)
    path = tmp_path / f"round{a}.txt"
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
    small_rate = facts_3b(_descent_file(tmp_path, a)).claim("3b-small-rate")
    assert low <= small_rate.finding.measured < high
    assert small_rate.verdict == verdict
