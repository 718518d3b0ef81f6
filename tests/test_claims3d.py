"""The Problem 3d claims follow the function, the start and the rate."""

import dataclasses

import pytest
import sympy as sp

from dlhw.objectives import Objective, x
from dlhw.problem3d import FLOAT_LANDING_TOL, findings_3d
from dlhw.published import REPORTED_3D
from dlhw.report.claims3d import claims_3d
from dlhw.report.rules import CONFIRMED, DIFFERS

STATIONARY, MAXIMUM, PAIR, CHECK = range(4)


def test_verdicts():
    assert [c.verdict for c in claims_3d()] == [CONFIRMED] * 4


def test_another_quartic_moves_the_stationary_points():
    flatter = Objective("x^4 - 2x^2", x**4 - 2 * x**2, (x,))
    claims = claims_3d(objective=flatter)
    assert claims[STATIONARY].finding.measured == (-1, 0, 1)
    assert claims[STATIONARY].verdict == DIFFERS
    assert claims[MAXIMUM].verdict == CONFIRMED
    bowl = Objective("x^4 + 4x^2", x**4 + 4 * x**2, (x,))
    kept = claims_3d(objective=bowl)
    assert kept[MAXIMUM].finding.measured == ()
    assert kept[MAXIMUM].verdict == DIFFERS


def test_another_start_misses_the_maximum():
    start = sp.Integer(2)
    claims = claims_3d(reported=dataclasses.replace(REPORTED_3D, x0=start))
    f = findings_3d(start, REPORTED_3D.learning_rate)
    rate, step = claims[PAIR].finding.parts
    assert (rate.measured, step.measured) == (f.family_rate, f.exact_step)
    assert claims[PAIR].verdict == DIFFERS
    assert claims[CHECK].finding.measured == pytest.approx(abs(f.landed))
    assert abs(f.landed) > FLOAT_LANDING_TOL
    assert claims[CHECK].verdict == DIFFERS
