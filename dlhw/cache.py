"""Results kept between runs: the engine's runs that no user's file changes.

The audit, the pages and the figures all need the same long runs (the 3a
rate sweeps, the 3c starts, Problem 2 on the stand-in). :func:`persistent`
keeps such a function's results in memory and on disk, so that the next
process (the next ``dlhw audit``, the next page of a docs build) reads them
instead of running them again.

An entry is one ``.npz`` file: the result's arrays, and its structure as
JSON (numbers, strings, tuples, dataclasses and named tuples of dlhw, and
dlhw's own module-level objects by name). It is read with
``allow_pickle=False``, so reading it runs no code, and used only if it is a
regular file of the user's own whose SHA-256 digest and key match; anything
else is computed again. A result that cannot be stored so (a SymPy
expression) is kept in memory only.

An entry's key is the function's module and name with its arguments as
bound to its signature (defaults filled in), under a folder named by
:func:`engine_hash`: the engine's sources and the versions of the libraries
that compute the numbers. ``DLHW_CACHE`` names the cache folder,
``DLHW_CACHE=off`` turns the disk cache off, and by default it is the
user's cache folder (``~/.cache/dlhw`` on Linux). The folder is pruned to
:data:`MAX_BYTES`, oldest entries first. A folder that cannot be written, or
an entry that cannot be read, only costs the time of the run. Arrays handed
out are read-only: every caller shares them.

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
>>> square_cached(3), square_cached(n=3), calls
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
import dataclasses
import functools
import hashlib
import inspect
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast, overload

import numpy as np

__all__ = [
    "CACHE_ENV",
    "LIBRARIES",
    "MAX_BYTES",
    "MEMORY_ENTRIES",
    "cache_dir",
    "engine_hash",
    "persistent",
]

#: The environment variable naming the cache folder (``off``: no disk cache).
CACHE_ENV = "DLHW_CACHE"
#: The most the cache folder holds; older entries are removed past it.
MAX_BYTES = 256 * 2**20
#: Results each cached function keeps in memory.
MEMORY_ENTRIES = 8
#: The libraries whose versions can change a cached number.
LIBRARIES = ("numpy", "scipy", "numba", "sympy", "mpmath")

_PACKAGE = Path(__file__).resolve().parent
# The layers above the problems (the report layer, the pages, the explorer,
# the command line) import the cached runs but no cached run imports them
# (tests/test_layers.py), so a change to them leaves every cached result
# valid. The report's own numbers, in published.py, are an input of the runs
# and are hashed.
_ABOVE_THE_RUNS = {"report", "pages.py", "explore.py", "cli.py", "__main__.py"}
# A temporary file older than this is left over from a killed writer.
_STALE_SECONDS = 3600

P = ParamSpec("P")
R = TypeVar("R")


class _Unstorable(TypeError):
    """A value the disk format has no form for."""


@functools.cache
def engine_hash() -> str:
    """A hash of what can change a cached result.

    The regular files ``*.py`` of :mod:`dlhw` in the layers the runs are
    computed in (the engine, the published report and the problems; an
    editor's lock file, a broken link, is none), the Python version and
    the versions of :data:`LIBRARIES`.

    Examples
    --------
    >>> len(engine_hash())
    16
    """
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        rel = path.relative_to(_PACKAGE)
        if rel.parts[0] in _ABOVE_THE_RUNS or path.is_symlink() or not path.is_file():
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes())
    versions = [sys.version.split()[0], *(version(name) for name in LIBRARIES)]
    digest.update(" ".join(versions).encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path | None:
    """The folder of the disk cache, or None where it is turned off.

    Examples
    --------
    >>> import os
    >>> setting = os.environ.get(CACHE_ENV)
    >>> os.environ[CACHE_ENV] = "off"
    >>> cache_dir() is None
    True
    >>> if setting is None: del os.environ[CACHE_ENV]
    ... else: os.environ[CACHE_ENV] = setting
    """
    setting = os.environ.get(CACHE_ENV)
    if setting is not None:
        return None if setting.strip().lower() in {"", "off", "0"} else Path(setting)
    import pooch

    return Path(pooch.os_cache("dlhw"))


# -- the format: JSON for the structure, arrays apart --------------------------


def _named(name: str) -> Any:
    """The module-level object ``module:qualname`` of an imported dlhw module.

    Looked up in the modules' namespaces only: nothing is imported or run.
    """
    module_name, _, qualname = name.partition(":")
    module = sys.modules.get(module_name)
    if module is None or module_name.split(".")[0] != "dlhw":
        raise _Unstorable(f"not one of dlhw's imported modules: {name}")
    found: Any = module
    for part in qualname.split("."):
        found = vars(found)[part]
    return found


def _module_objects() -> dict[int, str]:
    """dlhw's module-level objects that are no module, class or function, by id."""
    names: dict[int, str] = {}
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] != "dlhw":
            continue
        for name, value in vars(module).items():
            if not (inspect.ismodule(value) or callable(value)):
                names.setdefault(id(value), f"{module_name}:{name}")
    return names


