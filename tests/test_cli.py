import io
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
from dlhw.linreg import format_log_line

KEYS = {
    "data",
    "seed",
    "grid",
    "best",
    "train_mse",
    "val_mse",
    "test_mse",
    "closed_form",
    "last_costs",
}


def refuse_constant(name):
    raise AssertionError(f"JSON holds {name}, which is not valid JSON")


def one_error_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("dlhw: error: ")
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def standin_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "out.json"
    capture = pytest.MonkeyPatch()  # capsys is per test; this run is shared
    out, err = io.StringIO(), io.StringIO()
    capture.setattr(sys, "stdout", out)
    capture.setattr(sys, "stderr", err)
    try:
        code = main(["problem2", "--json", str(path)])
    finally:
        capture.undo()
    return code, out.getvalue(), err.getvalue(), path


@pytest.mark.slow
def test_standin_run_prints_and_writes_json(standin_run):
    code, out, err, path = standin_run  # (the grid may come from the cache)
    assert code == 0
    assert "STAND-IN" in out.splitlines()[0]
    assert "error" not in err
    doc = json.loads(path.read_text(), parse_constant=refuse_constant)
    assert set(doc) == KEYS
    assert doc["data"] == "standin"
    assert doc["seed"] == 0
    assert set(doc["best"]) == {"learning_rate", "mini_batch", "num_epochs"}
    assert set(doc["closed_form"]) == {"val_mse", "test_mse"}
    assert len(doc["grid"]) == 45
    for cell in doc["grid"]:
        assert set(cell) == {
            "learning_rate",
            "mini_batch",
            "num_epochs",
            "val_mse",
            "diverged",
        }
        assert (cell["val_mse"] is None) == cell["diverged"]
    diverged_rates = {c["learning_rate"] for c in doc["grid"] if c["diverged"]}
    assert diverged_rates == {0.1, 1.0}
    finite = [c for c in doc["grid"] if not c["diverged"]]
    best = min(finite, key=lambda c: c["val_mse"])
    assert doc["best"] == {k: best[k] for k in doc["best"]}
    assert len(doc["last_costs"]) == 10
    assert all(isinstance(v, float) for v in doc["last_costs"])


