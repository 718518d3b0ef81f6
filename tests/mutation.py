"""Mutation testing of what decides a verdict: does a changed rule change a test?

An AST mutator over the claims builders and the rules of :mod:`dlhw.report`,
the code that measures for them (:mod:`dlhw.report.grid`, the facts records'
builders) and the problems' constants that decide a verdict (:data:`TARGETS`).
One mutation at a time, it

- replaces a numeric constant (an integer ``n`` by ``n + 1``, a float ``x``
  by ``2x``, or by ``1.0`` when it is zero) or flips a bool constant;
- swaps a comparison operator (``<`` and ``>=``, ``>`` and ``<=``, ``==``
  and ``!=``);
- replaces a rule's measured argument (the first argument of ``Close``,
  ``Equal``, ``AtMost``, ``AtLeast`` or ``Likely``) by the constant ``0``,
  and, where the rule has a second argument (the report's value or the
  bound), by that: a value compared with itself.

Numbers inside f-strings only change words, and decorators
(``frozen=True``) only forbid assignment: both are left alone.

Every mutant runs the tests that cover its module in a subprocess, on a copy
of the package holding the mutant, with a timeout: it is *killed* when they
fail and *survives* when they pass. A survivor is then judged, on the same
copy, on the inputs (:func:`verdicts`: every verdict of the audit on the
stand-ins, and on one set of course-format files with one trajectory file):
a survivor that changes one of them (or stops the audit) is a verdict the
tests do not guard (*unguarded*), and fails the run; one that changes none
is listed as *no verdict changed*. The runs share one disk cache of the
engine's runs (:mod:`dlhw.cache`; a fresh one, or the folder ``DLHW_CACHE``
names, kept for the next invocation): a mutant of the report layer leaves
its key unchanged, a mutant of a problem's constant runs afresh.
``nox -s mutation`` runs it:

    python tests/mutation.py [--limit N] [--module NAME] [--jobs N] [--json PATH]
                             [--record PATH]

``--record PATH`` merges the modules run into a record: per module, the
commit its run began at, the hash of its source and tests, the mutants, the
killed, the seconds taken and each survivor with the reason (``why``,
written by hand and kept across runs) that it moves no verdict.

Examples
--------
>>> source = "def f(m):\\n    return AtMost(m, 0.5, strict=True) if m < 1 else Likely(m)\\n"
>>> [m.what for m in mutations(source)]  # doctest: +NORMALIZE_WHITESPACE
['compare Lt -> GtE', 'AtMost: measured -> reported', 'AtMost: measured -> 0',
 'Likely: measured -> 0', 'constant 1 -> 2', 'constant 0.5 -> 1.0',
 'constant True -> False']
>>> print(mutate(source, mutations(source)[1]).splitlines()[1])
    return AtMost(0.5, 0.5, strict=True) if m < 1 else Likely(m)

Only the definitions of ``names`` are mutated when they are given:

>>> [m.what for m in mutations("A = 1\\nB = A + 2\\n", names=("B",))]
['constant 2 -> 3']
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dlhw"

_CLAIM_TESTS = {
    "2": "tests/test_claims.py",
    "3a": "tests/test_claims3a.py",
    "3b": "tests/test_claims3b.py",
    "3c": "tests/test_claims3c.py",
    "3d": "tests/test_claims3d.py",
}
_BOUNDARIES = "tests/test_mutation_boundaries.py"


@dataclass(frozen=True)
class Target:
    """A mutated module of :mod:`dlhw` and the tests that cover it.

    Attributes
    ----------
    path : str
        The module's file, relative to ``dlhw/``.
    tests : tuple of str
        The test files run on each mutant, relative to the repository.
    names : tuple of str or None
        Only the top-level statements that define these names are mutated
        (a problem's constants, a facts record's builder); None: the whole
        module.
    """

    path: str
    tests: tuple[str, ...]
    names: tuple[str, ...] | None = None

    @property
    def file(self) -> Path:
        """The module's source file."""
        return PACKAGE / self.path


def _claims(problem: str) -> tuple[str, ...]:
    return (_CLAIM_TESTS[problem], _BOUNDARIES)


