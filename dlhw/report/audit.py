"""The claims audit: every claim of the report, judged, on the stand-ins or on
the user's files.

:func:`run_audit` gathers every problem's claims into an :class:`Audit`,
which the command line (``python -m dlhw audit``) prints and writes as JSON
and the audit page shows, block by block.

Examples
--------
>>> from dlhw.report.claims3d import claims_3d
>>> verdict_counts(claims_3d())
{'confirmed': 4, 'differs': 0, 'depends': 0, 'unverifiable': 0}
>>> claim_ids(claims_3d())
('3d-stationary', '3d-maximum', '3d-pair', '3d-float')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from dlhw.files import printable
from dlhw.report.claim import PROBLEMS, Claim
from dlhw.report.facts import Glued, markdown, text
from dlhw.report.rules import DERIVATION, VERDICTS, Verdict
from dlhw.report.tables import markdown_table
from dlhw.report.text import literal_markdown

__all__ = [
    "Audit",
    "all_claims",
    "audit_glued",
    "claim_blocks",
    "claim_ids",
    "claims_markdown",
    "counts_markdown",
    "derivations",
    "problem_counts",
    "run_audit",
    "verdict_counts",
]


def all_claims(
    data: str | PathLike[str] | None = None,
    trajectory: str | PathLike[str] | None = None,
    *,
    progress: bool = False,
) -> tuple[Claim, ...]:
    """Every claim of the report, judged, in the report's order.

    Runs every problem's checks: tens of seconds the first time (Problem 2's
    grid and Problem 3a's long runs); the runs that no user's file changes
    are then kept on disk (:mod:`dlhw.cache`), so a later audit takes a few
    seconds.

    Parameters
    ----------
    data : path, optional
        Directory of the four course files of Problem 2; the stand-in if None.
    trajectory : path, optional
        The course's trajectory file of Problem 3b; the stand-in if None.
    progress : bool
        Show on stderr which problem is being judged (tqdm).

    Raises
    ------
    ValueError
        A subclass of it for a file that cannot be read
        (:class:`dlhw.data.DataError`, :class:`dlhw.problem3b.TrajectoryError`).
    """
    from tqdm import tqdm

    from dlhw.report.facts2 import facts_2
    from dlhw.report.facts3a import facts_3a
    from dlhw.report.facts3b import facts_3b
    from dlhw.report.facts3c import facts_3c
    from dlhw.report.facts3d import facts_3d

    folder = None if data is None else Path(data)
    path = None if trajectory is None else Path(trajectory)
    builders: list[tuple[str, Callable[[], tuple[Claim, ...]]]] = [
        ("2", lambda: facts_2(folder, progress=progress).claims),
        ("3a", lambda: facts_3a().claims),
        ("3b", lambda: facts_3b(path).claims),
        ("3c", lambda: facts_3c().claims),
        ("3d", lambda: facts_3d().claims),
    ]
    claims: list[Claim] = []
    with tqdm(
        builders, desc="judging", unit="problem", disable=not progress, leave=False
    ) as bar:
        for problem, build in bar:
            bar.set_postfix_str(f"Problem {problem}")
            claims += build()
    return tuple(claims)


def verdict_counts(claims: Iterable[Claim]) -> dict[Verdict, int]:
    """How many claims got each verdict, in the order of ``VERDICTS``.

    Derivations (:attr:`~dlhw.report.claim.Claim.kind`) have no verdict and are not counted.

    Parameters
    ----------
    claims : iterable of Claim
        Judged claims (:class:`~dlhw.report.claim.Claim`).

    Returns
    -------
    dict of str to int
        The count of each verdict of :data:`~dlhw.report.rules.VERDICTS`,
        zeros included.

    Examples
    --------
    >>> from dlhw.report.rules import Equal
    >>> verdict_counts([Claim("3d", "One is one.", "1", "1", Equal(1, 1)),
    ...                 Claim("3d", "One is two.", "1", "2", Equal(1, 2))])
    {'confirmed': 1, 'differs': 1, 'depends': 0, 'unverifiable': 0}
    """
    counts = Counter(c.verdict for c in claims)
    return {v: counts.get(v, 0) for v in VERDICTS}


def problem_counts(claims: Sequence[Claim]) -> dict[str, dict[Verdict, int]]:
    """:func:`verdict_counts` for each problem that has claims, in order.

    Parameters
    ----------
    claims : sequence of Claim
        Judged claims (:class:`~dlhw.report.claim.Claim`).

    Returns
    -------
    dict of str to dict of str to int
        The verdict counts keyed by problem, in the order of
        :data:`~dlhw.report.claim.PROBLEMS`; a problem without claims is
        left out.

    Examples
    --------
    >>> from dlhw.report.rules import Equal
    >>> problem_counts([Claim("3d", "One is one.", "1", "1", Equal(1, 1)),
    ...                 Claim("3a", "One is two.", "1", "2", Equal(1, 2))])
    {'3a': {'confirmed': 0, 'differs': 1, 'depends': 0, 'unverifiable': 0}, '3d': {'confirmed': 1, 'differs': 0, 'depends': 0, 'unverifiable': 0}}
    """
    return {
        p: verdict_counts(c for c in claims if c.problem == p)
        for p in PROBLEMS
        if any(c.problem == p for c in claims)
    }


def claim_ids(claims: Sequence[Claim]) -> tuple[str, ...]:
    """Each claim's id: its stable key, the same whatever claims come before it.

    Parameters
    ----------
    claims : sequence of Claim
        Claims that each have a key (:class:`~dlhw.report.claim.Claim`).

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        If a claim has no key, or two claims share one.

    Examples
    --------
    >>> from dlhw.report.rules import Equal
    >>> claim_ids([Claim("3d", "c", "r", "m", Equal(1, 1))])
    Traceback (most recent call last):
    ...
    ValueError: a claim of problem 3d has no key: c
    """
    for c in claims:
        if not c.key:
            raise ValueError(f"a claim of problem {c.problem} has no key: {c.claim}")
    twice = sorted(k for k, n in Counter(c.key for c in claims).items() if n > 1)
    if twice:
        raise ValueError(f"claim keys used twice: {', '.join(twice)}")
    return tuple(c.key for c in claims)


def counts_markdown(claims: Sequence[Claim]) -> str:
    """A table of verdict counts, one row per problem and a total.

    Parameters
    ----------
    claims : sequence of Claim
        Judged claims (:class:`~dlhw.report.claim.Claim`).

    Returns
    -------
    str
        A Markdown table (:func:`~dlhw.report.tables.markdown_table`): a row
        per problem with claims (:func:`problem_counts`), then ``all``.

    Examples
    --------
    >>> from dlhw.report.claims3d import claims_3d
    >>> print(counts_markdown(claims_3d()))
    | problem | confirmed | differs | depends | unverifiable | claims |
    |---|---|---|---|---|---|
    | 3d | 4 | 0 | 0 | 0 | 4 |
    | all | 4 | 0 | 0 | 0 | 4 |
    """
    rows = [
        [p, *(str(n) for n in counts.values()), str(sum(counts.values()))]
        for p, counts in problem_counts(claims).items()
    ]
    total = verdict_counts(claims)
    rows.append(["all", *(str(n) for n in total.values()), str(sum(total.values()))])
    return markdown_table(["problem", *VERDICTS, "claims"], rows)


def derivations(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """The rows that state a derivation, not a verdict (outside the counts).

    Parameters
    ----------
    claims : iterable of Claim
        Judged claims (:class:`~dlhw.report.claim.Claim`).

    Returns
    -------
    tuple of Claim
        The claims whose finding is a
        :class:`~dlhw.report.rules.Derivation`, in their order.

    Examples
    --------
    >>> from dlhw.report.rules import Derivation, Equal
    >>> rows = [Claim("3d", "One is one.", "1", "1", Equal(1, 1)),
    ...         Claim("3d", "x = 0 is stationary.", "x=0", "f'(0) = 0",
    ...               Derivation("f'(0) = 0"))]
    >>> [c.claim for c in derivations(rows)]
    ['x = 0 is stationary.']
    """
    return tuple(c for c in claims if c.kind == DERIVATION)


def _badge(c: Claim) -> str:
    return f"{{verdict}}`{c.verdict or c.kind}`"


def claims_markdown(claims: Sequence[Claim]) -> str:
    """A compact table of claims for a report page: claim, verdict, rule.

    Parameters
    ----------
    claims : sequence of Claim
        Judged claims (:class:`~dlhw.report.claim.Claim`), in the order of
        the rows.

    Returns
    -------
    str
        A Markdown table; the verdict (or ``derivation``) is a badge, the
        site's ``verdict`` role.

    Examples
    --------
    >>> from dlhw.report.rules import Equal
    >>> print(claims_markdown([Claim("3d", "One is one.", "1", "1", Equal(1, 1))]))
    | claim | verdict | rule |
    |---|---|---|
    | One is one. | {verdict}`confirmed` | equal: 1 = 1 |
    """
    return markdown_table(
        ["claim", "verdict", "rule"],
        ([c.claim, _badge(c), c.rule] for c in claims),
    )


def _literal(text: str) -> str:
    # Inline code that may itself hold backticks.
    ticks = "``" if "`" in text else "`"
    return f"{ticks}{text}{ticks}"


def claim_blocks(claims: Sequence[Claim], ids: Sequence[str] | None = None) -> str:
    """The audit page's view of ``claims``: one block per claim.

    Each block shows the claim's id and words, its verdict as a badge (the
    ``verdict`` role of the site; a derivation has a badge of its own), the report's own words, what dlhw measured,
    the rule that decided, and a link to the section holding the evidence.
    Each block is labelled ``audit-<id>``.

    Parameters
    ----------
    claims : sequence of Claim
        The claims to show.
    ids : sequence of str, optional
        Their ids (:func:`claim_ids` of ``claims`` by default).
    """
    ids = claim_ids(claims) if ids is None else ids
    out: list[str] = []
    for cid, c in zip(ids, claims, strict=True):
        out += [
            f"(audit-{cid})=",
            f"::::{{container}} dlhw-claim dlhw-claim-{c.verdict or c.kind}",
            f":::{{rubric}} {cid}: {c.claim}",
            ":::",
            "",
            _badge(c),
            "",
            "The report",
            f": {c.reported}",
            "",
            "Measured",
            f": {c.measured_as(literal_markdown)}",
            "",
            "Rule",
            f": {_literal(c.rule)}",
            "",
        ]
        # A fixed link text: a section title holding math would show as TeX.
        source = [f"{{ref}}`on its page <{c.where}>`"] if c.where else []
        if c.evidence:
            source.append(f"computed by {_literal(c.evidence)}")
        if source:
            out += ["Evidence", f": {'; '.join(source)}", ""]
        out += ["::::", ""]
    return "\n".join(out).rstrip() + "\n"


@dataclass(frozen=True)
class Audit:
    """Every claim, judged, with the inputs it was judged on.

    Attributes
    ----------
    claims : tuple of Claim
        In the report's order.
    data, trajectory : str or None
        The user's files, or None where the stand-in was used.
    """

    claims: tuple[Claim, ...]
    data: str | None = None
    trajectory: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        """See :func:`claim_ids`."""
        return claim_ids(self.claims)

    @property
    def counts(self) -> dict[Verdict, int]:
        """See :func:`verdict_counts`."""
        return verdict_counts(self.claims)

    @property
    def by_problem(self) -> dict[str, dict[Verdict, int]]:
        """See :func:`problem_counts`."""
        return problem_counts(self.claims)

    def blocks(self, problem: str) -> str:
        """:func:`claim_blocks` of one problem's claims, with their audit ids.

        Parameters
        ----------
        problem : str
            One of :data:`~dlhw.report.claim.PROBLEMS`.

        Returns
        -------
        str
            MyST Markdown, one block per claim of ``problem``; a single line
            break when it has none.

        Raises
        ------
        ValueError
            If a claim has no key, or two claims share one
            (:func:`claim_ids`).

        Examples
        --------
        >>> from dlhw.report.rules import Equal
        >>> one = Claim("3d", "One is one.", "1", "1", Equal(1, 1), key="3d-one")
        >>> Audit((one,)).blocks("3d").splitlines()[:3]
        ['(audit-3d-one)=', '::::{container} dlhw-claim dlhw-claim-confirmed', ':::{rubric} 3d-one: One is one.']
        >>> Audit((one,)).blocks("3a")
        '\\n'
        """
        pairs = zip(self.ids, self.claims, strict=True)
        mine = [(i, c) for i, c in pairs if c.problem == problem]
        return claim_blocks([c for _, c in mine], [i for i, _ in mine])

    @property
    def derivations(self) -> tuple[Claim, ...]:
        """See :func:`derivations`."""
        return derivations(self.claims)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` document of ``python -m dlhw audit``.

        ``claims`` holds the verdicts, ``derivations`` the rows that state a
        derivation (no verdict, outside ``counts``); each row's ``id`` is its
        claim's stable key.
        """
        rows = [
            {"id": cid, **c.to_json()}
            for cid, c in zip(self.ids, self.claims, strict=True)
        ]
        return {
            "claims": [r for r in rows if r["kind"] != DERIVATION],
            "derivations": [r for r in rows if r["kind"] == DERIVATION],
            "counts": {**self.by_problem, "all": self.counts},
            "data": self.data,
            "trajectory": self.trajectory,
        }

    def text(self) -> str:
        """What ``python -m dlhw audit`` prints: every claim, then the counts.

        A name (a folder's, a file's) is shown as it is, its control
        characters and line breaks as codes (:func:`dlhw.files.printable`),
        so each line printed is one line of the audit.

        Examples
        --------
        >>> from dlhw.report.rules import Equal
        >>> one = Claim("3d", "One is one.", "1", "1", Equal(1, 1), key="3d-one")
        >>> print(Audit((one,), trajectory="x\\n[3d-one] DIFFERS.txt").text().splitlines()[0])
        Claims audit: Problem 2 on the stand-in data (synthetic), Problem 3b on x\\n[3d-one] DIFFERS.txt
        """
        data = printable(self.data or "the stand-in data (synthetic)")
        trajectory = printable(self.trajectory or "the stand-in trajectory (synthetic)")
        lines = [f"Claims audit: Problem 2 on {data}, Problem 3b on {trajectory}", ""]
        for cid, c in zip(self.ids, self.claims, strict=True):
            head = c.verdict.upper() if c.verdict else "DERIVATION (not a verdict)"
            lines += [
                f"[{cid}] {head}: {c.claim}",
                f"    report:   {c.reported}",
                f"    measured: {c.measured_as(printable)}",
                f"    rule:     {c.rule}",
                "",
            ]
        derived = [
            cid
            for cid, c in zip(self.ids, self.claims, strict=True)
            if c.kind == DERIVATION
        ]
        if derived:
            lines += [
                f"Derivations, not verdicts and not counted: {', '.join(derived)}",
                "",
            ]
        width = max(len(v) for v in VERDICTS)
        lines.append(
            "problem  " + "  ".join(f"{v:>{width}}" for v in VERDICTS) + "  claims"
        )
        rows = {**self.by_problem, "all": self.counts}
        for p, counts in rows.items():
            lines.append(
                f"{p:<7}  "
                + "  ".join(f"{n:>{width}}" for n in counts.values())
                + f"  {sum(counts.values()):>6}"
            )
        return "\n".join(lines)


