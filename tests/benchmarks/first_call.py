"""The grid search as a user meets it: its first call in a fresh process.

Run by ``run.py`` in a process of its own. It makes the stand-in split (not
timed), then times the first call of ``grid_search`` on the report's grid,
which imports Numba and loads the compiled kernels from disk (or compiles
them, when the kernel cache is empty), and a second call in the same process,
which does neither. It prints one line of JSON: wall seconds of each call
(``first``, ``second``) and the CPU seconds of the process during each
(``first_cpu``, ``second_cpu``).

``--phases`` first times the parts of the first call apart, each on its own:
importing Numba with :mod:`dlhw.linreg` (``numba``) and loading or compiling
the kernel (``kernels``); ``first`` is then what remains.
``--track-validation`` calls the grid as ``python -m dlhw problem2`` does.
"""

from __future__ import annotations

import argparse
import json
import resource
import time


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(fn, times: dict[str, float], name: str):
    cpu, start = _cpu(), time.perf_counter()
    out = fn()
    times[name] = time.perf_counter() - start
    times[f"{name}_cpu"] = _cpu() - cpu
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phases", action="store_true")
    parser.add_argument("--track-validation", action="store_true")
    args = parser.parse_args()

    import importlib

    import numpy as np

    times: dict[str, float] = {}
    if args.phases:  # dlhw.linreg imports Numba
        _timed(lambda: importlib.import_module("dlhw.linreg"), times, "numba")
    from dlhw import linreg, problem2

    grid_learning_rates, published = problem2.grid_learning_rates, problem2.published

    # Run as a script, this folder is first on the path and run.py is found
    # there; imported at call time so that collecting the doctests of this
    # file (pytest --doctest-modules) does not need it.
    from run import _standin_split

    split = _standin_split()

    def grid():
        return linreg.grid_search(
            split.X_train,
            split.y_train,
            split.X_val,
            split.y_val,
            learning_rates=grid_learning_rates(),
            mini_batches=published.MINI_BATCHES,
            epochs=published.EPOCHS,
            seed=0,
            track_validation=args.track_validation,
        )

    if args.phases:
        _timed(lambda: linreg._kernel(np.float64), times, "kernels")

    first = _timed(grid, times, "first")
    second = _timed(grid, times, "second")
    if not all(
        a.val_mse == b.val_mse or (a.diverged and b.diverged)
        for a, b in zip(first.cells, second.cells, strict=True)
    ):
        raise AssertionError("the first and second calls disagree")
    print(json.dumps(times))


if __name__ == "__main__":
    main()
