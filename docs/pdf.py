"""Print the report as one PDF with headless Chromium.

``nox -s pdf`` first builds the single-page HTML of the report (Sphinx's
``singlehtml`` builder with the tag ``pdf``: the landing page, the five problem
pages and the claims audit, see ``dlhw_pdf_docs`` in docs/conf.py), then runs

    python docs/pdf.py [--html DIR] [--out FILE] [--site DIR] [--chromium PATH]

which serves that page on 127.0.0.1, opens it in Debian's Chromium through
Playwright with print styles, waits until every image and font has loaded,
checks that every formula is MathML, and prints it: A4, page numbers in the footer,
bookmarks from the headings, and the table of contents given the page of each
entry (a first printing finds the pages, the next prints them, and printing
goes on until the numbers shown are the pages found; each printing from the
page opened afresh, as Chromium's print layout of a page differs between
two printings in a row). The text, headers and
footers are set in the DejaVu faces that the build ships (``PDF_FONTS`` in
docs/_ext/dlhw_site.py), never in a font of the machine's, so the pages break
alike on every machine. Every request to another host is aborted and fails
the run: the PDF is made offline. The PDF is then copied beside the built
site's landing page, which links to it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
BUILD = HERE / "_build"
NAME = "dlhw.pdf"
sys.path.insert(0, str(HERE / "_ext"))
from dlhw_fonts import PDF_FONTS

# Shared with the browser tests (tests/site/conftest.py): no background services,
# and no name but 127.0.0.1 resolves.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


FOOTER = (
    '<div style="width: 100%; font-size: 8pt; color: #555; text-align: center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
HEADER = (
    '<div style="width: 100%; font-size: 7pt; color: #777; padding: 0 18mm;">'
    '<span class="title"></span></div>'
)


def font_config(fonts: Path, folder: Path) -> Path:
    """A fontconfig file under which Chromium sees the shipped faces only.

    ``fonts`` holds the faces of ``PDF_FONTS``; every generic family, and any
    family a style sheet names that is not there, falls back to them. The
    headers and footers, which no style sheet of the page reaches, are set
    in them too.
    """
    missing = [name for name in PDF_FONTS if not (fonts / name).is_file()]
    if missing:
        raise PdfError(f"the build shipped no {', '.join(missing)} in {fonts}")
    aliases = "".join(
        f"<alias><family>{generic}</family><prefer><family>{family}</family>"
        "</prefer></alias>"
        for generic, family in [
            ("sans-serif", "DejaVu Sans"),
            ("serif", "DejaVu Sans"),
            ("monospace", "DejaVu Sans Mono"),
        ]
    )
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{escape(str(fonts))}</dir>"
        f"<cachedir>{escape(str(folder / 'cache'))}</cachedir>{aliases}"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return config


MARGIN = {"top": "18mm", "bottom": "18mm", "left": "18mm", "right": "18mm"}

# Load every image now (not lazily), then wait for the fonts.
SETTLE = """async () => {
  await Promise.all([...document.images].map((img) => {
    img.loading = 'eager';
    return img.decode().catch(() => null);
  }));
  await document.fonts.ready;
  return {
    math: document.querySelectorAll('.math').length,
    untypeset: [...document.querySelectorAll('.math')]
      .filter((m) => !m.querySelector('math'))
      .map((m) => m.textContent.slice(0, 80)),
    texErrors: [...document.querySelectorAll('math')]
      .filter((m) => m.textContent.includes('\\\\'))  // TeX left over
      .map((m) => m.textContent.slice(0, 80)),
    broken: [...document.images]
      .filter((img) => !(img.complete && img.naturalWidth > 0))
      .map((img) => img.currentSrc || img.src),
    contents: document.querySelectorAll('.dlhw-pdf-contents a').length,
  };
}"""

# The table of contents: a page number after each entry. Placeholders keep the
# layout of the first printing the same as the second's.
TOC_PAGES = """(pages) => {
  const links = [...document.querySelectorAll('.dlhw-pdf-contents a')];
  links.forEach((a, i) => {
    let span = a.parentElement.querySelector(':scope > .dlhw-toc-page');
    if (!span) {
      span = document.createElement('span');
      span.className = 'dlhw-toc-page';
      a.parentElement.appendChild(span);
    }
    span.textContent = pages ? (pages[i] ?? '') : '000';
    span.style.visibility = pages ? 'visible' : 'hidden';
  });
  // Each entry's words without its math, which the bookmarks spell otherwise.
  return links.map((a) => {
    const words = a.cloneNode(true);
    words.querySelectorAll('math').forEach((m) => m.remove());
    return words.textContent;
  });
}"""


class PdfError(Exception):
    """The PDF could not be made as promised."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Python's file server, logging nothing."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1 with ``handler``; yield the
    base URL."""
    factory = functools.partial(handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _key(text: str) -> str:
    """Letters and digits only: the bookmarks join wrapped lines without a space."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text).lower())


