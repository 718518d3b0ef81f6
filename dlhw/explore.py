"""Explorable figures for Problem 3: the engine's runs, precomputed, drawn by Bokeh.

Each figure lets the reader pick a setting (a learning rate, a start, a decay
rule) with sliders that answer the arrow keys, and shows the run of
:func:`dlhw.descent.gradient_descent` for that setting. Every run is computed
here, at build time, by one vectorized call over a dense grid of settings; the
browser only selects the precomputed arrays and draws them, so the numbers a
reader sees are the engine's own. Paths are stored in float32 (seven
significant digits, plenty for drawing); the final iterate that the figure
prints is stored in float64 and printed in full.

Per problem, one function computes the runs (a frozen record of NumPy arrays)
and one builds the Bokeh layout:

=======  ===========================  ============================
Problem  runs                         layout
=======  ===========================  ============================
3a       :func:`plateau_runs`         :func:`plateau_layout`
3b       :func:`bowl_runs`            :func:`bowl_layout`
3c       :func:`nonsmooth_runs`       :func:`nonsmooth_layout`
3d       :func:`one_step_runs`        :func:`one_step_layout`
=======  ===========================  ============================

:func:`explorer_html` turns a layout into the HTML a page embeds: a ``div``
and the figure as JSON, which ``docs/_static/dlhw-explore.js`` hands to
BokehJS (served by the site itself). The HTML is the same from one build to
the next. Bokeh is needed for the layouts only, and imported when they are
built.

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
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from dlhw.derivations import one_step_learning_rate
from dlhw.descent import (
    DecayOnCrossing,
    DecayOnIncrease,
    ExponentialDecay,
    Schedule,
    gradient_descent,
)
from dlhw.objectives import abs_three_halves, plateau, quartic
from dlhw.problem3a import DECAY, OUTCOMES, X0, classify, inflection, minimizer
from dlhw.problem3b import EXAMPLE, a1, a2, axis_conditions, axis_factors, eta
from dlhw.problem3c import cycle_gap, s_starts, two_cycle

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from bokeh.models import LayoutDOM

__all__ = [
    "CYCLE_TOLERANCE",
    "ESCAPE",
    "PLATEAU_OUTCOME_WORDS",
    "PLATEAU_RULES",
    "PROBLEMS",
    "BowlRuns",
    "NonsmoothRuns",
    "OneStepRuns",
    "PlateauRuns",
    "bowl_layout",
    "bowl_runs",
    "explorer_html",
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

#: The decay rules of the plateau page, by the names of
#: :func:`dlhw.problem3a.decay_runs`; ``fixed`` keeps the rate.
PLATEAU_RULES = ("fixed", "crossing", "overshoot", "clock")


def plateau_schedules() -> dict[str, tuple[str, Schedule | None]]:
    """Each rule of :data:`PLATEAU_RULES`: its words and its schedule.

    The schedules of :func:`dlhw.problem3a.decay_runs`, with the same factor;
    ``fixed`` has none.

    Examples
    --------
    >>> plateau_schedules()["crossing"][0]
    'cut by 10% at each jump over x = 6'
    """
    factor = DECAY.factor
    cut = f"cut by {round(100 * (1 - factor))}%"
    return {
        "fixed": ("fixed rate", None),
        "crossing": (
            f"{cut} at each jump over x = {minimizer()}",
            DecayOnCrossing(float(minimizer()), factor),
        ),
        "overshoot": (
            f"{cut} at each step that raises f",
            DecayOnIncrease(plateau, factor),
        ),
        "clock": (f"{cut} every 100 steps", ExponentialDecay(factor, every=100)),
    }


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
        ``"at 0"``, ``"two-cycle"`` (within ``1e-9`` of :math:`\\pm\\delta^2/4`,
        by :func:`dlhw.problem3c.cycle_gap`) or ``"on its way"``.
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


#: Distance from the two-cycle, in units of :math:`\delta^2`, that counts as on it.
CYCLE_TOLERANCE = 1e-9


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
    ending = np.where(
        final == 0,
        "at 0",
        np.where(on_cycle <= CYCLE_TOLERANCE, "two-cycle", "on its way"),
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
        The first step at which :math:`|x_t| > 0.1`, after the first step
        (-1 if never).
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


#: Leaving :math:`|x| \le` this counts as escaping the maximum (as on the page).
ESCAPE = 0.1


def _offsets(smallest: int, largest: int) -> np.ndarray:
    powers = 10.0 ** np.arange(smallest, largest + 1)
    return np.concatenate([-powers[::-1], [0.0], powers])


@cache
def one_step_runs(steps: int = 100) -> OneStepRuns:
    """Run every start near :math:`\\sqrt 3` with every rate near 1/4, in one call.

    Examples
    --------
    >>> runs = one_step_runs()
    >>> i, j = runs.index(0.0, 0.0)
    >>> runs.x0[i] == 3**0.5, runs.rates[j] == 0.25
    (np.True_, np.True_)
    >>> abs(runs.iterates[i, j, 1]) < 1e-15, int(runs.escape[i, j])
    (np.True_, 32)
    """
    root = float(sp.sqrt(3))
    x0_offsets = _offsets(-15, -2)
    eta_offsets = _offsets(-15, -2)
    x0 = root + x0_offsets
    rates = 0.25 + eta_offsets
    one_step = np.array(
        [float(one_step_learning_rate(quartic, sp.Float(x, 30))) for x in x0]
    )
    run = gradient_descent(quartic, x0[:, None], rates[None, :], steps=steps)
    iterates = np.moveaxis(run.iterates, 0, -1)
    with np.errstate(invalid="ignore"):
        away = np.abs(iterates[..., 1:]) > ESCAPE
    escape = np.where(away.any(axis=-1), 1 + away.argmax(axis=-1), -1)
    return OneStepRuns(
        x0_offsets, eta_offsets, x0, rates, one_step, steps, iterates, escape
    )


# -- drawing ---------------------------------------------------------------------------

#: Colours that read on furo's light and dark backgrounds alike.
PATH_COLOR = "#3b82f6"
NOW_COLOR = "#f97316"
CURVE_COLOR = "#8a8f98"
MARK_COLOR = "#22a06b"
#: Text, axes and grid colours per theme; ``docs/_static/dlhw-explore.js``
#: switches between them with furo's theme.
THEMES = {
    "light": {"text": "#1f2328", "axis": "#57606a", "grid": "#e4e6e8"},
    "dark": {"text": "#e6edf3", "axis": "#9da7b3", "grid": "#30363d"},
}

_THEME_JS = """
const body = document.body;
const pick = () => {
  const chosen = body.dataset.theme;
  if (chosen === 'dark' || chosen === 'light') return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
};
const apply = () => {
  const c = themes[pick()];
  for (const p of plots) {
    p.outline_line_color = c.grid;
    p.title.text_color = c.text;
  }
  for (const a of axes) {
    a.axis_line_color = c.axis;
    a.major_tick_line_color = c.axis;
    a.minor_tick_line_color = c.axis;
    a.major_label_text_color = c.text;
    a.axis_label_text_color = c.text;
  }
  for (const g of grids) g.grid_line_color = c.grid;
  for (const l of legends) l.label_text_color = c.text;
};
apply();
new MutationObserver(apply).observe(body, {attributes: true, attributeFilter: ['data-theme']});
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', apply);
"""

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
"""

