"""Every class of bad input on the command line: exit 2, one line, inputs kept.

Each row of ``CASES`` builds a folder of small course files (or breaks one),
runs ``dlhw problem2`` in-process and checks the contract: exit code 2,
exactly one line on stderr starting ``dlhw: error:``, no traceback, nothing on
stdout, and every file in the folder byte-for-byte as it was (hashed before
and after). Classes that fail only after training use 20 images, so the grid
takes a fraction of a second.
"""

import argparse
import errno
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from dlhw.cli import main, run_command
from dlhw.data import FILES
from dlhw.problem3b import MAX_TRAJECTORY_BYTES, infer_bowl, load_trajectory

ROOT = Path(__file__).resolve().parents[1]
N_TRAIN, N_TEST = 20, 5


def course_arrays(rng):
    return {
        "X_train": rng.random((N_TRAIN, 48, 48)),
        "y_train": rng.integers(5, 80, N_TRAIN).astype(float),
        "X_test": rng.random((N_TEST, 48, 48)),
        "y_test": rng.integers(5, 80, N_TEST).astype(float),
    }


def write_course(folder, **override):
    folder.mkdir(exist_ok=True)
    arrays = course_arrays(np.random.default_rng(7))
    arrays.update(override)
    for role, array in arrays.items():
        np.save(folder / FILES[role], array, allow_pickle=True)
    return folder


