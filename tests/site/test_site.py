"""The built site, opened page by page in headless Chromium as a reader would.

Every page must load with no request to any host but 127.0.0.1, no console
error, every image loaded, high-resolution and described by plain alt text, all
TeX typeset as MathML, and every internal link pointing at a file that exists
(and, for a ``#fragment``, at an id in it). No table, figure or block of any
page is wider than the text column, on a 1280 px screen and on a 390 px phone;
the claims audit's tables fit the column without scrolling. Verdict badges say
their verdict in words and a sign, in colours readable in both themes.
Screenshots of the landing page and of figure pages, in the light and the dark
theme, and of the audit at both widths, land in ``docs/_build/screenshots``.

Run with ``nox -s site`` after ``nox -s docs``; the default test run leaves
these out (they carry the ``site`` marker).
"""

from __future__ import annotations

import base64
import html.parser
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
LANDING = "index.html"
FIGURE_PAGES = [
    "auto_examples/problem3d/plot_p3d_one_step.html",
    "report/problem3d.html",
]
AUDIT = "audit.html"
# The report as one PDF, beside the landing page (written by `nox -s pdf`).
PDF = "dlhw.pdf"
# A desktop and a phone: nothing may be wider than the text column at either.
WIDTHS = (1280, 390)
# A figure must carry at least this many image pixels per CSS pixel where it
# is shown (on a 1280 px wide window): sharp on a high-dpi screen.
MIN_DENSITY = 1.5

# TeX that should have been typeset: \( \) \[ \] delimiters, $...$ or $$,
# and backslash commands such as \sqrt.
UNRENDERED_TEX = re.compile(r"\\[()\[\]]|\$\$|\$[^$\n]+\$|\\[A-Za-z]{2,}")

# Text that differs from one build to the next: a memory address in a repr.
VOLATILE = re.compile(r"\bat 0x[0-9a-fA-F]{6,}")

# Text that is shown as code on purpose, or is a formula's.
NOT_PROSE = (
    "pre, code, kbd, samp, script, style, textarea, noscript, template, "
    ".highlight, math"
)

# -- the built files, read without a browser ----------------------------------------