def audit_glued(audit: Audit) -> tuple[Glued, ...]:
    """Every value the audit page cites, computed from ``audit``.

    Parameters
    ----------
    audit : Audit
        The judged claims and the inputs they were judged on.

    Returns
    -------
    tuple of Glued
    """
    from dlhw.report.rules import Likely

    n_derivations = len(audit.derivations)
    return (
        markdown("audit_counts", counts_markdown(audit.claims)),
        *(markdown(f"audit_{p}", audit.blocks(p)) for p in PROBLEMS),
        text("audit_n", sum(audit.counts.values())),
        text(
            "audit_n_derivations",
            f"{n_derivations} row{'' if n_derivations == 1 else 's'}",
        ),
        text("audit_likely", f"{100 * Likely(None).threshold:g}%"),
        *(text(f"audit_{verdict}", n) for verdict, n in audit.counts.items()),
        text("audit_data", audit.data or "the stand-in data (synthetic)"),
        text(
            "audit_trajectory",
            audit.trajectory or "the stand-in trajectory (synthetic)",
        ),
    )


def run_audit(
    data: str | PathLike[str] | None = None,
    trajectory: str | PathLike[str] | None = None,
    *,
    progress: bool = False,
) -> Audit:
    """Judge every claim (:func:`all_claims`) and keep the inputs with them.

    Parameters
    ----------
    data : path, optional
        Directory of the four course files of Problem 2; the stand-in if None.
    trajectory : path, optional
        The course's trajectory file of Problem 3b; the stand-in if None.
    progress : bool
        Show on stderr which problem is being judged (tqdm).

    Returns
    -------
    Audit
        The claims, with ``data`` and ``trajectory`` as strings (None for a
        stand-in).

    Raises
    ------
    ValueError
        A subclass of it for a file that cannot be read
        (:class:`dlhw.data.DataError`, :class:`dlhw.problem3b.TrajectoryError`).
    """
    return Audit(
        all_claims(data, trajectory, progress=progress),
        data=None if data is None else str(data),
        trajectory=None if trajectory is None else str(trajectory),
    )
