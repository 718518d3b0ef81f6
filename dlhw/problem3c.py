"""Problem 3c: constant-step descent on :math:`f(x) = \\tfrac{2}{3}|x|^{3/2}`.

The gradient :math:`\\operatorname{sign}(x)\\sqrt{|x|}` is not Lipschitz at the
minimum, and a fixed step :math:`\\delta` gives the map
:math:`x' = x - \\delta \\operatorname{sign}(x) \\sqrt{|x|}`. In units of
:math:`\\delta^2` (:math:`x = \\delta^2 u`) it no longer depends on the step:
:math:`u' = u - \\operatorname{sign}(u)\\sqrt{|u|}`. Two exact facts follow:

* the starts that reach :math:`0` form a countable set :math:`S` of iterated
  preimages of :math:`0` (:func:`set_s`), reached in exactly as many steps as
  the member's index (:func:`exact_descent`);
* every other start ends in the two-cycle :math:`\\pm\\delta^2/4`
  (:func:`two_cycle`), which is super-attracting (:func:`two_cycle_multiplier`).

The NumPy half runs the report's experiments with the vectorized engine and
measures what float64 does to starts taken from :math:`S`
(:func:`s_float_runs`, :func:`set_s_findings`, :func:`two_cycle_findings`);
:mod:`dlhw.report.claims3c` judges the report's claims against both halves.

Examples
--------
>>> set_s(3)
[0, 1, sqrt(5)/2 + 3/2]
>>> two_cycle()
delta**2/4
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import mpmath
import numpy as np
import sympy as sp

from dlhw.cache import persistent
from dlhw.descent import DescentResult, gradient_descent
from dlhw.objectives import abs_three_halves
from dlhw.published import DELTA, REPORTED_3C

__all__ = [
    "CYCLE_TOLERANCE",
    "EXACT_MEMBERS",
    "EXAMPLE1_STEPS",
    "EXAMPLE2_STEPS",
    "LEARNING_RATES",
    "SPREAD",
    "CycleFindings",
    "SFindings",
    "SFloatRun",
    "bracket_index",
    "cycle_gap",
    "delta",
    "equilibria",
    "exact_descent",
    "exact_step",
    "gaussian_starts",
    "increasing_region",
    "path_error",
    "preimage_root",
    "s_float_runs",
    "s_starts",
    "s_values",
    "set_s",
    "set_s_findings",
    "step_map",
    "two_cycle",
    "two_cycle_findings",
    "two_cycle_multiplier",
    "u",
    "unit_step_map",
]

#: The fixed step (learning rate) :math:`\delta`.
delta = DELTA
#: The variable in units of :math:`\delta^2`: :math:`x = \delta^2 u`.
u = sp.Symbol("u", real=True)

#: The report's learning rates.
LEARNING_RATES = REPORTED_3C.learning_rates

#: Run length of the report's Example 1 (starts from S).
EXAMPLE1_STEPS = REPORTED_3C.example1_steps
#: Run lengths of the report's Example 2 (Gaussian starts).
EXAMPLE2_STEPS = REPORTED_3C.example2_steps

#: How many members of :math:`S` the exact (SymPy) descent checks by default;
#: the expressions double in size with every member.
EXACT_MEMBERS = 7

#: Distance from the two-cycle, in units of :math:`\delta^2` (:func:`cycle_gap`),
#: within which an iterate counts as on it.
CYCLE_TOLERANCE = 1e-12

_x = abs_three_halves.symbols[0]
_PRECISION = 60  # decimal digits for the high-precision values of S


# -- exact ---------------------------------------------------------------------


def step_map(learning_rate: sp.Expr = delta) -> sp.Expr:
    """The gradient step :math:`x - \\delta f'(x)` on :math:`\\tfrac23|x|^{3/2}`.

    Derived from the objective's own gradient.

    Parameters
    ----------
    learning_rate : sympy.Expr, optional
        The fixed step :math:`\\delta` (the symbol :data:`delta` by default);
        a number is converted with :func:`sympy.sympify`.

    Returns
    -------
    sympy.Expr
        The image of :math:`x`, in the objective's symbol ``x``.

    Examples
    --------
    >>> step_map()
    -delta*sqrt(Abs(x))*sign(x) + x
    """
    return _x - sp.sympify(learning_rate) * abs_three_halves.gradient_expr[0]


def unit_step_map() -> sp.Expr:
    """The step in units of :math:`\\delta^2`: substitute :math:`x = \\delta^2 u`.

    The step size drops out, so one picture serves every learning rate.

    Examples
    --------
    >>> unit_step_map()
    u - sqrt(Abs(u))*sign(u)
    """
    return sp.expand(step_map().subs(_x, delta**2 * u) / delta**2)


@cache
def preimage_root() -> sp.Expr:
    """:math:`\\sqrt{s}` for the positive preimage :math:`s` of :math:`s_{prev}`.

    For :math:`s > 0` the unit step is :math:`s - \\sqrt{s}`; solving
    :math:`s - \\sqrt{s} = s_{prev}` with :math:`w = \\sqrt{s} > 0` gives the
    larger root of :math:`w^2 - w - s_{prev} = 0` (the other is not positive).

    Examples
    --------
    >>> preimage_root()
    sqrt(4*s_prev + 1)/2 + 1/2
    """
    prev = sp.Symbol("s_prev", nonnegative=True)
    w = sp.Symbol("w", positive=True)
    s = sp.Symbol("s", positive=True)
    step = unit_step_map().subs(u, s)  # s - sqrt(s) for s > 0
    roots = sp.solve(sp.Eq(step.subs(s, w**2), prev), w)
    positive = [r for r in roots if r.is_positive]
    if len(positive) != 1:  # pragma: no cover - the algebra above is fixed
        raise AssertionError(f"expected one positive preimage, got {roots}")
    return positive[0]


def set_s(k: int) -> list[sp.Expr]:
    """The first ``k`` non-negative members of :math:`S`, in units of :math:`\\delta^2`.

    :math:`u_0 = 0`, and :math:`u_n = w_n^2` with :math:`w_n` from
    :func:`preimage_root` applied to :math:`u_{n-1}`. The set :math:`S` is
    these and their negatives (the map is odd).

    Parameters
    ----------
    k : int
        How many members, ``k >= 0``.

    Examples
    --------
    >>> set_s(3)
    [0, 1, sqrt(5)/2 + 3/2]
    >>> [round(float(m), 6) for m in set_s(5)]
    [0.0, 1.0, 2.618034, 4.811561, 7.561352]
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a non-negative integer, got {k!r}")
    root = preimage_root()
    prev = next(iter(root.free_symbols))
    members: list[sp.Expr] = []
    for n in range(k):
        members.append(
            sp.Integer(0) if n == 0 else sp.expand(root.subs(prev, members[-1]) ** 2)
        )
    return members


