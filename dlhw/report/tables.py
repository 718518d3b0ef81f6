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

__all__ = ["markdown_table"]


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
