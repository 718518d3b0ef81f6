"""Benchmarks: ratios measured in one run, each printed beside its target.

Run with ``nox -s bench`` (or ``python tests/benchmarks/run.py`` in an
environment with dlhw, scikit-learn and the docs dependencies). Absolute times
on a shared machine are noise; every figure printed is a ratio of two times
measured in this one run; the grid's ratios are the medians of several
repetitions, each ratio taken between times measured back to back. The grid
search is timed three ways (``Ratio.when``): its first call in a fresh process,
with the compiled kernels on disk (what a user sees: Numba's import and the
kernels' loading included), a warm call, and the first call on an empty kernel
cache (compiling included, once per machine). ``--json PATH`` also writes the
results, with the machine they were measured on (CPU model and the BLAS
library and kernel NumPy uses), for the Performance page of the site.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


#: What each kind of figure depends on besides the code (see ``Ratio.depends``).
CPU_AND_BLAS = "CPU and BLAS kernel"
CPU_ONLY = "CPU (not BLAS)"
NEITHER = "neither (counts)"


@dataclass
class Ratio:
    """One measured ratio, the target it is held to, and the machine.

    ``depends`` says which of the CPU and the BLAS kernel the ratio is
    sensitive to; ``cpu`` and ``blas`` name the ones it was measured on.
    ``when`` says which call of the grid search it measures: the first in a
    fresh process (what a user sees), a warm one, or the first on a machine,
    which compiles the kernels.
    """

    group: str
    name: str
    value: float
    target: str
    met: bool
    detail: str = ""
    depends: str = NEITHER
    cpu: str = ""
    blas: str = ""
    when: str = ""

    def __post_init__(self) -> None:
        info = machine()
        self.cpu = self.cpu or info["cpu"]
        self.blas = self.blas or info["blas_kernel"]


def _time(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _print(r: Ratio) -> None:
    flag = "met" if r.met else "NOT MET"
    print(f"  {r.name:<46} {r.value:>9.2f}   target {r.target:<8} {flag}")
    if r.when:
        print(f"      when: {r.when}")
    if r.detail:
        print(f"      {r.detail}")
    print(f"      depends on: {r.depends}")


def _median_ratio(pairs: list[tuple[float, float]]) -> float:
    """Median over repetitions of a ratio of two times measured back to back."""
    return statistics.median(a / b for a, b in pairs)


# -- 1. the Problem 2 grid ---------------------------------------------------------


def _nested_loop(split, rates, mini_batches, epochs, seed):
    """Reference: train every cell from scratch with dlhw.linreg.sgd."""
    from dlhw.linreg import mse, predict, sgd

    scores = {}
    for lr in rates:
        for mb in mini_batches:
            for ep in epochs:
                run = sgd(split.X_train, split.y_train, lr, mb, ep, seed=seed)
                scores[lr, mb, ep] = (
                    np.inf
                    if run.diverged
                    else mse(predict(split.X_val, run.weights, run.bias), split.y_val)
                )
    return scores


def _sklearn_grid(split, rates, mini_batches, epochs, seed):
    """scikit-learn's SGDRegressor through the same grid.

    Constant rate, no penalty; one ``partial_fit`` per mini-batch of a seeded
    row order, so it does the same number of passes as every other contender.
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDRegressor

    scores = {}
    n = len(split.y_train)
    for lr in rates:
        for mb in mini_batches:
            for ep in epochs:
                model = SGDRegressor(
                    penalty=None,
                    learning_rate="constant",
                    eta0=lr,
                    shuffle=False,
                    random_state=seed,
                )
                rng = np.random.default_rng(seed)
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    warnings.simplefilter("ignore", RuntimeWarning)
                    try:
                        for _ in range(ep):
                            order = rng.permutation(n)
                            for start in range(0, n, mb):
                                rows = order[start : start + mb]
                                model.partial_fit(
                                    split.X_train[rows], split.y_train[rows]
                                )
                        pred = model.predict(split.X_val)
                        scores[lr, mb, ep] = float(np.mean((pred - split.y_val) ** 2))
                    except (ValueError, OverflowError):
                        scores[lr, mb, ep] = np.inf
    return scores


