"""The Problem 3c claims are judged exactly and by how likely one run shows them."""

import dataclasses
import math

import pytest
import sympy as sp

from dlhw.problem3c import set_s, set_s_findings, two_cycle_findings
from dlhw.published import REPORTED_3C
from dlhw.report.claims3c import claims_3c
from dlhw.report.facts import claim
from dlhw.report.facts3c import facts_3c
from dlhw.report.rules import (
    CONFIRMED,
    DEPENDS,
    DIFFERS,
    UNVERIFIABLE,
    Assuming,
    Equal,
    Likely,
    Sourced,
)


@pytest.fixture(scope="module")
def claims():
    return facts_3c().claims


def test_verdicts(claims):
    assert {c.key: c.verdict for c in claims} == {
        "3c-source": UNVERIFIABLE,
        "3c-equilibrium": CONFIRMED,
        "3c-set-s": CONFIRMED,
        "3c-cycle": CONFIRMED,
        "3c-example-1": DIFFERS,
        "3c-example-2-short": CONFIRMED,
        "3c-example-2-swing": DEPENDS,
    }


def _assumed(finding):
    # The case under the spread assumed here: the first of an Assuming.
    assert isinstance(finding, Assuming)
    return finding.cases[0][1]


def test_the_unnamed_paper_is_unverifiable(claims):
    # A statement about a source, not a result of the math: the Sourced rule,
    # counted among the verdicts
    assert REPORTED_3C.source is None
    source = claim(claims, "3c-source")
    assert isinstance(source.finding, Sourced)
    assert (source.kind, source.verdict) == ("verdict", UNVERIFIABLE)
    named = claims_3c(reported=_with(source="a paper on |x|^(3/2)"))
    assert claim(named, "3c-source").verdict == CONFIRMED


def test_set_s_is_compared_member_by_member(claims):
    members, steps = claim(claims, "3c-set-s").finding.parts
    assert isinstance(members, Equal)
    assert members.measured == tuple(set_s(3))
    assert Equal(members.measured, (0, 1, sp.Integer(2))).verdict == DIFFERS
    assert steps.measured == tuple(set_s_findings().exact_steps)


def test_example1_is_judged_on_members_that_missed_zero(claims):
    finding = claim(claims, "3c-example-1").finding
    f = set_s_findings()
    idx = [f.learning_rates.index(r) for r in REPORTED_3C.example1_short]
    missed = sum(f.short_missed[j] for j in idx)
    assert isinstance(finding, Likely)
    assert finding.runs == missed > 0
    assert finding.probability == sum(f.recovered[j] for j in idx) / missed == 0


def test_example2_is_judged_by_the_chance_of_one_run(claims):
    c = two_cycle_findings()
    first, last = min(c.horizons), max(c.horizons)
    short, swing = (
        _assumed(claim(claims, "3c-example-2-short").finding),
        _assumed(claim(claims, "3c-example-2-swing").finding),
    )
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
    swing = _assumed(claim(wide, "3c-example-2-swing").finding)
    c = two_cycle_findings(spread=10.0)
    first = min(c.horizons)
    assert swing.probability == pytest.approx(
        math.prod(c.settled_share(r, first) for r in REPORTED_3C.example2_oscillating)
    )
    assert swing.verdict == DIFFERS
    # the range over spreads is shown on the default claim
    assert "10: 4.2% (differs)" in facts_3c().claim("3c-example-2-swing").measured
    # narrow starts enter the cycle early: falling short becomes less likely
    assert (
        _assumed(claim(wide, "3c-example-2-short").finding).probability
        > _assumed(claim(claims_3c(0.1), "3c-example-2-short").finding).probability
    )


def test_a_spread_in_the_range_that_flips_example2_makes_it_depend():
    # One run at each rate swings with P = 0.052 at sd 7 and 0.046 at sd 8,
    # across the 5% threshold: a range that reaches 8 makes the verdict depend
    # on the unstated spread, and the counts hold it apart
    firm = claim(claims_3c(spreads=(1.0, 7.0)), "3c-example-2-swing")
    split = claim(claims_3c(spreads=(1.0, 8.0)), "3c-example-2-swing")
    assert (firm.verdict, split.verdict) == (CONFIRMED, DEPENDS)
    assert split.finding.holds == {CONFIRMED: ("sd 1",), DIFFERS: ("sd 8",)}
    assert split.to_json()["assumption"]["cases"] == {
        "sd 1": CONFIRMED,
        "sd 8": DIFFERS,
    }


def test_starts_at_the_origin_never_reach_the_cycle():
    claims = claims_3c(spread=0.0, spreads=(0.0,))
    gap, zero = claim(claims, "3c-cycle").finding.parts[1:]
    assert gap.measured > 0.1
    assert zero.measured > 0
    assert claim(claims, "3c-cycle").verdict == DIFFERS
    # every run "falls short" then, and none oscillates
    assert claim(claims, "3c-example-2-short").verdict == CONFIRMED
    assert claim(claims, "3c-example-2-swing").verdict == DIFFERS


def test_a_short_enough_first_run_lets_members_recover():
    # at 1e-3 float64 keeps members up to 8 exact: after 5 steps members 6 to
    # 8 are short of 0 and reach it later
    claims = claims_3c(reported=_with(example1_short=(1e-3,), example1_steps=5))
    finding = claim(claims, "3c-example-1").finding
    assert finding.probability > 0
    assert finding.verdict == CONFIRMED


def test_another_reported_equilibrium_set_or_cycle_differs():
    assert (
        claim(
            claims_3c(reported=_with(equilibrium=sp.Integer(1))), "3c-equilibrium"
        ).verdict
        == DIFFERS
    )
    members = (sp.Integer(0), sp.Integer(1), sp.Integer(3))
    assert (
        claim(claims_3c(reported=_with(s_members=members)), "3c-set-s").verdict
        == DIFFERS
    )
    half = REPORTED_3C.cycle * 2
    assert claim(claims_3c(reported=_with(cycle=half)), "3c-cycle").verdict == DIFFERS
