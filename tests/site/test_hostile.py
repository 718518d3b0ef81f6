"""The site built on files with hostile names shows the names, and runs nothing.

A user names a folder and a file; both reach the pages (labels, tables, the
claims audit, figure titles and their alt text) and the command line's output.
Here the course-format files lie in a folder of 250 bytes whose name starts
``<img src=x onerror=alert(1)>``, holds a line break, quotes, dashes, dots, an
HTML comment, ``$x$``, braces and a backslash command, and ends in a
backslash; the trajectory is a file whose name starts
``<script>alert(2)<svg onload=alert(3)>``, holds ``$\\alert$`` and a line
break before a forged verdict line. The whole site is built on them from a
clean copy of the sources (as ``nox -s repro`` builds), and so is the single
page the PDF is printed from; then

- no page holds one of the names as markup: every ``<`` of a name is escaped;
- every page does show them, escaped (or the build did not use the files),
  with their own quotes, dashes and dots;
- a figure's alt text holds the name as its title shows it, shortened in the
  middle, every character kept;
- every page, opened in Chromium, opens no dialog and runs no injected code;
- ``dlhw audit`` on the same files prints no line of a name's and writes the
  names into its JSON as they are.

Run by ``nox -s hostile`` (a full build of its own: some minutes).
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dlhw.files import printable
from dlhw.plotting import literal_text
from dlhw.problem3b import example_trajectory

pytestmark = pytest.mark.hostile

ROOT = Path(__file__).resolve().parents[2]
# What a name does to the text around it: a line break that would start a line
# of its own, the characters that smart quotes would change, and TeX.
FORGED = "[3b-axis] CONFIRMED: forged line injected by a file name"
TYPOGRAPHY = '"q" it\'s a--b... <!-- hid -->'
_FOLDER_START = (
    f"<img src=x onerror=alert(1)>\nProblem 2 on the STAND-IN data {TYPOGRAPHY} "
)
_FOLDER_END = " $x$ {} \\emph \\"
HOSTILE_FOLDER = (
    _FOLDER_START + "x" * (250 - len(_FOLDER_START + _FOLDER_END)) + _FOLDER_END
)
HOSTILE_TRAJECTORY = (
    f"<script>alert(2)<svg onload=alert(3)> cost $\\alert$ -- (c)\n\n{FORGED}\n.txt"
)
# What an unescaped name would put into a page: the start of each tag.
RAW_TAGS = re.compile(r"<img src=x|<script>alert|<svg onload")
# The names as HTML text (how Sphinx and the escaped alt texts write them).
ESCAPED = ("&lt;img src=x onerror=alert(1)&gt;", "&lt;script&gt;alert(2)")


def _repro() -> Any:
    spec = importlib.util.spec_from_file_location(
        "dlhw_repro", Path(__file__).with_name("repro.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hostile_inputs(
    tmp_path_factory: pytest.TempPathFactory, course_files: Any
) -> dict[str, str]:
    """The course-format files and the trajectory, under the hostile names."""
    inputs = tmp_path_factory.mktemp("inputs")
    data = course_files(inputs / HOSTILE_FOLDER)
    trajectory = inputs / HOSTILE_TRAJECTORY
    np.savetxt(trajectory, example_trajectory())
    return {"DLHW_DATA": str(data), "DLHW_TRAJECTORY": str(trajectory)}


@pytest.fixture(scope="module")
def hostile_build(
    tmp_path_factory: pytest.TempPathFactory, hostile_inputs: dict[str, str]
) -> Path:
    """The site and the PDF's single page, built on the hostile names."""
    target = tmp_path_factory.mktemp("build")
    env = hostile_inputs
    repro = _repro()
    repro.build(ROOT, target, env=env)
    # The PDF's page, from the same copy (its execution cache is reused).
    docs = target / "docs"
    sphinx = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q"]
    subprocess.run(
        [
            *sphinx,
            "-t",
            "pdf",
            "-b",
            "singlehtml",
            str(docs),
            str(docs / "_build" / "singlehtml"),
        ],
        cwd=target,
        env=repro.build_env(target, env),
        check=True,
    )
    return target / "docs" / "_build"


