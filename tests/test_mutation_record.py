"""The mutation record is as new as the code it judges, and reads as a verdict.

``tests/mutation-record.json`` is written by ``nox -s mutation -- --record
tests/mutation-record.json`` (``tests/mutation.py``). A module whose source
or tests changed since its run, or whose mutants are no longer those run,
fails here until the module is run again.
"""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

RECORD = Path(__file__).with_name("mutation-record.json")


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


def _modules():
    return json.loads(RECORD.read_text())["modules"]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_the_record_of_each_module_is_as_new_as_its_code(name):
    entry = _modules().get(name)
    assert entry is not None, f"{name} is not in the record: run it with --record"
    target = TARGETS[name]
    assert entry["sources"] == mutation.sources_digest(target), (
        f"{name}'s source or tests changed since its run: run it again"
    )
    assert entry["mutants"] == len(
        mutation.mutations(target.file.read_text(), target.names)
    )
    assert entry["killed"] + len(entry["survivors"]) == entry["mutants"]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_survivor_moves_no_verdict_and_says_why(name):
    for survivor in _modules().get(name, {}).get("survivors", []):
        assert survivor["status"] == "no verdict changed", survivor
        assert survivor["why"].strip(), f"no reason given for {survivor}"


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
