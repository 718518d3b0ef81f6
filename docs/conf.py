"""Sphinx configuration for the dlhw report site."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import bokeh

import dlhw
from dlhw.cli import error_line
from dlhw.report.inputs import DATA_ENV, TRAJECTORY_ENV, site_inputs

HERE = Path(__file__).parent.resolve()
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))

project = "dlhw"
author = "the dlhw developers"
copyright = "2026, the dlhw developers"
release = version = dlhw.__version__

extensions = [
    "dlhw_site",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    "sphinx.ext.autodoc",
    "numpydoc",
]

root_doc = "index"
exclude_patterns = [
    "_build",
    "jupyter_execute",
    # sphinx-gallery writes a notebook beside each example; the example's .rst
    # page is the source, so myst-nb must not read the notebook a second time.
    "auto_examples/**.ipynb",
    "**.ipynb_checkpoints",
]
nitpicky = True
# Signatures show a default as written (``reported=REPORTED_3A``), not its
# value, whose repr would quote the report's TeX as source.
autodoc_preserve_defaults = True
# Types named in NumPy-style docstrings that live in other projects; the site
# stays offline, so there is no intersphinx inventory to resolve them against.
nitpick_ignore_regex = [
    (r"py:.*", r"(numpy|np|sympy|sp|matplotlib|plt|collections\.abc|typing)\..*"),
    ("py:class", r"array_like|array-like|optional|callable|default.*"),
]

# -- MyST and myst-nb: pages are text notebooks executed at build time --------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
# nb_execution_cache_path is set below, keyed by the hash of the dlhw sources.
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 900
nb_merge_streams = True
# Glued Markdown is parsed as MyST, so "$...$" in a glued value is math.
nb_render_markdown_format = "myst"
# No widgets: keep myst-nb from linking require.js and the widget manager from
# a CDN.
nb_ipywidgets_js: dict[str, dict[str, str]] = {}

# -- sphinx-gallery: every figure is drawn by a script in gallery/ ------------
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    # One subsection per problem, in the report's order.
    "subsection_order": [
        f"../gallery/{name}"
        for name in ("problem2", "problem3a", "problem3b", "problem3c", "problem3d")
    ],
    "within_subsection_order": "FileNameSortKey",
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "image_srcset": ["2x"],
    "remove_config_comments": True,
    "download_all_examples": False,
    # Run times vary from build to build; keep them out of the pages so two
    # builds of one commit are identical.
    "min_reported_time": float("inf"),
    # A script's last expression is not echoed: its repr ("<... object at
    # 0x7f...>") holds a memory address that changes from build to build.
    # Scripts print what they mean to show.
    "capture_repr": (),
    "write_computation_times": False,
    "show_memory": False,
    "show_signature": False,
}


# -- The user's files: DLHW_DATA and DLHW_TRAJECTORY -----------------------------
# Pages and gallery scripts read them through dlhw.report.inputs.site_inputs;
# made absolute here, because sphinx-gallery runs each script in its own folder.
# They are read and checked here, as the command line checks them: a file that
# cannot serve ends the build with the command line's one line and exit code 2
# (Sphinx would report an error raised here with a traceback).
try:
    _INPUTS = site_inputs()
    _FINGERPRINT = _INPUTS.fingerprint()
except ValueError as exc:
    print(error_line(exc), file=sys.stderr, flush=True)
    os._exit(2)
for _name, _path in ((DATA_ENV, _INPUTS.data), (TRAJECTORY_ENV, _INPUTS.trajectory)):
    if _path is not None:
        os.environ[_name] = str(_path)


# -- No stale result survives a change to dlhw/ or to the user's files -----------
# myst-nb's cache hashes a page's own code cells and sphinx-gallery's hashes the
# example file alone; neither sees the package they import nor the files they
# read. Key both caches to a hash of the package sources and of the user's
# files, so editing dlhw/ or replacing a file re-runs every page and figure.
def _package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "dlhw").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(f"inputs:{_FINGERPRINT}".encode())
    return digest.hexdigest()[:16]


dlhw_source_hash = _package_hash()
_CACHE_ROOT = HERE / "_build" / ".jupyter_cache"
nb_execution_cache_path = str(_CACHE_ROOT / dlhw_source_hash)
if _CACHE_ROOT.is_dir():  # drop caches made from older sources
    for old in _CACHE_ROOT.iterdir():
        if old.name != dlhw_source_hash:
            shutil.rmtree(old, ignore_errors=True)
_GALLERY_STAMP = HERE / "auto_examples" / ".dlhw-source-hash"
sphinx_gallery_conf["run_stale_examples"] = (
    not _GALLERY_STAMP.is_file() or _GALLERY_STAMP.read_text() != dlhw_source_hash
)

# -- autodoc / numpydoc ---------------------------------------------------------
autodoc_typehints = "none"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- HTML: a theme with light and dark modes ---------------------------------------
html_theme = "furo"
html_title = "dlhw: the homework report, executable"
html_static_path = ["_static"]
html_css_files = ["dlhw.css"]
# A site icon of its own, so that browsers do not ask for a missing /favicon.ico.
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_show_sourcelink = True
html_copy_source = False

# Math typeset as MathML when the site is built (see _ext/dlhw_site.py).
html_math_renderer = "mathml"


# -- The report as one PDF: `nox -s pdf` ------------------------------------------
# The single-page HTML builder, run with the tag "pdf", assembles these pages in
# this order (docs/_ext/dlhw_site.py); docs/pdf.py prints the result with
# Chromium to docs/_build/pdf/dlhw.pdf and copies it beside the landing page,
# which links to it.
dlhw_pdf_docs = [
    "index",
    "report/problem2",
    "report/problem3a",
    "report/problem3b",
    "report/problem3c",
    "report/problem3d",
    "audit",
]


# BokehJS, which draws the explorable figures (dlhw/explore.py), comes from the
# bokeh wheel and is served from the site too. It is copied before the pages
# are written, so that Sphinx stamps each script link with the file's checksum
# in every build alike; it is linked only from the pages that hold a figure.
_BOKEH_JS = Path(bokeh.__file__).parent / "server" / "static" / "js"
_BOKEH_FILES = ("bokeh.min.js", "bokeh-widgets.min.js")
_EXPLORE_MARK = 'class="dlhw-explore"'


def _copy_bokehjs(app) -> None:
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "bokeh"
    target.mkdir(parents=True, exist_ok=True)
    for name in _BOKEH_FILES:
        source = _BOKEH_JS / name
        if not (target / name).is_file() or (
            (target / name).read_bytes() != source.read_bytes()
        ):
            shutil.copyfile(source, target / name)


# Each figure's Bokeh JSON, as dlhw.explore.explorer_html writes it.
_EXPLORE_DATA = re.compile(
    r'<script type="application/json" class="dlhw-explore-data">(.*?)</script>',
    re.DOTALL,
)


def _link_bokehjs(app, pagename, templatename, context, doctree) -> None:
    """Move each figure's data into a script of its own; link the page's loader.

    dlhw-explore.js loads BokehJS and a figure's data script only when the
    reader comes near the figure, so the page's first paint waits for neither.
    """
    body = context.get("body", "")
    if _EXPLORE_MARK not in body:
        return

    def move(match: re.Match[str]) -> str:
        target = json.loads(match[1])["target_id"]
        name = f"_static/explore/{target}.js"
        path = Path(app.outdir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"dlhwExplore.data({json.dumps(target)}, {match[1]});\n", encoding="utf-8"
        )
        src = context["pathto"](name, 1)
        return f'<script type="application/json" class="dlhw-explore-data" data-src="{src}"></script>'

    context["body"] = _EXPLORE_DATA.sub(move, body)
    app.add_js_file("dlhw-explore.js", defer="defer")


def _stamp_gallery(app, exception) -> None:
    if exception is None and _GALLERY_STAMP.parent.is_dir():
        _GALLERY_STAMP.write_text(dlhw_source_hash)


def setup(app) -> None:
    # A changed hash marks the whole environment outdated, so every page is
    # read again and takes its glued values from the re-run cache.
    app.add_config_value("dlhw_source_hash", "", "env")
    app.connect("build-finished", _stamp_gallery)
    app.connect("builder-inited", _copy_bokehjs)
    app.connect("html-page-context", _link_bokehjs)
