"""Site fixes for the dlhw report: math typeset as MathML, alt text, hi-dpi figures,
reproducible downloads, the ``verdict`` role of the claims audit, the user's
folder and file names kept as they are, and the single-page document that
``nox -s pdf`` prints, with the fonts it is set in.

A local Sphinx extension, loaded from docs/conf.py.
"""

from __future__ import annotations

import datetime
import html
import os
import re
import shutil
import zipfile
from importlib import metadata
from pathlib import Path

from dlhw_fonts import PDF_FONT_DIR, PDF_FONTS, PDF_MONO, PDF_SANS
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator
from sphinx_gallery.directives import imgsgnode

from dlhw.files import printable
from dlhw.report.inputs import site_inputs
from dlhw.report.rules import DERIVATION, VERDICTS

logger = logging.getLogger(__name__)

# Math is typeset when the site is built, as MathML (latex2mathml), which the
# browser lays out itself: no script, nothing to wait for, the same in the PDF.


def _mathml(tex: str, display: str, node) -> str:
    from latex2mathml.converter import convert

    mathml = convert(tex, display=display)
    # latex2mathml keeps TeX's escapes in \text{...} as they are, sets a prime
    # as a superscript (raised twice: the glyph is a raised one), infinity as
    # an operator (spaced as one) ...
    mathml = re.sub(r"\\([_%&#$])", r"\1", mathml)
    mathml = re.sub(
        r"<msup>(<mi>[^<]*</mi>)<mi>(&#x0203[234];)</mi></msup>",
        r"<mrow>\1<mo>\2</mo></mrow>",
        mathml,
    )
    mathml = mathml.replace("<mo>&#x0221E;</mo>", "<mi>&#x0221E;</mi>")
    # ... and \lVert, \rVert as bars a browser stretches, the left one only.
    mathml = mathml.replace("<mo>&#x02016;</mo>", '<mo stretchy="false">&#x02016;</mo>')
    # ... and passes a command it does not know through as text.
    for text in re.findall(r">([^<]*\\[^<]*)<", mathml):
        logger.warning("TeX not typeset: %r in %r", text, tex, location=node)
    return mathml


# The math font: STIX Two Math (SIL Open Font License), from the ziamath
# package, cut down to the characters the site's formulas use. It has the
# OpenType MATH table that a browser lays MathML out by. Every page with a
# formula links the style sheet that sets the formulas in it, and preloads
# it: a font found late would move every formula when it arrived.
_MATH_CSS = "_static/dlhw-math.css"
_MATH_FONT = "_static/fonts/dlhw-math.woff"


def _link_math_css(app, pagename, templatename, context, doctree) -> None:
    if "<math" in context.get("body", ""):
        font, css = (context["pathto"](name, 1) for name in (_MATH_FONT, _MATH_CSS))
        links = (
            f'<link rel="preload" href="{font}" as="font" type="font/woff" '
            "crossorigin />\n"
            f'<link rel="stylesheet" href="{css}" />\n'
        )
        context["metatags"] = context.get("metatags", "") + links


def _italic(char: str) -> str:
    """The mathematical italic form of a Latin or Greek letter, or ""."""
    code = ord(char)
    if "a" <= char <= "z":
        return "\u210e" if char == "h" else chr(0x1D44E + code - ord("a"))
    if "A" <= char <= "Z":
        return chr(0x1D434 + code - ord("A"))
    if 0x3B1 <= code <= 0x3C9:
        return chr(0x1D6FC + code - 0x3B1)
    if 0x391 <= code <= 0x3A9:
        return chr(0x1D6E2 + code - 0x391)
    return {"\u2202": "\U0001d715", "\u03f5": "\U0001d716", "\u03d5": "\U0001d719"}.get(
        char, ""
    )