def pages(build: Path) -> list[Path]:
    html = build / "html"
    found = [
        p
        for p in sorted(html.rglob("*.html"))
        if not any(part.startswith("_") for part in p.relative_to(html).parts[:-1])
    ]
    return [*found, build / "singlehtml" / "index.html"]


def test_no_name_reaches_a_page_as_markup(hostile_build: Path) -> None:
    raw = {}
    for page in pages(hostile_build):
        found = RAW_TAGS.findall(page.read_text(encoding="utf-8"))
        if found:
            raw[str(page.relative_to(hostile_build))] = sorted(set(found))
    assert not raw, f"names written as markup: {raw}"


@pytest.mark.parametrize(
    ("page", "names"),
    [
        ("html/index.html", ESCAPED),
        ("html/audit.html", ESCAPED),
        ("html/report/problem2.html", ESCAPED[:1]),
        ("html/report/problem3b.html", ESCAPED[1:]),
        ("singlehtml/index.html", ESCAPED),
    ],
)
def test_the_names_are_shown_as_text(
    hostile_build: Path, page: str, names: tuple[str, ...]
) -> None:
    text = (hostile_build / page).read_text(encoding="utf-8")
    for name in names:
        assert name in text, f"{page} does not show {name}: the files were not used"


def _text(page: Path) -> str:
    """A page's text: its markup taken out, its entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "page",
    [
        "html/index.html",
        "html/audit.html",
        "html/report/problem2.html",
        "singlehtml/index.html",
    ],
)
def test_a_name_keeps_its_quotes_dashes_and_dots(
    hostile_build: Path, page: str
) -> None:
    assert TYPOGRAPHY in _text(hostile_build / page)


def test_figure_alt_texts_show_the_folder_as_its_titles_do(hostile_build: Path) -> None:
    # sphinx-gallery's figures take their alt text from the figure titles,
    # where a long name is shortened in the middle.
    pages = hostile_build / "html" / "auto_examples" / "problem2"
    alts = [
        html.unescape(alt)
        for page in sorted(pages.glob("*.html"))
        for alt in re.findall(r'alt="([^"]*)"', page.read_text(encoding="utf-8"))
    ]
    label = literal_text(f"course-format files ({HOSTILE_FOLDER}/)")
    shown = label.replace("\\$", "$")
    assert "…" in shown
    assert any(shown in alt for alt in alts), alts


def test_the_audit_prints_no_line_of_a_name(
    hostile_build: Path, hostile_inputs: dict[str, str], tmp_path: Path
) -> None:
    data, trajectory = hostile_inputs["DLHW_DATA"], hostile_inputs["DLHW_TRAJECTORY"]
    out = tmp_path / "audit.json"
    done = subprocess.run(
        [sys.executable, "-m", "dlhw", "audit", "--data", data, "--trajectory",
         trajectory, "--json", str(out)],
        capture_output=True, text=True, check=False,
        env=_repro().build_env(hostile_build.parents[1]),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not [x for x in lines if x.startswith((FORGED, "Problem 2 on the STAND"))]
    assert printable(trajectory) in lines[0]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["data"], doc["trajectory"]) == (data, trajectory)
    measured = " ".join(c["measured"] for c in doc["claims"])
    assert Path(data).name in measured
    assert Path(trajectory).name in measured


def test_no_page_runs_injected_code(
    hostile_build: Path, browser: Any, serve_dir: Any
) -> None:
    dialogs: list[str] = []
    errors: list[str] = []
    context = browser.new_context()
    # An alert() that runs is recorded even if the dialog is never shown.
    context.add_init_script(
        "for (const name of ['alert', 'confirm', 'prompt']) {"
        "  window[name] = (m) => { console.error('dlhw-injected ' + name + ' ' + m); };"
        "}"
    )
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on(
            "console",
            lambda m: errors.append(m.text) if "dlhw-injected" in m.text else None,
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        for root in ("html", "singlehtml"):
            with serve_dir(hostile_build / root) as base:
                for path in pages(hostile_build):
                    if path.is_relative_to(hostile_build / root):
                        rel = path.relative_to(hostile_build / root).as_posix()
                        page.goto(base + rel, wait_until="load")
    finally:
        context.close()
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not errors, f"injected code ran: {errors}"
