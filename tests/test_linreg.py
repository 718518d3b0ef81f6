import os
import subprocess
import sys

import numpy as np
import pytest

from dlhw import linreg
from dlhw.linreg import (
    GridCell,
    batches_per_epoch,
    best_cell,
    closed_form,
    gradient,
    grid_search,
    largest_curvature,
    mse,
    predict,
    sgd,
)


def make_problem(n=300, d=6, noise=0.3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = X @ w - 0.7 + noise * rng.normal(size=n)
    return X, y


def test_gradient_matches_finite_differences():
    X, y = make_problem(n=40, d=4)
    rng = np.random.default_rng(1)
    w, b = rng.normal(size=4), 0.3
    gw, gb = gradient(X, y, w, b)
    h = 1e-6
    for i in range(4):
        e = np.zeros(4)
        e[i] = h
        numeric = (mse(predict(X, w + e, b), y) - mse(predict(X, w - e, b), y)) / (
            2 * h
        )
        assert gw[i] == pytest.approx(numeric, rel=1e-6)
    numeric_b = (mse(predict(X, w, b + h), y) - mse(predict(X, w, b - h), y)) / (2 * h)
    assert gb == pytest.approx(numeric_b, rel=1e-6)


def test_full_batch_sgd_converges_to_least_squares():
    X, y = make_problem()
    exact = closed_form(X, y, X, y, lambdas=[0.0])
    run = sgd(X, y, 0.1, mini_batch=len(y), num_epochs=400)
    assert not run.diverged
    np.testing.assert_allclose(run.weights, exact.weights, atol=1e-10)
    assert run.bias == pytest.approx(exact.bias, abs=1e-10)


def test_minibatch_sgd_reaches_the_closed_form_solution():
    # well conditioned and noisy: SGD hovers near the optimum, closer for
    # smaller steps
    X, y = make_problem(n=2000, d=5)
    exact = closed_form(X, y, X, y, lambdas=[0.0])
    run = sgd(X, y, 0.002, mini_batch=32, num_epochs=60, seed=5)
    np.testing.assert_allclose(run.weights, exact.weights, atol=5e-3)
    assert run.bias == pytest.approx(exact.bias, abs=5e-3)
    best = mse(exact.predict(X), y)
    assert best <= mse(predict(X, run.weights, run.bias), y) < best * 1.001


def test_sgd_history_counts_epochs_and_batches():
    X, y = make_problem(n=100)
    run = sgd(X, y, 0.01, mini_batch=32, num_epochs=3)
    nb = batches_per_epoch(100, 32)
    assert nb == 4
    assert run.history.epoch.tolist() == [1] * 4 + [2] * 4 + [3] * 4
    assert run.history.batch.tolist() == [1, 2, 3, 4] * 3
    assert run.history.last(2).lines() == [
        f"Epoch 3, Batch 3, MSE: {float(run.history.cost[-2])!r}",
        f"Epoch 3, Batch 4, MSE: {float(run.history.cost[-1])!r}",
    ]


def test_first_cost_is_that_of_the_zero_model():
    X, y = make_problem(n=64)
    run = sgd(X, y, 0.01, mini_batch=64, num_epochs=1)
    assert run.history.cost[0] == pytest.approx(np.mean(y**2))


def test_sgd_is_seeded():
    X, y = make_problem(n=100)
    a = sgd(X, y, 0.01, 16, 3, seed=7)
    b = sgd(X, y, 0.01, 16, 3, seed=np.random.default_rng(7))
    c = sgd(X, y, 0.01, 16, 3, seed=8)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)


def test_divergence_is_flagged_without_warnings():
    # pytest turns any RuntimeWarning (overflow, invalid) into an error
    X, y = make_problem()
    run = sgd(X, y, 10.0, mini_batch=16, num_epochs=50)
    assert run.diverged
    assert np.isnan(run.weights).all()
    assert np.isnan(run.bias)
    last = run.history.cost[-1]
    assert not np.isfinite(last) or last > 1e6
    assert len(run.history.cost) < 50 * batches_per_epoch(300, 16)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0.0}, "finite and positive"),
        ({"learning_rate": np.inf}, "finite and positive"),
        ({"mini_batch": 0}, "mini_batch"),
        ({"mini_batch": 2.5}, "mini_batch"),
        ({"num_epochs": -1}, "num_epochs"),
    ],
)
def test_sgd_refuses_bad_hyperparameters(kwargs, message):
    X, y = make_problem(n=20)
    args = {"learning_rate": 0.1, "mini_batch": 4, "num_epochs": 1} | kwargs
    with pytest.raises(ValueError, match=message):
        sgd(X, y, **args)


