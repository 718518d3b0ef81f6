"""The one Markdown table writer of the report layer.

Examples
--------
>>> print(markdown_table(["a", "b"], [["1", "x | y"], ["2", "two\\nlines"]]))
| a | b |
|---|---|
| 1 | x \\| y |
| 2 | two lines |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dlhw.report.claim import Claim

__all__ = ["claims_markdown", "markdown_table"]


def _cell(text: object) -> str:
    # A table cell is one line, and a bare pipe would end it.
    return " ".join(str(text).split()).replace("|", "\\|")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A MyST pipe table (``$...$`` in a cell is math), for gluing into a page.

    Parameters
    ----------
    header : sequence of str
        Column titles.
    rows : iterable of sequences
        One sequence of cells per row, as long as ``header``.

    Raises
    ------
    ValueError
        For a row whose length differs from the header's.
    """
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells, the header {len(header)}")
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


def claims_markdown(claims: Iterable[Claim]) -> str:
    """Claims as a table: claim | report | measured | verdict.

    The verdict cell is the MyST role ``{verdict}`...```, which the site
    styles.

    Examples
    --------
    >>> from dlhw.report.claim import Claim
    >>> from dlhw.report.rules import Equal
    >>> c = Claim("3d", "One step lands on 0.", "we obtain x=0", "0", Equal(0, 0))
    >>> print(claims_markdown([c]).splitlines()[-1])
    | One step lands on 0. | we obtain x=0 | 0 | {verdict}`confirmed` |
    """
    return markdown_table(
        ["claim", "report", "measured", "verdict"],
        [
            [c.claim, c.reported, c.measured, f"{{verdict}}`{c.verdict}`"]
            for c in claims
        ],
    )
