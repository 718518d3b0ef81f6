"""Problem 3c's facts record: the single source of its page, claims and headline.

Examples
--------
>>> f = facts_3c()
>>> f.claim("3c-example-2-swing").verdict
'depends'
>>> from dlhw.report.facts import by_name
>>> values = by_name(f.glued())
>>> values["p3c_cycle"].text, values["p3c_first_0"].text, values["p3c_n"].text
('$\\\\frac{\\\\delta^{2}}{4}$', '9', '500')
>>> values["p3c_swing_rates"].text
'$10^{-2}$ and $10^{-1}$'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from dlhw.cache import persistent
from dlhw.objectives import abs_three_halves
from dlhw.problem3c import (
    SPREAD,
    CycleFindings,
    SFindings,
    delta,
    equilibria,
    increasing_region,
    preimage_root,
    s_values,
    set_s_findings,
    step_map,
    two_cycle,
    two_cycle_findings,
    two_cycle_multiplier,
    unit_step_map,
)
from dlhw.published import REPORTED_3C, Reported3c
from dlhw.report.audit import claims_markdown, verdict_counts
from dlhw.report.claim import Claim
from dlhw.report.claims3c import SPREADS, claims_3c, percent
from dlhw.report.facts import Glued, KeyedClaims, markdown, math, text
from dlhw.report.rules import Assuming, Likely
from dlhw.report.tables import markdown_table
from dlhw.report.text import fmt, math_markdown, power_markdown, words

__all__ = ["FAR_MEMBER", "Facts3c", "facts_3c"]

#: The member of :math:`S` the page quotes to show how the members grow.
FAR_MEMBER = 100

#: How many members of :math:`S` the page lists exactly.
_LISTED = 4

#: The settled shares the page quotes, as (rate, horizon) indices: the
#: smallest rate by the longer run, the middle one by both, the largest by
#: the shorter (``p3c_by_<rate>_<horizon>``).
_QUOTED_SHARES = ((0, 1), (1, 0), (1, 1), (2, 0))


def _chance(c: Claim) -> float:
    """The probability a claim judged by :class:`~dlhw.report.rules.Likely` rests on.

    For a claim judged over the starts' spread
    (:class:`~dlhw.report.rules.Assuming`), the chance under the spread
    assumed here, its first case.
    """
    finding = c.finding.cases[0][1] if isinstance(c.finding, Assuming) else c.finding
    if not isinstance(finding, Likely) or finding.probability is None:
        raise TypeError(f"claim {c.key!r} is not judged by a measured chance")
    return finding.probability


@dataclass(frozen=True)
class Facts3c(KeyedClaims):
    """Everything the report says of Problem 3c, computed once.

    Attributes
    ----------
    reported : Reported3c
        The report's numbers and words.
    s_findings : SFindings
        Exact against float64 descent from members of :math:`S`
        (:func:`dlhw.problem3c.set_s_findings`).
    cycle_findings : CycleFindings
        Descent from seeded Gaussian starts
        (:func:`dlhw.problem3c.two_cycle_findings`).
    claims : tuple of Claim
        The report's claims, judged (:func:`dlhw.report.claims3c.claims_3c`).
    """

    reported: Reported3c
    s_findings: SFindings
    cycle_findings: CycleFindings
    claims: tuple[Claim, ...]

    @property
    def cycle(self) -> sp.Expr:
        """The two-cycle's amplitude, exactly (:func:`dlhw.problem3c.two_cycle`)."""
        return two_cycle()

    def glued(self) -> tuple[Glued, ...]:
        """Every value the Problem 3c page cites, by glue name."""
        return (*self._exact(), *self._from_s(), *self._gaussian(), *self._verdicts())

    def _exact(self) -> tuple[Glued, ...]:
        s = self.s_findings
        members = s.members[:_LISTED]
        return (
            math("p3c_f", abs_three_halves.expr),
            math("p3c_grad", abs_three_halves.gradient_expr[0]),
            math("p3c_equilibria", equilibria()),
            math("p3c_step", sp.Eq(sp.Symbol("x'"), step_map())),
            math("p3c_unit", sp.Eq(sp.Symbol("u'"), unit_step_map())),
            math("p3c_root", sp.Eq(sp.sqrt(sp.Symbol("s")), preimage_root())),
            markdown("p3c_members", ", ".join(map(math_markdown, members)) + ", …"),
            math("p3c_u2", members[2]),
            text("p3c_u3_f", fmt(float(members[3]), 6)),
            math("p3c_cycle", self.cycle),
            math("p3c_unit_cycle", two_cycle(1)),
            math("p3c_multiplier", two_cycle_multiplier()),
            math("p3c_increasing", increasing_region()),
            math("p3c_delta2", delta**2),
            text("p3c_exact_members", len(s.exact_steps)),
            text("p3c_exact_last", len(s.exact_steps) - 1),
            text("p3c_checked", s.checked),
            text("p3c_long_steps", s.long_steps),
            text("p3c_tol", fmt(s.tolerance, 1)),
            text("p3c_far", FAR_MEMBER),
            text("p3c_u100", fmt(float(s_values(FAR_MEMBER + 1)[FAR_MEMBER]), 5)),
        )

    def _from_s(self) -> tuple[Glued, ...]:
        s = self.s_findings
        table = markdown_table(
            [
                "learning rate",
                "first member that misses 0",
                "members that miss 0",
                "exactly 0 after the long run",
                "on the two-cycle after the long run",
                "largest distance to the cycle",
                "steps to settle on the cycle",
            ],
            (
                [
                    power_markdown(rate),
                    s.first_failure[j],
                    f"{s.failures[j]} of {s.checked}",
                    s.long_zero[j],
                    s.long_cycle[j],
                    fmt(s.long_gap[j], 2),
                    s.settle_after[j],
                ]
                for j, rate in enumerate(s.learning_rates)
            ),
        )
        per_rate = [
            value
            for j, rate in enumerate(s.learning_rates)
            for value in (
                text(f"p3c_first_{j}", s.first_failure[j]),
                markdown(f"p3c_rate_{j}", power_markdown(rate)),
            )
        ]
        return (
            markdown("p3c_s_table", table),
            *per_rate,
            text("p3c_settle_max", max(s.settle_after)),
            text("p3c_all_after", "every" if s.fail_after_first else "not every"),
        )

    def _gaussian(self) -> tuple[Glued, ...]:
        c, rep = self.cycle_findings, self.reported
        first_h, last_h = min(c.horizons), max(c.horizons)
        table = markdown_table(
            [
                "learning rate",
                "steps run",
                "median steps to enter $(-\\delta^2, \\delta^2)$",
                "most steps",
                "entry step as predicted",
                f"settled by step {first_h}",
                f"settled by step {last_h}",
                "largest final distance to the cycle",
                "runs that hit 0",
            ],
            (
                [
                    power_markdown(rate),
                    c.steps[j],
                    fmt(np.median(c.enter_steps[j])),
                    int(c.enter_steps[j].max()),
                    percent(c.prediction_matches[j]),
                    percent(c.settled_share(rate, first_h)),
                    percent(c.settled_share(rate, last_h)),
                    fmt(c.final_gap[j], 2),
                    c.reached_zero[j],
                ]
                for j, rate in enumerate(c.learning_rates)
            ),
        )
        horizons = (first_h, last_h)
        settled = [
            text(
                f"p3c_by_{j}_{k}",
                percent(c.settled_share(c.learning_rates[j], horizons[k])),
            )
            for j, k in _QUOTED_SHARES
        ]
        return (
            text("p3c_n", len(c.starts)),
            text("p3c_seed", c.seed),
            text("p3c_spread", fmt(c.spread)),
            text("p3c_likely", f"{100 * Likely(None).threshold:g}%"),
            text("p3c_spreads", words(fmt(v) for v in SPREADS)),
            text("p3c_h0", first_h),
            text("p3c_h1", last_h),
            markdown("p3c_gauss_table", table),
            text("p3c_zero_runs", sum(c.reached_zero)),
            text(
                "p3c_pred_all",
                "every" if min(c.prediction_matches) == 1.0 else "not every",
            ),
            *settled,
            text("p3c_ratio_lo", fmt(min(c.entry_ratio), 3)),
            text("p3c_ratio_hi", fmt(max(c.entry_ratio), 3)),
            markdown("p3c_short_rates", words(map(power_markdown, rep.example2_short))),
            markdown(
                "p3c_swing_rates", words(map(power_markdown, rep.example2_oscillating))
            ),
        )

    def _verdicts(self) -> tuple[Glued, ...]:
        return (
            markdown("p3c_verdicts", claims_markdown(self.claims)),
            *(
                text(f"p3c_n_{verdict}", n)
                for verdict, n in verdict_counts(self.claims).items()
            ),
            text("p3c_p_swing", percent(_chance(self.claim("3c-example-2-swing")))),
        )


@persistent(disk=False)
def facts_3c(spread: float = SPREAD, reported: Reported3c = REPORTED_3C) -> Facts3c:
    """Problem 3c's facts record (cached).

    Parameters
    ----------
    spread : float, optional
        Standard deviation of the Gaussian starts (unstated by the report;
        :data:`~dlhw.problem3c.SPREAD` by default).
    reported : Reported3c, optional
        The report's numbers (:data:`~dlhw.published.REPORTED_3C`).

    Returns
    -------
    Facts3c
    """
    return Facts3c(
        reported=reported,
        s_findings=set_s_findings(short_steps=reported.example1_steps),
        cycle_findings=two_cycle_findings(
            horizons=reported.example2_steps, spread=spread
        ),
        claims=claims_3c(spread, reported),
    )