def _encode(value: Any, arrays: list[np.ndarray], names: dict[int, str] | None) -> Any:
    """``value`` as JSON, its arrays appended to ``arrays`` and made read-only.

    With ``names`` (dlhw's module-level objects, :func:`_module_objects`),
    in the form stored; without, as a key (arrays left writable, any
    dataclass by its fields), never read back.
    """
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, np.ndarray | np.generic):
        array = np.asarray(value)
        if array.dtype.hasobject:
            raise _Unstorable("an array of objects")
        if names is not None and isinstance(value, np.ndarray):
            value.flags.writeable = False
        arrays.append(array)
        scalar = isinstance(value, np.generic)
        return {"$": "array", "i": len(arrays) - 1, "scalar": scalar}
    if isinstance(value, Path):
        return {"$": "path", "v": str(value)}
    kind = type(value)
    if str(kind.__module__).split(".")[0] == "sympy":
        return _encode_sympy(value)
    if names is not None and id(value) in names and not isinstance(value, tuple):
        return {"$": "ref", "name": names[id(value)]}

    def encode(item: Any) -> Any:
        return _encode(item, arrays, names)

    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        items = [encode(v) for v in value]
        return {"$": "object", "type": _type_name(kind), "items": items}
    if kind in (tuple, list):
        items = [encode(v) for v in value]
        return items if kind is list else {"$": "tuple", "items": items}
    if kind is dict and all(type(k) is str for k in value):
        return {"$": "dict", "v": {k: encode(v) for k, v in value.items()}}
    if _plain_record(kind) or (names is None and dataclasses.is_dataclass(value)):
        fields = {
            f.name: encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        return {"$": "object", "type": _type_name(kind), "fields": fields}
    raise _Unstorable(f"no stored form for {kind.__name__}")


def _plain_record(kind: Any) -> bool:
    """A dataclass that only holds its fields: made from them, nothing run."""
    return (
        isinstance(kind, type)
        and dataclasses.is_dataclass(kind)
        and not hasattr(kind, "__post_init__")
        and all(f.init for f in dataclasses.fields(kind))
    )


def _encode_sympy(expr: Any) -> Any:
    """A SymPy object as its class's name and its arguments, down to symbols,
    integers, rationals and SymPy's singletons (no text is parsed back)."""
    import sympy

    name = type(expr).__name__
    if getattr(sympy.S, name, None) is expr:
        return {"$": "sympy", "f": name}
    if type(expr) is sympy.Symbol:
        return {"$": "sympy", "f": name, "name": expr.name, "is": expr.assumptions0}
    if type(expr) in (sympy.Integer, sympy.Rational):
        return {"$": "sympy", "f": name, "pq": [int(expr.p), int(expr.q)]}
    if vars(sympy).get(name) is not type(expr) or isinstance(expr, sympy.Atom):
        raise _Unstorable(f"no stored form for {name}")
    return {"$": "sympy", "f": name, "args": [_encode_sympy(a) for a in expr.args]}


def _decode_sympy(node: dict[str, Any]) -> Any:
    import sympy

    name = node["f"]
    if "pq" in node:
        p, q = node["pq"]
        if type(p) is not int or type(q) is not int:
            raise ValueError("a rational of integers")
        return sympy.Rational(p, q)
    if "name" in node:
        flags = node["is"]
        if not all(type(v) is bool for v in flags.values()):
            raise ValueError("a symbol of a name and flags")
        return sympy.Symbol(str(node["name"]), **flags)
    if "args" not in node:
        found = getattr(sympy.S, name)
        if not isinstance(found, sympy.Basic):
            raise ValueError(f"not one of SymPy's singletons: {name!r}")
        return found
    kind = vars(sympy).get(name)
    if not (isinstance(kind, type) and issubclass(kind, sympy.Basic)):
        raise ValueError(f"not a class of SymPy: {name!r}")
    # Only SymPy objects as arguments: no text reaches a constructor.
    return kind(*(_decode_sympy(a) for a in node["args"]))


def _type_name(kind: type) -> str:
    name = f"{kind.__module__}:{kind.__qualname__}"
    if "<locals>" in name or kind.__module__.split(".")[0] != "dlhw":
        raise _Unstorable(f"not one of dlhw's types: {name}")
    return name


def _decode(node: Any, arrays: list[np.ndarray]) -> Any:
    if isinstance(node, list):
        return [_decode(item, arrays) for item in node]
    if not isinstance(node, dict):
        return node
    tag = node["$"]
    if tag == "array":
        array = arrays[node["i"]]
        array.flags.writeable = False
        return array[()] if node["scalar"] else array
    if tag == "path":
        return Path(node["v"])
    if tag == "tuple":
        return tuple(_decode(item, arrays) for item in node["items"])
    if tag == "dict":
        return {k: _decode(v, arrays) for k, v in node["v"].items()}
    if tag == "ref":
        return _named(node["name"])
    if tag == "sympy":
        return _decode_sympy(node)
    if tag == "object":
        kind = _named(node["type"])
        if not isinstance(kind, type):
            raise ValueError(f"not a type: {node['type']!r}")
        if "items" in node and issubclass(kind, tuple) and hasattr(kind, "_fields"):
            return kind(*(_decode(item, arrays) for item in node["items"]))
        if "fields" in node and _plain_record(kind):
            return kind(**{k: _decode(v, arrays) for k, v in node["fields"].items()})
    raise ValueError(f"not an entry of this cache: {tag!r}")


def _digest(tree: bytes, arrays: list[np.ndarray]) -> str:
    digest = hashlib.sha256(tree)
    for array in arrays:
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


def _read(path: Path, key: str) -> tuple[bool, Any]:
    """The value stored at ``path`` under ``key``, if whole and the user's own."""
    try:
        # Not blocking on a FIFO; anything but a regular file is ignored.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False, None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        own = getattr(os, "getuid", lambda: info.st_uid)() == info.st_uid
        if not (stat.S_ISREG(info.st_mode) and own and info.st_size <= MAX_BYTES):
            return False, None
        # A damaged or outdated entry, whatever it holds, costs the run that
        # replaces it.
        try:
            with np.load(handle, allow_pickle=False) as entry:
                tree, digest = entry["tree"].tobytes(), entry["digest"].tobytes()
                arrays = [entry[f"a{i}"] for i in range(len(entry.files) - 2)]
            if digest.decode() != _digest(tree, arrays):
                return False, None
            document = json.loads(tree)
            if document["key"] != key:
                return False, None
            value = _decode(document["value"], arrays)
        except Exception:  # noqa: BLE001
            return False, None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return True, value


def _write(path: Path, key: str, tree: Any, arrays: list[np.ndarray]) -> None:
    """Store an entry whole or not at all; then prune the folder."""
    text = json.dumps({"key": key, "value": tree}).encode()
    members: dict[str, Any] = {f"a{i}": array for i, array in enumerate(arrays)}
    members["tree"] = np.frombuffer(text, np.uint8)
    members["digest"] = np.frombuffer(_digest(text, arrays).encode(), np.uint8)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, **members)  # no object arrays: see _encode
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        _prune(path.parents[1])


