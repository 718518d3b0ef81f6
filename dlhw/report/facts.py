"""Facts records: every value a page cites, computed once in the report layer.

A page of the report is prose plus one call: :func:`dlhw.pages.glue_page`
glues the values of its problem's facts record, and the prose cites them by
name. The record is also what the claims, the landing page's headline and the
audit read, so a number shown in two places is computed once.

Each value is a :class:`Glued`: a name, the text the page shows and whether
that text is Markdown (cited as ``{glue:md}``, math included) or plain text
(``{glue:text}``).

Examples
--------
>>> import sympy as sp
>>> math("half", sp.Rational(1, 2))
Glued(name='half', text='$\\\\frac{1}{2}$', markdown=True)
>>> text("steps", 200)
Glued(name='steps', text='200', markdown=False)
>>> by_name((text("a", 1), text("b", 2)))["b"].text
'2'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Protocol

from dlhw.report.claim import Claim
from dlhw.report.text import math_markdown

__all__ = [
    "Facts",
    "Glued",
    "KeyedClaims",
    "by_name",
    "claim",
    "markdown",
    "math",
    "text",
]


class Glued(NamedTuple):
    """One value a page cites: its glue name and the text shown."""

    name: str
    text: str
    markdown: bool


class Facts(Protocol):
    """What every problem's facts record offers the pages and the audit."""

    @property
    def claims(self) -> tuple[Claim, ...]:
        """The problem's claims, judged, in the report's order."""
        ...

    def claim(self, key: str) -> Claim:
        """The claim with this stable key.

        Parameters
        ----------
        key : str
            The stable ``key`` of a :class:`~dlhw.report.claim.Claim`.

        Returns
        -------
        Claim

        Raises
        ------
        KeyError
            If no claim of the record has that key.
        """
        ...

    def glued(self) -> tuple[Glued, ...]:
        """Every value the problem's page cites."""
        ...


class KeyedClaims:
    """The ``claim(key)`` lookup every facts record offers over its ``claims``.

    A base of the frozen dataclasses :class:`~dlhw.report.facts2.Facts2` ...
    :class:`~dlhw.report.facts3d.Facts3d`, each of which holds ``claims``.
    """

    claims: tuple[Claim, ...]

    def claim(self, key: str) -> Claim:
        """The claim with this stable key (``"3d-pair"``, say).

        Parameters
        ----------
        key : str
            The stable ``key`` of one of ``claims``
            (:class:`~dlhw.report.claim.Claim`).

        Returns
        -------
        Claim

        Raises
        ------
        KeyError
            If no claim has that key (:func:`dlhw.report.facts.claim`).
        """
        return claim(self.claims, key)


def text(name: str, value: object) -> Glued:
    """A value shown as plain text, cited as ``{glue:text}`name```.

    Parameters
    ----------
    name : str
        The glue name the page's prose cites.
    value : object
        The value; its :class:`str` is the text shown.

    Returns
    -------
    Glued
        Not Markdown.

    Examples
    --------
    >>> text("rate", 0.25)
    Glued(name='rate', text='0.25', markdown=False)
    """
    return Glued(name, str(value), False)


def markdown(name: str, value: str) -> Glued:
    """Markdown (math included), cited as ``{glue:md}`name```.

    Parameters
    ----------
    name : str
        The glue name the page's prose cites.
    value : str
        MyST Markdown; ``$...$`` is inline math.

    Returns
    -------
    Glued
        Markdown.

    Examples
    --------
    >>> markdown("bold", "**yes**")
    Glued(name='bold', text='**yes**', markdown=True)
    """
    return Glued(name, value, True)


def math(name: str, expr: Any) -> Glued:
    """An exact expression as inline math, cited as ``{glue:md}`name```.

    Parameters
    ----------
    name : str
        The glue name the page's prose cites.
    expr : sympy.Expr
        The expression, or anything :func:`sympy.sympify` accepts.

    Returns
    -------
    Glued
        Markdown: the expression's LaTeX between dollar signs
        (:func:`dlhw.report.text.math_markdown`).

    Examples
    --------
    >>> math("root", "sqrt(2)")
    Glued(name='root', text='$\\\\sqrt{2}$', markdown=True)
    """
    return markdown(name, math_markdown(expr))


def by_name(values: Iterable[Glued]) -> Mapping[str, Glued]:
    """The values keyed by glue name (a page's values, for tests).

    Parameters
    ----------
    values : iterable of Glued
        The values; of two with one name the later wins.

    Returns
    -------
    collections.abc.Mapping of str to Glued

    Examples
    --------
    >>> sorted(by_name((text("a", 1), markdown("b", "$2$"))))
    ['a', 'b']
    """
    return {g.name: g for g in values}


def claim(claims: Iterable[Claim], key: str) -> Claim:
    """The claim whose stable ``key`` (:class:`~dlhw.report.claim.Claim`) is ``key``.

    Parameters
    ----------
    claims : iterable of Claim
        The claims to search, in order.
    key : str
        A stable key (``"3d-pair"``).

    Returns
    -------
    Claim
        The first claim with that key.

    Raises
    ------
    KeyError
        If no claim has that key.

    Examples
    --------
    >>> from dlhw.report.rules import Equal
    >>> rows = [Claim("3d", "One is one.", "1", "1", Equal(1, 1), key="3d-one")]
    >>> claim(rows, "3d-one").claim
    'One is one.'
    >>> claim(rows, "3d-two")
    Traceback (most recent call last):
    ...
    KeyError: "no claim has the key '3d-two'"
    """
    for c in claims:
        if c.key == key:
            return c
    raise KeyError(f"no claim has the key {key!r}")
