"""Problem 3a's facts record: the single source of its page, claims and headline.

Examples
--------
>>> f = facts_3a()
>>> f.claim("3a-range").verdict, f.claim("3a-diverge").verdict
('depends', 'confirmed')
>>> from dlhw.report.facts import by_name
>>> values = by_name(f.glued())
>>> values["p3a_still_first"].text, values["p3a_still_first_x"].text
('$10^{-5}$', '-0.3')
>>> values["p3a_pass"].text, values["p3a_n_oscillating"].text
('$\\\\frac{61}{270}$', '244')
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from dlhw.cache import persistent
from dlhw.derivations import (
    Breakpoint,
    GlobalMinimum,
    StationaryPoint,
    breakpoints,
    global_minimum,
    pieces,
    stationary_points,
)
from dlhw.objectives import plateau
from dlhw.problem3a import (
    LONG_STEPS,
    X0,
    Findings3a,
    RateScan,
    RateSweep,
    back_across_jump,
    findings_3a,
    minimizer,
    periods_ending_at,
    rate_scan,
    region,
    stall_gap,
)
from dlhw.published import REPORTED_3A, Reported3a
from dlhw.report.audit import claims_markdown
from dlhw.report.claim import Claim
from dlhw.report.claims3a import claims_3a, rounding
from dlhw.report.facts import Glued, KeyedClaims, markdown, math, text
from dlhw.report.tables import markdown_table
from dlhw.report.text import fmt, math_markdown, power_markdown, words

__all__ = ["Facts3a", "facts_3a"]

_X = plateau.symbols[0]


def _exact_and_float(name: str, value: sp.Expr, digits: int = 4) -> tuple[Glued, Glued]:
    """An exact value as math (``name``) and its decimal as text (``name_f``)."""
    return math(name, value), text(name + "_f", fmt(float(value), digits))


def _cells(sweep: RateSweep, j: int) -> list[str]:
    """The last iterate, its value and its stretch of run ``j``, or its overflow."""
    if sweep.run.diverged[j]:
        return [f"overflow at step {int(sweep.run.diverged_at[j])}", "", ""]
    xt = float(sweep.final[j])
    return [fmt(xt, 6), fmt(float(sweep.final_value[j])), str(region(xt))]


@dataclass(frozen=True)
class Facts3a(KeyedClaims):
    """Everything the report says of Problem 3a, computed once.

    Attributes
    ----------
    reported : Reported3a
        The report's numbers.
    findings : Findings3a
        The runs the claims are judged on (:func:`dlhw.problem3a.findings_3a`):
        the report's rates, short and long, the long scan, the decaying
        schedule, the exact thresholds.
    pieces : tuple of (sympy.Expr, sympy.Set)
        The plateau function's pieces (:func:`dlhw.derivations.pieces`).
    breakpoints : tuple of Breakpoint
        Where they meet (:func:`dlhw.derivations.breakpoints`).
    inflection : StationaryPoint
        The flat inflection at the right end of the plateau.
    minimum : GlobalMinimum
        The global minimum.
    budget_scan : RateScan
        The fine scan after the report's step budget (its schedule's limit).
    back_scan : float
        The smallest scanned rate that steps back across the jump in that
        budget (:func:`dlhw.problem3a.back_across_jump`).
    claims : tuple of Claim
        The report's claims, judged (:func:`dlhw.report.claims3a.claims_3a`).
    """

    reported: Reported3a
    findings: Findings3a
    pieces: tuple[tuple[sp.Expr, sp.Set], ...]
    breakpoints: tuple[Breakpoint, ...]
    inflection: StationaryPoint
    minimum: GlobalMinimum
    budget_scan: RateScan
    back_scan: float
    claims: tuple[Claim, ...]

    def glued(self) -> tuple[Glued, ...]:
        """Every value the Problem 3a page cites, by glue name."""
        return (
            *self._function(),
            *self._rates(),
            *self._scan(),
            *self._decay(),
            markdown("p3a_claims", claims_markdown(self.claims)),
            text("p3a_n_claims", len(self.claims)),
            text("p3a_n_differs", sum(c.verdict == "differs" for c in self.claims)),
            text("p3a_n_depends", sum(c.verdict == "depends" for c in self.claims)),
        )

    def _function(self) -> tuple[Glued, ...]:
        """The function: its pieces, the jump, the inflection, the minimum."""
        t, rep = self.findings.thresholds, self.reported
        (jump,) = (b for b in self.breakpoints if not b.continuous)
        flat, best, x_min = self.inflection, self.minimum, minimizer()
        pieces_table = markdown_table(
            ["where", "$f(x)$", "$f'(x)$"],
            (
                [math_markdown(e) for e in (w, p, sp.diff(p, _X))]
                for p, w in self.pieces
            ),
        )
        sides = ("x", "left_value", "right_value", "jump", "left_slope", "right_slope")
        breaks_table = markdown_table(
            ["$x$", "$f(x^-)$", "$f(x^+)$", "jump", "$f'(x^-)$", "$f'(x^+)$"],
            ([math_markdown(getattr(b, s)) for s in sides] for b in self.breakpoints),
        )
        return (
            text("p3a_n_pieces", len(self.pieces)),
            markdown("p3a_pieces", pieces_table),
            markdown("p3a_breaks", breaks_table),
            math("p3a_jump_x", jump.x),
            math("p3a_jump", jump.jump),
            math("p3a_jump_value", jump.value),
            math("p3a_jump_slope", jump.left_slope),
            *_exact_and_float("p3a_back", t.back_across_jump),
            text("p3a_back_scan", fmt(self.back_scan)),
            text("p3a_back_steps", rep.decay.steps),
            math("p3a_x_infl", flat.x),
            math("p3a_f_infl", flat.value),
            text("p3a_infl_order", flat.order),
            math("p3a_flat", sp.Interval.Ropen(self.breakpoints[0].x, flat.x)),
            math("p3a_x_min", x_min),
            math("p3a_f_min", best.value),
            text("p3a_f_min_f", fmt(float(best.value), 5)),
            math("p3a_curv", sp.diff(plateau.expr, _X, 2).subs(_X, x_min)),
            *_exact_and_float("p3a_stab", t.stability),
            *_exact_and_float("p3a_overshoot", t.overshoot),
        )

    def _rates(self) -> tuple[Glued, ...]:
        """The report's rates, after its few steps and after many."""
        f, rep = self.findings, self.reported
        t, short, long, small = f.thresholds, f.short, f.long, f.gradual
        sweep = markdown_table(
            [
                "rate",
                f"$x$ after {short.steps}",
                "$f$",
                "where",
                f"$x$ after {long.steps}",
                "$f$",
                "where",
                "outcome",
            ],
            (
                [
                    power_markdown(r),
                    *_cells(short, j),
                    *_cells(long, j),
                    str(long.outcome[j]),
                ]
                for j, r in enumerate(long.rates)
            ),
        )
        still_first = f.still_first
        return (
            text("p3a_x0", fmt(f.x0)),
            math("p3a_x1", sp.Eq(sp.Symbol("x_1"), t.first_step)),
            math(
                "p3a_slope_x0", sp.diff(plateau.expr, _X).subs(_X, sp.nsimplify(f.x0))
            ),
            text("p3a_short", short.steps),
            text("p3a_long", long.steps),
            text("p3a_n_small", len(rep.gradual_rates)),
            text("p3a_n_big", len(rep.diverging_rates)),
            markdown("p3a_rate_lo", power_markdown(rep.gradual_rates[0])),
            markdown("p3a_rate_small_hi", power_markdown(rep.gradual_rates[-1])),
            markdown("p3a_sweep", sweep),
            text("p3a_long_fmin", fmt(float(long.final_value[small].min()), 3)),
            text("p3a_long_fmax", fmt(float(long.final_value[small].max()), 3)),
            text(
                "p3a_div_steps",
                words(int(s) for s in short.diverged_step[f.diverging]),
            ),
            text(
                "p3a_x1_small",
                fmt(float(t.first_step.subs(t.eta, rep.gradual_rates[-1])), 3),
            ),
            markdown(
                "p3a_still_first", words(power_markdown(r) for r, _ in still_first)
            ),
            text("p3a_still_first_x", words(fmt(x, 3) for _, x in still_first)),
            *_exact_and_float("p3a_escape", t.escape),
            text("p3a_gap_last", fmt(float(long.to_inflection[small][-1]), 2)),
            text("p3a_gap_pred", fmt(stall_gap(rep.gradual_rates[-1], long.steps), 2)),
            math("p3a_slope_plateau", sp.diff(self.pieces[1][0], _X)),
            markdown("p3a_gap_step", f"$d' = {sp.latex(t.gap_step, order='rev-lex')}$"),
        )

    def _scan(self) -> tuple[Glued, ...]:
        """The fine scan of fixed rates, and the report's range."""
        f, rep = self.findings, self.reported
        t, scan, budget = f.thresholds, f.scan, self.budget_scan
        counts = budget.counts()
        rates = scan.rates
        bands = markdown_table(
            ["rates", "outcome"],
            ([f"{fmt(lo)} to {fmt(hi)}", outcome] for lo, hi, outcome in scan.bands()),
        )
        lo, hi = t.bounce_interval(t.pass_inflection)
        # the bouncing's interval in k = eta f''(6): the image of x = 5 and its image
        k = sp.Symbol("k")
        low, high = rep.pass_range
        return (
            text("p3a_scan_n", rates.size),
            text("p3a_scan_lo", fmt(rates[0])),
            text("p3a_scan_hi", fmt(rates[-1])),
            markdown("p3a_scan_step", power_markdown(round(rates[1] - rates[0], 12))),
            *_exact_and_float("p3a_reach3", t.reach_third_piece),
            *_exact_and_float("p3a_pass", t.pass_inflection),
            *_exact_and_float("p3a_throw", t.throw_back, 5),
            text("p3a_scan_steps", budget.steps),
            markdown("p3a_bands", bands),
            *(
                text("p3a_n_" + outcome.replace(" ", "_"), counts[outcome])
                for outcome in ("stalled", "oscillating", "thrown back", "converged")
            ),
            text("p3a_n_bands_short", len(budget.bands())),
            text("p3a_n_bands_long", len(scan.bands())),
            text("p3a_bounce_lo", fmt(float(lo), 3)),
            text("p3a_bounce_hi", fmt(float(hi), 3)),
            math("p3a_bounce", sp.Interval(6 - (k - 1) ** 2, 5 + k)),
            text("p3a_reported_lo", fmt(low)),
            text("p3a_reported_hi", fmt(high)),
            text("p3a_round_lo", fmt(rounding(low))),
            text("p3a_gap_lo", fmt(float(t.pass_inflection) - low, 2)),
            text("p3a_gap_hi", fmt(high - float(t.throw_back), 2)),
        )

    def _decay(self) -> tuple[Glued, ...]:
        """The decaying rate under each reading of the report's rule."""
        rep, decay = self.reported, self.reported.decay
        runs = {d.name: d for d in self.findings.decay}
        table = markdown_table(
            [
                "reading",
                "rule",
                "in the report's text",
                "steps",
                "cuts",
                "final rate",
                "final $x$",
            ],
            (
                [
                    d.name,
                    d.rule,
                    "yes" if d.described else "no",
                    d.steps_taken,
                    d.cuts,
                    fmt(d.final_rate),
                    f"{d.final_x:.7f}",
                ]
                for d in runs.values()
            ),
        )
        return (
            text("p3a_decay_start", fmt(decay.start)),
            text("p3a_decay_cut", f"{fmt(100 * (1 - decay.factor))}%"),
            markdown("p3a_decay_tol", power_markdown(decay.tol)),
            text("p3a_decay_steps", decay.steps),
            text("p3a_reported_rate", fmt(rep.final_rate)),
            text("p3a_n_readings", len(runs)),
            markdown("p3a_decay", table),
            *(
                value
                for name, d in runs.items()
                for value in (
                    text(f"p3a_{name}_rate", fmt(d.final_rate)),
                    text(f"p3a_{name}_cuts", d.cuts),
                )
            ),
            text(
                "p3a_clock_periods",
                words(periods_ending_at(runs["clock"].final_rate), "or"),
            ),
        )