class _Anchors(html.parser.HTMLParser):
    """The ids (and legacy ``<a name>``) of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (tag == "a" and key == "name")):
                self.ids.add(value)


@cache
def anchors(path: Path) -> frozenset[str]:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


class _Resources(html.parser.HTMLParser):
    """Every URL that an HTML file makes the browser load by itself."""

    LOADS: ClassVar = {
        ("script", "src"),
        ("img", "src"),
        ("img", "srcset"),
        ("source", "src"),
        ("source", "srcset"),
        ("iframe", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("video", "src"),
        ("video", "poster"),
        ("audio", "src"),
        ("link", "href"),
    }
    # <link rel=...> kinds that only name another page and load nothing.
    NAVIGATION: ClassVar = {
        "index",
        "search",
        "next",
        "prev",
        "canonical",
        "author",
        "help",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and set((found.get("rel") or "").split()) <= self.NAVIGATION:
            return
        for key, value in attrs:
            if value and (tag, key) in self.LOADS:
                if key == "srcset":
                    self.urls += [c.split()[0] for c in value.split(",") if c.strip()]
                else:
                    self.urls.append(value)
        self.urls += CSS_URL.findall(found.get("style") or "")


def test_no_page_or_stylesheet_names_a_remote_resource(
    site_root: Path, remote: Callable[[str], bool]
) -> None:
    """No src, srcset, stylesheet, icon or CSS url() points off the site."""
    found = []
    for path in sorted(site_root.rglob("*.html")):
        parser = _Resources()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(site_root)}: {u}" for u in parser.urls]
    for path in sorted(site_root.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        for url in CSS_URL.findall(text) + CSS_IMPORT.findall(text):
            found.append(f"{path.relative_to(site_root)}: {url}")
    assert found, "no resources found at all: is the site built?"
    off_site = [f for f in found if remote(f.split(": ", 1)[1])]
    assert not off_site, "remote resources:\n" + "\n".join(off_site)


def test_figures_are_opaque_with_a_white_margin(site_root: Path) -> None:
    """Figures read the same on the light and the dark theme.

    A transparent figure would show black axes on furo's dark background; every
    figure image is opaque, with white at its corners. (Gallery thumbnails are
    the same figures, shrunk and padded to a fixed size with transparent
    margins, which is why they are not checked here.)
    """
    import matplotlib.image

    figures = [
        path
        for path in sorted((site_root / "_images").glob("sphx_glr_*.png"))
        if not path.stem.endswith("_thumb")
    ]
    assert figures, "no figure images in _images"
    problems = []
    for path in figures:
        rgba = matplotlib.image.imread(path)
        if rgba.ndim != 3:
            problems.append(f"{path.name}: not an RGB image")
            continue
        if rgba.shape[2] == 4 and rgba[..., 3].min() < 1:
            problems.append(f"{path.name}: has transparent pixels")
        corners = rgba[[0, 0, -1, -1], [0, -1, 0, -1], :3]
        if corners.min() < 0.95:
            problems.append(f"{path.name}: corners are not white: {corners.tolist()}")
    assert not problems, "\n".join(problems)


def test_site_has_the_pages_the_screenshots_show(pages: list[str]) -> None:
    assert LANDING in pages
    for name in FIGURE_PAGES:
        assert name in pages


# -- the browser --------------------------------------------------------------------


ContextFactory = Callable[..., tuple[Any, Any]]


SETTLE = """async () => {
  // Load lazily-loaded images now, so that each one is checked.
  await Promise.all([...document.images].map((img) => {
    img.loading = 'eager';
    return img.decode().catch(() => null);
  }));
  await document.fonts.ready;
}"""

PAGE_FACTS = """async (notProse) => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(notProse) || !el.checkVisibility()) continue;
    if (n.nodeValue.trim()) texts.push(n.nodeValue);
  }
  const math = [...document.querySelectorAll('.math')];
  const images = await Promise.all([...document.images].map(async (img) => {
    // The file's own width, whichever srcset candidate the browser chose.
    const file = new Image();
    file.src = img.currentSrc || img.src;
    await file.decode().catch(() => null);
    return {
      src: img.currentSrc || img.src,
      alt: img.getAttribute('alt'),
      loaded: img.complete && img.naturalWidth > 0,
      fileWidth: file.naturalWidth,
      shownWidth: img.getBoundingClientRect().width,
      srcset: img.getAttribute('srcset'),
    };
  }));
  return {
    texts,
    bodyText: document.body.innerText,
    math: math.length,
    mathUntypeset: math.filter((m) => !m.querySelector('math'))
      .map((m) => m.textContent.slice(0, 80)),
    mathml: document.querySelectorAll('math').length,
    texErrors: [...document.querySelectorAll('math')]
      .filter((m) => m.textContent.includes('\\\\'))  // TeX left over
      .map((m) => m.textContent.slice(0, 80)),
    images,
    urls: [...document.querySelectorAll('a[href], link[href]')].map((a) => a.href)
      .concat([...document.querySelectorAll('[src]')].map((e) => e.src)),
    badges: [...document.querySelectorAll('.dlhw-verdict')]
      .map((b) => ({classes: b.className, text: b.textContent})),
  };
}"""


def open_page(page: Any, url: str) -> dict[str, Any]:
    """Load ``url``, let images, math and fonts finish, and read the page."""
    page.goto(url, wait_until="load")
    page.evaluate(SETTLE)
    page.wait_for_load_state("networkidle")
    return page.evaluate(PAGE_FACTS, NOT_PROSE)


def srcset_candidates(srcset: str, base: str) -> dict[str, float]:
    """The URLs of a srcset and their pixel densities."""
    found = {}
    for candidate in srcset.split(","):
        url, *descriptor = candidate.split()
        density = float(descriptor[0].rstrip("x")) if descriptor else 1.0
        found[urljoin(base, url)] = density
    return found


def broken_local_link(url: str, base_url: str, site_root: Path) -> str | None:
    """Why a URL on the local server does not resolve, or None if it does."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not url.startswith(base_url):
        return None
    rel = PurePosixPath(unquote(parts.path[len(urlsplit(base_url).path) :]))
    target = site_root.joinpath(*rel.parts)
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in anchors(target):
        return f"no id {fragment!r} in {rel}"
    return None


