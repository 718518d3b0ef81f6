"""The linear age regressor: predict, cost, gradient, SGD, closed form, grid search.

The model is :math:`\\hat y = x^\\top w + b` and its cost the mean squared
error over a set of rows (mean of squares, as in the published report). Its
gradient is :math:`(2/n) X^\\top r` for the weights and :math:`(2/n) \\sum r`
for the bias, with residuals :math:`r = Xw + b - y`.

:func:`sgd` is the plain reference implementation; :func:`grid_search` runs the
same algorithm for a whole hyperparameter grid at once and gives the same
numbers (the tests check it against a cell-by-cell loop of :func:`sgd`).

Examples
--------
>>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
>>> w, b = np.array([2.0, -1.0]), 0.5
>>> predict(X, w, b).tolist()
[2.5, -0.5, 1.5]
>>> mse(predict(X, w, b), np.array([2.0, 0.0, 1.0]))
0.25
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import DTypeLike

__all__ = [
    "BLAS_THREADS",
    "DIVERGENCE_FACTOR",
    "RIDGE_LAMBDAS",
    "ClosedForm",
    "CostHistory",
    "DivergedError",
    "GridCell",
    "GridResult",
    "SGDResult",
    "batches_per_epoch",
    "best_cell",
    "closed_form",
    "format_log_line",
    "gradient",
    "grid_search",
    "largest_curvature",
    "mse",
    "predict",
    "sgd",
]

#: A mini-batch cost above this many times ``max(mean(y**2), 1)`` counts as
#: diverged (the cost at the zero start is ``mean(y**2)``).
DIVERGENCE_FACTOR = 1e6

#: BLAS threads used by :func:`grid_search`. Its matrix products are thin
#: (a mini-batch times one column per learning rate), and one thread ran them
#: about twice as fast as two on the two-core machines dlhw is built on.
BLAS_THREADS = 1

#: Ridge strengths tried by :func:`closed_form`; 0 is plain least squares.
RIDGE_LAMBDAS = (0.0, *np.logspace(-6, 1, 15).tolist())


def predict(X: np.ndarray, w: np.ndarray, b: float | np.ndarray) -> np.ndarray:
    """Predictions :math:`Xw + b`; ``w`` may hold several models as columns."""
    out: np.ndarray = X @ w + b
    return out


def mse(prediction: np.ndarray, target: np.ndarray) -> float | np.ndarray:
    """Mean squared error, the mean of the squared residuals.

    For 2-D predictions (one model per column) it returns one MSE per column.

    Examples
    --------
    >>> mse(np.array([[1.0, 0.0], [3.0, 0.0]]), np.array([1.0, 1.0]))
    array([2., 1.])
    """
    r = np.asarray(prediction) - (
        target[:, None] if np.ndim(prediction) == 2 else target
    )
    out = np.mean(r * r, axis=0)
    return float(out) if out.ndim == 0 else out


def gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float
) -> tuple[np.ndarray, float]:
    """Gradient of the MSE over the rows of ``X`` with respect to ``w`` and ``b``.

    Examples
    --------
    >>> X, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 0.0])
    >>> gw, gb = gradient(X, y, np.zeros(2), 0.0)
    >>> gw.tolist(), gb
    ([-1.0, -2.0], -1.0)
    """
    r = predict(X, w, b) - y
    return (2.0 / len(y)) * (X.T @ r), 2.0 * float(np.mean(r))


def batches_per_epoch(n: int, mini_batch: int) -> int:
    """Mini-batches in one pass over ``n`` rows; the last one may be short.

    Examples
    --------
    >>> batches_per_epoch(4000, 64), batches_per_epoch(4000, 32)
    (63, 125)
    """
    return math.ceil(n / mini_batch)


def format_log_line(epoch: int, batch: int, cost: float) -> str:
    """One line of a training log, in the published report's form.

    Examples
    --------
    >>> format_log_line(150, 63, 0.831652339847603)
    'Epoch 150, Batch 63, MSE: 0.831652339847603'
    """
    return f"Epoch {int(epoch)}, Batch {int(batch)}, MSE: {float(cost)!r}"


class CostHistory(NamedTuple):
    """The cost of every mini-batch, in training order (batches count from 1)."""

    epoch: np.ndarray
    batch: np.ndarray
    cost: np.ndarray

    def last(self, k: int) -> CostHistory:
        """The last ``k`` entries."""
        return CostHistory(self.epoch[-k:], self.batch[-k:], self.cost[-k:])

    def lines(self) -> list[str]:
        """The entries as log lines (see :func:`format_log_line`)."""
        return [
            format_log_line(e, b, c)
            for e, b, c in zip(self.epoch, self.batch, self.cost, strict=True)
        ]


@dataclass(frozen=True)
class SGDResult:
    """Outcome of one :func:`sgd` run.

    Attributes
    ----------
    weights, bias
        The final model (``nan`` if the run diverged).
    history : CostHistory
        The cost of each mini-batch at the weights it was computed with
        (before that batch's update), up to the end or to the divergence.
    diverged : bool
        True if a mini-batch cost became non-finite or exceeded
        :data:`DIVERGENCE_FACTOR` times its scale, or the final weights are
        not finite.
    """

    weights: np.ndarray
    bias: float
    history: CostHistory
    diverged: bool


def _cost_limit(y: np.ndarray) -> float:
    return DIVERGENCE_FACTOR * max(float(np.mean(np.square(y))), 1.0)


def _check_training_set(X: np.ndarray, y: np.ndarray) -> None:
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(
            f"need images of shape (N, d) and N labels, got {X.shape} and {y.shape}"
        )
    if X.shape[0] == 0:
        raise ValueError("the training set is empty")


def _check_positive_ints(name: str, values: Sequence[int]) -> tuple[int, ...]:
    out = tuple(int(v) for v in values)
    if not out or any(v <= 0 or v != u for v, u in zip(out, values, strict=True)):
        raise ValueError(f"{name} must be positive integers, got {values!r}")
    if len(set(out)) != len(out):
        raise ValueError(f"{name} must not repeat, got {values!r}")
    return out


def _check_rates(values: Sequence[float]) -> np.ndarray:
    rates = np.asarray(values, dtype=float).reshape(-1)
    if rates.size == 0 or not np.all(np.isfinite(rates)) or np.any(rates <= 0):
        raise ValueError(f"learning rates must be finite and positive, got {values!r}")
    if np.unique(rates).size != rates.size:
        raise ValueError(f"learning rates must not repeat, got {values!r}")
    return rates


def sgd(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    mini_batch: int,
    num_epochs: int,
    *,
    seed: int | np.random.Generator = 0,
) -> SGDResult:
    """Mini-batch stochastic gradient descent on the MSE, from zero weights.

    Every epoch draws a new order of the rows with ``rng.permutation`` (``rng``
    made from ``seed``) and walks through it in mini-batches of
    ``mini_batch`` rows (the last one may be shorter), taking one gradient step
    per batch.

    Parameters
    ----------
    X, y : numpy.ndarray
        Images, shape ``(N, d)``, and targets, shape ``(N,)``.
    learning_rate : float
        Step size.
    mini_batch : int
        Rows per mini-batch.
    num_epochs : int
        Passes over the data.
    seed : int or numpy.random.Generator
        Seed of :func:`numpy.random.default_rng`, or a generator to draw from.

    Returns
    -------
    SGDResult
        Final weights and bias, the cost of every batch, and ``diverged``.
        A diverged run stops at the offending batch, without a warning.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(200, 3))
    >>> y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    >>> run = sgd(X, y, 0.05, mini_batch=16, num_epochs=60)
    >>> run.weights.round(6).tolist(), round(run.bias, 6), run.diverged
    ([1.0, -2.0, 0.5], 0.3, False)
    >>> len(run.history.cost) == 60 * batches_per_epoch(200, 16)
    True
    >>> sgd(X, y, 5.0, mini_batch=16, num_epochs=60).diverged
    True
    """
    _check_training_set(X, y)
    (mini_batch,) = _check_positive_ints("mini_batch", [mini_batch])
    (num_epochs,) = _check_positive_ints("num_epochs", [num_epochs])
    (learning_rate,) = _check_rates([learning_rate]).tolist()
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n, d = X.shape
    limit = _cost_limit(y)
    w, b = np.zeros(d), 0.0
    epochs, batches, costs = [], [], []
    diverged = False
    with np.errstate(all="ignore"):  # a diverging run overflows; it is flagged
        for epoch in range(1, num_epochs + 1):
            order = rng.permutation(n)
            for k, start in enumerate(range(0, n, mini_batch), start=1):
                rows = order[start : start + mini_batch]
                Xb, yb = X[rows], y[rows]
                cost = mse(predict(Xb, w, b), yb)
                epochs.append(epoch)
                batches.append(k)
                costs.append(cost)
                if not cost <= limit:  # also catches nan
                    diverged = True
                    break
                gw, gb = gradient(Xb, yb, w, b)
                w = w - learning_rate * gw
                b = b - learning_rate * gb
            if diverged:
                break
    if diverged or not (np.isfinite(w).all() and np.isfinite(b)):
        diverged, w, b = True, np.full(d, np.nan), np.nan
    history = CostHistory(np.array(epochs), np.array(batches), np.array(costs))
    return SGDResult(w, float(b), history, diverged)


# -- grid search ------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    """One cell of the hyperparameter grid and its validation MSE.

    ``val_mse`` is ``nan`` for a cell whose run diverged.
    """

    learning_rate: float
    mini_batch: int
    num_epochs: int
    val_mse: float
    diverged: bool = False

    def hyperparameters(self) -> dict[str, float | int]:
        """The cell's hyperparameters, keyed as in the report's printed dict."""
        return {
            "num_epochs": self.num_epochs,
            "learning_rate": self.learning_rate,
            "mini_batch": self.mini_batch,
        }

    def as_dict(self) -> dict[str, float | int | bool | None]:
        """A JSON-ready dict (``val_mse`` is None for a diverged cell)."""
        return {
            "learning_rate": self.learning_rate,
            "mini_batch": self.mini_batch,
            "num_epochs": self.num_epochs,
            "val_mse": None if self.diverged else self.val_mse,
            "diverged": self.diverged,
        }


class DivergedError(ValueError):
    """Every cell of a grid diverged, so there is no best cell."""


def best_cell(cells: Sequence[GridCell]) -> GridCell:
    """The cell with the lowest validation MSE among those that did not diverge.

    Ties go to the first such cell in ``cells``; :class:`DivergedError` (a
    ``ValueError``) if there is none.

    Examples
    --------
    >>> cells = [GridCell(1e-4, 32, 50, 0.8), GridCell(1e-3, 32, 50, 0.7),
    ...          GridCell(1e-1, 32, 50, float("nan"), diverged=True)]
    >>> best_cell(cells).hyperparameters()
    {'num_epochs': 50, 'learning_rate': 0.001, 'mini_batch': 32}
    """
    ok = [c for c in cells if not c.diverged and np.isfinite(c.val_mse)]
    if not ok:
        raise DivergedError("every grid cell diverged; there is no best cell")
    return min(ok, key=lambda c: c.val_mse)


@dataclass(frozen=True)
class GridResult:
    """Everything :func:`grid_search` measured.

    Attributes
    ----------
    cells : tuple of GridCell
        Ordered by learning rate, then mini-batch size, then epochs, like the
        report's table.
    best : GridCell
        See :func:`best_cell`.
    learning_rates, mini_batches, epochs : tuple
        The grid's axes, in the order given.
    weights : numpy.ndarray
        Shape ``(rates, mini_batches, epochs, d)``: each cell's weights (nan if
        diverged). ``bias`` has the same shape without ``d``.
    val_curves : numpy.ndarray
        Shape ``(rates, mini_batches, max(epochs))``: validation MSE after each
        epoch of each run, computed in the working precision (nan once
        diverged, and for epochs other than the snapshots unless
        ``track_validation`` was set).
    costs : tuple of numpy.ndarray
        One per mini-batch size: the cost of every batch of the longest run,
        shape ``(max(epochs) * batches_per_epoch, rates)``.
    diverged_epoch : numpy.ndarray
        Shape ``(rates, mini_batches)``: the epoch in which each run diverged,
        or 0.
    """

    cells: tuple[GridCell, ...]
    best: GridCell
    learning_rates: tuple[float, ...]
    mini_batches: tuple[int, ...]
    epochs: tuple[int, ...]
    weights: np.ndarray
    bias: np.ndarray
    val_curves: np.ndarray
    costs: tuple[np.ndarray, ...]
    diverged_epoch: np.ndarray
    n_train: int

    @property
    def diverged(self) -> tuple[GridCell, ...]:
        """The cells whose run diverged."""
        return tuple(c for c in self.cells if c.diverged)

    def _index(self, cell: GridCell) -> tuple[int, int, int]:
        return (
            self.learning_rates.index(cell.learning_rate),
            self.mini_batches.index(cell.mini_batch),
            self.epochs.index(cell.num_epochs),
        )

    def model(self, cell: GridCell) -> tuple[np.ndarray, float]:
        """Weights and bias of ``cell``."""
        i, j, k = self._index(cell)
        return self.weights[i, j, k], float(self.bias[i, j, k])

    def history(self, cell: GridCell) -> CostHistory:
        """The cost of every batch of ``cell``'s run, as :func:`sgd` reports it."""
        i, j, _ = self._index(cell)
        nb = batches_per_epoch(self.n_train, cell.mini_batch)
        stop = cell.num_epochs * nb
        if self.diverged_epoch[i, j]:
            stop = min(stop, int(self.diverged_epoch[i, j]) * nb)
        steps = np.arange(stop)
        return CostHistory(
            steps // nb + 1, steps % nb + 1, self.costs[j][:stop, i].astype(float)
        )