@pytest.mark.slow
def test_printed_log_matches_the_json(standin_run):
    _, out, _, path = standin_run
    doc = json.loads(path.read_text())
    tail = out.strip().splitlines()[-10:]
    epochs = doc["best"]["num_epochs"]
    last_batch = -(-4000 // doc["best"]["mini_batch"])
    expected = [
        format_log_line(epochs, last_batch - 9 + i, cost)
        for i, cost in enumerate(doc["last_costs"])
    ]
    assert tail == expected
    assert f"{doc['val_mse']:.6f}" in out
    assert f"{doc['closed_form']['test_mse']:.6f}" in out


def test_every_public_function_of_the_command_line_has_examples():
    # pytest runs them with the doctests of dlhw/ (dlhw/__main__.py, which it
    # would skip, only calls dlhw.cli.main)
    import doctest
    import inspect

    import dlhw.cli as module

    finder = doctest.DocTestFinder(recurse=False)
    functions = [
        name for name in module.__all__ if inspect.isfunction(getattr(module, name))
    ]
    assert functions == ["error_line", "format_report", "main", "run_command"]
    for name in functions:
        (test,) = finder.find(getattr(module, name), name, module=module)
        assert len(test.examples) >= 2, name


def test_an_interrupt_while_importing_gets_one_line_and_exit_130():
    # Ctrl-C while NumPy is imported, made certain: the import raises it
    code = (
        "import builtins, runpy\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'numpy':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "runpy.run_module('dlhw', run_name='__main__')\n"
    )
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", code, "problem2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (proc.returncode, proc.stderr, proc.stdout) == (
        130,
        "dlhw: interrupted\n",
        "",
    )


def test_missing_data_directory(capsys, tmp_path):
    assert main(["problem2", "--data", str(tmp_path / "nowhere")]) == 2
    captured = capsys.readouterr()
    assert "not a directory" in one_error_line(captured.err)
    assert captured.out == ""


def test_bad_data_file_is_named(capsys, tmp_path):
    for name in FILES.values():
        np.save(tmp_path / name, np.zeros((3, 10)))
    assert main(["problem2", "--data", str(tmp_path)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "age_regression_Xtr.npy" in line
    assert "2304-pixel" in line


def test_pickled_data_file_is_refused(capsys, tmp_path):
    for name in FILES.values():
        np.save(
            tmp_path / name, np.array([{"age": 1}], dtype=object), allow_pickle=True
        )
    assert main(["problem2", "--data", str(tmp_path)]) == 2
    assert "not a plain numeric" in one_error_line(capsys.readouterr().err)


def test_missing_json_folder(capsys, tmp_path):
    assert main(["problem2", "--json", str(tmp_path / "no" / "out.json")]) == 2
    assert "--json" in one_error_line(capsys.readouterr().err)


def test_bad_seed_is_a_usage_error(capsys):
    assert main(["problem2", "--seed", "-3"]) == 2
    assert "non-negative" in one_error_line(capsys.readouterr().err)


@pytest.mark.slow
def test_course_layout_runs_end_to_end(capsys, tmp_path):
    rng = np.random.default_rng(0)
    folder = tmp_path / "course"
    folder.mkdir()
    np.save(folder / FILES["X_train"], rng.random((60, 48, 48)).astype(np.float32))
    ages = rng.integers(5, 80, 60).astype(float)
    ages[4] = np.nan
    np.save(folder / FILES["y_train"], ages)
    np.save(folder / FILES["X_test"], rng.random((7, 48, 48)).astype(np.float32))
    np.save(folder / FILES["y_test"], rng.integers(5, 80, 7).astype(float))
    out_json = tmp_path / "run.json"
    argv = ["problem2", "--data", str(folder), "--seed", "3", "--json", str(out_json)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Problem 2 on the course files in {folder}")
    assert "dropped images with NaN ages: 1 training, 0 test" in out
    doc = json.loads(out_json.read_text(), parse_constant=refuse_constant)
    assert doc["data"] == str(folder)
    assert doc["seed"] == 3
    assert set(doc) == KEYS


def test_module_entry_point_exits_2_with_one_line(tmp_path):
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "dlhw", "problem2", "--data", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "not a directory" in one_error_line(proc.stderr)


# -- dlhw audit ------------------------------------------------------------------

AUDIT_KEYS = {"claims", "derivations", "counts", "data", "trajectory"}
CLAIM_KEYS = {"problem", "claim", "reported", "measured", "verdict", "evidence"}


def run_audit_cli(capsys, *args):
    code = main(["audit", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
def test_audit_prints_every_claim_and_writes_json(capsys, tmp_path):
    path = tmp_path / "audit.json"
    code, out, err = run_audit_cli(capsys, "--json", str(path))
    assert code == 0
    assert err == ""
    doc = json.loads(path.read_text(), parse_constant=refuse_constant)
    assert set(doc) == AUDIT_KEYS
    assert doc["data"] is None
    assert doc["trajectory"] is None
    assert {c["problem"] for c in doc["claims"]} == {"2", "3a", "3b", "3c", "3d"}
    for c in doc["claims"]:
        assert set(c) >= CLAIM_KEYS
        assert f"[{c['id']}] {c['verdict'].upper()}: {c['claim']}" in out
    for d in doc["derivations"]:
        assert set(d) >= CLAIM_KEYS
        assert d["verdict"] is None
        assert f"[{d['id']}] DERIVATION (not a verdict): {d['claim']}" in out
    for problem, counts in doc["counts"].items():
        claims = doc["claims"]
        if problem != "all":
            claims = [c for c in claims if c["problem"] == problem]
        assert sum(counts.values()) == len(claims)
        line = next(x for x in out.splitlines() if x.split()[:1] == [problem])
        assert line.split()[1:] == [*map(str, counts.values()), str(len(claims))]


@pytest.mark.slow
def test_audit_decides_problem2_on_course_files(capsys, tmp_path, course_files):
    folder = course_files(tmp_path / "course")
    path = tmp_path / "audit.json"
    code, out, _ = run_audit_cli(capsys, "--data", str(folder), "--json", str(path))
    assert code == 0
    doc = json.loads(path.read_text(), parse_constant=refuse_constant)
    assert doc["data"] == str(folder)
    p2 = [c for c in doc["claims"] if c["problem"] == "2"]
    assert p2
    assert "unverifiable" not in {c["verdict"] for c in p2}
    assert all("stand-in" not in c["measured"] for c in p2)
    # the files written by the course_files factory: exact verdicts
    assert [c["verdict"] for c in p2] == ["differs"] * 6 + ["confirmed"]
    assert f"Problem 2 on {folder}" in out.splitlines()[0]


@pytest.mark.slow
def test_audit_passes_the_trajectory_file(capsys, tmp_path):
    from dlhw.problem3b import example_trajectory

    traj = tmp_path / "gradient_descent_sequence.txt"
    np.savetxt(traj, example_trajectory())
    path = tmp_path / "audit.json"
    code, out, _ = run_audit_cli(capsys, "--trajectory", str(traj), "--json", str(path))
    assert code == 0
    doc = json.loads(path.read_text(), parse_constant=refuse_constant)
    assert doc["trajectory"] == str(traj)
    assert str(traj) in out.splitlines()[0]
    assert any(c["problem"] == "3b" for c in doc["claims"])
    # the stand-in's own constants, given as a file: every 3b claim is decided
    p3b = [c["verdict"] for c in doc["claims"] if c["problem"] == "3b"]
    confirmed, differs = "confirmed", "differs"
    assert p3b == [confirmed, confirmed, differs, differs, confirmed]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "nowhere"], "not a directory"),
        (["--trajectory", "nowhere.txt"], "file not found"),
        (["--json", "no/such/folder/a.json"], "does not exist"),
    ],
)
def test_audit_refuses_missing_paths(capsys, tmp_path, args, message):
    args = [a if a.startswith("--") else str(tmp_path / a) for a in args]
    code, out, err = run_audit_cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in one_error_line(err)


def test_audit_refuses_a_bad_trajectory_file(capsys, tmp_path):
    traj = tmp_path / "seq.txt"
    traj.write_text("0.5 3.0\n0.2\n")
    code, _, err = run_audit_cli(capsys, "--trajectory", str(traj))
    assert code == 2
    assert "seq.txt" in one_error_line(err)


def test_audit_refuses_bad_course_files(capsys, tmp_path):
    for name in FILES.values():
        np.save(tmp_path / name, np.zeros((3, 10)))
    code, _, err = run_audit_cli(capsys, "--data", str(tmp_path))
    assert code == 2
    assert "age_regression_Xtr.npy" in one_error_line(err)


def test_a_line_break_in_a_folder_forges_no_header(capsys, tmp_path, course_files):
    folder = course_files(tmp_path / "d\nProblem 2 on the STAND-IN data")
    assert main(["problem2", "--data", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Problem 2 on the course files in {printable(str(folder))}"
    assert not [x for x in lines if x.startswith("Problem 2 on the STAND")]
