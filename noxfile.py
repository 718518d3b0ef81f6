"""Sessions: tests, docs, lint (nox -s <name>)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "tests", "docs"]

ROOT = Path(__file__).parent.resolve()
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
# What a build leaves behind besides the HTML: generated gallery pages and
# myst-nb's execution cache (which lives under _build).
GENERATED = [BUILD, DOCS / "auto_examples", DOCS / "jupyter_execute"]


def _install(session: nox.Session, *groups: str) -> None:
    requirements = []
    for group in groups:
        requirements += nox.project.dependency_groups(PYPROJECT, group)
    session.install("-e", ".", *requirements)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and the doctests: pytest --doctest-modules."""
    _install(session, "test")
    session.run("pytest", "--doctest-modules", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site; `nox -s docs -- clean` wipes builds and caches first."""
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
        env={"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    session.log(f"The site is at {(BUILD / 'html' / 'index.html').as_uri()}")


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
