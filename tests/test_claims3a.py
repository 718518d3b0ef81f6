"""The Problem 3a claims are judged by rules fed from the plateau runs."""

import numpy as np
import pytest

from dlhw.plateau import (
    CONVERGED_ATOL,
    LONG_STEPS,
    SHORT_STEPS,
    decay_runs,
    rate_scan,
    rate_sweep,
    thresholds,
)
from dlhw.report.claims3a import claims_3a, rounding
from dlhw.report.published import REPORTED_3A
from dlhw.report.rules import CONFIRMED, DIFFERS, AllOf, AtLeast, AtMost, Close, Equal


@pytest.fixture(scope="module")
def claims():
    return claims_3a()


def test_verdicts(claims):
    assert [c.verdict for c in claims] == [
        DIFFERS,
        CONFIRMED,
        CONFIRMED,
        DIFFERS,
        CONFIRMED,
        CONFIRMED,
        DIFFERS,
    ]
    assert {c.problem for c in claims} == {"3a"}
    assert all(c.where.startswith("p3a-") for c in claims)


@pytest.mark.parametrize(
    ("value", "half_unit"), [(0.22, 0.005), (0.25, 0.005), (0.16, 0.005), (0.245, 5e-4)]
)
def test_rounding_is_half_the_last_printed_digit(value, half_unit):
    assert rounding(value) == pytest.approx(half_unit)


def test_gradual_descent_is_judged_on_the_runs_that_pass(claims):
    finding = claims[0].finding
    long = rate_sweep(LONG_STEPS)
    small = np.isin(long.rates, REPORTED_3A.gradual_rates)
    assert isinstance(finding, Equal)
    assert finding.measured == int(long.passed[small].sum()) == 0
    assert finding.reported == len(REPORTED_3A.gradual_rates)


def test_plateau_claim_reads_the_long_runs(claims):
    parts = claims[1].finding.parts
    long = rate_sweep(LONG_STEPS)
    small = np.isin(long.rates, REPORTED_3A.gradual_rates)
    assert isinstance(parts[1], AtMost)
    assert parts[1].measured == pytest.approx(np.abs(long.final_value[small]).max())
    assert parts[2].measured == float(thresholds().pass_inflection)
    assert "first piece" in claims[1].measured  # at 1e-5 after the long run


def test_divergence_is_judged_on_the_overflow_steps(claims):
    finding = claims[2].finding
    short = rate_sweep(SHORT_STEPS)
    assert [p.measured for p in finding.parts] == short.diverged_step[-2:].tolist()
    assert all(p.bound == SHORT_STEPS for p in finding.parts)


def test_pass_range_is_compared_with_the_exact_band(claims):
    t = thresholds()
    low, high = claims[3].finding.parts
    assert isinstance(low, Close)
    assert isinstance(high, Close)
    reported_low, reported_high = REPORTED_3A.pass_range
    assert (low.measured, low.reported) == (float(t.pass_inflection), reported_low)
    assert (high.measured, high.reported) == (float(t.throw_back), reported_high)
    assert (low.verdict, high.verdict) == (DIFFERS, CONFIRMED)
    # 0.23 would have been within the report's rounding of the lower end
    assert Close(low.measured, 0.23, rounding(0.23)).verdict == CONFIRMED


def test_oscillation_claim_counts_converged_scan_rates(claims):
    stable, converged = claims[4].finding.parts
    assert isinstance(stable, AtLeast)
    assert stable.bound == float(thresholds().stability)
    assert converged.measured == rate_scan(LONG_STEPS).counts()["converged"]


def test_decay_claims_read_the_described_readings(claims):
    described = [d for d in decay_runs() if d.described]
    converge, final = claims[5].finding, claims[6].finding
    assert isinstance(converge, AllOf)
    assert [p.measured for p in converge.parts] == [d.distance for d in described]
    assert all(p.bound == CONVERGED_ATOL for p in converge.parts)
    gaps = [abs(d.final_rate - REPORTED_3A.final_rate) for d in described]
    assert final.measured == described[int(np.argmin(gaps))].final_rate
    assert final.reported == REPORTED_3A.final_rate
