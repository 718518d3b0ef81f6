"""Helpers for the report pages: glue computed values into the prose.

The pages are executed by myst-nb at build time; these helpers turn a value
into the string that appears in the text, so no number is ever typed into a
page. They need the documentation dependencies (myst-nb and IPython) and
import them only when called.

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
"""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

__all__ = [
    "fmt",
    "glue_markdown",
    "glue_math",
    "glue_text",
    "math_markdown",
    "power_markdown",
]


def fmt(value: float, digits: int = 4) -> str:
    """Format a number with ``digits`` significant digits.

    Fixed notation for ordinary magnitudes, scientific for tiny or huge ones.
    """
    v = float(value)
    if v == 0 or 1e-3 <= abs(v) < 10**digits:
        return f"{v:.{digits}g}"
    if 10**digits <= abs(v) < 1e9:
        return f"{v:.0f}"
    return f"{v:.{max(digits - 1, 0)}e}"


def power_markdown(value: float) -> str:
    """Inline math ``$10^{k}$`` for a power of ten, else :func:`fmt` of the value."""
    v = float(value)
    if v > 0:
        k = round(math.log10(v))
        if 10.0**k == v:
            return f"$10^{{{k}}}$"
    return fmt(v)


def math_markdown(expr: Any) -> str:
    """Inline-math Markdown for a SymPy expression (or anything sympifiable)."""
    return f"${sp.latex(sp.sympify(expr))}$"


def glue_text(name: str, text: str) -> None:
    """Glue a pre-formatted string, cited in prose as ``{glue:text}`name```."""
    from myst_nb import glue

    glue(name, str(text), display=False)


def glue_markdown(name: str, markdown: str) -> None:
    """Glue Markdown (math included), cited as ``{glue:md}`name```."""
    from IPython.display import Markdown
    from myst_nb import glue

    glue(name, Markdown(markdown), display=False)


def glue_math(name: str, expr: Any) -> None:
    """Glue an exact expression as inline math, cited as ``{glue:md}`name```."""
    glue_markdown(name, math_markdown(expr))
