"""The Problem 2 data: the course's face files, and an embedded stand-in.

The course gave four NumPy files of 48x48 grayscale faces and ages in years.
They are not distributed with dlhw, so every default run uses :func:`standin`,
a deterministic synthetic data set shaped like them. :func:`load_age_regression`
reads the real files (refusing anything that would execute code or does not fit),
:func:`fetch_age_regression` downloads them, and :func:`train_val_split` and
:class:`Standardizer` prepare them the way the report did: an 80/20 split of the
training images, and ages standardized with training statistics.

Examples
--------
>>> data = standin()
>>> data.X_train.shape, data.y_train.shape, data.X_test.shape, data.y_test.shape
((5000, 2304), (5000,), (1000, 2304), (1000,))
>>> split = train_val_split(data.X_train, data.y_train, val_fraction=0.2, seed=0)
>>> split.X_train.shape[0], split.X_val.shape[0]
(4000, 1000)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import math
import stat
import tokenize
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import numpy as np
from numpy.lib import format as npformat

from dlhw.files import InputError, describe, open_regular, shorten

__all__ = [
    "AGE_RANGE",
    "COURSE_SHA256",
    "COURSE_URL",
    "FILES",
    "IMAGE_SHAPE",
    "MAX_FILE_BYTES",
    "MIN_TRAIN_ROWS",
    "PIXELS",
    "PIXEL_LIMIT",
    "STANDIN_TEST_SIZE",
    "AgeData",
    "DataError",
    "Split",
    "Standardizer",
    "UntrainableError",
    "fetch_age_regression",
    "load_age_regression",
    "standin",
    "train_val_split",
]

#: Height and width of the images.
IMAGE_SHAPE = (48, 48)
#: Pixels (features) per image.
PIXELS = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]

#: The four course files, by role.
FILES = {
    "X_train": "age_regression_Xtr.npy",
    "y_train": "age_regression_ytr.npy",
    "X_test": "age_regression_Xte.npy",
    "y_test": "age_regression_yte.npy",
}

#: Where the course published the files (not reachable from the build machines).
COURSE_URL = "https://s3.amazonaws.com/jrwprojects/"

#: Size of the stand-in's test set (the course's test size is not known).
STANDIN_TEST_SIZE = 1000


class DataError(InputError):
    """A data file is missing, unsafe or does not fit the age-regression layout.

    The message names the file (or folder) and the problem.
    """


class UntrainableError(DataError):
    """Data that loads but cannot give a result, with what to try instead.

    Too few usable rows, ages that do not differ, or (raised by
    :func:`dlhw.problem2.problem2_results`) images on which every learning rate
    of the grid diverges.
    """


@dataclass(frozen=True)
class AgeData:
    """Images (one row of :data:`PIXELS` values each) and ages in years.

    Attributes
    ----------
    X_train, y_train : numpy.ndarray
        Training images, shape ``(N, 2304)``, float64, and their ages, ``(N,)``.
    X_test, y_test : numpy.ndarray
        Test images and ages.
    source : str
        ``"standin"`` or the directory the files came from.
    dropped : tuple of int
        Images dropped from the training and the test set because their age
        label was NaN (always ``(0, 0)`` for the stand-in).
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    source: str = "standin"
    dropped: tuple[int, int] = (0, 0)


# -- loading the course files ---------------------------------------------------

#: Largest ``.npy`` file read or downloaded, in bytes (512 MiB; 5000 images
#: of 48x48 pixels take 92 MB even as float64). Anything larger is refused
#: before it is read.
MAX_FILE_BYTES = 2**29

#: Ages accepted, in years, both ends included: no person is younger than 0 or
#: older than 130. NaN ages are dropped (see :func:`load_age_regression`).
AGE_RANGE = (0.0, 130.0)

#: Largest pixel magnitude accepted: 16-bit images reach 65535; anything
#: larger is no image format's.
PIXEL_LIMIT = 65535.0

#: Fewest usable training rows (NaN ages dropped): the 80/20 split needs at
#: least one validation row and two training rows.
MIN_TRAIN_ROWS = 3