def _standin_split():
    """The stand-in split exactly as ``python -m dlhw problem2`` makes it."""
    from dlhw.data import Split, Standardizer, standin, train_val_split
    from dlhw.problem2 import VAL_FRACTION

    ages = standin()
    split = train_val_split(ages.X_train, ages.y_train, val_fraction=VAL_FRACTION)
    scaler = Standardizer.fit(split.y_train)
    return Split(
        np.ascontiguousarray(split.X_train, dtype=np.float64),
        scaler.transform(split.y_train),
        split.X_val,
        scaler.transform(split.y_val),
    )


#: The script timing the grid's first call in a fresh process.
FIRST_CALL = Path(__file__).with_name("first_call.py")

# When a figure is met (see ``Ratio.when``).
FRESH = "first call in a fresh process (kernels on disk): what a user sees"
WARM = "warm: a later call in the same process"
COLD = "first call on a machine (kernels compiled): once"


def _fresh(env: dict[str, str], *flags: str) -> dict[str, float]:
    """Run first_call.py in a new process; its times (see there)."""
    proc = subprocess.run(
        [sys.executable, str(FIRST_CALL), *flags],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    times: dict[str, float] = json.loads(proc.stdout.splitlines()[-1])
    return times


def bench_grid(quick: bool) -> list[Ratio]:
    from threadpoolctl import threadpool_limits

    from dlhw import published
    from dlhw.linreg import grid_search
    from dlhw.problem2 import grid_learning_rates

    split = _standin_split()
    rates = grid_learning_rates()
    mini_batches, epochs = published.MINI_BATCHES, published.EPOCHS
    seed = 0
    X = split.X_train
    n_cells = len(rates) * len(mini_batches) * len(epochs)
    print(f"Problem 2 grid: {n_cells} cells on the stand-in, X_train {X.shape}")

    def ours(dtype=np.float64, track_validation=False):
        return grid_search(
            X,
            split.y_train,
            split.X_val,
            split.y_val,
            learning_rates=rates,
            mini_batches=mini_batches,
            epochs=epochs,
            seed=seed,
            dtype=dtype,
            track_validation=track_validation,
        )

    # Warm-up: compiling (or loading) the kernels into the kernel cache that
    # the fresh processes below load from, page faults.
    ours()
    ours(np.float32)

    tracemalloc.start()
    ours()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # The streaming floor: every epoch must read the training matrix at least
    # twice (a forward and a backward matrix-vector product). Timed with one
    # and with every BLAS thread, and the faster taken, so the floor is as low
    # as this machine's BLAS can make it.
    v = np.ones(X.shape[1])
    r = np.ones(X.shape[0])
    reps = 20

    def floor_time() -> tuple[float, int]:
        best = (np.inf, 0)
        for threads in sorted({1, os.cpu_count() or 1}):
            with threadpool_limits(threads, user_api="blas"):
                t, _ = _time(lambda: [(X @ v, X.T @ r) for _ in range(reps)])
            best = min(best, (t / reps * max(epochs), threads))
        return best

    # Fresh processes: the command line (imports, the stand-in, the grid, the
    # closed form, the report) and first_call.py (the grid's first call), with
    # dlhw's disk cache of results off, so the run is computed, not read back.
    # The compiled kernel comes from a kernel cache of the benchmark's own
    # (NUMBA_CACHE_DIR), filled by the warm-up run, as a user's does after the
    # first run on a machine, or, for the cold figures, from an empty folder,
    # so that it is compiled.
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
        ),
        "DLHW_CACHE": "off",
        "NUMBA_CACHE_DIR": tempfile.mkdtemp(prefix="dlhw-kernels-"),
    }
    cli = [sys.executable, "-m", "dlhw", "problem2"]
    # dlhw's bytecode compiled first, as pip compiles an installed package's:
    # a checkout run with PYTHONDONTWRITEBYTECODE set would otherwise compile
    # every module of dlhw again in each fresh process (about 0.04 s).
    compileall.compile_dir(ROOT / "dlhw", quiet=1)

    def command_time() -> float:
        t, _ = _time(
            lambda: subprocess.run(
                cli, cwd=ROOT, env=env, check=True, capture_output=True
            )
        )
        return t

    command_time()  # warm-up: the OS file cache
    repeats = 1 if quick else 3
    rounds = []
    with tempfile.TemporaryDirectory() as empty:
        for k in range(repeats):
            cold_env = env | {"NUMBA_CACHE_DIR": str(Path(empty, str(k)))}
            t_floor, floor_threads = floor_time()
            t_ours, grid = _time(ours)
            t_ours32, grid32 = _time(lambda: ours(np.float32))
            t_as_cli, _ = _time(lambda: ours(track_validation=True))
            fresh = _fresh(env)
            cold = _fresh(cold_env)
            rounds.append(
                {
                    "floor": t_floor,
                    "warm": t_ours,
                    "warm32": t_ours32,
                    "warm_as_cli": t_as_cli,
                    "fresh": fresh["first"],
                    "fresh_second": fresh["second"],
                    "cold": cold["first"],
                }
            )
        # The command against the grid's first call as the command makes it:
        # the two are seconds long and swayed by whatever else the machine
        # does, so more pairs than rounds, their order alternating.
        commands = []
        for k in range(5 if quick else 9):
            if k % 2:
                t_grid = _fresh(env, "--track-validation")["first"]
                t_cli = command_time()
            else:
                t_cli = command_time()
                t_grid = _fresh(env, "--track-validation")["first"]
            commands.append((t_cli, t_grid))
        # Where the first call's extra time goes, each part timed apart.
        phases = _fresh(env, "--phases")
        cold_phases = _fresh(env | {"NUMBA_CACHE_DIR": empty}, "--phases")
    grid64 = grid

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    def paired(top: str, bottom: str) -> float:
        return _median_ratio([(r[top], r[bottom]) for r in rounds])

    cli_ratios = [c / g for c, g in commands]
    cli_ratio = statistics.median(cli_ratios)
    t_cli_median = statistics.median(c for c, _ in commands)

    sub_rates = rates if not quick else rates[:2]
    t_loop, loop = _time(
        lambda: _nested_loop(split, sub_rates, mini_batches, epochs, seed)
    )
    t_loop *= len(rates) / len(sub_rates)
    # SGDRegressor takes minutes through the whole grid: time every rate and
    # batch size at the shortest epoch count and scale by the epochs the grid
    # needs in all (each epoch costs the same).
    short = (min(epochs),)
    t_skl, _skl = _time(
        lambda: _sklearn_grid(split, sub_rates, mini_batches, short, seed)
    )
    t_skl *= len(rates) / len(sub_rates) * sum(epochs) / min(epochs)

    # The grid is only fast if it is also right: compare with the loop.
    by_cell = {(c.learning_rate, c.mini_batch, c.num_epochs): c for c in grid64.cells}
    worst = 0.0
    for key, score in loop.items():
        cell = by_cell[key]
        if np.isfinite(score):
            worst = max(worst, abs(cell.val_mse - score))
        elif not cell.diverged:
            raise AssertionError(f"cell {key} diverged in the loop only")
    worst32 = max(
        abs(a.val_mse - b.val_mse)
        for a, b in zip(grid64.cells, grid32.cells, strict=True)
        if not a.diverged
    )
    scale = "" if not quick else f" (loop timed on {len(sub_rates)} rates, scaled)"
    times = f"median of {repeats}" if repeats > 1 else "one run"
    matrix_bytes = X.nbytes
    t_floor = median("floor")
    floor_how = (
        f"floor {t_floor:.2f} s = {max(epochs)} epochs x two passes over X_train "
        f"(BLAS matrix-vector products, {floor_threads} thread(s), the faster of 1 "
        f"and {os.cpu_count()}); {times} of paired ratios"
    )
    overhead = (
        f"first call {median('fresh'):.2f} s against a second call "
        f"{median('fresh_second'):.2f} s in the same fresh process. Timed apart: "
        f"importing Numba {phases['numba']:.2f} s, loading the kernels from disk "
        f"{phases['kernels']:.2f} s ({cold_phases['kernels']:.1f} s, "
        f"{cold_phases['kernels_cpu']:.1f} CPU-s, to compile them on an empty "
        "cache); "
        f"the first call without these {phases['first']:.2f} s, the second "
        f"{phases['second']:.2f} s. Kernel cache: Numba's, in the folder "
        "kernels of dlhw's cache"
    )
    results = [
        Ratio(
            "grid",
            "nested per-cell loop / grid_search",
            t_loop / median("fresh"),
            ">= 15",
            t_loop / median("fresh") >= 15,
            f"loop {t_loop:.2f} s, grid_search {median('fresh'):.2f} s ({times})"
            f"{scale}; float64 grid against the loop: max |val MSE difference| "
            f"{worst:.1e}",
            CPU_AND_BLAS,
            when=FRESH,
        ),
        Ratio(
            "grid",
            "nested per-cell loop / grid_search",
            t_loop / median("warm"),
            ">= 15",
            t_loop / median("warm") >= 15,
            f"grid_search {median('warm'):.2f} s ({times})",
            CPU_AND_BLAS,
            when=WARM,
        ),
        Ratio(
            "grid",
            "nested per-cell loop / grid_search",
            t_loop / median("cold"),
            "info",
            True,
            f"grid_search {median('cold'):.2f} s ({times}), compiling included; "
            "later processes load the kernels from disk",
            CPU_AND_BLAS,
            when=COLD,
        ),
        Ratio(
            "grid",
            "SGDRegressor through the grid / grid_search",
            t_skl / median("warm"),
            ">= 20",
            t_skl / median("warm") >= 20,
            f"SGDRegressor {t_skl:.1f} s (timed at {min(epochs)} epochs per cell, "
            f"scaled to {'/'.join(map(str, epochs))}){scale}",
            CPU_ONLY,
            when=WARM,
        ),
        Ratio(
            "grid",
            "grid_search / streaming floor",
            paired("fresh", "floor"),
            "<= 3",
            paired("fresh", "floor") <= 3,
            floor_how,
            CPU_AND_BLAS,
            when=FRESH,
        ),
        Ratio(
            "grid",
            "grid_search / streaming floor",
            paired("warm", "floor"),
            "<= 3",
            paired("warm", "floor") <= 3,
            floor_how,
            CPU_AND_BLAS,
            when=WARM,
        ),
        Ratio(
            "grid",
            "grid_search / streaming floor",
            paired("cold", "floor"),
            "info",
            True,
            floor_how,
            CPU_AND_BLAS,
            when=COLD,
        ),
        Ratio(
            "grid",
            "grid_search first call / second call",
            paired("fresh", "fresh_second"),
            "info",
            True,
            overhead,
            CPU_ONLY,
            when=FRESH,
        ),
        Ratio(
            "grid",
            "grid_search float32 / float64 (default) time",
            paired("warm32", "warm"),
            "info",
            True,
            f"max |val MSE float32 - float64| {worst32:.1e} (float32 allowed if "
            "<= 1e-4)",
            CPU_ONLY,
            when=WARM,
        ),
        Ratio(
            "grid",
            "python -m dlhw problem2 / its grid_search alone",
            cli_ratio,
            "<= 1.5",
            cli_ratio <= 1.5,
            f"command {t_cli_median:.2f} s (imports, stand-in, grid, closed form), "
            "grid_search as the command calls it, first call in a fresh process "
            f"{statistics.median(g for _, g in commands):.2f} s; median of "
            f"{len(commands)} paired ratios, from {min(cli_ratios):.2f} to "
            f"{max(cli_ratios):.2f}; against that call when warm "
            f"({median('warm_as_cli'):.2f} s): "
            f"{t_cli_median / median('warm_as_cli'):.2f}. dlhw's disk cache of "
            "results off "
            "(DLHW_CACHE=off): with it on, a second run reads the results back",
            CPU_AND_BLAS,
            when=FRESH,
        ),
        Ratio(
            "grid",
            "peak memory / float64 X_train",
            peak / matrix_bytes,
            "<= 2",
            peak / matrix_bytes <= 2,
            f"peak {peak / 2**20:.0f} MiB traced during grid_search, X_train "
            f"{matrix_bytes / 2**20:.0f} MiB",
            NEITHER,
            when=WARM,
        ),
    ]
    for r in results:
        _print(r)
    return results


