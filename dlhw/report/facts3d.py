"""Problem 3d's facts record: the single source of its page, claims and headline.

Examples
--------
>>> f = facts_3d()
>>> f.claim("3d-pair").verdict
'confirmed'
>>> from dlhw.report.facts import by_name
>>> values = by_name(f.glued())
>>> values["p3d_eta"].text, values["p3d_escape"].text
('$\\\\frac{1}{4}$', '32')
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from dlhw.cache import persistent
from dlhw.objectives import Objective, quartic
from dlhw.problem3d import ESCAPE_RADIUS, Findings3d, findings_3d
from dlhw.published import REPORTED_3D, Reported3d
from dlhw.report.audit import claims_markdown
from dlhw.report.claim import Claim
from dlhw.report.claims3d import claims_3d
from dlhw.report.facts import Glued, KeyedClaims, markdown, math, text
from dlhw.report.tables import markdown_table
from dlhw.report.text import fmt, math_markdown

__all__ = ["Facts3d", "facts_3d"]


@dataclass(frozen=True)
class Facts3d(KeyedClaims):
    """Everything the report says of Problem 3d, computed once.

    Attributes
    ----------
    reported : Reported3d
        The report's numbers.
    objective : Objective
        The function (the quartic).
    findings : Findings3d
        What dlhw derives and measures (:func:`dlhw.problem3d.findings_3d`).
    claims : tuple of Claim
        The report's claims, judged (:func:`dlhw.report.claims3d.claims_3d`).
    """

    reported: Reported3d
    objective: Objective
    findings: Findings3d
    claims: tuple[Claim, ...]

    def glued(self) -> tuple[Glued, ...]:
        """Every value the Problem 3d page cites, by glue name."""
        f, rep, objective = self.findings, self.reported, self.objective
        points = markdown_table(
            ["$x$", "$f(x)$", "$f''(x)$", "kind"],
            zip(
                map(math_markdown, f.locations),
                map(math_markdown, f.values),
                map(math_markdown, f.curvatures),
                f.kinds,
                strict=True,
            ),
        )
        return (
            math("p3d_f", objective.expr),
            math("p3d_df", objective.gradient_expr[0].factor()),
            markdown("p3d_points", points),
            text("p3d_n_points", len(f.locations)),
            math("p3d_family", sp.Eq(sp.Symbol(r"\eta"), f.family)),
            math("p3d_domain", f.domain),
            math("p3d_x0", rep.x0),
            math("p3d_eta", f.family_rate),
            math("p3d_step", f.exact_step),
            text("p3d_reported_eta", f"{float(rep.learning_rate):g}"),
            text("p3d_pair_verdict", self.claim("3d-pair").verdict),
            math("p3d_repel", f.repel_factor),
            math("p3d_min_factor", f.minimum_factor),
            text("p3d_float_x1", f"{f.landed:.1e}"),
            text("p3d_radius", fmt(ESCAPE_RADIUS)),
            text("p3d_escape", f.escape_step),
            text("p3d_steps", len(f.iterates) - 1),
            text("p3d_tail_lo", f"{f.tail[0]:.2f}"),
            text("p3d_tail_hi", f"{f.tail[1]:.2f}"),
            markdown("p3d_claims", claims_markdown(self.claims)),
        )


@persistent(disk=False)
def facts_3d(
    reported: Reported3d = REPORTED_3D, objective: Objective = quartic
) -> Facts3d:
    """Problem 3d's facts record (cached).

    Parameters
    ----------
    reported : Reported3d, optional
        The report's numbers and its pair (:data:`~dlhw.published.REPORTED_3D`).
    objective : Objective, optional
        The function (the assignment's quartic :math:`x^4 - 4x^2`).

    Returns
    -------
    Facts3d
    """
    return Facts3d(
        reported=reported,
        objective=objective,
        findings=findings_3d(reported.x0, reported.learning_rate, objective),
        claims=claims_3d(reported, objective),
    )
