"""The linear age regressor: predict, cost, gradient, SGD, closed form, grid search.

The model is :math:`\\hat y = x^\\top w + b` and its cost the mean squared
error over a set of rows (mean of squares, as in the published report). Its
gradient is :math:`(2/n) X^\\top r` for the weights and :math:`(2/n) \\sum r`
for the bias, with residuals :math:`r = Xw + b - y`.

:func:`sgd` is the plain reference implementation; :func:`grid_search` runs the
same algorithm for a whole hyperparameter grid at once, in a compiled kernel, and
gives the same numbers to rounding: its sums run in another order (the tests
check it against a cell-by-cell loop of :func:`sgd`).

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

import contextlib
import gc
import itertools
import math
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from dlhw.cache import cache_dir

# The grid's kernel is kept in the folder "kernels" of dlhw's cache, unless
# NUMBA_CACHE_DIR names another; Numba reads it when first imported. With
# the disk cache off and no NUMBA_CACHE_DIR, it is compiled in memory and
# nothing is written.
_KERNELS = cache_dir()
if _KERNELS is not None:
    os.environ.setdefault("NUMBA_CACHE_DIR", str(_KERNELS / "kernels"))
_CACHED = "NUMBA_CACHE_DIR" in os.environ

import numba

__all__ = [
    "DIVERGENCE_FACTOR",
    "EPOCH_BLOCK",
    "GRID_THREADS",
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

#: Threads :func:`grid_search` trains on: one per CPU this process may use.
#: Each takes a share of the runs' (mini-batch, learning rate) columns; the
#: numbers do not depend on how many there are.
GRID_THREADS = (
    len(os.sched_getaffinity(0))
    if hasattr(os, "sched_getaffinity")
    else (os.cpu_count() or 1)
)

#: Epochs :func:`grid_search` trains between two shares of its columns among
#: the threads (the first epoch always alone: that is where rates diverge).
EPOCH_BLOCK = 10

#: Ridge strengths tried by :func:`closed_form`; 0 is plain least squares.
RIDGE_LAMBDAS = (0.0, *np.logspace(-6, 1, 15).tolist())


def predict(X: np.ndarray, w: np.ndarray, b: float | np.ndarray) -> np.ndarray:
    """Predictions :math:`Xw + b`; ``w`` may hold several models as columns.

    Parameters
    ----------
    X : numpy.ndarray
        Images, shape ``(n, d)``, one per row.
    w : numpy.ndarray
        Weights, shape ``(d,)``, or ``(d, k)`` for ``k`` models, one per column.
    b : float or numpy.ndarray
        Bias, or one bias per model, shape ``(k,)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``, or ``(n, k)`` for ``k`` models.
    """
    out: np.ndarray = X @ w + b
    return out


def mse(prediction: np.ndarray, target: np.ndarray) -> float | np.ndarray:
    """Mean squared error, the mean of the squared residuals.

    For 2-D predictions (one model per column) it returns one MSE per column.

    Parameters
    ----------
    prediction : numpy.ndarray
        Predictions, shape ``(n,)``, or ``(n, k)`` for ``k`` models.
    target : numpy.ndarray
        Targets, shape ``(n,)``, shared by every model.

    Returns
    -------
    float or numpy.ndarray
        A float for 1-D predictions; one MSE per model, shape ``(k,)``, for
        2-D ones.

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

    Parameters
    ----------
    X : numpy.ndarray
        Images, shape ``(n, d)``.
    y : numpy.ndarray
        Targets, shape ``(n,)``.
    w : numpy.ndarray
        Weights, shape ``(d,)``.
    b : float
        Bias.

    Returns
    -------
    tuple of (numpy.ndarray, float)
        The gradient in the weights, :math:`(2/n) X^\\top r`, shape ``(d,)``,
        and in the bias, :math:`(2/n) \\sum r`, with residuals
        :math:`r = Xw + b - y`.

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

    Parameters
    ----------
    n : int
        Rows in the training set.
    mini_batch : int
        Rows per mini-batch.

    Returns
    -------
    int
        ``n / mini_batch``, rounded up.

    Examples
    --------
    >>> batches_per_epoch(4000, 64), batches_per_epoch(4000, 32)
    (63, 125)
    """
    return math.ceil(n / mini_batch)


def format_log_line(epoch: int, batch: int, cost: float) -> str:
    """One line of a training log, in the published report's form.

    Parameters
    ----------
    epoch : int
        The epoch, counted from 1.
    batch : int
        The mini-batch within the epoch, counted from 1.
    cost : float
        That batch's MSE, printed in full (its ``repr``).

    Returns
    -------
    str
        ``Epoch {epoch}, Batch {batch}, MSE: {cost}``.

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
        """The last ``k`` entries.

        Parameters
        ----------
        k : int
            How many, at least 1 (the arrays are sliced with ``[-k:]``, so 0
            would keep every entry).

        Returns
        -------
        dlhw.linreg.CostHistory
        """
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

    Raises
    ------
    ValueError
        If the images are not of shape ``(N, d)`` with ``N`` targets, or there
        are none, or ``mini_batch`` or ``num_epochs`` is not a positive
        integer, or ``learning_rate`` is not finite and positive.

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

    Parameters
    ----------
    cells : sequence of dlhw.linreg.GridCell
        The grid's cells, scored.

    Returns
    -------
    dlhw.linreg.GridCell

    Raises
    ------
    dlhw.linreg.DivergedError
        If there is no cell, or every cell diverged or has a non-finite
        validation MSE.

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
        """Weights and bias of ``cell``.

        Parameters
        ----------
        cell : dlhw.linreg.GridCell
            A cell whose hyperparameters are on the grid's axes, e.g. one of
            ``cells``.

        Returns
        -------
        tuple of (numpy.ndarray, float)
            The weights, shape ``(d,)``, and the bias after ``cell.num_epochs``
            epochs (nan if the run diverged).

        Raises
        ------
        ValueError
            If a hyperparameter of ``cell`` is not on the grid's axes.
        """
        i, j, k = self._index(cell)
        return self.weights[i, j, k], float(self.bias[i, j, k])

    def history(self, cell: GridCell) -> CostHistory:
        """The cost of every batch of ``cell``'s run, as :func:`sgd` reports it.

        Parameters
        ----------
        cell : dlhw.linreg.GridCell
            A cell whose hyperparameters are on the grid's axes, e.g. one of
            ``cells``.

        Returns
        -------
        dlhw.linreg.CostHistory
            Epochs and batches counted from 1, up to ``cell.num_epochs``
            epochs, or up to the end of the epoch in which the run diverged.

        Raises
        ------
        ValueError
            If a hyperparameter of ``cell`` is not on the grid's axes.
        """
        i, j, _ = self._index(cell)
        nb = batches_per_epoch(self.n_train, cell.mini_batch)
        stop = cell.num_epochs * nb
        if self.diverged_epoch[i, j]:
            stop = min(stop, int(self.diverged_epoch[i, j]) * nb)
        steps = np.arange(stop)
        return CostHistory(
            steps // nb + 1, steps % nb + 1, self.costs[j][:stop, i].astype(float)
        )


