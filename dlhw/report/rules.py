"""Verdict rules: each finding type decides its claim's verdict by one named rule.

A claim of the report is judged from a *finding*: what was measured or
derived, next to what the report says, and the threshold the rule applies.
The finding's ``verdict`` is computed, never typed, and a finding whose
measurement is absent (``None``) is ``"unverifiable"``. Every rule can come
out both ways; ``tests/test_verdict_flips.py`` moves each claim's finding
across its threshold and sees the verdict change.

Examples
--------
>>> Close(0.5705, 0.7691, tolerance=0.02).verdict
'differs'
>>> Close(0.7601, 0.7691, tolerance=0.02).verdict
'confirmed'
>>> Close(None, 0.7691, tolerance=0.02).verdict
'unverifiable'
>>> import sympy as sp
>>> Equal(sp.sqrt(3) ** 2 - 3, sp.Integer(0)).verdict
'confirmed'
>>> AtMost(0.12, 0.01).verdict, AtLeast(0.4, 0.05).verdict
('differs', 'confirmed')
>>> AllOf((Equal(1, 1), AtMost(3, 2))).verdict
'differs'
>>> print(Close(0.5705, 0.7691, tolerance=0.02).explain())
close: |0.5705 - 0.7691| = 0.1986 > 0.02

A :class:`Derivation` is no verdict: it states what follows from the math
whatever the inputs, and the audit shows it apart from the verdict counts.

>>> d = Derivation("a1 > a2 follows from a zig-zag along x1 only")
>>> d.verdict is None, d.explain()
(True, 'derivation (not a verdict): a1 > a2 follows from a zig-zag along x1 only')

A verdict that rests on a choice the report leaves unstated (a horizon, a
spread, a reading of its words) is judged over the plausible range of that
choice by :class:`Assuming`: where the cases disagree the verdict is
``"depends"``, counted apart from the firm ones.

>>> Assuming("the tolerance", (("0.01", AtMost(0.006, 0.01)),
...                            ("0.005", AtMost(0.006, 0.005)))).verdict
'depends'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol, TypeAlias

__all__ = [
    "CONFIRMED",
    "DEPENDS",
    "DERIVATION",
    "DIFFERS",
    "UNVERIFIABLE",
    "VERDICTS",
    "AllOf",
    "Assuming",
    "AtLeast",
    "AtMost",
    "Close",
    "Derivation",
    "Equal",
    "Finding",
    "Likely",
    "Sourced",
    "Verdict",
]

Verdict: TypeAlias = Literal["confirmed", "differs", "depends", "unverifiable"]
CONFIRMED: Verdict = "confirmed"
DIFFERS: Verdict = "differs"
#: Confirmed under some plausible value of an unstated assumption, differs
#: under another (:class:`Assuming`).
DEPENDS: Verdict = "depends"
UNVERIFIABLE: Verdict = "unverifiable"
#: The verdicts a claim can receive, in the order the audit lists them.
VERDICTS: tuple[Verdict, ...] = (CONFIRMED, DIFFERS, DEPENDS, UNVERIFIABLE)
#: The kind of a row that states a derivation instead of a verdict.
DERIVATION: Literal["derivation"] = "derivation"


def _decide(holds: bool | None) -> Verdict:
    if holds is None:
        return UNVERIFIABLE
    return CONFIRMED if holds else DIFFERS


def _num(value: object) -> str:
    # SymPy is imported where it is used, not with the module: the command
    # line's problem2 reads a threshold here and needs no SymPy (0.6 s).
    import sympy as sp

    if isinstance(value, sp.Basic):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


class Finding(Protocol):
    """What every finding offers: a rule name, a verdict and the rule in words."""

    rule: ClassVar[str]

    @property
    def verdict(self) -> Verdict: ...

    def explain(self) -> str: ...


@dataclass(frozen=True)
class Close:
    """Confirmed iff the measurement is within ``tolerance`` of the report's value.

    Parameters
    ----------
    measured : float or None
        Our value; ``None`` when the input it needs is absent.
    reported : float
        The report's value.
    tolerance : float
        Largest accepted difference; relative to ``|reported|`` when
        ``relative`` is true.
    relative : bool
        Compare ``|measured / reported - 1|`` with ``tolerance`` instead.
    """

    measured: float | None
    reported: float
    tolerance: float
    relative: bool = False
    rule: ClassVar[str] = "close"

    @property
    def gap(self) -> float | None:
        """The difference the rule compares with ``tolerance``."""
        if self.measured is None:
            return None
        diff = abs(float(self.measured) - float(self.reported))
        return diff / abs(float(self.reported)) if self.relative else diff

    @property
    def verdict(self) -> Verdict:
        gap = self.gap
        return _decide(None if gap is None else bool(gap <= self.tolerance))

    def explain(self) -> str:
        if self.measured is None:
            return f"{self.rule}: no measurement"
        op = "<=" if self.verdict == CONFIRMED else ">"
        m, r = _num(float(self.measured)), _num(float(self.reported))
        lhs = f"|{m}/{r} - 1|" if self.relative else f"|{m} - {r}|"
        return f"{self.rule}: {lhs} = {_num(self.gap)} {op} {_num(self.tolerance)}"


def _same(a: object, b: object) -> bool:
    import sympy as sp

    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, sp.Expr) or isinstance(b, sp.Expr):
        try:
            return bool(sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0)
        except (sp.SympifyError, TypeError):
            return False
    return bool(a == b)


@dataclass(frozen=True)
class Equal:
    """Confirmed iff the measurement equals the report's value exactly.

    SymPy expressions are equal when their difference simplifies to 0;
    sequences compare element by element; anything else with ``==``.
    """

    measured: object | None
    reported: object
    rule: ClassVar[str] = "equal"

    @property
    def verdict(self) -> Verdict:
        if self.measured is None:
            return UNVERIFIABLE
        return _decide(_same(self.measured, self.reported))

    def explain(self) -> str:
        if self.measured is None:
            return f"{self.rule}: no measurement"
        op = "=" if self.verdict == CONFIRMED else "!="
        return f"{self.rule}: {_num(self.measured)} {op} {_num(self.reported)}"


@dataclass(frozen=True)
class AtMost:
    """Confirmed iff the measurement is at most ``bound`` (below it if ``strict``)."""

    measured: float | None
    bound: float
    strict: bool = False
    rule: ClassVar[str] = "at most"

    @property
    def verdict(self) -> Verdict:
        if self.measured is None:
            return UNVERIFIABLE
        m, b = float(self.measured), float(self.bound)
        return _decide(m < b if self.strict else m <= b)

    def explain(self) -> str:
        if self.measured is None:
            return f"{self.rule}: no measurement"
        ok = self.verdict == CONFIRMED
        op = ("<" if self.strict else "<=") if ok else (">=" if self.strict else ">")
        return f"{self.rule}: {_num(self.measured)} {op} {_num(self.bound)}"


@dataclass(frozen=True)
class AtLeast:
    """Confirmed iff the measurement is at least ``bound`` (above it if ``strict``)."""

    measured: float | None
    bound: float
    strict: bool = False
    rule: ClassVar[str] = "at least"

    @property
    def verdict(self) -> Verdict:
        if self.measured is None:
            return UNVERIFIABLE
        m, b = float(self.measured), float(self.bound)
        return _decide(m > b if self.strict else m >= b)

    def explain(self) -> str:
        if self.measured is None:
            return f"{self.rule}: no measurement"
        ok = self.verdict == CONFIRMED
        op = (">" if self.strict else ">=") if ok else ("<=" if self.strict else "<")
        return f"{self.rule}: {_num(self.measured)} {op} {_num(self.bound)}"


@dataclass(frozen=True)
class Likely:
    """A single-run observation of the report, judged by how likely one run shows it.

    The report ran once; its observation is confirmed iff the probability
    that one run shows it (estimated, for instance, as the share of seeded
    starts that do) is at least ``threshold``, and differs when a single
    run would show it less often than that. "Confirmed" here says only that
    one run plausibly shows it (at least 5% likely by default), not that
    most runs do; the explanation says so.

    Examples
    --------
    >>> print(Likely(0.4, runs=500).explain())
    likely in one run: P = 0.4 (share of 500 runs) >= 0.05: at least 5% likely in one run
    >>> print(Likely(0.01).explain())
    likely in one run: P = 0.01 < 0.05: less than 5% likely in one run

    Parameters
    ----------
    probability : float or None
        Estimated chance that one run shows what the report saw.
    threshold : float
        Smallest chance at which one run plausibly shows it.
    runs : int
        How many runs the estimate rests on (for the explanation).
    """

    probability: float | None
    threshold: float = 0.05
    runs: int = 0
    rule: ClassVar[str] = "likely in one run"

    @property
    def verdict(self) -> Verdict:
        if self.probability is None:
            return UNVERIFIABLE
        return _decide(float(self.probability) >= self.threshold)

    def explain(self) -> str:
        if self.probability is None:
            return f"{self.rule}: no measurement"
        ok = self.verdict == CONFIRMED
        op = ">=" if ok else "<"
        of = f" (share of {self.runs} runs)" if self.runs else ""
        share = f"{100 * self.threshold:g}%"
        meaning = f"at least {share}" if ok else f"less than {share}"
        return (
            f"{self.rule}: P = {_num(float(self.probability))}{of} {op} "
            f"{_num(self.threshold)}: {meaning} likely in one run"
        )


@dataclass(frozen=True)
class Sourced:
    """A claim about where the report's material comes from.

    Unverifiable while the source cannot be identified (``source`` is None);
    confirmed when it is named and ``matches`` (the source says what the
    report attributes to it), differs when it is named and does not.
    """

    source: str | None
    matches: bool = True
    rule: ClassVar[str] = "sourced"

    @property
    def verdict(self) -> Verdict:
        return _decide(None if self.source is None else bool(self.matches))

    def explain(self) -> str:
        if self.source is None:
            return f"{self.rule}: no source identified"
        return f"{self.rule}: {self.source} ({'matches' if self.matches else 'does not match'})"


@dataclass(frozen=True)
class Derivation:
    """Not a verdict: a result that follows from the math whatever the inputs.

    Where a statement of the report holds by construction (an exact
    derivation, or a consequence of one), no rule could come out both ways
    on plausible inputs; the audit shows it as a *derivation*, apart from
    the verdict counts. Its ``verdict`` is ``None``.

    Parameters
    ----------
    statement : str
        What is derived, in one line.
    """

    statement: str
    rule: ClassVar[str] = DERIVATION

    @property
    def verdict(self) -> None:
        return None

    def explain(self) -> str:
        return f"{self.rule} (not a verdict): {self.statement}"


@dataclass(frozen=True)
class AllOf:
    """Confirmed iff every part is; differs if any part differs; else unverifiable."""

    parts: Sequence[Finding]
    rule: ClassVar[str] = "all of"

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("AllOf needs at least one part")

    @property
    def verdict(self) -> Verdict:
        verdicts = [p.verdict for p in self.parts]
        if DIFFERS in verdicts:
            return DIFFERS
        if UNVERIFIABLE in verdicts:
            return UNVERIFIABLE
        return CONFIRMED

    def explain(self) -> str:
        return "; ".join(p.explain() for p in self.parts)


@dataclass(frozen=True)
class Assuming:
    """A finding judged under each plausible value of an assumption the report leaves open.

    Each case is the same rule measured under one value (a horizon, a
    spread, a reading of the report's words); the first case is the value
    the pages show. The verdict is the one every decided case gives;
    ``"depends"`` when some confirm and some differ; unverifiable when no
    case is decided.

    Examples
    --------
    >>> a = Assuming("the horizon T", (("T = 100", AtMost(3, 0)),
    ...                                ("T = 1000", AtMost(0, 0))))
    >>> a.verdict, a.holds
    ('depends', {'confirmed': ('T = 1000',), 'differs': ('T = 100',)})
    >>> print(a.explain())
    assuming the horizon T: T = 100: at most: 3 > 0; T = 1000: at most: 0 <= 0 (confirmed for T = 1000; differs for T = 100)

    Parameters
    ----------
    assumption : str
        What the report leaves open, in words.
    cases : sequence of (str, Finding)
        Each plausible value, in words, with the finding measured under it.
    """

    assumption: str
    cases: Sequence[tuple[str, Finding]]
    rule: ClassVar[str] = "assuming"

    def __post_init__(self) -> None:
        if not self.cases:
            raise ValueError("Assuming needs at least one case")

    @property
    def holds(self) -> dict[Verdict, tuple[str, ...]]:
        """The values under which each verdict holds, decided verdicts only."""
        out: dict[Verdict, tuple[str, ...]] = {}
        for verdict in (CONFIRMED, DIFFERS):
            values = tuple(v for v, f in self.cases if f.verdict == verdict)
            if values:
                out[verdict] = values
        return out

    @property
    def verdict(self) -> Verdict:
        decided = self.holds
        if len(decided) > 1:
            return DEPENDS
        return next(iter(decided), UNVERIFIABLE)

    def explain(self) -> str:
        cases = "; ".join(f"{v}: {f.explain()}" for v, f in self.cases)
        over = "; ".join(f"{k} for {', '.join(v)}" for k, v in self.holds.items())
        return f"{self.rule} {self.assumption}: {cases}" + (
            f" ({over})" if over else ""
        )
