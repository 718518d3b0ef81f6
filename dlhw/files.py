"""Files in and out: bounded reads of untrusted files, atomic writes of results.

Every file dlhw reads on a user's behalf (a course ``.npy`` file, a trajectory)
is opened with :func:`open_regular`: a regular file only, never a folder, a FIFO
or a device, and never larger than a cap the caller sets, so a read is bounded
before it starts. Every file it writes for the command line (``--json``) is
checked first by :func:`check_output`, before any work, and written by
:func:`write_atomic`: a temporary file in the same folder, then
``os.replace``, so a reader never sees half a file and a failed run leaves
the old file as it was.

Everything the command line prints passes through :func:`printable`, so that
a path or a file's name holding escape sequences is shown, never obeyed by
the terminal; :func:`shorten` caps a field quoted in a message.

Examples
--------
>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = check_output(pathlib.Path(tmp, "out.json"), option="--json")
...     write_atomic(out, "{}\\n")
...     out.read_text(), sorted(p.name for p in pathlib.Path(tmp).iterdir())
('{}\\n', ['out.json'])
>>> check_output(tempfile.gettempdir(), option="--json")
Traceback (most recent call last):
...
dlhw.files.OutputError: --json ...: a folder; give a file path inside it, such as ...
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "BIDI_CONTROLS",
    "InputError",
    "OutputError",
    "check_output",
    "describe",
    "open_regular",
    "printable",
    "shorten",
    "write_atomic",
]

#: Unicode's bidirectional controls (the Bidi_Control property): the marks
#: (U+061C, U+200E, U+200F), which change the direction of the characters
#: beside them, and the embedding, override and isolate characters (U+202A to
#: U+202E, U+2066 to U+2069), which reorder the text shown after them.
BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))

_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
# Unicode category Cc is exactly U+0000 to U+001F and U+007F to U+009F.
_ESCAPES = {
    **{c: _NAMED.get(c, f"\\x{c:02x}") for c in (*range(0x20), *range(0x7F, 0xA0))},
    **{c: f"\\u{c:04x}" for c in BIDI_CONTROLS},
}
_ESCAPES_BUT_NEWLINE = {c: e for c, e in _ESCAPES.items() if c != 0x0A}


class InputError(ValueError):
    """Bad input from a user: a file, a folder or a path that cannot serve.

    The base of every error the command line reports in one line with exit
    code 2 (:data:`dlhw.cli.INPUT_ERRORS`). Defined here, low in the layers,
    so that the command line catches every such error without importing the
    modules that raise them (Problem 3b's, say, which imports SymPy).
    """


class OutputError(InputError):
    """An output path that cannot be written or would overwrite an input file."""


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape, not obeyed.

    Control characters (Unicode category Cc: ESC, BEL, carriage return, tab,
    form feed, ...) and the bidirectional controls (:data:`BIDI_CONTROLS`)
    become visible escapes such as ``\\x1b`` or ``\\u202e``, so that a file
    name cannot move the cursor, clear the screen, set the clipboard or
    reorder what a terminal shows. Everything else, other characters
    included, is kept.

    Parameters
    ----------
    text : str
        What is about to be printed.
    newlines : bool
        Keep line breaks (``\\n``), for a text printed as several lines;
        otherwise they are escaped too, and the result is one line.

    Returns
    -------
    str

    Examples
    --------
    >>> print(printable("out\\x1b[2J\\x1b]52;c;aGk=\\x07.json"))
    out\\x1b[2J\\x1b]52;c;aGk=\\x07.json
    >>> print(printable("a\\u202etxt.exe\\nb"))
    a\\u202etxt.exe\\nb
    >>> print(printable("two\\nlines\\r", newlines=True))
    two
    lines\\r
    """
    return text.translate(_ESCAPES_BUT_NEWLINE if newlines else _ESCAPES)


def shorten(text: str, limit: int = 40, *, quote: bool = True) -> str:
    """``text`` as a message shows it: quoted, and cut after ``limit`` characters.

    A field of a file or an argument can be as long as the file; a message
    shows its start, then how long it is.

    Parameters
    ----------
    text : str
        A field from a file, an argument, or another message.
    limit : int
        Most characters shown.
    quote : bool
        Show the text as its ``repr`` (quoted, escapes visible); without
        quotes for a message that is not a field.

    Returns
    -------
    str
        The text, or its first ``limit`` characters followed by ``...`` and
        its length.

    Examples
    --------
    >>> print(shorten("abc"))
    'abc'
    >>> print(shorten("9" * 10**6, limit=8))
    '99999999'... (1000000 characters)
    >>> print(shorten("an error in many words", limit=11, quote=False))
    an error in... (22 characters)
    """
    if len(text) <= limit:
        return repr(text) if quote else text
    start = text[:limit]
    return f"{repr(start) if quote else start}... ({len(text)} characters)"


def describe(exc: OSError) -> str:
    """The operating system's words for ``exc``, e.g. ``'Permission denied'``.

    Parameters
    ----------
    exc : OSError
        A failed file operation's error.

    Returns
    -------
    str
        Its ``strerror``; failing that, its message; failing that, the name
        of its type.

    Examples
    --------
    >>> describe(PermissionError(13, "Permission denied", "/etc/shadow"))
    'Permission denied'
    >>> describe(OSError("no such thing")), describe(OSError())
    ('no such thing', 'OSError')
    """
    return exc.strerror or str(exc) or type(exc).__name__


def open_regular(
    path: str | os.PathLike[str], *, limit: int, error: type[ValueError]
) -> tuple[BinaryIO, int]:
    """Open a regular file of at most ``limit`` bytes for binary reading.

    The file is opened without blocking (a FIFO would otherwise wait for a
    writer) and checked on the open descriptor, so what is checked is what is
    read.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    limit : int
        Largest size accepted, in bytes.
    error : type
        The ``ValueError`` subclass to raise, so that each reader keeps its
        documented error.

    Returns
    -------
    handle, size
        An open binary file and its size in bytes.

    Raises
    ------
    ValueError
        Of type ``error``: an empty path, a missing file, a folder, anything
        but a regular file, a file the process may not read, or one larger
        than ``limit``.

    Examples
    --------
    >>> open_regular("/dev/zero", limit=10, error=ValueError)
    Traceback (most recent call last):
    ...
    ValueError: /dev/zero: not a regular file (a device, FIFO or socket is never read)
    """
    name = os.fspath(path)
    if not name:
        raise error("an empty path, not a file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise error(f"{name}: file not found") from None
    except IsADirectoryError:
        raise error(f"{name}: a folder, not a file") from None
    except OSError as exc:
        raise error(f"{name}: cannot be opened ({describe(exc)})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{name}: a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise error(
                f"{name}: not a regular file (a device, FIFO or socket is never read)"
            )
        if info.st_size > limit:
            raise error(
                f"{name}: {info.st_size} bytes, more than the limit of {limit} bytes"
            )
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return handle, info.st_size


def check_output(
    path: str | os.PathLike[str],
    *,
    option: str,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> Path:
    """Check, before any work, that ``path`` can take an output file.

    The path must name a file (not a folder, not a device or FIFO) in an
    existing folder where the process can create files; an existing file must
    be one the process may write and that has a write permission bit set (a
    file of mode ``0444`` is refused even for root); and it must not be one of
    ``inputs`` (paths are resolved, so a symbolic link or ``..`` does not hide
    an input). A folder is tested for writing by creating and removing an
    empty temporary file in it.

    Parameters
    ----------
    path : str or os.PathLike
        The output path as given.
    option : str
        The command-line option that gave it, named in messages.
    inputs : iterable of path
        Files the command reads.

    Returns
    -------
    pathlib.Path
        The resolved path to hand to :func:`write_atomic`.

    Raises
    ------
    OutputError
        Naming the option, the path and the problem.
    """
    text = os.fspath(path)
    where = f"{option} {text}"
    if not text:
        raise OutputError(f"{option}: an empty path")
    try:
        target = Path(text).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop
        raise OutputError(f"{where}: cannot be resolved ({exc})") from None
    info = _lookup(target, where)
    if (info is not None and stat.S_ISDIR(info.st_mode)) or text.endswith(
        ("/", os.sep)
    ):
        raise OutputError(
            f"{where}: a folder; give a file path inside it, such as "
            f"{Path(text) / 'results.json'}"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{where}: exists and is not a regular file")
    # A write-protected file is refused as a plain write would refuse it,
    # though the atomic rename could replace it. Whoever may write anything
    # (root) is asked the mode bits too: no write bit for anyone means
    # "keep this file".
    if info is not None and (
        not info.st_mode & 0o222 or not os.access(target, os.W_OK)
    ):
        raise OutputError(
            f"{where}: Permission denied (the file is write-protected, so it is "
            "not replaced)"
        )
    folder = target.parent
    folder_info = _lookup(folder, where)
    if folder_info is None or not stat.S_ISDIR(folder_info.st_mode):
        raise OutputError(f"{where}: the folder {folder} does not exist")
    for item in inputs:
        try:
            source = Path(item).resolve()
        except (OSError, RuntimeError):
            continue  # an input that cannot be resolved cannot be reached either
        same = source == target
        if not same and info is not None:
            other = _lookup(source, where)
            same = other is not None and (other.st_dev, other.st_ino) == (
                info.st_dev,
                info.st_ino,
            )
        if same:
            raise OutputError(
                f"{where}: is the input file {Path(item)}; writing would destroy it"
            )
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".dlhw-", suffix=".tmp"):
            pass
    except OSError as exc:
        raise OutputError(
            f"{where}: cannot write in the folder {folder} ({describe(exc)})"
        ) from None
    return target


def _lookup(path: Path, where: str) -> os.stat_result | None:
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(f"{where}: cannot be checked ({describe(exc)})") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once or not at all.

    The text goes to a temporary file in the same folder, which then replaces
    ``path`` with ``os.replace``; on any failure the temporary file is
    removed and ``path`` is left as it was. A new file gets the permissions a
    plain write would give; an existing file keeps its own.

    Parameters
    ----------
    path : pathlib.Path
        The file to create or replace, in an existing folder (as
        :func:`check_output` returns it).
    text : str
        The whole new content; line breaks are written as ``\\n`` on every
        platform.

    Raises
    ------
    OSError
        If ``path`` cannot be looked up, or the temporary file cannot be
        created, written or moved onto it; ``path`` is then unchanged.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "result.txt")
    ...     _ = path.write_text("old")
    ...     path.chmod(0o640)
    ...     write_atomic(path, "new\\n")
    ...     mode = path.stat().st_mode & 0o777
    ...     path.read_text(), oct(mode), [p.name for p in path.parent.iterdir()]
    ('new\\n', '0o640', ['result.txt'])
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
