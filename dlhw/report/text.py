"""Numbers and expressions as the report layer writes them in prose.

Examples
--------
>>> import sympy as sp
>>> math_markdown(sp.sqrt(2) / 2)
'$\\\\frac{\\\\sqrt{2}}{2}$'
>>> fmt(0.7645158065620998, 4)
'0.7645'
>>> fmt(1.5e-17, 2)
'1.5e-17'
>>> fmt(0.001234, 2), fmt(123456.7, 3)
('0.0012', '123457')
>>> power_markdown(1e-3), power_markdown(0.25)
('$10^{-3}$', '0.25')
>>> print(literal_markdown("<img src=x onerror=alert(1)> $x$"))
\\<img src\\=x onerror\\=alert(1)\\> \\$x\\$
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import sympy as sp

from dlhw.files import printable

__all__ = [
    "fmt",
    "literal_markdown",
    "math_markdown",
    "numbers",
    "power_markdown",
    "words",
]


def fmt(value: float, digits: int = 4) -> str:
    """Format a number with ``digits`` significant digits.

    Fixed notation for ordinary magnitudes, scientific for tiny or huge ones.

    Parameters
    ----------
    value : float
        The number (anything :class:`float` accepts).
    digits : int, optional
        Significant digits. From :math:`10^{-3}` up to
        :math:`10^{\\text{digits}}` the shortest form (``:g``); from there up
        to :math:`10^9` the whole number; beyond, and below
        :math:`10^{-3}`, scientific notation.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt(2 / 3), fmt(2 / 3, 2), fmt(12345.6, 2), fmt(0.0001234)
    ('0.6667', '0.67', '12346', '1.234e-04')
    """
    v = float(value)
    if v == 0 or 1e-3 <= abs(v) < 10**digits:
        return f"{v:.{digits}g}"
    if 10**digits <= abs(v) < 1e9:
        return f"{v:.0f}"
    return f"{v:.{max(digits - 1, 0)}e}"


def power_markdown(value: float) -> str:
    """Inline math ``$10^{k}$`` for a power of ten, else :func:`fmt` of the value.

    Parameters
    ----------
    value : float
        The number; a power of ten is one that ``10.0**k`` gives exactly.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> power_markdown(1e-5), power_markdown(100), power_markdown(2e-5)
    ('$10^{-5}$', '$10^{2}$', '2e-05')
    """
    v = float(value)
    if v > 0:
        k = round(math.log10(v))
        if 10.0**k == v:
            return f"$10^{{{k}}}$"
    return fmt(v)


def math_markdown(expr: Any) -> str:
    """Inline-math Markdown for a SymPy expression (or anything sympifiable).

    Parameters
    ----------
    expr : sympy.Expr
        The expression, or anything :func:`sympy.sympify` accepts.

    Returns
    -------
    str
        Its LaTeX (:func:`sympy.latex`) between dollar signs.

    Examples
    --------
    >>> math_markdown("x**2/2")
    '$\\\\frac{x^{2}}{2}$'
    """
    return f"${sp.latex(sp.sympify(expr))}$"


# The ASCII punctuation that can start markup inside a line of MyST: HTML tags
# and entities, emphasis, code, links and images, math, roles, table cells,
# footnotes and substitutions, headings and quotes (at a cell's start). Each
# is plain text once backslash-escaped (CommonMark); the rest of the
# punctuation (a folder's "(", "/", "." or "-") is left as it reads.
_MARKDOWN_SPECIAL = "\\`*_{}[]<>&$|!#~^:="
_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in _MARKDOWN_SPECIAL})


def literal_markdown(text: str) -> str:
    """Markdown that shows ``text`` as it is, whatever it holds.

    For strings that come from the user (a folder's or a file's name): the
    punctuation that could start markup is backslash-escaped, so that
    ``<script>``, ``$x$`` or ``[a](b)`` reach the page as text, never as
    markup, and control characters (line breaks, escape sequences) and
    bidirectional overrides are shown as their codes
    (:func:`dlhw.files.printable`).

    Parameters
    ----------
    text : str
        Plain text.

    Returns
    -------
    str
        MyST Markdown of one line that renders as ``text``.
    """
    return printable(text).translate(_MARKDOWN_ESCAPES)


def numbers(values: Iterable[float], sep: str = ", ") -> str:
    """Numbers in their shortest form (``:g``), joined by ``sep``.

    Unlike :func:`words`, every pair is joined the same way, so a list of
    rates reads as the report prints it.

    Parameters
    ----------
    values : iterable of float
        The numbers.
    sep : str, optional
        What goes between two numbers.

    Returns
    -------
    str

    Examples
    --------
    >>> numbers((1e-5, 1e-4, 1e-3)), numbers((0.1, 1.0), " and ")
    ('1e-05, 0.0001, 0.001', '0.1 and 1')
    """
    return sep.join(f"{x:g}" for x in values)


def words(items: Iterable[object], last: str = "and") -> str:
    """Items as a list in prose: ``"a"``, ``"a and b"``, ``"a, b and c"``.

    Parameters
    ----------
    items : iterable of object
        At least one item; each is shown as its :class:`str`.
    last : str, optional
        The word before the last item.

    Returns
    -------
    str

    Examples
    --------
    >>> words([1]), words(["x", "y"], last="or"), words(power_markdown(r) for r in (1e-2, 0.5, 1e-1))
    ('1', 'x or y', '$10^{-2}$, 0.5 and $10^{-1}$')
    """
    names = [str(i) for i in items]
    return (
        names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"
    )
