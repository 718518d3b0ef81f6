"""Every public function with arguments documents exactly its parameters.

For each module of :data:`CHECKED`, every function of its ``__all__`` and
every public method (plain, class or static) of a class of its ``__all__``
that takes an argument besides ``self`` or ``cls`` has a NumPy-style
``Parameters`` section, read with :class:`numpydoc.docscrape.FunctionDoc`.
The section names each parameter of the signature and nothing else. A
variadic parameter is named with its stars, ``*args`` or ``**kwargs``, as
numpydoc writes it; ``a, b : int`` names both ``a`` and ``b``. A function
wrapped with :func:`functools.wraps` (:func:`dlhw.cache.persistent`) is
checked against the signature of the function it wraps.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from numpydoc.docscrape import FunctionDoc

#: The modules whose public functions must document their parameters. Of the
#: rest of dlhw.report, claim, claims3d and rules have no public function with
#: arguments, nor have facts3a-facts3d as this check sees them (their builders
#: are functools.cache wrappers, not plain functions).
CHECKED = (
    "dlhw._extras",
    "dlhw.cache",
    "dlhw.cli",
    "dlhw.data",
    "dlhw.derivations",
    "dlhw.descent",
    "dlhw.explore",
    "dlhw.files",
    "dlhw.linreg",
    "dlhw.objectives",
    "dlhw.plotting",
    "dlhw.problem2",
    "dlhw.problem3a",
    "dlhw.problem3b",
    "dlhw.problem3c",
    "dlhw.problem3d",
    "dlhw.pages",
    "dlhw.report.audit",
    "dlhw.report.claims2",
    "dlhw.report.claims3a",
    "dlhw.report.claims3b",
    "dlhw.report.claims3c",
    "dlhw.report.facts",
    "dlhw.report.facts2",
    "dlhw.report.grid",
    "dlhw.report.headline",
    "dlhw.report.inputs",
    "dlhw.report.records",
    "dlhw.report.tables",
    "dlhw.report.text",
)


def public_functions(module_name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    """The public functions and methods of a module, by qualified name."""
    module = importlib.import_module(module_name)
    for name in module.__all__:
        obj = getattr(module, name)
        if getattr(obj, "__module__", None) != module_name:
            continue
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if isinstance(member, classmethod | staticmethod):
                    member = member.__func__
                if not attr.startswith("_") and inspect.isfunction(member):
                    yield f"{name}.{attr}", member


def signature_names(func: Callable[..., Any]) -> list[str]:
    """The parameters a docstring must name, variadic ones with their stars."""
    stars = {
        inspect.Parameter.VAR_POSITIONAL: "*",
        inspect.Parameter.VAR_KEYWORD: "**",
    }
    params = inspect.signature(inspect.unwrap(func)).parameters.values()
    return [
        stars.get(p.kind, "") + p.name for p in params if p.name not in {"self", "cls"}
    ]


def documented_names(func: Callable[..., Any]) -> list[str] | None:
    """The names of the Parameters section, or None if there is none."""
    doc = FunctionDoc(func, role="func")
    entries = doc["Parameters"]
    if not entries:
        return None
    return [part.strip() for entry in entries for part in entry.name.split(",") if part]


def mismatch(func: Callable[..., Any]) -> str | None:
    """What is wrong with ``func``'s Parameters section, or None."""
    wanted = signature_names(func)
    if not wanted:
        return None
    named = documented_names(func)
    if named is None:
        return f"no Parameters section (parameters: {', '.join(wanted)})"
    problems = []
    if missing := [n for n in wanted if n not in named]:
        problems.append(f"not documented: {', '.join(missing)}")
    if extra := [n for n in named if n not in wanted]:
        problems.append(f"not in the signature: {', '.join(extra)}")
    if duplicated := sorted({n for n in named if named.count(n) > 1}):
        problems.append(f"documented twice: {', '.join(duplicated)}")
    return "; ".join(problems) or None


CASES = [
    pytest.param(func, id=f"{module}.{qualname}")
    for module in CHECKED
    for qualname, func in public_functions(module)
]


@pytest.mark.parametrize("func", CASES)
def test_the_parameters_section_names_exactly_the_parameters(func) -> None:
    assert mismatch(func) is None, mismatch(func)


def test_every_checked_module_has_a_function_with_arguments() -> None:
    for module in CHECKED:
        assert any(signature_names(f) for _, f in public_functions(module)), module


# -- the check itself: it fails on a wrong section ------------------------------


def _documented(a: int, b: float = 1.0, *args: int, c: str = "", **kwargs: Any):
    """Something.

    Parameters
    ----------
    a, b : int
        Numbers.
    *args : int
        More numbers.
    c : str
        A word.
    **kwargs
        Anything.
    """


def _undocumented(a: int) -> int:
    """Something, with no Parameters section."""
    return a


def _missing(a: int, b: int) -> int:
    """Something.

    Parameters
    ----------
    a : int
        A number.
    """
    return a + b


def _extra(a: int) -> int:
    """Something.

    Parameters
    ----------
    a : int
        A number.
    gone : int
        A parameter the signature no longer has.
    """
    return a


def _unstarred(*args: int) -> int:
    """Something.

    Parameters
    ----------
    args : int
        Numbers, named without the star.
    """
    return sum(args)


def _no_arguments() -> int:
    """Something, needing no Parameters section."""
    return 0


class _Thing:
    def method(self, a: int) -> int:
        """Something.

        Parameters
        ----------
        b : int
            The wrong name.
        """
        return a

    @classmethod
    def make(cls, a: int) -> _Thing:
        """Something, with no Parameters section."""
        return cls()


@pytest.mark.parametrize(
    ("func", "expected"),
    [
        (_documented, None),
        (_no_arguments, None),
        (_undocumented, "no Parameters section (parameters: a)"),
        (_missing, "not documented: b"),
        (_extra, "not in the signature: gone"),
        (_unstarred, "not documented: *args; not in the signature: args"),
        (_Thing.method, "not documented: a; not in the signature: b"),
        (_Thing.make, "no Parameters section (parameters: a)"),
    ],
)
def test_the_check_finds_a_wrong_section(func, expected) -> None:
    assert mismatch(func) == expected
