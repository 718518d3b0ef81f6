"""Every number and phrase the published report printed, as data.

Everything here is copied from the report once, so that pages, figures,
claims and tests compute from it instead of retyping it. Problem 2 comes
first, then Problems 3a to 3d, each in its own section. The report printed 19 of its 27
grid cells and 19 log lines (it says 10); both are kept as printed.

Examples
--------
Selecting the best cell of the printed grid with the same rule as our own
grid search gives the report's choice, at the value it calls "Training MSE":

>>> from dlhw.linreg import best_cell
>>> best = best_cell(GRID)
>>> best.hyperparameters()
{'num_epochs': 150, 'learning_rate': 0.0001, 'mini_batch': 64}
>>> best.val_mse
0.7645158065620998
>>> best.hyperparameters() == BEST
True

The log's last batch number is the number of batches per epoch: 4000 training
images (5000 split 80/20) at batch size 64.

>>> from dlhw.linreg import batches_per_epoch
>>> LOG[-1].batch, batches_per_epoch(4000, BEST["mini_batch"])
(63, 63)
>>> len(GRID), len(LEARNING_RATES) * len(MINI_BATCHES) * len(EPOCHS), len(LOG)
(19, 27, 19)
"""

from __future__ import annotations

from typing import NamedTuple

from dlhw.linreg import GridCell, format_log_line

__all__ = [
    "BEST",
    "DIVERGING_RATES",
    "EPOCHS",
    "GRID",
    "LEARNING_RATES",
    "LOG",
    "MINI_BATCHES",
    "TEST_MSE",
    "TRAINING_MSE",
    "LogLine",
    "log_text",
    "training_mse_cell",
]

#: The grid the report searched.
LEARNING_RATES = (1e-5, 1e-4, 1e-3)
MINI_BATCHES = (32, 64, 128)
EPOCHS = (50, 100, 150)

#: Learning rates the report also tried and dropped: the costs became inf/nan.
DIVERGING_RATES = (1e-1, 1e0)

#: The printed grid rows, in the printed order, as (epochs, batch, rate, MSE).
_ROWS = (
    (50, 32, 1e-05, 0.7980858284148201),
    (100, 32, 1e-05, 0.7817600759463128),
    (150, 32, 1e-05, 0.7764923913809932),
    (50, 64, 1e-05, 0.825059311597272),
    (100, 64, 1e-05, 0.7982439602620542),
    (150, 64, 1e-05, 0.7871683315511885),
    (50, 128, 1e-05, 0.858354726422686),
    (100, 128, 1e-05, 0.8248488083114183),
    (150, 128, 1e-05, 0.8079652447471504),
    (50, 32, 0.0001, 0.768266541636217),
    (100, 32, 0.0001, 0.7662357760753514),
    (150, 32, 0.0001, 0.7726601133474943),
    (50, 64, 0.0001, 0.7692581662422355),
    (100, 64, 0.0001, 0.7649789122920176),
    (150, 64, 0.0001, 0.7645158065620998),
    (50, 128, 0.0001, 0.7777352539608878),
    (100, 128, 0.0001, 0.7715885337195111),
    (150, 128, 0.0001, 0.7677323043511067),
    (50, 32, 0.001, 0.8111897687858998),
)

#: The printed grid rows as cells (validation MSE, standardized ages).
GRID = tuple(GridCell(rate, batch, epochs, mse) for epochs, batch, rate, mse in _ROWS)

#: The hyperparameters the report chose, as it printed them.
BEST = {"num_epochs": 150, "learning_rate": 0.0001, "mini_batch": 64}

#: What the report calls "Training_MSE" (a validation MSE, see
#: :func:`training_mse_cell`) and its test MSE.
TRAINING_MSE = 0.7645158065620998
TEST_MSE = 0.7690748379706631


class LogLine(NamedTuple):
    """One line of the report's training log."""

    epoch: int
    batch: int
    mse: float


#: The report's "last 10 iterations" log: 19 lines, epoch 150, batches 45-63.
LOG = tuple(
    LogLine(150, batch, mse)
    for batch, mse in enumerate(
        (
            0.6511987188825773,
            0.4899284830150784,
            0.708024839257939,
            0.731853745717124,
            0.7272323539909239,
            0.6402859924099382,
            0.8287744928610086,
            0.8019119919145636,
            0.7266157982315757,
            0.6209848137819514,
            0.7748640852595792,
            0.7107980899023356,
            0.7245459889655109,
            0.8235122189069581,
            0.9188852404405099,
            0.7963911855056597,
            0.7220965522215743,
            0.896496156966533,
            0.831652339847603,
        ),
        start=45,
    )
)


def log_text() -> str:
    """The log as the report printed it.

    Examples
    --------
    >>> print(log_text().splitlines()[-1])
    Epoch 150, Batch 63, MSE: 0.831652339847603
    """
    return "\n".join(format_log_line(*line) for line in LOG)


def training_mse_cell() -> GridCell:
    """The printed grid cell whose validation MSE is the report's "Training MSE".

    The report labels 0.7645158065620998 "Training_MSE", but it is exactly the
    validation MSE of its best cell; no training-set MSE is printed.

    Examples
    --------
    >>> from dlhw.linreg import best_cell
    >>> cell = training_mse_cell()
    >>> cell == best_cell(GRID), cell.val_mse == TRAINING_MSE
    (True, True)
    """
    matches = [cell for cell in GRID if cell.val_mse == TRAINING_MSE]
    if len(matches) != 1:
        raise LookupError("the 'Training MSE' is not exactly one grid cell")
    return matches[0]
