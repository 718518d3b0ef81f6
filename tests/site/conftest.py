"""Fixtures for the browser tests of the built site (``nox -s site``).

The built site is served by Python's own HTTP server on 127.0.0.1 and opened
in Debian's Chromium, driven by Playwright; Playwright's own browser builds are
never used. Settings come from the environment, which ``nox -s site`` fills in:

``DLHW_SITE_ROOT``
    The built HTML (default: ``docs/_build/html``).
``DLHW_SCREENSHOTS``
    Where screenshots go (default: ``docs/_build/screenshots``).
``DLHW_CHROMIUM``
    The browser binary (default: ``/usr/bin/chromium``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_ROOT = Path(os.environ.get("DLHW_SITE_ROOT", ROOT / "docs" / "_build" / "html"))
SCREENSHOTS = Path(
    os.environ.get("DLHW_SCREENSHOTS", ROOT / "docs" / "_build" / "screenshots")
)
CHROMIUM = Path(os.environ.get("DLHW_CHROMIUM", "/usr/bin/chromium"))
LOCAL_HOSTS = {"127.0.0.1"}


def _pdf_module() -> Any:
    # The PDF script (docs/pdf.py) serves the built site and starts Chromium as
    # the tests do: one definition of the local server and the flags for both.
    path = Path(__file__).resolve().parents[2] / "docs" / "pdf.py"
    spec = importlib.util.spec_from_file_location("dlhw_docs_pdf", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_PDF = _pdf_module()

# Chromium's own services (updates, sync, safe browsing, field trials) would
# otherwise try to reach the network at start. The host resolver rule makes
# every name but 127.0.0.1 unresolvable, so nothing can leak even if one still
# tries. Requests made by the pages are recorded, and blocked, by the tests'
# routing (which sees only the pages' requests, not the browser's own).
CHROMIUM_ARGS: list[str] = _PDF.CHROMIUM_ARGS


def site_pages(root: Path = SITE_ROOT) -> list[str]:
    """Every HTML page of the built site, as a path relative to ``root``.

    Files under ``_static``, ``_images`` and the other underscore folders are
    assets, not pages.
    """
    pages = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root)
        if not any(part.startswith("_") for part in rel.parts[:-1]):
            pages.append(rel.as_posix())
    return pages


#: Serve a folder on a free port of 127.0.0.1 (a context manager yielding the URL).
serve = _PDF.serve


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One ``page_name`` for every page of the built site."""
    if "page_name" in metafunc.fixturenames:
        names = site_pages() if SITE_ROOT.is_dir() else []
        metafunc.parametrize("page_name", names)


@pytest.fixture(scope="session")
def site_root() -> Path:
    if not (SITE_ROOT / "index.html").is_file():
        pytest.fail(
            f"no built site at {SITE_ROOT}: run `nox -s docs` first", pytrace=False
        )
    return SITE_ROOT


@pytest.fixture(scope="session")
def pages(site_root: Path) -> list[str]:
    return site_pages(site_root)


@pytest.fixture(scope="session")
def serve_dir() -> Callable[[Path], contextlib.AbstractContextManager[str]]:
    """Serve another folder (the checks' own test pages)."""
    return serve


@pytest.fixture(scope="session")
def base_url(site_root: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 for the whole session."""
    with serve(site_root) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium package "
            "(`apt-get install chromium`, as root); `nox -s site` does this itself "
            "when run as root",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # Playwright gives every launch a new, empty --user-data-dir of its own
        # and removes it on close.
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def is_remote(url: str) -> bool:
    """Whether loading ``url`` would leave this machine."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "javascript"}:
        return False
    return bool(parts.netloc) and parts.hostname not in LOCAL_HOSTS


@pytest.fixture(scope="session")
def remote() -> Callable[[str], bool]:
    """Whether loading a URL would leave this machine."""
    return is_remote


@dataclass
class Visit:
    """What the pages of one browser context asked for, and what went wrong."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        off_site = sorted(
            set(self.blocked) | {u for u in self.requests if is_remote(u)}
        )
        return (
            [f"request off the site: {u}" for u in off_site]
            + [f"failed to load: {f}" for f in self.failed]
            + [f"console error: {e}" for e in self.console_errors]
        )


ContextFactory = Callable[..., tuple[Any, Visit]]


@pytest.fixture
def new_context(browser: Any) -> Iterator[ContextFactory]:
    """Make browser contexts that record every request and block off-site ones.

    Routing sees the requests of the pages (and their workers) only, not those
    of Chromium's own background services, which the launch flags switch off.
    """
    contexts = []

    def make(**options: Any) -> tuple[Any, Visit]:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        visit = Visit()

        def route(route: Any) -> None:
            if is_remote(route.request.url):
                visit.blocked.append(route.request.url)
                route.abort("blockedbyclient")
            else:
                route.continue_()

        def console(message: Any) -> None:
            if message.type == "error":
                where = message.location.get("url", "")
                visit.console_errors.append(f"{message.text} ({where})")

        def response(response: Any) -> None:
            if response.status >= 400:
                visit.failed.append(f"{response.url}: HTTP {response.status}")

        def request_failed(request: Any) -> None:
            if not is_remote(request.url):
                visit.failed.append(f"{request.url}: {request.failure}")

        context.route("**/*", route)
        context.on("request", lambda request: visit.requests.append(request.url))
        context.on("response", response)
        context.on("requestfailed", request_failed)
        context.on("console", console)
        context.on(
            "weberror", lambda error: visit.console_errors.append(str(error.error))
        )
        return context, visit

    yield make
    for context in contexts:
        context.close()
