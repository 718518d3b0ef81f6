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
import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_ROOT = Path(os.environ.get("DLHW_SITE_ROOT", ROOT / "docs" / "_build" / "html"))
SCREENSHOTS = Path(
    os.environ.get("DLHW_SCREENSHOTS", ROOT / "docs" / "_build" / "screenshots")
)
CHROMIUM = Path(os.environ.get("DLHW_CHROMIUM", "/usr/bin/chromium"))

# Chromium's own services (updates, sync, safe browsing, field trials) would
# otherwise try to reach the network at start. The host resolver rule makes
# every name but 127.0.0.1 unresolvable, so nothing can leak even if one still
# tries. Requests made by the pages are recorded, and blocked, by the tests'
# routing (which sees only the pages' requests, not the browser's own).
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


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