def page_problems(
    facts: dict[str, Any], url: str, base_url: str, site_root: Path
) -> list[str]:
    """Everything a reader of the page would find wrong, one line each."""
    problems = []
    for img in facts["images"]:
        if not img["loaded"]:
            problems.append(f"image did not load: {img['src']}")
        alt = (img["alt"] or "").strip()
        if not alt:
            problems.append(f"image without alt text: {img['src']}")
        elif UNRENDERED_TEX.search(alt):
            problems.append(f"TeX in alt text of {img['src']}: {alt!r}")
        if img["srcset"]:
            candidates = srcset_candidates(img["srcset"], url)
            problems += [
                f"broken srcset {u}: {why}"
                for u in candidates
                if (why := broken_local_link(u, base_url, site_root))
            ]
            if max(candidates.values()) < 2:
                problems.append(f"no 2x image in srcset of {img['src']}")
        # Figures (not icons) must be sharp on a high-dpi screen.
        if "/_images/" in img["src"] and img["loaded"] and img["shownWidth"] > 0:
            density = img["fileWidth"] / img["shownWidth"]
            if density < MIN_DENSITY:
                problems.append(
                    f"low resolution: {img['src']} has {density:.2f} image pixels "
                    f"per CSS pixel (< {MIN_DENSITY})"
                )

    problems += [f"math not typeset: {m!r}" for m in facts["mathUntypeset"]]
    problems += [f"TeX error: {m!r}" for m in facts["texErrors"]]
    if facts["math"] and not facts["mathml"]:
        problems.append("the page has math but no MathML")
    for text in facts["texts"]:
        problems += [
            f"raw TeX in the page: {match.group()!r} in {text.strip()[:120]!r}"
            for match in UNRENDERED_TEX.finditer(text)
        ]
    problems += [
        "memory address in the page (changes with every build): "
        + repr(facts["bodyText"][max(m.start() - 40, 0) : m.end()])
        for m in VOLATILE.finditer(facts["bodyText"])
    ]
    for link in sorted(set(facts["urls"])):
        why = broken_local_link(link, base_url, site_root)
        if why and link == urljoin(base_url, PDF):
            why += " (`nox -s pdf` writes it: run it after `nox -s docs`)"
        if why:
            problems.append(f"broken link {link}: {why}")
    problems += [
        f"verdict badge {badge['text']!r} does not say its verdict ({badge['classes']})"
        for badge in facts["badges"]
        if not badge_says_its_verdict(badge["classes"], badge["text"])
    ]
    return problems


BADGE_SIGNS = {
    "confirmed": "\u2713",
    "differs": "\u2717",
    "depends": "\u00b1",
    "unverifiable": "?",
    "derivation": "\u2234",
}


def badge_says_its_verdict(classes: str, text: str) -> bool:
    """Whether a badge's words are "<sign> <verdict>" for the verdict its class names.

    >>> badge_says_its_verdict("dlhw-verdict dlhw-verdict-differs", "\u2717 differs")
    True
    >>> badge_says_its_verdict("dlhw-verdict dlhw-verdict-differs", "confirmed")
    False
    """
    kinds = [c.removeprefix("dlhw-verdict-") for c in classes.split()]
    kinds = [k for k in kinds if k in BADGE_SIGNS]
    return len(kinds) == 1 and text.strip() == f"{BADGE_SIGNS[kinds[0]]} {kinds[0]}"


def check(
    new_context: ContextFactory, url: str, base_url: str, root: Path
) -> list[str]:
    """Open one page on a high-dpi screen; list what is wrong with it."""
    context, visit = new_context(device_scale_factor=2)
    page = context.new_page()
    facts = open_page(page, url)
    page.close()
    return page_problems(facts, url, base_url, root) + visit.problems()


