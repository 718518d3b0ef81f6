"""The report's claims about Problem 3a, judged by rules of the plateau runs.

Every number comes from :mod:`dlhw.problem3a` (the runs, the scan, the exact
thresholds, the decaying schedules) and the report's own from
:data:`dlhw.published.REPORTED_3A`; each verdict is decided by a
finding of :mod:`dlhw.report.rules`. The function and the start
:math:`x_0 = -3` come from the assignment (the report states neither);
:func:`claims_3a` takes the start, the horizon of the long runs and the
report's numbers as inputs.

A number the report prints to a few decimals is compared within half a unit
of its last printed digit (:func:`rounding`): 0.22 stands for anything from
0.215 to 0.225. Where a verdict rests on a choice the report leaves open (the
horizon of 3a-plateau, the precision of 3a-range's bounds, the reading of
3a-final-rate's schedule) it is judged over the plausible values of that
choice (:class:`~dlhw.report.rules.Assuming`), and is "depends" where they
disagree.

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
from dlhw.problem3a import (
    CONVERGED_ATOL,
    LONG_STEPS,
    SCAN_RATES,
    SHORT_STEPS,
    VERY_LONG_STEPS,
    X0,
    RateSweep,
    findings_3a,
    inflection,
    minimizer,
    periods_ending_at,
    rate_sweep,
    region,
)
from dlhw.published import REPORTED_3A, Reported3a
from dlhw.report.claim import Claim
from dlhw.report.rules import AllOf, Assuming, AtLeast, AtMost, Close, Equal, Finding
from dlhw.report.text import fmt, math_markdown, power_markdown, words

__all__ = ["FLAT_REGIONS", "NEAR_ZERO", "claims_3a", "rounding"]

#: "Near the y = 0 line": within this fraction of the minimum's depth
#: :math:`|f(6)|` of zero.
NEAR_ZERO = 0.01
#: "The plateau region": the stretches of :func:`dlhw.problem3a.region` between
#: the steep first piece and the inflection.
FLAT_REGIONS = ("plateau", "below inflection")


def rounding(value: float) -> float:
    """Half a unit of the last decimal the report printed for ``value``.

    Parameters
    ----------
    value : float
        A number as the report printed it; its last decimal is that of its
        shortest ``repr`` (trailing zeros dropped).

    Returns
    -------
    float
        :math:`0.5 \\cdot 10^{k}` for a last decimal at :math:`10^{k}`.

    Examples
    --------
    >>> rounding(0.245), rounding(100.0)
    (0.0005, 50.0)
    """
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


def _plateau(
    sweep: RateSweep, gradual: tuple[float, ...], depth: float, crossing: float
) -> Finding:
    # 3a-plateau's rule on one horizon: no gradual run past the inflection,
    # every one in the flat region and near f = 0, and crossing takes a
    # larger rate than any of them.
    small = np.isin(sweep.rates, gradual)
    final = sweep.final[small]
    flat = sum(w in FLAT_REGIONS for w in region(final))
    near = float(np.abs(sweep.final_value[small]).max())
    return AllOf(
        (
            AtMost(int(sweep.passed[small].sum()), 0),
            AtLeast(flat, int(small.sum())),
            AtMost(near, NEAR_ZERO * depth),
            AtLeast(crossing, max(gradual), strict=True),
        )
    )


def _step(step: float) -> str:
    return str(int(step)) if math.isfinite(step) else "none (no overflow)"


def _rates(values: Iterable[float]) -> str:
    return words(power_markdown(v) for v in values)


@cache
def claims_3a(
    steps: int = LONG_STEPS,
    x0: float = X0,
    reported: Reported3a = REPORTED_3A,
    horizons: tuple[int, ...] = (SHORT_STEPS, VERY_LONG_STEPS),
) -> tuple[Claim, ...]:
    """Every claim of the published report about Problem 3a, judged.

    Runs the short and long sweeps, the long scan and the decaying
    schedules (several seconds; cached).

    Parameters
    ----------
    steps : int, optional
        The horizon of the long runs, far beyond the report's
        :math:`T \\gg 100`.
    x0 : float, optional
        The start (the assignment's :math:`-3`).
    reported : Reported3a, optional
        The report's numbers (:data:`~dlhw.published.REPORTED_3A`).
    horizons : tuple of int, optional
        The other plausible horizons 3a-plateau is judged at besides
        ``steps`` (the report does not state its own): its plots' 100 steps
        and :data:`~dlhw.problem3a.VERY_LONG_STEPS` (about 30 s the first
        time).

    Examples
    --------
    >>> [c.verdict for c in claims_3a()]
    ['differs', 'depends', 'confirmed', 'depends', 'confirmed', 'confirmed', 'depends']
    """
    rep = reported
    few = rep.few_steps
    found = findings_3a(steps, x0, rep)
    t, short, long, scan = found.thresholds, found.short, found.long, found.scan
    top = inflection()
    small, big = found.gradual, found.diverging
    depth = abs(float(global_minimum(f_plateau).value))
    passed_small = int(long.passed[small].sum())
    ends = found.gradual_ends
    final_small = [x for _, x, _ in ends]
    flat = sum(w in FLAT_REGIONS for _, _, w in ends)
    f_small = long.final_value[small]
    near = float(np.abs(f_small).max())
    others = [rate_sweep(h, None, rep.gradual_rates, x0) for h in horizons]
    few_small = np.isin(short.rates, rep.gradual_rates)
    on_first = few_small & (region(short.final) == "first piece")
    first_rates = short.rates[on_first]
    first_f = short.final_value[on_first]
    at_few = (
        f" The report does not state its horizon: at T = {few} the "
        f"rates {_rates(first_rates)} are still on the steep first piece "
        f"(f = {', '.join(fmt(v, 3) for v in first_f)})."
        if first_rates.size
        else ""
    )
    lo, hi = rep.pass_range
    exact_lo, exact_hi = float(t.pass_inflection), float(t.throw_back)
    bouncing = scan.rates[scan.outcome == "oscillating"]
    runs = found.decay
    described = [d for d in runs if d.described]
    clock = next(d for d in runs if not d.described)
    periods = periods_ending_at(clock.final_rate)
    start, factor = rep.decay.start, rep.decay.factor
    origin = (
        f"From $x_0 = {fmt(x0)}$ (the assignment's start; the report does not "
        "state it), "
    )

    landing = [fmt(float(t.first_step.subs(t.eta, r))) for r in rep.diverging_rates]
    outside = [
        f"{power_markdown(r)} (x = {fmt(x, 3)}, {w})"
        for r, x, w in ends
        if w not in FLAT_REGIONS
    ]
    off_flat = (
        f" At {', '.join(outside)} the run is not in the plateau region."
        if outside
        else ""
    )
    bounce = (
        f"bounces from {fmt(bouncing.min())} to {fmt(bouncing.max())}"
        if bouncing.size
        else "bounces at none of them"
    )
    claims = [
        Claim(
            "3a",
            f"With rates {_rates(rep.gradual_rates)} the iterates descend gradually "
            "towards the global minimum; the lower rates converge, slowly, at "
            "$T \\gg 100$ iterations.",
            f"{rep.words_gradual} {rep.words_slow}",
            f"{origin}{passed_small} of {int(small.sum())} runs get past the "
            f"inflection x = {top} in {steps} steps; they end at x = "
            f"{', '.join(fmt(x, 6) for x in final_small)}. From the flat stretch no "
            f"step with a rate below {t.escape} can pass {top}: the runs that have "
            "not passed it never reach the minimum.",
            Equal(passed_small, int(small.sum())),
            "problem3a.rate_sweep, problem3a.thresholds",
            "p3a-rates",
            key="3a-gradual",
        ),
        Claim(
            "3a",
            "These runs stay in the flat (plateau) region near f = 0; crossing it "
            "takes a larger rate.",
            rep.words_plateau,
            f"{origin}after {steps} steps {passed_small} have passed x = {top}, "
            f"{flat} of {int(small.sum())} end in the plateau region (between the "
            f"steep first piece and x = {top}), and |f| is at most "
            f"{fmt(near, 3)} against {fmt(100 * NEAR_ZERO)}% of the minimum's depth "
            f"{fmt(depth, 5)}.{off_flat} Only a first step past the inflection "
            f"crosses: rate above {math_markdown(t.pass_inflection)} = "
            f"{fmt(exact_lo)}.{at_few}",
            Assuming(
                "the horizon T",
                [
                    (
                        f"T = {run.steps:,}",
                        _plateau(run, rep.gradual_rates, depth, exact_lo),
                    )
                    for run in (long, *others)
                ],
            ),
            "problem3a.rate_sweep, problem3a.region, problem3a.thresholds",
            "p3a-rates",
            key="3a-plateau",
        ),
        Claim(
            "3a",
            f"Rates {_rates(rep.diverging_rates)} overshoot and diverge.",
            rep.words_diverge,
            "They overflow at steps "
            f"{' and '.join(_step(s) for s in short.diverged_step[big])} of "
            f"{few}; the first step lands at x = {' and '.join(landing)}, past "
            f"the minimum at {minimizer()}.",
            AllOf(tuple(AtMost(s, few) for s in short.diverged_step[big])),
            "problem3a.rate_sweep",
            "p3a-rates",
            key="3a-diverge",
        ),
        Claim(
            "3a",
            f"The fixed rates that pass the minimum and oscillate about it are those "
            f"between {lo} and {hi}.",
            rep.words_range,
            f"{origin}exactly those from {math_markdown(t.pass_inflection)} = "
            f"{fmt(exact_lo)} (the first step passes {top}) to "
            f"{math_markdown(t.throw_back)} = {fmt(exact_hi)} (above it the "
            "bouncing throws the iterate back onto the plateau); the scan of "
            f"{SCAN_RATES.size} rates {bounce}. Compared within half a unit of the "
            f"report's last digit: {lo} is {fmt(exact_lo - lo, 2)} below the lower "
            f"end (half a unit: {fmt(rounding(lo))}), {hi} is "
            f"{fmt(hi - exact_hi, 2)} above the upper end (half a unit: "
            f"{fmt(rounding(hi))}).",
            Assuming(
                "the precision of the report's two-decimal bounds",
                [
                    (
                        reading,
                        AllOf(
                            (
                                Close(exact_lo, lo, units * rounding(lo)),
                                Close(exact_hi, hi, units * rounding(hi)),
                            )
                        ),
                    )
                    for reading, units in (
                        ("half a unit (rounded)", 1),
                        ("a whole unit (read off a scan in steps of 0.01)", 2),
                    )
                ],
            ),
            "problem3a.thresholds, problem3a.rate_scan",
            "p3a-scan",
            key="3a-range",
        ),
        Claim(
            "3a",
            "Such a fixed rate does not converge but oscillates about the minimum.",
            rep.words_range,
            f"Every rate that passes is above the stability bound "
            f"{math_markdown(t.stability)} = {fmt(float(t.stability))}, where the "
            f"minimum repels; of the {SCAN_RATES.size} scanned rates "
            f"{scan.counts()['converged']} converge in {steps} steps, and "
            f"{bouncing.size} keep bouncing about x = 6.",
            AllOf(
                (
                    AtLeast(exact_lo, float(t.stability), strict=True),
                    AtMost(scan.counts()["converged"], 0),
                )
            ),
            "problem3a.thresholds, problem3a.rate_scan",
            "p3a-scan",
            key="3a-oscillate",
        ),
        Claim(
            "3a",
            f"Cutting the rate by {round(100 * (1 - factor))}% each time the iterate "
            f"comes close to the minimum, from {start}, converges.",
            rep.words_decay,
            "Under each reading of the rule tried here (the report does not spell "
            "it out; other readings are not covered): "
            + "; ".join(
                f"{d.rule}: "
                + (
                    f"stopped by the tolerance after {d.steps_taken} steps"
                    if d.run.stopped
                    else f"not stopped in {d.steps_taken} steps"
                )
                + f" at x = {d.final_x:.7f}"
                for d in described
            )
            + f" (converged: within {power_markdown(CONVERGED_ATOL)} of x = 6).",
            AllOf(
                tuple(
                    AtMost(d.distance if d.run.stopped else math.inf, CONVERGED_ATOL)
                    for d in described
                )
            ),
            "problem3a.decay_runs",
            "p3a-decay",
            key="3a-decay",
        ),
        Claim(
            "3a",
            f"The decayed rate ends at {rep.final_rate}.",
            rep.words_final_rate,
            "The report's rule can be read several ways; under each reading "
            "tried here: "
            + "; ".join(
                f"{d.rule}: {fmt(d.final_rate)} after {d.cuts} cuts" for d in runs
            )
            + (
                f". Cut on a clock, every {words(periods, 'or')} steps end at "
                f"{start} x {factor}^{clock.cuts} = {fmt(clock.final_rate)}"
                if periods
                else ""
            )
            + ".",
            Assuming(
                "the reading of the schedule",
                [
                    (
                        d.rule
                        if d is not clock or not periods
                        else f"cut every {words(periods, 'or')} steps",
                        Close(d.final_rate, rep.final_rate, rounding(rep.final_rate)),
                    )
                    for d in runs
                ],
            ),
            "problem3a.decay_runs, problem3a.periods_ending_at",
            "p3a-decay",
            key="3a-final-rate",
        ),
    ]
    return tuple(claims)