def _math_font(app, exception) -> None:
    """Write the math style sheet, its font cut down to the built formulas'
    characters."""
    if exception is not None or app.builder.format != "html":
        return
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # The radical sign, which <msqrt> draws, and every character of a formula.
    chars = {" ", "\u221a"}
    for page in Path(app.outdir).rglob("*.html"):
        for formula in re.findall(
            r"<math\b.*?</math>", page.read_text("utf-8"), re.DOTALL
        ):
            chars.update(html.unescape(re.sub(r"<[^>]+>", "", formula)))
    # A one-letter <mi> is shown in its mathematical italic form.
    chars.update(filter(None, map(_italic, list(chars))))
    # Found through the package's record of its files, without importing it.
    source = next(
        f
        for f in metadata.files("ziamath") or []
        if f.name == "STIXTwoMath-Regular.ttf"
    )
    # The font keeps its own date: the site is the same at every build.
    font = TTFont(source.locate(), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # the copyright and the license
    cut = subset.Subsetter(options)
    cut.populate(unicodes=sorted(map(ord, chars)))
    cut.subset(font)
    font.flavor = "woff"
    (Path(app.outdir) / _MATH_FONT).parent.mkdir(parents=True, exist_ok=True)
    font.save(Path(app.outdir) / _MATH_FONT, reorderTables=True)
    (Path(app.outdir) / _MATH_CSS).write_text(
        '@font-face { font-family: "dlhw STIX Two Math"; font-display: block; '
        'src: url("fonts/dlhw-math.woff") format("woff"); }\n'
        'math { font-family: "dlhw STIX Two Math", math; '
        # STIX's small x-height brought near the text's, as MathJax scaled it;
        # on a phone, where a formula cannot break, kept to the text's size.
        "font-size: 1.15em; }\n"
        "@media (max-width: 40em) { math { font-size: 1em; } }\n",
        encoding="utf-8",
    )


def _visit_math(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(_mathml(node.astext(), "inline", node) + "</span>")
    raise nodes.SkipNode


def _visit_displaymath(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    # Sphinx's convention: equations apart by a blank line are aligned.
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    tex = parts[0] if len(parts) == 1 else r" \\ ".join(parts)
    if len(parts) > 1 or (r"\\" in tex and r"\begin" not in tex):
        tex = r"\begin{aligned}" + tex + r"\end{aligned}"
    self.body.append(_mathml(tex, "block", node) + "</div>\n")
    raise nodes.SkipNode


# Alt text is read aloud, or shown where a figure fails to load, so TeX in it
# would come out as source; sphinx-gallery builds a figure's alt text from its
# axes titles, "$\eta(x_0)$" and all. These are the words it is turned into.
_GREEK = (
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "varsigma",
    "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
)  # fmt: skip
_TEX_WORDS = {
    **{name: chr(0x3B1 + i) for i, name in enumerate(_GREEK)},
    "varepsilon": "ε",
    "Delta": "Δ",
    "nabla": "∇",
    "partial": "∂",
    "sqrt": "√",
    "cdot": "·",
    "times": "×",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "infty": "∞",
    "pm": "±",
    "to": "→",
    "in": "∈",
    "ell": "ℓ",
    "ldots": "…",
    "dots": "…",
}


def _plain_text(tex: str) -> str:
    r"""Alt text with the TeX of its ``$...$`` spelled as plain text (Greek as Unicode).

    The text outside the math (a folder's name in a figure title, say) keeps
    its characters; runs of white space become one space.

    >>> _plain_text(r"One step to $x = 0$, $\eta(x_0) = \frac{1}{4}$")
    'One step to x = 0, η(x_0) = (1)/(4)'
    >>> print(_plain_text(r"$\eta$ on files (a\$b\$ {} \emph x\/)"))
    η on files (a$b$ {} \emph x\/)
    """
    # An escaped dollar (dlhw.plotting.literal_text) is a dollar sign.
    dollar = "\0"
    parts = tex.replace(dollar, "").replace("\\$", dollar).split("$")
    parts[1::2] = map(_math_words, parts[1::2])
    return " ".join("".join(parts).split()).replace(dollar, "$")


def _math_words(tex: str) -> str:
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", tex)
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _TEX_WORDS.get(m[1], ""), text)
    return text.replace("{", "").replace("}", "").replace("\\", "")


def _css_size(path: Path) -> tuple[int, int] | None:
    """The width and height of a PNG in CSS pixels (96 to the inch), from its
    own dpi.

    None if the file is not a PNG or does not record its resolution.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = (int.from_bytes(data[k : k + 4], "big") for k in (16, 20))
    at = 8
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        if data[at + 4 : at + 8] == b"pHYs":
            per_metre = int.from_bytes(data[at + 8 : at + 12], "big")
            if data[at + 16] == 1 and per_metre > 0:
                scale = 96 / (per_metre * 0.0254)
                return round(width * scale), round(height * scale)
            return None
        at += size + 12
    return None


def _figure_size(app, doctree, docname) -> None:
    """Show a gallery figure on a report page at its size in inches.

    Left alone, a browser shows an image at one image pixel per CSS pixel,
    which is blurred on a high-dpi screen; at its size in inches (matplotlib
    writes the dpi into the PNG) the figure's text matches the page's and the
    image has savefig.dpi / 96 pixels per CSS pixel. The gallery's own pages
    use a 2x srcset instead. A width given in the page wins. Both sizes are
    given (as the ``img``'s own attributes; the theme's style sheet scales the
    figure down to a narrow column keeping its shape), so that the page keeps
    the figure's room before the image has loaded.
    """
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        name = Path(uri).name
        if not (name.startswith("sphx_glr_") and name.endswith(".png")):
            continue
        if name.endswith("_thumb.png") or {"width", "height", "scale"} & set(
            image.attributes
        ):
            continue
        size = _css_size(Path(app.srcdir) / uri)
        if size is not None:
            image["width"], image["height"] = map(str, size)


def _lazy_images(app, doctree, docname) -> None:
    """Load every image of a page but its first when the reader comes near it.

    A phone then fetches the figures it shows, not the page's every figure;
    the first is what the page opens on, and is loaded at once.
    """
    for image in list(doctree.findall(nodes.image))[1:]:
        image.setdefault("loading", "lazy")


def _image_alt(app, doctree, docname) -> None:
    """Make every image's alt text non-empty plain text, escaped for HTML.

    sphinx-gallery leaves a thumbnail's alt text empty: it gets the title of its
    example. TeX in any alt text, such as the axes titles that sphinx-gallery
    gives its figures (``imgsgnode``), is spelled out as plain text.
    sphinx-gallery writes an ``imgsgnode``'s alt text into the page as it is,
    and a figure's title may name the user's folder, so it is escaped here
    (Sphinx escapes every other image's alt text itself).
    """
    for image in doctree.findall(lambda n: isinstance(n, nodes.image | imgsgnode)):
        match = re.search(r"/thumb/sphx_glr_(.+)_thumb\.\w+$", image.get("uri", ""))
        if match and not image.get("alt"):
            titles = [
                title.astext()
                for name, title in app.env.titles.items()
                if name.rsplit("/", 1)[-1] == match[1]
            ]
            name = titles[0] if titles else match[1]
            image["alt"] = f"Thumbnail of the figure script: {name}"
        if "$" in image.get("alt", ""):
            image["alt"] = _plain_text(image["alt"])
        if isinstance(image, imgsgnode) and not image.get("dlhw_escaped"):
            image["alt"] = html.escape(image.get("alt", ""), quote=True)
            image["dlhw_escaped"] = True  # once, however often the tree is resolved


class LiteralNames(SphinxTransform):
    """The user's folder and file names as they are, on every page.

    Sphinx's smartquotes makes typographic quotes, dashes and ellipses of
    ``"``, ``'``, ``--`` and ``...`` in the text; in a name given by
    ``DLHW_DATA`` or ``DLHW_TRAJECTORY`` (the whole path or its last part,
    as it is or as :func:`dlhw.files.printable` shows it) they are the
    name's own characters. Each occurrence is set apart first, as text that
    smartquotes leaves alone. With no names given, nothing changes.
    """

    default_priority = 740  # before smartquotes (750)

    def apply(self, **kwargs: object) -> None:
        given = site_inputs()
        names = {
            shown
            for path in (given.data, given.trajectory)
            if path is not None
            for name in (str(path), path.name)
            for shown in (name, printable(name))
        }
        if not names:
            return
        longest = sorted(names, key=len, reverse=True)
        pattern = re.compile(f"({'|'.join(map(re.escape, longest))})")
        for text in list(self.document.findall(nodes.Text)):
            parts = pattern.split(text)
            if len(parts) == 1:
                continue
            pieces = [nodes.Text(part) for part in parts]
            for name in pieces[1::2]:
                name.support_smartquotes = False  # read by Sphinx's smartquotes
            text.parent.replace(text, [p for p in pieces if p])


def _zip_date() -> tuple[int, int, int, int, int, int]:
    """SOURCE_DATE_EPOCH as a zip entry date, or the earliest zip date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return (1980, 1, 1, 0, 0, 0)
    stamp = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return max((1980, 1, 1, 0, 0, 0), stamp.timetuple()[:6])


def _reproducible_zips(app, exception) -> None:
    """Give the files in each downloadable zip a fixed date.

    sphinx-gallery zips each example's script and notebook with the time the
    build wrote them, so two builds of one commit would differ in their zips.
    """
    if exception is not None or app.builder.format != "html":
        return
    date = _zip_date()
    for path in sorted((Path(app.outdir) / "_downloads").glob("**/*.zip")):
        with zipfile.ZipFile(path) as old:
            entries = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(path, "w") as new:
            for info, data in entries:
                fixed = zipfile.ZipInfo(info.filename, date_time=date)
                fixed.compress_type = info.compress_type
                fixed.external_attr = 0o644 << 16
                new.writestr(fixed, data)


# A verdict badge says its verdict in words and with a sign, so that it reads
# without its colour (in print, to a colour-blind reader, to a screen reader).
# A derivation (no verdict, outside the counts) has a badge of its own.
_VERDICT_SIGNS = {
    "confirmed": "\u2713",
    "differs": "\u2717",
    "depends": "\u00b1",
    "unverifiable": "?",
    DERIVATION: "\u2234",
}
if set(_VERDICT_SIGNS) != {*VERDICTS, DERIVATION}:
    raise RuntimeError(f"a verdict badge for each of {VERDICTS}, got {_VERDICT_SIGNS}")


def verdict_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """The badge of a claim's verdict: ``{verdict}`confirmed```.

    Renders ``<span class="dlhw-verdict dlhw-verdict-confirmed">`` holding a
    sign and the word (``✓ confirmed``, ``✗ differs``, ``? unverifiable``,
    and ``∴ derivation`` for a row that is no verdict);
    dlhw.css colours each kind for the light and the dark theme. Anything but
    one of the verdicts of :mod:`dlhw.report.rules` is an error.
    """
    verdict = text.strip()
    if verdict not in _VERDICT_SIGNS:
        allowed = ", ".join((*VERDICTS, DERIVATION))
        message = inliner.reporter.error(
            f"unknown verdict {verdict!r}: expected one of {allowed}", line=lineno
        )
        problem = inliner.problematic(rawtext, rawtext, message)
        return [problem], [message]
    sign = nodes.inline("", _VERDICT_SIGNS[verdict], classes=["dlhw-verdict-sign"])
    badge = nodes.inline(
        rawtext, "", sign, nodes.Text(f" {verdict}"),
        classes=["dlhw-verdict", f"dlhw-verdict-{verdict}"],
    )  # fmt: skip
    return [badge], []


# -- The report as one PDF ----------------------------------------------------------
# `nox -s pdf` runs the single-page HTML builder with the tag "pdf" and prints
# the page with Chromium (docs/pdf.py). The builder inlines every page that the
# landing page's toctrees reach; the PDF keeps the pages of `dlhw_pdf_docs`, in
# that order, each a chapter starting on a new page, after a table of contents.
_GALLERY_FIGURE = re.compile(r"sphx_glr_.+_\d{3}\.png")


def _pdf_build(app) -> bool:
    return app.builder.name == "singlehtml" and app.tags.has("pdf")


def _print_resolution(app, doctree) -> None:
    """In the PDF, draw each gallery figure from its 2x rendering.

    sphinx-gallery writes every figure twice (``image_srcset``); the pages show
    the 1x file, the gallery offers the 2x one to high-dpi screens. Print wants
    the 2x file. Runs before Sphinx collects the page's images, so that the 2x
    file is the one copied.
    """
    if not _pdf_build(app):
        return
    docdir = Path(app.env.doc2path(app.env.docname)).parent
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if not _GALLERY_FIGURE.fullmatch(Path(uri).name):
            continue
        hires = uri.removesuffix(".png") + "_2_00x.png"
        path = (
            Path(app.srcdir, hires.lstrip("/"))
            if hires.startswith("/")
            else docdir / hires
        )
        if path.is_file():
            image["uri"] = hires


def _pdf_contents(chapters: list[nodes.Node]) -> nodes.Node:
    """A table of contents: each chapter and its sections, linked."""

    def entry(section: nodes.section) -> nodes.list_item:
        title = section.next_node(nodes.title)
        link = nodes.reference(
            "", "", *title.deepcopy().children, refuri="#" + section["ids"][0],
            internal=True,
        )  # fmt: skip
        return nodes.list_item("", nodes.paragraph("", "", link))

    chapter_list = nodes.bullet_list()
    for chapter in chapters:
        top = chapter.next_node(nodes.section)
        item = entry(top)
        sections = [c for c in top.children if isinstance(c, nodes.section)]
        if sections:
            item += nodes.bullet_list("", *(entry(s) for s in sections))
        chapter_list += item
    title = nodes.title("", "Contents")
    return nodes.topic("", title, chapter_list, classes=["dlhw-pdf-contents"])


def _pdf_document(app, doctree, docname) -> None:
    """Keep the PDF's pages, in order, after the landing page and a contents page."""
    if not _pdf_build(app) or docname != app.config.root_doc:
        return
    wanted = list(app.config.dlhw_pdf_docs)
    if not wanted or wanted[0] != docname:
        raise ExtensionError(f"dlhw_pdf_docs must start with the root page {docname!r}")
    inlined = {sof["docname"]: sof for sof in doctree.findall(addnodes.start_of_file)}
    missing = [name for name in wanted[1:] if name not in inlined]
    if missing:
        raise ExtensionError(f"pages for the PDF not reached from {docname}: {missing}")
    for sof in inlined.values():
        sof.parent.remove(sof)
    for wrapper in list(doctree.findall(nodes.compound)):
        if "toctree-wrapper" in wrapper["classes"]:
            wrapper.parent.remove(wrapper)
    chapters = [doctree] + [inlined[name] for name in wanted[1:]]
    contents = _pdf_contents(chapters)
    doctree += contents
    for name in wanted[1:]:
        chapter = inlined[name]
        chapter.next_node(nodes.section)["classes"].append("dlhw-pdf-chapter")
        doctree += chapter


_PDF_FONT_CSS = "dlhw-pdf-fonts.css"


def pdf_font_css() -> str:
    """The style sheet that sets the PDF's text in the shipped faces only.

    The faces are in ``fonts/`` beside it.
    """
    faces = [
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'font-style: {style}; src: url("fonts/{name}") format("truetype"); }}'
        for name, (family, weight, style) in PDF_FONTS.items()
    ]
    return "\n".join(
        [
            *faces,
            # furo's font stacks, and every element that names a family itself.
            (
                f':root, body {{ --font-stack: "{PDF_SANS}" !important; '
                f'--font-stack--headings: "{PDF_SANS}" !important; '
                f'--font-stack--monospace: "{PDF_MONO}" !important; }}'
            ),
            f'html, body {{ font-family: "{PDF_SANS}" !important; }}',
            f'pre, code, kbd, samp, tt {{ font-family: "{PDF_MONO}" !important; }}',
            "",
        ]
    )


def _ship_pdf_fonts(app) -> None:
    """Copy the PDF's fonts and their style sheet into the single-page build."""
    if not _pdf_build(app):
        return
    static = Path(app.outdir) / "_static"
    (static / "fonts").mkdir(parents=True, exist_ok=True)
    for name in PDF_FONTS:
        shutil.copyfile(PDF_FONT_DIR / name, static / "fonts" / name)
    shutil.copyfile(PDF_FONT_DIR / "LICENSE_DEJAVU", static / "fonts" / "LICENSE")
    (static / _PDF_FONT_CSS).write_text(pdf_font_css(), encoding="utf-8")
    app.add_css_file(_PDF_FONT_CSS)


class _Translator(HTML5Translator):
    """Sphinx's HTML writer, with an ``aria-level`` on every ``role="heading"``.

    Sphinx writes the sidebar's caption as ``<p role="heading">`` with no
    level, which ARIA 1.2 requires (sphinx-doc/sphinx#14030); 2 is the level
    ARIA 1.1 gave it by default.
    """

    def starttag(self, node, tagname, suffix="\n", empty=False, **attributes):
        if attributes.get("ROLE") == "heading":
            attributes.setdefault("aria-level", "2")
        return super().starttag(node, tagname, suffix, empty, **attributes)


# Search engines show about this many characters of a description.
_DESCRIPTION_CHARS = 160


def _description(app, pagename, templatename, context, doctree) -> None:
    """A ``<meta name="description">`` for every page: its first paragraph.

    Paragraphs in notes, tables or lists are passed over (a gallery page opens
    with a note on where to download it). A page with no paragraph of its own
    (the general index, the search page) is described by the site's title.
    """
    paragraphs = [] if doctree is None else doctree.findall(nodes.paragraph)
    body = (p.astext() for p in paragraphs if isinstance(p.parent, nodes.section))
    text = next((t for t in body if t.strip()), "")
    text = " ".join(text.split()) or app.config.html_title
    if len(text) > _DESCRIPTION_CHARS:
        text = text[: _DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    tag = f'<meta name="description" content="{html.escape(text)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def _focusable_scrollers(app, pagename, templatename, context, doctree) -> None:
    """Let the keyboard reach what may scroll sideways: code and wide tables.

    A region that scrolls must take the focus, or a reader without a mouse
    cannot see the rest of it (WCAG 2.1.1); which ones scroll depends on the
    screen, so every code block and table wrapper takes it.
    """
    body = context.get("body", "")
    body = body.replace(
        '<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">'
    )
    body = body.replace(
        '<div class="table-wrapper', '<div tabindex="0" class="table-wrapper'
    )
    context["body"] = body


def setup(app) -> dict[str, object]:
    app.add_config_value("dlhw_pdf_docs", [], "env")
    app.add_role("verdict", verdict_role)
    app.add_transform(LiteralNames)
    app.connect("builder-inited", _ship_pdf_fonts)
    app.connect("doctree-read", _print_resolution, priority=400)
    app.connect("doctree-resolved", _pdf_document)
    app.connect("build-finished", _reproducible_zips)
    app.connect("doctree-resolved", _image_alt)
    app.connect("doctree-resolved", _lazy_images)
    app.connect("doctree-resolved", _figure_size)
    app.connect("html-page-context", _description)
    app.connect("html-page-context", _link_math_css)
    app.connect("html-page-context", _focusable_scrollers)
    app.set_translator("html", _Translator)
    app.connect("build-finished", _math_font)
    app.add_html_math_renderer(
        "mathml", (_visit_math, None), (_visit_displaymath, None)
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