class _Run:
    """One mini-batch size: all learning rates as the columns of ``W``.

    Rows are augmented to ``[x, 1, -y]`` and the weights to ``[w; b; 1]``, so
    one product gives the residuals; the last row of ``W`` stays 1. Each
    step leaves its residuals, scaled by its step factors, in ``scaled``;
    the batch costs are computed from them once per epoch.
    """

    def __init__(
        self, mini_batch: int, n: int, rates: np.ndarray, d: int, dtype: DTypeLike
    ):
        self.mini_batch = mini_batch
        self.nb = batches_per_epoch(n, mini_batch)
        self.starts = mini_batch * np.arange(self.nb)
        self.lengths = np.minimum(mini_batch, n - self.starts)
        self.rates = rates
        self.n = n
        self.dtype = dtype
        self.cols = np.arange(rates.size)  # the learning rates still running
        self.W: np.ndarray = np.zeros((d + 2, rates.size), dtype)
        self.W[d + 1] = 1.0
        self._resize()

    def _resize(self) -> None:
        self.scaled: np.ndarray = np.zeros((self.n, self.cols.size), self.dtype)
        # Per batch: 2 * rate / length, so the step is X^T (r * factor).
        self.factors = (2.0 * self.rates[self.cols]) / self.lengths[:, None]
        self._factors: np.ndarray = self.factors.astype(self.dtype)

    def drop(self, keep: np.ndarray) -> None:
        """Stop the columns not in ``keep`` (a boolean mask over ``cols``)."""
        self.cols = self.cols[keep]
        self.W = np.ascontiguousarray(self.W[:, keep])
        self._resize()

    def batch_costs(self) -> np.ndarray:
        """The MSE of every batch of the epoch just run, shape ``(nb, cols)``."""
        sums = np.add.reduceat(np.square(self.scaled, dtype=float), self.starts)
        out: np.ndarray = sums / (
            self._factors.astype(float) ** 2 * self.lengths[:, None]
        )
        return out

    def steps(self, rows: np.ndarray) -> list[tuple]:
        """Per batch: its rows, their transpose without the ``-y`` column, the
        weights, the trainable rows of the weights, the step factors and where
        the scaled residuals go (all views, built once per change of ``W``)."""
        out = []
        for k, (start, m) in enumerate(zip(self.starts, self.lengths, strict=True)):
            Xb = rows[start : start + m]
            out.append(
                (
                    Xb,
                    Xb[:, :-1].T,
                    self.W,
                    self.W[:-1],
                    self._factors[k],
                    self.scaled[start : start + m],
                )
            )
        return out


