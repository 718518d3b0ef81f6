"""The site's pages cite only what the report layer glues, and compute nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlhw.report.facts import by_name
from dlhw.report.records import PAGES, facts, glued

DOCS = Path(__file__).resolve().parents[1] / "docs"
CITED = re.compile(r"\{glue:(?:text|md)\}`([a-z0-9_]+)|```\{glue:md\} ([a-z0-9_]+)")
CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)\n```", re.DOTALL)

#: The problems whose page is built from a facts record.
RECORDED = ("2", "3a", "3b", "3c", "3d")


def source(page: str) -> Path:
    """The MyST file of a page of :data:`dlhw.report.records.PAGES`."""
    special = {"home": DOCS / "index.md", "audit": DOCS / "audit.md"}
    return special.get(page, DOCS / "report" / f"problem{page}.md")


def cited(page: Path) -> set[str]:
    return {a or b for a, b in CITED.findall(page.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("page", PAGES)
def test_the_page_cites_what_its_record_glues(page: str) -> None:
    values = by_name(glued(page))
    # the explorable figure's own values come from dlhw.explore
    wanted = {name for name in cited(source(page)) if "_explore_" not in name}
    assert wanted <= values.keys(), sorted(wanted - values.keys())
    assert values.keys() <= wanted, sorted(values.keys() - wanted)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_holds_one_glue_call_and_no_computation(page: str) -> None:
    first = CELL.findall(source(page).read_text(encoding="utf-8"))[0]
    code = [
        line
        for line in first.splitlines()
        if line.strip() and not line.startswith((":", "from ", "import "))
    ]
    assert code == [f'glue_page("{page}")']


def test_every_key_is_unique() -> None:
    keys = [c.key for problem in RECORDED for c in facts(problem).claims]
    assert all(keys), keys
    assert len(set(keys)) == len(keys)


def test_an_unknown_problem_has_no_record() -> None:
    with pytest.raises(ValueError, match="no facts record"):
        facts("4")


def test_an_unknown_page_has_no_values() -> None:
    with pytest.raises(ValueError, match="no page 'x'"):
        glued("x")
