"""Explorable figures for Problem 3: the engine's runs, precomputed, drawn by Bokeh.

Each figure lets the reader pick a setting (a learning rate, a start, a decay
rule) with sliders that answer the arrow keys, and shows the run of
:func:`dlhw.descent.gradient_descent` for that setting. Every run is computed
here, at build time, by one vectorized call over a dense grid of settings; the
browser only selects the precomputed arrays and draws them, so the numbers a
reader sees are the engine's own. Paths are stored in float32 (seven
significant digits, plenty for drawing); the final iterate that the figure
prints is stored in float64 and printed in full.

One function lays every figure out, :func:`explorer`: it takes the controls
(:class:`Slider`, :class:`Choice`), the precomputed arrays, an index rule (how
the controls' positions select a run in the arrays), the columns drawn from
each run and a :class:`Readout`, the text below the plots. Its figures call
``dlhwExplore`` in ``docs/_static/dlhw-explore.js``, the one script that
selects, draws and prints in the browser. Per problem, one function computes
the runs (a frozen record of NumPy arrays) and one states its figure:

=======  ===========================  ============================
Problem  runs                         figure
=======  ===========================  ============================
3a       :func:`plateau_runs`         :func:`plateau_layout`
3b       :func:`bowl_runs`            :func:`bowl_layout`
3c       :func:`nonsmooth_runs`       :func:`nonsmooth_layout`
3d       :func:`one_step_runs`        :func:`one_step_layout`
=======  ===========================  ============================

The settings are the problem modules' own: the decay rules of
:func:`dlhw.problem3a.decay_schedules`, the two-cycle tolerance
:data:`dlhw.problem3c.CYCLE_TOLERANCE`, the escape radius
:data:`dlhw.problem3d.ESCAPE_RADIUS` and the report's pair of Problem 3d.

:func:`explorer_html` turns a layout into the HTML a page embeds: a ``div``
and the figure as JSON, which ``docs/_static/dlhw-explore.js`` hands to
BokehJS (served by the site itself). The HTML is the same from one build to
the next. :func:`show` is a page's one call: it glues the values the page's
paragraph about the figure cites (:func:`glued`) and returns the figure.
Bokeh and IPython (the extra ``dlhw[site]``) are checked for at import and
imported when the layouts are built.

Examples
--------
>>> runs = one_step_runs()
>>> i, j = runs.index(0.0, 0.0)
>>> float(runs.x0[i]), float(runs.rates[j]), float(runs.iterates[i, j, 1])
(1.7320508075688772, 0.25, 4.440892098500626e-16)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import sympy as sp

from dlhw._extras import require_site
from dlhw.derivations import one_step_learning_rate
from dlhw.descent import Schedule, gradient_descent
from dlhw.objectives import abs_three_halves, plateau, quartic
from dlhw.problem3a import (
    DECAY,
    OUTCOMES,
    X0,
    classify,
    decay_schedules,
    inflection,
    minimizer,
)
from dlhw.problem3b import EXAMPLE, a1, a2, axis_conditions, axis_factors, eta
from dlhw.problem3c import CYCLE_TOLERANCE, cycle_gap, s_starts, two_cycle
from dlhw.problem3d import ESCAPE_RADIUS
from dlhw.published import REPORTED_3D
from dlhw.report.facts import Glued, markdown, text
from dlhw.report.text import fmt, power_markdown

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Mapping, Sequence

    from bokeh.models import LayoutDOM

# Bokeh and IPython come with the extra dlhw[site]; a plain install lacks them.
require_site(__name__, "bokeh", "IPython")

__all__ = [
    "NONSMOOTH_ENDINGS",
    "PLATEAU_OUTCOME_WORDS",
    "PLATEAU_RULES",
    "PROBLEMS",
    "SOURCES",
    "BowlRuns",
    "Case",
    "Choice",
    "Column",
    "Follow",
    "Label",
    "NonsmoothRuns",
    "OneStepRuns",
    "PlateauRuns",
    "Point",
    "Readout",
    "Slider",
    "Switch",
    "Value",
    "bowl_layout",
    "bowl_runs",
    "explorer",
    "explorer_html",
    "glued",
    "layout",
    "nonsmooth_layout",
    "nonsmooth_runs",
    "one_step_layout",
    "one_step_runs",
    "plateau_layout",
    "plateau_runs",
    "plateau_schedules",
    "show",
]

#: The problems with an explorable figure.
PROBLEMS = ("3a", "3b", "3c", "3d")


def _log_grid(low: int, high: int, per_decade: int, digits: int) -> np.ndarray:
    """Rates evenly spaced in log10, each rounded to ``digits`` significant digits.

    Rounded so that the rate a reader sees is the rate that was run.
    """
    exponents = np.linspace(low, high, (high - low) * per_decade + 1)
    rates = np.array([float(f"{10.0**e:.{digits}g}") for e in exponents])
    if np.any(np.diff(rates) <= 0):  # pragma: no cover - fixed by the arguments
        raise AssertionError("rounding merged neighbouring rates")
    return rates


# -- 3a: the plateau ---------------------------------------------------------------

#: The rules of the plateau's figure: a fixed rate, then the decay rules of
#: :func:`dlhw.problem3a.decay_schedules`.
PLATEAU_RULES = ("fixed", *decay_schedules())


def plateau_schedules() -> dict[str, tuple[str, Schedule | None]]:
    """Each rule of :data:`PLATEAU_RULES`: its words and its schedule.

    The schedules of :func:`dlhw.problem3a.decay_schedules`, with the report's
    factor; ``fixed`` has none.

    Examples
    --------
    >>> plateau_schedules()["crossing"][0]
    'cut by 10% each time a step jumps over x = 6'
    """
    rules: dict[str, tuple[str, Schedule | None]] = {"fixed": ("fixed rate", None)}
    for name, (words, _, schedule) in decay_schedules(DECAY).items():
        rules[name] = (words, schedule)
    return rules


@dataclass(frozen=True)
class PlateauRuns:
    """Gradient descent on the plateau from :data:`dlhw.problem3a.X0`, every rate and rule.

    Attributes
    ----------
    rates : numpy.ndarray
        Shape ``(R,)``: the (starting) learning rates, evenly spaced in log10.
    rules : tuple of str
        :data:`PLATEAU_RULES`.
    labels : tuple of str
        The rules in words.
    steps : int
        Steps of every run.
    recorded_steps : numpy.ndarray of int
        Shape ``(K,)``: the steps kept for drawing (every early step, then
        fewer and fewer).
    iterates : numpy.ndarray
        Shape ``(R, len(rules), K)``: :math:`x_t` at the recorded steps.
    values : numpy.ndarray
        :math:`f(x_t)`, with the shape of ``iterates``.
    final : numpy.ndarray
        Shape ``(R, len(rules))``: the last iterate (``nan`` where diverged).
    outcome : numpy.ndarray of str
        :func:`dlhw.problem3a.classify` of each run.
    diverged_at : numpy.ndarray of int
        Step of divergence, or -1.
    last_rate : numpy.ndarray
        The rate of each run's last step.
    """

    rates: np.ndarray
    rules: tuple[str, ...]
    labels: tuple[str, ...]
    steps: int
    recorded_steps: np.ndarray
    iterates: np.ndarray
    values: np.ndarray
    final: np.ndarray
    outcome: np.ndarray
    diverged_at: np.ndarray
    last_rate: np.ndarray

    @property
    def every_step_until(self) -> int:
        """The last step up to which every step is recorded."""
        steps = self.recorded_steps
        return int(steps[steps == np.arange(steps.size)][-1])


def _early_then_sparse(steps: int, early: int, later: int) -> np.ndarray:
    """Every step up to ``early``, then about ``later`` steps spaced geometrically."""
    head = np.arange(min(early, steps) + 1)
    tail = np.geomspace(max(early, 1), max(steps, 1), later).round().astype(int)
    return np.unique(np.concatenate([head, tail, [steps]]))


@cache
def plateau_runs(
    per_decade: int = 200, steps: int = DECAY.steps, early: int = 40, later: int = 60
) -> PlateauRuns:
    """Run every rate from 1e-5 to 10 under every rule of :data:`PLATEAU_RULES`.

    One vectorized call per rule, over all rates at once.

    Parameters
    ----------
    per_decade : int
        Rates per factor of ten (rounded to 4 significant digits).
    steps : int
        Steps of every run; the decaying schedule's step limit by default.
    early, later : int
        Keep every step up to ``early`` for drawing, then ``later`` more.

    Examples
    --------
    >>> runs = plateau_runs(per_decade=2, steps=100)
    >>> runs.rates.tolist()
    [1e-05, 3.162e-05, 0.0001, 0.0003162, 0.001, 0.003162, 0.01, 0.03162, 0.1, 0.3162, 1.0, 3.162, 10.0]
    >>> runs.outcome[runs.rates == 0.3162].tolist()
    [['thrown back', 'converged', 'converged', 'thrown back']]
    """
    rates = _log_grid(-5, 1, per_decade, 4)
    schedules = plateau_schedules()
    recorded = _early_then_sparse(steps, early, later)
    runs = [
        gradient_descent(plateau, X0, rates, steps, schedule=schedules[name][1])
        for name in PLATEAU_RULES
    ]
    iterates = np.stack([r.iterates[recorded] for r in runs], axis=-1).transpose(
        1, 2, 0
    )
    with np.errstate(all="ignore"):
        values = plateau.f(iterates)
    return PlateauRuns(
        rates=rates,
        rules=PLATEAU_RULES,
        labels=tuple(schedules[name][0] for name in PLATEAU_RULES),
        steps=steps,
        recorded_steps=recorded,
        iterates=iterates,
        values=values,
        final=np.stack([r.final for r in runs], axis=-1),
        outcome=np.stack([classify(r) for r in runs], axis=-1),
        diverged_at=np.stack([r.diverged_at for r in runs], axis=-1),
        last_rate=np.stack([r.last_rate for r in runs], axis=-1),
    )


#: What each outcome of :func:`dlhw.problem3a.classify` means, for the reader.
PLATEAU_OUTCOME_WORDS = {
    "stalled": "stalled: never past the inflection at x = {top}",
    "thrown back": "thrown back: past the inflection, then back onto the plateau",
    "oscillating": "bouncing about the minimum x = {xmin} without settling",
    "converged": "converged to the minimum x = {xmin}",
    "diverged": "diverged",
}


# -- 3b: the bowl ---------------------------------------------------------------------


@dataclass(frozen=True)
class BowlRuns:
    """Gradient descent on the example bowl of Problem 3b, every rate and start.

    Attributes
    ----------
    rates : numpy.ndarray
        Shape ``(R,)``.
    start_x1, start_x2 : numpy.ndarray
        The starts are every pair ``(start_x1[i], start_x2[j])``.
    steps : int
        Steps of every run (all recorded).
    iterates : numpy.ndarray
        Shape ``(R, len(start_x1), len(start_x2), steps + 1, 2)``.
    factors : numpy.ndarray
        Shape ``(R, 2)``: :math:`r_1, r_2` of :func:`dlhw.problem3b.axis_factors`.
    zigzags, diverges : numpy.ndarray of bool
        Shape ``(R, 2)``: the conditions of :func:`dlhw.problem3b.axis_conditions`
        at each rate.
    """

    rates: np.ndarray
    start_x1: np.ndarray
    start_x2: np.ndarray
    steps: int
    iterates: np.ndarray
    factors: np.ndarray
    zigzags: np.ndarray
    diverges: np.ndarray

    @property
    def final(self) -> np.ndarray:
        """Shape ``(R, len(start_x1), len(start_x2), 2)``: the last iterates."""
        return self.iterates[..., -1, :]


@cache
def bowl_runs(steps: int = EXAMPLE.steps) -> BowlRuns:
    """Run the example bowl for rates 0.01 to 0.5 and a grid of starts, in one call.

    Examples
    --------
    >>> runs = bowl_runs()
    >>> i = runs.rates.tolist().index(EXAMPLE.learning_rate)
    >>> runs.factors[i].tolist() == list(EXAMPLE.factors)
    True
    >>> runs.zigzags[i].tolist(), runs.diverges[i].tolist()
    ([True, False], [False, False])
    """
    rates = np.round(np.arange(1, 51) * 0.01, 2)
    start_x1 = np.arange(-2.0, 3.5, 1.0)
    start_x2 = np.arange(0.0, 7.5, 1.0)
    starts = np.stack(np.meshgrid(start_x1, start_x2, indexing="ij"), axis=-1)
    run = gradient_descent(
        EXAMPLE.objective, starts[None], rates[:, None, None], steps=steps
    )
    iterates = np.moveaxis(run.iterates, 0, -2)

    def exact(value: float) -> sp.Rational:
        # The decimal the reader sees, exactly: 0.47 is 47/100, not its float.
        return sp.nsimplify(value, rational=True)

    curvature = {a1: exact(EXAMPLE.a1), a2: exact(EXAMPLE.a2)}
    factors = np.array(
        [
            [float(r.subs(curvature | {eta: exact(rate)})) for r in axis_factors()]
            for rate in rates
        ]
    )
    conditions = [axis_conditions(axis) for axis in (1, 2)]

    def holds(rel: sp.Rel, rate: float) -> bool:
        return bool(rel.subs(curvature | {eta: exact(rate)}))

    zigzags = np.array([[holds(c.zigzag, r) for c in conditions] for r in rates])
    diverges = np.array([[holds(c.diverges, r) for c in conditions] for r in rates])
    return BowlRuns(
        rates, start_x1, start_x2, steps, iterates, factors, zigzags, diverges
    )


# -- 3c: (2/3)|x|^(3/2) ------------------------------------------------------------


@dataclass(frozen=True)
class NonsmoothRuns:
    """Gradient descent on :math:`\\tfrac23|x|^{3/2}` from members of S and anywhere.

    Attributes
    ----------
    rates : numpy.ndarray
        Shape ``(R,)``, evenly spaced in log10 from 1e-3 to 1e-1.
    members : int
        Starts ``0 .. members - 1`` of :math:`S` (:func:`dlhw.problem3c.s_starts`).
    anywhere : numpy.ndarray
        Shape ``(A,)``: other starts, the same for every rate.
    starts : numpy.ndarray
        Shape ``(R, members + A)``: the members of :math:`S` for each rate
        (they scale with :math:`\\delta^2`), then ``anywhere``.
    steps : int
        Steps of every run (all recorded).
    iterates : numpy.ndarray
        Shape ``(R, members + A, steps + 1)``.
    ending : numpy.ndarray of str
        One of :data:`NONSMOOTH_ENDINGS`: ``"at 0"``, ``"two-cycle"`` (within
        :data:`dlhw.problem3c.CYCLE_TOLERANCE` of :math:`\\pm\\delta^2/4`, by
        :func:`dlhw.problem3c.cycle_gap`) or ``"on its way"``.
    """

    rates: np.ndarray
    members: int
    anywhere: np.ndarray
    starts: np.ndarray
    steps: int
    iterates: np.ndarray
    ending: np.ndarray

    @property
    def final(self) -> np.ndarray:
        """Shape ``(R, members + A)``: the last iterates."""
        return self.iterates[..., -1]


#: How a run from a start of Problem 3c's figure ends.
NONSMOOTH_ENDINGS = ("at 0", "two-cycle", "on its way")


@cache
def nonsmooth_runs(members: int = 12, steps: int = 250) -> NonsmoothRuns:
    """Run every rate from every start in one call.

    Examples
    --------
    >>> runs = nonsmooth_runs()
    >>> j = runs.rates.tolist().index(0.01)
    >>> runs.ending[j, :4].tolist()
    ['at 0', 'at 0', 'two-cycle', 'two-cycle']
    """
    rates = _log_grid(-3, -1, 20, 3)
    anywhere = np.round(np.arange(-1.0, 1.05, 0.1), 1)
    starts = np.array([np.concatenate([s_starts(members, r), anywhere]) for r in rates])
    run = gradient_descent(abs_three_halves, starts, rates[:, None], steps=steps)
    iterates = np.moveaxis(run.iterates, 0, -1)
    final = run.final
    on_cycle = np.abs(_cycle_gaps(final, rates))
    at_zero, on_it, on_its_way = NONSMOOTH_ENDINGS
    ending = np.where(
        final == 0,
        at_zero,
        np.where(on_cycle <= CYCLE_TOLERANCE, on_it, on_its_way),
    )
    return NonsmoothRuns(rates, members, anywhere, starts, steps, iterates, ending)


def _cycle_gaps(final: np.ndarray, rates: np.ndarray) -> np.ndarray:
    return np.stack(
        [cycle_gap(row, rate) for row, rate in zip(final, rates, strict=True)]
    )


# -- 3d: one step onto the maximum --------------------------------------------------


@dataclass(frozen=True)
class OneStepRuns:
    """Gradient descent on :math:`x^4 - 4x^2` from about :math:`\\sqrt 3` at about 1/4.

    Attributes
    ----------
    x0_offsets, eta_offsets : numpy.ndarray
        Offsets from :math:`\\sqrt 3` (float64) and from 1/4: 0 and
        :math:`\\pm 10^{-k}`.
    x0, rates : numpy.ndarray
        The starts and the learning rates.
    one_step_rates : numpy.ndarray
        For each start, the exact rate whose one step lands on 0
        (:func:`dlhw.derivations.one_step_learning_rate`).
    steps : int
        Steps of every run (all recorded).
    iterates : numpy.ndarray
        Shape ``(len(x0), len(rates), steps + 1)``.
    escape : numpy.ndarray of int
        The first step at which :math:`|x_t|` exceeds
        :data:`dlhw.problem3d.ESCAPE_RADIUS`, after the first step (-1 if never).
    """

    x0_offsets: np.ndarray
    eta_offsets: np.ndarray
    x0: np.ndarray
    rates: np.ndarray
    one_step_rates: np.ndarray
    steps: int
    iterates: np.ndarray
    escape: np.ndarray

    @property
    def final(self) -> np.ndarray:
        """Shape ``(len(x0), len(rates))``: the last iterates."""
        return self.iterates[..., -1]

    @property
    def values(self) -> np.ndarray:
        """:math:`f(x_t)`, with the shape of ``iterates``."""
        with np.errstate(all="ignore"):
            return quartic.f(self.iterates)

    def index(self, x0_offset: float, eta_offset: float) -> tuple[int, int]:
        """Indices of the run with these offsets.

        Parameters
        ----------
        x0_offset : float
            The start's offset from :math:`\\sqrt 3`, one of ``x0_offsets``
            exactly.
        eta_offset : float
            The learning rate's offset from 1/4, one of ``eta_offsets``
            exactly.

        Returns
        -------
        tuple of int
            ``(i, j)``: the run's start is ``x0[i]``, its rate ``rates[j]`` and
            its path ``iterates[i, j]``.

        Raises
        ------
        ValueError
            For an offset that is not on the grid.
        """
        at = []
        for offsets, value in (
            (self.x0_offsets, x0_offset),
            (self.eta_offsets, eta_offset),
        ):
            hit = np.flatnonzero(offsets == value)
            if not hit.size:
                raise ValueError(f"no run with offset {value!r}: not on the grid")
            at.append(int(hit[0]))
        return at[0], at[1]


def _offsets(smallest: int, largest: int) -> np.ndarray:
    powers = 10.0 ** np.arange(smallest, largest + 1)
    return np.concatenate([-powers[::-1], [0.0], powers])


@cache
def one_step_runs(steps: int = 100) -> OneStepRuns:
    """Run every start near :math:`\\sqrt 3` with every rate near 1/4, in one call.

    The centres are the report's pair (:data:`dlhw.published.REPORTED_3D`).

    Examples
    --------
    >>> runs = one_step_runs()
    >>> i, j = runs.index(0.0, 0.0)
    >>> runs.x0[i] == 3**0.5, runs.rates[j] == 0.25
    (np.True_, np.True_)
    >>> abs(runs.iterates[i, j, 1]) < 1e-15, int(runs.escape[i, j])
    (np.True_, 32)
    """
    x0_offsets = _offsets(-15, -2)
    eta_offsets = _offsets(-15, -2)
    x0 = float(REPORTED_3D.x0) + x0_offsets
    rates = float(REPORTED_3D.learning_rate) + eta_offsets
    one_step = np.array(
        [float(one_step_learning_rate(quartic, sp.Float(x, 30))) for x in x0]
    )
    run = gradient_descent(quartic, x0[:, None], rates[None, :], steps=steps)
    iterates = np.moveaxis(run.iterates, 0, -1)
    with np.errstate(invalid="ignore"):
        away = np.abs(iterates[..., 1:]) > ESCAPE_RADIUS
    escape = np.where(away.any(axis=-1), 1 + away.argmax(axis=-1), -1)
    return OneStepRuns(
        x0_offsets, eta_offsets, x0, rates, one_step, steps, iterates, escape
    )


# -- one explorer ----------------------------------------------------------------------
# What a figure shows is stated here, as data; docs/_static/dlhw-explore.js does
# what the browser must (select a run, fill the plots' sources, write the
# readout) for every figure alike. The Bokeh callbacks only call it.

#: Colours that read on furo's light and dark backgrounds alike.
PATH_COLOR = "#3b82f6"
NOW_COLOR = "#f97316"
CURVE_COLOR = "#8a8f98"
MARK_COLOR = "#22a06b"
#: Text, axes and grid colours per theme; ``dlhwExplore.theme`` switches
#: between them with furo's theme.
THEMES = {
    "light": {"text": "#1f2328", "axis": "#57606a", "grid": "#e4e6e8"},
    "dark": {"text": "#e6edf3", "axis": "#9da7b3", "grid": "#30363d"},
}

# Widgets draw inside shadow roots; furo's colour variables reach in.
_WIDGET_CSS = """
:host { color: var(--color-foreground-primary, inherit); }
select, .bk-input {
  background-color: var(--color-background-primary, #fff);
  color: var(--color-foreground-primary, #000);
  border-color: var(--color-background-border, #ccc);
}
.bk-btn-default {
  background-color: var(--color-background-secondary, #f8f9fb);
  color: var(--color-foreground-primary, #000);
  border-color: var(--color-background-border, #ccc);
}
.bk-btn-default.bk-active { background-color: var(--color-background-hover, #ddd); }
/* a handle a finger can take: 24 px at least (WCAG 2.2, target size) */
.noUi-horizontal .noUi-handle { width: 24px; height: 24px; right: -12px; top: -9px; }
"""

#: The sources every figure's plots may draw from, each holding every
#: :class:`Column` of the points it keeps: ``path`` the points up to the step
#: slider's, ``now`` that point alone, ``joined`` the points up to it whose
#: steps follow one another (every step recorded), ``first`` the first step
#: (points 0 and 1, once the slider has reached 1).
SOURCES = ("path", "now", "joined", "first")

#: How ``dlhwExplore`` prints a number: ``show`` a float64 in full (as
#: Python's repr does), ``near`` a drawn float32 to its seven digits,
#: ``text`` as it is.
Format = Literal["show", "near", "text"]


@dataclass(frozen=True)
class Slider:
    """A slider over the positions of ``labels``, showing the label.

    ``value`` is the starting position; ``name`` names it in an index rule and
    a readout, and gives its CSS class ``dlhw-slider-<name>``.
    """

    name: str
    title: str
    labels: tuple[str, ...]
    value: int


@dataclass(frozen=True)
class Choice:
    """A drop-down menu of ``options`` (value, label); its position is the option's.

    Its CSS class is ``dlhw-<name>``.
    """

    name: str
    title: str
    options: tuple[tuple[str, str], ...]
    value: str

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.options)


@dataclass(frozen=True)
class Switch:
    """An axis of an index rule whose position a :class:`Choice` takes from a slider.

    For the choice's ``n``-th option, the axis is at ``offset + position`` of
    the slider of ``sliders[n] = (name, offset)``; the other sliders are
    disabled.
    """

    choice: str
    sliders: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Column:
    """A column drawn from each point of the selected run.

    With no ``array``, the point's step. Otherwise the value at
    ``(run * points + n) * width + part`` of ``array``, less ``shift``,
    divided by the entry of ``divide = (array, by)`` at ``by`` (as in
    :class:`Value`), and, for ``magnitude``, its absolute value (nan for 0,
    which a log axis cannot show).
    """

    name: str
    array: str | None = None
    width: int = 1
    part: int = 0
    shift: float = 0.0
    divide: tuple[str, str] | None = None
    magnitude: bool = False


@dataclass(frozen=True)
class Value:
    """A readout field: ``array[at * width + part]``, printed as ``fmt``.

    ``at`` is the selected run for ``by="run"``, else the position of the
    control named ``by``.
    """

    array: str
    by: str = "run"
    width: int = 1
    part: int = 0
    fmt: Format = "show"


@dataclass(frozen=True)
class Point:
    """A readout field: a :class:`Column`'s value at the slider's step or the start."""

    column: str
    at: Literal["now", "start"] = "now"
    fmt: Format = "near"


@dataclass(frozen=True)
class Label:
    """A readout field: the label a control shows."""

    control: str


@dataclass(frozen=True)
class Case:
    """A readout field: one of ``texts``, itself a readout template.

    The ``n``-th text, ``n`` being the entry of ``array`` at ``by``,
    ``width`` and ``part`` (as in :class:`Value`), or without an array the
    position of the control ``by``.
    """

    texts: tuple[str, ...]
    array: str | None = None
    by: str = "run"
    width: int = 1
    part: int = 0


Field = Value | Point | Label | Case


@dataclass(frozen=True)
class Readout:
    """The text below a figure: paragraphs in which ``{name}`` prints ``fields[name]``."""

    paragraphs: tuple[str, ...]
    fields: Mapping[str, Field]


@dataclass(frozen=True)
class Follow:
    """A plot range that follows a column of the points drawn.

    ``fit``: the range spans the column's finite values, with a margin;
    ``end``: the range ends at the column's value at the slider's step, or at
    ``least``.
    """

    range: Any
    column: str
    rule: Literal["fit", "end"]
    least: float = 0.0


#: What a figure's ``draw`` returns: its plots and the ranges that follow.
Drawing = tuple[list[Any], list[Follow]]


def _f32(values: np.ndarray) -> np.ndarray:
    # Seven significant digits are plenty for drawing, and halve the page; a
    # diverging run's huge values become +-inf, which is off every axis anyway.
    with np.errstate(over="ignore"):
        return np.ascontiguousarray(values, dtype=np.float32).ravel()


def _codes(values: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """The position in ``names`` of each of ``values``, flattened, as int8."""
    return np.array([names.index(v) for v in np.ravel(values)], dtype=np.int8)


def _call(function: str, **args: Any) -> Any:
    """A callback that calls ``dlhwExplore.<function>`` with ``args`` and ``cb_obj``."""
    from bokeh.models import CustomJS

    names = ", ".join(args)
    return CustomJS(args=args, code=f"dlhwExplore.{function}({names}, cb_obj);")


def _widget(control: Slider | Choice) -> Any:
    from bokeh.models import CustomJSTickFormatter, Select
    from bokeh.models import Slider as BokehSlider

    if isinstance(control, Choice):
        return Select(
            title=control.title,
            value=control.value,
            options=list(control.options),
            css_classes=[f"dlhw-{control.name}"],
            stylesheets=[_WIDGET_CSS],
        )
    return BokehSlider(
        start=0,
        end=len(control.labels) - 1,
        step=1,
        value=control.value,
        title=control.title,
        format=CustomJSTickFormatter(
            args={"labels": list(control.labels)},
            code="return dlhwExplore.label(labels, tick);",
        ),
        sizing_mode="stretch_width",
        css_classes=["dlhw-slider", f"dlhw-slider-{control.name}"],
        stylesheets=[_WIDGET_CSS],
    )


def _figure(title: str, x_label: str, y_label: str, **options: Any) -> Any:
    from bokeh.plotting import figure

    plot = figure(
        title=title,
        height=330,
        sizing_mode="stretch_width",
        min_width=280,
        toolbar_location=None,
        tools="",
        background_fill_color=None,
        border_fill_color=None,
        **options,
    )
    plot.xaxis.axis_label = x_label
    plot.yaxis.axis_label = y_label
    return plot


def _row(*children: Any) -> Any:
    from bokeh.layouts import row

    return row(*children, sizing_mode="stretch_width")


def _size(axis: str | Switch, controls: Mapping[str, Slider | Choice]) -> int:
    if isinstance(axis, str):
        return len(controls[axis].labels)
    return max(offset + len(controls[name].labels) for name, offset in axis.sliders)


def _plain(spec: Any) -> dict[str, Any]:
    """A record's fields as a dict, tuples as lists, for the browser."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(spec).items()}


def explorer(
    sliders: Sequence[Slider | Choice],
    arrays: Mapping[str, Any],
    index: Sequence[str | Switch],
    readout: Readout,
    *,
    steps: Sequence[int],
    columns: Sequence[Column],
    draw: Callable[[Mapping[str, Any]], Drawing],
    rows: Sequence[Sequence[str]] = (),
) -> LayoutDOM:
    """Lay out an explorable figure: controls, a step slider with Play, plots, readout.

    Parameters
    ----------
    sliders : sequence of Slider or Choice
        The controls that pick a run.
    arrays : mapping
        The precomputed arrays, by name (NumPy arrays, or lists of strings).
    index : sequence of str or Switch
        The index rule: the selected run is the flat (C-order) index of the
        axes' positions, each axis a control or a :class:`Switch`, its size
        the number of positions.
    readout : Readout
        The text below the plots.
    steps : sequence of int
        The step of each point a run keeps; the step slider runs over them.
    columns : sequence of Column
        What the sources of :data:`SOURCES` hold of each point.
    draw : callable
        Given the sources by name, the plots and the ranges that follow.
    rows : sequence of sequences of str
        Controls that share a row; a control named in none has a row of
        its own.

    Examples
    --------
    >>> root = explorer(
    ...     [Slider("rate", "Rate", ("0.1", "0.2"), 0)],
    ...     {"xs": np.zeros(6), "final": np.zeros(2)},
    ...     ["rate"],
    ...     Readout(("x = {final}",), {"final": Value("final")}),
    ...     steps=range(3),
    ...     columns=[Column("t"), Column("x", "xs")],
    ...     draw=lambda sources: ([_figure("x", "t", "x")], []),
    ... )
    >>> [type(child).__name__ for child in root.children]
    ['Slider', 'Row', 'Row', 'Div']
    """
    from bokeh.document import Document
    from bokeh.events import DocumentReady
    from bokeh.layouts import column, row
    from bokeh.models import ColumnDataSource, Div, Toggle

    controls = {c.name: c for c in sliders}
    widgets = {name: _widget(c) for name, c in controls.items()}
    step = _widget(
        Slider(
            "step",
            "Show the iterates up to step",
            tuple(map(str, steps)),
            len(steps) - 1,
        )
    )
    play = Toggle(
        label="Play",
        active=False,
        width=90,
        css_classes=["dlhw-play"],
        stylesheets=[_WIDGET_CSS],
    )
    play.js_on_change("active", _call("play", slider=step))
    names = [c.name for c in columns]
    sources = {
        name: ColumnDataSource({c: [] for c in names}, name=f"dlhw-{name}")
        for name in SOURCES
    }
    plots, follows = draw(sources)
    text = Div(
        text="",
        css_classes=["dlhw-readout"],
        sizing_mode="stretch_width",
        stylesheets=[_WIDGET_CSS],
    )
    placed: set[str] = set()
    lines = []
    for c in sliders:
        if c.name in placed:
            continue
        together = next((r for r in rows if c.name in r), (c.name,))
        placed.update(together)
        parts = [widgets[name] for name in together]
        lines.append(parts[0] if len(parts) == 1 else _row(*parts))
    root = column(
        *lines,
        _row(step, play),
        row(*plots, sizing_mode="stretch_width", styles={"flex-wrap": "wrap"}),
        text,
        sizing_mode="stretch_width",
    )
    spec = {
        "controls": widgets,
        "labels": {name: list(c.labels) for name, c in controls.items()},
        "index": [
            {
                "control": axis,
                "choice": None,
                "sliders": [],
                "size": _size(axis, controls),
            }
            if isinstance(axis, str)
            else {
                "control": None,
                "choice": axis.choice,
                "sliders": [list(s) for s in axis.sliders],
                "size": _size(axis, controls),
            }
            for axis in index
        ],
        "step": step,
        "steps": np.asarray(steps, dtype=np.int32),
        "arrays": dict(arrays),
        "columns": [_plain(c) for c in columns],
        "sources": sources,
        "follow": [_plain(f) for f in follows],
        "readout": {
            "div": text,
            "paragraphs": list(readout.paragraphs),
            "fields": {
                name: {"kind": type(field).__name__.lower(), **_plain(field)}
                for name, field in readout.fields.items()
            },
        },
    }
    update = _call("update", spec=spec)
    for widget in [*widgets.values(), step]:
        widget.js_on_change("value", update)
    theme = _call(
        "theme",
        themes=THEMES,
        plots=plots,
        axes=[a for p in plots for a in (*p.xaxis, *p.yaxis)],
        grids=[g for p in plots for g in (*p.xgrid, *p.ygrid)],
        legends=[leg for p in plots for leg in p.legend],
    )
    doc = Document()
    doc.add_root(root)
    doc.js_on_event(DocumentReady, theme)
    doc.js_on_event(DocumentReady, update)
    return root


def _rate_labels(rates: np.ndarray) -> tuple[str, ...]:
    return tuple(repr(float(r)) for r in rates)


def _step_labels(runs_steps: int) -> range:
    return range(runs_steps + 1)


# -- the four figures ------------------------------------------------------------------


#: What each outcome of :func:`dlhw.problem3a.classify` means, for the reader.
PLATEAU_OUTCOME_WORDS = {
    "stalled": "stalled: never past the inflection at x = {top}",
    "thrown back": "thrown back: past the inflection, then back onto the plateau",
    "oscillating": "bouncing about the minimum x = {xmin} without settling",
    "converged": "converged to the minimum x = {xmin}",
    "diverged": "diverged",
}


def plateau_layout(runs: PlateauRuns | None = None) -> LayoutDOM:
    """The explorable figure of Problem 3a: rate, decay rule, steps; path and outcome.

    Parameters
    ----------
    runs : PlateauRuns, optional
        What to draw; :func:`plateau_runs` by default.

    Examples
    --------
    >>> root = plateau_layout(plateau_runs(per_decade=2, steps=50))
    >>> [type(child).__name__ for child in root.children]
    ['Slider', 'Select', 'Row', 'Row', 'Div']
    """
    from bokeh.models import Range1d, Span

    runs = plateau_runs() if runs is None else runs
    top, xmin = inflection(), minimizer()
    words = [PLATEAU_OUTCOME_WORDS[o].format(top=top, xmin=xmin) for o in OUTCOMES]

    def draw(sources: Mapping[str, Any]) -> Drawing:
        grid = np.linspace(-3.6, 8.6, 1221)
        y_range = Range1d(-15, 30)
        left = _figure(
            "The plateau and the iterates",
            "x",
            "f(x)",
            x_range=Range1d(-3.6, 8.6),
            y_range=y_range,
        )
        left.line(grid, plateau.f(grid), color=CURVE_COLOR, line_width=2)
        # Lines join consecutive steps only: the early ones, all of which are kept.
        left.line("x", "y", source=sources["joined"], color=PATH_COLOR, alpha=0.5)
        left.scatter("x", "y", source=sources["path"], color=PATH_COLOR, size=5)
        left.scatter("x", "y", source=sources["now"], color=NOW_COLOR, size=11)
        for at in (top, xmin):
            left.add_layout(
                Span(
                    location=float(at),
                    dimension="height",
                    line_color=MARK_COLOR,
                    line_dash="dashed",
                )
            )
        right = _figure(
            "f(xₜ) against the step t",
            "step t",
            "f(xₜ)",
            x_range=Range1d(0, runs.steps),
            y_range=y_range,
        )
        right.line("t", "y", source=sources["joined"], color=PATH_COLOR)
        right.scatter("t", "y", source=sources["path"], color=PATH_COLOR, size=4)
        right.scatter("t", "y", source=sources["now"], color=NOW_COLOR, size=10)
        return [left, right], [Follow(right.x_range, "t", "end", least=10)]

    return explorer(
        [
            Slider(
                "rate",
                "Learning rate η (log scale)",
                _rate_labels(runs.rates),
                int(np.argmin(np.abs(runs.rates - 0.23))),
            ),
            Choice(
                "rule",
                "Learning-rate rule",
                tuple((str(i), label) for i, label in enumerate(runs.labels)),
                "0",
            ),
        ],
        {
            "rates": runs.rates,
            "xs": _f32(runs.iterates),
            "fs": _f32(runs.values),
            "final": runs.final.ravel(),
            "last_rate": runs.last_rate.ravel(),
            "diverged_at": runs.diverged_at.ravel().astype(np.int32),
            "diverged": (runs.diverged_at.ravel() >= 0).astype(np.int8),
            "outcome": _codes(runs.outcome, OUTCOMES),
        },
        ["rate", "rule"],
        Readout(
            (
                (
                    'η = <span class="dlhw-rate">{rate}</span>'
                    ' (<span class="dlhw-rule-name">{rule}</span>),'
                    " start x<sub>0</sub> = {x0}."
                ),
                "At step {t}: x = {x}, f(x) = {y}.",
                (
                    f'After {runs.steps} steps: x = <span class="dlhw-final">{{final}}</span>'
                    "{gone}, last rate {last_rate}; outcome:"
                    ' <strong class="dlhw-outcome">{outcome}</strong>.'
                ),
            ),
            {
                "rate": Value("rates", by="rate"),
                "rule": Label("rule"),
                "x0": Point("x", at="start"),
                "t": Point("t", fmt="text"),
                "x": Point("x"),
                "y": Point("y"),
                "final": Value("final"),
                "gone": Case(("", " (diverged at step {gone_at})"), "diverged"),
                "gone_at": Value("diverged_at", fmt="text"),
                "last_rate": Value("last_rate"),
                "outcome": Case(tuple(words), "outcome"),
            },
        ),
        steps=runs.recorded_steps.tolist(),
        columns=[Column("x", "xs"), Column("y", "fs"), Column("t")],
        draw=draw,
    )


#: How each axis of the bowl behaves, by :func:`_axis_behaviour`'s code.
BOWL_AXIS_WORDS = (
    "approaches from one side, 0 ≤ r < 1",
    "zig-zags, r < 0",
    "diverges, |r| > 1",
)


def _axis_behaviour(runs: BowlRuns) -> np.ndarray:
    """Shape ``(R, 2)``: 2 where an axis diverges, else 1 where it zig-zags, else 0."""
    return np.where(runs.diverges, 2, np.where(runs.zigzags, 1, 0)).astype(np.int8)


def bowl_layout(runs: BowlRuns | None = None) -> LayoutDOM:
    """The explorable figure of Problem 3b: rate and start; path and factors.

    Parameters
    ----------
    runs : BowlRuns, optional
        What to draw; :func:`bowl_runs` by default.

    Examples
    --------
    >>> root = bowl_layout()
    >>> [type(child).__name__ for child in root.children]
    ['Slider', 'Row', 'Row', 'Row', 'Div']
    """
    from bokeh.models import Range1d

    runs = bowl_runs() if runs is None else runs
    bowl = EXAMPLE.objective

    def at(values: np.ndarray, value: float) -> int:
        return int(np.flatnonzero(values == value)[0])

    def draw(sources: Mapping[str, Any]) -> Drawing:
        g1 = np.linspace(-2.6, 3.6, 125)
        g2 = np.linspace(-0.6, 7.6, 165)
        grid = np.stack(np.meshgrid(g1, g2), axis=-1)
        levels = bowl.f(np.array([[EXAMPLE.c1, v] for v in (3.5, 2.5, 1.5, 0.5)]))
        levels = np.concatenate([[0.02, 0.1], levels])
        left = _figure(
            "The path on the contours of the bowl",
            "x₁",
            "x₂",
            x_range=Range1d(-2.6, 3.6),
            y_range=Range1d(-0.6, 7.6),
        )
        left.contour(g1, g2, bowl.f(grid), np.sort(levels), line_color=CURVE_COLOR)
        left.scatter(
            [EXAMPLE.c1], [EXAMPLE.c2], marker="cross", size=14, color=MARK_COLOR
        )
        left.line("x1", "x2", source=sources["path"], color=PATH_COLOR)
        left.scatter("x1", "x2", source=sources["path"], color=PATH_COLOR, size=5)
        left.scatter("x1", "x2", source=sources["now"], color=NOW_COLOR, size=11)
        right = _figure(
            "Distance from the centre, per axis",
            "step t",
            "xᵢ − cᵢ",
            x_range=Range1d(0, runs.steps),
            y_range=Range1d(-4, 4),
        )
        path = sources["path"]
        right.line("t", "d1", source=path, color=PATH_COLOR, legend_label="x₁ − c₁")
        right.scatter("t", "d1", source=path, color=PATH_COLOR, size=4)
        right.line("t", "d2", source=path, color=NOW_COLOR, legend_label="x₂ − c₂")
        right.scatter("t", "d2", source=path, color=NOW_COLOR, size=4)
        right.legend.background_fill_alpha = 0
        right.legend.location = "top_right"
        return [left, right], []

    behaviour = _axis_behaviour(runs)
    return explorer(
        [
            Slider(
                "rate",
                "Learning rate η",
                _rate_labels(runs.rates),
                at(runs.rates, EXAMPLE.learning_rate),
            ),
            Slider(
                "x1",
                "Start x₁",
                _rate_labels(runs.start_x1),
                at(runs.start_x1, EXAMPLE.start[0]),
            ),
            Slider(
                "x2",
                "Start x₂",
                _rate_labels(runs.start_x2),
                at(runs.start_x2, EXAMPLE.start[1]),
            ),
        ],
        {
            "rates": runs.rates,
            "s1": runs.start_x1,
            "s2": runs.start_x2,
            "xs": _f32(runs.iterates),
            "final": runs.final.ravel(),
            "r": runs.factors.ravel(),
            "how": behaviour.ravel(),
        },
        ["rate", "x1", "x2"],
        Readout(
            (
                (
                    'η = <span class="dlhw-rate">{rate}</span>,'
                    ' start (<span class="dlhw-start">{s1}, {s2}</span>).'
                ),
                (
                    "Axis factors: r<sub>1</sub> = 1 − 2ηa<sub>1</sub> ="
                    ' <span class="dlhw-r1">{r1}</span> (x<sub>1</sub> {how1});'
                    " r<sub>2</sub> = 1 − 2ηa<sub>2</sub> ="
                    ' <span class="dlhw-r2">{r2}</span> (x<sub>2</sub> {how2}).'
                ),
                (
                    f"At step {{t}}: ({{x1}}, {{x2}}). After {runs.steps} steps:"
                    ' x = (<span class="dlhw-final">{final1}</span>,'
                    ' <span class="dlhw-final-2">{final2}</span>).'
                ),
            ),
            {
                "rate": Value("rates", by="rate"),
                "s1": Value("s1", by="x1"),
                "s2": Value("s2", by="x2"),
                "r1": Value("r", by="rate", width=2, part=0),
                "r2": Value("r", by="rate", width=2, part=1),
                "how1": Case(BOWL_AXIS_WORDS, "how", by="rate", width=2, part=0),
                "how2": Case(BOWL_AXIS_WORDS, "how", by="rate", width=2, part=1),
                "x1": Point("x1"),
                "x2": Point("x2"),
                "final1": Value("final", width=2, part=0),
                "final2": Value("final", width=2, part=1),
                "t": Point("t", fmt="text"),
            },
        ),
        steps=_step_labels(runs.steps),
        columns=[
            Column("x1", "xs", width=2, part=0),
            Column("x2", "xs", width=2, part=1),
            Column("t"),
            Column("d1", "xs", width=2, part=0, shift=EXAMPLE.c1),
            Column("d2", "xs", width=2, part=1, shift=EXAMPLE.c2),
        ],
        draw=draw,
        rows=[("x1", "x2")],
    )


def nonsmooth_layout(runs: NonsmoothRuns | None = None) -> LayoutDOM:
    """The explorable figure of Problem 3c: rate and start; the path to 0 or the cycle.

    Parameters
    ----------
    runs : NonsmoothRuns, optional
        What to draw; :func:`nonsmooth_runs` by default.

    Examples
    --------
    >>> root = nonsmooth_layout(nonsmooth_runs(members=4, steps=20))
    >>> [type(child).__name__ for child in root.children]
    ['Slider', 'Row', 'Row', 'Row', 'Div']
    """
    from bokeh.models import Range1d, Span

    runs = nonsmooth_runs() if runs is None else runs
    cycle = float(two_cycle(1))
    d2 = runs.rates**2

    def draw(sources: Mapping[str, Any]) -> Drawing:
        path, now = sources["path"], sources["now"]
        left = _figure(
            "The iterates xₜ",
            "step t",
            "xₜ",
            x_range=Range1d(0, runs.steps),
            y_range=Range1d(-1, 1),
        )
        left.line("t", "x", source=path, color=PATH_COLOR)
        left.scatter("t", "x", source=path, color=PATH_COLOR, size=4)
        left.scatter("t", "x", source=now, color=NOW_COLOR, size=10)
        right = _figure(
            "Near 0, in units of δ²: xₜ / δ²",
            "step t",
            "xₜ / δ²",
            x_range=Range1d(0, runs.steps),
            y_range=Range1d(-1.5, 1.5),
        )
        for at in (cycle, -cycle):
            right.add_layout(
                Span(
                    location=at,
                    dimension="width",
                    line_color=MARK_COLOR,
                    line_dash="dashed",
                )
            )
        right.line("t", "u", source=path, color=PATH_COLOR)
        right.scatter("t", "u", source=path, color=PATH_COLOR, size=4)
        right.scatter("t", "u", source=now, color=NOW_COLOR, size=10)
        return [left, right], [Follow(left.y_range, "x", "fit")]

    return explorer(
        [
            Slider(
                "rate",
                "Learning rate δ (log scale)",
                _rate_labels(runs.rates),
                int(np.flatnonzero(runs.rates == 0.01)[0]),
            ),
            Choice(
                "mode", "Start", (("S", "a member of S"), ("anywhere", "anywhere")), "S"
            ),
            Slider(
                "member",
                "Member n of S (x₀ = δ²uₙ)",
                tuple(str(n) for n in range(runs.members)),
                3,
            ),
            Slider(
                "x0",
                "Start x₀ (anywhere)",
                _rate_labels(runs.anywhere),
                int(np.flatnonzero(runs.anywhere == 0.5)[0]),
            ),
        ],
        {
            "rates": runs.rates,
            "d2": d2,
            # Where the two-cycle sits at each rate: +-delta^2 / 4.
            "cycle": cycle * d2,
            "xs": _f32(runs.iterates),
            "starts": runs.starts.ravel(),
            "final": runs.final.ravel(),
            "ending": _codes(runs.ending, NONSMOOTH_ENDINGS),
        },
        ["rate", Switch("mode", (("member", 0), ("x0", runs.members)))],
        Readout(
            (
                (
                    'δ = <span class="dlhw-rate">{rate}</span>, start x<sub>0</sub> ='
                    ' <span class="dlhw-start">{start}</span>{member}.'
                ),
                "At step {t}: x = {x} = {u} δ².",
                (
                    f'After {runs.steps} steps: x = <span class="dlhw-final">{{final}}</span>:'
                    ' <strong class="dlhw-outcome">{ending}</strong>.'
                ),
            ),
            {
                "rate": Value("rates", by="rate"),
                "start": Value("starts"),
                "member": Case(
                    (
                        (
                            " (the float64 number nearest δ²u<sub>{n}</sub>,"
                            " member {n} of S)"
                        ),
                        "",
                    ),
                    by="mode",
                ),
                "n": Label("member"),
                "t": Point("t", fmt="text"),
                "x": Point("x"),
                "u": Point("u"),
                "final": Value("final"),
                "ending": Case(
                    (
                        "reached 0 and stays there",
                        "in the two-cycle ±δ²/4 = ±{cycle}",
                        "not yet at 0 nor in the two-cycle",
                    ),
                    "ending",
                ),
                "cycle": Value("cycle", by="rate"),
            },
        ),
        steps=_step_labels(runs.steps),
        columns=[
            Column("t"),
            Column("x", "xs"),
            Column("u", "xs", divide=("d2", "rate")),
        ],
        draw=draw,
        rows=[("mode", "member", "x0")],
    )


def one_step_layout(runs: OneStepRuns | None = None) -> LayoutDOM:
    """The explorable figure of Problem 3d: x0 and η near √3 and 1/4; the step and after.

    Parameters
    ----------
    runs : OneStepRuns, optional
        What to draw; :func:`one_step_runs` by default.

    Examples
    --------
    >>> root = one_step_layout()
    >>> [type(child).__name__ for child in root.children]
    ['Row', 'Row', 'Row', 'Div']
    """
    from bokeh.models import Range1d

    runs = one_step_runs() if runs is None else runs

    def label(offset: float, centre: sp.Expr) -> str:
        name = str(sp.pretty(centre, use_unicode=True))
        if offset == 0:
            return name
        return f"{name} {'+' if offset > 0 else '−'} {abs(offset):.0e}"

    def draw(sources: Mapping[str, Any]) -> Drawing:
        path, now = sources["path"], sources["now"]
        grid = np.linspace(-2.3, 2.3, 461)
        left = _figure(
            "f(x) = x⁴ − 4x² and the iterates",
            "x",
            "f(x)",
            x_range=Range1d(-2.3, 2.3),
            y_range=Range1d(-5, 8),
        )
        left.line(grid, quartic.f(grid), color=CURVE_COLOR, line_width=2)
        left.line(
            "x",
            "y",
            source=sources["first"],
            color=MARK_COLOR,
            line_width=3,
            line_dash="dashed",
        )
        left.scatter("x", "y", source=path, color=PATH_COLOR, size=5)
        left.scatter("x", "y", source=now, color=NOW_COLOR, size=11)
        right = _figure(
            "Distance from the maximum, |xₜ|",
            "step t",
            "|xₜ|",
            y_axis_type="log",
            x_range=Range1d(0, runs.steps),
            y_range=Range1d(1e-18, 10),
        )
        right.line("t", "ax", source=path, color=PATH_COLOR)
        right.scatter("t", "ax", source=path, color=PATH_COLOR, size=4)
        right.scatter("t", "ax", source=now, color=NOW_COLOR, size=10)
        return [left, right], []

    i0, j0 = runs.index(0.0, 0.0)
    limit = repr(ESCAPE_RADIUS)
    return explorer(
        [
            Slider(
                "x0",
                "Start x₀",
                tuple(label(o, REPORTED_3D.x0) for o in runs.x0_offsets),
                i0,
            ),
            Slider(
                "rate",
                "Learning rate η",
                tuple(label(o, REPORTED_3D.learning_rate) for o in runs.eta_offsets),
                j0,
            ),
        ],
        {
            "starts": runs.x0,
            "rates": runs.rates,
            "one_step": runs.one_step_rates,
            "xs": _f32(runs.iterates),
            "x1": runs.iterates[..., 1].ravel(),
            "fs": _f32(runs.values),
            "escape": runs.escape.ravel().astype(np.int32),
            "escapes": (runs.escape.ravel() >= 0).astype(np.int8),
            "final": runs.final.ravel(),
        },
        ["x0", "rate"],
        Readout(
            (
                (
                    'x<sub>0</sub> = <span class="dlhw-x0">{x0}</span>,'
                    ' η = <span class="dlhw-rate">{rate}</span>; the rate whose one step'
                    " from this x<sub>0</sub> lands exactly on 0 is {one_step}."
                ),
                (
                    "The first step lands at x<sub>1</sub> ="
                    ' <span class="dlhw-x1">{x1}</span>{escape}.'
                ),
                (
                    f"At step {{t}}: x = {{x}}. After {runs.steps} steps:"
                    ' x = <span class="dlhw-final">{final}</span>.'
                ),
            ),
            {
                "x0": Value("starts", by="x0"),
                "rate": Value("rates", by="rate"),
                "one_step": Value("one_step", by="x0"),
                "x1": Value("x1"),
                "escape": Case(
                    (
                        f"; |x| never exceeds {limit}",
                        f"; |x| first exceeds {limit} at step {{escape_at}}",
                    ),
                    "escapes",
                ),
                "escape_at": Value("escape", fmt="text"),
                "t": Point("t", fmt="text"),
                "x": Point("x"),
                "final": Value("final"),
            },
        ),
        steps=_step_labels(runs.steps),
        columns=[
            Column("t"),
            Column("x", "xs"),
            Column("y", "fs"),
            Column("ax", "xs", magnitude=True),
        ],
        draw=draw,
        rows=[("x0", "rate")],
    )


_LAYOUTS: dict[str, Callable[[], LayoutDOM]] = {
    "3a": plateau_layout,
    "3b": bowl_layout,
    "3c": nonsmooth_layout,
    "3d": one_step_layout,
}


def layout(problem: str) -> LayoutDOM:
    """The explorable figure of ``problem`` (one of :data:`PROBLEMS`).

    Parameters
    ----------
    problem : str
        ``"3a"``, ``"3b"``, ``"3c"`` or ``"3d"``.

    Returns
    -------
    bokeh.models.LayoutDOM
        The figure, its runs computed with their defaults.

    Raises
    ------
    ValueError
        For a problem without an explorable figure.

    Examples
    --------
    >>> layout("3e")
    Traceback (most recent call last):
    ...
    ValueError: no explorable figure for problem '3e'; one of ('3a', '3b', '3c', '3d')
    """
    _check(problem)
    return _LAYOUTS[problem]()


def _check(problem: str) -> None:
    if problem not in _LAYOUTS:
        raise ValueError(
            f"no explorable figure for problem {problem!r}; one of {PROBLEMS}"
        )


def explorer_html(root: LayoutDOM, name: str) -> str:
    """The HTML that embeds ``root``: a target ``div`` and the figure as JSON.

    ``docs/_static/dlhw-explore.js`` renders every such figure with BokehJS.
    Bokeh numbers its models in the order they are made, so one build and the
    next write the same text.

    Parameters
    ----------
    root : bokeh.models.LayoutDOM
        The figure (any Bokeh model).
    name : str
        Letters, digits and dashes; the ``div``'s id is
        ``dlhw-explore-{name}``.

    Returns
    -------
    str
        Two lines: the ``div``, then a ``script`` element of type
        ``application/json`` holding the figure.

    Raises
    ------
    ValueError
        If ``name`` holds another character, or no letter or digit.

    Examples
    --------
    >>> from bokeh.models import Div
    >>> html = explorer_html(Div(text="hi"), "demo")
    >>> html.splitlines()[0]
    '<div class="dlhw-explore" id="dlhw-explore-demo"></div>'
    """
    from bokeh.embed import json_item

    if not name.replace("-", "").isalnum():
        raise ValueError(f"a figure name is letters, digits and dashes, got {name!r}")
    target = f"dlhw-explore-{name}"
    item = json.dumps(json_item(root, target), separators=(",", ":"))
    # A JSON string may hold "</script>"; escaped, it cannot end the element.
    item = item.replace("</", "<\\/")
    return (
        f'<div class="dlhw-explore" id="{target}"></div>\n'
        f'<script type="application/json" class="dlhw-explore-data">{item}</script>'
    )


def glued(problem: str) -> tuple[Glued, ...]:
    """The values that the paragraph about ``problem``'s figure cites.

    Parameters
    ----------
    problem : str
        One of :data:`PROBLEMS`.

    Returns
    -------
    tuple of dlhw.report.facts.Glued
        Named ``p{problem}_explore_...``.

    Raises
    ------
    ValueError
        For a problem without an explorable figure.

    Examples
    --------
    >>> [(g.name, g.text) for g in glued("3d")]
    [('p3d_explore_kmin', '2'), ('p3d_explore_kmax', '15'), ('p3d_explore_steps', '100'), ('p3d_explore_escape', '0.1')]
    """
    _check(problem)
    return _GLUED[problem](f"p{problem}_explore")


def _glued_3a(p: str) -> tuple[Glued, ...]:
    runs = plateau_runs()
    early = runs.every_step_until
    return (
        text(f"{p}_nrates", runs.rates.size),
        markdown(f"{p}_low", power_markdown(runs.rates[0])),
        text(f"{p}_high", fmt(runs.rates[-1])),
        text(f"{p}_x0", fmt(runs.iterates[0, 0, 0])),
        text(f"{p}_early", early),
        text(f"{p}_later", runs.recorded_steps.size - early - 1),
        text(f"{p}_steps", runs.steps),
    )


def _glued_3b(p: str) -> tuple[Glued, ...]:
    runs = bowl_runs()
    return (
        text(f"{p}_nrates", runs.rates.size),
        text(f"{p}_low", fmt(runs.rates[0])),
        text(f"{p}_high", fmt(runs.rates[-1])),
        text(f"{p}_nstarts", runs.start_x1.size * runs.start_x2.size),
        text(f"{p}_steps", runs.steps),
    )


def _glued_3c(p: str) -> tuple[Glued, ...]:
    runs = nonsmooth_runs()
    return (
        text(f"{p}_nrates", runs.rates.size),
        text(f"{p}_low", fmt(runs.rates[0])),
        text(f"{p}_high", fmt(runs.rates[-1])),
        text(f"{p}_members", runs.members),
        text(f"{p}_from", fmt(runs.anywhere[0])),
        text(f"{p}_to", fmt(runs.anywhere[-1])),
        text(f"{p}_steps", runs.steps),
    )


def _glued_3d(p: str) -> tuple[Glued, ...]:
    runs = one_step_runs()
    offsets = np.concatenate([runs.x0_offsets, runs.eta_offsets])
    powers = -np.log10(np.abs(offsets[offsets != 0]))
    return (
        text(f"{p}_kmin", round(powers.min())),
        text(f"{p}_kmax", round(powers.max())),
        text(f"{p}_steps", runs.steps),
        text(f"{p}_escape", fmt(ESCAPE_RADIUS)),
    )


_GLUED: dict[str, Callable[[str], tuple[Glued, ...]]] = {
    "3a": _glued_3a,
    "3b": _glued_3b,
    "3c": _glued_3c,
    "3d": _glued_3d,
}


def show(problem: str) -> Any:
    """A page's one call: glue :func:`glued` and return the figure (IPython HTML).

    Parameters
    ----------
    problem : str
        One of :data:`PROBLEMS`.

    Returns
    -------
    IPython.display.HTML
        :func:`explorer_html` of :func:`layout`, named ``p{problem}``.

    Raises
    ------
    ValueError
        For a problem without an explorable figure.
    """
    from IPython.display import HTML

    from dlhw.pages import glue_facts

    glue_facts(glued(problem))
    return HTML(explorer_html(layout(problem), f"p{problem}"))
