"""The report as one PDF (``nox -s pdf`` writes and then checks it).

The PDF holds the pages named by ``dlhw_pdf_docs`` in docs/conf.py, in that
order, each with its title printed and bookmarked; every page carries its
number; every gallery figure of those pages is embedded from its 2x rendering;
no TeX is left as source; each explorable figure is replaced by a note.
``DLHW_PDF`` names the file (default ``docs/_build/pdf/dlhw.pdf``) and
``DLHW_SINGLEHTML`` the page it was printed from.
"""

from __future__ import annotations

import ast
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PDF = Path(os.environ.get("DLHW_PDF", DOCS / "_build" / "pdf" / "dlhw.pdf"))
# The single-page HTML that was printed.
HTML = Path(os.environ.get("DLHW_SINGLEHTML", DOCS / "_build" / "singlehtml"))
# The words that dlhw.css prints in place of an explorable figure (its start).
EXPLORABLE_NOTE = "An explorable figure stands here on the site"
# The figures are 9 to 13 inches wide, drawn at 150 dpi and twice that for
# the 2x rendering: anything narrower than this is not a 2x file.
MIN_FIGURE_PIXELS = 2000
# TeX that should have been typeset.
RAW_TEX = re.compile(
    r"\\(t?frac|sqrt|eta|delta|mathrm|left|right|cdot)\b|\$[^$\s][^$]*\$"
)
FIGURE = re.compile(r"sphx_glr_\w+?_\d{3}\.png")
# The faces the build ships for the text (PDF_FONTS in docs/_ext/dlhw_site.py),
# and the math font the site is built with (STIX Two Math, cut down), by their
# PostScript names.
SHIPPED_FONT = re.compile(
    r"DejaVuSans(Mono)?(-Bold|-Oblique|-BoldOblique)?|STIXTwoMath(-Regular)?"
)


def pdf_docs() -> list[str]:
    """``dlhw_pdf_docs`` of docs/conf.py, read without running the file."""
    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "dlhw_pdf_docs" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("docs/conf.py sets no dlhw_pdf_docs")


def source(docname: str) -> str:
    return (DOCS / f"{docname}.md").read_text(encoding="utf-8")


def title(docname: str) -> str:
    """The page's title: its first level-one heading."""
    return next(
        line[2:].strip()
        for line in source(docname).splitlines()
        if line.startswith("# ")
    )


def words(text: str) -> str:
    """Text with its ligatures (ﬁ) spelled out and its whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


def key(text: str) -> str:
    """Text to compare: the letters and digits only (bookmarks drop line breaks)."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text).lower())


@cache
def reader() -> Any:
    if not PDF.is_file():
        pytest.fail(f"no PDF at {PDF}: run `nox -s pdf`", pytrace=False)
    from pypdf import PdfReader

    return PdfReader(PDF)


@cache
def page_texts() -> list[str]:
    return [words(page.extract_text()) for page in reader().pages]


def bookmarks() -> list[tuple[str, int]]:
    """Every bookmark, in order, with its 0-based page."""
    found = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(
                    (key(item.title), reader().get_destination_page_number(item))
                )

    walk(reader().outline)
    return found


def images() -> dict[int, int]:
    """The pixel width of every image embedded in the pages, by object number."""
    found = {}
    for page in reader().pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[ref.idnum] = int(obj["/Width"])
    return found


def fonts() -> dict[str, set[int]]:
    """Every font the pages use, by name (Type 3 fonts by subtype), with its pages."""
    found: dict[str, set[int]] = {}
    for number, page in enumerate(reader().pages, 1):
        resources = page.get("/Resources", {})
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", font.get("/Subtype")))
            # A subset's name starts with six capitals and a plus sign.
            found.setdefault(re.sub(r"^/([A-Z]{6}\+)?", "", name), set()).add(number)
    return found


def test_the_text_is_set_in_the_shipped_fonts_only() -> None:
    """No font of the machine's: the pages break alike wherever they are printed."""
    used = fonts()
    assert "DejaVuSans" in used, sorted(used)
    others = {
        name: sorted(pages)[:5]
        for name, pages in used.items()
        if not SHIPPED_FONT.fullmatch(name) and name != "Type3"
    }
    assert not others, f"fonts that the build does not ship: {others}"


def test_page_count_is_sane() -> None:
    pages = len(reader().pages)
    # Seven pages of the site with some twenty figures: fewer pages would
    # mean content is missing, many more that something broke the layout.
    assert 20 <= pages <= 120, pages


def test_every_page_is_numbered() -> None:
    texts = page_texts()
    unnumbered = [
        i for i, text in enumerate(texts, 1) if f"{i} / {len(texts)}" not in text
    ]
    assert not unnumbered, f"pages without their number: {unnumbered}"


def test_the_pages_come_in_order_each_titled_and_bookmarked() -> None:
    docs = pdf_docs()
    assert docs[0] == "index"
    marks = bookmarks()
    texts = page_texts()
    last, at = -1, 0
    for docname in docs:
        name = title(docname)
        hits = [k for k in range(at, len(marks)) if marks[k][0] == key(name)]
        assert hits, f"no bookmark {name!r} after the previous page's"
        at = hits[0] + 1
        page = marks[hits[0]][1]
        assert page > last, f"{name!r} is out of order"
        assert key(name) in key(texts[page]), f"{name!r} not printed on page {page + 1}"
        last = page


def test_the_contents_list_every_page() -> None:
    texts = page_texts()
    first = key(title(pdf_docs()[1]))
    # The contents come before the first chapter, which is also listed there.
    contents = next(
        i for i, text in enumerate(texts) if "Contents" in text and first in key(text)
    )
    listing = key(" ".join(texts[contents : contents + 2]))
    missing = [d for d in pdf_docs() if key(title(d)) not in listing]
    assert not missing, f"not in the contents: {missing}"
    assert first in key(" ".join(texts[contents + 1 :])), "no chapter after it"


def test_figures_are_embedded_at_print_resolution() -> None:
    figures = {name for d in pdf_docs() for name in FIGURE.findall(source(d))}
    widths = images()
    assert len(widths) >= len(figures) > 10, (len(widths), sorted(figures))
    low = sorted(w for w in widths.values() if w < MIN_FIGURE_PIXELS)
    assert not low, f"images narrower than {MIN_FIGURE_PIXELS} px: {low}"


def test_explorable_figures_leave_a_note() -> None:
    """An explorable figure cannot work on paper: the PDF says so in its place."""
    html = (HTML / "index.html").read_text(encoding="utf-8")
    explorables = len(re.findall(r'class="(?:[^"]* )?dlhw-explore(?: [^"]*)?"', html))
    notes = " ".join(page_texts()).count(EXPLORABLE_NOTE)
    assert notes == explorables


def test_no_tex_is_left_as_source() -> None:
    raw = [
        f"page {i}: {match.group()!r}"
        for i, text in enumerate(page_texts(), 1)
        for match in RAW_TEX.finditer(text)
    ]
    assert not raw, "\n".join(raw)