# The grid's training kernel, compiled by Numba on its first call and kept in
# Numba's cache (see _KERNELS above). Each epoch walks the shuffled rows in
# chunks of the largest mini-batch; every run takes the steps whose batch ends
# in the chunk while its rows are in cache, three learning rates at a time.
# The products are written out over four rows by three rates, so that each
# weight read feeds four multiply-adds and each pixel three: the stand-in's
# grid takes 1.30 s so, against 2.81 s with one row at a time (2.2x; warm,
# median of 3, AMD EPYC, 2 cores). Rows are read through the epoch's order:
# nothing is gathered or copied. Reassociation lets the dot products use
# vector registers; nothing else is relaxed, so nan and inf still mark a
# diverging run.
_FASTMATH = {"reassoc", "contract"}

# The kernels' arrays: the working precision is float32 or float64.
_Reals = npt.NDArray[np.floating[Any]]
_Ints = npt.NDArray[np.int64]
_Flags = npt.NDArray[np.bool_]


@numba.njit(nogil=True, fastmath=_FASTMATH)
def _forward3(  # pragma: no cover
    X: _Reals,
    order: _Ints,
    start: int,
    stop: int,
    w0: _Reals,
    w1: _Reals,
    w2: _Reals,
    out: _Reals,
) -> None:
    """``out[i, c] = X[order[start + i]] @ w_c`` for three weight vectors."""
    d = X.shape[1]
    i = start
    while i + 4 <= stop:
        x0, x1 = X[order[i]], X[order[i + 1]]
        x2, x3 = X[order[i + 2]], X[order[i + 3]]
        z = x0[0] * 0
        a00 = a01 = a02 = a10 = a11 = a12 = z
        a20 = a21 = a22 = a30 = a31 = a32 = z
        for q in range(d):
            u0, u1, u2 = w0[q], w1[q], w2[q]
            v = x0[q]
            a00 += v * u0
            a01 += v * u1
            a02 += v * u2
            v = x1[q]
            a10 += v * u0
            a11 += v * u1
            a12 += v * u2
            v = x2[q]
            a20 += v * u0
            a21 += v * u1
            a22 += v * u2
            v = x3[q]
            a30 += v * u0
            a31 += v * u1
            a32 += v * u2
        k = i - start
        out[k, 0], out[k, 1], out[k, 2] = a00, a01, a02
        out[k + 1, 0], out[k + 1, 1], out[k + 1, 2] = a10, a11, a12
        out[k + 2, 0], out[k + 2, 1], out[k + 2, 2] = a20, a21, a22
        out[k + 3, 0], out[k + 3, 1], out[k + 3, 2] = a30, a31, a32
        i += 4
    while i < stop:
        x0 = X[order[i]]
        z = x0[0] * 0
        a00 = a01 = a02 = z
        for q in range(d):
            v = x0[q]
            a00 += v * w0[q]
            a01 += v * w1[q]
            a02 += v * w2[q]
        k = i - start
        out[k, 0], out[k, 1], out[k, 2] = a00, a01, a02
        i += 1


