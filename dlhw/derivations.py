"""Exact results, derived in SymPy from the objectives' expressions.

Examples
--------
The stationary points of Problem 3d's quartic:

>>> from dlhw.objectives import quartic
>>> [(p.x, p.kind) for p in stationary_points(quartic)]
[(-sqrt(2), 'minimum'), (0, 'maximum'), (sqrt(2), 'minimum')]

Problem 3a's plateau function: a flat inflection inside the plateau, one
minimum, and a small jump where two pieces meet:

>>> from dlhw.objectives import plateau
>>> [(p.x, p.kind) for p in stationary_points(plateau)]
[(31/10, 'inflection'), (6, 'minimum')]
>>> global_minimum(plateau)
GlobalMinimum(x=(6,), value=-6183/500)
>>> stability_bound(plateau, 6)
200/1083
>>> [(b.x, b.jump) for b in breakpoints(plateau)]
[(-1/10, 0), (3, 1/1000), (5, 0)]
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from dlhw.objectives import Objective

__all__ = [
    "Breakpoint",
    "GlobalMinimum",
    "StationaryPoint",
    "breakpoints",
    "global_minimum",
    "gradient_step",
    "one_step_domain",
    "one_step_learning_rate",
    "pieces",
    "stability_bound",
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


def pieces(objective: Objective) -> list[tuple[sp.Expr, sp.Set]]:
    """The smooth pieces of a one-variable objective, each with where it holds.

    A ``Piecewise`` takes the first piece whose condition is true, so each
    piece holds where its condition is true and no earlier one's is.

    Parameters
    ----------
    objective : Objective
        A function of one variable; one that is not piecewise is a single
        piece, holding on all the reals.

    Returns
    -------
    list of tuple
        ``(piece, where)`` pairs, a ``sympy.Expr`` and the ``sympy.Set`` on
        which it holds, in the order of the ``Piecewise``'s arguments.

    Raises
    ------
    ValueError
        If ``objective`` has more than one variable.

    Examples
    --------
    >>> from dlhw.objectives import plateau, quartic
    >>> [where for _, where in pieces(plateau)]
    [Interval.open(-oo, -1/10), Interval.Ropen(-1/10, 3), Interval.Ropen(3, 5), Interval(5, oo)]
    >>> pieces(quartic)
    [(x**4 - 4*x**2, Reals)]
    """
    return _pieces(objective.expr, _univariate(objective))


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

    A piecewise objective: the plateau's middle piece is a line and has no
    stationary point, the third piece has a flat inflection:

    >>> from dlhw.objectives import plateau
    >>> [(p.x, p.value, p.kind, p.order) for p in stationary_points(plateau)]
    [(31/10, -23/250, 'inflection', 3), (6, -6183/500, 'minimum', 2)]
    """
    var = _univariate(objective)
    found: list[StationaryPoint] = []
    for piece, interval in _pieces(objective.expr, var):
        roots = sp.solveset(sp.diff(piece, var), var, domain=interval)
        if roots is sp.S.EmptySet:
            continue
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

    Parameters
    ----------
    objective : Objective
        A function of one variable.
    x0 : sympy.Expr or number
        The start; a SymPy symbol gives the step as an expression in it.
    learning_rate : sympy.Expr or number
        The learning rate :math:`\\eta`.

    Returns
    -------
    sympy.Expr
        Where the step lands, exactly (simplified).

    Raises
    ------
    ValueError
        If ``objective`` has more than one variable.

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

    These are the :math:`x_0 \\ne \\text{target}` where
    :math:`(x_0 - \\text{target}) / f'(x_0) > 0`, the rate
    :func:`one_step_learning_rate` gives.

    Parameters
    ----------
    objective : Objective
        A function of one variable.
    target : sympy.Expr or number, optional
        Where the step must land; 0 by default.

    Returns
    -------
    sympy.Set
        The starts, exactly.

    Raises
    ------
    ValueError
        If ``objective`` has more than one variable.

    Examples
    --------
    >>> from dlhw.objectives import quartic
    >>> one_step_domain(quartic)
    Union(Interval.open(-oo, -sqrt(2)), Interval.open(sqrt(2), oo))
    >>> one_step_domain(quartic, target=2)
    Union(Interval.open(-oo, -sqrt(2)), Interval.open(0, sqrt(2)), Interval.open(2, oo))
    """
    var = _univariate(objective)
    target = sp.sympify(target)
    slope = sp.diff(objective.expr, var)
    eta = sp.cancel((var - target) / slope)
    positive = sp.solveset(eta > 0, var, domain=sp.S.Reals)
    return sp.Complement(positive, sp.FiniteSet(target))


@dataclass(frozen=True)
class Breakpoint:
    """Where two pieces of a piecewise objective meet, with both one-sided views.

    Attributes
    ----------
    x : sympy.Expr
        Location.
    value : sympy.Expr
        :math:`f(x)` as the objective defines it there.
    left_value, right_value : sympy.Expr
        One-sided limits :math:`f(x^-)` and :math:`f(x^+)`.
    left_slope, right_slope : sympy.Expr
        One-sided limits of the derivative.
    """

    x: sp.Expr
    value: sp.Expr
    left_value: sp.Expr
    right_value: sp.Expr
    left_slope: sp.Expr
    right_slope: sp.Expr

    @property
    def jump(self) -> sp.Expr:
        """:math:`f(x^+) - f(x^-)`, zero where the function is continuous."""
        return sp.simplify(self.right_value - self.left_value)

    @property
    def continuous(self) -> bool:
        """Whether the two pieces meet."""
        return bool(self.jump == 0 and sp.simplify(self.value - self.left_value) == 0)

    @property
    def slope_matches(self) -> bool:
        """Whether the one-sided derivatives agree (true at the plateau's jump)."""
        return bool(sp.simplify(self.right_slope - self.left_slope) == 0)


def _piece_at(pieces: list[tuple[sp.Expr, sp.Set]], point: sp.Expr) -> int:
    for i, (_, where) in enumerate(pieces):
        if where.contains(point) is sp.true:
            return i
    raise ValueError(f"the objective is not defined at {point}")


def breakpoints(objective: Objective) -> list[Breakpoint]:
    """Exact one-sided values and slopes where the pieces of an objective meet.

    One-sided limits are taken on the piece that holds on each side, so a
    jump is reported exactly (SymPy's ``limit`` of a whole ``Piecewise`` can
    pick the wrong piece at a breakpoint).

    Parameters
    ----------
    objective : Objective
        A function of one variable; one that is not piecewise has none.

    Returns
    -------
    list of Breakpoint
        Sorted by location.

    Examples
    --------
    The plateau function is continuous and smooth at :math:`-1/10` and
    :math:`5`; at :math:`3` the slopes match but the value jumps up by
    :math:`1/1000`:

    >>> from dlhw.objectives import plateau
    >>> b = breakpoints(plateau)[1]
    >>> b.x, b.left_value, b.right_value, b.jump
    (3, -23/250, -91/1000, 1/1000)
    >>> b.left_slope, b.right_slope, b.continuous, b.slope_matches
    (-3/100, -3/100, False, True)
    >>> [(p.x, p.continuous, p.slope_matches) for p in breakpoints(plateau)]
    [(-1/10, True, True), (3, False, True), (5, True, True)]
    >>> from dlhw.objectives import quartic
    >>> breakpoints(quartic)
    []
    """
    var = _univariate(objective)
    pieces = _pieces(objective.expr, var)
    cuts = sorted(
        {b for _, where in pieces for b in where.boundary if b.is_finite},
        key=float,
    )
    found = []
    for i, cut in enumerate(cuts):
        below = cuts[i - 1] if i > 0 else cut - 1
        above = cuts[i + 1] if i + 1 < len(cuts) else cut + 1
        left = pieces[_piece_at(pieces, (below + cut) / 2)][0]
        right = pieces[_piece_at(pieces, (cut + above) / 2)][0]
        here = pieces[_piece_at(pieces, cut)][0]
        found.append(
            Breakpoint(
                x=cut,
                value=sp.simplify(here.subs(var, cut)),
                left_value=sp.limit(left, var, cut, "-"),
                right_value=sp.limit(right, var, cut, "+"),
                left_slope=sp.limit(sp.diff(left, var), var, cut, "-"),
                right_slope=sp.limit(sp.diff(right, var), var, cut, "+"),
            )
        )
    return found


@dataclass(frozen=True)
class GlobalMinimum:
    """The smallest value of an objective and every point that attains it.

    Attributes
    ----------
    x : tuple of sympy.Expr
        The minimizers, sorted.
    value : sympy.Expr
        The minimum value.
    """

    x: tuple[sp.Expr, ...]
    value: sp.Expr


def _less(a: sp.Expr, b: sp.Expr) -> bool:
    return bool(sp.simplify(a - b).is_negative) if a.is_finite else a == -sp.oo


def global_minimum(objective: Objective) -> GlobalMinimum:
    """Exact global minimum of a piecewise-smooth function of one variable.

    Candidates are the stationary points and the breakpoints (where a minimum
    can sit at a kink or a jump); the one-sided limits at the breakpoints and
    the limits at :math:`\\pm\\infty` must not go lower, or there is no
    minimum.

    Parameters
    ----------
    objective : Objective
        A function of one variable.

    Returns
    -------
    GlobalMinimum
        The minimum value and all the points where it is attained.

    Raises
    ------
    ValueError
        When the infimum is not attained (unbounded below, or approached only
        at a jump or at infinity).

    Examples
    --------
    >>> from dlhw.objectives import plateau, quartic
    >>> global_minimum(plateau)
    GlobalMinimum(x=(6,), value=-6183/500)
    >>> global_minimum(quartic)
    GlobalMinimum(x=(-sqrt(2), sqrt(2)), value=-4)
    >>> import sympy as sp
    >>> from dlhw.objectives import Objective, x
    >>> global_minimum(Objective("cubic", x**3 - x, (x,)))
    Traceback (most recent call last):
    ...
    ValueError: cubic has no global minimum: it approaches -oo ...
    """
    var = _univariate(objective)
    attained = [(p.x, p.value) for p in stationary_points(objective)]
    approached = []
    for b in breakpoints(objective):
        attained.append((b.x, b.value))
        approached += [b.left_value, b.right_value]
    pieces = _pieces(objective.expr, var)
    for piece, where in pieces:
        if where.inf == -sp.oo:
            approached.append(sp.limit(piece, var, -sp.oo))
        if where.sup == sp.oo:
            approached.append(sp.limit(piece, var, sp.oo))
    if not attained:
        raise ValueError(f"{objective.name} has no stationary point or breakpoint")
    best = min((v for _, v in attained), key=float)
    lower = [a for a in approached if _less(a, best)]
    if lower:
        raise ValueError(
            f"{objective.name} has no global minimum: it approaches "
            f"{min(lower, key=float)} but attains no value below {best}"
        )
    points = sorted({p for p, v in attained if sp.simplify(v - best) == 0}, key=float)
    return GlobalMinimum(tuple(points), best)


def stability_bound(objective: Objective, at: sp.Expr | float) -> sp.Expr:
    """Largest fixed learning rate for which a minimum attracts: :math:`2/f''`.

    Near a minimum with curvature :math:`f''(x^*) > 0` a step multiplies the
    distance by :math:`1 - \\eta f''(x^*)`, which shrinks it only while
    :math:`\\eta < 2 / f''(x^*)`.

    Parameters
    ----------
    objective : Objective
        A function of one variable.
    at : sympy.Expr or number
        A minimum with positive curvature.

    Returns
    -------
    sympy.Expr
        The bound, exactly.

    Raises
    ------
    ValueError
        When the curvature at ``at`` is not positive.

    Examples
    --------
    >>> from dlhw.objectives import plateau, quartic
    >>> import sympy as sp
    >>> stability_bound(plateau, 6), stability_bound(quartic, sp.sqrt(2))
    (200/1083, 1/8)
    >>> stability_bound(quartic, 0)
    Traceback (most recent call last):
    ...
    ValueError: x^4 - 4x^2 has curvature -8 at x = 0, not positive...
    """
    var = _univariate(objective)
    at = sp.sympify(at)
    curvature = sp.simplify(sp.diff(objective.expr, var, 2).subs(var, at))
    if not curvature.is_positive:
        raise ValueError(
            f"{objective.name} has curvature {curvature} at x = {at}, not "
            "positive: no learning rate makes it attract"
        )
    return 2 / curvature
