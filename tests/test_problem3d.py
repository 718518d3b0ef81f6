"""Problem 3d: the exact findings and the float64 escape from the maximum."""

import numpy as np
import pytest
import sympy as sp

from dlhw.descent import gradient_descent
from dlhw.objectives import quartic
from dlhw.problem3d import (
    ESCAPE_RADIUS,
    escape_step,
    findings_3d,
    predicted_escape_step,
)
from dlhw.published import REPORTED_3D


def test_the_float_run_escapes_when_the_linear_map_predicts():
    f = findings_3d()
    assert f.repel_factor == 3
    assert f.escape_step == predicted_escape_step(f.landed, float(f.repel_factor))
    # before the escape the run stays within the radius, then leaves it
    assert np.all(np.abs(f.iterates[1 : f.escape_step]) <= ESCAPE_RADIUS)
    assert abs(f.iterates[f.escape_step]) > ESCAPE_RADIUS


@pytest.mark.parametrize("offset", [1e-12, 1e-8, -1e-5])
def test_escape_from_other_landings(offset):
    # a start that lands `offset` from the maximum leaves it as predicted
    eta = 0.25
    x1 = offset
    # solve x0 - eta f'(x0) = x1 near sqrt 3 by Newton's method
    x0 = float(sp.sqrt(3))
    for _ in range(50):
        g = x0 - eta * quartic.grad(np.array([x0]))[0] - x1
        dg = 1 - eta * (12 * x0**2 - 8)
        x0 -= g / dg
    run = gradient_descent(quartic, x0, eta, steps=200)
    it = np.asarray(run.iterates, dtype=float).ravel()
    assert escape_step(it) == predicted_escape_step(it[1], 3.0)


def test_escape_step_refuses_a_run_that_stays():
    with pytest.raises(ValueError, match="never moves"):
        escape_step(np.zeros(10))
    with pytest.raises(ValueError, match="never escapes"):
        predicted_escape_step(0.0, 3.0)


def test_minima_do_not_hold_the_run_either():
    f = findings_3d()
    assert abs(f.minimum_factor) > 1
    lo, hi = f.tail
    assert lo < -1
    assert hi > 1
    assert f.domain.contains(REPORTED_3D.x0)
    assert f.maxima == (0,)