_NPY_MAGIC = b"\x93NUMPY"
# What numpy's header parser raises on malformed text (it tokenizes the header).
_HEADER_ERRORS = (
    ValueError,
    TypeError,
    SyntaxError,
    RecursionError,
    OverflowError,
    tokenize.TokenError,
)


def _brief(exc: BaseException) -> str:
    # NumPy's header errors quote the header, which may run to 64 KiB.
    return shorten(str(exc), 200, quote=False)


class _Header(NamedTuple):
    shape: tuple[int, ...]
    dtype: np.dtype[Any]
    fortran: bool


def _read_header(handle: BinaryIO, name: str, size: int) -> _Header:
    """Read and check a ``.npy`` header; the data is not touched.

    The size the header declares must be exactly what the file holds after
    the header, so nothing is allocated on a header's word alone.
    """
    head = handle.read(len(_NPY_MAGIC))
    if not head:
        raise DataError(f"{name}: an empty file, not a .npy array")
    if head.startswith(b"PK"):
        raise DataError(f"{name}: an .npz archive, expected a single .npy array")
    if not head.startswith(_NPY_MAGIC):
        hint = " (pickled data is never loaded)" if head[:1] == b"\x80" else ""
        raise DataError(f"{name}: not a .npy file (no .npy magic string){hint}")
    handle.seek(0)
    try:
        version = npformat.read_magic(handle)
    except _HEADER_ERRORS as exc:
        raise DataError(f"{name}: a broken .npy header ({_brief(exc)})") from None
    if version not in ((1, 0), (2, 0)):
        raise DataError(
            f"{name}: .npy format version {version[0]}.{version[1]} is not read "
            "(versions 1.0 and 2.0 are)"
        )
    read = (
        npformat.read_array_header_1_0
        if version == (1, 0)
        else npformat.read_array_header_2_0
    )
    try:
        shape, fortran, dtype = read(handle)
    except _HEADER_ERRORS as exc:
        raise DataError(f"{name}: a broken .npy header ({_brief(exc)})") from None
    if dtype.hasobject:
        raise DataError(
            f"{name}: not a plain numeric .npy array (dtype {dtype} holds pickled "
            "Python objects, which are never loaded)"
        )
    if dtype.kind not in "iuf" or dtype.names is not None or dtype.subdtype:
        raise DataError(f"{name}: dtype {dtype} is not a real numeric type")
    if any(n < 0 for n in shape):
        raise DataError(f"{name}: the header declares a negative shape {shape}")
    declared = math.prod(shape) * dtype.itemsize
    held = size - handle.tell()
    if declared != held:
        what = "truncated" if declared > held else "longer than its header says"
        raise DataError(
            f"{name}: {what}: the header declares shape {shape} of {dtype} "
            f"({declared} bytes) but the file holds {held} bytes of data"
        )
    return _Header(tuple(int(n) for n in shape), dtype, bool(fortran))


def _check_images(name: str, shape: tuple[int, ...]) -> None:
    if shape[1:] not in (IMAGE_SHAPE, (PIXELS,)):
        raise DataError(
            f"{name}: shape {shape} does not hold {PIXELS}-pixel "
            f"({IMAGE_SHAPE[0]}x{IMAGE_SHAPE[1]}) images: expected (n, "
            f"{IMAGE_SHAPE[0]}, {IMAGE_SHAPE[1]}) or (n, {PIXELS})"
        )
    if shape[0] == 0:
        raise DataError(f"{name}: no images (shape {shape})")


def _check_labels(name: str, shape: tuple[int, ...], n_images: int) -> None:
    if len(shape) not in (1, 2) or shape[1:] not in ((), (1,)):
        raise DataError(f"{name}: shape {shape}, expected one age per image")
    if shape[0] != n_images:
        raise DataError(
            f"{name}: {shape[0]} labels for {n_images} images; "
            "expected one label per image"
        )


def _load_array(
    path: Path, check: Callable[[str, tuple[int, ...]], None]
) -> np.ndarray:
    """Load a plain numeric ``.npy`` file whose header passes ``check``."""
    name = str(path)
    handle, size = open_regular(path, limit=MAX_FILE_BYTES, error=DataError)
    with handle:
        try:
            header = _read_header(handle, name, size)
            check(name, header.shape)
            handle.seek(0)
            array = npformat.read_array(handle, allow_pickle=False)
        except OSError as exc:
            raise DataError(f"{name}: cannot be read ({describe(exc)})") from None
    if not isinstance(array, np.ndarray) or array.shape != header.shape:
        raise DataError(f"{name}: changed while it was read")
    return array


