"""Problem 2's facts record: the single source of its page, claims and headline.

Examples
--------
>>> f = facts_2()
>>> f.claim("2-mse-label").verdict, f.claim("2-test-mse").verdict
('differs', 'unverifiable')
>>> from dlhw.report.facts import by_name
>>> values = by_name(f.glued())
>>> values["p2_best_rate"].text, values["p2_diverged_rates"].text
('0.001', '0.1 and 1')
>>> values["p2_label"].text
'stand-in data (synthetic)'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dlhw import published
from dlhw.cache import persistent
from dlhw.data import IMAGE_SHAPE, PIXELS, STANDIN_TEST_SIZE
from dlhw.linreg import DIVERGENCE_FACTOR, batches_per_epoch
from dlhw.problem2 import LAST_COSTS, VAL_FRACTION, Problem2Results, problem2_results
from dlhw.report.audit import claims_markdown
from dlhw.report.claim import Claim
from dlhw.report.claims2 import cell_words, claims_2
from dlhw.report.facts import Glued, KeyedClaims, markdown, text
from dlhw.report.grid import (
    ChosenCellFindings,
    PrintedFindings,
    chosen_cell_findings,
    grid_markdown,
    printed_findings,
)
from dlhw.report.inputs import DATA_ENV
from dlhw.report.text import fmt, numbers, power_markdown

__all__ = ["Facts2", "facts_2"]


@dataclass(frozen=True)
class Facts2(KeyedClaims):
    """Everything the report says of Problem 2, computed once.

    Attributes
    ----------
    data : pathlib.Path or None
        The folder of course files it was computed on; None for the stand-in.
    results : Problem2Results
        Our run: data, grid, best cell, closed form
        (:func:`dlhw.problem2.problem2_results`).
    printed : PrintedFindings
        What the report's own printout shows
        (:func:`dlhw.report.grid.printed_findings`).
    chosen : ChosenCellFindings
        How the report's chosen cell does in our run
        (:func:`dlhw.report.grid.chosen_cell_findings`).
    claims : tuple of Claim
        The report's claims, judged (:func:`dlhw.report.claims2.claims_2`).
    """

    data: Path | None
    results: Problem2Results
    printed: PrintedFindings
    chosen: ChosenCellFindings
    claims: tuple[Claim, ...]

    def glued(self) -> tuple[Glued, ...]:
        """Every value the Problem 2 page cites, by glue name."""
        return (
            *self._data(),
            *self._grid(),
            *self._best(),
            *self._reference(),
            *self._published(),
        )

    def _data(self) -> tuple[Glued, ...]:
        r = self.results
        return (
            text("p2_label", r.label),
            text("p2_env", DATA_ENV),
            text("p2_pixels", PIXELS),
            text("p2_shape", "x".join(map(str, IMAGE_SHAPE))),
            text(
                "p2_split",
                f"{round(100 * (1 - VAL_FRACTION))}/{round(100 * VAL_FRACTION)}",
            ),
            text("p2_age_var", f"{r.scaler.std**2:.0f}"),
            text("p2_n_all", r.data.X_train.shape[0]),
            text("p2_n_train", r.split.X_train.shape[0]),
            text("p2_n_val", r.split.X_val.shape[0]),
            text("p2_n_test", r.data.X_test.shape[0]),
            text("p2_standin_test", STANDIN_TEST_SIZE),
            text("p2_age_mean", f"{r.scaler.mean:.1f}"),
            text("p2_age_std", f"{r.scaler.std:.1f}"),
            text("p2_pixel_mean", f"{r.split.X_train.mean():.2f}"),
            text("p2_neighbour_corr", f"{r.neighbour_correlation:.2f}"),
        )

    def _grid(self) -> tuple[Glued, ...]:
        grid = self.results.grid
        return (
            text("p2_rates", numbers(published.LEARNING_RATES)),
            text("p2_diverging_rates", numbers(published.DIVERGING_RATES, " and ")),
            text("p2_batches", ", ".join(map(str, published.MINI_BATCHES))),
            text("p2_epochs", ", ".join(map(str, published.EPOCHS))),
            text("p2_n_cells", len(grid.cells)),
            text("p2_n_diverged", len(grid.diverged)),
            text("p2_diverged_rates", numbers(self.chosen.diverged_rates, " and ")),
            text("p2_diverged_epoch", self.results.latest_divergence_epoch),
            markdown("p2_divergence_factor", power_markdown(DIVERGENCE_FACTOR)),
            text("p2_max_epochs", max(grid.epochs)),
            markdown("p2_table", grid_markdown(grid.cells)),
            markdown("p2_pub_table", grid_markdown(published.GRID)),
        )

    def _best(self) -> tuple[Glued, ...]:
        r = self.results
        best, n_train = r.best, r.split.X_train.shape[0]
        low, low_epoch, late_high = r.curve_extremes()
        return (
            text("p2_best_rate", f"{best.learning_rate:g}"),
            text("p2_best_batch", best.mini_batch),
            text("p2_best_epochs", best.num_epochs),
            text("p2_best_batches", batches_per_epoch(n_train, best.mini_batch)),
            text("p2_train_mse", fmt(r.train_mse)),
            text("p2_val_mse", fmt(r.val_mse)),
            text("p2_test_mse", fmt(r.test_mse)),
            text("p2_test_rmse", f"{r.scaler.rmse_years(r.test_mse):.1f}"),
            text("p2_n_last", LAST_COSTS),
            markdown("p2_log", "```text\n" + "\n".join(r.last_costs.lines()) + "\n```"),
            text("p2_curve_min", fmt(low)),
            text("p2_curve_min_epoch", low_epoch),
            text("p2_curve_late_max", fmt(late_high)),
        )

    def _reference(self) -> tuple[Glued, ...]:
        r = self.results
        fit, bound = r.closed_form, r.stability_bound
        gap = r.test_mse - r.closed_test_mse
        slow = r.slow_directions()
        return (
            text("p2_ridge_lambda", fmt(fit.ridge_lambda, 2)),
            text("p2_ridge_val", fmt(r.closed_val_mse)),
            text("p2_ridge_test", fmt(r.closed_test_mse)),
            text("p2_ridge_test_rmse", f"{r.scaler.rmse_years(r.closed_test_mse):.1f}"),
            text("p2_ls_val", fmt(r.least_squares_val_mse)),
            text("p2_ls_test", fmt(r.least_squares_test_mse)),
            text("p2_gap_val", fmt(r.val_mse - r.closed_val_mse, 2)),
            text(
                "p2_gap_test", f"{fmt(abs(gap), 2)} {'higher' if gap > 0 else 'lower'}"
            ),
            text("p2_n_lambdas", len(fit.lambdas)),
            text("p2_lmax", fmt(r.max_curvature)),
            text("p2_mean_term", fmt(r.mean_curvature_term)),
            text("p2_bound", fmt(bound, 3)),
            text("p2_best_fraction", fmt(r.best.learning_rate / bound, 2)),
            text(
                "p2_over",
                " and ".join(fmt(x / bound, 3) for x in published.DIVERGING_RATES),
            ),
            text("p2_cmax", fmt(fit.curvatures[-1])),
            text("p2_cmin", fmt(fit.curvatures[0], 2)),
            text("p2_cond", fmt(r.condition_number, 2)),
            text("p2_steps", r.best_steps),
            text("p2_fitted", PIXELS - slow),
            text("p2_slow", slow),
            text("p2_steps_needed", fmt(r.steps_to_least_squares, 2)),
            text("p2_steps_factor", fmt(r.steps_to_least_squares / r.best_steps, 2)),
        )

    def _published(self) -> tuple[Glued, ...]:
        r, printed = self.results, self.printed
        batch = int(published.BEST["mini_batch"])
        return (
            text("p2_pub_best", cell_words(published.BEST)),
            text("p2_pub_train", repr(published.TRAINING_MSE)),
            text("p2_pub_test", repr(published.TEST_MSE)),
            text("p2_pub_rows", printed.n_rows),
            text("p2_pub_cells", printed.n_cells),
            text("p2_pub_unprinted", len(printed.unprinted)),
            text("p2_pub_unprinted_rates", numbers(printed.unprinted_rates)),
            text("p2_pub_log", printed.n_log),
            text("p2_pub_last_batch", published.LOG[-1].batch),
            text("p2_pub_cell", cell_words(printed.label_cell)),
            text("p2_pub_batch", batch),
            text("p2_pub_batches", batches_per_epoch(r.split.X_train.shape[0], batch)),
            text("p2_pub_rate", f"{published.BEST['learning_rate']:g}"),
            text("p2_pub_cost", fmt(published.TRAINING_MSE, 2)),
            text("p2_pub_stop_rate", f"{published.GRID[-1].learning_rate:g}"),
            text("p2_slowest", f"{min(published.LEARNING_RATES):g}"),
            text("p2_pub_max_rate", f"{max(published.LEARNING_RATES):g}"),
            markdown("p2_claims", claims_markdown(self.claims)),
            text("p2_compare_note", _compare_note(r)),
        )


def _compare_note(r: Problem2Results) -> str:
    """Whether our numbers compare with the report's, for the page's comparison."""
    if r.is_standin:
        return (
            "The values themselves do not compare: the stand-in is a different, "
            "easier problem, and only a run on the course files can put our "
            "numbers beside the report's."
        )
    return (
        f"Our values come from the {r.label}, so they compare with the report's "
        "directly; the claims below judge them."
    )


@persistent(ignore=("progress",), disk=False)
def facts_2(data: Path | None = None, *, progress: bool = False) -> Facts2:
    """Problem 2's facts record on ``data`` (kept in memory per folder).

    Parameters
    ----------
    data : pathlib.Path, optional
        Directory of the four course files; the stand-in if None.
    progress : bool
        Show a progress bar on stderr while the grid trains (when its run is
        not cached yet); the record is the same either way.

    Returns
    -------
    Facts2

    Raises
    ------
    dlhw.data.DataError
        If the files cannot be loaded.
    """
    key = None if data is None else Path(data)
    results = problem2_results(key, progress=progress)
    printed = printed_findings()
    chosen = chosen_cell_findings(results)
    return Facts2(
        data=key,
        results=results,
        printed=printed,
        chosen=chosen,
        claims=claims_2(results, printed, chosen),
    )