def test_page(
    page_name: str, new_context: ContextFactory, base_url: str, site_root: Path
) -> None:
    url = urljoin(base_url, page_name)
    problems = check(new_context, url, base_url, site_root)
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


# axe-core, which Lighthouse's accessibility score is made of, installed by
# `nox -s site` with npm; the rules of WCAG 2.2 A and AA.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_page_is_accessible(
    page_name: str, new_context: ContextFactory, base_url: str
) -> None:
    """axe-core finds no WCAG 2.2 A or AA violation, the figures drawn."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} not found: `nox -s site` installs axe-core", pytrace=False)
    context, visit = new_context()
    page = context.new_page()
    page.goto(urljoin(base_url, page_name), wait_until="load")
    figures = page.locator(".dlhw-explore")
    for n in range(figures.count()):
        figures.nth(n).scroll_into_view_if_needed()
        page.locator(".dlhw-readout .dlhw-final").nth(n).wait_for(timeout=60_000)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
      const found = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
      return found.violations.map((v) => `${v.id}: ${v.nodes.length} x `
        + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
    }""",
        AXE_TAGS,
    )
    page.close()
    assert not violations, f"{page_name}:\n" + "\n".join(violations)
    assert not visit.problems(), "\n".join(visit.problems())


def test_math_is_set_in_the_shipped_math_font(
    new_context: ContextFactory, base_url: str
) -> None:
    """Formulas are MathML set in the site's own STIX Two Math, with no script.

    The font is cut down to the formulas' characters when the site is built,
    into the style sheet that sets the formulas; it must load, from the
    site, and cover every character of the page's formulas, so that none
    falls back to a font of the reader's machine.
    """
    context, visit = new_context()
    page = context.new_page()
    open_page(page, urljoin(base_url, FIGURE_PAGES[1]))
    found = page.evaluate(
        """async () => {
      await document.fonts.ready;
      const family = '"dlhw STIX Two Math"';
      const text = [...document.querySelectorAll('math')]
        .map((m) => m.textContent).join('');
      const chars = [...new Set(text)].join('');
      return {
        formulas: document.querySelectorAll('math').length,
        family: getComputedStyle(document.querySelector('math')).fontFamily,
        loaded: document.fonts.check(`16px ${family}`, chars),
        scripts: [...document.scripts].filter((s) => /math/i.test(s.src)).length,
      };
    }"""
    )
    page.close()
    requested = [u for u in visit.requests if u.endswith("/_static/dlhw-math.css")]
    assert found["formulas"] > 10, found
    assert found["family"].startswith('"dlhw STIX Two Math"'), found
    assert found["loaded"], found
    assert found["scripts"] == 0, found
    assert requested, visit.requests
    assert not visit.problems(), "\n".join(visit.problems())