def _as_float(array: np.ndarray) -> np.ndarray:
    # An extended-precision value beyond float64 becomes inf, reported below.
    with np.errstate(over="ignore", invalid="ignore"):
        return array.astype(np.float64)


#: Images converted at a time while a file is read (about 4 MiB as float64):
#: the temporaries of the conversion and its checks stay this small.
_BLOCK_ROWS = max(1, 2**22 // (PIXELS * 8))


def _image_blocks(
    handle: BinaryIO, header: _Header, name: str
) -> Iterator[tuple[int, np.ndarray]]:
    """The images of an open ``.npy`` file positioned after its header, as
    (first row, rows of :data:`PIXELS` values in the file's dtype), read
    :data:`_BLOCK_ROWS` at a time: the whole file is never held as it is."""
    n = header.shape[0]
    if header.fortran:
        # Column-major data holds no image whole until all of it is read.
        handle.seek(0)
        array = npformat.read_array(handle, allow_pickle=False)
        if not isinstance(array, np.ndarray) or array.shape != header.shape:
            raise DataError(f"{name}: changed while it was read")
        flat = np.reshape(array, (n, PIXELS))
        for start in range(0, n, _BLOCK_ROWS):
            yield start, flat[start : start + _BLOCK_ROWS]
        return
    row_bytes = PIXELS * header.dtype.itemsize
    for start in range(0, n, _BLOCK_ROWS):
        rows = min(_BLOCK_ROWS, n - start)
        data = handle.read(rows * row_bytes)
        if len(data) != rows * row_bytes:
            raise DataError(f"{name}: changed while it was read")
        block = np.frombuffer(data, dtype=header.dtype).reshape(rows, PIXELS)
        del data
        yield start, block
        del block  # the caller's is gone too: one block at a time


def _images(path: Path) -> np.ndarray:
    """Read, convert to float64 and check an image file, a block at a time.

    The float64 images are the only copy of the file's size or more: each
    block is read into them and checked there (what the whole array's
    ``astype(float64)`` gives, bit for bit), so a uint8 file needs about 8
    times its size, not 17.
    """
    name = str(path)
    handle, size = open_regular(path, limit=MAX_FILE_BYTES, error=DataError)
    with handle:
        try:
            header = _read_header(handle, name, size)
            _check_images(name, header.shape)
            n = header.shape[0]
            images = np.empty((n, PIXELS), dtype=np.float64)
            finite = np.empty(n, dtype=bool)
            row_peak = np.empty(n, dtype=np.float64)
            for start, block in _image_blocks(handle, header, name):
                rows = images[start : start + len(block)]
                # An extended-precision value beyond float64 becomes inf,
                # reported below.
                with np.errstate(over="ignore", invalid="ignore"):
                    rows[...] = block
                stop = start + len(block)
                del block  # before the next one is read
                finite[start:stop] = np.isfinite(rows).all(axis=1)
                # max |x| without an array of |x|: max(max x, -min x)
                np.maximum(
                    rows.max(axis=1), -rows.min(axis=1), out=row_peak[start:stop]
                )
        except OSError as exc:
            raise DataError(f"{name}: cannot be read ({describe(exc)})") from None
    bad = ~finite
    if bad.any():
        raise DataError(
            f"{path}: {int(bad.sum())} image(s) contain NaN or infinite pixels, "
            f"the first at row {int(bad.argmax())}"
        )
    peak = float(row_peak.max())
    if peak > PIXEL_LIMIT:
        row = int(row_peak.argmax())
        raise DataError(
            f"{path}: pixel values reach {peak:g} (row {row}); an image's pixels "
            f"lie within +-{PIXEL_LIMIT:g} (8- or 16-bit, or scaled)"
        )
    return images


def _keep_rows(images: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``images[keep]``, moved up in place a block at a time (no second copy
    of the images); the rows dropped stay allocated behind the view returned."""
    kept = 0
    for start in range(0, len(images), _BLOCK_ROWS):
        block = images[start : start + _BLOCK_ROWS][keep[start : start + _BLOCK_ROWS]]
        images[kept : kept + len(block)] = block
        kept += len(block)
        del block  # before the next block is taken, not after
    return images[:kept]


def _labels(path: Path, n_images: int) -> np.ndarray:
    array = _load_array(path, lambda name, shape: _check_labels(name, shape, n_images))
    labels = _as_float(array.reshape(n_images))
    if np.isinf(labels).any():
        raise DataError(f"{path}: {int(np.isinf(labels).sum())} infinite label(s)")
    low, high = AGE_RANGE
    outside = ~np.isnan(labels) & ((labels < low) | (labels > high))
    if outside.any():
        first = int(outside.argmax())
        raise DataError(
            f"{path}: {int(outside.sum())} age(s) outside {low:g} to {high:g} "
            f"years, the first {labels[first]:g} at row {first}; ages are in years"
        )
    return labels


def _folder(directory: str | Path) -> Path:
    if isinstance(directory, str) and not directory:
        raise DataError("an empty path, not a directory (the current folder is '.')")
    root = Path(directory)
    try:
        info = root.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise DataError(f"{root}: not a directory") from None
    except OSError as exc:
        raise DataError(f"{root}: cannot be read ({describe(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise DataError(f"{root}: not a directory")
    return root


def load_age_regression(directory: str | Path) -> AgeData:
    """Load the four course files from ``directory``.

    Only regular files of at most :data:`MAX_FILE_BYTES` are read. Each
    header is checked before any data is read: a plain numeric dtype (so a
    pickled or object-dtype file is refused and never executed), a shape of
    images ``(n, 48, 48)`` or ``(n, 2304)`` (or one age per image), and a
    declared size equal to the file's. Images are reshaped to ``(N, 2304)``
    and converted to float64; pixel values are kept as they are (not
    rescaled), since the learning rates that work depend on their scale.

    Images whose age label is NaN are dropped and counted in
    ``AgeData.dropped`` (code of the period drops them too); a NaN or
    infinite *pixel*, a pixel beyond :data:`PIXEL_LIMIT`, an infinite label
    or an age outside :data:`AGE_RANGE` is an error.

    Parameters
    ----------
    directory : str or pathlib.Path
        Directory holding the files named in :data:`FILES`.

    Returns
    -------
    AgeData
        With ``source`` set to the directory.

    Raises
    ------
    DataError
        Naming the file and what is wrong: missing or not a regular file, not
        readable, not a plain numeric ``.npy`` array, truncated, not images, a
        label count that differs from the image count, or implausible values.
    UntrainableError
        Fewer than :data:`MIN_TRAIN_ROWS` training images with an age, or
        training ages that are all the same.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load_age_regression(tmp)
    Traceback (most recent call last):
    ...
    dlhw.data.DataError: .../age_regression_Xtr.npy: file not found
    """
    root = _folder(directory)
    arrays = {}
    dropped = []
    for part in ("train", "test"):
        x_path, y_path = root / FILES[f"X_{part}"], root / FILES[f"y_{part}"]
        images = _images(x_path)
        labels = _labels(y_path, images.shape[0])
        keep = ~np.isnan(labels)
        if not keep.any():
            raise DataError(f"{y_path}: every label is NaN")
        dropped.append(int((~keep).sum()))
        arrays[f"X_{part}"] = _keep_rows(images, keep) if dropped[-1] else images
        arrays[f"y_{part}"] = labels[keep]
    y_path, ages = root / FILES["y_train"], arrays["y_train"]
    if ages.size < MIN_TRAIN_ROWS:
        raise UntrainableError(
            f"{y_path}: {ages.size} training image(s) with an age "
            f"({dropped[0]} dropped for NaN ages); at least {MIN_TRAIN_ROWS} are "
            "needed to split off a validation set: add images with known ages"
        )
    if np.ptp(ages) == 0:
        raise UntrainableError(
            f"{y_path}: every training age is {ages[0]:g}; with no spread in the "
            "ages there is nothing to regress: use ages that differ"
        )
    return AgeData(**arrays, source=str(root), dropped=(dropped[0], dropped[1]))


#: SHA-256 digests of the course files, by file name, where they are known.
#: None are published; :func:`fetch_age_regression` takes digests to pin.
COURSE_SHA256: dict[str, str] = {}

_ROLES = {name: role for role, name in FILES.items()}
_CHUNK = 1 << 16
logger = logging.getLogger(__name__)


def _check_download(name: str, path: str) -> None:
    """Check a downloaded file's magic, dtype and shape (before it is kept)."""
    handle, size = open_regular(path, limit=MAX_FILE_BYTES, error=DataError)
    with handle:
        header = _read_header(handle, name, size)
    if _ROLES[name.rsplit("/", 1)[-1]].startswith("X"):
        _check_images(name, header.shape)
    else:
        _check_labels(name, header.shape, header.shape[0] if header.shape else -1)


def _downloader(
    url: str,
    output: str | BinaryIO,
    pooch_object: object,
    *,
    progressbar: bool = False,
    timeout: float = 60.0,
) -> None:
    """A pooch downloader that stops past :data:`MAX_FILE_BYTES` and checks
    the file is a plain numeric ``.npy`` array of the right shape."""
    # Imported here, on a download only: with http and email, 0.06 s.
    import urllib.request

    from tqdm import tqdm

    with urllib.request.urlopen(url, timeout=timeout) as response:
        length = response.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > MAX_FILE_BYTES:
            raise DataError(
                f"{url}: {length} bytes, more than the limit of {MAX_FILE_BYTES} bytes"
            )
        with contextlib.ExitStack() as stack:
            sink = (
                stack.enter_context(open(output, "wb"))
                if isinstance(output, str)
                else output
            )
            bar = stack.enter_context(
                tqdm(
                    total=int(length) if length and length.isdigit() else None,
                    unit="B",
                    unit_scale=True,
                    desc=url.rsplit("/", 1)[-1],
                    disable=not progressbar,
                )
            )
            total = 0
            while chunk := response.read(_CHUNK):
                total += len(chunk)
                if total > MAX_FILE_BYTES:
                    raise DataError(
                        f"{url}: more than the limit of {MAX_FILE_BYTES} bytes"
                    )
                sink.write(chunk)
                bar.update(len(chunk))
    if isinstance(output, str):
        _check_download(url, output)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_age_regression(
    directory: str | Path,
    base_url: str = COURSE_URL,
    *,
    known_hashes: Mapping[str, str] | None = None,
    progressbar: bool = False,
) -> AgeData:
    """Download the four course files into ``directory`` and load them.

    The files are fetched with pooch from ``base_url`` + file name (files
    already present are kept, unless a known digest says they differ). Each
    download is capped at :data:`MAX_FILE_BYTES` and must be a plain numeric
    ``.npy`` array of the right shape (an HTML error page is not); a file
    that fails is deleted, never kept. A file with a known SHA-256 digest
    (``known_hashes`` or :data:`COURSE_SHA256`) must match it. Otherwise the
    digest of a new download is logged once, at INFO level on the
    ``dlhw.data`` logger, so it can be pinned. Finally the files are loaded
    with :func:`load_age_regression`; if that fails, the files this call
    downloaded are deleted.

    Parameters
    ----------
    directory : str or pathlib.Path
        Where to store the files (created if needed).
    base_url : str
        Address of the folder holding the files; the course's by default.
    known_hashes : mapping of str to str, optional
        SHA-256 hex digests by file name, added to :data:`COURSE_SHA256`.
    progressbar : bool
        Show a download progress bar (tqdm) on stderr.

    Returns
    -------
    AgeData
        As from :func:`load_age_regression`.

    Raises
    ------
    DataError
        If a download fails, is too large, is not a fitting ``.npy`` file or
        does not match its digest, or a downloaded file does not load.

    Examples
    --------
    A server that does not answer (here a free local port) is reported by
    address:

    >>> import socket, tempfile
    >>> with socket.socket() as sock:
    ...     sock.bind(("127.0.0.1", 0))
    ...     port = sock.getsockname()[1]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     fetch_age_regression(tmp, base_url=f"http://127.0.0.1:{port}")
    Traceback (most recent call last):
    ...
    dlhw.data.DataError: http://127.0.0.1:.../age_regression_Xtr.npy: download failed (...)
    """
    import pooch

    root = Path(directory)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"{root}: cannot be created ({describe(exc)})") from None
    hashes = {**COURSE_SHA256, **(known_hashes or {})}
    base = base_url if base_url.endswith("/") else base_url + "/"
    fetched: list[Path] = []
    quiet = pooch.get_logger()
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # pooch announces every download on stderr
    try:
        for name in FILES.values():
            url = base + name
            target = root / name
            existed = target.exists()
            known = hashes.get(name)
            try:
                pooch.retrieve(
                    url,
                    known_hash=None if known is None else f"sha256:{known}",
                    fname=name,
                    path=root,
                    downloader=functools.partial(_downloader, progressbar=progressbar),
                )
            except DataError:
                raise
            except (OSError, ValueError) as exc:
                # urllib's errors are OSErrors; pooch raises ValueError for a
                # digest that does not match.
                message = " ".join(str(exc).split())
                raise DataError(f"{url}: download failed ({message})") from None
            if not existed:
                fetched.append(target)
                if known is None:
                    logger.info("%s: sha256 %s", target, _sha256(target))
        return load_age_regression(root)
    except DataError:
        for path in fetched:
            path.unlink(missing_ok=True)
        raise
    finally:
        quiet.setLevel(level)


# -- the stand-in -----------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _fields() -> tuple[np.ndarray, np.ndarray]:
    """A face template and smooth spatial fields, each flattened to 2304 pixels."""
    side = IMAGE_SHAPE[0]
    c = (np.arange(side) + 0.5) / side * 2 - 1
    x, y = np.meshgrid(c, c)  # y grows downwards, as in an image

    def face(w: float = 0.62, h: float = 0.8, dx: float = 0.0) -> np.ndarray:
        r = np.sqrt(((x - dx) / w) ** 2 + ((y - 0.05) / h) ** 2)
        return _sigmoid((1 - r) / 0.06)

    def blob(x0: float, y0: float, sx: float, sy: float) -> np.ndarray:
        return np.exp(-(((x - x0) / sx) ** 2) / 2 - ((y - y0) / sy) ** 2 / 2)

    skin = face()
    hair = face(0.7, 0.85) * _sigmoid((-0.45 - y) / 0.06)
    eyes = (blob(-0.28, -0.12, 0.09, 0.05) + blob(0.28, -0.12, 0.09, 0.05)) * skin
    mouth = blob(0, 0.45, 0.18, 0.04)
    nose = blob(0, 0.15, 0.05, 0.12)
    lines = skin * (
        0.5 * np.cos(8 * np.pi * y) * _sigmoid((-0.2 - y) / 0.05)
        + blob(-0.22, 0.3, 0.04, 0.15)
        + blob(0.22, 0.3, 0.04, 0.15)
    )
    template = 0.4 + 0.35 * skin - 0.25 * eyes - 0.15 * mouth - 0.05 * nose - 0.2 * hair
    named = [
        np.ones_like(x),  # overall brightness
        x,  # light from the side
        y,  # light from above
        skin,  # skin tone
        hair,  # hair brightness (greys with age)
        eyes,  # eye size and darkness (larger in children)
        mouth,
        face(0.68) - face(0.56),  # face width (rounder in children)
        face(dx=0.06) - face(dx=-0.06),  # horizontal position
        lines,  # forehead lines and folds (deepen with age)
    ]
    k = np.arange(6)
    waves = [
        np.cos(np.pi * a * (x + 1) / 2) * np.cos(np.pi * b * (y + 1) / 2) / (1 + a + b)
        for a in k
        for b in k
    ]
    fields = np.stack(named + waves).reshape(-1, PIXELS)
    return template.reshape(PIXELS), fields


def standin(
    seed: int = 0, n_train: int = 5000, n_test: int = STANDIN_TEST_SIZE
) -> AgeData:
    """A synthetic stand-in for the course data: smooth faces and ages in years.

    Each image is a fixed face template plus a random combination of smooth
    spatial fields (brightness, lighting, skin tone, hair, eyes, face width and
    position, lines, and 36 low-frequency waves), plus a little pixel noise,
    clipped to [0, 1]; the noise is uniform with standard deviation
    about 0.02. Neighbouring pixels are therefore strongly correlated
    and the mean image dominates, as in photographs; this sets the curvature of
    the squared loss, and with it the learning rate at which SGD diverges.

    Ages are whole years, ``1 + Gamma(3, 11)`` capped at 100 (mean about 34,
    skewed towards young adults). Four of the fields depend on age (hair greys
    after about 50, lines deepen after 25, children have larger eyes and
    rounder faces), each with its own noise, and every other field is
    independent of age: a linear model on the pixels explains part, not all,
    of the variance.

    The test set has :data:`STANDIN_TEST_SIZE` images by default (the course's
    test size is not known). Deterministic for a given seed; no files.

    Parameters
    ----------
    seed : int
        Seed of the :func:`numpy.random.default_rng` generator.
    n_train, n_test : int
        Number of training and test images.

    Returns
    -------
    AgeData
        With ``source="standin"``.

    Examples
    --------
    >>> a, b = standin(), standin()
    >>> bool(np.array_equal(a.X_train, b.X_train))
    True
    >>> float(a.X_train.min()), float(a.X_train.max())
    (0.0, 1.0)
    >>> round(float(a.y_train.mean()), 2), round(float(a.y_train.std()), 2)
    (34.36, 18.94)
    >>> a.y_train[:5].tolist()
    [33.0, 43.0, 22.0, 61.0, 19.0]

    Neighbouring pixels move together across images:

    >>> faces = a.X_train.reshape(-1, 48, 48)
    >>> round(float(np.corrcoef(faces[:, 24, 24], faces[:, 24, 25])[0, 1]), 3)
    0.973
    """
    rng = np.random.default_rng(seed)
    n = n_train + n_test
    template, fields = _fields()
    age = np.minimum(np.round(1 + rng.gamma(3.0, 11.0, n)), 100.0)

    scale = np.array([0.06, 0.06, 0.04, 0.08, 0.15, 0.08, 0.05, 0.25, 0.4, 0.06])
    coef = rng.standard_normal((n, fields.shape[0]))
    coef[:, : scale.size] *= scale
    coef[:, scale.size :] *= 0.06
    coef[:, 3] -= 0.03 * (age - 35) / 20  # skin darkens slightly
    coef[:, 4] += 0.35 * _sigmoid((age - 52) / 7)  # grey hair
    coef[:, 5] += 0.12 * np.exp(-age / 10)  # children's larger eyes
    coef[:, 7] -= 0.4 * np.exp(-age / 12)  # children's rounder faces
    coef[:, 9] += 0.05 * np.maximum(age - 25, 0) / 30  # lines

    X = coef @ fields
    X += template
    noise = rng.random((n, PIXELS), dtype=np.float32)  # uniform: fast to draw
    noise -= 0.5
    noise *= 0.07  # standard deviation 0.07 / sqrt(12), about 0.02
    X += noise
    np.clip(X, 0.0, 1.0, out=X)
    return AgeData(
        X_train=X[:n_train],
        y_train=age[:n_train],
        X_test=X[n_train:],
        y_test=age[n_train:],
    )


# -- split and standardization ----------------------------------------------------


class Split(NamedTuple):
    """Training and validation parts of a training set."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray


def train_val_split(
    X: np.ndarray, y: np.ndarray, val_fraction: float = 0.2, seed: int = 0
) -> Split:
    """Split images and labels at random into training and validation parts.

    The rows are permuted by ``numpy.random.default_rng(seed)``; the last
    ``round(val_fraction * N)`` rows of the permutation form the validation part.

    Parameters
    ----------
    X : numpy.ndarray
        Images, one per row: shape ``(N, ...)``, usually ``(N, 2304)``.
    y : numpy.ndarray
        Their labels (ages), shape ``(N,)``.
    val_fraction : float, optional
        Share of the rows that goes to validation, strictly between 0 and 1;
        0.2 by default, the report's 80/20 split.
    seed : int, optional
        Seed of the permutation.

    Returns
    -------
    Split
        ``X_train, y_train, X_val, y_val``, rows in the permutation's order.

    Raises
    ------
    ValueError
        If ``y`` does not have shape ``(N,)``, if ``val_fraction`` is not in
        ``(0, 1)``, or if ``N`` is too small for either part to get a row.

    Examples
    --------
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> s = train_val_split(X, np.arange(10.0), val_fraction=0.2, seed=1)
    >>> s.X_train.shape, s.y_val.shape
    ((8, 2), (2,))
    >>> sorted(np.concatenate([s.y_train, s.y_val]).tolist()) == list(range(10))
    True
    """
    n = X.shape[0]
    if y.shape != (n,):
        raise ValueError(f"{n} images but labels of shape {y.shape}")
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must lie in (0, 1), got {val_fraction!r}")
    n_val = round(val_fraction * n)
    if not 0 < n_val < n:
        raise ValueError(f"{n} images are too few for a {val_fraction} split")
    order = np.random.default_rng(seed).permutation(n)
    train, val = order[: n - n_val], order[n - n_val :]
    return Split(X[train], y[train], X[val], y[val])


@dataclass(frozen=True)
class Standardizer:
    """Standardize targets with statistics of the training labels.

    Costs are then in standardized units, as in the report; an MSE ``m`` in
    those units is a root-mean-square error of ``sqrt(m) * std`` years.

    Examples
    --------
    >>> s = Standardizer.fit(np.array([20.0, 30.0, 40.0]))
    >>> s.mean, round(s.std, 4)
    (30.0, 8.165)
    >>> s.transform(np.array([30.0, 40.0])).round(4).tolist()
    [0.0, 1.2247]
    >>> s.inverse(s.transform(np.array([25.0]))).tolist()
    [25.0]
    >>> round(s.rmse_years(1.0), 4)
    8.165
    """

    mean: float
    std: float

    @classmethod
    def fit(cls, y: np.ndarray) -> Standardizer:
        """Mean and (population) standard deviation of ``y``.

        Parameters
        ----------
        y : numpy.ndarray
            The training ages, in years.

        Returns
        -------
        Standardizer

        Raises
        ------
        UntrainableError
            A ``ValueError``: if ``y`` has no spread (every age the same).

        Examples
        --------
        >>> Standardizer.fit(np.array([10.0, 14.0]))
        Standardizer(mean=12.0, std=2.0)
        >>> Standardizer.fit(np.array([30.0, 30.0]))
        Traceback (most recent call last):
        ...
        dlhw.data.UntrainableError: labels with zero spread cannot be standardized: ...
        """
        std = float(np.std(y))
        if not std > 0:
            raise UntrainableError(
                "labels with zero spread cannot be standardized: the training "
                "ages must differ"
            )
        return cls(float(np.mean(y)), std)

    def transform(self, y: np.ndarray) -> np.ndarray:
        """Ages in years to standardized units: ``(y - mean) / std``.

        Parameters
        ----------
        y : array_like
            Ages in years, of any shape.

        Returns
        -------
        numpy.ndarray
            A new float array of the same shape, in standardized units.

        Examples
        --------
        >>> Standardizer(mean=12.0, std=2.0).transform([10.0, 12.0, 17.0]).tolist()
        [-1.0, 0.0, 2.5]
        """
        return (np.asarray(y, dtype=float) - self.mean) / self.std

    def inverse(self, z: np.ndarray) -> np.ndarray:
        """Standardized units back to years: ``z * std + mean``.

        Parameters
        ----------
        z : array_like
            Values in standardized units (predictions, say), of any shape.

        Returns
        -------
        numpy.ndarray
            A new float array of the same shape, in years.

        Examples
        --------
        >>> Standardizer(mean=12.0, std=2.0).inverse([-1.0, 0.0, 2.5]).tolist()
        [10.0, 12.0, 17.0]
        """
        return np.asarray(z, dtype=float) * self.std + self.mean

    def rmse_years(self, mse: float) -> float:
        """Root-mean-square error in years for an MSE in standardized units.

        Parameters
        ----------
        mse : float
            A mean squared error in standardized units (a cost of the report's
            runs), not negative.

        Returns
        -------
        float
            ``sqrt(mse) * std``, in years.

        Examples
        --------
        >>> Standardizer(mean=12.0, std=2.0).rmse_years(0.25)
        1.0
        """
        return float(np.sqrt(mse) * self.std)
