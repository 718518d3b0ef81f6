"""Results kept between runs: the engine's runs that no user's file changes.

The audit, the pages and the figures all need the same long runs (the 3a
rate sweeps, the 3c starts, Problem 2 on the stand-in). :func:`persistent`
keeps such a function's results in memory, like ``functools.cache``, and
on disk, so that the next process (the next ``dlhw audit``, the next page of
a docs build) reads them instead of running them again.

A result is filed under a key made of the function, its arguments, the
NumPy version and a hash of the engine's sources (:func:`engine_hash`: every
module of dlhw but the report layer's verdicts, which only read the
results), so a change to the code that computes it is never answered from
the cache. Only results of dlhw's own computations are stored, by dlhw, in
its own folder: ``DLHW_CACHE`` names it, ``DLHW_CACHE=off`` turns the disk
cache off, and by default it is the user's cache folder (``~/.cache/dlhw``
on Linux). Removing the folder clears it. A folder that cannot be written,
or a file that cannot be read, only costs the time of the run.

Examples
--------
>>> import os, tempfile
>>> folder, setting = tempfile.TemporaryDirectory(), os.environ.get(CACHE_ENV)
>>> os.environ[CACHE_ENV] = folder.name
>>> calls = []
>>> def square(n: int) -> int:
...     calls.append(n)
...     return n * n
>>> square_cached = persistent(square)
>>> square_cached(3), square_cached(3), calls
(9, 9, [3])

A new process would find the result on disk: so does a new wrapper.

>>> persistent(square)(3), calls
(9, [3])
>>> os.environ[CACHE_ENV] = "off"
>>> persistent(square)(3), calls
(9, [3, 3])
>>> if setting is None: del os.environ[CACHE_ENV]
... else: os.environ[CACHE_ENV] = setting
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, overload

import numpy as np

__all__ = ["CACHE_ENV", "cache_dir", "engine_hash", "persistent"]

#: The environment variable naming the cache folder (``off``: no disk cache).
CACHE_ENV = "DLHW_CACHE"
_PACKAGE = Path(__file__).resolve().parent
# The layers above the problems (the report layer, the pages, the explorer,
# the command line) import the cached runs but no cached run imports them
# (tests/test_layers.py), so a change to them leaves every cached result
# valid. The report's own numbers, in published.py, are an input of the runs
# and are hashed.
_ABOVE_THE_RUNS = {"report", "pages.py", "explore.py", "cli.py", "__main__.py"}

P = ParamSpec("P")
R = TypeVar("R")


@functools.cache
def engine_hash() -> str:
    """A hash of the sources whose change can change a cached result.

    Every module of :mod:`dlhw` in the layers the runs are computed in: the
    engine, the published report and the problems.
    """
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        rel = path.relative_to(_PACKAGE)
        if rel.parts[0] in _ABOVE_THE_RUNS:
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(f"numpy {np.__version__}".encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path | None:
    """The folder of the disk cache, or None where it is turned off."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None:
        return None if setting.strip().lower() in {"", "off", "0"} else Path(setting)
    import pooch

    return Path(pooch.os_cache("dlhw"))


def _key(
    func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str:
    text = repr((func.__module__, func.__qualname__, args, sorted(kwargs.items())))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _read(path: Path) -> tuple[bool, Any]:
    try:
        with path.open("rb") as handle:
            # Only dlhw writes here (_write): its own results, not a user's file.
            return True, pickle.load(handle)
    # A damaged or outdated file, whatever unpickling makes of it, only costs
    # the run that replaces it.
    except Exception:  # noqa: BLE001
        return False, None


def _write(path: Path, value: Any) -> None:
    # Written whole or not at all: a build and a command may share the folder.
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


@overload
def persistent(func: Callable[P, R], /) -> Callable[P, R]: ...
@overload
def persistent(
    *, ignore: tuple[str, ...] = ()
) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def persistent(
    func: Callable[P, R] | None = None, /, *, ignore: tuple[str, ...] = ()
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache ``func``'s results in memory and on disk (:func:`cache_dir`).

    For functions of the engine whose result depends on their arguments and
    dlhw's sources alone, never on a user's file. Arguments must have a
    stable ``repr`` (numbers, strings, tuples of them); keyword arguments
    named in ``ignore`` (a progress flag, say) are not part of the key.

    Parameters
    ----------
    func : callable, optional
        The function to cache, its arguments making the key. Without it,
        ``persistent(ignore=...)`` gives the decorator to apply.
    ignore : tuple of str, optional
        Names of keyword arguments left out of the key; none by default.

    Returns
    -------
    callable
        ``func`` wrapped (with ``functools.wraps``): same arguments, same
        results, each computed once; or, without ``func``, a decorator that
        wraps a function so.

    Examples
    --------
    >>> import os
    >>> setting = os.environ.get(CACHE_ENV)
    >>> os.environ[CACHE_ENV] = "off"
    >>> calls = []
    >>> @persistent(ignore=("verbose",))
    ... def double(n: int, *, verbose: bool = False) -> int:
    ...     calls.append(n)
    ...     return 2 * n
    >>> double(4), double(4, verbose=True), double(5), calls
    (8, 8, 10, [4, 5])
    >>> if setting is None: del os.environ[CACHE_ENV]
    ... else: os.environ[CACHE_ENV] = setting
    """
    if func is None:
        return functools.partial(persistent, ignore=ignore)
    memory: dict[str, R] = {}

    @functools.wraps(func)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        key = _key(func, args, {k: v for k, v in kwargs.items() if k not in ignore})
        if key in memory:
            return memory[key]
        folder = cache_dir()
        path = (
            None
            if folder is None
            else folder / engine_hash() / f"{func.__qualname__}-{key}"
        )
        if path is not None:
            found, stored = _read(path)
            if found:
                memory[key] = stored
                return stored  # type: ignore[no-any-return]
        result = func(*args, **kwargs)
        if path is not None:
            _write(path, result)
        memory[key] = result
        return result

    return cached
