"""The report layer's text: a user's string reaches a page as text, never markup."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from dlhw.files import printable
from dlhw.plotting import literal_text
from dlhw.report.tables import markdown_table
from dlhw.report.text import literal_markdown

# CommonMark with MyST's "$...$" math, as the pages are parsed.
MYST = MarkdownIt("commonmark").use(dollarmath_plugin)


def shown(markdown: str) -> str:
    """The HTML that a line of Markdown renders to."""
    return MYST.renderInline(markdown)


@pytest.mark.parametrize(
    "name",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert(2)<svg onload=alert(3)>.txt",
        "$x$ and $$y$$",
        "*a* _b_ `c` [d](e) ![f](g) {h}`i` &amp; \\ | ~j~",
        "\x1b]52;c;aGk=\x07 \x1b[2J \u202eabc",
    ],
)
def test_a_hostile_name_renders_as_its_text(name: str) -> None:
    assert shown(literal_markdown(name)) == html.escape(printable(name), quote=False)


@given(st.text())
def test_any_text_renders_as_itself(text: str) -> None:
    rendered = shown(literal_markdown(text))
    assert rendered == html.escape(printable(text), quote=False).replace('"', "&quot;")


def test_unescaped_the_name_would_be_markup() -> None:
    # The check above can fail: the same name, not escaped, is a tag.
    assert shown("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"


def test_a_name_stays_inside_its_table_cell() -> None:
    table = markdown_table(["data"], [[literal_markdown("a | b <i>")]])
    rendered = MarkdownIt("commonmark").enable("table").render(table)
    assert "<td>a | b &lt;i&gt;</td>" in rendered


def test_control_characters_are_shown_as_codes() -> None:
    assert printable("a\x1b[2J\x07\u202eb\n") == "a\\x1b[2J\\x07\\u202eb\\n"
    assert literal_text("$\\eta$ \x1b") == "\\$\\eta\\$ \\x1b"
