"""Mutation testing of the report layer: does a changed claim change a test?

An AST mutator over the claims builders and the rules of :mod:`dlhw.report`.
One mutation at a time, it

- replaces a numeric constant (an integer ``n`` by ``n + 1``, a float ``x``
  by ``2x``, or by ``1.0`` when it is zero);
- swaps a comparison operator (``<`` and ``>=``, ``>`` and ``<=``, ``==``
  and ``!=``);
- replaces a rule's measured argument (the first argument of ``Close``,
  ``Equal``, ``AtMost``, ``AtLeast`` or ``Likely``) by its second, the
  report's value or the bound (a value compared with itself), or by the
  constant ``0``.

Numbers inside f-strings only change words and are left alone.

Every mutant runs the claim tests that cover its module in a subprocess, on
a copy of the package holding the mutant, with a timeout: it is *killed* when
they fail and *survives* when they pass. Each survivor is then judged on the
inputs (:func:`verdicts`: every claim's verdict on the stand-ins, on one set
of course-format files and on one trajectory file): a survivor that changes
one of them is a verdict the tests do not guard, and fails the run; one that
changes none is listed as *no verdict changed on these inputs*, to be read.
The test runs share one disk cache of the engine's runs (``DLHW_CACHE``,
:mod:`dlhw.cache`): a mutant of the report layer leaves its key unchanged.
``nox -s mutation`` runs it:

    python tests/mutation.py [--limit N] [--module NAME] [--jobs N] [--json PATH]

Examples
--------
>>> source = "def f(m):\\n    return AtMost(m, 0.5) if m < 1 else None\\n"
>>> [m.what for m in mutations(source)]  # doctest: +NORMALIZE_WHITESPACE
['compare Lt -> GtE', 'AtMost: measured -> reported', 'AtMost: measured -> 0',
 'constant 1 -> 2', 'constant 0.5 -> 1.0']
>>> print(mutate(source, mutations(source)[1]).splitlines()[1])
    return AtMost(0.5, 0.5) if m < 1 else None
"""

from __future__ import annotations

import argparse
import ast
import importlib
import itertools
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "dlhw" / "report"

#: The modules mutated, with the claim tests that cover them.
TARGETS: dict[str, tuple[str, ...]] = {
    "claims2": ("tests/test_claims.py",),
    "claims3a": ("tests/test_claims3a.py",),
    "claims3b": ("tests/test_claims3b.py",),
    "claims3c": ("tests/test_claims3c.py",),
    "claims3d": ("tests/test_claims3d.py",),
    "rules": (
        "tests/test_verdict_flips.py",
        "tests/test_claims3d.py",
        "tests/test_claims3c.py",
        "tests/test_claims3b.py",
        "tests/test_claims.py",
        "tests/test_claims3a.py",
    ),
}
#: The rules whose first argument is the measurement.
RULES = ("Close", "Equal", "AtMost", "AtLeast", "Likely")
#: Seconds before a mutant's verdicts, or its tests, count as hanging (killed).
VERDICT_TIMEOUT = 600
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


