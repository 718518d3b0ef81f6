"""Site fixes for the dlhw report: offline MathJax, alt text, hi-dpi figures,
reproducible downloads.

A local Sphinx extension, loaded from docs/conf.py.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import zipfile
from importlib.resources import files
from pathlib import Path

from docutils import nodes
from sphinx_gallery.directives import imgsgnode

# MathJax 3 from the django-static-mathjax package, copied into the site so
# that math renders with no network access. A relative path is taken relative
# to _static.
_MATHJAX_ES5 = Path(str(files("mathjax"))) / "static" / "mathjax" / "es5"
_MATHJAX_SKIP = (
    "*-svg*.js",
    "mml-*.js",
    "tex-mml-*.js",
    "tex-chtml-full*.js",
    "node-main.js",
    # latest.js loads the newest MathJax from a CDN: never wanted here.
    "latest.js",
)


def _copy_mathjax(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    marker = "tex-chtml.js"
    if (target / marker).is_file() and (
        (target / marker).stat().st_size == (_MATHJAX_ES5 / marker).stat().st_size
    ):
        return  # already copied by an earlier build
    shutil.copytree(
        _MATHJAX_ES5,
        target,
        ignore=shutil.ignore_patterns(*_MATHJAX_SKIP),
        dirs_exist_ok=True,
    )


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
    r"""Alt text with its ``$...$`` TeX spelled as plain text (Greek as Unicode).

    >>> _plain_text(r"One step to $x = 0$, $\eta(x_0) = \frac{1}{4}$")
    'One step to x = 0, η(x_0) = (1)/(4)'
    """
    text = tex.replace("$", "")
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _TEX_WORDS.get(m[1], ""), text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return " ".join(text.split())


def _css_width(path: Path) -> int | None:
    """The width of a PNG in CSS pixels (96 to the inch), from its own dpi.

    None if the file is not a PNG or does not record its resolution.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width = int.from_bytes(data[16:20], "big")
    at = 8
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        if data[at + 4 : at + 8] == b"pHYs":
            per_metre = int.from_bytes(data[at + 8 : at + 12], "big")
            if data[at + 16] == 1 and per_metre > 0:
                return round(width / (per_metre * 0.0254) * 96)
            return None
        at += size + 12
    return None


def _figure_size(app, doctree, docname) -> None:
    """Show a gallery figure on a report page at its size in inches.

    Left alone, a browser shows an image at one image pixel per CSS pixel,
    which is blurred on a high-dpi screen; at its size in inches (matplotlib
    writes the dpi into the PNG) the figure's text matches the page's and the
    image has savefig.dpi / 96 pixels per CSS pixel. The gallery's own pages
    use a 2x srcset instead. A width given in the page wins.
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
        width = _css_width(Path(app.srcdir) / uri)
        if width is not None:
            image["width"] = f"{width}px"


def _image_alt(app, doctree, docname) -> None:
    """Make every image's alt text non-empty plain text.

    sphinx-gallery leaves a thumbnail's alt text empty: it gets the title of its
    example. TeX in any alt text, such as the axes titles that sphinx-gallery
    gives its figures (``imgsgnode``), is spelled out as plain text.
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


def _verdict_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    """``{verdict}`confirmed```: a claim's verdict as a badge (styled by CSS)."""
    verdict = text.strip()
    node = nodes.inline(
        rawtext, verdict, classes=["dlhw-verdict", f"dlhw-verdict-{verdict}"]
    )
    return [node], []


def setup(app) -> dict[str, object]:
    app.add_role("verdict", _verdict_role)
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _reproducible_zips)
    app.connect("doctree-resolved", _image_alt)
    app.connect("doctree-resolved", _figure_size)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