def test_sgd_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="N labels"):
        sgd(np.zeros((5, 2)), np.zeros(4), 0.1, 2, 1)


# -- grid search -----------------------------------------------------------------

RATES = [0.003, 0.03, 0.2, 5.0]
BATCHES = [8, 20, 64]
EPOCHS = [2, 5, 9]


@pytest.fixture(scope="module")
def small_grid():
    X, y = make_problem(n=150, d=5, seed=2)
    args = (X[:110], y[:110], X[110:], y[110:])
    grid = grid_search(
        *args,
        learning_rates=RATES,
        mini_batches=BATCHES,
        epochs=EPOCHS,
        seed=11,
        dtype=np.float64,
    )
    return args, grid


def test_grid_equals_a_loop_over_cells(small_grid):
    (X, y, Xv, yv), grid = small_grid
    assert len(grid.cells) == len(RATES) * len(BATCHES) * len(EPOCHS)
    for cell in grid.cells:
        run = sgd(X, y, cell.learning_rate, cell.mini_batch, cell.num_epochs, seed=11)
        assert cell.diverged == run.diverged
        if run.diverged:
            assert np.isnan(cell.val_mse)
            continue
        val = mse(predict(Xv, run.weights, run.bias), yv)
        assert cell.val_mse == pytest.approx(val, rel=1e-12)
        w, b = grid.model(cell)
        np.testing.assert_allclose(w, run.weights, rtol=1e-11, atol=1e-13)
        assert b == pytest.approx(run.bias, rel=1e-11, abs=1e-13)
        history = grid.history(cell)
        np.testing.assert_array_equal(history.epoch, run.history.epoch)
        np.testing.assert_array_equal(history.batch, run.history.batch)
        np.testing.assert_allclose(history.cost, run.history.cost, rtol=1e-11)


def test_grid_flags_the_diverged_cells(small_grid):
    _, grid = small_grid
    flagged = {c.learning_rate for c in grid.diverged}
    assert flagged == {5.0}
    assert all(np.isnan(c.val_mse) for c in grid.diverged)
    assert grid.best == best_cell(grid.cells)
    assert not grid.best.diverged
    # a diverged run stops costing: its cost history ends with its divergence
    i = grid.learning_rates.index(5.0)
    for j, m in enumerate(BATCHES):
        stop = grid.diverged_epoch[i, j] * batches_per_epoch(110, m)
        assert stop > 0
        assert np.isnan(grid.costs[j][stop:, i]).all()
        assert not np.isfinite(grid.costs[j][:stop, i]).all() or (
            grid.costs[j][:stop, i].max() > 1e6
        )


@pytest.mark.slow
def test_grid_float32_agrees_with_float64(small_grid):
    args, grid = small_grid
    grid32 = grid_search(
        *args,
        learning_rates=RATES,
        mini_batches=BATCHES,
        epochs=EPOCHS,
        seed=11,
        dtype=np.float32,
    )
    a = np.array([c.val_mse for c in grid.cells])
    b = np.array([c.val_mse for c in grid32.cells])
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_allclose(b, a, rtol=1e-4)


def test_grid_validation_curves_end_at_the_snapshots(small_grid):
    _, grid = small_grid
    i, j = grid.learning_rates.index(0.03), grid.mini_batches.index(20)
    cell = GridCell(0.03, 20, 9, 0.0)
    (cell_at_9,) = [
        c
        for c in grid.cells
        if (c.learning_rate, c.mini_batch, c.num_epochs) == (0.03, 20, 9)
    ]
    assert grid.val_curves[i, j, 8] == pytest.approx(cell_at_9.val_mse, rel=1e-12)
    assert grid.model(cell)[0].shape == (5,)


def test_grid_refuses_bad_axes():
    X, y = make_problem(n=20)
    with pytest.raises(ValueError, match="must not repeat"):
        grid_search(X, y, X, y, learning_rates=[0.1, 0.1], mini_batches=[4], epochs=[1])
    with pytest.raises(ValueError, match="epochs must be positive"):
        grid_search(X, y, X, y, learning_rates=[0.1], mini_batches=[4], epochs=[0])
    with pytest.raises(ValueError, match="dtype"):
        grid_search(
            X, y, X, y, learning_rates=[0.1], mini_batches=[4], epochs=[1], dtype=int
        )


def test_best_cell_skips_diverged_and_needs_one():
    cells = [
        GridCell(0.1, 8, 1, float("nan"), diverged=True),
        GridCell(0.01, 8, 1, 0.5),
        GridCell(0.001, 8, 1, 0.5),
    ]
    assert best_cell(cells) is cells[1]
    with pytest.raises(ValueError, match="every grid cell diverged"):
        best_cell(cells[:1])


