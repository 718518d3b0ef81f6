"""Problem 2's grid of validation MSEs as a Markdown table.

Examples
--------
>>> from dlhw.report import published
>>> print(grid_markdown(published.GRID[:2] + published.GRID[-1:]))
| learning rate | mini-batch | 50 epochs | 100 epochs |
|---|---|---|---|
| 1e-05 | 32 | 0.7981 | **0.7818** |
| 0.001 | 32 | 0.8112 | not printed |
"""

from __future__ import annotations

from collections.abc import Sequence

from dlhw.linreg import GridCell, best_cell
from dlhw.report.tables import markdown_table

__all__ = ["grid_markdown"]


def grid_markdown(
    cells: Sequence[GridCell], *, missing: str = "not printed", digits: int = 4
) -> str:
    """Validation MSEs, one row per (rate, batch), one column per epoch count.

    The best cell is bold; a cell absent from ``cells`` shows ``missing``, a
    diverged one "diverged".
    """
    epochs = sorted({c.num_epochs for c in cells})
    rows = list(dict.fromkeys((c.learning_rate, c.mini_batch) for c in cells))
    values = {(c.learning_rate, c.mini_batch, c.num_epochs): c for c in cells}
    best = best_cell(cells)

    def entry(cell: GridCell | None) -> str:
        if cell is None:
            return missing
        if cell.diverged:
            return "diverged"
        text = f"{cell.val_mse:.{digits}f}"
        return f"**{text}**" if cell == best else text

    return markdown_table(
        ["learning rate", "mini-batch", *(f"{e} epochs" for e in epochs)],
        (
            [
                f"{rate:g}",
                str(batch),
                *(entry(values.get((rate, batch, e))) for e in epochs),
            ]
            for rate, batch in rows
        ),
    )
