import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dlhw.__main__ import main
from dlhw.data import FILES
from dlhw.linreg import format_log_line

KEYS = {
    "data",
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


def test_standin_run_prints_and_writes_json(standin_run):
    code, out, err, path = standin_run  # (the grid may come from the cache)
    assert code == 0
    assert "STAND-IN" in out.splitlines()[0]
    assert "error" not in err
    doc = json.loads(path.read_text(), parse_constant=refuse_constant)
    assert set(doc) == KEYS
    assert doc["data"] == "standin"
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
    argv = ["problem2", "--data", str(folder), "--seed", "0", "--json", str(out_json)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Problem 2 on the course files in {folder}")
    assert "dropped images with NaN ages: 1 training, 0 test" in out
    doc = json.loads(out_json.read_text(), parse_constant=refuse_constant)
    assert doc["data"] == str(folder)
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
