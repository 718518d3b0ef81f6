"""The report pages cite only what their facts records glue, and compute nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlhw.report.facts import by_name
from dlhw.report.records import facts

PAGES = Path(__file__).resolve().parents[1] / "docs" / "report"
CITED = re.compile(r"\{glue:(?:text|md)\}`([a-z0-9_]+)|```\{glue:md\} ([a-z0-9_]+)")
CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)\n```", re.DOTALL)

#: The problems whose page is built from a facts record.
RECORDED = ("2", "3a", "3b", "3c", "3d")


def cited(page: Path) -> set[str]:
    return {a or b for a, b in CITED.findall(page.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("problem", RECORDED)
def test_the_page_cites_what_its_record_glues(problem: str) -> None:
    page = PAGES / f"problem{problem}.md"
    glued = by_name(facts(problem).glued())
    # the explorable figure's own values come from dlhw.explore
    wanted = {name for name in cited(page) if "_explore_" not in name}
    assert wanted <= glued.keys(), sorted(wanted - glued.keys())
    assert glued.keys() <= wanted, sorted(glued.keys() - wanted)


@pytest.mark.parametrize("problem", RECORDED)
def test_the_page_holds_one_glue_call_and_no_computation(problem: str) -> None:
    page = PAGES / f"problem{problem}.md"
    first = CELL.findall(page.read_text(encoding="utf-8"))[0]
    code = [
        line
        for line in first.splitlines()
        if line.strip() and not line.startswith((":", "from ", "import "))
    ]
    assert code == [f'glue_page("{problem}")']


def test_every_key_is_unique() -> None:
    keys = [c.key for problem in RECORDED for c in facts(problem).claims]
    assert all(keys), keys
    assert len(set(keys)) == len(keys)


def test_an_unknown_problem_has_no_record() -> None:
    with pytest.raises(ValueError, match="no facts record"):
        facts("4")