def snapshot(folder):
    """SHA-256 of every regular file under ``folder`` (others by their type)."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode):
            seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            seen[str(path)] = stat.S_IFMT(mode)
    return seen


def one_error_line(err):
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("dlhw: error: "), err
    assert "Traceback" not in err
    return lines[0]


def replace(role, data):
    """A setup that overwrites one course file with raw bytes."""

    def setup(folder, monkeypatch):
        write_course(folder)
        (folder / FILES[role]).write_bytes(data)
        return ["problem2", "--data", str(folder)]

    return setup


def arrays(**override):
    def setup(folder, monkeypatch):
        write_course(folder, **override)
        return ["problem2", "--data", str(folder)]

    return setup


def args(*argv):
    def setup(folder, monkeypatch):
        write_course(folder)
        return [a.format(folder=folder) for a in argv]

    return setup


def npy_header(shape, descr="<f8"):
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
    header = header.ljust(118) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode()


def fifo(folder, monkeypatch):
    write_course(folder)
    path = folder / FILES["X_test"]
    path.unlink()
    os.mkfifo(path)
    return ["problem2", "--data", str(folder)]


def missing(folder, monkeypatch):
    write_course(folder)
    (folder / FILES["X_test"]).unlink()
    return ["problem2", "--data", str(folder)]


def folder_as_file(folder, monkeypatch):
    write_course(folder)
    path = folder / FILES["y_test"]
    path.unlink()
    path.mkdir()
    return ["problem2", "--data", str(folder)]


def unreadable_folder(folder, monkeypatch):
    write_course(folder)
    if os.geteuid() != 0:
        folder.chmod(0)  # restored by the test
        return ["problem2", "--data", str(folder)]
    # root reads everything: simulate the refusal the kernel gives others
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(folder)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    return ["problem2", "--data", str(folder)]


def json_over(role):
    def setup(folder, monkeypatch):
        write_course(folder)
        return ["problem2", "--data", str(folder), "--json", str(folder / FILES[role])]

    return setup


def json_via_dotdot(folder, monkeypatch):
    write_course(folder)
    (folder / "sub").mkdir()
    target = folder / "sub" / ".." / FILES["X_train"]
    return ["problem2", "--data", str(folder), "--json", str(target)]


def json_via_link(folder, monkeypatch):
    write_course(folder)
    (folder / "link.json").symlink_to(folder / FILES["y_train"])
    return ["problem2", "--data", str(folder), "--json", str(folder / "link.json")]


def json_after_failure(folder, monkeypatch):
    # training fails after the check: an existing output must survive intact
    pixels = np.round(np.random.default_rng(1).random((N_TRAIN, 48, 48)) * 255)
    write_course(folder, X_train=pixels)
    (folder / "out.json").write_text('{"kept": true}\n')
    return ["problem2", "--data", str(folder), "--json", str(folder / "out.json")]


def json_disk_full(folder, monkeypatch):
    # the disk fills while the results are written
    from dlhw import files

    write_course(folder)
    (folder / "out.json").write_text('{"kept": true}\n')

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    return ["problem2", "--data", str(folder), "--json", str(folder / "out.json")]


def json_write_protected(folder, monkeypatch):
    write_course(folder)
    out = folder / "out.json"
    out.write_text('{"kept": true}\n')
    out.chmod(0o444)
    return ["problem2", "--data", str(folder), "--json", str(out)]


ROWS = np.random.default_rng(2)
NAN_AGES = np.r_[30.0, 40.0, np.full(N_TRAIN - 2, np.nan)]

CASES = {
    # -- files that are no course array -----------------------------------------
    "empty npy": (replace("X_train", b""), "an empty file"),
    "huge header, tiny file": (
        replace("X_train", npy_header((10**12, 48, 48)) + b"\0" * 64),
        "truncated",
    ),
    "truncated data": (
        replace("y_train", npy_header((N_TRAIN,)) + b"\0" * 8),
        "truncated",
    ),
    "html page": (
        replace("X_test", b"<!DOCTYPE html><html>404</html>"),
        "not a .npy file",
    ),
    "raw pickle": (replace("X_train", b"\x80\x04K\x01."), "never loaded"),
    "dtype of 9000 letters": (
        replace("X_train", npy_header((N_TRAIN,), descr="Z" * 9000)),
        "a broken .npy header",
    ),
    "npz archive": (replace("y_test", b"PK\x03\x04" + b"\0" * 40), "npz"),
    "object array": (
        arrays(y_train=np.array([{"age": 1}] * N_TRAIN, dtype=object)),
        "not a plain numeric",
    ),
    "complex labels": (
        arrays(y_train=np.ones(N_TRAIN, dtype=complex)),
        "not a real numeric type",
    ),
    "fifo": (fifo, "not a regular file"),
    "folder as file": (folder_as_file, "a folder"),
    "missing file": (missing, "age_regression_Xte.npy: file not found"),
    "unreadable folder": (unreadable_folder, "Permission denied"),
    "missing folder": (args("problem2", "--data", "{folder}/nowhere"), "not a dir"),
    # -- implausible values ------------------------------------------------------
    "images (n, 1152, 2)": (
        arrays(X_train=ROWS.random((N_TRAIN, 1152, 2))),
        "expected (n, 48, 48) or (n, 2304)",
    ),
    "ages 1e300": (arrays(y_train=np.full(N_TRAIN, 1e300)), "outside 0 to 130"),
    "negative ages": (arrays(y_test=-np.arange(1.0, 6.0)), "outside 0 to 130"),
    "infinite ages": (arrays(y_test=np.r_[1.0, np.inf, 3, 4, 5]), "infinite"),
    "pixels 1e200": (
        arrays(X_test=np.full((N_TEST, 2304), 1e200)),
        "pixel values reach 1e+200",
    ),
    "nan pixels": (
        arrays(X_test=np.full((N_TEST, 2304), np.nan)),
        "NaN or infinite pixels",
    ),
    "label count": (arrays(y_test=np.ones(N_TEST + 1)), "6 labels for 5 images"),
    # -- data that loads but cannot give a result --------------------------------
    "0-255 pixels": (
        arrays(X_train=np.round(ROWS.random((N_TRAIN, 48, 48)) * 255)),
        "every cell of the grid diverged",
    ),
    "too few rows after NaN ages": (
        arrays(y_train=NAN_AGES),
        "at least 3 are needed",
    ),
    "identical ages": (arrays(y_train=np.full(N_TRAIN, 33.0)), "no spread"),
    "all ages NaN": (arrays(y_test=np.full(N_TEST, np.nan)), "every label is NaN"),
    # -- arguments -----------------------------------------------------------------
    "no subcommand": (
        args(),
        "choose a command: problem2, audit (dlhw COMMAND --help for its options)",
    ),
    "unknown subcommand": (args("problem9"), "invalid choice"),
    "unknown option": (args("problem2", "--fast"), "unrecognized arguments"),
    "seed not a number": (args("problem2", "--seed", "abc"), "non-negative integer"),
    "negative seed": (args("problem2", "--seed", "-3"), "non-negative"),
    "seed without value": (args("problem2", "--seed"), "expected one argument"),
    "seed of a million digits": (
        args("problem2", "--seed", "9" * 10**6),
        "non-negative integer, got '9999",
    ),
    "command of a million letters": (args("x" * 10**6), "invalid choice"),
    # -- outputs ---------------------------------------------------------------------
    "--json is an input file": (json_over("y_test"), "is the input file"),
    "--json is an input via ..": (json_via_dotdot, "is the input file"),
    "--json links to an input": (json_via_link, "is the input file"),
    "--json is a folder": (args("problem2", "--json", "{folder}"), "a folder"),
    "--json folder missing": (
        args("problem2", "--json", "{folder}/no/out.json"),
        "does not exist",
    ),
    "--json is a device": (args("problem2", "--json", "/dev/null"), "not a regular"),
    "--json empty": (args("problem2", "--json", ""), "an empty path"),
    "--data empty": (args("problem2", "--data", ""), "argument --data: an empty path"),
    "audit --data empty": (args("audit", "--data", ""), "--data: an empty path"),
    "audit --trajectory empty": (
        args("audit", "--trajectory", ""),
        "argument --trajectory: an empty path",
    ),
    "--json kept when the run fails": (json_after_failure, "diverged"),
    "--json write-protected": (json_write_protected, "out.json: Permission denied"),
    "--json on a full disk": (
        json_disk_full,
        "/course/out.json: No space left on device",
    ),
}


#: The cases that train on the files (more than a few seconds each).
SLOW_CASES = {"0-255 pixels", "--json kept when the run fails", "--json on a full disk"}


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        pytest.param(*case, id=name, marks=[pytest.mark.slow] * (name in SLOW_CASES))
        for name, case in CASES.items()
    ],
)
def test_bad_input_gives_one_line_and_exit_2(
    setup, expected, tmp_path, monkeypatch, capsys
):
    folder = tmp_path / "course"
    folder.mkdir()
    argv = setup(folder, monkeypatch)
    before = snapshot(tmp_path)
    try:
        code = main(argv)
    finally:
        monkeypatch.undo()
        folder.chmod(0o755)
    captured = capsys.readouterr()
    assert code == 2
    line = one_error_line(captured.err)
    assert expected in line
    assert len(line) < 600  # a field of the input is shown shortened
    assert "_seed" not in line
    assert captured.out == ""
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_a_failed_json_write_names_the_option_and_path(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "course"
    argv = json_disk_full(folder, monkeypatch)
    assert main(argv) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"dlhw: error: --json {folder / 'out.json'}: No space left on device"


@pytest.mark.slow
def test_the_diverged_message_says_what_to_try(tmp_path, capsys):
    pixels = np.round(np.random.default_rng(1).random((N_TRAIN, 48, 48)) * 255)
    write_course(tmp_path, X_train=pixels)
    assert main(["problem2", "--data", str(tmp_path)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "largest stable learning rate is 2/lambda_max" in line
    assert "stored as 0-255?" in line
    assert "divided by 255 to lie in [0, 1]" in line


# -- the contract is the wrapper's, whatever the subcommand ------------------------


def trajectory_command(path):
    def command(namespace):
        infer_bowl(load_trajectory(path), None)
        return 0

    return command


def random_points(folder):
    path = folder / "random.txt"
    np.savetxt(path, np.random.default_rng(0).random((100, 2)), fmt="%.17g")
    return path


def trajectory_fifo(folder):
    path = folder / "seq.txt"
    os.mkfifo(path)
    return path


def big_trajectory(folder):
    path = folder / "big.txt"
    path.write_bytes(b"1 2\n" * (MAX_TRAJECTORY_BYTES // 4 + 1))
    return path


def warns(namespace):
    warnings.warn("overflow encountered in multiply", RuntimeWarning, stacklevel=1)
    return 0


def os_error(namespace):
    raise PermissionError(13, "Permission denied", "/some/file")


TRAJECTORIES = {
    "device": (lambda folder: Path("/dev/zero"), "not a regular file"),
    "fifo": (trajectory_fifo, "not a regular file"),
    "folder": (lambda folder: folder, "a folder"),
    "missing": (lambda folder: folder / "none.txt", "file not found"),
    "too large": (big_trajectory, "more than the limit"),
    "random points": (random_points, "not gradient descent on a quadratic bowl"),
}


@pytest.mark.parametrize(
    ("make", "expected"), TRAJECTORIES.values(), ids=TRAJECTORIES.keys()
)
def test_trajectory_errors_get_the_same_contract(make, expected, tmp_path, capsys):
    path = make(tmp_path)
    assert run_command(trajectory_command(path), argparse.Namespace()) == 2
    captured = capsys.readouterr()
    assert expected in one_error_line(captured.err)
    assert captured.out == ""


@pytest.mark.parametrize(
    ("command", "expected"),
    [(warns, "RuntimeWarning: overflow"), (os_error, "/some/file: Permission denied")],
)
def test_warnings_and_os_errors_get_the_same_contract(command, expected, capsys):
    assert run_command(command, argparse.Namespace()) == 2
    assert expected in one_error_line(capsys.readouterr().err)


def test_an_interrupt_gets_one_line_and_exit_130(capsys):
    def interrupted(namespace):
        raise KeyboardInterrupt

    assert run_command(interrupted, argparse.Namespace()) == 130
    captured = capsys.readouterr()
    assert captured.err == "dlhw: interrupted\n"
    assert captured.out == ""


# -- in a real process ----------------------------------------------------------------


def run_module(*argv, env_extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "dlhw", *argv],
        capture_output=True,
        env=env,
        check=False,
        timeout=300,
    )


def started_working(proc, launched, threads=4, timeout=60.0):
    """Wait until ``proc`` is inside the work, past its imports: once it runs
    the grid on Numba's threads beside BLAS's (where the system lists a
    process's threads; elsewhere one second after its launch), then half a
    second more."""
    tasks = Path(f"/proc/{proc.pid}/task")
    deadline = time.monotonic() + timeout
    if not tasks.is_dir():
        time.sleep(max(0.0, launched + 1.0 - time.monotonic()))
    while tasks.is_dir() and len(list(tasks.iterdir())) < threads:
        assert proc.poll() is None, "the run ended before it was interrupted"
        assert time.monotonic() < deadline, "the run never started its threads"
        time.sleep(0.02)
    time.sleep(0.5)


@pytest.mark.slow
def test_ctrl_c_is_one_line_and_a_prompt_exit():
    # The disk cache off: a run answered from an earlier run's results would
    # end before it could be interrupted.
    env = dict(os.environ, DLHW_CACHE="off")
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    launched = time.monotonic()
    # The child gets Ctrl-C as from a terminal even where this run ignores it
    # (a background job of a shell): an ignored SIGINT is inherited.
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dlhw", "problem2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    finally:
        signal.signal(signal.SIGINT, ignored)
    with proc:
        try:
            started_working(proc, launched)
            assert proc.poll() is None, "the run ended before it was interrupted"
            proc.send_signal(signal.SIGINT)
            sent = time.monotonic()
            out, err = proc.communicate(timeout=60)
            waited = time.monotonic() - sent
        finally:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert err == b"dlhw: interrupted\n"
    assert out == b""
    # The interrupt is raised between two blocks of the grid's epochs (about
    # a second each here), after the closed form's one LAPACK call (some
    # seconds on a busy machine), or once the grid's kernel has compiled:
    # far sooner than the run would end.
    assert waited < 20.0


@pytest.mark.slow
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "unbuffered"])
def test_a_closed_stdout_is_quiet_and_the_json_is_written(tmp_path, unbuffered):
    # as `dlhw problem2 --json out.json | head -1` when head has gone
    folder = write_course(tmp_path / "course")
    out = tmp_path / "out.json"
    env = dict(os.environ, PYTHONUNBUFFERED=unbuffered)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    argv = ["problem2", "--data", str(folder), "--json", str(out)]
    with subprocess.Popen(
        [sys.executable, "-m", "dlhw", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as proc:
        proc.stdout.close()  # the reader is gone before anything is printed
        err = proc.stderr.read()
        code = proc.wait(timeout=300)
    assert code == 141
    assert err == b""
    doc = json.loads(out.read_text())
    assert doc["data"] == str(folder)


@pytest.mark.slow
def test_no_command_lists_the_commands_and_help_still_works():
    proc = run_module()
    assert proc.returncode == 2
    assert one_error_line(proc.stderr.decode()) == (
        "dlhw: error: choose a command: problem2, audit "
        "(dlhw COMMAND --help for its options)"
    )
    assert proc.stdout == b""
    proc = run_module("--help")
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert b"problem2" in proc.stdout
    assert b"audit" in proc.stdout
    proc = run_module("audit", "--help")
    assert proc.returncode == 0
    assert b"--trajectory FILE" in proc.stdout


def test_a_usage_error_in_a_process_is_one_line():
    proc = run_module("problem2", "--seed", "x")
    assert proc.returncode == 2
    assert "non-negative integer" in one_error_line(proc.stderr.decode())
    assert proc.stdout == b""


@pytest.mark.slow
def test_a_non_utf8_folder_name_prints_under_strict_utf8(tmp_path):
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))
    write_course(folder)
    out = Path(os.fsdecode(bytes(tmp_path) + b"/r\xe9sultats.json"))
    proc = run_module(
        "problem2",
        "--data",
        os.fsencode(folder),
        "--json",
        os.fsencode(out),
        env_extra={"PYTHONIOENCODING": "utf-8:strict"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert b"course files in " in proc.stdout.splitlines()[0]
    assert out.is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- names that hold escape sequences ----------------------------------------------

#: Clear the screen, then write "hi" to the clipboard (OSC 52).
HOSTILE = "c\x1b[2J\x1b]52;c;aGk=\x07"
HOSTILE_SHOWN = "c\\x1b[2J\\x1b]52;c;aGk=\\x07"


def no_controls(text):
    return not any(ch in text for ch in "\x1b\x07\u202e\r")


def test_a_hostile_folder_name_is_escaped_in_the_error_line(tmp_path, capsys):
    folder = write_course(tmp_path / HOSTILE)
    (folder / FILES["X_test"]).unlink()
    assert main(["problem2", "--data", str(folder)]) == 2
    captured = capsys.readouterr()
    line = one_error_line(captured.err)
    assert no_controls(captured.err)
    assert f"{HOSTILE_SHOWN}/{FILES['X_test']}: file not found" in line


@pytest.mark.slow
def test_a_hostile_folder_name_is_escaped_on_stdout(tmp_path, capsys):
    folder = write_course(tmp_path / HOSTILE)
    assert main(["problem2", "--data", str(folder)]) == 0
    captured = capsys.readouterr()
    assert no_controls(captured.out + captured.err)
    first = captured.out.splitlines()[0]
    assert first == f"Problem 2 on the course files in {tmp_path}/{HOSTILE_SHOWN}"


def test_hostile_names_are_escaped_in_the_audit(tmp_path, capsys, monkeypatch):
    from dlhw.problem3b import example_trajectory
    from dlhw.report import audit

    folder = write_course(tmp_path / HOSTILE)
    traj = tmp_path / "seq\u202etxt.exe"
    np.savetxt(traj, example_trajectory())

    def judged_elsewhere(data, trajectory, *, progress=False):
        # the claims are tested in test_audit; here only what is printed
        return audit.Audit((), data=str(data), trajectory=str(trajectory))

    monkeypatch.setattr(audit, "run_audit", judged_elsewhere)
    argv = ["audit", "--data", str(folder), "--trajectory", str(traj)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert no_controls(captured.out + captured.err)
    first = captured.out.splitlines()[0]
    assert f"Problem 2 on {tmp_path}/{HOSTILE_SHOWN}," in first
    assert first.endswith("Problem 3b on " + str(tmp_path / "seq\\u202etxt.exe"))


# -- every input is read and checked before any work ---------------------------------


def momentum_run(steps=40, beta=0.7, rate=0.2):
    centre, curv = np.array([0.5, 3.5]), np.array([2.25, 0.0625])
    x, v, run = np.array([2.0, 0.0]), np.zeros(2), []
    for _ in range(steps + 1):
        run.append(x.copy())
        v = beta * v - rate * 2 * curv * (x - centre)
        x = x + v
    return np.array(run)


def rotated_run(angle=0.5):
    from dlhw.problem3b import example_trajectory

    c, s = np.cos(angle), np.sin(angle)
    return example_trajectory() @ np.array([[c, -s], [s, c]]).T


NOT_DESCENT = {
    "momentum": (momentum_run, "not gradient descent on a quadratic bowl"),
    "rotated bowl": (rotated_run, "not gradient descent on a quadratic bowl"),
    "constant": (lambda: np.tile([1.0, 2.0], (10, 1)), "does not move"),
}


def no_work(*args, **kwargs):
    raise AssertionError("the work started before the inputs were checked")


@pytest.fixture
def work_refused(monkeypatch):
    from dlhw import problem2
    from dlhw.report import audit

    monkeypatch.setattr(audit, "run_audit", no_work)
    monkeypatch.setattr(problem2, "_run", no_work)


@pytest.mark.parametrize(("make", "expected"), NOT_DESCENT.values(), ids=NOT_DESCENT)
def test_a_trajectory_that_is_no_descent_is_refused_before_any_work(
    make, expected, tmp_path, capsys, work_refused
):
    path = tmp_path / "seq.txt"
    np.savetxt(path, make())
    before = snapshot(tmp_path)
    assert main(["audit", "--trajectory", str(path)]) == 2
    captured = capsys.readouterr()
    line = one_error_line(captured.err)
    assert line.startswith(f"dlhw: error: {path}: axis x")
    assert expected in line
    assert captured.out == ""
    assert snapshot(tmp_path) == before


def test_the_audit_reads_the_course_files_before_any_work(
    tmp_path, capsys, work_refused
):
    folder = write_course(tmp_path / "course", X_test=np.full((N_TEST, 2304), 1e200))
    assert main(["audit", "--data", str(folder)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{folder / FILES['X_test']}: pixel values reach 1e+200" in line
