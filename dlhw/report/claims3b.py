"""The report's claims about Problem 3b, judged on the course's trajectory.

Every claim is about the course's plot, so every verdict is decided on the
course's trajectory file (``python -m dlhw audit --trajectory FILE``): which
axis zig-zags, whether the rate overshoots, the order of the curvatures, the
report's ratio :math:`a_1/a_2`, the centre and the smaller rate. As for
Problem 2 (:mod:`dlhw.report.claims2`), the stand-in is no evidence either
way about the course's plot: without the file those measurements are absent,
the claims unverifiable, and the measured text gives the stand-in's numbers
for orientation only. What follows from the math is decided on any
trajectory, the stand-in included: a zig-zag along :math:`x_1` alone needs
:math:`a_1 > a_2` (3b-curvature, against sampled bowls and the trajectory's
own factors), and a rate 100 times smaller is smooth and stable (half of
3b-small-rate; its "much longer" half is about the course's plot). The
measurements come from :func:`dlhw.problem3b.trajectory_findings`.

Examples
--------
>>> [c.verdict for c in claims_3b()]
['unverifiable', 'confirmed', 'unverifiable', 'unverifiable', 'unverifiable']
"""

from __future__ import annotations

import os
from functools import cache
from typing import TypeVar

import sympy as sp

from dlhw.problem3b import (
    COURSE_FILE,
    TrajectoryFindings,
    curvature_order,
    one_axis_zigzag_condition,
    scaled_rate_factor_range,
    trajectory_findings,
)
from dlhw.problem3b import trajectory as load_source
from dlhw.published import REPORTED_3B
from dlhw.report.claim import DATA, Claim
from dlhw.report.rules import AllOf, AtLeast, AtMost, Close
from dlhw.report.text import fmt, math_markdown

__all__ = [
    "CENTRE_TOLERANCE",
    "MUCH_SLOWER",
    "RATIO_TOLERANCE",
    "claims_3b",
    "claims_3b_from",
]

T = TypeVar("T")

#: The mean of the iterates counts as the centre when it lies within this
#: fraction of the start's distance from the centre.
CENTRE_TOLERANCE = 0.01
#: The report's :math:`a_1/a_2` fits a trajectory when the ratio inferred from
#: it is within this relative tolerance.
RATIO_TOLERANCE = 0.1
#: "Much longer": at least this many times as many steps.
MUCH_SLOWER = 10


@cache
def claims_3b(
    trajectory: str | os.PathLike[str] | None = None,
) -> tuple[Claim, ...]:
    """The published report's claims about Problem 3b, judged.

    Parameters
    ----------
    trajectory : str or os.PathLike, optional
        The course's trajectory file (:data:`dlhw.problem3b.COURSE_FILE`);
        without it every claim is unverifiable (the stand-in's numbers are
        shown for orientation only).

    Returns
    -------
    tuple of Claim
        In the report's order.
    """
    return claims_3b_from(trajectory_findings(load_source(trajectory)))