def test_search_finds_pages_offline(new_context: ContextFactory, base_url: str) -> None:
    """The search box works from the local search index."""
    context, visit = new_context()
    page = context.new_page()
    page.goto(urljoin(base_url, "search.html?q=gradient"), wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert results.count() >= 1
    page.close()
    assert not visit.problems(), "\n".join(visit.problems())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(
    scheme: str, new_context: ContextFactory, base_url: str, screenshots: Path
) -> None:
    """Landing and figure pages in furo's light and dark themes, saved as PNG."""
    context, visit = new_context(color_scheme=scheme)
    # furo follows the system's scheme unless the reader picked one; pick it.
    context.add_init_script(
        f"if (location.protocol === 'http:') localStorage.setItem('theme', '{scheme}')"
    )
    for name in [LANDING, *FIGURE_PAGES]:
        page = context.new_page()
        open_page(page, urljoin(base_url, name))
        theme, background = page.evaluate(
            "() => [document.body.dataset.theme,"
            " getComputedStyle(document.body).backgroundColor]"
        )
        assert theme == scheme
        red, green, blue = (int(v) for v in re.findall(r"\d+", background)[:3])
        brightness = (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255
        assert (brightness > 0.8) if scheme == "light" else (brightness < 0.2)
        path = screenshots / f"{PurePosixPath(name).stem}-{scheme}.png"
        page.screenshot(path=path, full_page=True)
        page.close()
        assert path.stat().st_size > 10_000
    assert not visit.problems(), "\n".join(visit.problems())


# -- widths: nothing wider than the text column --------------------------------------

WIDTH_FACTS = """() => {
  const column = document.querySelector('article[role=main]') || document.body;
  const c = column.getBoundingClientRect();
  const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip']
    .includes(getComputedStyle(el).overflowX);
  // Inside a box that scrolls or clips, content may be wider: the box itself
  // is what the reader sees, and it is measured.
  const clipped = (el) => {
    if (el.closest('.visually-hidden')) return true;
    for (let a = el; a && a !== column; a = a.parentElement) {
      if (a !== el && scrolls(a)) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string'
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const outside = (left, right) => left < c.left - 1 || right > c.right + 1;
  const where = (left, right) => `${Math.round(left)}..${Math.round(right)} px`
    + ` (column ${Math.round(c.left)}..${Math.round(c.right)})`;
  const wide = [];
  // Boxes, by their content edges: furo's headings reach into the gutter
  // with a padding of their own, their text does not.
  for (const el of column.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if ((!r.width && !r.height) || clipped(el)) continue;
    const s = getComputedStyle(el);
    const left = r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
    const right = r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight);
    if (s.display !== 'inline' && outside(left, right)) {
      wide.push(`${name(el)} spans ${where(left, right)}: `
        + (el.textContent || '').trim().slice(0, 60));
    }
  }
  // Text that spills out of its box (a long word that cannot break).
  const walker = document.createTreeWalker(column, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const box = n.parentElement;
    if (!n.nodeValue.trim() || !box || clipped(box) || scrolls(box)) continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width && outside(r.left, r.right)) {
        wide.push(`text in ${name(n.parentElement)} spans ${where(r.left, r.right)}: `
          + n.nodeValue.trim().slice(0, 60));
        break;
      }
    }
  }
  const tables = [...column.querySelectorAll('table')].map((t) => {
    const box = t.closest('.table-wrapper') || t.parentElement;
    return {scrolls: box.scrollWidth > box.clientWidth + 1,
            excess: box.scrollWidth - box.clientWidth,
            head: (t.querySelector('tr') || t).textContent.trim().slice(0, 60)};
  });
  return {
    wide,
    tables,
    page: document.documentElement.scrollWidth - window.innerWidth,
    column: c.width,
  };
}"""


def width_problems(facts: dict[str, Any], *, tables_fit: bool) -> list[str]:
    """What sticks out of the text column, one line each."""
    problems = list(facts["wide"])
    if facts["page"] > 1:
        problems.append(f"the page scrolls sideways by {facts['page']} px")
    if tables_fit:
        problems += [
            f"table scrolls sideways by {t['excess']} px: {t['head']}"
            for t in facts["tables"]
            if t["scrolls"]
        ]
    return problems


def open_at_width(new_context: ContextFactory, url: str, width: int) -> Any:
    """A page opened in a window ``width`` CSS pixels wide, settled."""
    context, visit = new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate(SETTLE)
    page.wait_for_load_state("networkidle")
    return page, visit


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_wider_than_the_column(
    page_name: str, width: int, new_context: ContextFactory, base_url: str
) -> None:
    """No table, figure, formula or block of the page leaves the text column.

    A table too wide for the column must scroll inside its own box, never the
    page. The claims audit is read, not scrolled: its tables must fit.
    """
    page, visit = open_at_width(new_context, urljoin(base_url, page_name), width)
    facts = page.evaluate(WIDTH_FACTS)
    page.close()
    assert facts["column"] > 0.8 * min(width, 700), facts["column"]
    problems = width_problems(facts, tables_fit=page_name == AUDIT and width >= 1000)
    problems += visit.problems()
    assert not problems, f"{page_name} at {width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_audit_screenshots(
    width: int, new_context: ContextFactory, base_url: str, screenshots: Path
) -> None:
    """The claims audit as a reader sees it on a desktop and on a phone."""
    page, visit = open_at_width(new_context, urljoin(base_url, AUDIT), width)
    path = screenshots / f"audit-{width}.png"
    page.screenshot(path=path, full_page=True)
    page.close()
    assert path.stat().st_size > 10_000
    assert not visit.problems(), "\n".join(visit.problems())


def test_the_width_check_finds_what_sticks_out(
    tmp_path: Path, serve_dir: Any, new_context: ContextFactory
) -> None:
    (tmp_path / "wide.html").write_text(WIDE_PAGE, encoding="utf-8")
    with serve_dir(tmp_path) as url:
        page, _ = open_at_width(new_context, url + "wide.html", 390)
        facts = page.evaluate(WIDTH_FACTS)
        page.close()
    text = "\n".join(width_problems(facts, tables_fit=True))
    for expected in [
        "div.too-wide spans",
        "text in p.long-word spans",
        "table scrolls sideways",
        "the page scrolls sideways",
    ]:
        assert expected in text, f"missed {expected!r} in:\n{text}"
    assert "fits" not in text


WIDE_PAGE = """<!DOCTYPE html><html><head><title>wide</title>
<style>body { margin: 0 } article { width: 300px; margin: 0 20px }
.scroller { overflow-x: auto }</style></head>
<body><article role="main">
<p class="fits">A short paragraph.</p>
<div class="too-wide" style="width: 600px">a box wider than the column</div>
<p class="long-word">Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</p>
<div class="table-wrapper scroller"><table><tr>
<td style="white-space: nowrap">a table row that cannot wrap and must scroll in its box</td>
</tr></table></div>
</article></body></html>
"""


# -- verdict badges ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def badge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page site of the {verdict} role, built with the site's theme and CSS."""
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("badges")
    docs = ROOT / "docs"
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(docs / '_ext')!r})\n"
        "extensions = ['myst_parser', 'dlhw_site']\n"
        "html_theme = 'furo'\n"
        f"html_static_path = [{str(docs / '_static')!r}]\n"
        "html_css_files = ['dlhw.css']\n",
        encoding="utf-8",
    )
    lines = [f"- A claim of the report. {{verdict}}`{v}`" for v in BADGE_SIGNS]
    (src / "index.md").write_text("# Verdicts\n\n" + "\n".join(lines) + "\n")
    out = src / "_build"
    app = Sphinx(src, src, out, out / ".doctrees", "html", status=None)
    app.build()
    assert not app.statuscode
    return out