def exact_step(value: sp.Expr) -> sp.Expr:
    """One exact unit step :math:`u - \\operatorname{sign}(u)\\sqrt{|u|}`.

    The square root is denested where SymPy can, so that a step between
    members of :math:`S` comes out in the members' own form.

    Parameters
    ----------
    value : sympy.Expr
        The iterate :math:`u`, in units of :math:`\\delta^2`; a number is
        converted with :func:`sympy.sympify`.

    Returns
    -------
    sympy.Expr
        The next iterate, expanded.

    Examples
    --------
    >>> exact_step((3 + sp.sqrt(5)) / 2)
    1
    >>> exact_step(sp.Rational(1, 4)), exact_step(-sp.Rational(1, 4))
    (-1/4, 1/4)
    """
    stepped = unit_step_map().subs(u, sp.sympify(value))
    return sp.expand(sp.sqrtdenest(stepped))


def exact_descent(start: sp.Expr, max_steps: int) -> list[sp.Expr]:
    """Exact unit-step iterates from ``start`` until 0 or ``max_steps`` steps.

    Parameters
    ----------
    start : sympy.Expr
        In units of :math:`\\delta^2`.
    max_steps : int
        Upper bound on the number of steps.

    Returns
    -------
    list of sympy.Expr
        The iterates, start included; the last one is 0 if descent got there.

    Examples
    --------
    >>> exact_descent(set_s(4)[3], 10)[1:]
    [sqrt(5)/2 + 3/2, 1, 0]

    A start off :math:`S` never reaches 0; it settles on :math:`\\pm 1/4`:

    >>> [round(float(v), 6) for v in exact_descent(sp.Rational(1, 2), 4)]
    [0.5, -0.207107, 0.247983, -0.249996, 0.25]
    """
    iterates = [sp.sympify(start)]
    for _ in range(max_steps):
        if iterates[-1] == 0:
            break
        iterates.append(exact_step(iterates[-1]))
    return iterates


