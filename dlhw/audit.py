"""The claims audit: every claim of the published report, checked.

Each problem's module checks its own claims (:func:`dlhw.plateau.claims_3a`,
:func:`dlhw.zigzag.claims_3b`, :func:`dlhw.nonsmooth.claims_3c`); this module
checks Problem 3d's and gathers them all for the audit page. Every verdict is
decided by code from a measurement or an exact derivation.

Examples
--------
>>> [c.verdict for c in claims_3d()]
['confirmed', 'confirmed', 'confirmed', 'confirmed']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from dlhw.claims import Claim
from dlhw.derivations import gradient_step, one_step_domain, stationary_points
from dlhw.descent import gradient_descent
from dlhw.objectives import quartic

__all__ = [
    "Headline",
    "all_claims",
    "claims_3d",
    "headline",
    "headline_markdown",
    "verdict_counts",
]

#: The report's answer to Problem 3d.
REPORTED_3D = {"x0": sp.sqrt(3), "learning_rate": sp.Rational(1, 4)}

#: How close to 0 a float64 step must land to count as "x = 0" in a numerical
#: check: a few units of rounding of sqrt(3).
FLOAT_LANDING_TOL = 1e-12


def _verdict(ok: bool) -> str:
    return "confirmed" if ok else "differs"


@lru_cache(maxsize=1)
def claims_3d() -> tuple[Claim, ...]:
    """The published report's claims about Problem 3d, checked exactly.

    Returns
    -------
    tuple of Claim
    """
    x = quartic.symbols[0]
    points = stationary_points(quartic)
    locations = [p.x for p in points]
    kinds = [p.kind for p in points]
    maxima = [p.x for p in points if p.kind == "maximum"]
    x0, eta = REPORTED_3D["x0"], REPORTED_3D["learning_rate"]
    exact = gradient_step(quartic, x0, eta)
    landed = float(gradient_descent(quartic, float(x0), float(eta), 1).final)
    domain = one_step_domain(quartic)
    in_family = bool(domain.contains(x0))
    return (
        Claim(
            "3d",
            "The stationary points of the quartic are 0 and plus or minus sqrt 2.",
            "x = 0, sqrt(2), -sqrt(2)",
            "f' = 0 exactly at " + ", ".join(f"${sp.latex(v)}$" for v in locations),
            _verdict(set(locations) == {0, sp.sqrt(2), -sp.sqrt(2)}),
            "dlhw.derivations.stationary_points",
        ),
        Claim(
            "3d",
            "Of these, x = 0 is the local maximum.",
            "x = 0 is the local maximum",
            f"f''(0) = ${sp.latex(sp.diff(quartic.expr, x, 2).subs(x, 0))}$; kinds "
            + ", ".join(kinds),
            _verdict(maxima == [0]),
            "dlhw.derivations.stationary_points",
        ),
        Claim(
            "3d",
            "One gradient step from sqrt 3 with learning rate 0.25 lands on 0.",
            "x_initial = sqrt(3), learning_rate = 0.25",
            f"exact step: ${sp.latex(exact)}$; the start lies in the one-step "
            f"family's domain ${sp.latex(domain)}$",
            _verdict(exact == 0 and in_family),
            "dlhw.derivations.gradient_step, one_step_learning_rate",
        ),
        Claim(
            "3d",
            "Checking numerically, the first descent step gives x = 0.",
            "we obtain x = 0",
            f"the float64 step lands at {landed:.1e}: zero up to the rounding of "
            "sqrt 3 (the trap then holds only for a few dozen steps)",
            _verdict(abs(landed) <= FLOAT_LANDING_TOL),
            "dlhw.descent.gradient_descent",
        ),
    )


def all_claims() -> tuple[Claim, ...]:
    """Every checked claim of the report, in the report's order.

    Runs every problem's checks (tens of seconds: Problem 2's grid and
    Problem 3a's long runs).
    """
    from dlhw.nonsmooth import claims_3c
    from dlhw.plateau import claims_3a
    from dlhw.problem2 import claims_2
    from dlhw.zigzag import claims_3b

    return (*claims_2(), *claims_3a(), *claims_3b(), *claims_3c(), *claims_3d())


def verdict_counts(claims: tuple[Claim, ...]) -> dict[str, int]:
    """How many claims got each verdict.

    Examples
    --------
    >>> verdict_counts(claims_3d())
    {'confirmed': 4, 'differs': 0, 'unverifiable': 0}
    """
    from dlhw.claims import VERDICTS

    counts = Counter(c.verdict for c in claims)
    return {v: counts.get(v, 0) for v in VERDICTS}


@dataclass(frozen=True)
class Headline:
    """One row of the landing page's results table.

    Attributes
    ----------
    problem : str
        Which part of the report.
    quantity : str
        What is compared.
    published : str
        The report's value.
    ours : str
        Our value (Markdown; ``$...$`` is math).
    data : str
        What our value was computed on.
    """

    problem: str
    quantity: str
    published: str
    ours: str
    data: str


def _rate(value: float) -> str:
    return f"{value:g}"


def headline() -> tuple[Headline, ...]:
    """The report's headline results beside ours, each computed here.

    Runs Problem 2's grid on the stand-in and Problem 3a's decay runs.

    Returns
    -------
    tuple of Headline
    """
    from dlhw.derivations import one_step_learning_rate
    from dlhw.nonsmooth import (
        REPORTED_CYCLE,
        REPORTED_S,
        set_s,
        two_cycle,
        two_cycle_findings,
    )
    from dlhw.pages import fmt, math_markdown
    from dlhw.plateau import REPORTED, decay_runs, thresholds
    from dlhw.problem2 import problem2_results
    from dlhw.report import published
    from dlhw.zigzag import zigzag_findings

    r = problem2_results()
    best = r.best.hyperparameters()
    pub = published.BEST
    t = thresholds()
    crossing = next(d for d in decay_runs() if d.name == "crossing")
    z = zigzag_findings()
    cycle = two_cycle_findings()
    low, high = REPORTED["pass_range"]
    exact = "exact (SymPy)"

    def cell(h: dict) -> str:
        return (
            f"{h['num_epochs']} epochs, rate {_rate(h['learning_rate'])}, "
            f"batch {h['mini_batch']}"
        )

    return (
        Headline("2", "best grid cell", cell(pub), cell(best), r.label),
        Headline(
            "2",
            'validation MSE of the best cell (the report\'s "Training MSE")',
            fmt(published.TRAINING_MSE),
            fmt(r.val_mse),
            r.label,
        ),
        Headline(
            "2",
            "test MSE",
            fmt(published.TEST_MSE),
            f"{fmt(r.test_mse)} (closed-form ridge {fmt(r.closed_test_mse)})",
            r.label,
        ),
        Headline(
            "2",
            "learning rates that diverge",
            ", ".join(_rate(x) for x in published.DIVERGING_RATES),
            ", ".join(
                _rate(x) for x in sorted({c.learning_rate for c in r.grid.diverged})
            ),
            r.label,
        ),
        Headline(
            "3a",
            "fixed rates that get past the plateau and oscillate",
            f"{low} to {high}",
            f"{math_markdown(t.pass_inflection)} to "
            f"{math_markdown(t.throw_back)} "
            f"({fmt(float(t.pass_inflection), 4)} to {fmt(float(t.throw_back), 4)})",
            exact,
        ),
        Headline(
            "3a",
            "final rate of the decaying schedule from 0.245",
            f"{REPORTED['final_rate']}",
            f"{fmt(crossing.final_rate, 4)} (cut at each crossing of the minimum; "
            f"x = {fmt(crossing.final_x, 8)})",
            "float64 runs",
        ),
        Headline(
            "3b",
            "centre of the bowl",
            "mean of the iterates",
            f"fixed point of the fitted steps; the mean is "
            f"{fmt(z.mean_distance, 3)} away from it",
            "stand-in trajectory (synthetic)",
        ),
        Headline(
            "3c",
            "first members of S, in units of the squared rate",
            ", ".join(math_markdown(v) for v in REPORTED_S) + ", ...",
            ", ".join(math_markdown(v) for v in set_s(3)) + ", ...",
            exact,
        ),
        Headline(
            "3c",
            "two-cycle of random starts",
            f"$\\pm {sp.latex(REPORTED_CYCLE)}$",
            f"$\\pm {sp.latex(two_cycle())}$; largest float64 distance "
            f"{max(cycle.final_gap):.1e} (units of the squared rate)",
            f"{exact}; {len(cycle.starts)} Gaussian starts",
        ),
        Headline(
            "3d",
            "learning rate that sends sqrt 3 to the maximum in one step",
            f"{float(REPORTED_3D['learning_rate']):g}",
            math_markdown(one_step_learning_rate(quartic, REPORTED_3D["x0"])),
            exact,
        ),
    )


def headline_markdown(rows: tuple[Headline, ...]) -> str:
    """A Markdown table of :func:`headline` rows, for gluing into a page.

    Examples
    --------
    >>> print(headline_markdown((Headline("3d", "rate", "0.25", "$1/4$", "exact"),)))
    | problem | quantity | published | ours | data |
    |---|---|---|---|---|
    | 3d | rate | 0.25 | $1/4$ | exact |
    """
    lines = [
        "| problem | quantity | published | ours | data |",
        "|---|---|---|---|---|",
    ]
    for h in rows:
        cells = (h.problem, h.quantity, h.published, h.ours, h.data)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