#: The modules mutated: the claims builders and the rules, the code that
#: measures for them (Problem 2's printout and chosen cell, the facts records'
#: builders, which the audit reads) and the problems' constants that decide a
#: verdict. A change to a problem's module changes the key of its cached runs
#: (:func:`dlhw.cache.engine_hash`), so each of those mutants runs them afresh.
TARGETS: dict[str, Target] = {
    **{f"claims{p}": Target(f"report/claims{p}.py", _claims(p)) for p in _CLAIM_TESTS},
    "rules": Target(
        "report/rules.py",
        ("tests/test_verdict_flips.py", *_CLAIM_TESTS.values(), _BOUNDARIES),
    ),
    "grid": Target("report/grid.py", _claims("2")),
    **{
        f"facts{p}": Target(f"report/facts{p}.py", _claims(p), (f"facts_{p}",))
        for p in _CLAIM_TESTS
    },
    "problem2": Target("problem2.py", _claims("2"), ("VAL_FRACTION",)),
    "problem3a": Target(
        "problem3a.py",
        _claims("3a"),
        ("LONG_STEPS", "SCAN_RATES", "CONVERGED_ATOL", "CLOCK_PERIODS"),
    ),
    "problem3b": Target(
        "problem3b.py", _claims("3b"), ("MIN_POINTS", "MISFIT_TOLERANCE")
    ),
    "problem3c": Target(
        "problem3c.py",
        _claims("3c"),
        ("EXACT_MEMBERS", "CYCLE_TOLERANCE", "SPREAD"),
    ),
    "problem3d": Target(
        "problem3d.py",
        _claims("3d"),
        ("FLOAT_LANDING_TOL", "ESCAPE_RADIUS", "FLOAT_STEPS"),
    ),
}
#: The rules whose first argument is the measurement.
RULES = ("Close", "Equal", "AtMost", "AtLeast", "Likely")
#: Seconds before a mutant's verdicts, or its tests, count as hanging (killed).
VERDICT_TIMEOUT = 900
TEST_TIMEOUT = 1800

_SWAP = {
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
}


@dataclass(frozen=True)
class Mutation:
    """One change to a module's source: at the ``index``-th site of ``kind``."""

    kind: str
    index: int
    line: int
    what: str


def _scope(tree: ast.Module, names: tuple[str, ...] | None) -> list[ast.AST]:
    """The top-level statements that define ``names`` (all of them if None)."""
    if names is None:
        return [tree]

    def defines(node: ast.stmt) -> set[str]:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            return {node.name}
        targets = getattr(node, "targets", [getattr(node, "target", None)])
        return {getattr(t, "id", "") for t in targets}

    return [node for node in tree.body if defines(node) & set(names)]


def _sites(
    tree: ast.Module, names: tuple[str, ...] | None = None
) -> list[tuple[str, ast.AST]]:
    """Every mutable node, in a fixed order, with its kind.

    Not inside f-strings (words) nor decorators (``frozen=True`` forbids
    assignment only).
    """
    nodes = [n for top in _scope(tree, names) for n in ast.walk(top)]
    left_alone: set[int] = set()
    for node in nodes:
        if isinstance(node, ast.JoinedStr):
            left_alone |= {id(n) for n in ast.walk(node)}
        for decorator in getattr(node, "decorator_list", []):
            left_alone |= {id(n) for n in ast.walk(decorator)}
    out: list[tuple[str, ast.AST]] = []
    for node in nodes:
        if id(node) in left_alone:
            continue
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RULES:
            if len(node.args) >= 2:
                out.append(("to_reported", node))
            if node.args:
                out.append(("to_zero", node))
        elif isinstance(node, ast.Constant) and type(node.value) in (bool, int, float):
            out.append(("constant", node))
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in _SWAP:
            out.append(("compare", node))
    return out


def _describe(kind: str, node: ast.AST) -> str:
    if kind in ("to_reported", "to_zero"):
        assert isinstance(node, ast.Call)
        name = getattr(node.func, "id", "?")
        return f"{name}: measured -> {'reported' if kind == 'to_reported' else '0'}"
    if kind == "constant":
        assert isinstance(node, ast.Constant)
        return f"constant {node.value!r} -> {_new_constant(node.value)!r}"
    assert isinstance(node, ast.Compare)
    op = type(node.ops[0])
    return f"compare {op.__name__} -> {_SWAP[op].__name__}"


def _new_constant(value: float) -> bool | int | float:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return 2 * value if value else 1.0


