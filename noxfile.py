"""Sessions: tests, lowest, typecheck, docs, pdf, lint, site, hostile, repro, bench,
mutation.

Run one with ``nox -s <name>``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "typecheck", "tests", "docs"]

ROOT = Path(__file__).parent.resolve()
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
# What a build leaves behind besides the HTML: generated gallery pages and
# myst-nb's execution cache (which lives under _build).
GENERATED = [BUILD, DOCS / "auto_examples", DOCS / "jupyter_execute"]
# Debian's Chromium: the browser tests drive it through Playwright, whose own
# browser downloads are never used.
CHROMIUM = Path("/usr/bin/chromium")
# The report as one PDF; the landing page links to it beside itself.
PDF_NAME = "dlhw.pdf"
# ESLint and its recommended rules, for the site's JavaScript (docs/_static);
# npm installs them into node_modules (git-ignored) without a package.json.
ESLINT = ("eslint@9", "@eslint/js@9")
LIGHTHOUSE = "lighthouse@12"
AXE_CORE = "axe-core@4"


def _npm_install(session: nox.Session, *packages: str) -> None:
    """Install npm packages into node_modules (each session its own: npm
    removes what is not named)."""
    session.run(
        "npm", "install", "--no-save", "--no-audit", "--no-fund", *packages,
        external=True,
    )  # fmt: skip


def _install(session: nox.Session, *groups: str) -> None:
    requirements = []
    for group in groups:
        requirements += nox.project.dependency_groups(PYPROJECT, group)
    session.install("-e", ".", *requirements)


#: Least share of dlhw's lines the full test run must cover.
COVERAGE_FLOOR = 95


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and the doctests, with a coverage report of dlhw/.

    A full run (no arguments) fails below COVERAGE_FLOOR percent of lines;
    `nox -s tests -- tests/test_data.py` runs a part and only reports, as
    `nox -s tests -- -m "not slow"` does, which leaves out the tests that take
    more than a few seconds.
    """
    _install(session, "test")
    coverage = ["--cov=dlhw", "--cov-report=term-missing:skip-covered"]
    if not session.posargs:
        coverage.append(f"--cov-fail-under={COVERAGE_FLOOR}")
    session.run("pytest", *coverage, *session.posargs)


@nox.session(venv_backend="uv")
def lowest(session: nox.Session) -> None:
    """Run the quick tests at the lowest versions pyproject.toml allows.

    uv resolves dlhw's dependencies and the test group to their floors
    (`--resolution lowest-direct`), so a floor that no longer works fails
    here.
    """
    requirements = nox.project.dependency_groups(PYPROJECT, "test")
    session.install("--resolution", "lowest-direct", "-e", ".", *requirements)
    session.run("pytest", "-m", "not slow", *session.posargs)


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check dlhw/ with mypy (settings in pyproject.toml)."""
    _install(session, "typecheck")
    session.run("mypy", *session.posargs)


# The user's own files: DLHW_DATA=DIR (the four age_regression_*.npy files) and
# DLHW_TRAJECTORY=FILE (the course's trajectory file). The site builds on them.
INPUT_VARIABLES = ("DLHW_DATA", "DLHW_TRAJECTORY")


def _inputs(session: nox.Session) -> dict[str, str]:
    """The user's files from the environment, as absolute paths."""
    env = {}
    for name in INPUT_VARIABLES:
        value = os.environ.get(name)
        if value:
            if not Path(value).exists():
                session.error(f"{name}={value!r}: no such file or directory")
            env[name] = str(Path(value).resolve())
            # repr: a name's control characters are shown, not sent to the terminal.
            session.log(f"{name}={env[name]!r}")
    return env


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site; `nox -s docs -- clean` wipes builds and caches first.

    With DLHW_DATA=DIR and/or DLHW_TRAJECTORY=FILE set, every page, figure and
    verdict is computed on those files instead of dlhw's stand-ins.
    """
    _install(session, "docs")
    if "clean" in session.posargs:
        for path in GENERATED:
            session.log(f"removing {path}")
            shutil.rmtree(path, ignore_errors=True)
    session.run(
        "sphinx-build",
        "-n",
        "-W",
        "--keep-going",
        "-b",
        "html",
        str(DOCS),
        str(BUILD / "html"),
        env={"PYDEVD_DISABLE_FILE_VALIDATION": "1", **_inputs(session)},
    )
    session.log(f"The site is at {(BUILD / 'html' / 'index.html').as_uri()}")


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff; lint docs/_static's JavaScript with ESLint.

    ESLint needs Node.js and npm (eslint.config.mjs holds its settings).
    """
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    if shutil.which("npm") is None or shutil.which("npx") is None:
        session.error(
            "npm is missing, and ESLint lints docs/_static: install Node.js 20 "
            "with npm (`apt-get install nodejs npm`, as root)"
        )
    _npm_install(session, *ESLINT)
    session.run("npx", "--no-install", "eslint", "docs/_static", external=True)