# -- 2. the descent engine ---------------------------------------------------------


def bench_descent(quick: bool) -> list[Ratio]:
    from dlhw.descent import gradient_descent
    from dlhw.objectives import plateau

    n_starts, steps = (10_000, 1_000) if not quick else (2_000, 200)
    rates = np.array([1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1])
    starts = np.random.default_rng(0).uniform(-3.0, 7.0, size=n_starts)
    print(
        f"Descent engine: {n_starts} starts x {rates.size} rates x {steps} steps "
        "on the plateau function"
    )

    def vectorized():
        return gradient_descent(
            plateau, starts[:, None], rates, steps, record_every=None
        )

    # The references: one configuration at a time, a Python loop over steps.
    # First with the objective's own NumPy gradient called on a float, then
    # with the strongest scalar form: the same SymPy derivative compiled for
    # Python's math module (no NumPy call per step).
    import sympy as sp

    scalar_grad = sp.lambdify(plateau.symbols, plateau.gradient_expr[0], modules="math")
    sample = 70
    picks = [(i % n_starts, i % rates.size) for i in range(0, sample * 997, 997)]

    def loop(grad):
        finals = []
        with np.errstate(all="ignore"):
            for i, j in picks:
                x, lr = float(starts[i]), float(rates[j])
                for _ in range(steps):
                    try:
                        x = x - lr * float(grad(x))
                    except OverflowError:
                        x = np.inf
                    if not np.isfinite(x) or abs(x) > 1e100:
                        x = np.nan
                        break
                finals.append(x)
        return finals

    # Each repetition times the engine, then each loop, back to back; the
    # ratios are medians over the repetitions (one loop takes a tenth of a
    # second: a single timing is at the mercy of the machine's other work).
    n_all = starts.size * rates.size
    grads = {"NumPy gradient": plateau.grad, "math gradient": scalar_grad}
    pairs: dict[str, list[tuple[float, float]]] = {label: [] for label in grads}
    engine_times = []
    for _ in range(3 if quick else 5):
        t_vec, run = _time(vectorized)
        engine_times.append(t_vec)
        for label, grad in grads.items():
            t_loop, _ = _time(lambda grad=grad: loop(grad))
            pairs[label].append((t_loop / sample * n_all, t_vec))
    t_vec = statistics.median(engine_times)
    results = []
    for label, grad in grads.items():
        finals = loop(grad)
        t_loop = statistics.median(t / n_all * sample for t, _ in pairs[label])
        mismatch = sum(
            not (
                (np.isnan(a) and np.isnan(run.final[i, j]))
                or abs(a - run.final[i, j]) <= 1e-12 * max(1.0, abs(a))
            )
            for a, (i, j) in zip(finals, picks, strict=True)
        )
        if mismatch:
            raise AssertionError(f"{mismatch} loop results disagree with the engine")
        ratio = _median_ratio(pairs[label])
        results.append(
            Ratio(
                "descent",
                f"per-point loop ({label}) / vectorized engine",
                ratio,
                ">= 50",
                ratio >= 50,
                f"vectorized {t_vec:.2f} s; loop {t_loop:.2f} s for {sample} "
                f"configurations, scaled to {n_all}; median of {len(engine_times)} "
                "paired ratios; final iterates agree",
                CPU_ONLY,
            )
        )
    for r in results:
        _print(r)
    return results


