"""Problem 2 end to end: data, grid search, best model, closed-form reference.

:func:`problem2_results` runs the whole experiment once per (data, seed) and
caches it, so the command line, every gallery script and the report page share
one computation:

1. the data (the stand-in unless a directory of course files is given);
2. an 80/20 seeded split of the training images, ages standardized with the
   training part's mean and spread;
3. the report's grid (:mod:`dlhw.published`) plus its two diverging learning
   rates, searched with :func:`dlhw.linreg.grid_search`;
4. the best cell's float64 run, kept from the grid (which trains exactly as
   the plain reference :func:`dlhw.linreg.sgd` does, so no cell is trained
   twice), and its MSE on the training, validation and test sets;
5. the closed-form least-squares and ridge reference, and the curvature of the
   loss that explains where SGD diverges.

The audit's comparisons with the report's printout are in
:mod:`dlhw.report.grid`.

Examples
--------
>>> r = problem2_results()
>>> r.source, len(r.grid.cells), len(r.grid.diverged)
('standin', 45, 18)
>>> r.best.hyperparameters()
{'num_epochs': 150, 'learning_rate': 0.001, 'mini_batch': 64}
>>> round(r.val_mse, 4), round(r.test_mse, 4)
(0.6079, 0.5705)
>>> round(r.closed_form.ridge_lambda, 6), round(r.closed_val_mse, 4)
(0.003162, 0.5975)
>>> problem2_results() is r
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dlhw import published
from dlhw.cache import persistent
from dlhw.data import (
    FILES,
    IMAGE_SHAPE,
    AgeData,
    DataError,
    Split,
    Standardizer,
    UntrainableError,
    load_age_regression,
    standin,
)
from dlhw.data import train_val_split as _split
from dlhw.linreg import (
    ClosedForm,
    CostHistory,
    DivergedError,
    GridCell,
    GridResult,
    SGDResult,
    batches_per_epoch,
    closed_form,
    grid_search,
    largest_curvature,
    mse,
    predict,
)

__all__ = [
    "LAST_COSTS",
    "VAL_FRACTION",
    "Problem2Results",
    "grid_learning_rates",
    "mean_image_curvature",
    "problem2_results",
]

#: Fraction of the training images held out for validation (the report's 80/20).
VAL_FRACTION = 0.2

#: How many of the best run's last batch costs are shown (as many as the report
#: announces).
LAST_COSTS = published.LOG_ANNOUNCED


def _finite(value: float) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def grid_learning_rates() -> tuple[float, ...]:
    """The report's learning rates followed by the two it saw diverge.

    Examples
    --------
    >>> grid_learning_rates()
    (1e-05, 0.0001, 0.001, 0.1, 1.0)
    """
    return published.LEARNING_RATES + published.DIVERGING_RATES


@dataclass(frozen=True)
class Problem2Results:
    """Everything Problem 2 reports, for one data set and seed.

    MSEs are in standardized age units, as in the published report.
    """

    source: str
    seed: int
    data: AgeData
    split: Split
    scaler: Standardizer
    grid: GridResult
    best: GridCell
    best_run: SGDResult
    train_mse: float
    val_mse: float
    test_mse: float
    closed_form: ClosedForm
    closed_val_mse: float
    closed_test_mse: float
    least_squares_val_mse: float
    least_squares_test_mse: float
    max_curvature: float

    @property
    def is_standin(self) -> bool:
        """True when the numbers come from the synthetic stand-in data."""
        return self.source == "standin"

    @property
    def label(self) -> str:
        """Names the data in titles and captions: the stand-in says so."""
        if self.is_standin:
            return "stand-in data (synthetic)"
        return f"course-format files ({Path(self.source).name}/)"

    @property
    def neighbour_correlation(self) -> float:
        """Correlation across the training images of two adjacent pixels in the
        middle of the image."""
        faces = self.split.X_train.reshape(-1, *IMAGE_SHAPE)
        mid = IMAGE_SHAPE[0] // 2
        a, b = faces[:, mid, mid], faces[:, mid, mid + 1]
        return float(np.corrcoef(a, b)[0, 1])

    @property
    def best_curve(self) -> np.ndarray:
        """Validation MSE after each epoch at the best cell's rate and batch size."""
        g = self.grid
        i = g.learning_rates.index(self.best.learning_rate)
        j = g.mini_batches.index(self.best.mini_batch)
        curve: np.ndarray = g.val_curves[i, j]
        return curve

    def curve_extremes(self) -> tuple[float, int, float]:
        """The lowest value of :attr:`best_curve`, the epoch it is reached, and
        the highest value in the second half of the run."""
        curve = self.best_curve
        low = int(np.nanargmin(curve))
        return float(curve[low]), low + 1, float(np.nanmax(curve[len(curve) // 2 :]))

    @property
    def latest_divergence_epoch(self) -> int:
        """The last epoch in which a diverged run of the grid diverged (0: none)."""
        return int(self.grid.diverged_epoch.max(initial=0))

    @property
    def steps_to_least_squares(self) -> float:
        """``1 / (eta c_min)``: steps the best rate needs along the flattest
        curvature direction."""
        return float(1.0 / (self.best.learning_rate * self.closed_form.curvatures[0]))

    @property
    def mean_curvature_term(self) -> float:
        """:func:`mean_image_curvature` of the training images."""
        return mean_image_curvature(self.split.X_train)

    @property
    def stability_bound(self) -> float:
        """``2 / max_curvature``: full-batch gradient descent diverges above it."""
        return 2.0 / self.max_curvature

    @property
    def condition_number(self) -> float:
        """Largest over smallest curvature of the (centred) training MSE."""
        c = self.closed_form.curvatures
        return float(c[-1] / c[0]) if c[0] > 0 else float("inf")

    @property
    def weights(self) -> np.ndarray:
        """Weights of the best run, as the grid left them."""
        return self.best_run.weights

    @property
    def bias(self) -> float:
        """Bias of the best run, as the grid left it."""
        return self.best_run.bias

    @property
    def best_history(self) -> CostHistory:
        """Batch costs of the best run, in training order."""
        return self.best_run.history

    def slow_directions(self) -> int:
        """Curvature directions the best run has barely moved along.

        Along an eigenvector of the (centred) Hessian with curvature ``c``, each
        step shrinks the error by a factor ``1 - eta * c``; after ``T`` steps
        that direction is fitted only if ``eta * c * T`` is at least about 1.
        Returns how many of the directions fall short of that.
        """
        reach = self.best.learning_rate * self.best_steps
        return int(np.sum(self.closed_form.curvatures * reach < 1.0))

    @property
    def last_costs(self) -> CostHistory:
        """The best run's last :data:`LAST_COSTS` batch costs."""
        return self.best_history.last(LAST_COSTS)

    @property
    def best_steps(self) -> int:
        """Gradient steps taken by the best run."""
        nb = batches_per_epoch(self.split.X_train.shape[0], self.best.mini_batch)
        return self.best.num_epochs * nb

    def test_predictions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """True test ages and the SGD and closed-form predictions, in years."""
        X = self.data.X_test
        sgd_years = self.scaler.inverse(predict(X, self.weights, self.bias))
        closed_years = self.scaler.inverse(self.closed_form.predict(X))
        return self.data.y_test, sgd_years, closed_years

    def to_json(self) -> dict[str, Any]:
        """The command line's ``--json`` document (valid JSON: no NaN).

        A non-finite number (a diverged cell's MSE) becomes ``None``. The
        ``seed`` is that of the split and the SGD row orders, so that the
        document says how to run it again.
        """
        return {
            "data": self.source,
            "seed": self.seed,
            "grid": [cell.as_dict() for cell in self.grid.cells],
            "best": {
                "learning_rate": self.best.learning_rate,
                "mini_batch": self.best.mini_batch,
                "num_epochs": self.best.num_epochs,
            },
            "train_mse": _finite(self.train_mse),
            "val_mse": _finite(self.val_mse),
            "test_mse": _finite(self.test_mse),
            "closed_form": {
                "val_mse": _finite(self.closed_val_mse),
                "test_mse": _finite(self.closed_test_mse),
            },
            "last_costs": [_finite(c) for c in self.last_costs.cost],
        }


def problem2_results(
    data: str | Path | None = None, seed: int = 0, *, progress: bool = False
) -> Problem2Results:
    """Run Problem 2 on the stand-in (``data=None``) or a directory of course files.

    Cached (:func:`dlhw.cache.persistent`): a later call with the same data
    and seed returns the same object (the command line, the gallery scripts
    and the doctests share one run), whether or not it asked for a progress
    bar; on the stand-in, the trained results are kept on disk too.

    Parameters
    ----------
    data : str, optional
        Directory holding the four course files; the stand-in by default.
    seed : int
        Seed of the train/validation split and of the SGD row orders (the
        stand-in data itself is always ``standin(0)``).
    progress : bool
        Show a progress bar on stderr while the grid trains.

    Raises
    ------
    dlhw.data.DataError
        If the files cannot be loaded, or ``data`` is an empty string (which
        a path would take for the current folder).
    """
    if isinstance(data, str) and not data:
        raise DataError("an empty path, not a directory (the current folder is '.')")
    where = None if data is None else str(Path(data))
    return _results(where, int(seed), progress=progress)


@persistent(ignore=("progress",), disk=False)
def _results(data: str | None, seed: int, *, progress: bool = False) -> Problem2Results:
    # In memory only: a user's files may change between two processes.
    if data is not None:
        return _run(data, seed, progress=progress)
    ages = standin()
    split = _split(ages.X_train, ages.y_train, val_fraction=VAL_FRACTION, seed=seed)
    fields = _standin_fields(seed, progress=progress)
    return Problem2Results(data=ages, split=split, **fields)


@persistent(ignore=("progress",))
def _standin_fields(seed: int, *, progress: bool = False) -> dict[str, Any]:
    # The stand-in's run depends on the seed and dlhw alone: kept on disk,
    # all but its images, which are made again from their seed.
    results = _run(None, seed, progress=progress)
    return {k: v for k, v in vars(results).items() if k not in ("data", "split")}


def _run(data: str | None, seed: int, *, progress: bool) -> Problem2Results:
    ages = standin() if data is None else load_age_regression(Path(data))
    split = _split(ages.X_train, ages.y_train, val_fraction=VAL_FRACTION, seed=seed)
    scaler = Standardizer.fit(split.y_train)
    z_train, z_val = scaler.transform(split.y_train), scaler.transform(split.y_val)
    z_test = scaler.transform(ages.y_test)
    try:
        grid = grid_search(
            split.X_train,
            z_train,
            split.X_val,
            z_val,
            learning_rates=grid_learning_rates(),
            mini_batches=published.MINI_BATCHES,
            epochs=published.EPOCHS,
            seed=seed,
            track_validation=True,
            progress=progress,
        )
    except DivergedError:
        raise _diverged(data, split.X_train) from None
    fit = closed_form(split.X_train, z_train, split.X_val, z_val)
    # The grid trains in float64, so its best cell is the sgd run itself: its
    # weights and batch costs are kept, not trained a second time.
    best = grid.best
    w, b = grid.model(best)
    run = SGDResult(w, b, grid.history(best), diverged=False)
    ls_w, ls_b = fit.least_squares

    def err(X: np.ndarray, z: np.ndarray, w: np.ndarray, b: float) -> float:
        return float(mse(predict(X, w, b), z))

    return Problem2Results(
        source="standin" if data is None else str(data),
        seed=seed,
        data=ages,
        split=split,
        scaler=scaler,
        grid=grid,
        best=best,
        best_run=run,
        train_mse=err(split.X_train, z_train, w, b),
        val_mse=err(split.X_val, z_val, w, b),
        test_mse=err(ages.X_test, z_test, w, b),
        closed_form=fit,
        closed_val_mse=err(split.X_val, z_val, fit.weights, fit.bias),
        closed_test_mse=err(ages.X_test, z_test, fit.weights, fit.bias),
        least_squares_val_mse=err(split.X_val, z_val, ls_w, ls_b),
        least_squares_test_mse=err(ages.X_test, z_test, ls_w, ls_b),
        max_curvature=largest_curvature(split.X_train),
    )


def _diverged(data: str | None, X: np.ndarray) -> UntrainableError:
    """Why every cell diverged on these images, and the scaling that would fix it.

    Plain gradient descent is stable only below ``2 / largest_curvature(X)``;
    images stored as 0-255 values put that far below the grid's rates.
    """
    where = FILES["X_train"] if data is None else str(Path(data) / FILES["X_train"])
    bound = 2.0 / largest_curvature(X)
    smallest = min(grid_learning_rates())
    peak = float(np.abs(X).max())
    relation = "below" if bound < smallest else "against"
    text = (
        f"{where}: every cell of the grid diverged: for these images the largest "
        f"stable learning rate is 2/lambda_max = {bound:.3g}, {relation} the "
        f"grid's smallest rate {smallest:g}"
    )
    if peak > 1.0:
        scaled = 2.0 / largest_curvature(X / peak)
        stored = " (stored as 0-255?)" if peak <= 255 else ""
        return UntrainableError(
            f"{text}; the pixels reach {peak:g}{stored}: divided by {peak:g} to "
            f"lie in [0, 1] they would allow rates up to {scaled:.3g}"
        )
    return UntrainableError(f"{text}; scale the pixels down to make it larger")


def mean_image_curvature(X: np.ndarray) -> float:
    """``2 (m.m + 1)`` for the mean image ``m``: the curvature of the training MSE
    along the direction in which all weights and the bias move together, when
    every image is close to the mean image.

    The Hessian of the MSE in the weights and the bias is
    ``(2/n) [X 1]^T [X 1]``; if every row of ``X`` were ``m`` it would be
    ``2 [m 1]^T [m 1]``, whose one nonzero eigenvalue is this. For images whose
    pixels vary little around a common level it approximates the largest
    curvature, which sets the stability bound of SGD.

    Parameters
    ----------
    X : numpy.ndarray
        Images, shape ``(n, d)``, one per row (read as float64).

    Returns
    -------
    float

    Examples
    --------
    >>> X = np.full((5, 4), 0.5)
    >>> mean_image_curvature(X)
    4.0
    >>> from dlhw.linreg import largest_curvature
    >>> round(float(largest_curvature(X)), 10)
    4.0
    """
    m = np.asarray(X, dtype=float).mean(axis=0)
    return float(2.0 * (m @ m + 1.0))
