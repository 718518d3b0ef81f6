"""A user's folder and file names reach the pages and the alt texts unaltered.

A one-page site, built with the site's own extension (docs/_ext/dlhw_site.py)
on the names of ``DLHW_DATA`` and ``DLHW_TRAJECTORY``, shows each name with
its own quotes, dashes and dots (Sphinx's smartquotes would make typographic
ones of them); a figure's alt text keeps every character of a name.
"""

from __future__ import annotations

import html
import io
import re
import sys
from pathlib import Path

import pytest

from dlhw.plotting import literal_text
from dlhw.report.tables import markdown_table
from dlhw.report.text import literal_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"
FOLDER = '"q" it\'s a--b... <!-- hid --> x---y'
TRAJECTORY = "cost $\\alert$ -- (c) {} \\emph it's\\"


@pytest.fixture
def site_ext(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    import dlhw_site

    yield dlhw_site
    sys.modules.pop("dlhw_site", None)


def _page_text(page: Path) -> str:
    body = page.read_text(encoding="utf-8").split('role="main"', 1)[-1]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_names_keep_their_quotes_dashes_and_dots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_ext
) -> None:
    from sphinx.application import Sphinx

    data = tmp_path / FOLDER
    data.mkdir()
    trajectory = tmp_path / TRAJECTORY
    trajectory.write_text("")
    monkeypatch.setenv("DLHW_DATA", str(data))
    monkeypatch.setenv("DLHW_TRAJECTORY", str(trajectory))
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['myst_parser', 'dlhw_site']\n")
    label = literal_markdown(f"course-format files ({FOLDER}/)")
    page = [
        "# Names",
        "",
        f"The report's numbers -- on the {label} and on {literal_markdown(TRAJECTORY)}...",
        "",
        markdown_table(["data"], [[label]]),
    ]
    (src / "index.md").write_text("\n".join(page) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(
        src, src, out, out / ".doctrees", "html", status=None,
        warning=io.StringIO(), warningiserror=True,
    )  # fmt: skip
    app.build()
    text = _page_text(out / "index.html")
    assert text.count(f"course-format files ({FOLDER}/)") == 2, text
    assert f"on {TRAJECTORY}\u2026" in text  # the prose's own dots still typeset
    assert "The report\u2019s numbers \u2013 on" in text


def test_alt_text_keeps_every_character_of_a_name(site_ext) -> None:
    title = f"Paths on the fitted bowl $x_1$\n{literal_text(TRAJECTORY)}"
    assert site_ext._plain_text(title) == f"Paths on the fitted bowl x_1 {TRAJECTORY}"
