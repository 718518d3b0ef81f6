"""The report's claims about Problem 3a, judged by rules of the plateau runs.

Every number comes from :mod:`dlhw.plateau` (the runs, the scan, the exact
thresholds, the decaying schedules) and the report's own from
:data:`dlhw.report.published.REPORTED_3A`; each verdict is decided by a
finding of :mod:`dlhw.report.rules`.

A number the report prints to a few decimals is compared within half a unit
of its last printed digit (:func:`rounding`): 0.22 stands for anything from
0.215 to 0.225.

Examples
--------
>>> rounding(0.22), rounding(0.245), rounding(1e-5)
(0.005, 0.0005, 5e-06)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

import numpy as np

from dlhw.derivations import global_minimum
from dlhw.objectives import plateau as f_plateau
from dlhw.plateau import (
    CONVERGED_ATOL,
    DECAY,
    LONG_STEPS,
    SCAN_RATES,
    SHORT_STEPS,
    decay_runs,
    inflection,
    minimizer,
    periods_ending_at,
    rate_scan,
    rate_sweep,
    region,
    thresholds,
)
from dlhw.report.claim import Claim
from dlhw.report.published import REPORTED_3A
from dlhw.report.rules import AllOf, AtLeast, AtMost, Close, Equal
from dlhw.report.text import fmt, math_markdown, power_markdown

__all__ = ["NEAR_ZERO", "claims_3a", "rounding"]

#: "Near the y = 0 line": within this fraction of the minimum's depth
#: :math:`|f(6)|` of zero.
NEAR_ZERO = 0.01


def rounding(value: float) -> float:
    """Half a unit of the last decimal the report printed for ``value``."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


def _words(items: Iterable[object], last: str = "and") -> str:
    words = [str(i) for i in items]
    return (
        words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"
    )


def _rates(values: Iterable[float]) -> str:
    return _words(power_markdown(v) for v in values)


