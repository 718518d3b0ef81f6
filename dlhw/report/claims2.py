"""The report's claims about Problem 2, judged by rules.

Claims about the report's own printout are decided on it
(:func:`dlhw.report.grid.printed_findings`). Claims about the course's files are
decided on a run over those files (``python -m dlhw audit --data DIR``); on
the stand-in their measurement is absent, so they are unverifiable, and the
measured text gives the stand-in's numbers for orientation only.

Examples
--------
>>> [c.verdict for c in claims_2()]
['unverifiable', 'unverifiable', 'differs', 'differs', 'differs', 'unverifiable', 'unverifiable']
"""

from __future__ import annotations

from typing import TypeVar

from dlhw import published
from dlhw.linreg import GridCell
from dlhw.problem2 import Problem2Results, problem2_results
from dlhw.report.claim import DATA, Claim
from dlhw.report.grid import (
    ChosenCellFindings,
    PrintedFindings,
    chosen_cell_findings,
    printed_findings,
)
from dlhw.report.rules import CONFIRMED, DIFFERS, AllOf, AtLeast, AtMost, Close, Equal
from dlhw.report.text import fmt, numbers

__all__ = ["MSE_TOLERANCE", "SELECTION_TOLERANCE", "cell_words", "claims_2"]

T = TypeVar("T")

#: How close an MSE of ours on the course files must come to the report's to
#: confirm it. A chosen margin, not a measured one: our split and shuffles are
#: not the report's, so its exact digits cannot be expected.
MSE_TOLERANCE = 0.02

#: A cell within this validation MSE of the lowest counts as a best cell. A
#: chosen margin: closer than that, which cell wins depends on the shuffles and
#: on where the grid's epoch snapshots land.
SELECTION_TOLERANCE = 0.005


def cell_words(cell: GridCell | dict) -> str:
    """A grid cell's hyperparameters in words.

    Parameters
    ----------
    cell : dlhw.linreg.GridCell or dict
        A cell of the grid (anything with a ``hyperparameters()`` method,
        such as a :class:`dlhw.published.PrintedCell`), or its
        hyperparameters keyed as in the report's printed dict
        (:data:`dlhw.published.BEST`): ``num_epochs``, ``learning_rate`` and
        ``mini_batch``.

    Returns
    -------
    str
        The epochs, the learning rate (``:g``) and the mini-batch size.

    Examples
    --------
    >>> cell_words(published.BEST)
    '150 epochs, rate 0.0001, batch 64'
    """
    h = cell if isinstance(cell, dict) else cell.hyperparameters()
    return f"{h['num_epochs']} epochs, rate {h['learning_rate']:g}, batch {h['mini_batch']}"