@numba.njit(nogil=True, fastmath=_FASTMATH)
def _backward3(  # pragma: no cover
    X: _Reals,
    order: _Ints,
    start: int,
    stop: int,
    r: _Reals,
    g0: _Reals,
    g1: _Reals,
    g2: _Reals,
) -> None:
    """``g_c = sum_i r[i, c] X[order[start + i]]`` for three residual columns."""
    d = X.shape[1]
    g0[:] = 0
    g1[:] = 0
    g2[:] = 0
    i = start
    while i + 4 <= stop:
        x0, x1 = X[order[i]], X[order[i + 1]]
        x2, x3 = X[order[i + 2]], X[order[i + 3]]
        k = i - start
        r00, r01, r02 = r[k, 0], r[k, 1], r[k, 2]
        r10, r11, r12 = r[k + 1, 0], r[k + 1, 1], r[k + 1, 2]
        r20, r21, r22 = r[k + 2, 0], r[k + 2, 1], r[k + 2, 2]
        r30, r31, r32 = r[k + 3, 0], r[k + 3, 1], r[k + 3, 2]
        for q in range(d):
            v0, v1, v2, v3 = x0[q], x1[q], x2[q], x3[q]
            g0[q] += (r00 * v0 + r10 * v1) + (r20 * v2 + r30 * v3)
            g1[q] += (r01 * v0 + r11 * v1) + (r21 * v2 + r31 * v3)
            g2[q] += (r02 * v0 + r12 * v1) + (r22 * v2 + r32 * v3)
        i += 4
    while i < stop:
        x0 = X[order[i]]
        k = i - start
        r00, r01, r02 = r[k, 0], r[k, 1], r[k, 2]
        for q in range(d):
            v0 = x0[q]
            g0[q] += r00 * v0
            g1[q] += r01 * v0
            g2[q] += r02 * v0
        i += 1


