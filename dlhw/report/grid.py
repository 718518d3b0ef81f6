"""Problem 2's grid: the report's printout read and compared, and grid tables.

:func:`printed_findings` reads what the report's own printout shows,
:func:`chosen_cell_findings` how the report's chosen cell does in our run;
:func:`grid_markdown` writes a grid of validation MSEs as a Markdown table.

Examples
--------
>>> from dlhw import published
>>> print(grid_markdown(published.GRID[:2] + published.GRID[-1:]))
| learning rate | mini-batch | 50 epochs | 100 epochs |
|---|---|---|---|
| 1e-05 | 32 | 0.7981 | **0.7818** |
| 0.001 | 32 | 0.8112 | not printed |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dlhw import published
from dlhw.linreg import GridCell, best_cell, format_log_line, mse, predict
from dlhw.problem2 import Problem2Results
from dlhw.published import LogLine, PrintedCell
from dlhw.report.tables import markdown_table

__all__ = [
    "ChosenCellFindings",
    "PrintedFindings",
    "as_cells",
    "chosen_cell_findings",
    "grid_markdown",
    "log_text",
    "printed_findings",
]


def as_cells(rows: Sequence[PrintedCell | GridCell]) -> tuple[GridCell, ...]:
    """Printed rows (:data:`dlhw.published.GRID`) as the grid search's cells.

    Parameters
    ----------
    rows : sequence of dlhw.published.PrintedCell or dlhw.linreg.GridCell
        Printed rows, or cells (kept as they are).

    Returns
    -------
    tuple of dlhw.linreg.GridCell
        One cell per row, in order; a printed row's cell is not diverged.

    Examples
    --------
    >>> as_cells(published.GRID)[-1]
    GridCell(learning_rate=0.001, mini_batch=32, num_epochs=50, val_mse=0.8111897687858998, diverged=False)
    """
    return tuple(
        c
        if isinstance(c, GridCell)
        else GridCell(c.learning_rate, c.mini_batch, c.num_epochs, c.val_mse)
        for c in rows
    )


def log_text(log: Sequence[LogLine] = published.LOG) -> str:
    """The report's training log as it printed it.

    Parameters
    ----------
    log : sequence of dlhw.published.LogLine, optional
        The log lines (the report's, :data:`dlhw.published.LOG`).

    Returns
    -------
    str
        One line per log line (:func:`dlhw.linreg.format_log_line`), joined
        by line breaks.

    Examples
    --------
    >>> print(log_text().splitlines()[-1])
    Epoch 150, Batch 63, MSE: 0.831652339847603

    The log's last batch number is the number of batches per epoch: 4000
    training images (5000 split 80/20) at batch size 64.

    >>> from dlhw.linreg import batches_per_epoch
    >>> published.LOG[-1].batch == batches_per_epoch(4000, published.BEST["mini_batch"])
    True
    """
    return "\n".join(format_log_line(*line) for line in log)


def _n_cells() -> int:
    return (
        len(published.LEARNING_RATES)
        * len(published.MINI_BATCHES)
        * len(published.EPOCHS)
    )


@dataclass(frozen=True)
class PrintedFindings:
    """What the report's own printout of Problem 2 shows.

    Attributes
    ----------
    best : GridCell
        The printed row with the lowest validation MSE.
    n_rows, n_cells : int
        Printed grid rows, and cells of the grid it says it searched.
    unprinted : tuple of GridCell
        The cells of that grid missing from the printout (MSE unknown: nan).
    label_cell : GridCell
        The printed row whose validation MSE is nearest to the number the report
        labels "Training MSE".
    label_distance : float
        How far that number is from ``label_cell``'s validation MSE.
    n_log : int
        Printed log lines.
    """

    best: GridCell
    n_rows: int
    n_cells: int
    unprinted: tuple[GridCell, ...]
    label_cell: GridCell
    label_distance: float
    n_log: int

    @property
    def unprinted_rates(self) -> tuple[float, ...]:
        """The learning rates of the unprinted cells."""
        return tuple(sorted({c.learning_rate for c in self.unprinted}))


def printed_findings(
    grid: Sequence[PrintedCell | GridCell] = published.GRID,
    log: Sequence[LogLine] = published.LOG,
    training_mse: float = published.TRAINING_MSE,
) -> PrintedFindings:
    """Read the report's printed grid and log (:mod:`dlhw.published`).

    Parameters
    ----------
    grid, log : tuple, optional
        The printed grid rows and log lines (the report's by default).
    training_mse : float, optional
        The number the printout labels "Training MSE".

    Examples
    --------
    >>> f = printed_findings()
    >>> f.best.hyperparameters() == published.BEST, f.n_rows, f.n_cells
    (True, 19, 27)
    >>> len(f.unprinted), f.unprinted_rates
    (8, (0.001,))
    >>> f.label_cell == f.best, f.label_distance
    (True, 0.0)
    """
    cells = as_cells(grid)
    printed = {(c.learning_rate, c.mini_batch, c.num_epochs) for c in cells}
    unprinted = tuple(
        GridCell(rate, batch, epochs, float("nan"))
        for rate in published.LEARNING_RATES
        for batch in published.MINI_BATCHES
        for epochs in published.EPOCHS
        if (rate, batch, epochs) not in printed
    )
    nearest = min(cells, key=lambda c: abs(c.val_mse - training_mse))
    return PrintedFindings(
        best=best_cell(cells),
        n_rows=len(cells),
        n_cells=_n_cells(),
        unprinted=unprinted,
        label_cell=nearest,
        label_distance=abs(nearest.val_mse - training_mse),
        n_log=len(log),
    )


@dataclass(frozen=True)
class ChosenCellFindings:
    """How the report's chosen cell does in our run (on whichever data it used).

    Attributes
    ----------
    cell : GridCell
        Our grid's cell with the report's hyperparameters.
    train_mse : float
        Its MSE on our training split (its grid weights, evaluated in float64).
    val_gap : float
        Its validation MSE minus our best cell's: 0 when it is our best cell.
    diverged_rates, trained_rates : tuple of float
        The learning rates of our grid whose runs diverged, and the others.
    """

    cell: GridCell
    train_mse: float
    val_gap: float
    diverged_rates: tuple[float, ...]
    trained_rates: tuple[float, ...]


def chosen_cell_findings(results: Problem2Results) -> ChosenCellFindings:
    """Find the report's chosen cell in ``results``' grid and measure it.

    Parameters
    ----------
    results : dlhw.problem2.Problem2Results
        A run of Problem 2 whose grid holds the report's chosen cell
        (:data:`dlhw.published.BEST`).

    Returns
    -------
    ChosenCellFindings

    Examples
    --------
    >>> from dlhw.problem2 import problem2_results
    >>> f = chosen_cell_findings(problem2_results())
    >>> f.cell.hyperparameters() == published.BEST, round(f.train_mse, 4)
    (True, 0.6472)
    >>> round(f.val_gap, 4), f.diverged_rates
    (0.0778, (0.1, 1.0))
    """
    grid = results.grid
    want = published.BEST
    cell = next(c for c in grid.cells if c.hyperparameters() == want)
    w, b = grid.model(cell)
    z_train = results.scaler.transform(results.split.y_train)
    train = float(mse(predict(results.split.X_train, w.astype(float), b), z_train))
    diverged = tuple(sorted({c.learning_rate for c in grid.diverged}))
    trained = tuple(sorted({c.learning_rate for c in grid.cells} - set(diverged)))
    return ChosenCellFindings(
        cell=cell,
        train_mse=train,
        val_gap=float(cell.val_mse - grid.best.val_mse),
        diverged_rates=diverged,
        trained_rates=trained,
    )


def grid_markdown(
    printed: Sequence[PrintedCell | GridCell],
    *,
    missing: str = "not printed",
    digits: int = 4,
) -> str:
    """Validation MSEs, one row per (rate, batch), one column per epoch count.

    The best cell is bold; a cell absent from ``printed`` shows ``missing``,
    a diverged one "diverged".

    Parameters
    ----------
    printed : sequence of dlhw.published.PrintedCell or dlhw.linreg.GridCell
        The cells; the rows and columns are those they hold, in the order
        they first appear (rows) and by epoch count (columns).
    missing : str, optional
        What a cell absent from ``printed`` shows.
    digits : int, optional
        Decimals of each validation MSE.

    Returns
    -------
    str
        A Markdown table (:func:`~dlhw.report.tables.markdown_table`).

    Examples
    --------
    >>> print(grid_markdown(published.GRID[:2] + published.GRID[-1:],
    ...                     missing="-", digits=2))
    | learning rate | mini-batch | 50 epochs | 100 epochs |
    |---|---|---|---|
    | 1e-05 | 32 | 0.80 | **0.78** |
    | 0.001 | 32 | 0.81 | - |
    """
    cells = as_cells(printed)
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