# -- closed form and curvature ---------------------------------------------------


def test_ridge_is_chosen_on_the_validation_set():
    # more features than useful: ridge beats least squares on fresh data
    rng = np.random.default_rng(4)
    X = rng.normal(size=(120, 60))
    y = X[:, 0] + rng.normal(size=120)
    fit = closed_form(X[:80], y[:80], X[80:], y[80:])
    assert fit.ridge_lambda > 0
    assert fit.val_mses.min() == pytest.approx(mse(fit.predict(X[80:]), y[80:]))
    assert fit.val_mses[0] > fit.val_mses.min()  # lambda = 0 is least squares
    ls_w, ls_b = fit.least_squares
    expected, *_ = np.linalg.lstsq(np.c_[X[:80], np.ones(80)], y[:80], rcond=None)
    np.testing.assert_allclose(np.append(ls_w, ls_b), expected, atol=1e-9)
    assert fit.curvatures.shape == (60,)
    assert np.all(np.diff(fit.curvatures) >= 0)


def test_every_ridge_strength_solves_its_normal_equations():
    X, y = make_problem(n=90, d=12, seed=6)
    lams = [1e-3, 0.1, 10.0]
    fit = closed_form(X[:60], y[:60], X[60:], y[60:], lambdas=lams)
    Xc = X[:60] - X[:60].mean(axis=0)
    gram, moment = Xc.T @ Xc, Xc.T @ (y[:60] - y[:60].mean())
    np.testing.assert_allclose(
        fit.curvatures, 2 * np.linalg.eigvalsh(gram) / 60, rtol=1e-12
    )
    for lam, score in zip(lams, fit.val_mses, strict=True):
        exact = np.linalg.solve(gram + 60 * lam * np.eye(12), moment)
        bias = y[:60].mean() - X[:60].mean(axis=0) @ exact
        assert score == pytest.approx(mse(predict(X[60:], exact, bias), y[60:]))
    best = lams[int(np.argmin(fit.val_mses))]
    exact = np.linalg.solve(gram + 60 * best * np.eye(12), moment)
    np.testing.assert_allclose(fit.weights, exact, rtol=1e-10)


def test_each_closed_form_model_is_contiguous():
    # a strided weight vector keeps NumPy's products away from BLAS
    X, y = make_problem(n=90, d=12, seed=6)
    fit = closed_form(X[:60], y[:60], X[60:], y[60:])
    assert fit.weights.flags.c_contiguous
    assert fit.least_squares[0].flags.c_contiguous
    assert isinstance(fit.bias, float)
    assert isinstance(fit.least_squares[1], float)


def test_least_squares_is_min_norm_when_rank_deficient():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 3))
    X = np.c_[X, X[:, 0]]  # a repeated column
    y = X[:, 0] * 2.0
    fit = closed_form(X, y, X, y, lambdas=[0.0])
    np.testing.assert_allclose(fit.weights, [1.0, 0.0, 0.0, 1.0], atol=1e-9)


def test_largest_curvature_sets_the_stability_bound():
    X, y = make_problem(n=200, d=4)
    lam = largest_curvature(X)
    A = np.c_[X, np.ones(200)]
    assert lam == pytest.approx(np.linalg.eigvalsh(2 * A.T @ A / 200)[-1], rel=1e-9)
    # full-batch gradient descent: stable just below 2/lam, diverges above
    assert not sgd(X, y, 0.95 * 2 / lam, 200, 2000).diverged
    assert sgd(X, y, 1.05 * 2 / lam, 200, 2000).diverged


def test_grid_progress_bar_goes_to_stderr(capsys):
    X, y = make_problem(n=30, d=2)
    grid_search(
        X, y, X, y, learning_rates=[0.01], mini_batches=[8], epochs=[3], progress=True
    )
    captured = capsys.readouterr()
    assert "grid search" in captured.err
    assert "3/3" in captured.err
    assert captured.out == ""


def test_grid_does_not_depend_on_the_number_of_threads(small_grid):
    args, grid = small_grid
    for threads in (1, 4):
        other = grid_search(
            *args,
            learning_rates=RATES,
            mini_batches=BATCHES,
            epochs=EPOCHS,
            seed=11,
            dtype=np.float64,
            threads=threads,
        )
        np.testing.assert_array_equal(other.weights, grid.weights)
        np.testing.assert_array_equal(other.bias, grid.bias)
        np.testing.assert_array_equal(other.val_curves, grid.val_curves)
        np.testing.assert_array_equal(other.diverged_epoch, grid.diverged_epoch)
        for mine, theirs in zip(other.costs, grid.costs, strict=True):
            np.testing.assert_array_equal(mine, theirs)