@numba.njit(nogil=True, fastmath=_FASTMATH)
def _live_columns(  # pragma: no cover
    mine: _Flags, alive: _Flags, j: int, cols: _Ints
) -> int:
    """Write the columns of run ``j`` that are this worker's and alive into
    ``cols``; return how many."""
    live = 0
    for c in range(alive.shape[1]):
        if mine[j, c] and alive[j, c]:
            cols[live] = c
            live += 1
    return live


@numba.njit(cache=_CACHED, nogil=True, fastmath=_FASTMATH, parallel=True)
def _train(  # pragma: no cover
    X: _Reals,
    y: _Reals,
    orders: _Ints,
    Xv: _Reals,
    yv: _Reals,
    W: _Reals,
    b: _Reals,
    alive: _Flags,
    shares: _Flags,
    rates: _Reals,
    sizes: _Ints,
    limit: float,
    scored: _Flags,
    snapshot: _Ints,
    costs: npt.NDArray[np.float64],
    val: npt.NDArray[np.float64],
    weights: _Reals,
    bias: _Reals,
    diverged: _Ints,
    outs: _Reals,
    grads: _Reals,
    two_over: _Reals,
    first_epoch: int,
    last_epoch: int,
) -> None:
    """Epochs ``first_epoch`` to ``last_epoch - 1`` (from 0) of the (run, rate)
    columns, each share ``shares[t]`` on a thread of Numba's with buffers of
    its own, ``outs[t]`` and ``grads[t]`` (see grid_search).

    ``W[j, c]`` and ``b[j, c]`` are the model of batch size ``sizes[j]`` and
    learning rate ``rates[c]``. A column whose batch cost exceeds ``limit`` (or
    is nan) stops there, as sgd does, and so does one whose weights are not
    finite at the end of an epoch: ``alive`` turns False and ``diverged`` gets
    the epoch. ``costs[j, s, c]`` receives the cost of step ``s``; after epoch
    ``e`` (from 0), ``val[j, c, e]`` the validation MSE if ``scored[e]``, and
    ``weights[j, c, snapshot[e]]``, ``bias[...]`` the model if ``snapshot[e]``
    is not -1.
    """
    for t in numba.prange(shares.shape[0]):
        mine, out, grad = shares[t], outs[t], grads[t]
        n, d = X.shape
        runs, ncol = alive.shape
        nv = Xv.shape[0]
        chunk = sizes.max()
        done = np.zeros(runs, np.int64)  # batches taken so far in the epoch, per run
        cols = np.empty(ncol, np.int64)
        val_order = np.arange(nv)
        for epoch in range(first_epoch, last_epoch):
            order = orders[epoch]
            done[:] = 0
            end = 0
            while end < n:
                end = min(end + chunk, n)
                for j in range(runs):
                    m = sizes[j]
                    first = epoch * ((n + m - 1) // m)  # the epoch's first step
                    while done[j] * m < n and min(done[j] * m + m, n) <= end:
                        k = done[j]
                        start, stop = k * m, min(k * m + m, n)
                        done[j] = k + 1
                        rows = stop - start
                        live = _live_columns(mine, alive, j, cols)
                        for p in range(0, live, 3):
                            c0 = cols[p]
                            c1 = cols[p + 1] if p + 1 < live else c0
                            c2 = cols[p + 2] if p + 2 < live else c0
                            _forward3(
                                X, order, start, stop, W[j, c0], W[j, c1], W[j, c2], out
                            )
                            for h in range(min(3, live - p)):
                                c = cols[p + h]
                                now = b[j, c]
                                total = 0.0
                                for i in range(rows):
                                    res = out[i, h] + now - y[order[start + i]]
                                    out[i, h] = res
                                    total += np.float64(res) * np.float64(res)
                                costs[j, first + k, c] = total / rows
                                if not total / rows <= limit:  # also catches nan
                                    alive[j, c] = False
                                    diverged[j, c] = epoch + 1
                                    out[:rows, h] = 0
                            _backward3(
                                X, order, start, stop, out, grad[0], grad[1], grad[2]
                            )
                            for h in range(min(3, live - p)):
                                c = cols[p + h]
                                if not alive[j, c]:
                                    continue
                                total = out[0, h] * 0
                                for i in range(rows):
                                    total += out[i, h]
                                rate, factor = rates[c], two_over[rows]
                                w, g = W[j, c], grad[h]
                                for q in range(d):
                                    w[q] = w[q] - rate * (factor * g[q])
                                b[j, c] = b[j, c] - rate * (2.0 * (total / rows))
            for j in range(runs):
                live = _live_columns(mine, alive, j, cols)
                for p in range(live):
                    c = cols[p]
                    # as sgd: a run whose final weights are not finite diverged
                    if not (np.isfinite(W[j, c]).all() and np.isfinite(b[j, c])):
                        alive[j, c] = False
                        diverged[j, c] = epoch + 1
                live = _live_columns(mine, alive, j, cols)
                if scored[epoch]:
                    for p in range(0, live, 3):
                        c0 = cols[p]
                        c1 = cols[p + 1] if p + 1 < live else c0
                        c2 = cols[p + 2] if p + 2 < live else c0
                        _forward3(
                            Xv, val_order, 0, nv, W[j, c0], W[j, c1], W[j, c2], out
                        )
                        for h in range(min(3, live - p)):
                            c = cols[p + h]
                            total = 0.0
                            for i in range(nv):
                                res = np.float64(out[i, h] + b[j, c] - yv[i])
                                total += res * res
                            val[j, c, epoch] = total / nv
                s = snapshot[epoch]
                if s >= 0:
                    for p in range(live):
                        c = cols[p]
                        weights[j, c, s] = W[j, c]
                        bias[j, c, s] = b[j, c]


# The same kernel compiled in memory only, for a process whose kernel cache
# cannot be read or written (a damaged file, a full disk).
_train_uncached = numba.njit(nogil=True, fastmath=_FASTMATH, parallel=True)(
    _train.py_func
)


@contextlib.contextmanager
def _interrupt_after() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, then act on it as usual.

    Numba's compiler runs Python callbacks from LLVM, and leaves objects
    whose finalizers call LLVM: an interrupt raised in either is printed and
    lost, and the run goes on. So the signal waits, and the compile's
    garbage is collected before it is let through.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[Any] = []
    previous = signal.signal(signal.SIGINT, lambda *frame: caught.append(frame))
    try:
        yield
        gc.collect()
    finally:
        # None: a handler set outside Python, which cannot be put back.
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if caught and callable(previous):
        previous(*caught[0])


def _kernel(dtype: type[np.floating[Any]]) -> Callable[..., None]:
    """The grid's kernel for ``dtype``, loaded from Numba's cache or compiled.

    A kernel cache that cannot be read or written (a damaged file, a full
    disk) costs a compile in memory, never the run; a damaged folder of
    dlhw's own is removed, to be written anew by the next process.
    """
    zeros, one = np.zeros((2, 1)), (1,)
    tiny = (zeros, zeros[:, 0], zeros, zeros[:, 0], np.ones(1), one, one, 0, dtype)
    with _interrupt_after():
        try:
            _grid(_train, *tiny, False, False, 1)
            return _train
        except Exception:  # noqa: BLE001 (whatever Numba raises on its files)
            if _KERNELS is not None:
                folder = _KERNELS / "kernels"
                if os.environ.get("NUMBA_CACHE_DIR") == str(folder):
                    shutil.rmtree(folder, ignore_errors=True)
        _grid(_train_uncached, *tiny, False, False, 1)
        return _train_uncached


def _check_dtype(dtype: Any) -> np.dtype[Any]:
    key: np.dtype[Any] = np.dtype(dtype)
    if key not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"dtype must be float32 or float64, got {dtype!r}")
    return key