_PLAY_JS = """
if (cb_obj.active) {
  if (slider.value >= slider.end) slider.value = slider.start;
  cb_obj.label = 'Pause';
  cb_obj.dlhw_timer = setInterval(() => {
    if (slider.value >= slider.end) { cb_obj.active = false; return; }
    slider.value = slider.value + 1;
  }, 120);
} else {
  clearInterval(cb_obj.dlhw_timer);
  cb_obj.label = 'Play';
}
"""

# ``show`` prints a float64 in full (as Python's repr does); ``near`` prints a
# drawn (float32) value to the seven digits it holds.
_SHOW = """
const show = (v) => Number.isNaN(v) ? 'nan' : String(v);
const near = (v) => Number.isFinite(v) ? String(Number(v.toPrecision(7))) : show(v);
"""


def _f32(values: np.ndarray) -> np.ndarray:
    # Seven significant digits are plenty for drawing, and halve the page; a
    # diverging run's huge values become +-inf, which is off every axis anyway.
    with np.errstate(over="ignore"):
        return np.ascontiguousarray(values, dtype=np.float32).ravel()


def _index_slider(values: list[str], value: int, title: str, name: str) -> Any:
    """A slider over positions ``0 .. len(values) - 1`` that shows ``values``."""
    from bokeh.models import CustomJSTickFormatter, Slider

    return Slider(
        start=0,
        end=len(values) - 1,
        step=1,
        value=value,
        title=title,
        format=CustomJSTickFormatter(
            args={"labels": values}, code="return labels[Math.round(tick)];"
        ),
        sizing_mode="stretch_width",
        css_classes=["dlhw-slider", f"dlhw-slider-{name}"],
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


def _finish(widgets: list[Any], plots: list[Any], readout: Any) -> LayoutDOM:
    """Lay the figure out and let it follow furo's light and dark themes."""
    from bokeh.document import Document
    from bokeh.events import DocumentReady
    from bokeh.layouts import column, row
    from bokeh.models import CustomJS

    for widget in widgets:
        if not widget.stylesheets:
            widget.stylesheets = [_WIDGET_CSS]
    readout.stylesheets = [_WIDGET_CSS]
    root = column(
        *widgets,
        row(*plots, sizing_mode="stretch_width", styles={"flex-wrap": "wrap"}),
        readout,
        sizing_mode="stretch_width",
    )
    theme = CustomJS(
        args={
            "themes": THEMES,
            "plots": plots,
            "axes": [a for p in plots for a in (*p.xaxis, *p.yaxis)],
            "grids": [g for p in plots for g in (*p.xgrid, *p.ygrid)],
            "legends": [leg for p in plots for leg in p.legend],
        },
        code=_THEME_JS,
    )
    doc = Document()
    doc.add_root(root)
    doc.js_on_event(DocumentReady, theme)
    return root


def _play(slider: Any) -> Any:
    from bokeh.models import CustomJS, Toggle

    toggle = Toggle(
        label="Play",
        active=False,
        width=90,
        css_classes=["dlhw-play"],
        stylesheets=[_WIDGET_CSS],
    )
    toggle.js_on_change("active", CustomJS(args={"slider": slider}, code=_PLAY_JS))
    return toggle


def _readout() -> Any:
    from bokeh.models import Div

    return Div(text="", css_classes=["dlhw-readout"], sizing_mode="stretch_width")


def _wire(update: Any, widgets: list[Any], readout: Any) -> None:
    """Run ``update`` on every change, and once when the figure first shows."""
    from bokeh.events import DocumentReady

    for widget in widgets:
        widget.js_on_change("value", update)
    readout.document.js_on_event(DocumentReady, update)


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
    from bokeh.models import ColumnDataSource, CustomJS, Range1d, Select, Span

    runs = plateau_runs() if runs is None else runs
    top, xmin = inflection(), minimizer()
    rate = _index_slider(
        [repr(float(r)) for r in runs.rates],
        int(np.argmin(np.abs(runs.rates - 0.23))),
        "Learning rate η (log scale)",
        "rate",
    )
    rule = Select(
        title="Learning-rate rule",
        value="0",
        options=[(str(i), label) for i, label in enumerate(runs.labels)],
        css_classes=["dlhw-rule"],
        stylesheets=[_WIDGET_CSS],
    )
    step = _index_slider(
        [str(int(s)) for s in runs.recorded_steps],
        len(runs.recorded_steps) - 1,
        "Show the iterates up to step",
        "step",
    )
    grid = np.linspace(-3.6, 8.6, 1221)
    curve = ColumnDataSource({"x": grid, "y": plateau.f(grid)})
    path = ColumnDataSource({"x": [], "y": [], "t": []})
    # Lines join consecutive steps only: the early ones, all of which are kept.
    joined = ColumnDataSource({"x": [], "y": [], "t": []})
    now = ColumnDataSource({"x": [], "y": [], "t": []})
    y_range = Range1d(-15, 30)
    left = _figure(
        "The plateau and the iterates",
        "x",
        "f(x)",
        x_range=Range1d(-3.6, 8.6),
        y_range=y_range,
    )
    left.line("x", "y", source=curve, color=CURVE_COLOR, line_width=2)
    left.line("x", "y", source=joined, color=PATH_COLOR, alpha=0.5)
    left.scatter("x", "y", source=path, color=PATH_COLOR, size=5)
    left.scatter("x", "y", source=now, color=NOW_COLOR, size=11)
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
    right.line("t", "y", source=joined, color=PATH_COLOR)
    right.scatter("t", "y", source=path, color=PATH_COLOR, size=4)
    right.scatter("t", "y", source=now, color=NOW_COLOR, size=10)
    words = {o: PLATEAU_OUTCOME_WORDS[o].format(top=top, xmin=xmin) for o in OUTCOMES}
    readout = _readout()
    widgets = [rate, rule, step]
    root = _finish([rate, rule, _row(step, _play(step))], [left, right], readout)
    update = CustomJS(
        args={
            "rate": rate,
            "rule": rule,
            "step": step,
            "path": path,
            "now": now,
            "joined": joined,
            "t_range": right.x_range,
            "readout": readout,
            "rates": runs.rates,
            "nrules": len(runs.rules),
            "steps": runs.recorded_steps.astype(np.int32),
            "xs": _f32(runs.iterates),
            "fs": _f32(runs.values),
            "final": runs.final.ravel(),
            "last_rate": runs.last_rate.ravel(),
            "diverged_at": runs.diverged_at.ravel().astype(np.int32),
            "outcome": [words[o] for o in runs.outcome.ravel()],
            "total": runs.steps,
        },
        code=_SHOW
        + """
const i = rate.value, j = Number(rule.value), k = step.value, K = steps.length;
const run = i * nrules + j, base = run * K;
const x = [], y = [], t = [];
for (let n = 0; n <= k; n++) {
  x.push(xs[base + n]); y.push(fs[base + n]); t.push(steps[n]);
}
path.data = {x, y, t};
let m = 0;
while (m <= k && t[m] === m) m++;
joined.data = {x: x.slice(0, m), y: y.slice(0, m), t: t.slice(0, m)};
t_range.end = Math.max(t[k], 10);
now.data = {x: [x[k]], y: [y[k]], t: [t[k]]};
const gone = diverged_at[run];
readout.text =
  `<p>η = <span class="dlhw-rate">${show(rates[i])}</span>` +
  ` (<span class="dlhw-rule-name">${rule.options[j][1]}</span>),` +
  ` start x<sub>0</sub> = ${near(xs[base])}.</p>` +
  `<p>At step ${t[k]}: x = ${near(x[k])}, f(x) = ${near(y[k])}.</p>` +
  `<p>After ${total} steps: x = <span class="dlhw-final">${show(final[run])}</span>` +
  (gone >= 0 ? ` (diverged at step ${gone})` : ``) +
  `, last rate ${show(last_rate[run])}; outcome:` +
  ` <strong class="dlhw-outcome">${outcome[run]}</strong>.</p>`;
""",
    )
    _wire(update, widgets, readout)
    return root


def _row(*children: Any) -> Any:
    from bokeh.layouts import row

    return row(*children, sizing_mode="stretch_width")


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
    from bokeh.models import ColumnDataSource, CustomJS, Range1d

    runs = bowl_runs() if runs is None else runs
    bowl = EXAMPLE.objective
    rate = _index_slider(
        [repr(float(r)) for r in runs.rates],
        int(np.flatnonzero(runs.rates == EXAMPLE.learning_rate)[0]),
        "Learning rate η",
        "rate",
    )
    x1 = _index_slider(
        [repr(float(v)) for v in runs.start_x1],
        int(np.flatnonzero(runs.start_x1 == EXAMPLE.start[0])[0]),
        "Start x₁",
        "x1",
    )
    x2 = _index_slider(
        [repr(float(v)) for v in runs.start_x2],
        int(np.flatnonzero(runs.start_x2 == EXAMPLE.start[1])[0]),
        "Start x₂",
        "x2",
    )
    step = _index_slider(
        [str(t) for t in range(runs.steps + 1)],
        runs.steps,
        "Show the iterates up to step",
        "step",
    )
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
    path = ColumnDataSource({"x1": [], "x2": [], "t": [], "d1": [], "d2": []})
    now = ColumnDataSource({"x1": [], "x2": [], "t": [], "d1": [], "d2": []})
    left.scatter([EXAMPLE.c1], [EXAMPLE.c2], marker="cross", size=14, color=MARK_COLOR)
    left.line("x1", "x2", source=path, color=PATH_COLOR)
    left.scatter("x1", "x2", source=path, color=PATH_COLOR, size=5)
    left.scatter("x1", "x2", source=now, color=NOW_COLOR, size=11)
    right = _figure(
        "Distance from the centre, per axis",
        "step t",
        "xᵢ − cᵢ",
        x_range=Range1d(0, runs.steps),
        y_range=Range1d(-4, 4),
    )
    right.line("t", "d1", source=path, color=PATH_COLOR, legend_label="x₁ − c₁")
    right.scatter("t", "d1", source=path, color=PATH_COLOR, size=4)
    right.line("t", "d2", source=path, color=NOW_COLOR, legend_label="x₂ − c₂")
    right.scatter("t", "d2", source=path, color=NOW_COLOR, size=4)
    right.legend.background_fill_alpha = 0
    right.legend.location = "top_right"
    readout = _readout()
    widgets = [rate, x1, x2, step]
    root = _finish(
        [rate, _row(x1, x2), _row(step, _play(step))], [left, right], readout
    )

    def axis_words(zig: bool, div: bool) -> str:
        if div:
            return "diverges, |r| > 1"
        return "zig-zags, r < 0" if zig else "approaches from one side, 0 ≤ r < 1"

    update = CustomJS(
        args={
            "rate": rate,
            "x1": x1,
            "x2": x2,
            "step": step,
            "path": path,
            "now": now,
            "readout": readout,
            "rates": runs.rates,
            "n1": len(runs.start_x1),
            "s1": runs.start_x1,
            "s2": runs.start_x2,
            "n2": len(runs.start_x2),
            "T": runs.steps + 1,
            "xs": _f32(runs.iterates),
            "final": runs.final.ravel(),
            "r": runs.factors.ravel(),
            "c": [EXAMPLE.c1, EXAMPLE.c2],
            "words": [
                axis_words(z, d)
                for z, d in zip(
                    runs.zigzags.ravel(), runs.diverges.ravel(), strict=True
                )
            ],
        },
        code=_SHOW
        + """
const i = rate.value, k = step.value;
const run = (i * n1 + x1.value) * n2 + x2.value, base = run * T * 2;
const p1 = [], p2 = [], t = [], d1 = [], d2 = [];
for (let n = 0; n <= k; n++) {
  p1.push(xs[base + 2 * n]); p2.push(xs[base + 2 * n + 1]); t.push(n);
  d1.push(p1[n] - c[0]); d2.push(p2[n] - c[1]);
}
path.data = {x1: p1, x2: p2, t, d1, d2};
now.data = {x1: [p1[k]], x2: [p2[k]], t: [k], d1: [d1[k]], d2: [d2[k]]};
readout.text =
  `<p>η = <span class="dlhw-rate">${show(rates[i])}</span>, start` +
  ` (<span class="dlhw-start">${show(s1[x1.value])}, ${show(s2[x2.value])}</span>).</p>` +
  `<p>Axis factors: r<sub>1</sub> = 1 − 2ηa<sub>1</sub> =` +
  ` <span class="dlhw-r1">${show(r[2 * i])}</span> (x<sub>1</sub> ${words[2 * i]});` +
  ` r<sub>2</sub> = 1 − 2ηa<sub>2</sub> =` +
  ` <span class="dlhw-r2">${show(r[2 * i + 1])}</span> (x<sub>2</sub> ${words[2 * i + 1]}).</p>` +
  `<p>At step ${k}: (${near(p1[k])}, ${near(p2[k])}). After ${T - 1} steps:` +
  ` x = (<span class="dlhw-final">${show(final[2 * run])}</span>,` +
  ` <span class="dlhw-final-2">${show(final[2 * run + 1])}</span>).</p>`;
""",
    )
    _wire(update, widgets, readout)
    return root


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
    from bokeh.models import ColumnDataSource, CustomJS, Range1d, Select, Span

    runs = nonsmooth_runs() if runs is None else runs
    rate = _index_slider(
        [repr(float(r)) for r in runs.rates],
        int(np.flatnonzero(runs.rates == 0.01)[0]),
        "Learning rate δ (log scale)",
        "rate",
    )
    mode = Select(
        title="Start",
        value="S",
        options=[("S", "a member of S"), ("anywhere", "anywhere")],
        css_classes=["dlhw-mode"],
        stylesheets=[_WIDGET_CSS],
    )
    member = _index_slider(
        [str(n) for n in range(runs.members)], 3, "Member n of S (x₀ = δ²uₙ)", "member"
    )
    anywhere = _index_slider(
        [repr(float(v)) for v in runs.anywhere],
        int(np.flatnonzero(runs.anywhere == 0.5)[0]),
        "Start x₀ (anywhere)",
        "x0",
    )
    step = _index_slider(
        [str(t) for t in range(runs.steps + 1)],
        runs.steps,
        "Show the iterates up to step",
        "step",
    )
    path = ColumnDataSource({"t": [], "x": [], "u": []})
    now = ColumnDataSource({"t": [], "x": [], "u": []})
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
    cycle = float(two_cycle(1))
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
    readout = _readout()
    widgets = [rate, mode, member, anywhere, step]
    root = _finish(
        [rate, _row(mode, member, anywhere), _row(step, _play(step))],
        [left, right],
        readout,
    )
    update = CustomJS(
        args={
            "rate": rate,
            "mode": mode,
            "member": member,
            "anywhere": anywhere,
            "step": step,
            "path": path,
            "now": now,
            "readout": readout,
            "x_range": left.y_range,
            "rates": runs.rates,
            "members": runs.members,
            "nstarts": runs.starts.shape[1],
            "T": runs.steps + 1,
            "xs": _f32(runs.iterates),
            "starts": runs.starts.ravel(),
            "final": runs.final.ravel(),
            "ending": list(runs.ending.ravel()),
            "cycle": cycle,
        },
        code=_SHOW
        + """
const fromS = mode.value === 'S';
member.disabled = !fromS; anywhere.disabled = fromS;
const i = rate.value, k = step.value, d = rates[i], d2 = d * d;
const s = fromS ? member.value : members + anywhere.value;
const run = i * nstarts + s, base = run * T;
const t = [], x = [], u = [];
for (let n = 0; n <= k; n++) { t.push(n); x.push(xs[base + n]); u.push(xs[base + n] / d2); }
path.data = {t, x, u};
const low = Math.min(...x), high = Math.max(...x), pad = 0.05 * (high - low || 1e-300);
x_range.start = low - pad; x_range.end = high + pad;
now.data = {t: [k], x: [x[k]], u: [u[k]]};
const end = ending[run];
const words = end === 'at 0' ? 'reached 0 and stays there'
  : end === 'two-cycle' ? `in the two-cycle ±δ²/4 = ±${show(cycle * d2)}`
  : 'not yet at 0 nor in the two-cycle';
readout.text =
  `<p>δ = <span class="dlhw-rate">${show(d)}</span>, start x<sub>0</sub> =` +
  ` <span class="dlhw-start">${show(starts[run])}</span>` +
  (fromS ? ` (the float64 number nearest δ²u<sub>${member.value}</sub>, member ${member.value} of S)` : ``) +
  `.</p><p>At step ${k}: x = ${near(x[k])} = ${near(u[k])} δ².</p>` +
  `<p>After ${T - 1} steps: x = <span class="dlhw-final">${show(final[run])}</span>:` +
  ` <strong class="dlhw-outcome">${words}</strong>.</p>`;
""",
    )
    _wire(update, widgets, readout)
    return root


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
    from bokeh.models import ColumnDataSource, CustomJS, Range1d

    runs = one_step_runs() if runs is None else runs

    def label(offset: float, centre: str) -> str:
        return (
            centre
            if offset == 0
            else f"{centre} {'+' if offset > 0 else '−'} {abs(offset):.0e}"
        )

    i0, j0 = runs.index(0.0, 0.0)
    x0 = _index_slider([label(o, "√3") for o in runs.x0_offsets], i0, "Start x₀", "x0")
    rate = _index_slider(
        [label(o, "1/4") for o in runs.eta_offsets], j0, "Learning rate η", "rate"
    )
    step = _index_slider(
        [str(t) for t in range(runs.steps + 1)],
        runs.steps,
        "Show the iterates up to step",
        "step",
    )
    grid = np.linspace(-2.3, 2.3, 461)
    curve = ColumnDataSource({"x": grid, "y": quartic.f(grid)})
    path = ColumnDataSource({"t": [], "x": [], "y": [], "ax": []})
    now = ColumnDataSource({"t": [], "x": [], "y": [], "ax": []})
    first = ColumnDataSource({"x": [], "y": []})
    left = _figure(
        "f(x) = x⁴ − 4x² and the iterates",
        "x",
        "f(x)",
        x_range=Range1d(-2.3, 2.3),
        y_range=Range1d(-5, 8),
    )
    left.line("x", "y", source=curve, color=CURVE_COLOR, line_width=2)
    left.line(
        "x", "y", source=first, color=MARK_COLOR, line_width=3, line_dash="dashed"
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
    readout = _readout()
    widgets = [x0, rate, step]
    root = _finish([_row(x0, rate), _row(step, _play(step))], [left, right], readout)
    update = CustomJS(
        args={
            "x0": x0,
            "rate": rate,
            "step": step,
            "path": path,
            "now": now,
            "first": first,
            "readout": readout,
            "starts": runs.x0,
            "rates": runs.rates,
            "one_step": runs.one_step_rates,
            "n": len(runs.rates),
            "T": runs.steps + 1,
            "xs": _f32(runs.iterates),
            "x1": runs.iterates[..., 1].ravel(),
            "fs": _f32(runs.values),
            "escape": runs.escape.ravel(),
            "final": runs.final.ravel(),
            "limit": ESCAPE,
        },
        code=_SHOW
        + """
const i = x0.value, j = rate.value, k = step.value;
const run = i * n + j, base = run * T;
const t = [], x = [], y = [], ax = [];
for (let m = 0; m <= k; m++) {
  t.push(m); x.push(xs[base + m]); y.push(fs[base + m]);
  ax.push(xs[base + m] === 0 ? NaN : Math.abs(xs[base + m]));
}
path.data = {t, x, y, ax};
now.data = {t: [k], x: [x[k]], y: [y[k]], ax: [ax[k]]};
first.data = k >= 1 ? {x: [x[0], x[1]], y: [y[0], y[1]]} : {x: [], y: []};
const out = escape[run];
readout.text =
  `<p>x<sub>0</sub> = <span class="dlhw-x0">${show(starts[i])}</span>,` +
  ` η = <span class="dlhw-rate">${show(rates[j])}</span>; the rate whose one step` +
  ` from this x<sub>0</sub> lands exactly on 0 is ${show(one_step[i])}.</p>` +
  `<p>The first step lands at x<sub>1</sub> = <span class="dlhw-x1">${show(x1[run])}</span>` +
  (out >= 0 ? `; |x| first exceeds ${limit} at step ${out}` : `; |x| never exceeds ${limit}`) +
  `.</p><p>At step ${k}: x = ${near(x[k])}. After ${T - 1} steps:` +
  ` x = <span class="dlhw-final">${show(final[run])}</span>.</p>`;
""",
    )
    _wire(update, widgets, readout)
    return root


_LAYOUTS: dict[str, Callable[[], LayoutDOM]] = {
    "3a": plateau_layout,
    "3b": bowl_layout,
    "3c": nonsmooth_layout,
    "3d": one_step_layout,
}


def layout(problem: str) -> LayoutDOM:
    """The explorable figure of ``problem`` (one of :data:`PROBLEMS`).

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
    if problem not in _LAYOUTS:
        raise ValueError(
            f"no explorable figure for problem {problem!r}; one of {PROBLEMS}"
        )
    return _LAYOUTS[problem]()


def explorer_html(root: LayoutDOM, name: str) -> str:
    """The HTML that embeds ``root``: a target ``div`` and the figure as JSON.

    ``docs/_static/dlhw-explore.js`` renders every such figure with BokehJS.
    Bokeh numbers its models in the order they are made, so one build and the
    next write the same text.

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


def show(problem: str) -> Any:
    """The explorable figure of ``problem`` for a page: an IPython HTML object."""
    from IPython.display import HTML

    return HTML(explorer_html(layout(problem), f"p{problem}"))
