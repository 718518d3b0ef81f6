"""Exact results, derived in SymPy from the objectives' expressions.

Examples
--------
The stationary points of Problem 3d's quartic:

>>> from dlhw.objectives import quartic
>>> [(p.x, p.kind) for p in stationary_points(quartic)]
[(-sqrt(2), 'minimum'), (0, 'maximum'), (sqrt(2), 'minimum')]
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from dlhw.objectives import Objective

__all__ = [
    "StationaryPoint",
    "gradient_step",
    "one_step_domain",
    "one_step_learning_rate",
    "stationary_points",
]


@dataclass(frozen=True)
class StationaryPoint:
    """A point where the derivative vanishes, classified exactly.

    Attributes
    ----------
    x : sympy.Expr
        Location.
    value : sympy.Expr
        :math:`f(x)`.
    kind : str
        ``"minimum"``, ``"maximum"`` or ``"inflection"``, from the first
        derivative beyond the first that does not vanish there.
    order : int
        Order of that derivative (2 for an ordinary extremum).
    """

    x: sp.Expr
    value: sp.Expr
    kind: str
    order: int


def _univariate(objective: Objective) -> sp.Symbol:
    if objective.dim != 1:
        raise ValueError(f"{objective.name} is not a function of one variable")
    return objective.symbols[0]


def _pieces(expr: sp.Expr, var: sp.Symbol) -> list[tuple[sp.Expr, sp.Set]]:
    """Split ``expr`` into smooth pieces with the interval where each holds."""
    if not isinstance(expr, sp.Piecewise):
        return [(expr, sp.S.Reals)]
    pieces = []
    taken: sp.Set = sp.S.EmptySet
    for piece, cond in expr.args:
        where = sp.S.Reals if cond is sp.true else cond.as_set()
        pieces.append((piece, sp.Complement(where, taken)))
        taken = sp.Union(taken, where)
    return pieces


def _classify(piece: sp.Expr, var: sp.Symbol, at: sp.Expr) -> tuple[str, int]:
    derivative = sp.diff(piece, var)
    for order in range(2, 12):
        derivative = sp.diff(derivative, var)
        value = sp.simplify(derivative.subs(var, at))
        if value != 0:
            if order % 2:
                return "inflection", order
            return ("minimum" if value > 0 else "maximum"), order
    raise ValueError(f"cannot classify the stationary point at {at}")


def stationary_points(objective: Objective) -> list[StationaryPoint]:
    """Exact, sorted stationary points of a one-variable objective.

    A piecewise objective is searched piece by piece, each on the interval
    where it holds; points where a derivative does not exist are not included.

    Parameters
    ----------
    objective : Objective
        A function of one variable.

    Returns
    -------
    list of StationaryPoint
        Sorted by location.

    Examples
    --------
    >>> from dlhw.objectives import quartic
    >>> pts = stationary_points(quartic)
    >>> [(p.x, p.value, p.kind) for p in pts]
    [(-sqrt(2), -4, 'minimum'), (0, 0, 'maximum'), (sqrt(2), -4, 'minimum')]
    """
    var = _univariate(objective)
    found: list[StationaryPoint] = []
    for piece, interval in _pieces(objective.expr, var):
        roots = sp.solveset(sp.diff(piece, var), var, domain=interval)
        if not isinstance(roots, sp.FiniteSet):
            raise ValueError(
                f"{objective.name}: the derivative of {piece} vanishes on {roots}"
            )
        for root in roots:
            kind, order = _classify(piece, var, root)
            found.append(
                StationaryPoint(root, sp.simplify(piece.subs(var, root)), kind, order)
            )
    return sorted(found, key=lambda p: float(p.x))


def gradient_step(
    objective: Objective, x0: sp.Expr | float, learning_rate: sp.Expr | float
) -> sp.Expr:
    """One exact gradient step :math:`x_0 - \\eta f'(x_0)`.

    Examples
    --------
    The published pair lands exactly on the local maximum:

    >>> from dlhw.objectives import quartic
    >>> gradient_step(quartic, sp.sqrt(3), sp.Rational(1, 4))
    0
    """
    var = _univariate(objective)
    x0, eta = sp.sympify(x0), sp.sympify(learning_rate)
    slope = sp.diff(objective.expr, var).subs(var, x0)
    return sp.simplify(x0 - eta * slope)


def one_step_learning_rate(
    objective: Objective, x0: sp.Expr | float, target: sp.Expr | float = 0
) -> sp.Expr:
    """The learning rate whose single step takes ``x0`` exactly to ``target``.

    Solves :math:`x_0 - \\eta f'(x_0) = \\text{target}` for :math:`\\eta`.

    Parameters
    ----------
    objective : Objective
        A function of one variable.
    x0 : sympy.Expr or number
        The start; a SymPy symbol gives the whole family as a closed form.
    target : sympy.Expr or number
        Where the step must land.

    Returns
    -------
    sympy.Expr
        The learning rate, exactly.

    Raises
    ------
    ValueError
        For a numeric ``x0`` from which no positive learning rate reaches the
        target (the step points away from it, or the gradient vanishes).

    Examples
    --------
    >>> from dlhw.objectives import quartic
    >>> x0 = sp.Symbol("x_0", real=True)
    >>> sp.factor(one_step_learning_rate(quartic, x0))
    1/(4*(x_0**2 - 2))
    >>> one_step_learning_rate(quartic, sp.sqrt(3))
    1/4
    >>> one_step_learning_rate(quartic, 1)
    Traceback (most recent call last):
    ...
    ValueError: no positive learning rate takes x0 = 1 to 0 in one step ...
    """
    var = _univariate(objective)
    x0, target = sp.sympify(x0), sp.sympify(target)
    slope = sp.diff(objective.expr, var)
    eta = sp.cancel((var - target) / slope).subs(var, x0)
    eta = sp.simplify(eta)
    if x0.free_symbols:
        return eta
    if sp.simplify(x0 - target) == 0:
        raise ValueError(f"x0 = {x0} is already the target")
    if not (eta.is_finite and eta.is_positive):
        domain = one_step_domain(objective, target)
        raise ValueError(
            f"no positive learning rate takes x0 = {x0} to {target} in one step "
            f"(possible only for x0 in {domain})"
        )
    return eta


def one_step_domain(objective: Objective, target: sp.Expr | float = 0) -> sp.Set:
    """Starts from which one step with a positive rate reaches ``target``.

    Examples
    --------
    >>> from dlhw.objectives import quartic
    >>> one_step_domain(quartic)
    Union(Interval.open(-oo, -sqrt(2)), Interval.open(sqrt(2), oo))
    """
    var = _univariate(objective)
    target = sp.sympify(target)
    slope = sp.diff(objective.expr, var)
    eta = sp.cancel((var - target) / slope)
    positive = sp.solveset(eta > 0, var, domain=sp.S.Reals)
    return sp.Complement(positive, sp.FiniteSet(target))
