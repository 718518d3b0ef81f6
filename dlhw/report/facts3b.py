"""Problem 3b's facts record: the single source of its page, claims and headline.

Examples
--------
>>> f = facts_3b()
>>> f.claim("3b-centre").verdict
'unverifiable'
>>> from dlhw.report.facts import by_name
>>> values = by_name(f.glued())
>>> values["p3b_label"].text, values["p3b_ratio"].text, values["p3b_m1"].text
('stand-in trajectory (synthetic)', '36', '0.00911')
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import sympy as sp

from dlhw.cache import persistent
from dlhw.objectives import bowl
from dlhw.problem3b import (
    COURSE_FILE,
    MIN_POINTS,
    CurvatureOrder,
    Trajectory,
    TrajectoryFindings,
    ZigzagFindings,
    a1,
    a2,
    axis_conditions,
    axis_factors,
    c1,
    c2,
    curvature_order,
    mean_offset_factor,
    scaled_rate_factor_range,
    trajectory_findings,
    zigzag_findings,
)
from dlhw.problem3b import trajectory as load_trajectory
from dlhw.published import REPORTED_3B, Reported3b
from dlhw.report.audit import claims_markdown, verdict_counts
from dlhw.report.claim import Claim
from dlhw.report.claims3b import CENTRE_TOLERANCE, RATIO_TOLERANCE, claims_3b_from
from dlhw.report.facts import Glued, KeyedClaims, markdown, math, text
from dlhw.report.rules import CONFIRMED, DIFFERS, UNVERIFIABLE
from dlhw.report.text import fmt

__all__ = ["Facts3b", "facts_3b"]


@dataclass(frozen=True)
class Facts3b(KeyedClaims):
    """Everything the report says of Problem 3b, computed once.

    Attributes
    ----------
    reported : Reported3b
        The report's constants and words.
    trajectory : Trajectory
        The course's trajectory file when given, else the stand-in
        (:func:`dlhw.problem3b.trajectory`).
    findings : TrajectoryFindings
        What dlhw measures on it (:func:`dlhw.problem3b.trajectory_findings`).
    standin : ZigzagFindings
        How the inference recovers the stand-in's known constants
        (:func:`dlhw.problem3b.zigzag_findings`).
    order : CurvatureOrder
        The report's inference tried on random bowls
        (:func:`dlhw.problem3b.curvature_order`).
    claims : tuple of Claim
        The report's claims, judged on ``findings``
        (:func:`dlhw.report.claims3b.claims_3b_from`).
    """

    reported: Reported3b
    trajectory: Trajectory
    findings: TrajectoryFindings
    standin: ZigzagFindings
    order: CurvatureOrder
    claims: tuple[Claim, ...]

    def glued(self) -> tuple[Glued, ...]:
        """Every value the Problem 3b page cites, by glue name."""
        m, rep, order = self.findings, self.reported, self.order
        ex = self.standin.example
        n_points = len(self.trajectory.points)
        r1, r2 = axis_factors()
        exact_r = [sp.nsimplify(r) for r in ex.factors]
        offsets = [float(mean_offset_factor(r, ex.steps + 1)) for r in exact_r]
        counts = verdict_counts(self.claims)
        return (
            # one step, one axis at a time
            math("p3b_f", bowl(a1, a2, c1, c2).expr),
            math("p3b_r1", sp.Eq(sp.Symbol("r_1"), r1)),
            math("p3b_r2", sp.Eq(sp.Symbol("r_2"), r2)),
            *(
                value
                for axis in (1, 2)
                for value in (
                    math(f"p3b_zig{axis}", axis_conditions(axis).zigzag),
                    math(f"p3b_div{axis}", axis_conditions(axis).diverges),
                )
            ),
            # the trajectory
            text("p3b_file", COURSE_FILE),
            text("p3b_label", m.label),
            text("p3b_n_points", n_points),
            text("p3b_min_points", MIN_POINTS),
            *(
                text(f"p3b_ex_{name}", fmt(getattr(ex, name)))
                for name in ("a1", "a2", "c1", "c2", "learning_rate")
            ),
            text("p3b_ex_start", f"({fmt(ex.start[0])}, {fmt(ex.start[1])})"),
            text("p3b_ex_steps", ex.steps),
            math("p3b_ex_r1", exact_r[0]),
            math("p3b_ex_r2", exact_r[1]),
            # inference
            *(
                text(f"p3b_inf_{name}", fmt(value, 12))
                for name, value in zip(
                    ("a1", "a2", "c1", "c2"), self.standin.inferred, strict=True
                )
            ),
            text("p3b_err_max", fmt(max(self.standin.relative_errors), 2)),
            text("p3b_true_ratio", fmt(ex.a1 / ex.a2, 6)),
            text("p3b_fit_r1", fmt(m.factors[0], 6)),
            text("p3b_fit_r2", fmt(m.factors[1], 6)),
            text("p3b_fit_c", f"({fmt(m.centre[0], 6)}, {fmt(m.centre[1], 6)})"),
            text("p3b_residual", fmt(m.residual, 2)),
            text("p3b_ratio", fmt(m.ratio, 6)),
            # the report's choice
            text("p3b_rep_a1", fmt(rep.a1)),
            text("p3b_rep_a2", fmt(rep.a2)),
            text("p3b_rep_ratio", fmt(rep.ratio)),
            text("p3b_ratio_tol", f"{fmt(100 * RATIO_TOLERANCE)}%"),
            text(
                "p3b_mean_c",
                f"({fmt(m.mean_centre[0], 4)}, {fmt(m.mean_centre[1], 4)})",
            ),
            text("p3b_mean_dist", fmt(m.mean_distance, 3)),
            text("p3b_mean_offset", f"{fmt(100 * m.mean_offset, 3)}%"),
            text("p3b_centre_tol", f"{fmt(100 * CENTRE_TOLERANCE)}%"),
            math("p3b_offset", sp.Eq(sp.Symbol("m"), mean_offset_factor())),
            text("p3b_m1", fmt(offsets[0], 3)),
            text("p3b_m2", fmt(offsets[1], 3)),
            text("p3b_pred_agree", fmt(self.standin.prediction_gap, 2)),
            # part (i)
            text("p3b_scale", m.scale),
            math("p3b_small_range", scaled_rate_factor_range(m.scale)),
            text("p3b_small_r1", fmt(m.small_factors[0], 6)),
            text("p3b_small_r2", fmt(m.small_factors[1], 6)),
            text("p3b_rev1", m.reversals[0]),
            text("p3b_rev2", m.reversals[1]),
            text("p3b_small_rev1", m.small_reversals[0]),
            text("p3b_small_rev2", m.small_reversals[1]),
            text("p3b_steps", n_points - 1),
            text("p3b_small_span", m.scale * (n_points - 1)),
            text("p3b_fraction", f"{fmt(100 * m.fraction)}%"),
            text("p3b_settle", m.steps),
            text("p3b_small_settle", m.small_steps),
            text(
                "p3b_steps_ratio",
                "not measured" if m.steps_ratio is None else fmt(m.steps_ratio, 4),
            ),
            # part (ii)
            text("p3b_samples", order.samples),
            text("p3b_one_axis", order.one_axis),
            text("p3b_counter", order.counterexamples),
            # verdicts
            markdown("p3b_verdicts", claims_markdown(self.claims)),
            *(
                text(f"p3b_n_{verdict}", counts[verdict])
                for verdict in (CONFIRMED, DIFFERS, UNVERIFIABLE)
            ),
        )


@persistent(disk=False)
def facts_3b(trajectory: str | os.PathLike[str] | None = None) -> Facts3b:
    """Problem 3b's facts record (cached).

    Parameters
    ----------
    trajectory : str or os.PathLike, optional
        The course's trajectory file (:data:`dlhw.problem3b.COURSE_FILE`);
        without it the stand-in, on which every claim is unverifiable.

    Returns
    -------
    Facts3b

    Raises
    ------
    dlhw.problem3b.TrajectoryError
        For a file that is not a gradient-descent trajectory.
    """
    source = load_trajectory(trajectory)
    findings = trajectory_findings(source)
    return Facts3b(
        reported=REPORTED_3B,
        trajectory=source,
        findings=findings,
        standin=zigzag_findings(),
        order=curvature_order(),
        claims=claims_3b_from(findings),
    )