def _split_columns(alive: np.ndarray, threads: int) -> list[np.ndarray]:
    """Share the (run, rate) columns among ``threads`` workers, in runs of
    neighbours so each worker keeps whole groups of rates together."""
    live = np.argwhere(alive)
    cuts = np.linspace(0, len(live), threads + 1).round().astype(int)
    masks = []
    for lo, hi in itertools.pairwise(cuts.tolist()):
        mask = np.zeros_like(alive)
        mask[live[lo:hi, 0], live[lo:hi, 1]] = True
        masks.append(mask)
    return masks


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
    dtype: type[np.floating[Any]] = np.float64,
    track_validation: bool = False,
    progress: bool = False,
    threads: int | None = None,
) -> GridResult:
    """Score every (learning rate, mini-batch, epochs) cell on the validation set.

    The result is what a loop calling :func:`sgd` with ``seed`` for every cell
    would give (in float64, to rounding: the sums run in another order), computed
    with far less work:

    - every epoch count is a snapshot of the longest run (the first ``E``
      epochs of a run are the same whatever its length);
    - every mini-batch size sees the same row order, since :func:`sgd` draws
      one ``rng.permutation`` per epoch whatever the batch size, so all runs
      step through each epoch side by side, a chunk of rows at a time, while
      the chunk is in cache;
    - a compiled kernel (Numba) takes each step for three learning rates at
      once, reading each row once for all three, with no Python in the loop
      (the first call on a machine compiles it, which takes seconds; later
      processes load it from Numba's cache on disk, see :mod:`dlhw.cache`);
    - the runs' columns are shared in ``threads`` shares, each trained
      through every epoch on one of Numba's threads, waiting for no other;
      the numbers do not depend on how many there are;
    - a run whose batch cost diverges stops at that batch, as :func:`sgd` does,
      so its overflow never reaches the others and no warning escapes.

    Parameters
    ----------
    X_train, y_train, X_val, y_val : numpy.ndarray
        Training and validation images and targets.
    learning_rates, mini_batches, epochs : sequence
        The grid's axes (no repeats).
    seed : int
        Seed of the row orders, as in :func:`sgd`.
    dtype : type
        Working precision of the training runs, ``numpy.float64`` (default)
        or ``numpy.float32``. On the stand-in data the two give validation MSEs
        within 1e-7 of each other; the validation MSEs of the table are always
        computed in float64 from each cell's weights.
    track_validation : bool
        Also score every run on the validation set after every epoch (the
        ``val_curves`` of the result); otherwise only at the snapshot epochs.
    progress : bool
        Show a tqdm progress bar on stderr.
    threads : int, optional
        Threads to train on; :data:`GRID_THREADS` by default. The numbers do
        not depend on it.

    Returns
    -------
    GridResult

    Raises
    ------
    ValueError
        If the training images are not of shape ``(N, d)`` with ``N`` targets,
        or there are none; if the learning rates, batch sizes or epoch counts
        are not positive (rates: finite) or repeat; if ``threads`` is not a
        positive integer, or ``dtype`` is neither float32 nor float64.

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
    _check_training_set(X_train, y_train)
    rates = _check_rates(learning_rates)
    batch_sizes = _check_positive_ints("mini_batches", mini_batches)
    epoch_counts = _check_positive_ints("epochs", epochs)
    _check_dtype(dtype)
    (threads,) = _check_positive_ints(
        "threads", [GRID_THREADS if threads is None else threads]
    )
    return _grid(
        _kernel(dtype),
        X_train,
        y_train,
        X_val,
        y_val,
        rates,
        batch_sizes,
        epoch_counts,
        seed,
        dtype,
        track_validation,
        progress,
        threads,
    )


def _grid(
    train: Callable[..., None],
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    rates: np.ndarray,
    batch_sizes: tuple[int, ...],
    epoch_counts: tuple[int, ...],
    seed: int,
    dtype: type[np.floating[Any]],
    track_validation: bool,
    progress: bool,
    threads: int,
) -> GridResult:
    """:func:`grid_search` on checked arguments, with the kernel ``train``."""
    from tqdm import tqdm

    X = np.ascontiguousarray(X_train, dtype)
    y = np.ascontiguousarray(y_train, dtype)
    Xv = np.ascontiguousarray(X_val, dtype)
    yv = np.ascontiguousarray(y_val, dtype)
    n, d = X.shape
    n_rates, n_batches, n_epochs = rates.size, len(batch_sizes), max(epoch_counts)
    limit = _cost_limit(y_train)
    per_epoch = [batches_per_epoch(n, m) for m in batch_sizes]

    # Run j, column c: batch size batch_sizes[j], learning rate rates[c].
    W = np.zeros((n_batches, n_rates, d), dtype)
    b = np.zeros((n_batches, n_rates), dtype)
    alive = np.ones((n_batches, n_rates), dtype=bool)
    rng = np.random.default_rng(seed)
    orders = np.array([rng.permutation(n) for _ in range(n_epochs)])
    snapshot = np.full(n_epochs, -1)
    snapshot[np.array(epoch_counts) - 1] = np.arange(len(epoch_counts))
    scored = snapshot >= 0 if not track_validation else np.ones(n_epochs, bool)
    two_over = (2.0 / np.maximum(np.arange(max(batch_sizes) + 1), 1)).astype(dtype)
    step_rates = rates.astype(dtype)
    sizes = np.array(batch_sizes, dtype=np.int64)
    all_costs = np.full((n_batches, n_epochs * max(per_epoch), n_rates), np.nan)
    val = np.full((n_batches, n_rates, n_epochs), np.nan)
    snap_w = np.full((n_batches, n_rates, len(epoch_counts), d), np.nan, dtype)
    snap_b = np.full((n_batches, n_rates, len(epoch_counts)), np.nan, dtype)
    gone = np.zeros((n_batches, n_rates), dtype=np.int64)
    # at least three columns a thread: each row read feeds three rates
    threads = min(threads, -(-(n_batches * n_rates) // 3))
    outs = np.zeros((threads, max(max(batch_sizes), Xv.shape[0]), 3), dtype)
    grads = np.zeros((threads, 3, d), dtype)
    # Each share of the columns is trained through a block of epochs on a
    # thread of Numba's, waiting for no other. The shares are drawn again
    # between blocks, from the columns still alive: a diverging rate
    # (typically in the first epoch) must not leave one share with less to
    # do. A Ctrl-C is raised between two blocks.
    bounds = sorted({0, 1, *range(0, n_epochs, EPOCH_BLOCK), n_epochs})
    with tqdm(
        total=n_epochs,
        desc="grid search",
        unit="epoch",
        file=sys.stderr,
        disable=not progress,
    ) as bar:
        for first, last in itertools.pairwise(bounds):
            shares = np.array(_split_columns(alive, threads))
            train(
                X,
                y,
                orders,
                Xv,
                yv,
                W,
                b,
                alive,
                shares,
                step_rates,
                sizes,
                limit,
                scored,
                snapshot,
                all_costs,
                val,
                snap_w,
                snap_b,
                gone,
                outs,
                grads,
                two_over,
                first,
                last,
            )
            bar.update(last - first)

    weights = snap_w.transpose(1, 0, 2, 3).astype(float)
    bias = snap_b.transpose(1, 0, 2).astype(float)
    val_curves = val.transpose(1, 0, 2)
    diverged_epoch = gone.T.astype(int)
    costs = tuple(
        all_costs[j, : n_epochs * nb].copy() for j, nb in enumerate(per_epoch)
    )

    cells = []
    for i, rate in enumerate(rates.tolist()):
        for j, m in enumerate(batch_sizes):
            for e, num in enumerate(epoch_counts):
                gone = 0 < diverged_epoch[i, j] <= num
                w, bb = weights[i, j, e], bias[i, j, e]
                score = np.nan if gone else mse(predict(X_val, w, bb), y_val)
                cells.append(GridCell(rate, m, num, float(score), bool(gone)))
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
        """Predictions of the chosen model.

        Parameters
        ----------
        X : numpy.ndarray
            Images, shape ``(n, d)``.

        Returns
        -------
        numpy.ndarray
            Shape ``(n,)``.
        """
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
    decomposition of :math:`X_c^\\top X_c` (centred training images,
    ``scipy.linalg.eigh``), and keeps the one with the lowest validation MSE.
    :math:`\\lambda = 0` is least squares, through the pseudo-inverse (the
    minimum-norm solution) if the centred images are rank deficient.

    Parameters
    ----------
    X_train, y_train : numpy.ndarray
        Training images, shape ``(N, d)``, and targets, shape ``(N,)``.
    X_val, y_val : numpy.ndarray
        Validation images, shape ``(M, d)``, and targets, shape ``(M,)``.
    lambdas : sequence of float, optional
        Ridge strengths to try, finite and non-negative;
        :data:`RIDGE_LAMBDAS` by default.

    Returns
    -------
    dlhw.linreg.ClosedForm

    Raises
    ------
    ValueError
        If the training images are not of shape ``(N, d)`` with ``N`` targets,
        or there are none, or ``lambdas`` is empty or holds a negative or
        non-finite strength.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ np.array([1.0, 2.0, 3.0]) - 1.0
    >>> fit = closed_form(X[:40], y[:40], X[40:], y[40:], lambdas=[0.0, 0.1])
    >>> fit.ridge_lambda, fit.weights.round(10).tolist(), round(fit.bias, 10)
    (0.0, [1.0, 2.0, 3.0], -1.0)
    """
    from scipy import linalg

    _check_training_set(X_train, y_train)
    lams = np.asarray(lambdas, dtype=float)
    if lams.size == 0 or not np.all(np.isfinite(lams)) or np.any(lams < 0):
        raise ValueError(f"ridge strengths must be finite and >= 0, got {lambdas!r}")
    n, d = X_train.shape
    mean_x, mean_y = X_train.mean(axis=0), float(y_train.mean())
    Xc = X_train - mean_x
    gram, moment = Xc.T @ Xc, Xc.T @ (y_train - mean_y)
    g, V = linalg.eigh(gram)
    g = np.maximum(g, 0.0)  # ascending
    # One column a strength, least squares first; directions of no curvature
    # (to rounding) are left out, as the pseudo-inverse does.
    denom = g[:, None] + n * np.r_[0.0, lams]
    tiny = g[-1] * max(n, d) * np.finfo(float).eps
    inv = np.divide(1.0, denom, out=np.zeros_like(denom), where=denom > tiny)
    solutions = V @ ((V.T @ moment)[:, None] * inv)
    # One model a row, each contiguous, for BLAS.
    weights = np.ascontiguousarray(solutions.T)
    biases = mean_y - weights @ mean_x
    # Every strength scored in one product: the images are read once.
    val = np.asarray(mse(predict(X_val, weights[1:].T, biases[1:]), y_val))
    best = int(np.argmin(val))
    return ClosedForm(
        weights=weights[1 + best],
        bias=float(biases[1 + best]),
        ridge_lambda=float(lams[best]),
        lambdas=lams,
        val_mses=val,
        least_squares=(weights[0], float(biases[0])),
        curvatures=2.0 * g / n,
    )


def largest_curvature(
    X: np.ndarray, *, tol: float = 1e-12, max_iter: int = 1000
) -> float:
    """Largest eigenvalue of the MSE's Hessian in the weights *and* the bias.

    The Hessian is :math:`(2/n) A^\\top A` with :math:`A = [X \\; 1]`; plain
    gradient descent on the MSE is stable only for learning rates below
    ``2 / largest_curvature(X)``. Power iteration, matrix-free.

    Parameters
    ----------
    X : numpy.ndarray
        Images, shape ``(n, d)``.
    tol : float, optional
        Relative change of the estimate between two iterations at which the
        iteration stops.
    max_iter : int, optional
        Most iterations; the last estimate is returned if ``tol`` is not met
        by then.

    Returns
    -------
    float
        The largest eigenvalue of :math:`(2/n) A^\\top A`, as estimated
        when the iteration stops.

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
