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

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = [
    "COURSE_URL",
    "FILES",
    "IMAGE_SHAPE",
    "PIXELS",
    "STANDIN_TEST_SIZE",
    "AgeData",
    "DataError",
    "Split",
    "Standardizer",
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


class DataError(ValueError):
    """A data file is missing, unsafe or does not fit the age-regression layout."""


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


def _load_array(path: Path) -> np.ndarray:
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        array = np.load(path, allow_pickle=False)
    except ValueError as exc:
        # numpy refuses object arrays and pickles when allow_pickle=False.
        raise DataError(f"{path}: not a plain numeric .npy array ({exc})") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read as a .npy file ({exc})") from None
    if not isinstance(array, np.ndarray):  # an .npz archive
        array.close()
        raise DataError(f"{path}: an .npz archive, expected a single .npy array")
    kind = array.dtype.kind
    if kind not in "iuf" or array.dtype.names is not None:
        raise DataError(f"{path}: dtype {array.dtype} is not a real numeric type")
    return array


def _images(path: Path) -> np.ndarray:
    array = _load_array(path)
    pixels = int(np.prod(array.shape[1:])) if array.ndim >= 2 else 0
    if pixels != PIXELS:
        raise DataError(
            f"{path}: shape {array.shape} does not hold {PIXELS}-pixel "
            f"({IMAGE_SHAPE[0]}x{IMAGE_SHAPE[1]}) images"
        )
    images = np.reshape(array, (-1, PIXELS)).astype(np.float64)
    bad = ~np.isfinite(images).all(axis=1)
    if bad.any():
        raise DataError(
            f"{path}: {int(bad.sum())} image(s) contain NaN or infinite pixels, "
            f"the first at row {int(bad.argmax())}"
        )
    return images


def _labels(path: Path, n_images: int) -> np.ndarray:
    array = _load_array(path)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise DataError(f"{path}: shape {array.shape}, expected one age per image")
    if array.shape[0] != n_images:
        raise DataError(
            f"{path}: {array.shape[0]} labels for {n_images} images; "
            "expected one label per image"
        )
    labels = array.astype(np.float64)
    if np.isinf(labels).any():
        raise DataError(f"{path}: {int(np.isinf(labels).sum())} infinite label(s)")
    return labels


def load_age_regression(directory: str | Path) -> AgeData:
    """Load the four course files from ``directory``.

    The files are read with ``allow_pickle=False``, so a pickled or
    object-dtype file is refused and never executed. Images are reshaped to
    ``(N, 2304)`` and converted to float64; pixel values are kept as they are
    (not rescaled), since the learning rates that work depend on their scale.

    Images whose age label is NaN are dropped and counted in
    ``AgeData.dropped`` (code of the period drops them too); a NaN or
    infinite *pixel*, or an infinite label, is an error.

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
        Naming the file and what is wrong: missing, not a plain numeric array,
        not 2304 pixels per image, a label count that differs from the image
        count, or non-finite values.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load_age_regression(tmp)
    Traceback (most recent call last):
    ...
    dlhw.data.DataError: .../age_regression_Xtr.npy: file not found
    """
    root = Path(directory)
    if not root.is_dir():
        raise DataError(f"{root}: not a directory")
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
        arrays[f"X_{part}"] = images[keep] if dropped[-1] else images
        arrays[f"y_{part}"] = labels[keep]
    return AgeData(**arrays, source=str(root), dropped=(dropped[0], dropped[1]))


def fetch_age_regression(
    directory: str | Path, base_url: str = COURSE_URL, *, progressbar: bool = False
) -> AgeData:
    """Download the four course files into ``directory`` and load them.

    The files are fetched with pooch from ``base_url`` + file name (files
    already present are kept). No checksums of the course files are published,
    so pooch is called with ``known_hash=None``; the files are checked by
    loading them with :func:`load_age_regression` instead.

    Parameters
    ----------
    directory : str or pathlib.Path
        Where to store the files (created if needed).
    base_url : str
        Address of the folder holding the files; the course's by default.
    progressbar : bool
        Show pooch's download progress bar.

    Returns
    -------
    AgeData
        As from :func:`load_age_regression`.

    Raises
    ------
    DataError
        If a download fails or a downloaded file does not load.

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
    root.mkdir(parents=True, exist_ok=True)
    base = base_url if base_url.endswith("/") else base_url + "/"
    for name in FILES.values():
        url = base + name
        try:
            pooch.retrieve(
                url, known_hash=None, fname=name, path=root, progressbar=progressbar
            )
        except (OSError, ValueError) as exc:
            # requests' errors are OSErrors; pooch raises ValueError for others.
            message = " ".join(str(exc).split())
            raise DataError(f"{url}: download failed ({message})") from None
    return load_age_regression(root)


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
        """Mean and (population) standard deviation of ``y``."""
        std = float(np.std(y))
        if not std > 0:
            raise ValueError("labels with zero spread cannot be standardized")
        return cls(float(np.mean(y)), std)

    def transform(self, y: np.ndarray) -> np.ndarray:
        """Ages in years to standardized units."""
        return (np.asarray(y, dtype=float) - self.mean) / self.std

    def inverse(self, z: np.ndarray) -> np.ndarray:
        """Standardized units back to years."""
        return np.asarray(z, dtype=float) * self.std + self.mean

    def rmse_years(self, mse: float) -> float:
        """Root-mean-square error in years for an MSE in standardized units."""
        return float(np.sqrt(mse) * self.std)
