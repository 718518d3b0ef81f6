"""Every verdict can flip: each finding is moved across its rule's threshold.

``across(finding)`` returns a copy of the finding with the measurement on the
other side of the rule's threshold (or, for an unverifiable finding, with the
missing measurement supplied); the test sees the verdict change. It runs over
synthetic findings of every rule here, and over every claim of the audit in
``test_every_claim_flips``.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from dlhw.report.claim import PROBLEMS
from dlhw.report.rules import (
    CONFIRMED,
    DEPENDS,
    DIFFERS,
    UNVERIFIABLE,
    AllOf,
    Assuming,
    AtLeast,
    AtMost,
    Close,
    Equal,
    Likely,
    Sourced,
)


class _Other:
    """A value equal to nothing the report printed."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Other)

    __hash__ = object.__hash__


def across(finding):
    """The finding with its measurement moved across the rule's threshold."""
    v = finding.verdict
    replace = dataclasses.replace
    if isinstance(finding, Close):
        if v == CONFIRMED:
            step = finding.tolerance * (
                abs(finding.reported) if finding.relative else 1
            )
            return replace(finding, measured=finding.reported + 2 * step + 1e-300)
        return replace(finding, measured=finding.reported)
    if isinstance(finding, Equal):
        if v == CONFIRMED:
            return replace(finding, measured=_Other())
        return replace(finding, measured=finding.reported)
    if isinstance(finding, AtMost | AtLeast):
        if v == CONFIRMED:
            push = 1 if isinstance(finding, AtMost) else -1
            gap = abs(float(finding.bound)) + 1.0
            return replace(finding, measured=float(finding.bound) + push * gap)
        edge = float(finding.bound)
        if finding.strict:
            edge += (-1 if isinstance(finding, AtMost) else 1) * (abs(edge) + 1) * 1e-9
        return replace(finding, measured=edge)
    if isinstance(finding, Likely):
        if v == CONFIRMED:
            return replace(finding, probability=finding.threshold / 2)
        return replace(finding, probability=finding.threshold)
    if isinstance(finding, Sourced):
        if v == UNVERIFIABLE:
            return replace(finding, source="a named source")
        return replace(finding, source=None)
    if isinstance(finding, AllOf):
        parts = list(finding.parts)
        if v == CONFIRMED:
            parts[0] = across(parts[0])
        else:
            parts = [p if p.verdict == CONFIRMED else across(p) for p in parts]
        return replace(finding, parts=tuple(parts))
    if isinstance(finding, Assuming):
        cases = list(finding.cases)
        if v == DEPENDS:
            # every value agrees with the first: a firm verdict
            first = cases[0][1].verdict
            cases = [(k, f if f.verdict == first else across(f)) for k, f in cases]
        else:
            # every value on the other side: the opposite firm verdict
            cases = [(k, across(f)) for k, f in cases]
        return replace(finding, cases=tuple(cases))
    raise TypeError(f"no flip for {type(finding).__name__}: add one here")


SYNTHETIC = [
    Close(0.57, 0.769, 0.02),
    Close(0.76, 0.769, 0.02),
    Close(None, 0.769, 0.02),
    Close(1.05, 1.0, 0.1, relative=True),
    Equal(sp.sqrt(3) ** 2, sp.Integer(3)),
    Equal((1, 2), (1, 3)),
    Equal(None, 19),
    AtMost(0.01, 0.1),
    AtMost(0.2, 0.1, strict=True),
    AtLeast(3, 1),
    AtLeast(0.0, 1.0, strict=True),
    Likely(0.4, 0.05, runs=1000),
    Likely(0.01, 0.05),
    Sourced(None),
    AllOf((Equal(1, 1), AtMost(1, 2))),
    AllOf((Equal(1, 2), AtMost(3, 2))),
    AllOf((Equal(1, 1), Close(None, 1.0, 0.1))),
    Assuming("a horizon", (("T = 1", AtMost(1, 0)), ("T = 2", AtMost(0, 0)))),
    Assuming("a horizon", (("T = 1", AtMost(0, 0)), ("T = 2", AtMost(0, 0)))),
    Assuming("a spread", (("sd 1", Likely(0.01)),)),
]