def equilibria() -> sp.Set:
    """Where the gradient vanishes: the only point a fixed step cannot leave.

    Examples
    --------
    >>> equilibria()
    {0}
    """
    return sp.solveset(abs_three_halves.gradient_expr[0], _x, sp.S.Reals)


def increasing_region() -> sp.Set:
    """Positive :math:`x` where the step map is increasing (keeps order).

    Examples
    --------
    >>> increasing_region()
    Interval.open(delta**2/4, oo)
    """
    xp = sp.Symbol("x", positive=True)
    slope = sp.diff(step_map().subs(_x, xp), xp)
    region = sp.solve_univariate_inequality(slope > 0, xp, relational=False)
    return region.subs(xp, _x)


def two_cycle(learning_rate: sp.Expr = delta) -> sp.Expr:
    """The positive point of the two-cycle, from :math:`x' = -x`.

    A point that one step sends to its negative is visited every other step
    (the map is odd).

    Parameters
    ----------
    learning_rate : sympy.Expr, optional
        The fixed step :math:`\\delta` (the symbol :data:`delta` by default),
        positive.

    Returns
    -------
    sympy.Expr
        :math:`\\delta^2/4`, for the step given.

    Examples
    --------
    >>> two_cycle()
    delta**2/4
    >>> two_cycle(sp.Rational(1, 10))
    1/400
    """
    xp = sp.Symbol("x", positive=True)
    step = step_map(learning_rate).subs(_x, xp)
    (point,) = sp.solve(sp.Eq(step, -xp), xp)
    return point


def two_cycle_multiplier() -> sp.Expr:
    """Derivative of the two-step map at the two-cycle.

    The product of the step map's derivatives at :math:`\\pm\\delta^2/4`; zero
    means the cycle is super-attracting: nearby errors square at each visit.

    Examples
    --------
    >>> two_cycle_multiplier()
    0
    """
    xp = sp.Symbol("x", positive=True)
    xn = sp.Symbol("x", negative=True)
    point = two_cycle()
    slope_plus = sp.diff(step_map().subs(_x, xp), xp).subs(xp, point)
    slope_minus = sp.diff(step_map().subs(_x, xn), xn).subs(xn, -point)
    return sp.simplify(slope_plus * slope_minus)


# -- float64 -------------------------------------------------------------------------


