"""The report's claims about Problem 3d, judged by rules.

Three are exact (SymPy); the fourth is the report's numerical check, judged
on the float64 step.

Examples
--------
>>> [c.verdict for c in claims_3d()]
['confirmed', 'confirmed', 'confirmed', 'confirmed']
>>> print(claims_3d()[2].rule)
equal: 1/4 = 1/4; equal: 0 = 0
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from dlhw.objectives import Objective, quartic
from dlhw.problem3d import FLOAT_LANDING_TOL, findings_3d
from dlhw.published import REPORTED_3D, Reported3d
from dlhw.report.claim import Claim
from dlhw.report.rules import AllOf, AtMost, Equal
from dlhw.report.text import math_markdown

__all__ = ["claims_3d"]


def _list(values: tuple[sp.Expr, ...]) -> str:
    return ", ".join(math_markdown(v) for v in values)


@cache
def claims_3d(
    reported: Reported3d = REPORTED_3D, objective: Objective = quartic
) -> tuple[Claim, ...]:
    """The published report's claims about Problem 3d, judged.

    Parameters
    ----------
    reported : Reported3d, optional
        The report's numbers and its pair (:data:`~dlhw.published.REPORTED_3D`).
    objective : Objective, optional
        The function (the assignment's quartic :math:`x^4 - 4x^2`).

    Returns
    -------
    tuple of Claim
    """
    rep = reported
    f = findings_3d(rep.x0, rep.learning_rate, objective)
    kinds = ", ".join(
        f"{math_markdown(x)} is a {k} ($f'' = {sp.latex(c)}$)"
        for x, k, c in zip(f.locations, f.kinds, f.curvatures, strict=True)
    )
    return (
        Claim(
            "3d",
            "The stationary points of the quartic are 0 and plus or minus sqrt 2.",
            rep.words_stationary,
            f"$f'(x) = 0$ exactly at {_list(f.locations)}",
            Equal(
                tuple(sorted(f.locations, key=float)),
                tuple(sorted(rep.stationary, key=float)),
            ),
            "dlhw.problem3d.findings_3d (dlhw.derivations.stationary_points)",
            "p3d-stationary",
            key="3d-stationary",
        ),
        Claim(
            "3d",
            "Of these, x = 0 is the local maximum.",
            rep.words_maximum,
            kinds,
            Equal(f.maxima, (rep.maximum,)),
            "dlhw.problem3d.findings_3d (dlhw.derivations.stationary_points)",
            "p3d-stationary",
            key="3d-maximum",
        ),
        Claim(
            "3d",
            "One gradient step from sqrt 3 with learning rate 0.25 lands on 0.",
            rep.words_pair,
            f"the one-step rate for the start {math_markdown(rep.x0)} is "
            f"{math_markdown(f.family_rate)}, and one exact step with the "
            f"report's rate lands on {math_markdown(f.exact_step)}",
            AllOf(
                (
                    Equal(f.family_rate, rep.learning_rate),
                    Equal(f.exact_step, rep.landed),
                )
            ),
            "dlhw.problem3d.findings_3d (dlhw.derivations.one_step_learning_rate, "
            "gradient_step)",
            "p3d-family",
            key="3d-pair",
        ),
        Claim(
            "3d",
            "Checked numerically, the first descent step gives x = 0.",
            rep.words_check,
            f"the float64 step lands at {f.landed:.1e}, zero up to the rounding "
            f"of sqrt 3; the maximum then repels it, and from step "
            f"{f.escape_step} on the run is away from 0",
            AtMost(abs(f.landed), FLOAT_LANDING_TOL),
            "dlhw.problem3d.findings_3d (dlhw.descent.gradient_descent)",
            "p3d-float",
            key="3d-float",
        ),
    )
