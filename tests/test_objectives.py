import numpy as np
import pytest
import sympy as sp

from dlhw.objectives import Objective, abs_three_halves, bowl, plateau, quartic, x

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


def test_plateau_gradient_matches_sympy_inside_every_piece():
    from dlhw.derivations import pieces

    var = plateau.symbols[0]
    found = pieces(plateau)
    assert len(found) == 4
    for piece, where in found:
        lo = max(float(where.inf), -8.0)
        hi = min(float(where.sup), 12.0)
        # strictly inside the piece, away from its ends
        inside = np.linspace(lo, hi, 23)[1:-1]
        derivative = sp.lambdify(var, sp.diff(piece, var), "numpy")
        value = sp.lambdify(var, piece, "numpy")
        np.testing.assert_allclose(
            plateau.grad(inside),
            np.broadcast_to(derivative(inside), inside.shape),
            rtol=1e-13,
            atol=1e-15,
        )
        np.testing.assert_allclose(plateau.f(inside), value(inside), rtol=1e-13)
        for point in inside[::5]:
            exact = sp.diff(piece, var).subs(var, sp.Rational(str(point)))
            assert plateau.grad(point) == pytest.approx(float(exact), rel=1e-12)


def test_piecewise_evaluation_takes_the_first_true_piece_at_breakpoints():
    # at x = 3 the third piece holds (x < 3 is false): f(3) = -91/1000
    assert plateau.f(3.0) == pytest.approx(-0.091, abs=1e-15)
    assert plateau.f(np.nextafter(3.0, 0.0)) == pytest.approx(-0.092, abs=1e-12)
    assert plateau.grad([-0.1, 3.0, 5.0]).tolist() == pytest.approx(
        [-0.03, -0.03, -10.83]
    )


def test_evaluation_returns_fresh_arrays():
    identity = Objective("identity", x, (x,))
    pts = np.array([1.0, 2.0])
    out = identity.f(pts)
    out[0] = 99.0
    assert pts[0] == 1.0
    assert np.isnan(plateau.f(np.nan))
