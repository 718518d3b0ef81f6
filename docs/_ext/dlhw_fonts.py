"""The faces the PDF is set in, shared by the Sphinx extension and docs/pdf.py.

A module of its own, with no Sphinx in it, so that the PDF script (and the
browser tests, which import it) can read the table without the docs' packages.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

# The PDF is set in DejaVu, the figures' own font, shipped with matplotlib: a
# machine's fonts (which differ from one Debian install to the next) would
# otherwise decide the line breaks, and with them the page numbers. The faces
# get family names of their own, so that no installed font of the same name
# can stand in for them.
PDF_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PDF_SANS, PDF_MONO = "dlhw DejaVu Sans", "dlhw DejaVu Sans Mono"
#: Each shipped face: file -> (family, weight, style).
PDF_FONTS = {
    "DejaVuSans.ttf": (PDF_SANS, "normal", "normal"),
    "DejaVuSans-Bold.ttf": (PDF_SANS, "bold", "normal"),
    "DejaVuSans-Oblique.ttf": (PDF_SANS, "normal", "italic"),
    "DejaVuSans-BoldOblique.ttf": (PDF_SANS, "bold", "italic"),
    "DejaVuSansMono.ttf": (PDF_MONO, "normal", "normal"),
    "DejaVuSansMono-Bold.ttf": (PDF_MONO, "bold", "normal"),
    "DejaVuSansMono-Oblique.ttf": (PDF_MONO, "normal", "italic"),
    "DejaVuSansMono-BoldOblique.ttf": (PDF_MONO, "bold", "italic"),
}