def _ensure_chromium(session: nox.Session) -> None:
    """Install Debian's chromium package if the browser is missing."""
    if CHROMIUM.is_file():
        return
    if os.geteuid() != 0:
        session.error(
            f"{CHROMIUM} is missing and only root can install it: run "
            "`apt-get install chromium` as root, then `nox -s site` again"
        )
    apt_env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", external=True, env=apt_env)
    session.run(
        "apt-get",
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        external=True,
        env=apt_env,
    )


@nox.session
def site(session: nox.Session) -> None:
    """Open every page of the built site in headless Chromium and check it.

    Run `nox -s docs` and then `nox -s pdf` first (the landing page links to
    the PDF). Fails on an off-site request, a console error, an image that did
    not load or has no alt text, unrendered TeX, a broken internal link,
    anything wider than the text column at 1280 or 390 px, or a WCAG 2.2 A or
    AA violation that axe-core (npm) finds; saves screenshots
    under docs/_build/screenshots.
    """
    html = BUILD / "html"
    if not (html / "index.html").is_file():
        session.error(f"no built site at {html}: run `nox -s docs` first")
    if not (html / PDF_NAME).is_file():
        session.error(
            f"no {PDF_NAME} in {html}, which the landing page links to: "
            "run `nox -s pdf` (after `nox -s docs`) first"
        )
    _ensure_chromium(session)
    _install(session, "site")
    # axe-core checks each page's accessibility (tests/site/test_site.py).
    _npm_install(session, AXE_CORE)
    session.run(
        "pytest",
        "tests/site",
        "-m",
        "site",
        *session.posargs,
        env={
            "DLHW_SITE_ROOT": str(html),
            "DLHW_SCREENSHOTS": str(BUILD / "screenshots"),
            "DLHW_CHROMIUM": str(CHROMIUM),
            # Never fetch Playwright's own browser builds.
            "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        },
    )


@nox.session
def lighthouse(session: nox.Session) -> None:
    """Lighthouse's scores of every page on a phone (tests/site/lighthouse.py).

    Run `nox -s docs` first. Serves the built site from 127.0.0.1 with gzip
    and measures each page with Lighthouse (npm) in Debian's Chromium, mobile
    preset, three times; prints the medians of the four scores, the bytes
    transferred, LCP, TBT and CLS, and the audits that cost points. Takes a
    few minutes; CI does not run it. `nox -s lighthouse -- --json PATH` also
    writes the figures.
    """
    if not (BUILD / "html" / "index.html").is_file():
        session.error(f"no built site at {BUILD / 'html'}: run `nox -s docs` first")
    _ensure_chromium(session)
    _npm_install(session, LIGHTHOUSE)
    # The local server is the PDF script's, which reads the PDF's fonts from
    # matplotlib.
    session.install("matplotlib>=3.10.7")
    session.run(
        "python",
        "tests/site/lighthouse.py",
        *session.posargs,
        env={"DLHW_CHROMIUM": str(CHROMIUM)},
    )


@nox.session
def hostile(session: nox.Session) -> None:
    """Build the site on files with hostile names; check that none runs as code.

    The course-format files lie in a folder whose name starts ``<img src=x
    onerror=alert(1)>`` and the trajectory in a file whose name starts
    ``<script>alert(2)<svg onload=alert(3)>`` (both also hold line breaks,
    quotes, dashes, dots and TeX); the whole site and the PDF's single page
    are built on them from a clean copy of the sources
    (tests/site/test_hostile.py), then every page is read for raw markup and
    for the names' own characters and opened in headless Chromium, and
    ``dlhw audit`` runs on the same files. A full build of its own: some
    minutes.
    """
    _ensure_chromium(session)
    _install(session, "site")
    session.run(
        "pytest",
        "tests/site/test_hostile.py",
        "-m",
        "hostile",
        *session.posargs,
        env={
            "DLHW_CHROMIUM": str(CHROMIUM),
            "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        },
    )


@nox.session
def pdf(session: nox.Session) -> None:
    """The report as one PDF: docs/_build/pdf/dlhw.pdf, then check it.

    Builds the single-page HTML of the landing page, the five problem pages
    and the claims audit (Sphinx's singlehtml builder with the tag "pdf"),
    prints it with Debian's Chromium (docs/pdf.py), copies it beside the
    built site's landing page, which links to it, and checks its pages,
    titles and figures (tests/site/test_pdf.py). Builds offline.
    """
    _ensure_chromium(session)
    _install(session, "pdf")
    session.run(
        "sphinx-build",
        "-n",
        "-W",
        "--keep-going",
        "-t",
        "pdf",
        "-b",
        "singlehtml",
        str(DOCS),
        str(BUILD / "singlehtml"),
        env={"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    out = BUILD / "pdf" / PDF_NAME
    env = {"PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    session.run(
        "python",
        str(DOCS / "pdf.py"),
        "--html",
        str(BUILD / "singlehtml"),
        "--out",
        str(out),
        "--site",
        str(BUILD / "html"),
        "--chromium",
        str(CHROMIUM),
        env=env,
    )
    session.run(
        "pytest",
        "tests/site/test_pdf.py",
        "-m",
        "pdf",
        env={
            **env,
            "DLHW_PDF": str(out),
            "DLHW_SINGLEHTML": str(BUILD / "singlehtml"),
        },
    )


@nox.session
def repro(session: nox.Session) -> None:
    """Build the site twice from clean copies and check the two are identical.

    `nox -s repro -- --keep` keeps both builds for a closer look.
    """
    _install(session, "docs")
    session.run("python", "tests/site/repro.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: ratios from one run, each against its target.

    Each ratio is printed with what it depends on (the CPU, the BLAS kernel);
    `nox -s bench -- --json docs/performance.json` also records the results
    with the CPU model and the BLAS library and kernels in use, for the site's
    Performance page; `--quick` runs smaller problems.
    """
    _install(session, "bench")
    session.run("python", "tests/benchmarks/run.py", *session.posargs)


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation testing of what decides a verdict (tests/mutation.py).

    The claims builders and the rules of dlhw/report/, grid.py, the facts
    records' builders and the problems' deciding constants. Each mutant (a
    number or a bool changed, a comparison swapped, a rule's measured
    argument replaced by its reported one or by 0) runs the tests that cover
    it; a survivor is judged by the audit's verdicts on the stand-ins, one set
    of course-format files and one trajectory file. Fails if a survivor
    changes a verdict there (one the tests do not guard); survivors that
    change none are listed. Hours on two cores, so not part of .ci/run;
    `nox -s mutation -- --module claims3d` runs one module, `--jobs N` sets
    the mutants run side by side, `--json FILE` writes the results and
    `--record FILE` merges the modules run into a record of the runs (the
    one checked in is tests/mutation-record.json).
    """
    _install(session, "test")
    session.run("python", "tests/mutation.py", *session.posargs)