def claims_3b_from(f: TrajectoryFindings) -> tuple[Claim, ...]:
    """The claims of :func:`claims_3b`, judged on a trajectory's findings.

    Parameters
    ----------
    f : TrajectoryFindings
        What :func:`dlhw.problem3b.trajectory_findings` measures on the
        trajectory (the claims are decided only when it is the user's file).

    Returns
    -------
    tuple of Claim
        In the report's order.
    """
    rep = REPORTED_3B
    course = f.course
    on = f"On {DATA}" if course else f"On the {DATA}"

    def on_course(value: T) -> T | None:
        # A statement about the course's plot is measured only on its file.
        return value if course else None

    orientation = "" if course else " (not the course's plot: no evidence either way)"
    missing = "" if course else f" {COURSE_FILE} is not given, so this is not judged."
    r1, r2 = f.factors
    condition = one_axis_zigzag_condition()
    factors_text = (
        f"{on}: fitted $r_1 = {fmt(r1, 4)}$, $r_2 = {fmt(r2, 4)}${orientation}."
    )
    diverges = "diverges" if abs(r1) > 1 else "does not diverge"
    order = curvature_order()
    steps_ratio = f.steps_ratio
    one_axis = r1 < 0 <= r2
    claims = [
        Claim(
            "3b",
            "In the course's scatter plot the iterates zig-zag along $x_1$ only: "
            "the learning rate is high enough for $x_1$ that each step overshoots "
            "its centre, so that $x_1$ oscillates back and forth, and not for $x_2$.",
            f"{rep.words_overshoot} [...] {rep.words_axis}",
            factors_text
            + missing
            + " A step overshoots an axis's centre, and the axis zig-zags, iff "
            "$2\\eta a_i = 1 - r_i > 1$, that is $r_i < 0$; $x_1$ alone does iff "
            f"$r_1 < 0 \\le r_2$. Here $x_1$ {diverges} ($|r_1| > 1$ diverges, "
            "which the report does not address).",
            AllOf((AtMost(on_course(r1), 0, strict=True), AtLeast(on_course(r2), 0))),
            "problem3b.fit_axes, problem3b.axis_conditions",
            "p3b-infer",
            key="3b-axis",
            data=f.label,
        ),
        Claim(
            "3b",
            "A zig-zag along $x_1$ only means the larger curvature is along $x_1$: "
            "$a_1 > a_2$.",
            rep.words_curvature,
            "Derived: a rate that zig-zags $x_1$ and not $x_2$ exists iff "
            f"${sp.latex(condition)}$; of {order.samples} seeded random bowls and "
            f"rates, {order.one_axis} converge zig-zagging along $x_1$ only, and "
            f"{order.counterexamples} of those have $a_1 \\le a_2$. {on}: $x_1$ "
            + (
                f"alone zig-zags and $a_1/a_2 = {fmt(f.ratio, 4)}$."
                if one_axis
                else "does not zig-zag alone, so the file does not bear on it."
            ),
            AllOf(
                (
                    AtMost(order.counterexamples, 0),
                    *((AtLeast(f.ratio, 1, strict=True),) if one_axis else ()),
                )
            ),
            "problem3b.infer_bowl, problem3b.one_axis_zigzag_condition, "
            "problem3b.curvature_order",
            "p3b-why",
            key="3b-curvature",
            data=f.label,
        ),
        Claim(
            "3b",
            f"The report's constants fit the course's trajectory: their ratio "
            f"$a_1/a_2 = {fmt(rep.ratio)}$ (the values themselves need the "
            "trajectory's learning rate, which the report does not give).",
            rep.words_constants,
            f"{on}: inferred $a_1/a_2 = {fmt(f.ratio, 4)}${orientation} against the "
            f"report's {fmt(rep.ratio)} (tolerance {fmt(100 * RATIO_TOLERANCE)}%)."
            f"{missing}",
            Close(on_course(f.ratio), rep.ratio, RATIO_TOLERANCE, relative=True),
            "problem3b.infer_bowl",
            "p3b-choice",
            key="3b-ratio",
            data=f.label,
        ),
        Claim(
            "3b",
            "The centre $(c_1, c_2)$ of the course's bowl is the mean of the iterates.",
            rep.words_centre,
            "The centre is the fixed point of each axis; the mean of the iterates "
            f"is pulled towards the start. {on} the mean lies "
            f"{fmt(f.mean_distance, 3)} from the fitted centre, "
            f"{fmt(100 * f.mean_offset, 3)}% of the start's distance (tolerance "
            f"{fmt(100 * CENTRE_TOLERANCE)}%){orientation}.{missing}",
            AtMost(on_course(f.mean_offset), CENTRE_TOLERANCE),
            "problem3b.trajectory_findings",
            "p3b-choice",
            key="3b-centre",
            data=f.label,
        ),
        Claim(
            "3b",
            f"With a learning rate {f.scale} times smaller than in the course's "
            "plot the path is smooth and stable, with little oscillation, but "
            "takes much longer.",
            rep.words_small_rate,
            f"Derived for any stable rate: divided by {f.scale} it puts every "
            f"factor in {math_markdown(scaled_rate_factor_range(f.scale))}, so no "
            f"axis zig-zags and the path is smooth and stable. {on}: "
            f"$r_1 = {fmt(f.small_factors[0], 6)}$, "
            f"$r_2 = {fmt(f.small_factors[1], 6)}$; the step reverses "
            f"{sum(f.small_reversals)} times over the same stretch against "
            f"{sum(f.reversals)}, and the path needs "
            + (
                f"{fmt(steps_ratio, 4)} times as many steps"
                if steps_ratio is not None
                else "an unmeasured number of steps (it does not settle)"
            )
            + f" to come within {fmt(100 * f.fraction)}% of its starting distance "
            f"from the centre (much longer: at least {MUCH_SLOWER} times)"
            f"{orientation}.{missing}",
            AllOf(
                (
                    AtMost(sum(f.small_reversals), 0),
                    AtMost(max(map(abs, f.small_factors)), 1, strict=True),
                    AtLeast(on_course(steps_ratio), MUCH_SLOWER),
                )
            ),
            "problem3b.trajectory_findings, problem3b.scaled_rate_factor_range",
            "p3b-small-rate",
            key="3b-small-rate",
            data=f.label,
        ),
    ]
    return tuple(claims)
