import numpy as np
import pytest
import sympy as sp

from dlhw.objectives import abs_three_halves, bowl, plateau, quartic

SAMPLES = np.linspace(-3.0, 7.0, 41)


@pytest.mark.parametrize("objective", [quartic, plateau, abs_three_halves])
def test_numpy_gradient_equals_sympy_derivative(objective):
    var = objective.symbols[0]
    derivative = sp.diff(objective.expr, var)
    for point in SAMPLES:
        exact = derivative.subs(var, sp.nsimplify(point, rational=True))
        assert objective.grad(point) == pytest.approx(
            float(exact), rel=1e-12, abs=1e-12
        )
        value = objective.expr.subs(var, sp.nsimplify(point, rational=True))
        assert objective.f(point) == pytest.approx(float(value), rel=1e-12, abs=1e-12)


def test_vectorized_evaluation_keeps_the_shape():
    pts = SAMPLES.reshape(1, 41)
    assert plateau.f(pts).shape == (1, 41)
    assert plateau.grad(pts).shape == (1, 41)
    # the middle piece is linear, so its derivative is a constant that must
    # still be broadcast to the points
    assert plateau.grad(np.array([0.0, 1.0])).tolist() == [-0.03, -0.03]


def test_numerical_gradient_agrees_with_lambdified_gradient():
    pts = np.array([-2.0, -0.5, 0.3, 1.7])
    h = 1e-6
    numeric = (quartic.f(pts + h) - quartic.f(pts - h)) / (2 * h)
    np.testing.assert_allclose(quartic.grad(pts), numeric, rtol=1e-6)


def test_bowl_gradient_and_shape_check():
    b = bowl(2.0, 0.1, 0.5, 3.5)
    pts = np.array([[1.0, 4.0], [0.5, 3.5]])
    np.testing.assert_allclose(b.grad(pts), [[2.0, 0.1], [0.0, 0.0]], atol=1e-15)
    np.testing.assert_allclose(b.f(pts), [0.5 + 0.025, 0.0])
    with pytest.raises(ValueError, match="last axis of length 2"):
        b.f(np.zeros(3))