def mutations(source: str, names: tuple[str, ...] | None = None) -> list[Mutation]:
    """Every mutation of ``source`` (of its definitions of ``names``), in order."""
    counts: dict[str, int] = {}
    out = []
    for kind, node in _sites(ast.parse(source), names):
        index = counts.get(kind, 0)
        counts[kind] = index + 1
        out.append(
            Mutation(kind, index, getattr(node, "lineno", 0), _describe(kind, node))
        )
    return out


def mutate(
    source: str, mutation: Mutation, names: tuple[str, ...] | None = None
) -> str:
    """``source`` with ``mutation`` (one of ``mutations(source, names)``) applied."""
    tree = ast.parse(source)
    nodes = [n for k, n in _sites(tree, names) if k == mutation.kind]
    node = nodes[mutation.index]
    if isinstance(node, ast.Call):
        node.args[0] = (
            node.args[1] if mutation.kind == "to_reported" else ast.Constant(0)
        )
    elif isinstance(node, ast.Constant):
        node.value = _new_constant(node.value)
    elif isinstance(node, ast.Compare):
        node.ops[0] = _SWAP[type(node.ops[0])]()
    return ast.unparse(ast.fix_missing_locations(tree))


# -- judging a mutant on the inputs ------------------------------------------------


def _course_inputs(folder: Path) -> tuple[Path, Path]:
    """One set of course-format files and one trajectory file, written once."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import write_course_files
    from dlhw.descent import gradient_descent
    from dlhw.objectives import bowl
    from dlhw.published import REPORTED_3B

    data = write_course_files(folder / "course")
    run = gradient_descent(
        bowl(REPORTED_3B.a1, REPORTED_3B.a2, 0.5, 3.5), (2.0, 0.0), 0.4, steps=60
    )
    trajectory = folder / "gradient_descent_sequence.txt"
    trajectory.write_text("".join(f"{a!r} {b!r}\n" for a, b in run.iterates.tolist()))
    return data, trajectory


def verdicts(data: str, trajectory: str) -> list[str | None]:
    """Every claim's verdict in the audit, on the stand-ins, then on the files."""
    from dlhw.report.audit import all_claims

    return [
        c.verdict
        for inputs in ((None, None), (data, trajectory))
        for c in all_claims(*inputs)
    ]


