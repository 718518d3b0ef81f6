"""The Problem 3a claims are judged by rules fed from the plateau runs."""

import dataclasses

import numpy as np
import pytest

from dlhw.problem3a import (
    CONVERGED_ATOL,
    LONG_STEPS,
    SHORT_STEPS,
    VERY_LONG_STEPS,
    decay_runs,
    rate_scan,
    rate_sweep,
    region,
    thresholds,
)
from dlhw.published import REPORTED_3A
from dlhw.report.claims3a import FLAT_REGIONS, claims_3a, rounding
from dlhw.report.facts import claim
from dlhw.report.rules import (
    CONFIRMED,
    DEPENDS,
    DIFFERS,
    AllOf,
    Assuming,
    AtLeast,
    AtMost,
    Close,
    Equal,
)


@pytest.fixture(scope="module")
def claims():
    return claims_3a()


def _shown(finding):
    # The case the pages show first: the horizon, precision or reading chosen.
    assert isinstance(finding, Assuming)
    return finding.cases[0][1]


@pytest.mark.slow
def test_verdicts(claims):
    assert [c.verdict for c in claims] == [
        DIFFERS,
        DEPENDS,
        CONFIRMED,
        DEPENDS,
        CONFIRMED,
        CONFIRMED,
        DEPENDS,
    ]
    assert [c.key for c in claims] == [
        "3a-gradual",
        "3a-plateau",
        "3a-diverge",
        "3a-range",
        "3a-oscillate",
        "3a-decay",
        "3a-final-rate",
    ]
    assert {c.problem for c in claims} == {"3a"}
    assert all(c.where.startswith("p3a-") for c in claims)


@pytest.mark.parametrize(
    ("value", "half_unit"), [(0.22, 0.005), (0.25, 0.005), (0.16, 0.005), (0.245, 5e-4)]
)
def test_rounding_is_half_the_last_printed_digit(value, half_unit):
    assert rounding(value) == pytest.approx(half_unit)


@pytest.mark.slow
def test_gradual_descent_is_judged_on_the_runs_that_pass(claims):
    finding = claim(claims, "3a-gradual").finding
    long = rate_sweep(LONG_STEPS)
    small = np.isin(long.rates, REPORTED_3A.gradual_rates)
    assert isinstance(finding, Equal)
    assert finding.measured == int(long.passed[small].sum()) == 0
    assert finding.reported == len(REPORTED_3A.gradual_rates)


@pytest.mark.slow
def test_plateau_claim_reads_the_long_runs(claims):
    plateau = claim(claims, "3a-plateau")
    parts = _shown(plateau.finding).parts
    long = rate_sweep(LONG_STEPS)
    small = np.isin(long.rates, REPORTED_3A.gradual_rates)
    assert parts[1].measured == int(
        np.isin(region(long.final[small]), FLAT_REGIONS).sum()
    )
    assert isinstance(parts[2], AtMost)
    assert parts[2].measured == pytest.approx(np.abs(long.final_value[small]).max())
    assert parts[3].measured == float(thresholds().pass_inflection)
    # at 1e-5 the run is still on the steep first piece: not the plateau region
    assert "first piece" in plateau.measured
    assert (parts[1].verdict, _shown(plateau.finding).verdict) == (DIFFERS, DIFFERS)
    # over the plausible horizons: differs at the report's 100 steps and at
    # 100,000, confirmed once 1e-5 has crossed the first piece
    assert plateau.finding.holds == {
        CONFIRMED: (f"T = {VERY_LONG_STEPS:,}",),
        DIFFERS: (f"T = {LONG_STEPS:,}", f"T = {SHORT_STEPS}"),
    }
    assert plateau.verdict == DEPENDS
    assert "f = 26.3, 20.8, 3.9" in plateau.measured


@pytest.mark.slow
def test_divergence_is_judged_on_the_overflow_steps(claims):
    finding = claim(claims, "3a-diverge").finding
    short = rate_sweep(SHORT_STEPS)
    assert [p.measured for p in finding.parts] == short.diverged_step[-2:].tolist()
    assert all(p.bound == SHORT_STEPS for p in finding.parts)


@pytest.mark.slow
def test_pass_range_is_compared_with_the_exact_band(claims):
    t = thresholds()
    finding = claim(claims, "3a-range").finding
    low, high = _shown(finding).parts
    assert isinstance(low, Close)
    assert isinstance(high, Close)
    reported_low, reported_high = REPORTED_3A.pass_range
    assert (low.measured, low.reported) == (float(t.pass_inflection), reported_low)
    assert (high.measured, high.reported) == (float(t.throw_back), reported_high)
    assert (low.verdict, high.verdict) == (DIFFERS, CONFIRMED)
    # 0.23 would have been within the report's rounding of the lower end
    assert Close(low.measured, 0.23, rounding(0.23)).verdict == CONFIRMED
    # read as a whole unit of its last digit, 0.22 is close enough
    assert [v for _, v in [(r, f.verdict) for r, f in finding.cases]] == [
        DIFFERS,
        CONFIRMED,
    ]
    assert claim(claims, "3a-range").verdict == DEPENDS


@pytest.mark.slow
def test_oscillation_claim_counts_converged_scan_rates(claims):
    stable, converged = claim(claims, "3a-oscillate").finding.parts
    assert isinstance(stable, AtLeast)
    assert stable.bound == float(thresholds().stability)
    assert converged.measured == rate_scan(LONG_STEPS).counts()["converged"]


