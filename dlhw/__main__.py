"""Command line: ``python -m dlhw problem2 [--data DIR] [--seed N] [--json PATH]``
and ``python -m dlhw audit [--data DIR] [--trajectory FILE] [--json PATH]``.

``problem2`` runs Problem 2 (see :mod:`dlhw.problem2`) and prints the grid
table, the best cell, its training, validation and test MSE, the closed-form
reference and the best run's last batch costs in the report's log form.
Without ``--data`` it uses the synthetic stand-in data and says so.

``audit`` judges every claim of the report (:mod:`dlhw.report.audit`) and
prints each with its verdict, then the counts per problem; ``--data`` decides
Problem 2 on the course files and ``--trajectory`` Problem 3b on the course's
trajectory file.

Bad input gives one line on stderr and exit code 2.

Examples
--------
>>> main(["problem2", "--data", "/nonexistent"])
2
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from dlhw.data import DataError
from dlhw.problem2 import Problem2Results, problem2_results

__all__ = ["format_report", "main"]

PROG = "dlhw"


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer: {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Re-run the homework report's experiments.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p2 = commands.add_parser(
        "problem2",
        help="SGD age regressor: grid search, best model, closed-form reference",
        description=(
            "Grid-search mini-batch SGD for the linear age regressor. Without "
            "--data it uses dlhw's synthetic stand-in data, not the course's faces."
        ),
    )
    p2.add_argument(
        "--data",
        metavar="DIR",
        help="directory holding the four age_regression_*.npy course files",
    )
    p2.add_argument(
        "--seed",
        type=_seed,
        default=0,
        metavar="N",
        help="seed of the train/validation split and the SGD shuffles (default 0)",
    )
    p2.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    audit = commands.add_parser(
        "audit",
        help="judge every claim of the report; print verdicts and counts",
        description=(
            "Judge every claim of the published report by its rule. Without "
            "--data and --trajectory, claims about the course's files are "
            "unverifiable (dlhw's stand-ins are used for the rest)."
        ),
    )
    audit.add_argument(
        "--data",
        metavar="DIR",
        help="directory holding the four age_regression_*.npy course files",
    )
    audit.add_argument(
        "--trajectory",
        metavar="FILE",
        help="the course's trajectory file (two columns x1 x2, one iterate a line)",
    )
    audit.add_argument("--json", metavar="PATH", help="also write the audit as JSON")
    return parser


def _number(value: float) -> str:
    return "diverged" if not math.isfinite(value) else f"{value:.6f}"


def format_report(results: Problem2Results) -> str:
    """The text the command line prints for ``results``.

    Examples
    --------
    >>> from dlhw.problem2 import problem2_results
    >>> text = format_report(problem2_results())
    >>> print(text.splitlines()[0])
    Problem 2 on the STAND-IN data (synthetic faces; --data DIR for the course files)
    >>> print(text.splitlines()[-1])
    Epoch 150, Batch 63, MSE: 0.5816429576860467
    """
    r = results
    if r.is_standin:
        head = (
            "Problem 2 on the STAND-IN data "
            "(synthetic faces; --data DIR for the course files)"
        )
    else:
        head = f"Problem 2 on the course files in {r.source}"
    n_train, n_val = r.split.X_train.shape[0], r.split.X_val.shape[0]
    lines = [
        head,
        (
            f"{n_train} training, {n_val} validation, {r.data.X_test.shape[0]} test "
            f"images; seed {r.seed}; MSEs of standardized ages (one unit of age "
            f"= {r.scaler.std:.2f} years)"
        ),
    ]
    if any(r.data.dropped):
        lines.append(
            f"dropped images with NaN ages: {r.data.dropped[0]} training, "
            f"{r.data.dropped[1]} test"
        )
    lines += [
        "",
        f"{'learning_rate':>13}  {'mini_batch':>10}  {'num_epochs':>10}  val_mse",
    ]
    for c in r.grid.cells:
        lines.append(
            f"{c.learning_rate:>13g}  {c.mini_batch:>10d}  {c.num_epochs:>10d}  "
            f"{_number(c.val_mse)}"
        )
    best = r.best
    lines += [
        "",
        (
            f"best cell: learning_rate {best.learning_rate:g}, mini_batch "
            f"{best.mini_batch}, num_epochs {best.num_epochs}"
        ),
        (
            f"train MSE {r.train_mse:.6f}  val MSE {r.val_mse:.6f}  "
            f"test MSE {r.test_mse:.6f}  (test RMSE "
            f"{r.scaler.rmse_years(r.test_mse):.2f} years)"
        ),
        (
            f"closed form (ridge, lambda {r.closed_form.ridge_lambda:.3g}, chosen on "
            f"validation): val MSE {r.closed_val_mse:.6f}  test MSE "
            f"{r.closed_test_mse:.6f}"
        ),
        (
            f"plain least squares: val MSE {r.least_squares_val_mse:.6f}  test MSE "
            f"{r.least_squares_test_mse:.6f}"
        ),
        "",
        f"last {len(r.last_costs.cost)} batch costs of the best run:",
        *r.last_costs.lines(),
    ]
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def _audit(args: argparse.Namespace) -> int:
    """``dlhw audit``: judge every claim, print them, optionally write JSON."""
    from dlhw.report.audit import run_audit

    if args.data is not None and not Path(args.data).is_dir():
        return _fail(f"--data {args.data}: not a directory")
    if args.trajectory is not None and not Path(args.trajectory).is_file():
        return _fail(f"--trajectory {args.trajectory}: not a file")
    if args.json is not None and not Path(args.json).parent.is_dir():
        return _fail(f"--json {args.json}: the folder does not exist")
    try:
        result = run_audit(args.data, args.trajectory)
    except ValueError as exc:
        # DataError and TrajectoryError: a file that cannot be read.
        return _fail(str(exc))
    print(result.text())
    if args.json is not None:
        try:
            Path(args.json).write_text(
                json.dumps(result.to_json(), indent=2, allow_nan=False) + "\n"
            )
        except OSError as exc:
            return _fail(f"--json {args.json}: {exc.strerror or exc}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``).

    Returns the exit code: 0 on success, 2 for bad input (one line on stderr).
    """
    args = _parser().parse_args(argv)
    if args.command == "audit":
        return _audit(args)
    data = None
    if args.data is not None:
        data = str(Path(args.data))
        if not Path(data).is_dir():
            return _fail(f"--data {args.data}: not a directory")
    if args.json is not None and not Path(args.json).parent.is_dir():
        return _fail(f"--json {args.json}: the folder does not exist")
    try:
        results = problem2_results(data, args.seed, progress=True)
    except DataError as exc:
        return _fail(f"--data {args.data}: {exc}")
    print(format_report(results))
    if args.json is not None:
        try:
            Path(args.json).write_text(
                json.dumps(results.to_json(), indent=2, allow_nan=False) + "\n"
            )
        except OSError as exc:
            return _fail(f"--json {args.json}: {exc.strerror or exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