def s_values(k: int) -> list[mpmath.mpf]:
    """The first ``k`` members of :math:`S` (units of :math:`\\delta^2`) to 60 digits.

    The same recurrence as :func:`set_s`, evaluated in high precision, for
    members whose exact expressions are too large to handle. The members
    found are kept, so a longer list continues from the last one.

    Parameters
    ----------
    k : int
        How many members, ``k >= 0``.

    Returns
    -------
    list of mpmath.mpf
        :math:`u_0, \\dots, u_{k-1}`, increasing from :math:`u_0 = 0`.

    Raises
    ------
    ValueError
        If ``k`` is not a non-negative integer.

    Examples
    --------
    >>> [float(v) for v in s_values(3)]
    [0.0, 1.0, 2.618033988749895]
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a non-negative integer, got {k!r}")
    values = _S_VALUES
    if len(values) < k:
        root = _preimage_root_mpmath()
        with mpmath.workdps(_PRECISION):
            while len(values) < k:
                values.append(+(root(values[-1]) ** 2))
    return values[:k]


# The members of S found so far, at _PRECISION digits (s_values extends it).
_S_VALUES: list[mpmath.mpf] = [mpmath.mpf(0)]


@cache
def _preimage_root_mpmath() -> Callable[[mpmath.mpf], mpmath.mpf]:
    root = preimage_root()
    return sp.lambdify(next(iter(root.free_symbols)), root, "mpmath")  # type: ignore[no-any-return]


def s_starts(k: int, learning_rate: float) -> np.ndarray:
    """The float64 numbers nearest the first ``k`` members :math:`\\delta^2 u_n`.

    :math:`\\delta` is the float64 learning rate, taken exactly, so these are
    the best starts float64 can hold.

    Parameters
    ----------
    k : int
        How many members, ``k >= 0``.
    learning_rate : float
        The step :math:`\\delta`.

    Returns
    -------
    numpy.ndarray, shape (k,)
        The starts :math:`\\delta^2 u_n`, rounded once to float64.

    Raises
    ------
    ValueError
        If ``k`` is not a non-negative integer.

    Examples
    --------
    >>> s_starts(3, 0.1).tolist()
    [0.0, 0.010000000000000002, 0.02618033988749895]
    """
    with mpmath.workdps(_PRECISION):
        d2 = mpmath.mpf(float(learning_rate)) ** 2
        return np.array([float(d2 * v) for v in s_values(k)])


@dataclass(frozen=True)
class SFloatRun:
    """Float64 descent from the first members of :math:`S`, for several rates.

    Attributes
    ----------
    learning_rates : numpy.ndarray
        Shape ``(m,)``.
    starts : numpy.ndarray
        Shape ``(k, m)``: ``starts[n, j]`` is member ``n`` for rate ``j``.
    result : DescentResult
        The run; iterates of shape ``(steps + 1, k, m)``.
    reaches_zero : numpy.ndarray of bool
        Shape ``(k, m)``: member ``n`` is exactly ``0.0`` after ``n`` steps,
        as in exact arithmetic.
    """

    learning_rates: np.ndarray
    starts: np.ndarray
    result: DescentResult
    reaches_zero: np.ndarray

    @property
    def first_failure(self) -> list[int | None]:
        """Per rate, the first member index that does not reach 0 (or None)."""
        out: list[int | None] = []
        for j in range(self.reaches_zero.shape[1]):
            failed = np.nonzero(~self.reaches_zero[:, j])[0]
            out.append(int(failed[0]) if failed.size else None)
        return out


def s_float_runs(
    k: int, learning_rates: np.typing.ArrayLike = LEARNING_RATES, steps: int = 0
) -> SFloatRun:
    """Run float64 descent from the first ``k`` members of :math:`S`.

    Parameters
    ----------
    k : int
        Members ``0 .. k-1``.
    learning_rates : array_like
        One run per rate and member.
    steps : int, optional
        Number of steps; at least ``k`` are always taken, so every member has
        had the steps it needs in exact arithmetic.

    Examples
    --------
    >>> run = s_float_runs(4, [0.01])
    >>> run.reaches_zero[:, 0].tolist()
    [True, True, False, False]
    """
    rates = np.atleast_1d(np.asarray(learning_rates, dtype=float))
    if rates.ndim != 1:
        raise ValueError("learning_rates must be a number or a 1-D sequence")
    starts = np.stack([s_starts(k, r) for r in rates], axis=1)
    result = gradient_descent(abs_three_halves, starts, rates, steps=max(steps, k))
    n = np.arange(k)
    reaches = result.iterates[n, n, :] == 0.0
    return SFloatRun(rates, starts, result, reaches)


def cycle_gap(iterates: np.typing.ArrayLike, learning_rate: float) -> np.ndarray:
    """Distance from the two-cycle, :math:`|x|/\\delta^2 - 1/4`, in units of :math:`\\delta^2`.

    Negative inside the cycle (towards 0), positive outside.

    Parameters
    ----------
    iterates : array_like
        Iterates :math:`x`, of any shape.
    learning_rate : float
        The step :math:`\\delta`.

    Returns
    -------
    numpy.ndarray
        The gap of each iterate, of the shape of ``iterates``.

    Examples
    --------
    >>> cycle_gap([0.0025, -0.0025, 0.0], 0.1).round(12).tolist()
    [0.0, 0.0, -0.25]
    """
    d2 = float(learning_rate) ** 2
    out: np.ndarray = np.abs(np.asarray(iterates, dtype=float)) / d2 - float(
        two_cycle(1)
    )
    return out


def path_error(
    iterates: np.typing.ArrayLike, learning_rate: float, member: int
) -> np.ndarray:
    """Distance of float64 iterates from the exact path of member ``member`` of S.

    The exact path visits :math:`\\delta^2 u_{n}, \\delta^2 u_{n-1}, \\dots, 0`
    and stays at 0; the distance :math:`|x_t - \\delta^2 u_{n-t}| / \\delta^2`
    is computed in 60-digit arithmetic, with :math:`\\delta` the float64 rate
    taken exactly, so the float64 subtraction adds no error of its own.

    Parameters
    ----------
    iterates : array_like, shape (T,)
        Float64 iterates from the member's start.
    learning_rate : float
        The float64 step size.
    member : int
        Index ``n`` of the member.

    Examples
    --------
    Member 2 at :math:`\\delta = 0.01` is a few parts in :math:`10^{16}` off
    its path until the exact path reaches 0, then far off:

    >>> run = s_float_runs(3, [0.01])
    >>> err = path_error(run.result.iterates[:, 2, 0], 0.01, 2)
    >>> bool(err[:3].max() < 1e-15), bool(err[3] > 1e-9)
    (True, True)
    """
    x = np.asarray(iterates, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"iterates must be one run (1-D), got shape {x.shape}")
    values = s_values(member + 1)[::-1]
    with mpmath.workdps(_PRECISION):
        d2 = mpmath.mpf(float(learning_rate)) ** 2
        return np.array(
            [
                float(
                    abs(mpmath.mpf(float(v)) / d2 - (values[t] if t <= member else 0))
                )
                for t, v in enumerate(x)
            ]
        )


def bracket_index(start: np.typing.ArrayLike, learning_rate: float) -> np.ndarray:
    """The index ``n`` with :math:`\\delta^2 u_{n-1} < |x_0| \\le \\delta^2 u_n`.

    Above :math:`\\delta^2/4` the step map is increasing, so it keeps starts
    in order: a start between members ``n - 1`` and ``n`` stays between the
    members one index lower after every step, and first enters
    :math:`(-\\delta^2, \\delta^2)` after ``n - 1`` steps.

    Parameters
    ----------
    start : array_like
        Starts :math:`x_0`, of any shape.
    learning_rate : float
        The step :math:`\\delta`.

    Returns
    -------
    numpy.ndarray of int
        The index ``n`` of each start, of the shape of ``start`` (0 for a
        start at 0).

    Examples
    --------
    >>> bracket_index([0.005, 0.02, 1.0], 0.1).tolist()
    [1, 2, 18]
    """
    a = np.abs(np.asarray(start, dtype=float)) / float(learning_rate) ** 2
    top = float(np.max(a, initial=0.0))
    k = 2
    while float(s_values(k)[-1]) < top:
        k *= 2
    members = np.array([float(v) for v in s_values(k)])
    return np.asarray(np.searchsorted(members, a, side="left"))


#: The spread of Example 2's Gaussian starts. The report does not state it;
#: the standard normal is assumed.
SPREAD = 1.0


def gaussian_starts(n: int, seed: int = 0, spread: float = SPREAD) -> np.ndarray:
    """``n`` normal starts of standard deviation ``spread``, seeded (Example 2).

    Parameters
    ----------
    n : int
        How many starts.
    seed : int, optional
        The seed of :func:`numpy.random.default_rng`.
    spread : float, optional
        The standard deviation (:data:`SPREAD`); the mean is 0.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The starts.

    Examples
    --------
    >>> gaussian_starts(3).round(4).tolist()
    [0.1257, -0.1321, 0.6404]
    >>> gaussian_starts(3, spread=10.0).round(3).tolist()
    [1.257, -1.321, 6.404]
    """
    return spread * np.random.default_rng(seed).standard_normal(n)


# -- findings ---------------------------------------------------------------------


@dataclass(frozen=True)
class SFindings:
    """Measured numbers for starts taken from :math:`S`.

    Attributes
    ----------
    members : list of sympy.Expr
        The first members, exactly.
    exact_steps : list of int
        Steps the exact descent from member ``n`` takes to reach 0 (``n``).
    learning_rates : tuple of float
        The report's rates.
    checked : int
        Members ``0 .. checked - 1`` were run in float64.
    float_reaches_zero : numpy.ndarray of bool
        Shape ``(checked, len(learning_rates))``.
    first_failure : list of int or None
        Per rate, the first member that float64 does not bring to 0.
    failures : list of int
        Per rate, how many of the checked members fail.
    long_steps : int
        Length of the long runs (Example 3).
    long_zero : list of int
        Per rate, how many checked members are exactly 0 at the end of the
        long run.
    long_cycle : list of int
        Per rate, how many end within ``tolerance`` of the two-cycle.
    tolerance : float
        Tolerance on :func:`cycle_gap` used for ``long_cycle``.
    long_gap : list of float
        Per rate, the largest ``|cycle_gap|`` over the last two iterates of
        the failing members.
    settle_after : list of int
        Per rate, the most steps a failing member takes, after the step at
        which the exact path is at 0, to come within ``tolerance`` of the
        two-cycle for good.
    short_steps : int
        A shorter run length (the report's Example 1).
    short_missed : list of int
        Per rate, how many checked members are not exactly 0 after
        ``short_steps`` steps.
    recovered : list of int
        Per rate, how many of those are exactly 0 at the end of the long run.
    """

    members: list[sp.Expr]
    exact_steps: list[int]
    learning_rates: tuple[float, ...]
    checked: int
    float_reaches_zero: np.ndarray
    first_failure: list[int | None]
    failures: list[int]
    long_steps: int
    long_zero: list[int]
    long_cycle: list[int]
    tolerance: float
    long_gap: list[float]
    settle_after: list[int]
    short_steps: int
    short_missed: list[int]
    recovered: list[int]

    @property
    def fail_after_first(self) -> bool:
        """Whether, at every rate, each member after the first failure fails too."""
        return all(
            first is None or not self.float_reaches_zero[first:, j].any()
            for j, first in enumerate(self.first_failure)
        )


@persistent
def set_s_findings(
    exact_members: int = EXACT_MEMBERS,
    checked: int = 40,
    long_steps: int = 10_000,
    learning_rates: tuple[float, ...] = LEARNING_RATES,
    tolerance: float = CYCLE_TOLERANCE,
    short_steps: int = EXAMPLE1_STEPS,
) -> SFindings:
    """Exact against float64 descent from members of :math:`S` (Examples 1 and 3).

    The result is cached (its arrays are shared: treat them as read-only).

    Parameters
    ----------
    exact_members : int, optional
        How many members the exact (SymPy) descent checks
        (:data:`EXACT_MEMBERS`).
    checked : int, optional
        How many members are run in float64, at every rate.
    long_steps : int, optional
        The length of the long runs (Example 3).
    learning_rates : tuple of float, optional
        The rates (the report's, :data:`LEARNING_RATES`).
    tolerance : float, optional
        The largest ``|cycle_gap|`` (units of :math:`\\delta^2`) that counts
        as on the two-cycle.
    short_steps : int, optional
        The shorter run length (the report's Example 1,
        :data:`EXAMPLE1_STEPS`).

    Returns
    -------
    SFindings
        The exact steps and the float64 measurements.

    Examples
    --------
    >>> f = set_s_findings(exact_members=4, checked=12, long_steps=100)
    >>> f.exact_steps
    [0, 1, 2, 3]
    >>> f.first_failure
    [9, 2, 4]
    """
    members = set_s(exact_members)
    exact_steps = []
    for n, m in enumerate(members):
        path = exact_descent(m, n + 1)
        if path[-1] != 0:  # pragma: no cover - would contradict the algebra
            raise AssertionError(f"member {n} did not reach 0 exactly")
        exact_steps.append(len(path) - 1)
    run = s_float_runs(checked, learning_rates, steps=max(long_steps, short_steps))
    reaches = run.reaches_zero
    final = run.result.iterates[-2:]
    missed = run.result.iterates[min(short_steps, long_steps)] != 0.0
    recovered = missed & (run.result.iterates[-1] == 0.0)
    long_zero, long_cycle, long_gap, settle = [], [], [], []
    for j, rate in enumerate(run.learning_rates):
        near = np.abs(cycle_gap(run.result.iterates[:, :, j], rate)) <= tolerance
        settled = _first_true_from(near)
        failing = ~reaches[:, j]
        members_idx = np.arange(checked)
        settle.append(
            int((settled - members_idx)[failing].max()) if failing.any() else -1
        )
        gap = np.abs(cycle_gap(final[:, :, j], rate))
        long_zero.append(int((final[-1, :, j] == 0.0).sum()))
        long_cycle.append(int((gap.max(axis=0) <= tolerance).sum()))
        long_gap.append(float(gap[:, failing].max()) if failing.any() else math.nan)
    return SFindings(
        members=members,
        exact_steps=exact_steps,
        learning_rates=tuple(float(r) for r in run.learning_rates),
        checked=checked,
        float_reaches_zero=reaches,
        first_failure=run.first_failure,
        failures=[int((~reaches[:, j]).sum()) for j in range(reaches.shape[1])],
        long_steps=long_steps,
        long_zero=long_zero,
        long_cycle=long_cycle,
        tolerance=tolerance,
        long_gap=long_gap,
        settle_after=settle,
        short_steps=short_steps,
        short_missed=[int(v) for v in missed.sum(axis=0)],
        recovered=[int(v) for v in recovered.sum(axis=0)],
    )


@dataclass(frozen=True)
class CycleFindings:
    """Measured numbers for Gaussian starts (Example 2).

    Attributes
    ----------
    learning_rates : tuple of float
        The report's rates.
    starts : numpy.ndarray
        The seeded normal starts.
    seed : int
        Their seed.
    spread : float
        Their standard deviation.
    steps : list of int
        Per rate, the length of the run (enough for every start).
    enter_steps : list of numpy.ndarray
        Per rate, the first step with :math:`|x_t| < \\delta^2`.
    predicted_steps : list of numpy.ndarray
        Per rate, :func:`bracket_index` minus one, the exact prediction.
    cycle_steps : list of numpy.ndarray
        Per rate, the first step from which ``|cycle_gap| <= tolerance``.
    tolerance : float
        As in :class:`SFindings`.
    horizons : tuple of int
        The report's run lengths.
    in_cycle_by : list of list of float
        Per rate and horizon, the fraction of starts within ``tolerance`` of
        the cycle by then.
    final_gap : list of float
        Per rate, the largest ``|cycle_gap|`` at the last step.
    reached_zero : list of int
        Per rate, how many starts ever hit exactly 0.
    """

    learning_rates: tuple[float, ...]
    starts: np.ndarray
    seed: int
    spread: float
    steps: list[int]
    enter_steps: list[np.ndarray]
    predicted_steps: list[np.ndarray]
    cycle_steps: list[np.ndarray]
    tolerance: float
    horizons: tuple[int, ...]
    in_cycle_by: list[list[float]]
    final_gap: list[float]
    reached_zero: list[int]

    @property
    def prediction_matches(self) -> list[float]:
        """Per rate, the fraction of starts whose entry step is the predicted one."""
        return [
            float(np.mean(e == p))
            for e, p in zip(self.enter_steps, self.predicted_steps, strict=True)
        ]

    @property
    def entry_ratio(self) -> list[float]:
        """Per rate, the median of the entry step over :math:`2\\sqrt{|x_0|}/\\delta`.

        Member :math:`n` of :math:`S` is roughly :math:`(n/2)^2` (units of
        :math:`\\delta^2`), so a start :math:`x_0` enters
        :math:`(-\\delta^2, \\delta^2)` after about
        :math:`2\\sqrt{|x_0|}/\\delta` steps; a ratio near 1 confirms it.
        """
        estimate = 2 * np.sqrt(np.abs(self.starts))
        return [
            float(np.median(e / (estimate / rate)))
            for e, rate in zip(self.enter_steps, self.learning_rates, strict=True)
        ]

    def settled_share(self, learning_rate: float, horizon: int) -> float:
        """The share of starts at ``learning_rate`` settled on the cycle by ``horizon``.

        Parameters
        ----------
        learning_rate : float
            One of ``learning_rates``.
        horizon : int
            One of ``horizons``, in steps.

        Returns
        -------
        float
            The fraction of the starts that are within ``tolerance`` of the
            two-cycle by step ``horizon`` and stay within it to the end of
            the run (``in_cycle_by``).

        Raises
        ------
        ValueError
            For a rate or horizon that was not run.

        Examples
        --------
        >>> f = two_cycle_findings(n=50)
        >>> f.settled_share(0.01, 150), f.settled_share(0.01, 250)
        (0.46, 0.94)
        """
        if learning_rate not in self.learning_rates or horizon not in self.horizons:
            raise ValueError(
                f"no run at rate {learning_rate!r} with horizon {horizon!r}; rates "
                f"{self.learning_rates}, horizons {self.horizons}"
            )
        j = self.learning_rates.index(learning_rate)
        return self.in_cycle_by[j][self.horizons.index(horizon)]


def _first_true_from(mask: np.ndarray) -> np.ndarray:
    """First index from which ``mask`` (time first) stays true; -1 if never."""
    n = mask.shape[0]
    bad = ~mask
    last_bad = np.where(bad.any(axis=0), n - 1 - np.argmax(bad[::-1], axis=0), -1)
    return np.where(last_bad + 1 < n, last_bad + 1, -1)


@persistent
def two_cycle_findings(
    n: int = 500,
    seed: int = 0,
    learning_rates: tuple[float, ...] = LEARNING_RATES,
    horizons: tuple[int, ...] = EXAMPLE2_STEPS,
    tolerance: float = CYCLE_TOLERANCE,
    margin: int = 50,
    spread: float = SPREAD,
) -> CycleFindings:
    """Descent from seeded Gaussian starts, measured against the two-cycle.

    The starts have standard deviation ``spread`` (:data:`SPREAD`: the report
    does not state its own).

    Each rate runs for as many steps as its farthest start needs by
    :func:`bracket_index`, plus ``margin``. The result is cached (its arrays
    are shared: treat them as read-only).

    Parameters
    ----------
    n : int, optional
        How many starts.
    seed : int, optional
        Their seed (:func:`gaussian_starts`).
    learning_rates : tuple of float, optional
        The rates (the report's, :data:`LEARNING_RATES`).
    horizons : tuple of int, optional
        The run lengths at which the share settled on the cycle is read (the
        report's Example 2, :data:`EXAMPLE2_STEPS`).
    tolerance : float, optional
        The largest ``|cycle_gap|`` (units of :math:`\\delta^2`) that counts
        as on the two-cycle.
    margin : int, optional
        Steps run beyond the largest :func:`bracket_index` of the starts;
        every run takes at least ``max(horizons) + 1`` steps.
    spread : float, optional
        The starts' standard deviation (:data:`SPREAD`).

    Returns
    -------
    CycleFindings
        The measurements, per rate in the order of ``learning_rates``.

    Examples
    --------
    >>> f = two_cycle_findings(n=50)
    >>> f.prediction_matches
    [1.0, 1.0, 1.0]
    >>> f.reached_zero
    [0, 0, 0]
    """
    starts = gaussian_starts(n, seed, spread)
    steps, enter, predicted, cycle, by, final, zero = [], [], [], [], [], [], []
    for rate in learning_rates:
        idx = bracket_index(starts, rate)
        total = max(int(idx.max()) + margin, max(horizons) + 1)
        run = gradient_descent(abs_three_halves, starts, rate, steps=total)
        it = run.iterates
        gap = np.abs(cycle_gap(it, rate))
        inside = np.abs(it) < rate**2
        enter.append(np.where(inside.any(axis=0), inside.argmax(axis=0), -1))
        predicted.append(idx - 1)
        settled = _first_true_from(gap <= tolerance)
        cycle.append(settled)
        by.append([float(np.mean((settled >= 0) & (settled <= h))) for h in horizons])
        final.append(float(gap[-1].max()))
        zero.append(int((it == 0.0).any(axis=0).sum()))
        steps.append(total)
    return CycleFindings(
        learning_rates=tuple(float(r) for r in learning_rates),
        starts=starts,
        seed=seed,
        spread=float(spread),
        steps=steps,
        enter_steps=enter,
        predicted_steps=predicted,
        cycle_steps=cycle,
        tolerance=tolerance,
        horizons=tuple(horizons),
        in_cycle_by=by,
        final_gap=final,
        reached_zero=zero,
    )
