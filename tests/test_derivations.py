import pytest
import sympy as sp

from dlhw.derivations import (
    gradient_step,
    one_step_domain,
    one_step_learning_rate,
    stationary_points,
)
from dlhw.objectives import bowl, quartic, x


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
