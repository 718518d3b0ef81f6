"""Every gallery script runs as plain Python and shows its figure.

The gallery's header promises that a downloaded script redraws its figure when
run with plain Python. Each script is run here as ``__main__`` with the
non-interactive Agg backend and warnings as errors (the test suite's
``filterwarnings = error``); ``plt.show()`` is recorded, so a script that
forgets it, or calls it with no figure, fails. Runs share this process, and so
the package's cached experiments; one script also runs in a fresh interpreter,
exactly as a reader would start it.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlhw.plotting import literal_text
from dlhw.problem3b import example_trajectory

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"
SCRIPTS = sorted(GALLERY.glob("*/plot_*.py"))
#: The scripts that take more than a few seconds (Problem 3a's sweeps, 3b's runs).
SLOW_SCRIPTS = {
    "plot_p3a_rates",
    "plot_p3a_scan",
    "plot_p3a_trajectories",
    "plot_p3b_inferred_bowl",
    "plot_p3b_small_rate",
}


def test_the_gallery_is_grouped_by_problem() -> None:
    """One folder per problem, each with its header and at least one script."""
    folders = sorted(p.parent.name for p in GALLERY.glob("*/GALLERY_HEADER.rst"))
    assert folders == ["problem2", "problem3a", "problem3b", "problem3c", "problem3d"]
    assert {s.parent.name for s in SCRIPTS} == set(folders)
    assert not list(GALLERY.glob("plot_*.py")), "a script outside the problem folders"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Record how many figures are open at each ``plt.show()``."""
    plt.switch_backend("agg")
    calls: list[int] = []
    monkeypatch.setattr(
        plt, "show", lambda *a, **k: calls.append(len(plt.get_fignums()))
    )
    plt.close("all")
    yield calls
    plt.close("all")


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(p, id=p.stem, marks=[pytest.mark.slow] * (p.stem in SLOW_SCRIPTS))
        for p in SCRIPTS
    ],
)
def test_script_runs_and_shows_its_figure(
    script: Path, shown: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(script.parent)
    runpy.run_path(str(script), run_name="__main__")
    assert shown, f"{script.name} never calls plt.show()"
    assert shown[-1] >= 1, f"{script.name} calls plt.show() with no figure open"


@pytest.mark.slow
def test_a_script_runs_in_a_fresh_interpreter(tmp_path: Path) -> None:
    script = GALLERY / "problem3d" / "plot_p3d_one_step.py"
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "PYTHONPATH": os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    }
    done = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "eta = 1/4" in done.stdout
    assert not done.stderr


def _titles(script: Path, monkeypatch: pytest.MonkeyPatch) -> list[plt.Text]:
    """Run ``script`` and draw its figures; every axes title, drawn."""
    monkeypatch.chdir(script.parent)
    runpy.run_path(str(script), run_name="__main__")
    titles = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        figure.canvas.draw()  # TeX in a title is parsed here
        titles += [ax.title for ax in figure.axes if ax.get_title()]
    return titles


@pytest.mark.slow
@pytest.mark.parametrize("script", ["plot_p3b_inferred_bowl", "plot_p3b_small_rate"])
def test_a_trajectory_named_with_tex_is_drawn_as_its_name(
    script: str, shown: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cost $\\alert$ -- (c).txt"
    np.savetxt(path, example_trajectory())
    monkeypatch.setenv("DLHW_TRAJECTORY", str(path))
    titles = _titles(GALLERY / "problem3b" / f"{script}.py", monkeypatch)
    named = [t for t in titles if t.get_text().endswith("\n" + literal_text(path.name))]
    assert named, [t.get_text() for t in titles]


@pytest.mark.slow
def test_a_long_folder_name_is_shortened_over_its_panel(
    shown: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    course_files: Any,
) -> None:
    name = "a" * 120 + "-middle-" + "z" * 122  # 250 bytes, a file system's most
    folder = course_files(tmp_path / name)
    monkeypatch.setenv("DLHW_DATA", str(folder))
    titles = _titles(GALLERY / "problem2" / "plot_p2_predictions.py", monkeypatch)
    assert len(titles) == 2
    assert all("…" in t.get_text() for t in titles)
    assert all(t.get_text().endswith("zz/)") for t in titles)
    left, right = (t.get_window_extent() for t in titles)
    width = titles[0].figure.bbox.width
    assert left.x0 >= 0
    assert left.x1 < right.x0
    assert right.x1 <= width