def test_an_unknown_verdict_fails_the_build(tmp_path: Path, badge_site: Path) -> None:
    import io

    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text((badge_site.parent / "conf.py").read_text())
    (src / "index.md").write_text("# Verdicts\n\n{verdict}`maybe`\n")
    out = tmp_path / "out"
    warnings = io.StringIO()
    app = Sphinx(
        src, src, out, out / ".doctrees", "html", status=None, warning=warnings,
        warningiserror=True,
    )  # fmt: skip
    app.build()
    assert app.statuscode != 0
    assert "unknown verdict 'maybe'" in warnings.getvalue()


BADGE_FACTS = """() => [...document.querySelectorAll('.dlhw-verdict')].map((b) => {
  const s = getComputedStyle(b);
  return {classes: b.className, text: b.textContent, color: s.color,
          background: s.backgroundColor, border: s.borderTopStyle};
})"""


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two CSS rgb() colours.

    >>> round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1)
    21.0
    """

    def luminance(css: str) -> float:
        rgb = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


# (furo's theme, the system's colour scheme): "auto" follows the system.
THEMES = [("light", "light"), ("dark", "dark"), ("auto", "dark")]


@pytest.mark.parametrize(("theme", "system"), THEMES)
def test_verdict_badges_differ_in_words_and_colour(
    theme: str, system: str, badge_site: Path, serve_dir: Any,
    new_context: ContextFactory, screenshots: Path,
) -> None:  # fmt: skip
    """Each verdict has its own sign, word and colours, readable in every theme."""
    from dlhw.report.rules import DERIVATION, VERDICTS

    assert set(BADGE_SIGNS) == {*VERDICTS, DERIVATION}
    scheme = f"{theme}-{system}"
    context, visit = new_context(color_scheme=system)
    context.add_init_script(
        f"if (location.protocol === 'http:') localStorage.setItem('theme', '{theme}')"
    )
    with serve_dir(badge_site) as url:
        page = context.new_page()
        page.goto(url + "index.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        badges = page.evaluate(BADGE_FACTS)
        page.locator("article").screenshot(path=screenshots / f"badges-{scheme}.png")
        page.close()
    assert len(badges) == len(BADGE_SIGNS)
    for badge in badges:
        assert badge_says_its_verdict(badge["classes"], badge["text"]), badge
        ratio = contrast(badge["color"], badge["background"])
        assert ratio >= 4.5, f"{badge['text']}: contrast {ratio:.2f} in {scheme}"
    looks = {(b["color"], b["background"], b["border"]) for b in badges}
    assert len(looks) == len(badges), "two verdicts look alike"
    assert len({b["color"] for b in badges}) == len(badges)
    assert not visit.problems(), "\n".join(visit.problems())


# -- the checks themselves, on a page with every fault ------------------------------

# A 1 x 1 white PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4"
    "AAAAAElFTkSuQmCC"
)
BROKEN_PAGE = r"""<!DOCTYPE html>
<html><head><title>faults</title>
<link rel="stylesheet" href="https://fonts.example.org/font.css">
<link rel="icon" href="pixel.png">
</head><body>
<p id="here">Raw \(x^2\) and $y$ and \sqrt{2}.</p>
<p><span class="math">\(z\)</span></p>
<pre>code may say $HOME and $PATH and \newline</pre>
<img src="missing.png" alt="a missing file">
<img src="pixel.png" alt="">
<img src="_images/pixel.png" alt="Tiny, $\eta$" width="100">
<a href="nowhere.html">a broken link</a>
<a href="#nope">a broken anchor</a>
<a href="#here">a good anchor</a>
<div class="output">&lt;Legend object at 0x7f52b3f71110&gt;</div>
<script>console.error("boom");</script>
<script>fetch("https://cdn.example.org/x.js").catch(() => null);</script>
</body></html>
"""


def test_the_checks_catch_every_fault(
    tmp_path: Path, serve_dir: Any, new_context: ContextFactory
) -> None:
    (tmp_path / "pixel.png").write_bytes(PIXEL)
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "pixel.png").write_bytes(PIXEL)
    (tmp_path / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    with serve_dir(tmp_path) as base_url:
        problems = check(new_context, base_url + "broken.html", base_url, tmp_path)
    text = "\n".join(problems)
    expected = [
        "request off the site: https://fonts.example.org/font.css",
        "request off the site: https://cdn.example.org/x.js",
        "missing.png: HTTP 404",
        "console error: boom",
        "image did not load: " + base_url + "missing.png",
        "image without alt text: " + base_url + "pixel.png",
        "TeX in alt text of " + base_url + "_images/pixel.png",
        "low resolution: " + base_url + "_images/pixel.png has 0.01",
        "math not typeset: '\\\\(z\\\\)'",
        "raw TeX in the page: '\\\\('",
        "raw TeX in the page: '$y$'",
        "raw TeX in the page: '\\\\sqrt'",
        "broken link " + base_url + "nowhere.html: no such file",
        "memory address in the page",
        "broken link " + base_url + "broken.html#nope: no id 'nope'",
    ]
    missed = [e for e in expected if e not in text]
    assert not missed, f"missed: {missed}\nfound:\n{text}"
    assert "#here" not in text
    assert "HOME" not in text