def outline_pages(pdf: bytes) -> list[tuple[str, int]]:
    """The PDF's bookmarks (its headings), in order, with their 1-based pages."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def contents_pages(
    titles: list[str], outline: list[tuple[str, int]]
) -> list[int | None]:
    """The page of each contents entry, matched in order against the bookmarks.

    An entry whose heading is not found (a title of pure math, say) gets no
    page; the search for the next one goes on from the same place.
    """
    pages: list[int | None] = []
    at = 0
    for title in titles:
        key = _key(title)
        for k in range(at, len(outline)):
            if key and _key(outline[k][0]).startswith(key[:40]):
                pages.append(outline[k][1])
                at = k + 1
                break
        else:
            pages.append(None)
    return pages


#: Printings allowed before the contents' page numbers must have settled.
MAX_PRINTINGS = 5


def settle_contents(
    page: Any,
    options: dict[str, Any],
    titles: list[str],
    reopen: Callable[[], object],
) -> bytes:
    """Print until the contents show the pages their entries are printed on.

    Each printing fills in the pages the last one found. The numbers take the
    width of their placeholders, so they seldom move a line; when they do, the
    next printing corrects them. Chromium does not lay a page out for print
    the same way twice in a row (a heading's page break can move between two
    printings of one page), so every printing is made from the page freshly
    opened by ``reopen``. Returns the first printing whose contents are right.
    """
    shown: list[int | None] | None = None
    for _ in range(MAX_PRINTINGS):
        if shown is not None:
            reopen()
            page.evaluate(TOC_PAGES, shown)
        printed = page.pdf(**options)
        found = contents_pages(titles, outline_pages(printed))
        if found == shown:
            return printed
        shown = found
    raise PdfError(
        f"the contents' page numbers had not settled after {MAX_PRINTINGS} "
        f"printings (last found: {shown})"
    )


def print_pdf(html: Path, out: Path, chromium: Path) -> int:
    """Print ``html/index.html`` to ``out``; return the number of pages."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    if not (html / "index.html").is_file():
        raise PdfError(f"no single-page build at {html}: run `nox -s pdf`")
    if not chromium.is_file():
        raise PdfError(f"{chromium} not found: install Debian's chromium package")
    off_site: list[str] = []
    errors: list[str] = []
    with (
        tempfile.TemporaryDirectory(prefix="dlhw-fonts-") as folder,
        serve(html) as base,
        sync_playwright() as pw,
    ):
        config = font_config(html / "_static" / "fonts", Path(folder))
        browser = pw.chromium.launch(
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, "FONTCONFIG_FILE": str(config)},
        )
        try:
            context = browser.new_context(viewport={"width": 1024, "height": 1400})

            def route(route: Any) -> None:
                if urlsplit(route.request.url).hostname not in {"127.0.0.1", None}:
                    off_site.append(route.request.url)
                    route.abort("blockedbyclient")
                else:
                    route.continue_()

            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.emulate_media(media="print", color_scheme="light")

            def reopen() -> dict[str, Any]:
                page.goto(base + "index.html", wait_until="load")
                facts: dict[str, Any] = page.evaluate(SETTLE)
                page.wait_for_load_state("networkidle")
                return facts

            facts = reopen()
            problems = (
                [f"request off the site: {u}" for u in off_site]
                + [f"script error: {e}" for e in errors]
                + [f"image did not load: {u}" for u in facts["broken"]]
                + [f"math not typeset: {m!r}" for m in facts["untypeset"]]
                + [f"TeX error: {m!r}" for m in facts["texErrors"]]
            )
            if not facts["math"]:
                problems.append("no math on the page: is it the report?")
            if not facts["contents"]:
                problems.append("no table of contents: was it built with `-t pdf`?")
            if problems:
                raise PdfError("\n".join(problems))

            options = {
                "format": "A4",
                "margin": MARGIN,
                "print_background": True,
                "display_header_footer": True,
                "header_template": HEADER,
                "footer_template": FOOTER,
                "outline": True,
                "tagged": True,
            }
            titles = page.evaluate(TOC_PAGES, None)
            final = settle_contents(page, options, titles, reopen)
            if off_site:
                raise PdfError("requests off the site:\n" + "\n".join(off_site))
        finally:
            browser.close()
    count = len(PdfReader(io.BytesIO(final)).pages)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(final)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=BUILD / "singlehtml")
    parser.add_argument("--out", type=Path, default=BUILD / "pdf" / NAME)
    parser.add_argument(
        "--site",
        type=Path,
        default=BUILD / "html",
        help="copy the PDF into this built site, beside its landing page",
    )
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    args = parser.parse_args(argv)
    try:
        count = print_pdf(args.html, args.out, args.chromium)
    except PdfError as error:
        print(f"dlhw: error: {error}", file=sys.stderr)
        return 2
    args.site.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.out, args.site / NAME)
    size = args.out.stat().st_size
    print(f"{args.out}: {count} pages, {size / 1e6:.1f} MB; copied to {args.site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