def _prune(root: Path, limit: int = MAX_BYTES) -> None:
    """Remove left-over temporary files, then the least recently used entries
    until ``root`` holds at most ``limit`` bytes."""
    now, files = time.time(), []
    # Only the cache's own files: entries and temporary files in the folders
    # named by engine_hash.
    folders = [f for f in root.iterdir() if re.fullmatch("[0-9a-f]{16}", f.name)]
    for path in (p for f in folders if f.is_dir() for p in f.iterdir()):
        if path.suffix not in {".npz", ".tmp"}:
            continue
        with contextlib.suppress(OSError):
            info = path.lstat()
            if path.suffix == ".tmp" and now - info.st_mtime > _STALE_SECONDS:
                path.unlink()
            elif stat.S_ISREG(info.st_mode):
                files.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty


# -- the decorator -----------------------------------------------------------------


def _key(name: str, arguments: dict[str, Any]) -> str:
    """A call's key: the function's name and its arguments, as JSON."""
    arrays: list[np.ndarray] = []
    tree = _encode(arguments, arrays, None)
    return json.dumps({"name": name, "arguments": tree, "arrays": _digest(b"", arrays)})


@overload
def persistent(func: Callable[P, R], /) -> Callable[P, R]: ...
@overload
def persistent(
    *, ignore: tuple[str, ...] = (), disk: bool = True
) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def persistent(
    func: Callable[P, R] | None = None,
    /,
    *,
    ignore: tuple[str, ...] = (),
    disk: bool = True,
) -> Callable[P, R] | Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache ``func``'s results in memory and on disk (:func:`cache_dir`).

    For functions of the engine whose result depends on their arguments and
    dlhw's sources alone, never on a user's file (or with ``disk=False``).
    Arguments are numbers, strings, arrays, SymPy expressions, or tuples and
    dataclasses of them; keyword arguments named in ``ignore`` (a progress
    flag, say) are not part of the key. The most recent
    :data:`MEMORY_ENTRIES` results are kept in memory.

    Parameters
    ----------
    func : callable, optional
        The function to cache, its arguments making the key. Without it,
        ``persistent(ignore=..., disk=...)`` gives the decorator to apply.
    ignore : tuple of str, optional
        Names of arguments left out of the key; none by default.
    disk : bool, optional
        Also keep the results on disk (default); otherwise in memory only.

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
    ... def double(n: int, *, verbose: bool = False) -> np.ndarray:
    ...     calls.append(n)
    ...     return np.array([2 * n])
    >>> double(4), double(4, verbose=True), double(5), calls
    (array([8]), array([8]), array([10]), [4, 5])
    >>> double(4).flags.writeable
    False
    >>> if setting is None: del os.environ[CACHE_ENV]
    ... else: os.environ[CACHE_ENV] = setting
    """
    if func is None:
        return functools.partial(persistent, ignore=ignore, disk=disk)
    signature = inspect.signature(func)
    name = f"{func.__module__}.{func.__qualname__}"
    memory: OrderedDict[str, R] = OrderedDict()

    @functools.wraps(func)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = {
            k: v for k, v in sorted(bound.arguments.items()) if k not in ignore
        }
        key = _key(name, arguments)
        if key in memory:
            memory.move_to_end(key)
            return memory[key]
        folder = cache_dir() if disk else None
        path = None
        if folder is not None:
            try:
                digest = hashlib.sha256(key.encode()).hexdigest()[:32]
                path = folder / engine_hash() / f"{func.__qualname__}-{digest}.npz"
            except OSError:  # the package's sources cannot be read
                path = None
        found, result = _read(path, key) if path is not None else (False, None)
        result = cast(R, result)
        if not found:
            result = func(*args, **kwargs)
            arrays: list[np.ndarray] = []
            try:
                tree = _encode(result, arrays, _module_objects())
            except _Unstorable:  # kept in memory only
                path = None
            if path is not None:
                _write(path, key, tree, arrays)
        memory[key] = result
        if len(memory) > MEMORY_ENTRIES:
            memory.popitem(last=False)
        return result

    return cached