@pytest.mark.parametrize("finding", SYNTHETIC, ids=repr)
def test_every_rule_flips(finding):
    moved = across(finding)
    assert moved.verdict != finding.verdict
    assert moved.verdict in (CONFIRMED, DIFFERS)
    assert type(moved) is type(finding)


@pytest.mark.parametrize(
    ("finding", "verdict"),
    [
        (Close(0.769 + 0.02, 0.769, 0.02 + 1e-12), CONFIRMED),
        (Close(0.769 + 0.0201, 0.769, 0.02), DIFFERS),
        (AtMost(0.1, 0.1), CONFIRMED),
        (AtMost(0.1, 0.1, strict=True), DIFFERS),
        (AtLeast(0.1, 0.1), CONFIRMED),
        (AtLeast(0.1, 0.1, strict=True), DIFFERS),
        (Likely(0.05, 0.05), CONFIRMED),
        (Likely(0.0499, 0.05), DIFFERS),
        (AllOf((Close(None, 1, 1), Equal(1, 2))), DIFFERS),
        (Sourced("a paper", matches=False), DIFFERS),
    ],
)
def test_rule_thresholds(finding, verdict):
    assert finding.verdict == verdict


@pytest.mark.parametrize(
    ("finding", "line"),
    [
        (Close(0.76, 0.7691, 0.02), "close: |0.76 - 0.7691| = 0.0091 <= 0.02"),
        (Close(0.5, 0.7691, 0.02), "close: |0.5 - 0.7691| = 0.2691 > 0.02"),
        (Equal(3, 3), "equal: 3 = 3"),
        (Equal(3, 4), "equal: 3 != 4"),
        (AtMost(1, 2), "at most: 1 <= 2"),
        (AtMost(3, 2), "at most: 3 > 2"),
        (AtMost(2, 2, strict=True), "at most: 2 >= 2"),
        (AtLeast(3, 2), "at least: 3 >= 2"),
        (AtLeast(1, 2), "at least: 1 < 2"),
        (AtLeast(2, 2, strict=True), "at least: 2 <= 2"),
        (Likely(0.4), "likely in one run: P = 0.4 >= 0.05: at least 5% likely"),
        (Likely(0.01), "likely in one run: P = 0.01 < 0.05: less than 5% likely"),
    ],
)
def test_each_rule_line_shows_the_comparison_that_decided(finding, line):
    # The line a reader sees beside the verdict: its operator is the way the
    # comparison went, and a Likely without a count of runs names none.
    assert finding.explain().startswith(line)


@pytest.fixture(scope="session")
def audit():
    """Every claim of the audit with its id, judged once, when a test asks."""
    from dlhw.report.audit import all_claims, claim_ids

    claims = all_claims()
    return list(zip(claim_ids(claims), claims, strict=True))


# Parametrized by problem, not by claim: the claims are known only once judged,
# and collecting the tests must not judge them.
@pytest.mark.slow
@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_claim_flips(audit, problem):
    rows = [(i, c) for i, c in audit if c.problem == problem and c.kind == "verdict"]
    assert rows, f"no verdicts for Problem {problem}"
    stuck = []
    for cid, claim in rows:
        moved = across(claim.finding)
        # the claim's verdict is its finding's: the same move flips the claim
        flipped = dataclasses.replace(claim, finding=moved)
        if not (moved.verdict != claim.verdict and flipped.verdict == moved.verdict):
            stuck.append(f"{cid}: {claim.verdict} -> {flipped.verdict}")
    assert not stuck, stuck


@pytest.mark.slow
def test_derivations_are_no_verdicts(audit):
    from dlhw.report.audit import verdict_counts
    from dlhw.report.rules import Derivation

    rows = [c for _, c in audit if c.kind == "derivation"]
    assert all(isinstance(c.finding, Derivation) for c in rows)
    assert all(c.verdict is None for c in rows)
    verdicts = [c for _, c in audit if c.kind == "verdict"]
    assert sum(verdict_counts(c for _, c in audit).values()) == len(verdicts)
