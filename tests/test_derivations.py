import numpy as np
import pytest
import sympy as sp

from dlhw.derivations import (
    GlobalMinimum,
    breakpoints,
    global_minimum,
    gradient_step,
    one_step_domain,
    one_step_learning_rate,
    pieces,
    stability_bound,
    stationary_points,
)
from dlhw.objectives import Objective, bowl, plateau, quartic, x


def test_quartic_stationary_points_are_exact_and_classified():
    pts = stationary_points(quartic)
    assert [p.x for p in pts] == [-sp.sqrt(2), 0, sp.sqrt(2)]
    assert [p.kind for p in pts] == ["minimum", "maximum", "minimum"]
    for p in pts:
        assert sp.diff(quartic.expr, x).subs(x, p.x) == 0


def test_one_step_family_matches_closed_form_and_lands_on_zero():
    x0 = sp.Symbol("x_0", real=True)
    eta = one_step_learning_rate(quartic, x0)
    assert sp.simplify(eta - 1 / (4 * (x0**2 - 2))) == 0
    for start in (sp.sqrt(3), -sp.sqrt(3), 2, sp.Rational(-5, 2)):
        rate = one_step_learning_rate(quartic, start)
        assert rate.is_positive
        assert gradient_step(quartic, start, rate) == 0


@pytest.mark.parametrize("start", [1, -1, sp.sqrt(2), sp.Rational(1, 2)])
def test_one_step_rejects_starts_between_the_minima(start):
    with pytest.raises(ValueError, match="no positive learning rate"):
        one_step_learning_rate(quartic, start)


def test_one_step_rejects_the_target_itself():
    with pytest.raises(ValueError, match="already the target"):
        one_step_learning_rate(quartic, 0)


def test_one_step_domain_is_outside_the_minima():
    domain = one_step_domain(quartic)
    assert domain.contains(sp.sqrt(3)) is sp.true
    assert domain.contains(1) is sp.false


def test_multivariate_objectives_are_refused():
    with pytest.raises(ValueError, match="one variable"):
        stationary_points(bowl(1, 1, 0, 0))


# -- Problem 3a: the plateau function -------------------------------------------


def test_plateau_stationary_points_inflection_and_minimum():
    pts = stationary_points(plateau)
    assert [(p.x, p.kind) for p in pts] == [
        (sp.Rational(31, 10), "inflection"),
        (6, "minimum"),
    ]
    inflection = pts[0]
    assert inflection.value == sp.Rational(-23, 250)
    # the derivative vanishes there but does not change sign: flat inflection
    slope = sp.diff(plateau.expr, x)
    assert slope.subs(x, inflection.x) == 0
    assert slope.subs(x, sp.Rational(3)) < 0
    assert slope.subs(x, sp.Rational(32, 10)) < 0


def test_plateau_global_minimum_and_stability_bound():
    best = global_minimum(plateau)
    assert best.x == (6,)
    assert best.value == sp.Rational(-6183, 500)
    assert plateau.f(6.0) == pytest.approx(float(best.value))
    bound = stability_bound(plateau, 6)
    assert bound == sp.Rational(200, 1083)
    curvature = sp.diff(plateau.expr, x, 2).subs(x, 6)
    assert bound * curvature == 2


def test_plateau_breakpoints_report_the_jump_at_three():
    found = {b.x: b for b in breakpoints(plateau)}
    assert sorted(found) == [sp.Rational(-1, 10), 3, 5]
    jump = found[3]
    assert (jump.left_value, jump.right_value) == (
        sp.Rational(-92, 1000),
        sp.Rational(-91, 1000),
    )
    assert jump.jump == sp.Rational(1, 1000)
    assert jump.value == jump.right_value
    assert not jump.continuous
    assert jump.slope_matches
    for b in (found[sp.Rational(-1, 10)], found[5]):
        assert b.continuous
        assert b.slope_matches
    # the NumPy function shows the same jump
    below, at = plateau.f(np.nextafter(3.0, 0.0)), plateau.f(3.0)
    assert at - below == pytest.approx(1e-3, abs=1e-12)


def test_breakpoints_of_a_kink():
    kink = Objective("kink", sp.Piecewise((-x, x < 0), (2 * x, True)), (x,))
    (b,) = breakpoints(kink)
    assert (b.x, b.jump, b.left_slope, b.right_slope) == (0, 0, -1, 2)
    assert b.continuous
    assert not b.slope_matches
    # the minimum sits at the kink, where the derivative does not exist
    assert global_minimum(kink) == GlobalMinimum((0,), 0)


def test_global_minimum_not_attained_at_a_jump():
    # the infimum 0 is approached from the left of 1 but never attained
    gap = Objective("gap", sp.Piecewise(((x - 1) ** 2, x < 1), (x, True)), (x,))
    with pytest.raises(ValueError, match="no global minimum"):
        global_minimum(gap)


def test_stability_bound_needs_positive_curvature():
    with pytest.raises(ValueError, match="not positive"):
        stability_bound(plateau, sp.Rational(31, 10))


def test_pieces_cover_the_line_once():
    found = pieces(plateau)
    union = sp.Union(*(where for _, where in found))
    assert union == sp.S.Reals
    total = sum(len(where.boundary) for _, where in found)
    assert total == 6