@pytest.mark.slow
def test_decay_claims_read_the_described_readings(claims):
    described = [d for d in decay_runs() if d.described]
    converge, final = (
        claim(claims, "3a-decay").finding,
        claim(claims, "3a-final-rate").finding,
    )
    assert isinstance(converge, AllOf)
    assert [p.measured for p in converge.parts] == [d.distance for d in described]
    assert all(p.bound == CONVERGED_ATOL for p in converge.parts)
    # every reading is tried, the clock among them: only the clock ends at 0.16
    runs = decay_runs()
    assert [f.measured for _, f in final.cases] == [d.final_rate for d in runs]
    assert all(f.reported == REPORTED_3A.final_rate for _, f in final.cases)
    assert [f.verdict for _, f in final.cases] == [DIFFERS, DIFFERS, CONFIRMED]
    assert final.cases[-1][0] == "cut every 50, 100 or 200 steps"
    assert final.verdict == DEPENDS


# -- every claim from its inputs: the rates, the horizon, the start, the schedule


def _with(**changes):
    return dataclasses.replace(REPORTED_3A, **changes)


@pytest.mark.slow
def test_rates_past_the_inflection_descend_to_the_minimum():
    claims = claims_3a(reported=_with(gradual_rates=(0.23, 0.24)), horizons=(100,))
    assert claim(claims, "3a-gradual").finding.measured == 2
    assert claim(claims, "3a-gradual").verdict == CONFIRMED
    # ... and do not stay on the plateau
    assert claim(claims, "3a-plateau").verdict == DIFFERS


@pytest.mark.slow
def test_the_plateau_claim_follows_the_rates_and_the_horizon():
    # without 1e-5 and 1e-4 every run ends in the plateau region near f = 0
    rates = _with(gradual_rates=(1e-3, 1e-2, 1e-1))
    long = claims_3a(reported=rates, horizons=())
    short = claims_3a(steps=100, reported=rates, horizons=())
    assert _shown(claim(long, "3a-plateau").finding).parts[1].measured == 3
    assert claim(long, "3a-plateau").verdict == CONFIRMED
    # after 100 steps 1e-3 is still on the steep first piece, far from f = 0
    assert _shown(claim(short, "3a-plateau").finding).parts[1].measured < 3
    assert _shown(claim(short, "3a-plateau").finding).parts[2].measured > 1.0
    assert claim(short, "3a-plateau").verdict == DIFFERS
    # both horizons plausible: the verdict depends on which the report used
    both = claims_3a(reported=rates, horizons=(100,))
    assert claim(both, "3a-plateau").verdict == DEPENDS


@pytest.mark.slow
def test_a_long_enough_horizon_alone_confirms_the_plateau_claim():
    # judged only at 100,000 steps it differs (1e-5 is still on the first
    # piece); with 1,000,000 steps among the horizons it depends
    assert claim(claims_3a(horizons=()), "3a-plateau").verdict == DIFFERS
    very_long = claims_3a(horizons=(VERY_LONG_STEPS,))
    assert claim(very_long, "3a-plateau").verdict == DEPENDS
    last = claim(very_long, "3a-plateau").finding.cases[-1][1]
    assert last.verdict == CONFIRMED


@pytest.mark.slow
def test_a_rate_that_does_not_overflow_flips_the_divergence_claim():
    claims = claims_3a(reported=_with(diverging_rates=(1e0, 0.3)), horizons=())
    assert claim(claims, "3a-diverge").finding.parts[1].measured == np.inf
    assert claim(claims, "3a-diverge").verdict == DIFFERS


@pytest.mark.slow
def test_another_start_moves_the_lower_end_of_the_range():
    claims = claims_3a(x0=-3.05, horizons=())
    low = _shown(claim(claims, "3a-range").finding).parts[0]
    assert low.measured == pytest.approx(float(thresholds(-3.05).pass_inflection))
    assert abs(low.measured - 0.22) <= rounding(0.22)
    assert claim(claims, "3a-range").verdict == CONFIRMED


@pytest.mark.slow
def test_a_start_past_the_minimum_lets_stable_rates_converge():
    claims = claims_3a(x0=7.0, horizons=())
    assert claim(claims, "3a-oscillate").finding.parts[1].measured > 0
    assert claim(claims, "3a-oscillate").verdict == DIFFERS


@pytest.mark.slow
def test_a_short_step_limit_stops_the_decay_before_it_converges():
    decay = dataclasses.replace(REPORTED_3A.decay, steps=10)
    claims = claims_3a(reported=_with(decay=decay), horizons=())
    assert all(p.measured == np.inf for p in claim(claims, "3a-decay").finding.parts)
    assert claim(claims, "3a-decay").verdict == DIFFERS


@pytest.mark.slow
def test_a_stronger_cut_ends_at_the_reported_rate():
    decay = dataclasses.replace(REPORTED_3A.decay, factor=0.8)
    claims = claims_3a(reported=_with(decay=decay), horizons=())
    final = claim(claims, "3a-final-rate").finding
    assert [f.measured for _, f in final.cases] == [
        d.final_rate for d in decay_runs(decay)
    ]
    # a cut of 20% when f rises, or on the clock, ends at 0.157: within 0.005
    assert [f.verdict for _, f in final.cases] == [DIFFERS, CONFIRMED, CONFIRMED]
    assert final.verdict == DEPENDS