@cache
def claims_3a() -> tuple[Claim, ...]:
    """Every claim of the published report about Problem 3a, judged.

    Runs the short and long sweeps, the long scan and the decaying
    schedules (several seconds; cached).

    Examples
    --------
    >>> [c.verdict for c in claims_3a()]
    ['differs', 'confirmed', 'confirmed', 'differs', 'confirmed', 'confirmed', 'differs']
    """
    rep = REPORTED_3A
    t = thresholds()
    top = inflection()
    short, long = rate_sweep(SHORT_STEPS), rate_sweep(LONG_STEPS)
    small = np.isin(long.rates, rep.gradual_rates)
    big = np.isin(short.rates, rep.diverging_rates)
    scan = rate_scan(LONG_STEPS)
    depth = abs(float(global_minimum(f_plateau).value))
    passed_small = int(long.passed[small].sum())
    final_small = long.final[small]
    where = region(final_small)
    f_small = long.final_value[small]
    near = float(np.abs(f_small).max())
    lo, hi = rep.pass_range
    exact_lo, exact_hi = float(t.pass_inflection), float(t.throw_back)
    bouncing = scan.rates[scan.outcome == "oscillating"]
    runs = decay_runs()
    described = [d for d in runs if d.described]
    clock = next(d for d in runs if not d.described)
    closest = min(described, key=lambda d: abs(d.final_rate - rep.final_rate))
    periods = periods_ending_at(clock.final_rate)
    start, factor = DECAY.start, DECAY.factor

    landing = [fmt(float(t.first_step.subs(t.eta, r))) for r in rep.diverging_rates]
    still_first = [
        f"{power_markdown(r)} (x = {fmt(x, 3)})"
        for r, x, w in zip(long.rates[small], final_small, where, strict=True)
        if w == "first piece"
    ]
    on_first = (
        f" At {', '.join(still_first)} the run is still on the steep first piece."
        if still_first
        else ""
    )
    claims = [
        Claim(
            "3a",
            f"With rates {_rates(rep.gradual_rates)} the iterates descend gradually "
            "to the global minimum.",
            rep.words_gradual,
            f"{passed_small} of {int(small.sum())} runs get past the inflection "
            f"x = {top} in {LONG_STEPS} steps; they end at x = "
            f"{', '.join(fmt(x, 6) for x in final_small)}. From the flat stretch no "
            f"step with a rate below {t.escape} can pass {top}.",
            Equal(passed_small, int(small.sum())),
            "plateau.rate_sweep, plateau.thresholds",
            "p3a-rates",
        ),
        Claim(
            "3a",
            "These runs stay in the flat region near f = 0; crossing it takes a "
            "larger rate.",
            rep.words_plateau,
            f"After {LONG_STEPS} steps none has passed x = {top}, and |f| is at most "
            f"{fmt(near, 3)}, under {fmt(100 * NEAR_ZERO)}% of the minimum's depth "
            f"{fmt(depth, 5)}.{on_first} Only a first step past the inflection "
            f"crosses: rate above {math_markdown(t.pass_inflection)} = "
            f"{fmt(exact_lo)}.",
            AllOf(
                (
                    AtMost(passed_small, 0),
                    AtMost(near, NEAR_ZERO * depth),
                    AtLeast(exact_lo, max(rep.gradual_rates), strict=True),
                )
            ),
            "plateau.rate_sweep, plateau.thresholds",
            "p3a-rates",
        ),
        Claim(
            "3a",
            f"Rates {_rates(rep.diverging_rates)} overshoot and diverge.",
            rep.words_diverge,
            "They overflow at steps "
            f"{' and '.join(str(int(s)) for s in short.diverged_step[big])}; the "
            f"first step lands at x = {' and '.join(landing)}, past the minimum at "
            f"{minimizer()}.",
            AllOf(tuple(AtMost(s, SHORT_STEPS) for s in short.diverged_step[big])),
            "plateau.rate_sweep",
            "p3a-rates",
        ),
        Claim(
            "3a",
            f"The fixed rates that pass the minimum and oscillate about it are those "
            f"between {lo} and {hi}.",
            rep.words_range,
            f"Exactly those from {math_markdown(t.pass_inflection)} = "
            f"{fmt(exact_lo)} (the first step passes {top}) to "
            f"{math_markdown(t.throw_back)} = {fmt(exact_hi)} (above it the "
            "bouncing throws the iterate back onto the plateau); the scan of "
            f"{SCAN_RATES.size} rates bounces from {fmt(bouncing.min())} to "
            f"{fmt(bouncing.max())}. Compared within half a unit of the report's "
            f"last digit: {lo} is {fmt(exact_lo - lo, 2)} below the lower end "
            f"(more than {fmt(rounding(lo))}), {hi} is {fmt(hi - exact_hi, 2)} "
            "above the upper end.",
            AllOf(
                (
                    Close(exact_lo, lo, rounding(lo)),
                    Close(exact_hi, hi, rounding(hi)),
                )
            ),
            "plateau.thresholds, plateau.rate_scan",
            "p3a-scan",
        ),
        Claim(
            "3a",
            "Such a fixed rate does not converge but oscillates about the minimum.",
            rep.words_range,
            f"Every rate that passes is above the stability bound "
            f"{math_markdown(t.stability)} = {fmt(float(t.stability))}, where the "
            f"minimum repels; of the {SCAN_RATES.size} scanned rates "
            f"{scan.counts()['converged']} converge in {LONG_STEPS} steps, and "
            f"{bouncing.size} keep bouncing about x = 6.",
            AllOf(
                (
                    AtLeast(exact_lo, float(t.stability), strict=True),
                    AtMost(scan.counts()["converged"], 0),
                )
            ),
            "plateau.thresholds, plateau.rate_scan",
            "p3a-scan",
        ),
        Claim(
            "3a",
            f"Cutting the rate by {round(100 * (1 - factor))}% each time the iterate "
            f"comes close to the minimum, from {start}, converges.",
            rep.words_decay,
            "; ".join(
                f"{d.rule}: stopped by the tolerance after {d.steps_taken} steps at "
                f"x = {d.final_x:.7f}"
                for d in described
            )
            + f" (converged: within {power_markdown(CONVERGED_ATOL)} of x = 6).",
            AllOf(
                tuple(
                    AtMost(d.distance if d.run.stopped else math.inf, CONVERGED_ATOL)
                    for d in described
                )
            ),
            "plateau.decay_runs",
            "p3a-decay",
        ),
        Claim(
            "3a",
            f"The decayed rate ends at {rep.final_rate}.",
            rep.words_final_rate,
            "; ".join(
                f"{d.rule}: {fmt(d.final_rate)} after {d.cuts} cuts" for d in described
            )
            + f". {start} x {factor}^{clock.cuts} = {fmt(clock.final_rate)} comes "
            f"out only when the rate is cut on a clock, every "
            f"{_words(periods, 'or')} steps, wherever the iterate "
            "is, a rule the report does not describe.",
            Close(closest.final_rate, rep.final_rate, rounding(rep.final_rate)),
            "plateau.decay_runs, plateau.periods_ending_at",
            "p3a-decay",
        ),
    ]
    return tuple(claims)