def _run(command: list[str], package: Path, cache: Path, timeout: float) -> str | None:
    """``command``'s output with ``package``'s dlhw imported; None if it fails."""
    env = {**os.environ, "PYTHONPATH": str(package), "DLHW_CACHE": str(cache)}
    # -P: the copy, not the working tree, is the dlhw the command imports
    try:
        run = subprocess.run(
            [sys.executable, "-P", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    return run.stdout if run.returncode == 0 else None


def _verdicts_of(package: Path, cache: Path, inputs: tuple[Path, Path]) -> object:
    """The verdicts of the dlhw in ``package`` (None if they cannot be had)."""
    command = [__file__, "--verdicts", *map(str, inputs)]
    out = _run(command, package, cache, VERDICT_TIMEOUT)
    return None if out is None else json.loads(out)


def _outcome(
    target: Target,
    mutant: str,
    cache: Path,
    inputs: tuple[Path, Path],
    baseline: object,
) -> str:
    """Killed, or a survivor that changes a verdict (unguarded) or none."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(PACKAGE, Path(tmp) / "dlhw")
        (Path(tmp) / "dlhw" / target.path).write_text(mutant)
        command = ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
        if _run([*command, *target.tests], Path(tmp), cache, TEST_TIMEOUT) is None:
            return "killed"
        if _verdicts_of(Path(tmp), cache, inputs) != baseline:
            return "unguarded"
        return "no verdict changed"


# -- the record ---------------------------------------------------------------------


def digest(*paths: Path) -> str:
    """SHA-256 of the files' contents, in order."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


def sources_digest(target: Target) -> str:
    """The hash of what a module's outcomes rest on: its source and its tests."""
    return digest(target.file, *(ROOT / t for t in target.tests))


def commit() -> str:
    """The commit checked out (``unknown`` outside a git checkout)."""
    run = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return run.stdout.strip() or "unknown"


def _record_module(
    name: str,
    rows: list[dict[str, object]],
    sources: str,
    seconds: float,
    previous: dict[str, object],
) -> dict[str, object]:
    """A module's entry of the record; a survivor keeps the reason it had.

    ``sources`` is :func:`sources_digest` as the module's run began.
    """
    target = TARGETS[name]
    lines = target.file.read_text().splitlines()
    old = previous.get("survivors", [])
    assert isinstance(old, list)
    reasons = {(s["mutation"], s["code"]): s["why"] for s in old}
    survivors = []
    for r in rows:
        if r["status"] != "killed":
            code = lines[int(r["line"]) - 1].strip()
            why = (
                ""
                if r["status"] == "unguarded"
                else reasons.get((r["mutation"], code), "")
            )
            row = {k: v for k, v in r.items() if k != "module"}
            survivors.append({**row, "code": code, "why": why})
    return {
        "sources": sources,
        "mutants": len(rows),
        "killed": sum(r["status"] == "killed" for r in rows),
        "seconds": round(seconds),
        "survivors": survivors,
    }


def write_record(
    path: Path, modules: dict[str, dict[str, object]], commit: str
) -> None:
    """Merge the modules' entries into the record at ``path`` (kept sorted).

    Each entry is stamped with ``commit``, the commit its run began at
    (:func:`commit`): the record's modules may come from different runs.
    """
    merged = json.loads(path.read_text())["modules"] if path.exists() else {}
    merged.update({name: {"commit": commit, **e} for name, e in modules.items()})
    record = {"modules": dict(sorted(merged.items()))}
    path.write_text(json.dumps(record, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", choices=sorted(TARGETS), action="append")
    parser.add_argument("--limit", type=int, default=None, help="mutants per module")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, default=None, help="write the results")
    parser.add_argument(
        "--record", type=Path, default=None, help="merge into this record file"
    )
    parser.add_argument("--verdicts", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.verdicts:
        print(json.dumps(verdicts(*args.verdicts)))
        return 0
    if args.record and args.limit is not None:
        parser.error("a record holds every mutant: --record takes no --limit")
    modules = args.module or list(TARGETS)
    previous = {}
    if args.record and args.record.exists():
        previous = json.loads(args.record.read_text())["modules"]
    results = []
    begun_at = commit()
    with tempfile.TemporaryDirectory() as tmp:
        # DLHW_CACHE=DIR keeps the engine's runs for the next invocation
        setting = os.environ.get("DLHW_CACHE", "off")
        cache = Path(tmp) / "cache" if setting == "off" else Path(setting)
        inputs = _course_inputs(Path(tmp))
        baseline = _verdicts_of(ROOT, cache, inputs)
        assert baseline is not None, "the unchanged code's verdicts failed"
        for module in modules:
            target = TARGETS[module]
            source = target.file.read_text()
            work = [
                (m, mutate(source, m, target.names))
                for m in mutations(source, target.names)[: args.limit]
            ]

            def outcome(item: tuple[Mutation, str], target: Target = target) -> str:
                return _outcome(target, item[1], cache, inputs, baseline)

            start, sources = time.monotonic(), sources_digest(target)
            # The first mutant fills the shared cache; the rest run side by side.
            first = [outcome(work[0])] if work else []
            with ThreadPoolExecutor(max(args.jobs, 1)) as pool:
                outcomes = itertools.chain(first, pool.map(outcome, work[1:]))
                for (m, _), status in zip(work, outcomes, strict=True):
                    print(f"{status:>18}  {module}.py:{m.line}  {m.what}", flush=True)
                    row = {"module": module, "line": m.line, "mutation": m.what}
                    results.append({**row, "status": status})
            seconds = time.monotonic() - start
            print(f"{module}: {len(work)} mutants in {seconds:.0f} s", flush=True)
            if args.record:  # module by module: a run cut short keeps what ended
                rows = [r for r in results if r["module"] == module]
                entry = _record_module(
                    module, rows, sources, seconds, previous.get(module, {})
                )
                write_record(args.record, {module: entry}, begun_at)
    counts = {
        s: sum(r["status"] == s for r in results)
        for s in ("killed", "unguarded", "no verdict changed")
    }
    print(
        f"mutants: {len(results)}; " + ", ".join(f"{k}: {v}" for k, v in counts.items())
    )
    for r in results:
        if r["status"] != "killed":
            print(
                f"SURVIVED ({r['status']}) {r['module']}.py:{r['line']} {r['mutation']}"
            )
    if args.json:
        args.json.write_text(
            json.dumps({"results": results, "counts": counts}, indent=1)
        )
    return 1 if counts["unguarded"] else 0


if __name__ == "__main__":
    sys.exit(main())
