"""The Problem 3c claims are judged exactly and by how likely one run shows them."""

import math

import pytest
import sympy as sp

from dlhw.nonsmooth import set_s, set_s_findings, two_cycle_findings
from dlhw.report.claims3c import claims_3c
from dlhw.report.published import REPORTED_3C
from dlhw.report.rules import CONFIRMED, DIFFERS, UNVERIFIABLE, Equal, Likely, Sourced

SOURCE, EQUILIBRIUM, SET_S, CYCLE, EXAMPLE1, SHORT, SWING = range(7)


@pytest.fixture(scope="module")
def claims():
    return claims_3c()


def test_verdicts(claims):
    assert [c.verdict for c in claims] == [
        UNVERIFIABLE,
        CONFIRMED,
        CONFIRMED,
        CONFIRMED,
        DIFFERS,
        CONFIRMED,
        CONFIRMED,
    ]


def test_the_unnamed_paper_stays_unverifiable(claims):
    assert claims[SOURCE].finding == Sourced(REPORTED_3C.source)
    assert REPORTED_3C.source is None


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
