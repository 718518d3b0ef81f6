"""The report's claims about Problem 3c, judged exactly and on float64 runs.

The exact half (the equilibrium, :math:`S`, the two-cycle) is compared with
the report's expressions; its examples ran one start per learning rate, so
each is judged by how likely one run is to show what the report saw
(:class:`~dlhw.report.rules.Likely`), estimated as the share of seeded starts
that show it. The measurements come from :mod:`dlhw.problem3c`. The
report does not state the spread of its Gaussian starts; the standard normal
(:data:`dlhw.problem3c.SPREAD`) is shown, and the claims that rest on it are
judged over :data:`SPREADS` too (:class:`~dlhw.report.rules.Assuming`): where
the spreads disagree the verdict is "depends". The report's "based on the
paper" names no paper: the :class:`~dlhw.report.rules.Sourced` rule leaves it
unverifiable.

Examples
--------
>>> [c.verdict for c in claims_3c()]
['unverifiable', 'confirmed', 'confirmed', 'confirmed', 'differs', 'confirmed', 'depends']
>>> from dlhw.report.facts import claim
>>> claim(claims_3c(), "3c-example-1").verdict
'differs'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import sympy as sp

from dlhw.objectives import abs_three_halves
from dlhw.problem3c import (
    SPREAD,
    CycleFindings,
    equilibria,
    set_s_findings,
    two_cycle,
    two_cycle_findings,
    two_cycle_multiplier,
)
from dlhw.published import REPORTED_3C, Reported3c
from dlhw.report.claim import Claim
from dlhw.report.rules import AllOf, Assuming, AtMost, Equal, Likely, Sourced
from dlhw.report.text import fmt, math_markdown, power_markdown, words

__all__ = ["SPREADS", "claims_3c", "percent"]

#: Spreads of the Gaussian starts over which the claims that depend on the
#: unstated spread show their probability.
SPREADS = (0.1, 1.0, 10.0)


def _rates(rates: tuple[float, ...]) -> str:
    """Learning rates in words: "a, b and c"."""
    return words(power_markdown(r) for r in rates)


def percent(share: float) -> str:
    """A share as a percentage to three significant digits: ``"4.2%"``.

    Parameters
    ----------
    share : float
        A fraction, 1 for all.

    Returns
    -------
    str
        :func:`dlhw.report.text.fmt` of ``100 * share`` with 3 digits, and a
        percent sign.

    Examples
    --------
    >>> percent(0.042), percent(1 / 3), percent(1.0)
    ('4.2%', '33.3%', '100%')
    """
    return f"{fmt(100 * share, 3)}%"


def _fell(c_find: CycleFindings, rates: tuple[float, ...]) -> float:
    # "Fell short" at both horizons: not on the cycle by the last.
    last = max(c_find.horizons)
    return math.prod(1.0 - c_find.settled_share(r, last) for r in rates)


def _swung(c_find: CycleFindings, rates: tuple[float, ...]) -> float:
    # "Oscillated" at both horizons: on the cycle by the first.
    first = min(c_find.horizons)
    return math.prod(c_find.settled_share(r, first) for r in rates)


@cache
def claims_3c(
    spread: float = SPREAD,
    reported: Reported3c = REPORTED_3C,
    spreads: tuple[float, ...] = SPREADS,
) -> tuple[Claim, ...]:
    """The published report's claims about Problem 3c, judged.

    Reuses :func:`~dlhw.problem3c.set_s_findings` and
    :func:`~dlhw.problem3c.two_cycle_findings` (cached).

    Parameters
    ----------
    spread : float, optional
        Standard deviation of Example 2's Gaussian starts (unstated by the
        report; 1 by default).
    reported : Reported3c, optional
        The report's numbers (:data:`~dlhw.published.REPORTED_3C`).
    spreads : tuple of float, optional
        The plausible spreads Example 2's verdicts are judged over besides
        ``spread`` (:data:`SPREADS`): where they disagree, "depends".
    """
    rep = reported
    s_find = set_s_findings(short_steps=rep.example1_steps)
    c_find = two_cycle_findings(horizons=rep.example2_steps, spread=spread)
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

    # Example 2: one Gaussian start per rate. Independent starts: the chances
    # multiply. The spread is not stated: the same chances over SPREADS.
    fell = _fell(c_find, rep.example2_short)
    swung = _swung(c_find, rep.example2_oscillating)
    others = {
        s: two_cycle_findings(horizons=rep.example2_steps, spread=s) for s in spreads
    }

    def over_spreads(chance: Callable[[CycleFindings], float]) -> str:
        return (
            " The report does not state its starts' spread; with standard "
            "deviation "
            + ", ".join(
                f"{fmt(s)}: {percent(chance(f))} ({Likely(chance(f)).verdict})"
                for s, f in others.items()
            )
            + f" (assumed here: {fmt(spread)})."
        )

    def over_spread(chance: Callable[[CycleFindings], float]) -> Assuming:
        # The spread assumed here first, then the others of SPREADS.
        cases = [(spread, c_find)] + [(s, f) for s, f in others.items() if s != spread]
        return Assuming(
            "the starts' standard deviation",
            [(f"sd {fmt(s)}", Likely(chance(f), runs=len(f.starts))) for s, f in cases],
        )

    shares = (
        f"Of {n} seeded Gaussian starts (standard deviation {fmt(spread)}), the "
        f"share on the two-cycle by step {first_h} and by step {last_h}: "
    )

    def by(rate_list: tuple[float, ...]) -> str:
        return "; ".join(
            f"{percent(c_find.settled_share(r, first_h))} and "
            f"{percent(c_find.settled_share(r, last_h))} at {power_markdown(r)}"
            for r in rate_list
        )

    claims = [
        Claim(
            "3c",
            "The statements about this function come from a published paper.",
            rep.words_source,
            "The report names no paper, so there is no source to compare; the "
            "statements it attributes to one are judged on their own (the "
            "equilibrium, the set $S$, the two-cycle)."
            if rep.source is None
            else f"Source: {rep.source}.",
            Sourced(rep.source),
            "published.REPORTED_3C.source",
            "p3c-claims",
            key="3c-source",
        ),
        Claim(
            "3c",
            "The origin is the only equilibrium.",
            rep.words_equilibrium,
            f"The gradient {math_markdown(abs_three_halves.gradient_expr[0])} "
            f"vanishes on {math_markdown(equilibria())} only.",
            Equal(equilibria(), sp.FiniteSet(rep.equilibrium)),
            "problem3c.equilibria",
            "p3c-units",
            key="3c-equilibrium",
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
            "problem3c.set_s, problem3c.exact_descent",
            "p3c-set-s",
            key="3c-set-s",
        ),
        Claim(
            "3c",
            "A start drawn from a continuous distribution ends oscillating "
            "between $\\pm\\delta^2/4$ instead of converging.",
            rep.words_cycle,
            f"Exact: $x' = -x$ gives $x = {sp.latex(two_cycle())}$, and the cycle "
            f"is super-attracting (two-step multiplier "
            f"{math_markdown(two_cycle_multiplier())}). Of {n} seeded Gaussian "
            f"starts (standard deviation {fmt(spread)}) at each of {_rates(rates)}, "
            f"the largest distance from it at the end is "
            f"{fmt(max(c_find.final_gap), 2)} $\\delta^2$ (tolerance {tol}); "
            f"{zero_runs} runs hit 0.",
            AllOf(
                (
                    Equal(two_cycle(), rep.cycle),
                    AtMost(max(c_find.final_gap), s_find.tolerance),
                    AtMost(zero_runs, 0),
                )
            ),
            "problem3c.two_cycle, problem3c.two_cycle_findings",
            "p3c-cycle",
            key="3c-cycle",
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
            "problem3c.set_s_findings",
            "p3c-float",
            key="3c-example-1",
        ),
        Claim(
            "3c",
            f"Example 2: from a Gaussian start, runs of {first_h} and {last_h} "
            f"steps at {_rates(rep.example2_short)} fall short of the oscillation "
            "about the origin (plausible in one run).",
            rep.words_example2,
            shares
            + by(rep.example2_short)
            + ". One run falls short at both horizons with probability "
            + percent(fell)
            + "; until a run enters the cycle it descends on one side."
            + over_spreads(lambda f: _fell(f, rep.example2_short)),
            over_spread(lambda f: _fell(f, rep.example2_short)),
            "problem3c.two_cycle_findings",
            "p3c-random",
            key="3c-example-2-short",
        ),
        Claim(
            "3c",
            f"Example 2: from a Gaussian start, runs of {first_h} and {last_h} "
            f"steps at {_rates(rep.example2_oscillating)} end oscillating about "
            "the origin (plausible in one run).",
            rep.words_example2,
            shares
            + by(rep.example2_oscillating)
            + ". One start per rate oscillates at both horizons at every one of "
            f"these rates with probability {percent(swung)} "
            "(the starts are independent)."
            + over_spreads(lambda f: _swung(f, rep.example2_oscillating)),
            over_spread(lambda f: _swung(f, rep.example2_oscillating)),
            "problem3c.two_cycle_findings",
            "p3c-random",
            key="3c-example-2-swing",
        ),
    ]
    return tuple(claims)
