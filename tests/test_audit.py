"""The audit record, its views, the headline rows and the site's inputs."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dlhw.cli import main
from dlhw.data import FILES
from dlhw.files import printable
from dlhw.problem3b import example_trajectory
from dlhw.report.audit import (
    Audit,
    claim_blocks,
    claim_ids,
    claims_markdown,
    counts_markdown,
    problem_counts,
    verdict_counts,
)
from dlhw.report.claims2 import claims_2
from dlhw.report.claims3b import claims_3b
from dlhw.report.claims3d import claims_3d
from dlhw.report.headline import headline, headline_markdown
from dlhw.report.inputs import InputError, Inputs, site_inputs


@pytest.fixture(scope="module")
def audit():
    return Audit((*claims_2(), *claims_3d()))


def test_counts_add_up_per_problem_and_overall(audit):
    by_problem = audit.by_problem
    assert list(by_problem) == ["2", "3d"]
    for p, counts in by_problem.items():
        assert sum(counts.values()) == sum(c.problem == p for c in audit.claims)
    total = verdict_counts(audit.claims)
    for v in total:
        assert total[v] == sum(counts[v] for counts in by_problem.values())
        assert total[v] == [c.verdict for c in audit.claims].count(v)
    last = counts_markdown(audit.claims).splitlines()[-1]
    assert (
        last
        == "| all | "
        + " | ".join(map(str, total.values()))
        + f" | {len(audit.claims)} |"
    )


def test_ids_are_the_claims_stable_keys(audit):
    ids = claim_ids(audit.claims)
    assert ids[0] == "2-best-cell"
    assert ids[len(claims_2())] == "3d-stationary"
    assert len(set(ids)) == len(ids)
    assert all(
        cid.startswith(f"{c.problem}-")
        for cid, c in zip(ids, audit.claims, strict=True)
    )


def test_an_inserted_claim_renumbers_no_other(audit):
    extra = dataclasses.replace(audit.claims[0], key="2-extra")
    ids = claim_ids((extra, *audit.claims))
    assert ids[1:] == claim_ids(audit.claims)
    with pytest.raises(ValueError, match="used twice: 2-best-cell"):
        claim_ids((audit.claims[0], *audit.claims))


def test_json_document_is_plain_json(audit):
    doc = json.loads(json.dumps(audit.to_json(), allow_nan=False))
    assert set(doc) == {"claims", "derivations", "counts", "data", "trajectory"}
    assert doc["data"] is None
    assert doc["trajectory"] is None
    first = doc["claims"][0]
    assert {"problem", "claim", "reported", "measured", "verdict", "evidence"} <= set(
        first
    )
    assert [c["verdict"] for c in doc["claims"]] == [c.verdict for c in audit.claims]
    assert doc["counts"]["all"] == audit.counts
    assert doc["counts"]["3d"] == problem_counts(audit.claims)["3d"]


def test_blocks_show_badge_words_rule_and_link(audit):
    text = claim_blocks(audit.claims)
    for cid, c in zip(audit.ids, audit.claims, strict=True):
        block = text.split(f"(audit-{cid})=")[1].split("(audit-")[0]
        assert f"{{verdict}}`{c.verdict}`" in block
        assert c.reported in block
        assert c.rule in block
        assert f"{{ref}}`on its page <{c.where}>`" in block
        # prose, not Python reprs (the report's own words may hold its dict)
        assert "{'" not in c.measured
        assert "{'" not in c.rule


def test_blocks_of_one_problem_keep_their_audit_ids(audit):
    text = audit.blocks("3d")
    assert [line for line in text.splitlines() if line.startswith("(audit-")] == [
        f"(audit-{c.key})=" for c in claims_3d()
    ]
    assert "(audit-2-" not in text


def test_compact_table_has_one_row_per_claim(audit):
    table = claims_markdown(audit.claims).splitlines()
    assert len(table) == len(audit.claims) + 2


def test_text_lists_every_claim_then_the_counts(audit):
    text = audit.text()
    assert "stand-in" in text.splitlines()[0]
    for cid, c in zip(audit.ids, audit.claims, strict=True):
        assert f"[{cid}] {c.verdict.upper()}: {c.claim}" in text
    assert text.splitlines()[-1].split()[0] == "all"


def test_headline_rows_are_labelled_with_their_data():
    rows = headline()
    assert {h.problem for h in rows} == {"2", "3a", "3b", "3c", "3d"}
    assert all("stand-in" in h.data for h in rows if h.problem in ("2", "3b"))
    assert rows[-1].ours == "$\\frac{1}{4}$"
    table = headline_markdown(rows).splitlines()
    assert len(table) == len(rows) + 2
    assert "{'" not in headline_markdown(rows)


def test_site_inputs_read_the_environment(tmp_path):
    traj = tmp_path / "seq.txt"
    traj.write_text("0.5 3.0\n0.2 3.1\n0.6 3.2\n")
    inputs = site_inputs({"DLHW_DATA": str(tmp_path), "DLHW_TRAJECTORY": str(traj)})
    assert inputs == Inputs(tmp_path.resolve(), traj.resolve())
    assert site_inputs({"DLHW_DATA": ""}) == Inputs()
    with pytest.raises(InputError, match="DLHW_TRAJECTORY"):
        site_inputs({"DLHW_TRAJECTORY": str(tmp_path)})


def test_fingerprint_follows_the_files(tmp_path, course_files):
    traj = tmp_path / "seq.txt"
    np.savetxt(traj, example_trajectory())
    inputs = Inputs(trajectory=traj)
    before = inputs.fingerprint()
    assert before != Inputs().fingerprint()
    assert inputs.fingerprint() == before
    np.savetxt(traj, example_trajectory() + 1.0)
    assert inputs.fingerprint() != before
    data = course_files(tmp_path / "data")
    assert Inputs(data=data).fingerprint() not in (before, "none")


def _fingerprint(data):
    # In a process of its own: a FIFO that is opened waits for a writer.
    code = "import sys, pathlib; from dlhw.report.inputs import Inputs; "
    code += "print(Inputs(pathlib.Path(sys.argv[1])).fingerprint())"
    done = subprocess.run(
        [sys.executable, "-c", code, str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout.strip(), done.stderr


def test_entries_beside_the_course_files_change_no_fingerprint(tmp_path, course_files):
    data = course_files(tmp_path / "data")
    before = Inputs(data).fingerprint()
    os.mkfifo(data / "age_regression_notes.npy")
    (data / "age_regression_old.npy").mkdir()
    (data / "age_regression_null.npy").symlink_to(os.devnull)
    assert _fingerprint(data) == (before, "")


def test_the_build_refuses_a_folder_as_the_command_line_does(
    tmp_path, course_files, capsys
):
    data = course_files(tmp_path / "data")
    (data / FILES["X_train"]).unlink()
    os.mkfifo(data / FILES["X_train"])
    assert main(["audit", "--data", str(data)]) == 2
    line = capsys.readouterr().err.strip()
    assert "not a regular file" in line
    docs = Path(__file__).resolve().parents[1] / "docs"
    build = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(docs)]
    done = subprocess.run(
        [*build, str(tmp_path / "html")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DLHW_DATA": str(data)},
    )
    assert (done.returncode, done.stderr.strip()) == (2, line)


def test_site_inputs_default_to_the_process_environment(monkeypatch):
    monkeypatch.delenv("DLHW_DATA", raising=False)
    monkeypatch.delenv("DLHW_TRAJECTORY", raising=False)
    assert site_inputs() == Inputs()
    assert os.environ.get("DLHW_DATA") is None


def test_derivations_are_listed_apart_from_the_verdicts():
    from dlhw.report.claim import Claim
    from dlhw.report.rules import Derivation

    derived = Claim(
        "3d",
        "x = 0 is stationary.",
        "x=0",
        "f'(0) = 0",
        Derivation("f'(0) = 0 for every quartic without a cubic term"),
        key="3d-derived",
    )
    audit = Audit((*claims_3d(), derived))
    doc = audit.to_json()
    assert [d["id"] for d in doc["derivations"]] == ["3d-derived"]
    assert doc["derivations"][0]["verdict"] is None
    assert doc["derivations"][0]["kind"] == "derivation"
    assert "3d-derived" not in [c["id"] for c in doc["claims"]]
    assert all(c["kind"] == "verdict" for c in doc["claims"])
    assert sum(doc["counts"]["all"].values()) == len(doc["claims"])
    assert "Derivations, not verdicts and not counted: 3d-derived" in audit.text()
    assert "{verdict}`derivation`" in audit.blocks("3d")


FORGED = "[3b-axis] CONFIRMED: forged line injected by a file name"


@pytest.fixture
def named_trajectory(tmp_path):
    """Write the stand-in's trajectory to a file of the given name."""

    def write(name):
        path = tmp_path / name
        np.savetxt(path, example_trajectory())
        return path

    return write


def test_a_line_break_in_a_name_forges_no_audit_line(named_trajectory):
    path = named_trajectory(f"x\n\n{FORGED}\n.txt")
    data = "d\nProblem 2 on the STAND-IN data"
    text = Audit(claims_3b(path), data=data, trajectory=str(path)).text()
    lines = text.splitlines()
    assert not [x for x in lines if x.startswith((FORGED, "Problem 2 on the STAND"))]
    assert lines[0] == (
        f"Claims audit: Problem 2 on {printable(data)}, Problem 3b on {printable(str(path))}"
    )
    assert all(printable(path.name) in x for x in lines if "    measured: On " in x)


def test_a_name_is_plain_in_text_and_json_and_escaped_on_the_page(named_trajectory):
    path = named_trajectory("gradient_descent_sequence.txt")
    audit = Audit(claims_3b(path), trajectory=str(path))
    shown = "On gradient_descent_sequence.txt"
    measured = [c["measured"] for c in audit.to_json()["claims"]]
    assert all(shown in m for m in measured), measured
    assert audit.text().count(shown) == len(measured)
    assert "\\_" not in json.dumps(audit.to_json()) + audit.text()
    assert audit.blocks("3b").count("On gradient\\_descent\\_sequence.txt") == 5
