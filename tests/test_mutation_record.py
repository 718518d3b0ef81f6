"""The mutation run's record: each module's entry merged as it ends, reasons kept.

``nox -s mutation -- --record tests/mutation-record.json`` (``tests/mutation.py``)
writes, per module, the commit and a digest of its source and tests, the
mutants, the killed and each survivor with why it moves no verdict. The
record checked in must be current: a module whose source or tests changed is
run again.
"""

import importlib.util
import json
import sys
from pathlib import Path


def _tool():
    """``tests/mutation.py``, which is no package's module."""
    spec = importlib.util.spec_from_file_location(
        "mutation", Path(__file__).with_name("mutation.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mutation", module)  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


mutation = _tool()
TARGETS = mutation.TARGETS


def test_a_run_keeps_the_reasons_and_merges_into_the_record(tmp_path):
    target = TARGETS["problem3b"]
    line = target.file.read_text().splitlines().index("MIN_POINTS = 4") + 1
    row = {"module": "problem3b", "line": line, "mutation": "constant 4 -> 5"}
    old = {"mutation": row["mutation"], "code": "MIN_POINTS = 4", "why": "unread"}
    rows = [{**row, "status": "no verdict changed"}]
    entry = mutation._record_module(
        "problem3b", rows, "hash", 1.0, {"survivors": [old]}
    )
    assert entry["survivors"][0]["why"] == "unread"
    assert entry["mutants"] == 1
    assert entry["killed"] == 0
    # a survivor that moves a verdict has no reason, whatever it had
    rows = [{**row, "status": "unguarded"}]
    entry = mutation._record_module(
        "problem3b", rows, "hash", 1.0, {"survivors": [old]}
    )
    assert entry["survivors"][0]["why"] == ""
    path = tmp_path / "record.json"
    mutation.write_record(path, {"problem3b": entry}, "a")
    mutation.write_record(path, {"claims3d": {"survivors": []}}, "b")
    record = json.loads(path.read_text())
    assert list(record["modules"]) == ["claims3d", "problem3b"]
    assert record["modules"]["problem3b"] == {"commit": "a", **entry}
    assert record["modules"]["claims3d"]["commit"] == "b"


RECORD = Path(__file__).with_name("mutation-record.json")


def test_the_checked_in_record_is_current_and_every_survivor_has_a_reason():
    # Rerun a module whose source or tests changed:
    # nox -s mutation -- --module NAME --record tests/mutation-record.json
    record = json.loads(RECORD.read_text())["modules"]
    assert sorted(record) == sorted(TARGETS)
    for name, target in TARGETS.items():
        entry = record[name]
        assert entry["sources"] == mutation.sources_digest(target), f"{name}: stale"
        source = target.file.read_text()
        assert entry["mutants"] == len(mutation.mutations(source, target.names))
        survivors = entry["survivors"]
        assert entry["killed"] + len(survivors) == entry["mutants"]
        lines = source.splitlines()
        for s in survivors:
            assert s["status"] == "no verdict changed", f"{name}:{s['line']}"
            assert s["code"] == lines[s["line"] - 1].strip()
            assert s["why"].strip(), f"{name}:{s['line']} {s['mutation']}: no why"