def _sites(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    """Every mutable node, in a fixed order, with its kind; not inside f-strings."""
    inside_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstring |= {id(n) for n in ast.walk(node)}
    out: list[tuple[str, ast.AST]] = []
    for node in ast.walk(tree):
        if id(node) in inside_fstring:
            continue
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RULES:
            if len(node.args) >= 2:
                out += [("to_reported", node), ("to_zero", node)]
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
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


def _new_constant(value: float) -> int | float:
    if isinstance(value, int):
        return value + 1
    return 2 * value if value else 1.0


def mutations(source: str) -> list[Mutation]:
    """Every mutation of ``source``, in a fixed order."""
    counts: dict[str, int] = {}
    out = []
    for kind, node in _sites(ast.parse(source)):
        index = counts.get(kind, 0)
        counts[kind] = index + 1
        out.append(
            Mutation(kind, index, getattr(node, "lineno", 0), _describe(kind, node))
        )
    return out


def mutate(source: str, mutation: Mutation) -> str:
    """``source`` with ``mutation`` applied."""
    tree = ast.parse(source)
    nodes = [n for k, n in _sites(tree) if k == mutation.kind]
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


_RELOADED = (
    "rules",
    "claim",
    "claims2",
    "claims3a",
    "claims3b",
    "claims3c",
    "claims3d",
)


def verdicts(data: Path, trajectory: Path) -> list[str | None]:
    """Every claim's verdict on the stand-ins, then on the files given."""
    from dlhw.problem2 import problem2_results

    modules = {
        name: importlib.import_module(f"dlhw.report.{name}") for name in _RELOADED
    }
    out: list[str | None] = []
    for results, path in (
        (problem2_results(), None),
        (problem2_results(data), trajectory),
    ):
        out += [c.verdict for c in modules["claims2"].claims_2(results)]
        out += [c.verdict for c in modules["claims3b"].claims_3b(path)]
    for name, builder in (("claims3a", "claims_3a"), ("claims3c", "claims_3c")):
        out += [c.verdict for c in getattr(modules[name], builder)()]
    out += [c.verdict for c in modules["claims3d"].claims_3d()]
    return out


def _install(module: str, source: str) -> None:
    """Make ``dlhw.report.<module>`` the mutant, and reload what imports it."""
    for name in _RELOADED:
        sys.modules.pop(f"dlhw.report.{name}", None)
    name = f"dlhw.report.{module}"
    spec = importlib.util.spec_from_file_location(name, REPORT / f"{module}.py")
    assert spec is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    # the mutant is this project's own module, changed by mutate()
    exec(compile(source, str(REPORT / f"{module}.py"), "exec"), mod.__dict__)  # noqa: S102


def _judge(module: str, source: str, data: Path, trajectory: Path) -> object:
    """The mutant's verdicts, in a forked child (the caches of the runs are shared)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            _install(module, source)
            result: object = verdicts(data, trajectory)
        except BaseException as exc:  # noqa: BLE001 - any failure of a mutant
            result = f"error: {type(exc).__name__}"
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    start = time.monotonic()
    while time.monotonic() - start < VERDICT_TIMEOUT:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            with os.fdopen(read, "rb") as inp:
                return pickle.load(inp)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(read)
    return "error: timeout"


def _tests_pass(module: str, source: str, tests: tuple[str, ...], cache: Path) -> bool:
    """Whether the claim tests pass on a copy of the package holding the mutant."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "dlhw", Path(tmp) / "dlhw")
        (Path(tmp) / "dlhw" / "report" / f"{module}.py").write_text(source)
        env = {**os.environ, "PYTHONPATH": tmp, "DLHW_CACHE": str(cache)}
        # -P: the copy, not the working tree, is the dlhw the tests import
        command = [sys.executable, "-P", "-m", "pytest", "-x", "-q"]
        command += ["-p", "no:cacheprovider"]
        try:
            run = subprocess.run(
                [*command, *tests],
                cwd=ROOT,
                env=env,
                capture_output=True,
                timeout=TEST_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False
        return run.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", choices=sorted(TARGETS), action="append")
    parser.add_argument("--limit", type=int, default=None, help="mutants per module")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, default=None, help="write the results")
    args = parser.parse_args(argv)
    modules = args.module or list(TARGETS)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        data, trajectory = _course_inputs(Path(tmp))
        baseline = verdicts(data, trajectory)
        work = []
        for module in modules:
            source = (REPORT / f"{module}.py").read_text()
            for m in mutations(source)[: args.limit]:
                work.append((module, m, mutate(source, m)))

        def test(item: tuple[str, Mutation, str]) -> bool:
            module, _, mutant = item
            return _tests_pass(module, mutant, TARGETS[module], cache)

        # The first mutant fills the shared cache; the rest run side by side.
        first = [test(work[0])] if work else []
        passed: list[bool] = []
        with ThreadPoolExecutor(max(args.jobs, 1)) as pool:
            outcomes = itertools.chain(first, pool.map(test, work[1:]))
            for (module, m, _), ok in zip(work, outcomes, strict=True):
                status = "survived" if ok else "killed"
                print(f"{status:>8}  {module}.py:{m.line}  {m.what}", flush=True)
                passed.append(ok)
        # Survivors are judged after the pool is gone (_judge forks).
        results = []
        for (module, m, mutant), ok in zip(work, passed, strict=True):
            status = "killed"
            if ok:
                judged = _judge(module, mutant, data, trajectory)
                status = "unguarded" if judged != baseline else "no verdict changed"
            row = {"module": module, "line": m.line, "mutation": m.what}
            results.append({**row, "status": status})
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
