"""The package's import graph runs one way: engine, published, problems, report, outputs.

Every ``import`` of a dlhw module, at the top of a file or inside a
function, is read from the source; a module may import modules of its own
layer or of a layer below it, never above. The published report's module is a
leaf: it imports nothing of dlhw.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dlhw"

#: The layers, bottom first; a module not named here is an error.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "engine",
        (
            "dlhw",
            "dlhw._extras",
            "dlhw.cache",
            "dlhw.files",
            "dlhw.data",
            "dlhw.objectives",
            "dlhw.derivations",
            "dlhw.descent",
            "dlhw.linreg",
            "dlhw.plotting",
        ),
    ),
    ("published", ("dlhw.published",)),
    (
        "problems",
        (
            "dlhw.problem2",
            "dlhw.problem3a",
            "dlhw.problem3b",
            "dlhw.problem3c",
            "dlhw.problem3d",
        ),
    ),
    ("report", ("dlhw.report",)),
    ("outputs", ("dlhw.pages", "dlhw.explore", "dlhw.cli", "dlhw.__main__")),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    """The index of ``module``'s layer (a prefix match: dlhw.report.x is report)."""
    best = None
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if module == member or (
                member != "dlhw" and module.startswith(member + ".")
            ):
                best = index
    if best is None:
        raise LookupError(f"{module} is in no layer")
    return best


def imports(path: Path) -> set[str]:
    """The dlhw modules ``path`` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "dlhw"}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == "dlhw"
        ):
            found.add(str(node.module))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_no_import_points_up(path: Path) -> None:
    here = module_name(path)
    upward = sorted(
        f"{other} ({LAYERS[layer(other)][0]})"
        for other in imports(path)
        if layer(other) > layer(here)
    )
    assert not upward, f"{here} ({LAYERS[layer(here)][0]}) imports {upward}"


def test_the_published_report_imports_nothing_of_dlhw() -> None:
    assert imports(PACKAGE / "published.py") == set()


def test_an_upward_import_is_found(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from dlhw.report.audit import all_claims\n")
    assert imports(source) == {"dlhw.report.audit"}
    assert layer("dlhw.report.audit") > layer("dlhw.problem3a")
    with pytest.raises(LookupError):
        layer("dlhw.unknown")
