"""Problem 3a: gradient descent on the plateau function, reproduced and checked.

The assignment sets the function, :data:`dlhw.objectives.plateau`, and the
start :math:`x_0 = -3` (the published report states neither; it runs
gradient descent from there). The function is piecewise, with a long,
almost flat stretch, a flat inflection at :math:`x = 31/10` and its minimum
at :math:`x = 6`. This module holds the experiments the report page and the
gallery draw on, and the exact thresholds that explain them:

- :func:`rate_sweep`: the report's learning rates, for 100 steps or many more;
- :func:`rate_scan`: a fine scan of fixed rates between 0.15 and 0.3, each
  run's :func:`classify`-ed outcome;
- :func:`decay_runs`: the decaying schedule from 0.245, under the readings of
  "decay each time it gets close to the minimum" that we tried;
- :func:`thresholds`: the exact rates where the behaviour changes;
- :func:`back_across_jump`: the smallest scanned rate whose bouncing steps
  back across the jump at :math:`x = 3`;
- :func:`periods_ending_at`: the clocks on which the decaying schedule ends
  at a given rate;
- :func:`findings_3a`: the runs the report's claims are judged on, from one
  start, horizon and reading of the report (:class:`Findings3a`).

The report's own numbers (its rates, its schedule) come from
:data:`dlhw.published.REPORTED_3A`; its claims are judged in
:mod:`dlhw.report.claims3a`.

The runs are deterministic, and each function caches its result, so a page
that asks twice computes once. The arrays inside the cached results are
shared: treat them as read-only.

Examples
--------
>>> t = thresholds()
>>> t.pass_inflection, t.stability
(61/270, 200/1083)
>>> sweep = rate_sweep(100)
>>> dict(zip(sweep.rates.tolist(), sweep.outcome.tolist()))[0.1]
'stalled'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from dlhw.cache import persistent
from dlhw.derivations import (
    breakpoints,
    global_minimum,
    gradient_step,
    one_step_learning_rate,
    pieces,
    stability_bound,
    stationary_points,
)
from dlhw.descent import (
    DecayOnCrossing,
    DecayOnIncrease,
    DescentResult,
    ExponentialDecay,
    Schedule,
    gradient_descent,
)
from dlhw.objectives import plateau
from dlhw.published import REPORTED_3A, DecaySchedule, Reported3a

__all__ = [
    "CLOCK_PERIODS",
    "CONVERGED_ATOL",
    "DECAY",
    "LONG_STEPS",
    "OUTCOMES",
    "RATES",
    "SCAN_RATES",
    "SHORT_STEPS",
    "VERY_LONG_STEPS",
    "X0",
    "DecayRun",
    "Findings3a",
    "RateScan",
    "RateSweep",
    "Thresholds",
    "back_across_jump",
    "classify",
    "clock_decay_final_rates",
    "decay_runs",
    "decay_schedules",
    "findings_3a",
    "inflection",
    "minimizer",
    "periods_ending_at",
    "rate_scan",
    "rate_sweep",
    "region",
    "stall_gap",
    "thresholds",
]


#: The start the assignment sets (the report does not state it).
X0 = -3.0
#: The report's learning rates (the assignment's five plus 1e-5 and 1e-4).
RATES = REPORTED_3A.rates
#: The 100 steps of the report's "T >> 100".
SHORT_STEPS = REPORTED_3A.few_steps
#: The horizon of the long runs, far beyond the report's 100 steps.
LONG_STEPS = 100_000
#: A horizon ten times longer still, by which the smallest of the report's
#: rates has crossed the steep first piece.
VERY_LONG_STEPS = 1_000_000
#: The fine scan of fixed rates: 1501 rates, 1e-4 apart, from 0.15 to 0.3.
SCAN_RATES = np.round(np.linspace(0.15, 0.3, 1501), 6)
#: The report's decaying schedule: start, factor, tolerance, step limit.
DECAY = REPORTED_3A.decay
#: Distance to the minimizer within which a decaying run counts as converged.
CONVERGED_ATOL = 1e-5
#: Clock periods tried for the decaying schedule cut every so many steps.
CLOCK_PERIODS = (10, 25, 50, 100, 200, 250)

#: Outcomes of a run, from :func:`classify`.
OUTCOMES = ("stalled", "thrown back", "oscillating", "converged", "diverged")

_X = plateau.symbols[0]


def inflection() -> sp.Expr:
    """The flat inflection inside the plateau, exactly.

    Examples
    --------
    >>> inflection()
    31/10
    """
    (point,) = (p.x for p in stationary_points(plateau) if p.kind == "inflection")
    return point


def minimizer() -> sp.Expr:
    """The global minimizer, exactly.

    Examples
    --------
    >>> minimizer()
    6
    """
    (point,) = global_minimum(plateau).x
    return point


@dataclass(frozen=True)
class Thresholds:
    """Exact learning rates at which a run from :math:`x_0 = -3` changes.

    Attributes
    ----------
    first_step : sympy.Expr
        The first iterate :math:`x_1` as a function of the rate
        :math:`\\eta` (a Symbol, also stored as ``eta``).
    eta : sympy.Symbol
        The rate symbol used in ``first_step``.
    reach_plateau : sympy.Expr
        Smallest rate whose first step leaves the first piece
        (:math:`x_1 \\ge -1/10`).
    reach_third_piece : sympy.Expr
        Smallest rate whose first step lands at :math:`x_1 \\ge 3`.
    pass_inflection : sympy.Expr
        Smallest rate whose first step lands beyond the inflection.
    escape : sympy.Expr
        Below this rate no step taken from :math:`[-1/10, 31/10)` gets past
        the inflection: an iterate there is trapped for good.
    stability : sympy.Expr
        :math:`2/f''(6)`: above it the minimum repels.
    overshoot : sympy.Expr
        :math:`1/f''(6)`: above it each step near the minimum jumps over it.
    gap : sympy.Symbol
        :math:`d`, the distance :math:`31/10 - x` left to the inflection.
    gap_step : sympy.Expr
        The distance after one step from the third piece, in ``gap`` and
        ``eta``: :math:`d - 3\\eta d^2`.
    throw_back : sympy.Expr
        Above it the bouncing about the minimum can throw the iterate back
        past the inflection onto the plateau; below it (and above
        ``stability``) the bouncing is confined to the basin forever.
    back_across_jump : sympy.Expr
        Above it the bouncing can step back across the jump at :math:`x = 3`
        (the lower end of :meth:`bounce_interval` is left of 3); below it no
        run that got past the inflection comes back left of 3.
    """

    eta: sp.Symbol
    first_step: sp.Expr
    reach_plateau: sp.Expr
    reach_third_piece: sp.Expr
    pass_inflection: sp.Expr
    escape: sp.Expr
    stability: sp.Expr
    overshoot: sp.Expr
    gap: sp.Symbol
    gap_step: sp.Expr
    throw_back: sp.Expr
    back_across_jump: sp.Expr

    def bounce_interval(self, rate: sp.Expr | float) -> tuple[sp.Expr, sp.Expr]:
        """The interval that the bouncing about the minimum never leaves.

        For a rate above ``stability`` write :math:`k = \\eta f''(6)`.
        Every step from :math:`[31/10, 5 + k]` lands at most at :math:`5 + k`
        (the image of :math:`x = 5`); a step from the right of the minimum
        lands at least at :math:`6 - (k - 1)^2` (the image of :math:`5 + k`),
        and a step from its left moves right. So once inside
        :math:`[6 - (k - 1)^2, 5 + k]` an iterate stays there, and when that
        lower end is at or past :math:`31/10` a run past the inflection never
        comes back.

        Parameters
        ----------
        rate : sympy.Expr or float
            The fixed learning rate :math:`\\eta`, above ``stability``
            (converted with :func:`sympy.sympify`: a float gives float ends,
            a rational exact ones).

        Returns
        -------
        tuple of sympy.Expr
            The lower end :math:`6 - (k - 1)^2` (the image of :math:`5 + k`)
            and the upper end :math:`5 + k` (the image of :math:`x = 5`).

        Examples
        --------
        At 0.24 the interval stays past the inflection; at 0.25, above
        ``throw_back``, its lower end is left of :math:`31/10`:

        >>> import sympy as sp
        >>> [float(v) for v in thresholds().bounce_interval(sp.Rational(6, 25))]
        [3.44255936, 7.5992]
        >>> [float(v) for v in thresholds().bounce_interval(sp.Rational(1, 4))]
        [3.08444375, 7.7075]
        """
        rate = sp.sympify(rate)
        top = gradient_step(plateau, 5, rate)
        return gradient_step(plateau, top, rate), top


@persistent
def thresholds(x0: float = X0) -> Thresholds:
    """Derive the thresholds exactly from the plateau function (SymPy).

    Parameters
    ----------
    x0 : float, optional
        The start the first-step thresholds refer to (the assignment's
        :math:`x_0 = -3`, :data:`X0`), made exact with
        :func:`sympy.nsimplify`.

    Returns
    -------
    Thresholds
        The exact rates, as SymPy expressions in the rate symbol ``eta``.

    Examples
    --------
    >>> t = thresholds()
    >>> t.first_step
    27*eta - 3
    >>> t.reach_plateau, t.reach_third_piece, t.pass_inflection
    (29/270, 2/9, 61/270)
    >>> t.escape, t.stability, t.overshoot
    (10/3, 200/1083, 100/1083)
    >>> t.gap_step
    -3*d**2*eta + d
    >>> t.throw_back, float(t.throw_back)
    (100/1083 + 10*sqrt(290)/1083, 0.24957...)
    >>> t.back_across_jump, float(t.back_across_jump)
    (100/1083 + 100*sqrt(3)/1083, 0.25226...)
    """
    eta = sp.Symbol("eta", positive=True)
    start = sp.nsimplify(x0)
    cuts = [b.x for b in breakpoints(plateau)]
    top_of_plateau = inflection()

    def first_to(target: sp.Expr) -> sp.Expr:
        return one_step_learning_rate(plateau, start, target)

    # Smallest rate with which one step from the plateau [-1/10, 31/10) gets
    # past the inflection, taken piece by piece over that stretch.
    stretch = sp.Interval.Ropen(cuts[0], top_of_plateau)
    escape = sp.oo
    for piece, holds in pieces(plateau):
        where = sp.Intersection(stretch, holds)
        if where.is_empty:
            continue
        needed = (_X - top_of_plateau) / sp.diff(piece, _X)
        escape = sp.Min(escape, sp.minimum(needed, _X, where))

    # The bouncing: the highest point reachable is the image of x = 5, and
    # the bouncing leaves the basin once that point's image is left of 31/10
    # (and crosses the jump once it is left of x = 3).
    top = gradient_step(plateau, 5, eta)
    quadratic = pieces(plateau)[-1][0]
    after_top = top - eta * sp.diff(quadratic, _X).subs(_X, top)

    def bottom_at(point: sp.Expr) -> sp.Expr:
        (rate,) = sp.solveset(sp.Eq(after_top, point), eta, sp.Interval.open(0, sp.oo))
        return rate

    # One step from the third piece, as a distance left to the inflection.
    gap = sp.Symbol("d", positive=True)
    third = pieces(plateau)[2][0]
    before = top_of_plateau - gap
    after = before - eta * sp.diff(third, _X).subs(_X, before)
    gap_step = sp.expand(top_of_plateau - after)

    stable = stability_bound(plateau, minimizer())
    return Thresholds(
        eta=eta,
        first_step=gradient_step(plateau, start, eta),
        reach_plateau=first_to(cuts[0]),
        reach_third_piece=first_to(cuts[1]),
        pass_inflection=first_to(top_of_plateau),
        escape=sp.nsimplify(escape),
        stability=stable,
        overshoot=stable / 2,
        gap=gap,
        gap_step=gap_step,
        throw_back=bottom_at(top_of_plateau),
        back_across_jump=bottom_at(cuts[1]),
    )


def stall_gap(rate: float, steps: int) -> float:
    """How far short of the inflection a stalled run is: about :math:`1/(3\\eta t)`.

    On the third piece, with :math:`d = 31/10 - x`, a step maps :math:`d` to
    :math:`d(1 - 3\\eta d)` (``Thresholds.gap_step``), so :math:`1/d` grows
    by :math:`3\\eta / (1 - 3\\eta d) \\ge 3\\eta` per step: :math:`t` steps
    after entering the piece :math:`d < 1/(3\\eta t)`, and as :math:`d \\to 0`
    the growth tends to :math:`3\\eta`, so :math:`1/(3\\eta t)` is also the
    size of the gap for large :math:`t`, whenever the run entered the piece.

    Parameters
    ----------
    rate : float
        The fixed learning rate :math:`\\eta`, positive.
    steps : int
        The number of steps :math:`t` taken on the third piece, positive.

    Returns
    -------
    float
        :math:`1/(3\\eta t)`, a distance along :math:`x`.

    Examples
    --------
    >>> run = gradient_descent(plateau, 3.0, 0.1, steps=10_000)
    >>> gap = float(inflection()) - float(run.final)
    >>> round(gap, 6), round(stall_gap(0.1, 10_000), 6)
    (0.000332, 0.000333)
    """
    return 1.0 / (3.0 * rate * steps)


def region(x: np.typing.ArrayLike) -> np.ndarray:
    """Name the stretch of the plateau function where each ``x`` lies.

    Parameters
    ----------
    x : array_like
        Points of the real line, of any shape.

    Returns
    -------
    numpy.ndarray of str
        Of the shape of ``x``: ``"first piece"`` (left of :math:`-1/10`),
        ``"plateau"`` (up to the jump at :math:`x = 3`), ``"below
        inflection"`` (up to :math:`31/10`) or ``"basin"`` (from there on);
        ``"diverged"`` where ``x`` is ``nan``.

    Examples
    --------
    >>> region([-2.0, 1.0, 3.05, 6.0]).tolist()
    ['first piece', 'plateau', 'below inflection', 'basin']
    """
    x = np.asarray(x, dtype=float)
    cut_lo, cut_mid = (float(b.x) for b in breakpoints(plateau)[:2])
    return np.select(
        [x < cut_lo, x < cut_mid, x < float(inflection()), x >= float(inflection())],
        ["first piece", "plateau", "below inflection", "basin"],
        default="diverged",
    )


def classify(run: DescentResult, atol: float = 1e-6) -> np.ndarray:
    """Outcome of each configuration of a run on the plateau function.

    The rules, in order:

    ``diverged``
        the run overflowed;
    ``converged``
        the last iterate is within ``atol`` of the minimizer :math:`x = 6`;
    ``oscillating``
        the last iterate is at or past the inflection :math:`31/10` but not
        at the minimum: the run is still moving about it;
    ``thrown back``
        the run got past the inflection at some step but the last iterate is
        left of it again;
    ``stalled``
        the run never got past the inflection.

    Left of the inflection nothing brings a run back (see
    ``Thresholds.escape``), so both ``stalled`` and ``thrown back`` are
    final for every rate below 10/3; ``stalled`` includes runs so short or
    slow that they are still on the first piece (see :func:`region`). Whether
    ``oscillating`` is final depends on the rate: above
    ``Thresholds.stability`` the minimum repels and it is.

    Parameters
    ----------
    run : DescentResult
        A run of :func:`dlhw.descent.gradient_descent` on the plateau.
    atol : float
        Distance to the minimizer that counts as converged.

    Returns
    -------
    numpy.ndarray of str
        One of :data:`OUTCOMES` per configuration.

    Raises
    ------
    ValueError
        If ``run`` is not on :data:`dlhw.objectives.plateau`, or ``atol`` is
        negative.

    Examples
    --------
    From :math:`x_0 = -3`, and from :math:`x_0 = 7` for the stable rate 0.15:

    >>> run = gradient_descent(plateau, [-3.0, -3.0, -3.0, 7.0, -3.0],
    ...                        [0.1, 0.23, 0.3, 0.15, 1.0], steps=1000)
    >>> classify(run).tolist()
    ['stalled', 'oscillating', 'thrown back', 'converged', 'diverged']
    """
    if run.objective is not plateau:
        raise ValueError("classify() reads runs on the plateau function only")
    if not atol >= 0:
        raise ValueError(f"atol must be non-negative, got {atol!r}")
    last = run.final
    top = float(inflection())
    passed = run.x_max > top
    with np.errstate(invalid="ignore"):
        return np.select(
            [
                run.diverged,
                np.abs(last - float(minimizer())) <= atol,
                last >= top,
                passed,
            ],
            ["diverged", "converged", "oscillating", "thrown back"],
            default="stalled",
        )


@dataclass(frozen=True)
class RateSweep:
    """The report's learning rates from :math:`x_0 = -3`, one run each.

    Attributes
    ----------
    rates : numpy.ndarray
        The learning rates.
    steps : int
        Step limit.
    run : DescentResult
        The vectorized run (one configuration per rate).
    outcome : numpy.ndarray of str
        :func:`classify` of each run.
    """

    rates: np.ndarray
    steps: int
    run: DescentResult
    outcome: np.ndarray

    @property
    def final(self) -> np.ndarray:
        """Last iterate per rate (``nan`` where diverged)."""
        return self.run.final

    @property
    def final_value(self) -> np.ndarray:
        """:math:`f` at the last iterate per rate."""
        with np.errstate(all="ignore"):
            return plateau.f(self.final)

    @property
    def to_inflection(self) -> np.ndarray:
        """Distance :math:`31/10 - x_T` left to the inflection per rate."""
        return float(inflection()) - self.final

    @property
    def passed(self) -> np.ndarray:
        """Whether each run ever got past the inflection :math:`31/10`."""
        return ~self.run.diverged & (self.run.x_max > float(inflection()))

    @property
    def diverged_step(self) -> np.ndarray:
        """Step at which each run overflowed (``inf`` where it did not)."""
        at = self.run.diverged_at.astype(float)
        return np.where(self.run.diverged, at, np.inf)


@persistent
def rate_sweep(
    steps: int = SHORT_STEPS,
    record_every: int | None = 1,
    rates: tuple[float, ...] = RATES,
    x0: float = X0,
) -> RateSweep:
    """Run every rate of ``rates`` (:data:`RATES`) from ``x0`` for ``steps`` steps.

    Parameters
    ----------
    steps : int, optional
        The step limit of every run (the report's 100, :data:`SHORT_STEPS`).
    record_every : int or None, optional
        Keep every ``record_every``-th iterate of the history; ``None`` keeps
        only the start and the end (see
        :func:`~dlhw.descent.gradient_descent`).
    rates : tuple of float, optional
        The fixed learning rates, one run each.
    x0 : float, optional
        The start of every run (:data:`X0`).

    Returns
    -------
    RateSweep
        The runs, vectorized, in the order of ``rates``, with each run's
        :func:`classify`-ed outcome.

    Examples
    --------
    >>> sweep = rate_sweep(100)
    >>> sweep.outcome.tolist()
    ['stalled', 'stalled', 'stalled', 'stalled', 'stalled', 'diverged', 'diverged']
    >>> sweep.run.diverged_at.tolist()[-2:]
    [11, 9]
    """
    chosen = np.array(rates)
    run = gradient_descent(plateau, x0, chosen, steps, record_every=record_every)
    return RateSweep(chosen, steps, run, classify(run))


@dataclass(frozen=True)
class RateScan(RateSweep):
    """A fine scan of fixed learning rates from :math:`x_0 = -3`.

    The same record as :class:`RateSweep`, with the rates increasing, and
    readings of where the outcome changes.
    """

    def counts(self) -> dict[str, int]:
        """How many scanned rates ended in each outcome (all outcomes listed)."""
        return {o: int(np.sum(self.outcome == o)) for o in OUTCOMES}

    def bands(self) -> list[tuple[float, float, str]]:
        """Maximal runs of consecutive rates with one outcome.

        Returns
        -------
        list of (lowest rate, highest rate, outcome)
            In increasing order of rate; a change of outcome between two
            neighbouring rates is a boundary.
        """
        change = np.flatnonzero(self.outcome[1:] != self.outcome[:-1]) + 1
        starts = np.concatenate([[0], change])
        ends = np.concatenate([change - 1, [self.rates.size - 1]])
        return [
            (float(self.rates[a]), float(self.rates[b]), str(self.outcome[a]))
            for a, b in zip(starts, ends, strict=True)
        ]

    def first(self, outcome: str) -> float:
        """The smallest scanned rate with ``outcome`` (``nan`` if none).

        Parameters
        ----------
        outcome : str
            One of :data:`OUTCOMES`.

        Returns
        -------
        float
            The first of the increasing ``rates`` whose run ended in
            ``outcome``; ``nan`` when none did.

        Examples
        --------
        >>> rates = np.array([0.1, 0.23, 0.3])
        >>> run = gradient_descent(plateau, X0, rates, steps=1000)
        >>> scan = RateScan(rates, 1000, run, classify(run))
        >>> scan.first("oscillating"), scan.first("converged")
        (0.23, nan)
        """
        hit = self.rates[self.outcome == outcome]
        return float(hit[0]) if hit.size else float("nan")


@persistent
def rate_scan(
    steps: int = DECAY.steps, record_every: int | None = None, x0: float = X0
) -> RateScan:
    """Run every rate of :data:`SCAN_RATES` from ``x0`` (:data:`X0`), in one call.

    Parameters
    ----------
    steps : int, optional
        The step limit of every run (that of the report's decaying
        schedule, ``DECAY.steps``: 1000).
    record_every : int or None, optional
        Keep every ``record_every``-th iterate of the history; ``None`` (the
        default) keeps only the start and the end.
    x0 : float, optional
        The start of every run.

    Returns
    -------
    RateScan
        The 1501 runs with their :func:`classify`-ed outcomes.

    Examples
    --------
    >>> scan = rate_scan(1000)
    >>> scan.bands()[0]
    (0.15, 0.2259, 'stalled')
    >>> scan.first("oscillating")
    0.226
    """
    run = gradient_descent(plateau, x0, SCAN_RATES, steps, record_every=record_every)
    return RateScan(SCAN_RATES, steps, run, classify(run))


@dataclass(frozen=True)
class DecayRun:
    """One reading of the report's decaying schedule, run from 0.245.

    Attributes
    ----------
    name : str
        Short label.
    rule : str
        When the rate is cut, in words.
    described : bool
        Whether the report's text describes this rule (a cut when the
        iterate gets close to or oscillates about the minimum).
    run : DescentResult
        The run, with its whole history.
    """

    name: str
    rule: str
    described: bool
    run: DescentResult

    @property
    def steps_taken(self) -> int:
        """Steps until the tolerance stopped the run, or the step limit."""
        stop = int(self.run.stopped_at)
        return stop if stop >= 0 else self.run.recorded_steps[-1].item()

    @property
    def final_x(self) -> float:
        """The last iterate."""
        return float(self.run.final)

    @property
    def final_rate(self) -> float:
        """The rate of the last step taken."""
        return float(self.run.last_rate)

    @property
    def cuts(self) -> int:
        """How many times the rate was cut before the last step."""
        used = self.run.learning_rates[: self.steps_taken]
        return int(np.sum(used[1:] < used[:-1]))

    @property
    def converged(self) -> bool:
        """Whether the tolerance stopped the run near the minimizer.

        Near: within :data:`CONVERGED_ATOL`.
        """
        return bool(self.run.stopped) and self.distance <= CONVERGED_ATOL

    @property
    def distance(self) -> float:
        """Distance of the last iterate from the minimizer."""
        return abs(self.final_x - float(minimizer()))


def _decay(
    schedule: Schedule, decay: DecaySchedule = DECAY, x0: float = X0
) -> DescentResult:
    return gradient_descent(
        plateau,
        x0,
        decay.start,
        decay.steps,
        tol=decay.tol,
        schedule=schedule,
    )


@persistent
def decay_runs(decay: DecaySchedule = DECAY, x0: float = X0) -> tuple[DecayRun, ...]:
    """The decaying schedule from 0.245 under three readings of its rule.

    The readings are the ones tried here, not every possible one.

    The report cuts the rate by 10% "each time it gets close to the
    minimum", with a tolerance of 1e-6 and at most 1000 steps. The rule is
    not spelled out; we run:

    ``crossing``
        cut whenever a step jumps over the minimizer :math:`x = 6`
        (:class:`~dlhw.descent.DecayOnCrossing`);
    ``overshoot``
        cut whenever a step raises :math:`f`
        (:class:`~dlhw.descent.DecayOnIncrease`);
    ``clock``
        cut every 100 steps wherever the iterate is
        (:class:`~dlhw.descent.ExponentialDecay`), which the report does not
        describe but which ends at the rate it reports.

    Parameters
    ----------
    decay : dlhw.published.DecaySchedule, optional
        The schedule's start rate, cut factor, stopping tolerance and step
        limit (the report's, :data:`DECAY`).
    x0 : float, optional
        The start of the runs (:data:`X0`).

    Returns
    -------
    tuple of DecayRun
        The ``crossing``, ``overshoot`` and ``clock`` readings, in this
        order.

    Examples
    --------
    >>> [(d.name, d.converged, d.cuts) for d in decay_runs()]
    [('crossing', True, 10), ('overshoot', True, 3), ('clock', True, 4)]
    """
    return tuple(
        DecayRun(name, rule, described, _decay(schedule, decay, x0))
        for name, (rule, described, schedule) in decay_schedules(decay).items()
    )


def decay_schedules(
    decay: DecaySchedule = DECAY,
) -> dict[str, tuple[str, bool, Schedule]]:
    """The readings of the decaying schedule that :func:`decay_runs` runs.

    Each by its name: when the rate is cut, in words; whether the report's
    text describes that rule; the schedule, with the factor of ``decay``.

    Parameters
    ----------
    decay : dlhw.published.DecaySchedule, optional
        The report's decaying schedule (:data:`DECAY`); its factor is used.

    Returns
    -------
    dict
        ``{name: (words, described, schedule)}`` for ``"crossing"``,
        ``"overshoot"`` and ``"clock"``.

    Examples
    --------
    >>> {name: words for name, (words, _, _) in decay_schedules().items()}["clock"]
    'cut by 10% every 100 steps, wherever the iterate is'
    """
    factor = decay.factor
    cut = f"cut by {round(100 * (1 - factor))}%"
    return {
        "crossing": (
            f"{cut} each time a step jumps over x = {minimizer()}",
            True,
            DecayOnCrossing(float(minimizer()), factor),
        ),
        "overshoot": (
            f"{cut} each time a step raises f",
            True,
            DecayOnIncrease(plateau, factor),
        ),
        "clock": (
            f"{cut} every 100 steps, wherever the iterate is",
            False,
            ExponentialDecay(factor, every=100),
        ),
    }


def clock_decay_final_rates(periods: tuple[int, ...]) -> dict[int, float]:
    """Final rate of the decaying schedule cut every ``period`` steps.

    The report's schedule (:data:`DECAY`) from :data:`X0`, its rate cut
    every ``period`` steps wherever the iterate is
    (:class:`~dlhw.descent.ExponentialDecay`).

    Parameters
    ----------
    periods : tuple of int
        The clock periods, in steps between cuts, each positive.

    Returns
    -------
    dict of int to float
        The rate of the last step taken, by period.

    Examples
    --------
    >>> {p: round(r, 4) for p, r in clock_decay_final_rates((10, 100)).items()}
    {10: 0.1302, 100: 0.1607}
    """
    return {
        p: float(_decay(ExponentialDecay(DECAY.factor, every=p)).last_rate)
        for p in periods
    }


def periods_ending_at(
    rate: float, periods: tuple[int, ...] = CLOCK_PERIODS
) -> tuple[int, ...]:
    """The clock periods whose decaying schedule ends at ``rate``.

    A schedule cut every ``period`` steps (:func:`clock_decay_final_rates`)
    ends at ``start * factor**cuts``; the periods listed here make exactly
    as many cuts as the one that ended at ``rate`` (equal to rounding).

    Parameters
    ----------
    rate : float
        A final rate of the decaying schedule.
    periods : tuple of int, optional
        The clock periods tried (:data:`CLOCK_PERIODS`).

    Returns
    -------
    tuple of int
        The periods of ``periods`` whose schedule ends at ``rate`` (relative
        tolerance :math:`10^{-12}`), in the order of ``periods``.

    Examples
    --------
    >>> clock = {d.name: d for d in decay_runs()}["clock"]
    >>> periods_ending_at(clock.final_rate)
    (50, 100, 200)
    """
    return tuple(
        p
        for p, r in clock_decay_final_rates(periods).items()
        if math.isclose(r, rate, rel_tol=1e-12)
    )


@persistent
def back_across_jump(steps: int = DECAY.steps) -> float:
    """The smallest scanned rate whose run steps back across :math:`x = 3`.

    Each rate of :data:`SCAN_RATES` whose first step passes the inflection
    runs on from there for ``steps`` steps; a run steps back across the jump
    when an iterate lands left of :math:`x = 3`. ``Thresholds.back_across_jump``
    bounds it from below: the bouncing cannot reach 3 below that rate.

    Parameters
    ----------
    steps : int, optional
        The steps each run takes after its first (``DECAY.steps``, 1000).

    Returns
    -------
    float
        The smallest such rate of :data:`SCAN_RATES`; ``nan`` if no run
        steps back across.

    Examples
    --------
    >>> rate = back_across_jump()
    >>> rate, rate > float(thresholds().back_across_jump)
    (0.2529, True)
    """
    t = thresholds()
    rates = SCAN_RATES[float(t.pass_inflection) < SCAN_RATES]
    first = sp.lambdify(t.eta, t.first_step, "numpy")(rates)
    run = gradient_descent(plateau, first, rates, steps, record_every=None)
    back = rates[run.x_min < float(breakpoints(plateau)[1].x)]
    return float(back[0]) if back.size else math.nan


@dataclass(frozen=True)
class Findings3a:
    """The runs the report's claims about Problem 3a are judged on.

    One record for the claims (:mod:`dlhw.report.claims3a`) and the page
    (:mod:`dlhw.report.facts3a`): each run is made once, and what is read
    from it (which of the report's rates end where) is read here.

    Attributes
    ----------
    reported : Reported3a
        The report's rates, step budget and decaying schedule.
    steps : int
        The horizon of the long runs.
    x0 : float
        The start.
    thresholds : Thresholds
        The exact rates from ``x0`` (:func:`thresholds`).
    short : RateSweep
        The report's rates for its ``few_steps`` steps.
    long : RateSweep
        The report's rates for ``steps`` steps.
    scan : RateScan
        The fine scan of fixed rates for ``steps`` steps.
    decay : tuple of DecayRun
        The report's schedule under the readings tried (:func:`decay_runs`).
    """

    reported: Reported3a
    steps: int
    x0: float
    thresholds: Thresholds
    short: RateSweep
    long: RateSweep
    scan: RateScan
    decay: tuple[DecayRun, ...]

    @property
    def gradual(self) -> np.ndarray:
        """Which of the long runs' rates the report says descend gradually."""
        return np.isin(self.long.rates, self.reported.gradual_rates)

    @property
    def diverging(self) -> np.ndarray:
        """Which of the short runs' rates the report says diverge."""
        return np.isin(self.short.rates, self.reported.diverging_rates)

    @property
    def gradual_ends(self) -> tuple[tuple[float, float, str], ...]:
        """Each gradual rate's long run: (rate, last iterate, its :func:`region`)."""
        final = self.long.final[self.gradual]
        return tuple(
            (float(r), float(x), str(w))
            for r, x, w in zip(
                self.long.rates[self.gradual], final, region(final), strict=True
            )
        )

    @property
    def still_first(self) -> tuple[tuple[float, float], ...]:
        """The gradual rates whose long run is still on the first piece: (rate, x)."""
        return tuple((r, x) for r, x, w in self.gradual_ends if w == "first piece")


@cache
def findings_3a(
    steps: int = LONG_STEPS, x0: float = X0, reported: Reported3a = REPORTED_3A
) -> Findings3a:
    """The runs the claims about Problem 3a read, each made once (cached).

    Parameters
    ----------
    steps : int, optional
        The horizon of the long runs and the scan (:data:`LONG_STEPS`).
    x0 : float, optional
        The start (the assignment's :math:`-3`).
    reported : Reported3a, optional
        The report's numbers (:data:`~dlhw.published.REPORTED_3A`).

    Examples
    --------
    After 1000 steps the three smallest rates are still on the first piece:

    >>> f = findings_3a(1000)
    >>> [(r, round(x, 2)) for r, x in f.still_first]
    [(1e-05, -2.75), (0.0001, -1.58), (0.001, -0.3)]
    >>> f.scan.counts()["oscillating"], int(f.diverging.sum())
    (244, 2)
    """
    return Findings3a(
        reported=reported,
        steps=steps,
        x0=x0,
        thresholds=thresholds(x0),
        short=rate_sweep(reported.few_steps, 1, reported.rates, x0),
        long=rate_sweep(steps, 1, reported.rates, x0),
        scan=rate_scan(steps, None, x0),
        decay=decay_runs(reported.decay, x0),
    )
