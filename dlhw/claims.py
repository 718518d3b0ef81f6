"""Claims of the published report and what our runs make of them.

Each problem's module returns its checked claims as :class:`Claim` records;
a page glues them as a table (:func:`claims_markdown`), and an audit page can
gather them from every problem.

Examples
--------
>>> c = Claim("3d", "one step from sqrt(3) with rate 1/4 lands on 0",
...           published="x0 = sqrt(3), eta = 0.25", measured="lands on 0 exactly",
...           verdict="confirmed")
>>> c.verdict
'confirmed'
>>> print(claims_markdown([c]))
| claim | report | measured | verdict |
|---|---|---|---|
| one step from sqrt(3) with rate 1/4 lands on 0 | x0 = sqrt(3), eta = 0.25 | lands on 0 exactly | confirmed |
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["VERDICTS", "Claim", "claims_markdown"]

#: The verdicts a claim can receive.
VERDICTS = ("confirmed", "differs", "unverifiable")


@dataclass(frozen=True)
class Claim:
    """One statement of the published report, checked.

    Parameters
    ----------
    problem : str
        Which part of the report makes it, e.g. ``"3a"``.
    claim : str
        The statement, in our own words.
    published : str
        The report's number or wording that the claim rests on.
    measured : str
        What our code measured or derived, with the numbers.
    verdict : str
        One of :data:`VERDICTS`.
    evidence : str, optional
        Where the measurement comes from (a function, a figure, a derivation).

    Raises
    ------
    ValueError
        For a verdict not in :data:`VERDICTS` or an empty text field.

    Examples
    --------
    >>> Claim("3a", "it converges", "yes", "no", "wrong")
    Traceback (most recent call last):
    ...
    ValueError: verdict must be one of 'confirmed', 'differs', 'unverifiable'; got 'wrong'
    """

    problem: str
    claim: str
    published: str
    measured: str
    verdict: str
    evidence: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            allowed = ", ".join(repr(v) for v in VERDICTS)
            raise ValueError(f"verdict must be one of {allowed}; got {self.verdict!r}")
        for name in ("problem", "claim", "published", "measured"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"a claim needs a non-empty {name}")


def _cell(text: str) -> str:
    # A table cell is one line, and a bare pipe would end it.
    return " ".join(str(text).split()).replace("|", "\\|")


def claims_markdown(claims: Iterable[Claim], *, evidence: bool = False) -> str:
    """A Markdown table of claims, one row each, for gluing into a page.

    Parameters
    ----------
    claims : iterable of Claim
        The rows.
    evidence : bool
        Add an ``evidence`` column.

    Returns
    -------
    str
        A pipe table (MyST Markdown; ``$...$`` in a cell is math).
    """
    head = ["claim", "report", "measured", "verdict"]
    if evidence:
        head.append("evidence")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in claims:
        cells = [c.claim, c.published, c.measured, c.verdict]
        if evidence:
            cells.append(c.evidence)
        lines.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    return "\n".join(lines)
