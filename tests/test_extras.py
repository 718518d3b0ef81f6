"""The extra dlhw[site]: the site's modules name it when a package is missing."""

from __future__ import annotations

import importlib
import re
import sys
import tomllib
from pathlib import Path

import pytest

PYPROJECT = tomllib.loads(
    (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8")
)
MESSAGE = re.escape('pip install "dlhw[site]"')


@pytest.mark.parametrize(
    ("module", "package"),
    [
        ("dlhw.explore", "bokeh"),
        ("dlhw.explore", "IPython"),
        ("dlhw.pages", "myst_nb"),
        ("dlhw.pages", "IPython"),
    ],
)
def test_a_site_module_names_the_extra_when_a_package_is_missing(
    module, package, monkeypatch
):
    # None in sys.modules: `import package` fails, as it would were it absent
    monkeypatch.setitem(sys.modules, package, None)
    monkeypatch.delitem(sys.modules, module, raising=False)
    with pytest.raises(ImportError, match=f"{module} needs {package},.*{MESSAGE}"):
        importlib.import_module(module)


def group(name: str) -> list[str]:
    """The requirements of a dependency group, its included groups' too."""
    out = []
    for entry in PYPROJECT["dependency-groups"][name]:
        out += group(entry["include-group"]) if isinstance(entry, dict) else [entry]
    return out


@pytest.mark.parametrize("name", ["test", "docs"])
def test_the_groups_that_import_the_site_modules_pin_the_extra(name):
    extra = PYPROJECT["project"]["optional-dependencies"]["site"]
    assert set(extra) <= set(group(name))
