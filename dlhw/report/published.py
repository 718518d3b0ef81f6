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

That this best printed cell's validation MSE is exactly the number the report
labels "Training MSE" is a finding of :func:`dlhw.problem2.printed_findings`.

The log's last batch number is the number of batches per epoch: 4000 training
images (5000 split 80/20) at batch size 64.

>>> from dlhw.linreg import batches_per_epoch
>>> LOG[-1].batch, batches_per_epoch(4000, BEST["mini_batch"])
(63, 63)
>>> len(GRID), len(LEARNING_RATES) * len(MINI_BATCHES) * len(EPOCHS), len(LOG)
(19, 27, 19)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import sympy as sp

from dlhw.linreg import GridCell, format_log_line

__all__ = [
    "BEST",
    "DIVERGING_RATES",
    "EPOCHS",
    "GRID",
    "LEARNING_RATES",
    "LOG",
    "LOG_ANNOUNCED",
    "MINI_BATCHES",
    "REPORTED_3D",
    "TEST_MSE",
    "TRAINING_MSE",
    "WORDS_2",
    "LogLine",
    "Reported3d",
    "Words2",
    "log_text",
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
#: :func:`dlhw.problem2.printed_findings`) and its test MSE.
TRAINING_MSE = 0.7645158065620998
TEST_MSE = 0.7690748379706631


#: How many log lines the report announces ("the last 10 iterations").
LOG_ANNOUNCED = 10


@dataclass(frozen=True)
class Words2:
    """The report's own sentences behind its Problem 2 claims, quoted."""

    best: str
    training_mse: str
    test_mse: str
    grid: str
    log: str
    rates: str


#: Quoted from the report's Problem 2.
WORDS_2 = Words2(
    best=(
        "We found the optimal hyperparameters for the given dataset, thereby, "
        "giving the min MSE, to be: {'num_epochs': 150, 'learning_rate': 0.0001, "
        "'mini_batch': 64}"
    ),
    training_mse="Training_MSE = 0.7645158065620998",
    test_mse=(
        "On testing the model using the optimized weights and bias, tuned on the "
        "best hyperparameter combination, we obtained Testing_MSE = "
        "0.7690748379706631"
    ),
    grid=(
        "Output shown below indicates the MSE calculated at each possible "
        "combination of hyperparameters."
    ),
    log="Training cost values for the last 10 iterations of gradient descent:",
    rates=(
        "The model training was smooth for learning rates mentioned above. We also "
        "tried higher learning rates of 1e-1 and 1e0, however, the MSE values were "
        "overshooting resulting in multiple \u201cnan\u201d and \u201cinf\u201d values"
    ),
)


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


# -- Problem 3d ---------------------------------------------------------------


@dataclass(frozen=True)
class Reported3d:
    """The report's Problem 3d: its numbers (exact) and its words (quoted).

    Attributes
    ----------
    stationary : tuple of sympy.Expr
        The stationary points, in the printed order.
    maximum : sympy.Expr
        The point it calls the local maximum.
    x0, learning_rate : sympy.Expr
        Its start and learning rate (printed 0.25, kept exact as 1/4).
    landed : sympy.Expr
        Where it says the first step lands.
    words_stationary, words_maximum, words_pair, words_check : str
        The report's sentences behind each claim, quoted (its math as TeX).
    """

    stationary: tuple[sp.Expr, ...]
    maximum: sp.Expr
    x0: sp.Expr
    learning_rate: sp.Expr
    landed: sp.Expr
    words_stationary: str
    words_maximum: str
    words_pair: str
    words_check: str


#: Quoted from the report's Problem 3d.
REPORTED_3D = Reported3d(
    stationary=(sp.Integer(0), sp.sqrt(2), -sp.sqrt(2)),
    maximum=sp.Integer(0),
    x0=sp.sqrt(3),
    learning_rate=sp.Rational(1, 4),
    landed=sp.Integer(0),
    words_stationary=r"on differentiating we obtain $x=0, \sqrt{2}, -\sqrt{2}$",
    words_maximum="We observe $x=0$ to be the point of local maximum.",
    words_pair=(
        r"we obtained $x_{\text{initial}} = \sqrt{3}$ and "
        r"$\text{learning\_rate} = 0.25$, to be one such combination"
    ),
    words_check=(
        "To validate we check the first decent value for the calculated starting "
        "point and learning rate and we obtain $x=0$"
    ),
)
