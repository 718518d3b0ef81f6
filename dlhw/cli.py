"""Command line: ``python -m dlhw problem2 [--data DIR] [--seed N] [--json PATH]``
and ``python -m dlhw audit [--data DIR] [--trajectory FILE] [--json PATH]``.

``problem2`` runs Problem 2 (see :mod:`dlhw.problem2`) and prints the grid
table, the best cell, its training, validation and test MSE, the closed-form
reference and the best run's last batch costs in the report's log form.
Without ``--data`` it uses the synthetic stand-in data and says so.

``audit`` judges every claim of the report (:mod:`dlhw.report.audit`) and
prints each with its verdict, then the counts per problem; ``--data`` decides
Problem 2 on the course files and ``--trajectory`` Problem 3b on the course's
trajectory file. Both are read and checked in full before any claim is
judged: the four ``.npy`` files (:func:`dlhw.data.load_age_regression`) and
the trajectory, which must be gradient descent on an axis-aligned bowl
(:func:`dlhw.problem3b.load_descent`).

Every subcommand is a function of the parsed arguments, set as the
subparser's ``run`` default; :func:`main` calls it through
:func:`run_command`, which holds the error contract for all of them: bad
input (an argument, a :class:`~dlhw.data.DataError`, a
:class:`~dlhw.problem3b.TrajectoryError`, an :class:`~dlhw.files.OutputError`, an
``OSError``, or a numerical warning) ends with exactly one line on stderr,
``dlhw: error: ...``, and exit code 2, never a traceback; an interrupt
(Ctrl-C) ends with the one line ``dlhw: interrupted`` and exit code 130. An
output path is checked before any work with :func:`dlhw.files.check_output`
and written with :func:`dlhw.files.write_atomic`, before anything is printed
on stdout; a failure to write it names the option and the path. Whatever is
printed, on stdout or stderr, passes through :func:`dlhw.files.printable`: a
path holding escape sequences is shown escaped, never obeyed by the terminal.

``python -m dlhw`` and the ``dlhw`` script both call :func:`main`.

Examples
--------
The arguments as a subcommand receives them:

>>> args = _parser().parse_args(["audit", "--trajectory", "seq.txt"])
>>> args.command, args.data, args.trajectory, args.json
('audit', None, 'seq.txt', None)
>>> args.run is _audit
True
>>> _parser().parse_args(["problem2", "--seed", "7"]).seed
7
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from dlhw.data import FILES, load_age_regression
from dlhw.files import (
    InputError,
    OutputError,
    check_output,
    describe,
    printable,
    shorten,
    write_atomic,
)
from dlhw.problem2 import Problem2Results, problem2_results
from dlhw.report.rules import Likely

__all__ = [
    "INPUT_ERRORS",
    "INTERRUPTED",
    "STDOUT_CLOSED",
    "error_line",
    "format_report",
    "main",
    "run_command",
]

PROG = "dlhw"

#: The errors that mean bad input: one line on stderr, exit code 2. Every
#: such error (:class:`~dlhw.data.DataError`,
#: :class:`~dlhw.problem3b.TrajectoryError`, :class:`~dlhw.files.OutputError`)
#: is an :class:`~dlhw.files.InputError`.
INPUT_ERRORS = (InputError,)

#: Exit code after an interrupt (Ctrl-C): 128 + SIGINT, as a shell reports it.
INTERRUPTED = 130

#: Exit code when stdout is a pipe closed by its reader (``| head``), with no
#: message: 128 + SIGPIPE, as a shell reports a program that pipe ended.
STDOUT_CLOSED = 141


class UsageError(Exception):
    """An argument the parser refused."""


class _Parser(argparse.ArgumentParser):
    # argparse prints the usage and a line, then exits; the contract is one
    # line, of a bounded length (argparse quotes the arguments it refuses).
    def error(self, message: str) -> NoReturn:
        raise UsageError(shorten(message, 300, quote=False))


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a non-negative integer, got {shorten(text)}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"must be a non-negative integer: {shorten(text)}"
        )
    return value


def _path(text: str) -> str:
    # Path("") is the current folder: an empty argument (an unset shell
    # variable, say) must not quietly mean it.
    if not text:
        raise argparse.ArgumentTypeError(
            "an empty path; name the folder or file (the current folder is '.')"
        )
    return text


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Re-run the homework report's experiments.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def no_command(args: argparse.Namespace) -> int:
        # argparse would say "the following arguments are required: COMMAND"
        return _fail(
            f"choose a command: {', '.join(commands.choices)} "
            f"({PROG} COMMAND --help for its options)"
        )

    parser.set_defaults(run=no_command)
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
        type=_path,
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
    p2.set_defaults(run=_problem2)
    audit = commands.add_parser(
        "audit",
        help="judge every claim of the report; print verdicts and counts",
        description=(
            "Judge every claim of the published report by its rule. Without "
            "--data and --trajectory, claims about the course's files are "
            "unverifiable: dlhw's stand-ins are no evidence either way, and their "
            "numbers are shown for orientation only. DEPENDS marks a verdict "
            "that changes over the plausible values of a choice the report "
            "leaves open (its rule line says which); rows marked DERIVATION are "
            "no verdicts and are not counted; 'likely in one run' confirms what "
            "one run shows with a probability of at least "
            f"{100 * Likely(None).threshold:g}%."
        ),
    )
    audit.add_argument(
        "--data",
        type=_path,
        metavar="DIR",
        help="directory holding the four age_regression_*.npy course files",
    )
    audit.add_argument(
        "--trajectory",
        type=_path,
        metavar="FILE",
        help="the course's trajectory file (two columns x1 x2, one iterate a line)",
    )
    audit.add_argument("--json", metavar="PATH", help="also write the audit as JSON")
    audit.set_defaults(run=_audit)
    return parser


def _number(value: float) -> str:
    return "diverged" if not math.isfinite(value) else f"{value:.6f}"


def format_report(results: Problem2Results) -> str:
    """The text the command line prints for ``results``.

    Parameters
    ----------
    results : dlhw.problem2.Problem2Results
        A run of Problem 2 (:func:`dlhw.problem2.problem2_results`).

    Returns
    -------
    str
        The report's lines, joined by newlines, without a final one.

    Examples
    --------
    >>> from dlhw.problem2 import problem2_results
    >>> text = format_report(problem2_results())
    >>> print(text.splitlines()[0])
    Problem 2 on the STAND-IN data (synthetic faces; --data DIR for the course files)
    >>> print(text.splitlines()[-1])
    Epoch 150, Batch 63, MSE: 0.58164295768604...
    """
    r = results
    if r.is_standin:
        head = (
            "Problem 2 on the STAND-IN data "
            "(synthetic faces; --data DIR for the course files)"
        )
    else:
        # One line, whatever the folder's name holds.
        head = f"Problem 2 on the course files in {printable(r.source)}"
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


def error_line(message: object) -> str:
    """The one line that reports bad input: ``dlhw: error: ...``.

    The message is escaped first (:func:`dlhw.files.printable`), so that a
    line break or an escape sequence in a path is shown, then joined into
    one line. The site's build reports a bad input with it too.

    Parameters
    ----------
    message : object
        The error, or its message.

    Returns
    -------
    str

    Examples
    --------
    >>> print(error_line("DIR/age_regression_Xtr.npy: file not found"))
    dlhw: error: DIR/age_regression_Xtr.npy: file not found
    >>> print(error_line(ValueError("a\\nb:  not a file\\x1b")))
    dlhw: error: a\\nb: not a file\\x1b
    """
    return f"{PROG}: error: {' '.join(printable(str(message)).split())}"


def _fail(message: str) -> int:
    print(error_line(message), file=sys.stderr)
    return 2


def _interrupted() -> int:
    print(f"{PROG}: interrupted", file=sys.stderr)
    return INTERRUPTED


def _show(text: str) -> None:
    print(printable(text, newlines=True))
    sys.stdout.flush()  # a closed pipe is met here, under the error contract


def _write(path: Path, doc: object, *, option: str, given: str) -> None:
    """Write ``doc`` as JSON to ``path``, a failure naming the option and path."""
    text = json.dumps(doc, indent=2, allow_nan=False) + "\n"
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise OutputError(f"{option} {given}: {describe(exc)}") from None


def _stdout_closed() -> int:
    # Whoever read stdout has gone (`dlhw ... | head -1`): the results are
    # written already; stop quietly, and send what Python still holds for
    # stdout nowhere, so that its flush at exit fails no more.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return STDOUT_CLOSED


def _problem2(args: argparse.Namespace) -> int:
    data = None if args.data is None else Path(args.data)
    inputs = [] if data is None else [data / name for name in FILES.values()]
    out = (
        None
        if args.json is None
        else check_output(args.json, option="--json", inputs=inputs)
    )
    results = problem2_results(data, args.seed, progress=sys.stderr.isatty())
    if out is not None:  # before stdout, which may be a pipe closed early
        _write(out, results.to_json(), option="--json", given=args.json)
    _show(format_report(results))
    return 0


def _audit(args: argparse.Namespace) -> int:
    """``dlhw audit``: judge every claim, print them, optionally write JSON."""
    from dlhw.problem3b import load_descent
    from dlhw.report.audit import run_audit

    data = None if args.data is None else Path(args.data)
    trajectory = None if args.trajectory is None else Path(args.trajectory)
    inputs = [] if data is None else [data / name for name in FILES.values()]
    # Every input is read and checked before the long runs, so that a bad
    # file is reported at once, by name.
    if trajectory is not None:
        load_descent(trajectory)
        inputs.append(trajectory)
    if data is not None:
        load_age_regression(data)
    out = (
        None
        if args.json is None
        else check_output(args.json, option="--json", inputs=inputs)
    )
    result = run_audit(data, trajectory, progress=sys.stderr.isatty())
    if out is not None:  # before stdout, which may be a pipe closed early
        _write(out, result.to_json(), option="--json", given=args.json)
    _show(result.text())
    return 0


def run_command(
    command: Callable[[argparse.Namespace], int], args: argparse.Namespace
) -> int:
    """Run a subcommand under the command line's error contract.

    Returns the command's exit code, or 2 after one line on stderr for
    :data:`INPUT_ERRORS`, an ``OSError``, or a warning (every warning but a
    deprecation notice is raised as an error: a numerical warning means the
    input took the computation out of its range), or 130 after the line
    ``dlhw: interrupted`` for a ``KeyboardInterrupt`` (Ctrl-C), or 141 with
    no message when stdout is a pipe its reader closed (any ``--json``
    output is written before stdout).

    Parameters
    ----------
    command : callable
        The subcommand: takes the parsed arguments, returns an exit code.
    args : argparse.Namespace
        The parsed arguments, passed to ``command``.

    Returns
    -------
    int
        The exit code.

    Examples
    --------
    >>> import argparse, contextlib, io
    >>> import numpy as np
    >>> def full_disk(args):
    ...     raise OSError(28, "No space left on device", "out.json")
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     run_command(full_disk, argparse.Namespace())
    2
    >>> print(err.getvalue(), end="")
    dlhw: error: out.json: No space left on device
    >>> def overflow(args):
    ...     return int(np.float64(1e308) * 10)
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     run_command(overflow, argparse.Namespace())
    2
    >>> print(err.getvalue(), end="")
    dlhw: error: the input took the computation out of range (RuntimeWarning: ...)
    >>> def interrupted(args):
    ...     raise KeyboardInterrupt
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     run_command(interrupted, argparse.Namespace())
    130
    >>> print(err.getvalue(), end="")
    dlhw: interrupted
    >>> run_command(lambda args: 0, argparse.Namespace())
    0
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            return command(args)
    except INPUT_ERRORS as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        return _stdout_closed()
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{describe(exc)}")
    except Warning as exc:
        return _fail(
            f"the input took the computation out of range ({type(exc).__name__}: {exc})"
        )
    except KeyboardInterrupt:
        return _interrupted()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``).

    Returns the exit code: 0 on success, 2 for bad input (one line on stderr),
    130 when interrupted (Ctrl-C: the line ``dlhw: interrupted``).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program's name; ``sys.argv[1:]`` if None.

    Returns
    -------
    int
        The exit code.

    Examples
    --------
    Bad input ends with one line on stderr and exit code 2, before any work:

    >>> import contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     main(["problem2", "--data", "/nonexistent"])
    2
    >>> print(err.getvalue(), end="")
    dlhw: error: /nonexistent: not a directory
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     main(["problem2", "--seed", "-1"])
    2
    >>> print(err.getvalue(), end="")
    dlhw: error: argument --seed: must be a non-negative integer: '-1'
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     main([])
    2
    >>> print(err.getvalue(), end="")
    dlhw: error: choose a command: problem2, audit (dlhw COMMAND --help for its options)
    """
    for stream in (sys.stdout, sys.stderr):
        # A path that is not valid UTF-8 is printed escaped, not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = _parser().parse_args(argv)
    except UsageError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _interrupted()
    return run_command(args.run, args)


if __name__ == "__main__":
    sys.exit(main())