def _schedule(runs: list[_Run], rows: np.ndarray) -> list[tuple]:
    """Every step of one epoch of every live run, ordered by where its batch
    ends, each with the number of rows that must be gathered before it.

    Rows are gathered in chunks of the largest batch just before the first
    step that needs them, so they are still in cache when every run reads
    them."""
    n = rows.shape[0]
    chunk = max(run.mini_batch for run in runs)
    steps: list[tuple[int, int, tuple[Any, ...]]] = []
    for run in runs:
        if run.cols.size:
            ends = np.minimum(np.arange(1, run.nb + 1) * run.mini_batch, n)
            steps += zip(
                ends.tolist(), [run.mini_batch] * run.nb, run.steps(rows), strict=True
            )
    steps.sort(key=lambda s: (s[0], s[1]))
    return [(min(n, -(-end // chunk) * chunk), step) for end, _, step in steps]


def _augment(X: np.ndarray, y: np.ndarray, dtype: DTypeLike) -> np.ndarray:
    out = np.empty((X.shape[0], X.shape[1] + 2), dtype)
    out[:, :-2] = X
    out[:, -2] = 1.0
    out[:, -1] = -np.asarray(y)
    return out


def grid_search(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    learning_rates: Sequence[float],
    mini_batches: Sequence[int],
    epochs: Sequence[int],
    seed: int = 0,
    dtype: type = np.float32,
    track_validation: bool = False,
    progress: bool = False,
) -> GridResult:
    """Score every (learning rate, mini-batch, epochs) cell on the validation set.

    The result is what a loop calling :func:`sgd` with ``seed`` for every cell
    would give, computed with far less work:

    - every learning rate trains at once, as one column of a weight matrix, so
      each mini-batch is read once for all of them;
    - every epoch count is a snapshot of the longest run (the first ``E``
      epochs of a run are the same whatever its length);
    - every mini-batch size sees the same row order, since :func:`sgd` draws
      one ``rng.permutation`` per epoch whatever the batch size: each epoch's
      shuffled rows are gathered once into one contiguous array shared by all
      runs, which step through it side by side, chunk by chunk, while the
      chunk is in cache;
    - each row carries two extra columns, 1 and ``-y``, and each weight column
      the bias and a fixed 1, so a single matrix product gives a batch's
      residuals for all learning rates, and one step takes four NumPy calls
      (the batch costs are computed from the stored residuals once per epoch);
    - a run that diverges is flagged at the end of that epoch and dropped, so
      its overflow never reaches the other columns and no warning escapes.

    Parameters
    ----------
    X_train, y_train, X_val, y_val : numpy.ndarray
        Training and validation images and targets.
    learning_rates, mini_batches, epochs : sequence
        The grid's axes (no repeats).
    seed : int
        Seed of the row orders, as in :func:`sgd`.
    dtype : type
        Working precision of the training runs, ``numpy.float32`` (default)
        or ``numpy.float64``. On the stand-in data the two give validation MSEs
        within 1e-7 of each other while float32 runs about twice as fast; the
        validation MSEs of the table are always computed in float64 from each
        cell's weights.
    track_validation : bool
        Also score every run on the validation set after every epoch (the
        ``val_curves`` of the result); otherwise only at the snapshot epochs.
    progress : bool
        Show a tqdm progress bar on stderr.

    Returns
    -------
    GridResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(120, 4))
    >>> y = X @ np.array([1.0, 0.0, -1.0, 2.0]) + rng.normal(scale=0.5, size=120)
    >>> grid = grid_search(X[:100], y[:100], X[100:], y[100:],
    ...                    learning_rates=[0.01, 10.0], mini_batches=[10, 32],
    ...                    epochs=[5, 20])
    >>> len(grid.cells), len(grid.diverged)
    (8, 4)
    >>> grid.best.hyperparameters()
    {'num_epochs': 20, 'learning_rate': 0.01, 'mini_batch': 10}
    """
    from threadpoolctl import threadpool_limits
    from tqdm import tqdm

    _check_training_set(X_train, y_train)
    rates = _check_rates(learning_rates)
    batch_sizes = _check_positive_ints("mini_batches", mini_batches)
    epoch_counts = _check_positive_ints("epochs", epochs)
    if np.dtype(dtype) not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"dtype must be float32 or float64, got {dtype!r}")
    X = _augment(X_train, y_train, dtype)
    Xv = _augment(X_val, y_val, dtype)
    n, d = X_train.shape
    n_rates, n_batches, n_epochs = rates.size, len(batch_sizes), max(epoch_counts)
    limit = _cost_limit(y_train)

    weights = np.full((n_rates, n_batches, len(epoch_counts), d), np.nan)
    bias = np.full((n_rates, n_batches, len(epoch_counts)), np.nan)
    val_curves = np.full((n_rates, n_batches, n_epochs), np.nan)
    costs = tuple(
        np.full((n_epochs * batches_per_epoch(n, m), n_rates), np.nan)
        for m in batch_sizes
    )
    diverged_epoch = np.zeros((n_rates, n_batches), dtype=int)

    runs = [_Run(m, n, rates, d, dtype) for m in batch_sizes]
    rows = np.empty_like(X)  # each epoch's rows, in that epoch's order
    schedule = _schedule(runs, rows)
    rng = np.random.default_rng(seed)
    with (
        np.errstate(all="ignore"),  # diverging columns overflow; they are flagged
        threadpool_limits(BLAS_THREADS, user_api="blas"),
        tqdm(
            total=n_epochs,
            desc="grid search",
            unit="epoch",
            file=sys.stderr,
            disable=not progress,
        ) as bar,
    ):
        for epoch in range(1, n_epochs + 1):
            order, gathered = rng.permutation(n), 0
            for upto, (Xb, XbT, W, trainable, factor, r) in schedule:
                if upto > gathered:  # "clip": "raise" would buffer the copy
                    part = slice(gathered, upto)
                    np.take(X, order[part], axis=0, out=rows[part], mode="clip")
                    gathered = upto
                np.matmul(Xb, W, out=r)  # residuals, one column per learning rate
                r *= factor
                trainable -= XbT @ r
            changed = False
            for j, run in enumerate(runs):
                if run.cols.size == 0:
                    continue
                batch_costs = run.batch_costs()
                costs[j][(epoch - 1) * run.nb : epoch * run.nb, run.cols] = batch_costs
                ok = np.asarray((batch_costs <= limit).all(axis=0))  # False for nan
                ok &= np.isfinite(run.W).all(axis=0)
                if not ok.all():
                    diverged_epoch[run.cols[~ok], j] = epoch
                    run.drop(ok)
                    changed = True
                snapshot = epoch in epoch_counts
                if run.cols.size == 0 or not (snapshot or track_validation):
                    continue
                residual = Xv @ run.W
                val_curves[run.cols, j, epoch - 1] = np.mean(
                    residual * residual, axis=0
                )
                if snapshot:
                    e = epoch_counts.index(epoch)
                    weights[run.cols, j, e] = run.W[:d].T
                    bias[run.cols, j, e] = run.W[d]
            if changed:
                schedule = _schedule(runs, rows)
            bar.update()

    cells = []
    for i, rate in enumerate(rates.tolist()):
        for j, m in enumerate(batch_sizes):
            for e, num in enumerate(epoch_counts):
                gone = 0 < diverged_epoch[i, j] <= num
                w, b = weights[i, j, e], bias[i, j, e]
                val = np.nan if gone else mse(predict(X_val, w, b), y_val)
                cells.append(GridCell(rate, m, num, float(val), bool(gone)))
    return GridResult(
        cells=tuple(cells),
        best=best_cell(cells),
        learning_rates=tuple(rates.tolist()),
        mini_batches=batch_sizes,
        epochs=epoch_counts,
        weights=weights,
        bias=bias,
        val_curves=val_curves,
        costs=costs,
        diverged_epoch=diverged_epoch,
        n_train=n,
    )


# -- closed form and curvature ------------------------------------------------------


@dataclass(frozen=True)
class ClosedForm:
    """Least squares and ridge regression, solved exactly.

    Attributes
    ----------
    weights, bias
        The ridge model whose strength did best on the validation set (plain
        least squares if ``ridge_lambda`` is 0).
    ridge_lambda : float
        That strength :math:`\\lambda` in
        :math:`\\operatorname{MSE} + \\lambda \\lVert w \\rVert^2` (bias not
        penalized).
    lambdas, val_mses : numpy.ndarray
        Every strength tried and its validation MSE.
    least_squares : tuple
        Weights and bias of plain least squares (the minimum-norm solution if
        the centred images are rank deficient).
    curvatures : numpy.ndarray
        Eigenvalues, ascending, of the Hessian :math:`(2/n) X_c^\\top X_c` of
        the training MSE in the weights, with the images centred (the bias
        absorbs the mean).
    """

    weights: np.ndarray
    bias: float
    ridge_lambda: float
    lambdas: np.ndarray
    val_mses: np.ndarray
    least_squares: tuple[np.ndarray, float]
    curvatures: np.ndarray

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predictions of the chosen model."""
        return predict(X, self.weights, self.bias)


def closed_form(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    lambdas: Sequence[float] = RIDGE_LAMBDAS,
) -> ClosedForm:
    """Exact least squares and ridge, the strength chosen on the validation set.

    Minimizes :math:`\\frac1n \\lVert Xw + b - y \\rVert^2 + \\lambda \\lVert w
    \\rVert^2` for every :math:`\\lambda` in ``lambdas`` from one eigen
    decomposition of :math:`X_c^\\top X_c` (centred training images), and keeps
    the one with the lowest validation MSE. :math:`\\lambda = 0` is least squares
    through the pseudo-inverse.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ np.array([1.0, 2.0, 3.0]) - 1.0
    >>> fit = closed_form(X[:40], y[:40], X[40:], y[40:], lambdas=[0.0, 0.1])
    >>> fit.ridge_lambda, fit.weights.round(10).tolist(), round(fit.bias, 10)
    (0.0, [1.0, 2.0, 3.0], -1.0)
    """
    _check_training_set(X_train, y_train)
    lams = np.asarray(lambdas, dtype=float)
    if lams.size == 0 or not np.all(np.isfinite(lams)) or np.any(lams < 0):
        raise ValueError(f"ridge strengths must be finite and >= 0, got {lambdas!r}")
    n, d = X_train.shape
    mean_x, mean_y = X_train.mean(axis=0), float(y_train.mean())
    Xc = X_train - mean_x
    g, V = np.linalg.eigh(Xc.T @ Xc)
    g = np.maximum(g, 0.0)
    q = V.T @ (Xc.T @ (y_train - mean_y))
    tiny = g[-1] * max(n, d) * np.finfo(float).eps

    def solve(lam: float) -> tuple[np.ndarray, float]:
        denom = g + n * lam
        inv = np.divide(1.0, denom, out=np.zeros_like(g), where=denom > tiny)
        w = V @ (q * inv)
        return w, mean_y - float(mean_x @ w)

    models = [solve(lam) for lam in lams.tolist()]
    val = np.array([mse(predict(X_val, w, b), y_val) for w, b in models])
    best = int(np.argmin(val))
    return ClosedForm(
        weights=models[best][0],
        bias=models[best][1],
        ridge_lambda=float(lams[best]),
        lambdas=lams,
        val_mses=val,
        least_squares=solve(0.0),
        curvatures=2.0 * g / n,
    )


def largest_curvature(
    X: np.ndarray, *, tol: float = 1e-12, max_iter: int = 1000
) -> float:
    """Largest eigenvalue of the MSE's Hessian in the weights *and* the bias.

    The Hessian is :math:`(2/n) A^\\top A` with :math:`A = [X \\; 1]`; plain
    gradient descent on the MSE is stable only for learning rates below
    ``2 / largest_curvature(X)``. Power iteration, matrix-free.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [0.0, 0.0]])
    >>> A = np.c_[X, np.ones(4)]
    >>> exact = np.linalg.eigvalsh(2 * A.T @ A / 4)[-1]
    >>> bool(np.isclose(largest_curvature(X), exact))
    True
    """
    n, d = X.shape
    v = np.ones(d + 1) / np.sqrt(d + 1)
    value = 0.0
    for _ in range(max_iter):
        u = X @ v[:-1] + v[-1]
        hv = (2.0 / n) * np.append(X.T @ u, u.sum())
        new = float(np.linalg.norm(hv))
        if new == 0.0:
            return 0.0
        v = hv / new
        if abs(new - value) <= tol * new:
            return new
        value = new
    return value