# -- 3. the docs build -------------------------------------------------------------


def _copy_tree(dst: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        src = ROOT / name
        if src.is_file():
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)


def _sphinx(tree: Path) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-b", "html"]
    cmd += ["docs", "docs/_build/html"]
    # dlhw's disk cache of results off: every build computes its runs.
    env = os.environ | {"PYTHONPATH": str(tree), "DLHW_CACHE": "off"}
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, check=False, cwd=tree, capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    if proc.returncode and "build finished with problems" not in log:
        raise RuntimeError(f"sphinx-build failed:\n{log}")
    # A build that only warned (-W) still ran every page: its time counts, and
    # the warnings are reported beside the ratios.
    return elapsed, log


def _plain_python(tree: Path) -> tuple[float, int]:
    """Run every gallery script and every page's code as plain Python."""
    from myst_nb.core.read import read_myst_markdown_notebook

    env = os.environ | {
        "PYTHONPATH": str(tree),
        "MPLBACKEND": "Agg",
        "DLHW_CACHE": "off",
    }
    scripts = sorted((tree / "gallery").rglob("plot_*.py"))
    for page in sorted((tree / "docs").rglob("*.md")):
        text = page.read_text()
        if "file_format: mystnb" not in text:
            continue
        nb = read_myst_markdown_notebook(text)
        code = "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")
        # Beside the page, so that relative paths resolve as in the build.
        out = page.with_name(f"_plain_{page.stem}.py")
        out.write_text(code)
        scripts.append(out)
    start = time.perf_counter()
    for script in scripts:
        subprocess.run(
            [sys.executable, str(script)],
            cwd=script.parent,
            env=env,
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start, len(scripts)


def bench_docs(quick: bool) -> list[Ratio]:
    print("Docs build: a copy of the tree in a temporary directory")
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)
        _copy_tree(tree)
        t_plain, n_scripts = _plain_python(tree)
        t_cold, cold_log = _sphinx(tree)
        t_warm, _ = _sphinx(tree)
        # Any edit to dlhw/ must re-run every page and every gallery script.
        init = tree / "dlhw" / "__init__.py"
        init.write_text(init.read_text() + "\n# benchmark edit\n")
        _, log = _sphinx(tree)
    n_pages = n_scripts - len(list((ROOT / "gallery").rglob("plot_*.py")))
    n_gallery = n_scripts - n_pages
    executed_pages = len(re.findall(r"Executing notebook using", log))
    m = re.search(r"successfully executed (\d+) out of (\d+)", log)
    executed_examples = int(m.group(1)) if m else 0
    fresh = executed_pages == n_pages and executed_examples == n_gallery
    warnings_seen = [
        line.strip() for line in cold_log.splitlines() if "WARNING:" in line
    ]
    results = [
        Ratio(
            "docs",
            "cold build / plain Python",
            t_cold / t_plain,
            "<= 1.5",
            t_cold / t_plain <= 1.5,
            f"cold sphinx-build {t_cold:.1f} s; {n_scripts} scripts and pages "
            f"as plain Python {t_plain:.1f} s",
        ),
        Ratio(
            "docs",
            "warm rebuild / cold build",
            t_warm / t_cold,
            "<= 0.15",
            t_warm / t_cold <= 0.15,
            f"warm rebuild, nothing changed: {t_warm:.1f} s",
        ),
        Ratio(
            "docs",
            "re-run after editing dlhw/ (pages, scripts)",
            float(fresh),
            "== 1",
            fresh,
            f"{executed_pages}/{n_pages} pages and {executed_examples}/{n_gallery} "
            "gallery scripts re-ran",
        ),
        Ratio(
            "docs",
            "warnings in the cold build (-n -W)",
            float(len(warnings_seen)),
            "== 0",
            not warnings_seen,
            "; ".join(warnings_seen[:3]).replace("|", "/") or "none",
        ),
    ]
    for r in results:
        _print(r)
    return results


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@functools.cache
def machine() -> dict[str, str]:
    """What the numbers were measured on.

    ``blas_kernel`` is what threadpoolctl reports of the BLAS NumPy loaded:
    the library, its version and the CPU kernels it chose at run time (OpenBLAS
    picks them per CPU, so the same wheel runs different code on different
    machines).
    """
    from threadpoolctl import threadpool_info

    info = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpus": str(os.cpu_count()),
        "cpu": _cpu_model(),
    }
    try:
        config = np.show_config(mode="dicts")
        info["blas"] = config["Build Dependencies"]["blas"]["name"]
    except (TypeError, KeyError):
        pass
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    info["blas_kernel"] = (
        "; ".join(
            f"{i.get('internal_api')} {i.get('version')} "
            f"({i.get('architecture') or 'unknown'} kernels, "
            f"{i.get('num_threads')} threads)"
            for i in blas
        )
        or "unknown"
    )
    try:
        import numba

        info["numba"] = numba.__version__
    except ImportError:
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", choices=["grid", "descent", "docs"], action="append", default=[]
    )
    parser.add_argument("--quick", action="store_true", help="smaller problems")
    parser.add_argument(
        "--json",
        type=Path,
        help="write the results here; with --only, into the file's earlier "
        "record, whose other groups are kept if it came from this machine",
    )
    args = parser.parse_args(argv)
    groups = args.only or ["grid", "descent", "docs"]
    benches = {"grid": bench_grid, "descent": bench_descent, "docs": bench_docs}
    print(f"Machine: {machine()}")
    results: list[Ratio] = []
    for group in groups:
        results += benches[group](args.quick)
    missed = [r.name for r in results if not r.met]
    print("All targets met." if not missed else f"Targets not met: {missed}")
    if args.json:
        command = " ".join(["python tests/benchmarks/run.py", *(argv or sys.argv[1:])])
        rows = [asdict(r) for r in results]
        if args.only and args.json.exists():
            # A part run again (after a fix, say) replaces its groups' rows in
            # a recording from the same machine; the command says both runs.
            earlier = json.loads(args.json.read_text())
            if earlier["machine"] != machine():
                raise SystemExit(
                    f"{args.json} was recorded on another machine; run every "
                    "group (no --only) to replace it"
                )
            rows = [r for r in earlier["results"] if r["group"] not in groups] + rows
            rows.sort(key=lambda r: list(benches).index(r["group"]))
            command = f"{earlier['command']}, then {command}"
        args.json.write_text(
            json.dumps(
                {"command": command, "machine": machine(), "results": rows},
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