@persistent(disk=False)
def facts_3a(
    steps: int = LONG_STEPS, x0: float = X0, reported: Reported3a = REPORTED_3A
) -> Facts3a:
    """Problem 3a's facts record (cached).

    Runs the report's rates, the fine scan and the decaying schedule
    (:func:`dlhw.problem3a.findings_3a`; tens of seconds the first time, then
    read from the disk cache of :mod:`dlhw.cache`).

    Parameters
    ----------
    steps : int, optional
        The horizon of the long runs (:data:`~dlhw.problem3a.LONG_STEPS`).
    x0 : float, optional
        The start (the assignment's :math:`-3`).
    reported : Reported3a, optional
        The report's numbers (:data:`~dlhw.published.REPORTED_3A`).

    Returns
    -------
    Facts3a
    """
    (flat,) = (p for p in stationary_points(plateau) if p.kind == "inflection")
    return Facts3a(
        reported=reported,
        findings=findings_3a(steps, x0, reported),
        pieces=tuple(pieces(plateau)),
        breakpoints=tuple(breakpoints(plateau)),
        inflection=flat,
        minimum=global_minimum(plateau),
        budget_scan=rate_scan(reported.decay.steps, None, x0),
        back_scan=back_across_jump(reported.decay.steps),
        claims=claims_3a(steps, x0, reported),
    )
