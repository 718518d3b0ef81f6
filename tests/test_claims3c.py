"""The Problem 3c claims are judged exactly and by how likely one run shows them."""

import dataclasses
import math

import pytest
import sympy as sp

from dlhw.nonsmooth import set_s, set_s_findings, two_cycle_findings
from dlhw.report.claims3c import claims_3c
from dlhw.report.published import REPORTED_3C
from dlhw.report.rules import CONFIRMED, DIFFERS, Derivation, Equal, Likely

SOURCE, EQUILIBRIUM, SET_S, CYCLE, EXAMPLE1, SHORT, SWING = range(7)


@pytest.fixture(scope="module")
def claims():
    return claims_3c()


def test_verdicts(claims):
    assert [c.verdict for c in claims] == [
        None,
        CONFIRMED,
        CONFIRMED,
        CONFIRMED,
        DIFFERS,
        CONFIRMED,
        CONFIRMED,
    ]


def test_the_unnamed_paper_is_no_verdict(claims):
    assert REPORTED_3C.source is None
    assert isinstance(claims[SOURCE].finding, Derivation)
    assert claims[SOURCE].kind == "derivation"


def test_set_s_is_compared_member_by_member(claims):
    members, steps = claims[SET_S].finding.parts
    assert isinstance(members, Equal)
    assert members.measured == tuple(set_s(3))
    assert Equal(members.measured, (0, 1, sp.Integer(2))).verdict == DIFFERS
    assert steps.measured == tuple(set_s_findings().exact_steps)


def test_example1_is_judged_on_members_that_missed_zero(claims):
    finding = claims[EXAMPLE1].finding
    f = set_s_findings()
    idx = [f.learning_rates.index(r) for r in REPORTED_3C.example1_short]
    missed = sum(f.short_missed[j] for j in idx)
    assert isinstance(finding, Likely)
    assert finding.runs == missed > 0
    assert finding.probability == sum(f.recovered[j] for j in idx) / missed == 0


def test_example2_is_judged_by_the_chance_of_one_run(claims):
    c = two_cycle_findings()
    first, last = min(c.horizons), max(c.horizons)
    short, swing = claims[SHORT].finding, claims[SWING].finding
    (slow,) = REPORTED_3C.example2_short
    assert short.probability == pytest.approx(1 - c.settled_share(slow, last))
    expected = math.prod(
        c.settled_share(r, first) for r in REPORTED_3C.example2_oscillating
    )
    assert swing.probability == pytest.approx(expected)
    # at 1e-2 well under half of the starts oscillate by step 150, yet one run
    # showing it is far from unlikely
    assert c.settled_share(1e-2, first) < 0.5
    assert swing.verdict == CONFIRMED
    assert swing.probability >= swing.threshold


# -- every claim from its inputs: the spread of the starts, the horizons, the
# report's numbers


def _with(**changes):
    return dataclasses.replace(REPORTED_3C, **changes)


def test_the_spread_of_the_starts_decides_example2():
    wide = claims_3c(spread=10.0)
    swing = wide[SWING].finding
    c = two_cycle_findings(spread=10.0)
    first = min(c.horizons)
    assert swing.probability == pytest.approx(
        math.prod(c.settled_share(r, first) for r in REPORTED_3C.example2_oscillating)
    )
    assert swing.verdict == DIFFERS
    # the range over spreads is shown on the default claim
    assert "10: 4.2% (differs)" in claims_3c()[SWING].measured
    # narrow starts enter the cycle early: falling short becomes less likely
    assert wide[SHORT].finding.probability > claims_3c(0.1)[SHORT].finding.probability


def test_starts_at_the_origin_never_reach_the_cycle():
    claims = claims_3c(spread=0.0)
    gap, zero = claims[CYCLE].finding.parts[1:]
    assert gap.measured > 0.1
    assert zero.measured > 0
    assert claims[CYCLE].verdict == DIFFERS
    # every run "falls short" then, and none oscillates
    assert claims[SHORT].verdict == CONFIRMED
    assert claims[SWING].verdict == DIFFERS


def test_a_short_enough_first_run_lets_members_recover():
    # at 1e-3 float64 keeps members up to 8 exact: after 5 steps members 6 to
    # 8 are short of 0 and reach it later
    claims = claims_3c(reported=_with(example1_short=(1e-3,), example1_steps=5))
    finding = claims[EXAMPLE1].finding
    assert finding.probability > 0
    assert finding.verdict == CONFIRMED


def test_another_reported_equilibrium_set_or_cycle_differs():
    assert (
        claims_3c(reported=_with(equilibrium=sp.Integer(1)))[EQUILIBRIUM].verdict
        == DIFFERS
    )
    members = (sp.Integer(0), sp.Integer(1), sp.Integer(3))
    assert claims_3c(reported=_with(s_members=members))[SET_S].verdict == DIFFERS
    half = REPORTED_3C.cycle * 2
    assert claims_3c(reported=_with(cycle=half))[CYCLE].verdict == DIFFERS
