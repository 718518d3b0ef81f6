"""The one place for figure style.

Every gallery script draws through :func:`subplots`, so all figures share one
look: white background (readable in the site's light and dark modes alike),
high resolution, and one colour cycle.

Examples
--------
>>> fig, (ax1, ax2) = subplots(1, 2)
>>> fig.get_dpi() >= 100
True
>>> import matplotlib.pyplot as plt
>>> plt.close(fig)
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.rcsetup import cycler

from dlhw.files import printable

__all__ = [
    "COLORS",
    "STYLE",
    "TITLE_CHARACTERS",
    "apply_style",
    "iteration_colors",
    "literal_text",
    "subplots",
]

#: Colour-blind safe palette (Okabe and Ito), in the order plots use it.
COLORS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
)

#: Matplotlib settings shared by every figure of the site.
STYLE: dict[str, Any] = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(COLORS)),
    "font.size": 11,
    "axes.titlesize": 12,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
    # Keep text as text and figures byte-for-byte reproducible.
    "svg.hashsalt": "dlhw",
    "path.simplify": True,
}


def apply_style() -> None:
    """Apply :data:`STYLE` to matplotlib's global settings."""
    plt.style.use(STYLE)


def subplots(
    nrows: int = 1, ncols: int = 1, *, width: float | None = None, **kwargs: Any
) -> tuple[plt.Figure, Any]:
    """Create a styled figure, like :func:`matplotlib.pyplot.subplots`.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes.
    width : float, optional
        Figure width in inches; the height follows from the grid.
    **kwargs
        Passed on to :func:`matplotlib.pyplot.subplots`.

    Returns
    -------
    fig, axes
        As from :func:`matplotlib.pyplot.subplots`.
    """
    apply_style()
    if "figsize" not in kwargs:
        w = width if width is not None else min(4.2 * ncols + 0.6, 12.0)
        kwargs["figsize"] = (w, 3.4 * nrows + 0.4)
    return plt.subplots(nrows, ncols, **kwargs)


def iteration_colors(n: int, cmap: str = "viridis") -> Any:
    """``n`` colours whose intensity grows with the iteration index.

    Parameters
    ----------
    n : int
        Number of colours, one per iteration drawn.
    cmap : str, optional
        Name of a Matplotlib colormap.

    Returns
    -------
    numpy.ndarray
        RGBA colours, shape ``(n, 4)``: ``cmap`` sampled at ``n`` evenly
        spaced points from 0.15 (the first iteration) to 1 (the last).

    Examples
    --------
    >>> iteration_colors(3).shape
    (3, 4)
    >>> ends = mpl.colormaps["viridis"]([0.15, 1.0])
    >>> bool((iteration_colors(5)[[0, -1]] == ends).all())
    True
    """
    return mpl.colormaps[cmap]([0.15 + 0.85 * i / max(n - 1, 1) for i in range(n)])


#: Most characters of a user's text that a figure title shows
#: (:func:`literal_text`): about the width of one panel of a two-panel figure.
TITLE_CHARACTERS = 48


def literal_text(text: str, limit: int = TITLE_CHARACTERS) -> str:
    """A figure text that shows ``text`` as it is (a folder's name, say).

    Matplotlib reads a pair of ``$`` as math; escaped, they are dollar signs
    (a backslash outside math is drawn as it is). Control characters, which
    no font draws, are shown as their codes. A text longer than ``limit``
    is shortened in the middle, visibly, with an ellipsis, so that the
    title stays over its panel and shows how the name starts and ends; the
    full text belongs in the prose or the output beside the figure.

    Parameters
    ----------
    text : str
        The text to show, from a user or a file.
    limit : int, optional
        Most characters shown (after the control characters are written as
        codes), the ellipsis included.

    Returns
    -------
    str
        ``text`` with each control character written as its escape
        (:func:`dlhw.files.printable`), shortened, and each ``$`` escaped.

    Examples
    --------
    >>> print(literal_text("a$b$c\\x1b"))
    a\\$b\\$c\\x1b
    >>> print(literal_text("files (" + "a" * 100 + "z" * 100 + "/)", limit=20))
    files (aa…zzzzzzzz/)
    """
    shown = printable(text)
    if len(shown) > limit:
        head = (limit - 1) // 2
        shown = f"{shown[:head]}…{shown[len(shown) - (limit - 1 - head) :]}"
    return shown.replace("$", "\\$")