def claims_2(
    results: Problem2Results | None = None,
    printed: PrintedFindings | None = None,
    chosen: ChosenCellFindings | None = None,
) -> tuple[Claim, ...]:
    """The published report's claims about Problem 2, judged.

    Parameters
    ----------
    results : Problem2Results, optional
        Our run; the stand-in's by default. A run on course-format files
        decides every claim.
    printed : PrintedFindings, optional
        What the report's printout shows (:func:`~dlhw.report.grid.printed_findings`
        of the report's printout by default).
    chosen : ChosenCellFindings, optional
        How the report's cell does in ``results``
        (:func:`~dlhw.report.grid.chosen_cell_findings` of it by default).

    Returns
    -------
    tuple of Claim
    """
    r = problem2_results() if results is None else results
    course = not r.is_standin
    printed = printed_findings() if printed is None else printed
    chosen = chosen_cell_findings(r) if chosen is None else chosen
    words = published.WORDS_2

    def on_course(value: T) -> T | None:
        # A statement about the course files is measured only on them.
        return value if course else None

    # What the number labelled "Training_MSE" is, by the printout: a training
    # figure unless it is one of the printed validation MSEs. 2-training-mse
    # compares it with our figure of the same kind.
    label = AtLeast(printed.label_distance, 0.0, strict=True)
    training = label.verdict == CONFIRMED
    label_kind = "training" if training else "validation"
    as_labelled = chosen.train_mse if training else chosen.cell.val_mse

    ours = (
        f"on the {DATA}, our best cell is {cell_words(r.best)}; the report's "
        f"cell is {fmt(chosen.val_gap, 2)} above it in validation MSE"
    )
    if not course:
        ours += " (a different data set: no evidence either way)"
    return (
        Claim(
            "2",
            "The chosen cell (150 epochs, rate 1e-4, batch 64) has the lowest "
            "validation MSE of the grid.",
            words.best,
            f"of the {printed.n_rows} printed rows the lowest is at "
            f"{cell_words(printed.best)}; the {len(printed.unprinted)} unprinted "
            f"cells (rate {numbers(printed.unprinted_rates)}) are unknown; {ours}",
            AllOf(
                (
                    Equal(cell_words(printed.best), cell_words(published.BEST)),
                    AtMost(on_course(chosen.val_gap), SELECTION_TOLERANCE),
                )
            ),
            "dlhw.report.grid.printed_findings, dlhw.report.grid.chosen_cell_findings",
            "p2-compare",
            key="2-best-cell",
            data=r.label,
        ),
        Claim(
            "2",
            f'The chosen model\'s MSE printed as "Training_MSE", '
            f"{fmt(published.TRAINING_MSE)}, comes out on the course's files, "
            f"judged as the {label_kind} figure 2-mse-label shows it to be.",
            words.training_mse,
            f"on the {DATA}, the chosen cell's training MSE is "
            f"{fmt(chosen.train_mse)} and its validation MSE "
            f"{fmt(chosen.cell.val_mse)}; its {label_kind} MSE is compared",
            Close(on_course(as_labelled), published.TRAINING_MSE, MSE_TOLERANCE),
            "dlhw.report.grid.chosen_cell_findings",
            "p2-compare",
            key="2-training-mse",
            data=r.label,
        ),
        Claim(
            "2",
            'The number labelled "Training_MSE" is a training-set figure, not one '
            "of the printed validation MSEs.",
            words.training_mse,
            f"it lies {printed.label_distance:g} from the printed validation MSE "
            f"of {cell_words(printed.label_cell)}, i.e. it is that number to "
            "every printed digit"
            if label.verdict == DIFFERS
            else f"it lies {printed.label_distance:g} from the nearest printed "
            f"validation MSE, that of {cell_words(printed.label_cell)}",
            label,
            "dlhw.report.grid.printed_findings",
            "p2-compare",
            key="2-mse-label",
        ),
        Claim(
            "2",
            "The printout gives the MSE of every hyperparameter combination.",
            words.grid,
            f"{printed.n_rows} rows are printed of the {printed.n_cells} cells of "
            f"the grid; the listing stops after the first cell at rate "
            f"{published.GRID[-1].learning_rate:g}",
            Equal(printed.n_rows, printed.n_cells),
            "dlhw.report.grid.printed_findings",
            "p2-compare",
            key="2-full-grid",
        ),
        Claim(
            "2",
            "The log shows the cost of the last 10 iterations.",
            words.log,
            f"{printed.n_log} lines are printed, batches {published.LOG[0].batch} "
            f"to {published.LOG[-1].batch} of epoch {published.LOG[-1].epoch}",
            Equal(printed.n_log, published.LOG_ANNOUNCED),
            "dlhw.report.grid.printed_findings",
            "p2-compare",
            key="2-log-length",
        ),
        Claim(
            "2",
            "The chosen model's test MSE is 0.7691.",
            words.test_mse,
            f"on the {DATA}, our best cell's test MSE is {fmt(r.test_mse)} "
            f"(closed-form ridge {fmt(r.closed_test_mse)})",
            Close(on_course(r.test_mse), published.TEST_MSE, MSE_TOLERANCE),
            "dlhw.problem2.problem2_results",
            "p2-results",
            key="2-test-mse",
            data=r.label,
        ),
        Claim(
            "2",
            "Rates 1e-5 to 1e-3 train; 1e-1 and 1e0 blow up to inf and nan.",
            words.rates,
            f"on the {DATA}, rates {numbers(chosen.diverged_rates)} diverge and "
            f"{numbers(chosen.trained_rates)} train; plain gradient descent is "
            f"stable below 2/λmax = {fmt(r.stability_bound, 3)}",
            AllOf(
                (
                    Equal(on_course(chosen.diverged_rates), published.DIVERGING_RATES),
                    Equal(on_course(chosen.trained_rates), published.LEARNING_RATES),
                )
            ),
            "dlhw.report.grid.chosen_cell_findings, dlhw.linreg.largest_curvature",
            "p2-curvature",
            key="2-diverging-rates",
            data=r.label,
        ),
    )
