"""The report's claims about Problem 3b, judged on a trajectory.

Given the course's trajectory file, every claim that rests on it is decided
on that file: which axis zig-zags, whether the rate overshoots, the order of
the curvatures, the report's ratio :math:`a_1/a_2`, the centre and the
smaller rate. Without it those about the course's plot are unverifiable, and
the general ones (the centre, the smaller rate) are decided on the stand-in,
labelled as such. The measurements come from
:func:`dlhw.zigzag.trajectory_findings`.

Examples
--------
>>> [c.verdict for c in claims_3b()]
['unverifiable', 'unverifiable', 'confirmed', 'unverifiable', 'differs', 'confirmed']
"""

from __future__ import annotations

import os
from functools import cache

import sympy as sp

from dlhw.report.claim import Claim
from dlhw.report.published import REPORTED_3B
from dlhw.report.rules import AllOf, AtLeast, AtMost, Close, Equal
from dlhw.report.text import fmt, literal_markdown, math_markdown
from dlhw.zigzag import (
    COURSE_FILE,
    a1,
    a2,
    curvature_order,
    one_axis_zigzag_condition,
    scaled_rate_factor_range,
    trajectory_findings,
)
from dlhw.zigzag import trajectory as load_source

__all__ = ["CENTRE_TOLERANCE", "MUCH_SLOWER", "RATIO_TOLERANCE", "claims_3b"]

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
        The course's trajectory file (:data:`dlhw.zigzag.COURSE_FILE`);
        without it the stand-in is measured and the claims about the
        course's plot are unverifiable.

    Returns
    -------
    tuple of Claim
        In the report's order.
    """
    rep = REPORTED_3B
    source = load_source(trajectory)
    f = trajectory_findings(source)
    label = literal_markdown(f.label)
    on = f"On {label}" if source.course else f"On the {label}"
    course = f if source.course else None
    missing = f"{COURSE_FILE} is not given, so this cannot be checked"
    r1, r2 = f.factors
    order = curvature_order()
    condition = one_axis_zigzag_condition()
    exact = Equal(condition, sp.StrictLessThan(a2, a1))
    sampled = AtMost(order.counterexamples, 0)
    factors_text = f"fitted $r_1 = {fmt(r1, 4)}$, $r_2 = {fmt(r2, 4)}$"

    if course is None:
        axis = AllOf((AtMost(None, 0, strict=True), AtLeast(None, 0)))
        overshoot = AllOf((AtLeast(None, 1, strict=True), AtMost(None, 2, strict=True)))
        ratio = Close(None, rep.ratio, RATIO_TOLERANCE, relative=True)
        curvature = AllOf((exact, sampled))
        course_text = f"{missing}."
    else:
        axis = AllOf((AtMost(r1, 0, strict=True), AtLeast(r2, 0)))
        overshoot = AllOf(
            (AtLeast(1 - r1, 1, strict=True), AtMost(1 - r1, 2, strict=True))
        )
        ratio = Close(f.ratio, rep.ratio, RATIO_TOLERANCE, relative=True)
        curvature = AllOf((exact, sampled, AtLeast(f.ratio, 1, strict=True)))
        course_text = f"{on}: {factors_text}."
    steps_ratio = f.steps_ratio
    claims = [
        Claim(
            "3b",
            "In the course's scatter plot the iterates zig-zag along $x_1$ only.",
            rep.words_axis,
            course_text
            + " The axis zig-zags where its factor is negative; $x_1$ alone does "
            "iff $r_1 < 0 \\le r_2$.",
            axis,
            "zigzag.fit_axes",
            "p3b-infer",
        ),
        Claim(
            "3b",
            "The learning rate is on the high side for $x_1$: large enough to "
            "overshoot its centre at every step, not so large that it diverges.",
            rep.words_overshoot,
            course_text + " Overshoot without divergence is $1 < 2\\eta a_1 < 2$, and "
            "$2\\eta a_1 = 1 - r_1$" + (f" $= {fmt(1 - r1, 4)}$." if course else "."),
            overshoot,
            "zigzag.axis_conditions, zigzag.fit_axes",
            "p3b-one-step",
        ),
        Claim(
            "3b",
            "A zig-zag along $x_1$ only means the larger curvature is along $x_1$: "
            "$a_1 > a_2$.",
            rep.words_curvature,
            "Exact: a rate that zig-zags $x_1$ and not $x_2$ exists iff "
            f"${sp.latex(condition)}$. Of {order.samples} seeded random bowls and "
            f"rates, {order.one_axis} converge zig-zagging along $x_1$ only, and "
            f"{order.counterexamples} of those have $a_1 \\le a_2$."
            + (
                f" {on}: inferred $a_1/a_2 = {fmt(f.ratio, 4)}$."
                if course
                else f" Whether the course's bowl has $a_1 > a_2$: {missing}."
            ),
            curvature,
            "zigzag.one_axis_zigzag_condition, zigzag.curvature_order",
            "p3b-why",
        ),
        Claim(
            "3b",
            f"The report's constants fit the course's trajectory: their ratio "
            f"$a_1/a_2 = {fmt(rep.ratio)}$ (the values themselves need the "
            "trajectory's learning rate, which the report does not give).",
            rep.words_constants,
            (
                f"{on}: inferred $a_1/a_2 = {fmt(f.ratio, 4)}$ against the report's "
                f"{fmt(rep.ratio)} (tolerance {fmt(100 * RATIO_TOLERANCE)}%)."
                if course
                else f"{missing}."
            ),
            ratio,
            "zigzag.infer_bowl",
            "p3b-choice",
        ),
        Claim(
            "3b",
            "The centre $(c_1, c_2)$ of the bowl is the mean of the iterates.",
            rep.words_centre,
            "The centre is the fixed point of each axis; the mean of the iterates "
            f"is pulled towards the start. {on} the mean lies "
            f"{fmt(f.mean_distance, 3)} from the fitted centre, "
            f"{fmt(100 * f.mean_offset, 3)}% of the start's distance (tolerance "
            f"{fmt(100 * CENTRE_TOLERANCE)}%).",
            AtMost(f.mean_offset, CENTRE_TOLERANCE),
            "zigzag.trajectory_findings",
            "p3b-choice",
        ),
        Claim(
            "3b",
            f"With a learning rate {f.scale} times smaller the path is smooth and "
            "stable, with little oscillation, but takes much longer.",
            rep.words_small_rate,
            f"Any stable rate divided by {f.scale} puts every factor in "
            f"{math_markdown(scaled_rate_factor_range(f.scale))}: no axis "
            f"zig-zags. {on}: $r_1 = {fmt(f.small_factors[0], 6)}$, "
            f"$r_2 = {fmt(f.small_factors[1], 6)}$; the step reverses "
            f"{sum(f.small_reversals)} times over the same stretch against "
            f"{sum(f.reversals)}, and $x_2$ needs "
            + (
                f"{fmt(steps_ratio, 4)} times as many steps"
                if steps_ratio is not None
                else "an unmeasured number of steps (it does not settle)"
            )
            + f" (much longer: at least {MUCH_SLOWER} times).",
            AllOf(
                (
                    AtLeast(min(f.small_factors), 0, strict=True),
                    AtMost(max(f.small_factors), 1, strict=True),
                    AtMost(sum(f.small_reversals), 0),
                    AtLeast(steps_ratio, MUCH_SLOWER),
                )
            ),
            "zigzag.trajectory_findings, zigzag.scaled_rate_factor_range",
            "p3b-small-rate",
        ),
    ]
    return tuple(claims)