def test_grid_equals_the_loop_when_batches_straddle_chunks():
    # batch sizes that do not divide each other or the row count: batches
    # straddle the chunks the runs share
    X, y = make_problem(n=97, d=7, seed=3)
    grid = grid_search(
        X,
        y,
        X,
        y,
        learning_rates=[0.01, 0.05],
        mini_batches=[5, 13, 30],
        epochs=[4],
        seed=2,
        threads=2,
    )
    for cell in grid.cells:
        run = sgd(X, y, cell.learning_rate, cell.mini_batch, cell.num_epochs, seed=2)
        w, b = grid.model(cell)
        np.testing.assert_allclose(w, run.weights, rtol=1e-11, atol=1e-13)
        assert b == pytest.approx(run.bias, rel=1e-11, abs=1e-13)
        np.testing.assert_allclose(
            grid.history(cell).cost, run.history.cost, rtol=1e-11
        )


def test_grid_refuses_a_bad_thread_count():
    X, y = make_problem(n=20)
    with pytest.raises(ValueError, match="threads"):
        grid_search(
            X, y, X, y, learning_rates=[0.1], mini_batches=[4], epochs=[1], threads=0
        )


GRID_IN_A_NEW_PROCESS = """
import numpy as np
from dlhw.linreg import grid_search
X = np.arange(12.0).reshape(6, 2) / 10
grid = grid_search(X, X[:, 0], X, X[:, 0], learning_rates=[0.1], mini_batches=[2],
                   epochs=[3])
print(repr(grid.cells[0].val_mse))
"""


def _grid_in_a_new_process(tmp_path, setting):
    """A new process's grid with DLHW_CACHE=setting; its printout and Numba's
    cache log."""
    env = os.environ | {
        "DLHW_CACHE": str(setting),
        "XDG_CACHE_HOME": str(tmp_path / "home"),
        "NUMBA_DEBUG_CACHE": "1",
    }
    env.pop("NUMBA_CACHE_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-c", GRID_IN_A_NEW_PROCESS],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    *log, value = proc.stdout.splitlines()
    return float(value), "\n".join(log)


@pytest.mark.slow
def test_the_kernel_is_kept_in_dlhws_cache_and_survives_damage(tmp_path):
    # Failures 3 and 5: the kernel follows DLHW_CACHE, and a damaged kernel
    # file costs a compile, never the run.
    value, log = _grid_in_a_new_process(tmp_path, tmp_path / "cache")
    files = sorted((tmp_path / "cache" / "kernels").rglob("*.nb*"))
    assert files, log
    assert "data saved" in log
    again, log = _grid_in_a_new_process(tmp_path, tmp_path / "cache")
    assert again == value
    assert "data loaded" in log
    assert "data saved" not in log
    for path in files:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    damaged, log = _grid_in_a_new_process(tmp_path, tmp_path / "cache")
    assert damaged == value
    repaired, log = _grid_in_a_new_process(tmp_path, tmp_path / "cache")
    assert repaired == value
    assert "data saved" in log


@pytest.mark.slow
def test_off_writes_no_kernel(tmp_path):
    value, _ = _grid_in_a_new_process(tmp_path, "off")
    assert value > 0
    assert not list(tmp_path.rglob("*.nb*"))


def test_a_kernel_cache_that_fails_costs_a_compile(monkeypatch):
    # Failure 4: a full disk under the kernel cache; the kernel is compiled
    # in memory instead, with the same numbers.
    X, y = make_problem(n=30, d=3)
    args = {"learning_rates": [0.05], "mini_batches": [4], "epochs": [2]}
    expected = grid_search(X, y, X, y, **args)

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(linreg, "_train", full_disk)
    grid = grid_search(X, y, X, y, **args)
    np.testing.assert_array_equal(grid.weights, expected.weights)


def test_holding_ctrl_c_puts_back_a_handler_set_outside_python(monkeypatch):
    """signal.signal gives None for a handler Python did not set; the hold
    then leaves SIGINT's default behind instead of failing."""
    import signal

    real = signal.signal
    set_to = []

    def signal_outside_python(number, handler):
        set_to.append(handler)
        previous = real(number, handler)
        return None if len(set_to) == 1 else previous

    original = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(signal, "signal", signal_outside_python)
    try:
        with linreg._interrupt_after():
            pass
        assert set_to[-1] is signal.SIG_DFL
    finally:
        real(signal.SIGINT, original)
