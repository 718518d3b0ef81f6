"""Helpers for the report pages: glue computed values into the prose.

The pages are executed by myst-nb at build time; these helpers turn a value
into the string that appears in the text, so no number is ever typed into a
page. They need myst-nb and IPython (the extra ``dlhw[site]``), checked at
import and imported only when called. Formatting itself lives in
:mod:`dlhw.report.text` (re-exported here for the pages).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dlhw._extras import require_site
from dlhw.report.facts import Glued
from dlhw.report.records import glued
from dlhw.report.text import fmt, math_markdown, power_markdown

# myst-nb and IPython come with the extra dlhw[site]; a plain install lacks them.
require_site(__name__, "myst_nb", "IPython")

__all__ = [
    "fmt",
    "glue_facts",
    "glue_markdown",
    "glue_math",
    "glue_page",
    "glue_text",
    "math_markdown",
    "power_markdown",
]


def glue_text(name: str, text: str) -> None:
    """Glue a pre-formatted string, cited in prose as ``{glue:text}`name```.

    Parameters
    ----------
    name : str
        The glue name the page's prose cites.
    text : str
        The text shown, as it is (anything else is shown as its
        :class:`str`).
    """
    from myst_nb import glue

    glue(name, str(text), display=False)


def glue_markdown(name: str, markdown: str) -> None:
    """Glue Markdown (math included), cited as ``{glue:md}`name```.

    Parameters
    ----------
    name : str
        The glue name the page's prose cites.
    markdown : str
        MyST Markdown; ``$...$`` is inline math.
    """
    from IPython.display import Markdown
    from myst_nb import glue

    glue(name, Markdown(markdown), display=False)


def glue_math(name: str, expr: Any) -> None:
    """Glue an exact expression as inline math, cited as ``{glue:md}`name```.

    Parameters
    ----------
    name : str
        The glue name the page's prose cites.
    expr : sympy.Expr
        The expression, or anything :func:`sympy.sympify` accepts; shown as
        its LaTeX (:func:`dlhw.report.text.math_markdown`).
    """
    glue_markdown(name, math_markdown(expr))


def glue_facts(values: Iterable[Glued]) -> None:
    """Glue every value of a facts record (:mod:`dlhw.report.facts`).

    Parameters
    ----------
    values : iterable of dlhw.report.facts.Glued
        The values; each is glued as Markdown or as text, as its
        ``markdown`` field says, under its ``name``.
    """
    for value in values:
        if value.markdown:
            glue_markdown(value.name, value.text)
        else:
            glue_text(value.name, value.text)


def glue_page(page: str) -> None:
    """Glue every value the page ``page`` (``"3d"``, ``"home"``, ``"audit"``) cites.

    This is the one call in a page's hidden cell: the values come from the
    report layer (:func:`dlhw.report.records.glued`).

    Parameters
    ----------
    page : str
        One of :data:`dlhw.report.records.PAGES`.
    """
    glue_facts(glued(page))
