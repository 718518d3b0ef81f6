"""The report's claims about Problem 3c, judged exactly and on float64 runs.

The exact half (the equilibrium, :math:`S`, the two-cycle) is compared with
the report's expressions; its examples ran one start per learning rate, so
each is judged by how likely one run is to show what the report saw
(:class:`~dlhw.report.rules.Likely`), estimated as the share of seeded starts
that show it. The measurements come from :mod:`dlhw.nonsmooth`.

Examples
--------
>>> [c.verdict for c in claims_3c()]
['unverifiable', 'confirmed', 'confirmed', 'confirmed', 'differs',
 'confirmed', 'confirmed']
"""

from __future__ import annotations

import math
from functools import cache

import sympy as sp

from dlhw.nonsmooth import (
    equilibria,
    set_s_findings,
    two_cycle,
    two_cycle_findings,
    two_cycle_multiplier,
)
from dlhw.objectives import abs_three_halves
from dlhw.report.claim import Claim
from dlhw.report.published import REPORTED_3C
from dlhw.report.rules import AllOf, AtMost, Equal, Likely, Sourced
from dlhw.report.text import fmt, math_markdown, power_markdown

__all__ = ["claims_3c"]


def _rates(rates: tuple[float, ...]) -> str:
    """Learning rates in words: "a, b and c"."""
    names = [power_markdown(r) for r in rates]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _percent(share: float) -> str:
    return f"{fmt(100 * share, 3)}%"


@cache
def claims_3c() -> tuple[Claim, ...]:
    """The published report's claims about Problem 3c, judged.

    Reuses :func:`~dlhw.nonsmooth.set_s_findings` and
    :func:`~dlhw.nonsmooth.two_cycle_findings` (cached).
    """
    rep = REPORTED_3C
    s_find = set_s_findings()
    c_find = two_cycle_findings()
    rates = s_find.learning_rates
    tol = fmt(s_find.tolerance, 1)
    n = len(c_find.starts)
    first_h, last_h = min(c_find.horizons), max(c_find.horizons)
    members = tuple(s_find.members[: len(rep.s_members)])
    steps = tuple(s_find.exact_steps)
    zero_runs = sum(c_find.reached_zero)

    # Examples 1 and 3: a member still off 0 after the short run, at a rate the
    # report says fell short, later at 0.
    short = [rates.index(r) for r in rep.example1_short]
    missed = sum(s_find.short_missed[j] for j in short)
    recovered = sum(s_find.recovered[j] for j in short)

    # Example 2: one Gaussian start per rate. "Fell short" at both horizons
    # means not on the cycle by the last; "oscillated" at both means on it by
    # the first. Independent starts: the chances multiply.
    fell = {r: 1.0 - c_find.settled_share(r, last_h) for r in rep.example2_short}
    swung = {r: c_find.settled_share(r, first_h) for r in rep.example2_oscillating}
    shares = (
        f"Of {n} seeded Gaussian starts, the share on the two-cycle by step "
        f"{first_h} and by step {last_h}: "
    )

    def by(rate_list: tuple[float, ...]) -> str:
        return "; ".join(
            f"{_percent(c_find.settled_share(r, first_h))} and "
            f"{_percent(c_find.settled_share(r, last_h))} at {power_markdown(r)}"
            for r in rate_list
        )

    claims = [
        Claim(
            "3c",
            "The statements about this function come from a published paper.",
            rep.words_source,
            "The report names no paper and no source has been confirmed; the "
            "example is a known counterexample for gradient descent with a fixed "
            "step."
            if rep.source is None
            else f"Source: {rep.source}.",
            Sourced(rep.source),
            "published.REPORTED_3C.source",
            "p3c-claims",
        ),
        Claim(
            "3c",
            "The origin is the only equilibrium.",
            rep.words_equilibrium,
            f"The gradient {math_markdown(abs_three_halves.gradient_expr[0])} "
            f"vanishes on {math_markdown(equilibria())} only.",
            Equal(equilibria(), sp.FiniteSet(0)),
            "nonsmooth.equilibria",
            "p3c-units",
        ),
        Claim(
            "3c",
            "Starts in the set $S$ of preimages of 0 converge to the origin.",
            rep.words_s,
            "Exact: the recurrence gives "
            f"{', '.join(math_markdown(m) for m in s_find.members[:4])}, … (units "
            "of $\\delta^2$), and member $n$ reaches 0 in exactly $n$ steps "
            f"(checked symbolically for $n \\le {len(steps) - 1}$).",
            AllOf(
                (
                    Equal(members, rep.s_members),
                    Equal(steps, tuple(range(len(steps)))),
                )
            ),
            "nonsmooth.set_s, nonsmooth.exact_descent",
            "p3c-set-s",
        ),
        Claim(
            "3c",
            "A start drawn from a continuous distribution ends oscillating "
            "between $\\pm\\delta^2/4$ instead of converging.",
            rep.words_cycle,
            f"Exact: $x' = -x$ gives $x = {sp.latex(two_cycle())}$, and the cycle "
            f"is super-attracting (two-step multiplier "
            f"{math_markdown(two_cycle_multiplier())}). All {n} seeded Gaussian "
            f"starts at each of {_rates(rates)} end within {tol} $\\delta^2$ of it "
            f"(largest distance {fmt(max(c_find.final_gap), 2)}); {zero_runs} runs "
            "hit 0.",
            AllOf(
                (
                    Equal(two_cycle(), rep.cycle),
                    AtMost(max(c_find.final_gap), s_find.tolerance),
                    AtMost(zero_runs, 0),
                )
            ),
            "nonsmooth.two_cycle, nonsmooth.two_cycle_findings",
            "p3c-cycle",
        ),
        Claim(
            "3c",
            f"Examples 1 and 3: a run from $S$ that falls short of 0 in "
            f"$T = {s_find.short_steps}$ steps at {_rates(rep.example1_short)} "
            "converges completely when given more steps.",
            rep.words_example1,
            f"Of the first {s_find.checked} members of $S$ at each of these rates, "
            f"{missed} are not at 0 after {s_find.short_steps} steps in float64, "
            f"and {recovered} of them are at 0 after {s_find.long_steps}: a member "
            "reaches 0 in as many steps as its index or never (it sits on the "
            f"two-cycle, within {tol} $\\delta^2$).",
            Likely(recovered / missed if missed else None, runs=missed),
            "nonsmooth.set_s_findings",
            "p3c-float",
        ),
        Claim(
            "3c",
            f"Example 2: from a Gaussian start, runs of {first_h} and {last_h} "
            f"steps at {_rates(rep.example2_short)} fall short of the oscillation "
            "about the origin.",
            rep.words_example2,
            shares
            + by(rep.example2_short)
            + ". One run falls short at both horizons with probability "
            + _percent(math.prod(fell.values()))
            + "; until a run enters the cycle it descends on one side.",
            Likely(math.prod(fell.values()), runs=n),
            "nonsmooth.two_cycle_findings",
            "p3c-random",
        ),
        Claim(
            "3c",
            f"Example 2: from a Gaussian start, runs of {first_h} and {last_h} "
            f"steps at {_rates(rep.example2_oscillating)} end oscillating about "
            "the origin.",
            rep.words_example2,
            shares
            + by(rep.example2_oscillating)
            + ". One start per rate oscillates at both horizons at every one of "
            f"these rates with probability {_percent(math.prod(swung.values()))} "
            "(the starts are independent).",
            Likely(math.prod(swung.values()), runs=n),
            "nonsmooth.two_cycle_findings",
            "p3c-random",
        ),
    ]
    return tuple(claims)
