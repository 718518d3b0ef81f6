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
"""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

__all__ = ["fmt", "math_markdown", "power_markdown"]


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
