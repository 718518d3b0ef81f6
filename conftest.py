"""Test selection for every run, of tests/ and of the doctests in dlhw/ alike.

- The disk cache of :mod:`dlhw.cache` is off unless ``DLHW_CACHE`` is set.
- The tests marked ``site``, ``pdf`` or ``hostile`` need a built site,
  Chromium or a build of their own (``nox -s site``, ``nox -s pdf``,
  ``nox -s hostile``): they run only when ``-m`` names their marker, so that
  ``pytest -m "not slow"`` leaves them out as plain ``pytest`` does.
- The doctests in :data:`SLOW_DOCTESTS` are marked ``slow``, as the slow tests
  of tests/ are (``pytest -m "not slow"`` skips both).
"""

from __future__ import annotations

import os
import re

import pytest

from dlhw.cache import CACHE_ENV

# Every run computed afresh: a result read from the disk cache (dlhw.cache)
# would leave the code that computes it untested. DLHW_CACHE=DIR, set by the
# caller, shares a folder instead (the mutation tests do, for speed).
os.environ.setdefault(CACHE_ENV, "off")

#: Markers of the tests that run only when ``-m`` names them.
OWN_SESSIONS = ("site", "pdf", "hostile")

#: Doctests that take more than a few seconds (a full run of a problem).
SLOW_DOCTESTS = frozenset(
    {
        "dlhw.cli.format_report",
        "dlhw.explore.bowl_layout",
        "dlhw.explore.plateau_layout",
        "dlhw.report.claims3a.claims_3a",
        "dlhw.report.claims3c",
    }
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    expression = config.getoption("markexpr") or ""
    named = {m for m in OWN_SESSIONS if re.search(rf"\b{m}\b", expression)}
    keep, drop = [], []
    for item in items:
        if item.name in SLOW_DOCTESTS:
            item.add_marker(pytest.mark.slow)
        own = {m.name for m in item.iter_markers() if m.name in OWN_SESSIONS}
        (drop if own - named else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
