"""Property-based tests: hostile ``.npy`` and trajectory files.

Hypothesis builds files from random parts (magic strings, format versions,
header text, dtypes, shapes, truncations, pickled object arrays) and random
bytes. Whatever it builds, loading either succeeds with plausible values or
raises the documented error (:class:`~dlhw.data.DataError`,
:class:`~dlhw.problem3b.TrajectoryError`): never another exception, never a
warning (pytest turns warnings into errors), and never more memory than a
small multiple of the file (traced with :mod:`tracemalloc`, which sees
NumPy's allocations). Derandomized with a modest example count, so the
suite stays fast and every run tests the same files.
"""

import ast
import io
import math
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlhw.data import AGE_RANGE, FILES, PIXEL_LIMIT, DataError, load_age_regression
from dlhw.problem3b import (
    MIN_POINTS,
    Bowl,
    BowlShape,
    TrajectoryError,
    TrajectoryFileError,
    infer_bowl,
    load_trajectory,
)

FUZZ = settings(
    derandomize=True,
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
#: Memory a load may take, whatever its file declares: far below what any
#: header in these tests asks for (up to petabytes), far above what a file
#: of a few kilobytes needs as float64.
MEMORY_CAP = 32 * 2**20

DESCRS = [
    "'<f8'",
    "'>f4'",
    "'<f2'",
    "'|u1'",
    "'<i8'",
    "'>u2'",
    "'|b1'",
    "'<c16'",
    "'|O'",
    "'<U3'",
    "'|S4'",
    "'<M8[D]'",
    "'|V8'",
    "[('a', '<f8')]",
    "('<f8', (2,))",
    "'garbage'",
    "'<g'",
    "3",
    "None",
]
ROLES = list(FILES)


@st.composite
def shapes(draw):
    n = draw(st.sampled_from([0, 1, 5, 12, 30, 2**31, 10**12, -1]))
    return draw(
        st.sampled_from(
            [
                (n, 48, 48),
                (n, 2304),
                (n,),
                (n, 1),
                (n, 1152, 2),
                (),
                (n, 48, 48, 1),
            ]
        )
        | st.lists(st.integers(-2, 2**40), max_size=4).map(tuple)
    )


def declared_size(descr, shape):
    """Bytes the header declares, or None if it declares nothing sensible."""
    try:
        itemsize = np.dtype(ast.literal_eval(descr)).itemsize
    except (ValueError, TypeError, SyntaxError):
        return None
    if any(n < 0 for n in shape):
        return None
    size = math.prod(shape) * itemsize
    return size if size <= 200_000 else None


@st.composite
def headers(draw):
    """Header text, and the data size it declares if that is sensible."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=80)), None
    descr = draw(st.sampled_from(DESCRS))
    fortran = draw(st.sampled_from(["False"] * 4 + ["True", "1", "'no'"]))
    shape = draw(shapes())
    shape_text = draw(
        st.sampled_from(
            [repr(shape)] * 6 + [repr(list(shape)), "'(3, 4)'", "(1.5, 2)", "(3,"]
        )
    )
    keys = {"descr": descr, "fortran_order": fortran, "shape": shape_text}
    if draw(st.booleans()) and draw(st.integers(0, 4)) == 0:
        keys[draw(st.sampled_from(list(keys)))] = "{"
    body = ", ".join(f"'{k}': {v}" for k, v in keys.items())
    return "{" + body + ", }", declared_size(descr, shape)


@st.composite
def npy_from_parts(draw):
    """A file assembled from a (maybe wrong) magic, version, header and data."""
    magic = draw(
        st.sampled_from([b"\x93NUMPY"] * 6 + [b"\x93NUMPZ", b"PK\x03\x04", b""])
    )
    version = draw(st.sampled_from([(1, 0), (2, 0)] * 3 + [(3, 0), (0, 0), (9, 9)]))
    text, size = draw(headers())
    header = (text.ljust(118) + "\n").encode("latin1", "replace")
    size_bytes = 2 if version[0] < 2 else 4
    length = len(header)
    if draw(st.integers(0, 5)) == 0:
        length = draw(st.integers(0, 2 ** (8 * size_bytes) - 1))
    if size is not None and draw(st.booleans()):
        data = (
            draw(st.binary(min_size=size, max_size=size))
            if size < 4000
            else (np.random.default_rng(draw(st.integers(0, 9))).bytes(size))
        )
    else:
        data = draw(st.binary(max_size=3000))
    blob = magic + bytes(version) + length.to_bytes(size_bytes, "little") + header
    return blob + data


def saved(array, allow_pickle=False):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


@st.composite
def npy_truncated(draw):
    """A real ``np.save`` file (numeric, object or structured), maybe cut short."""
    kind = draw(st.sampled_from(["f8", "f4", "u1", "i2", "f2", "object", "record"]))
    n = draw(st.sampled_from([0, 1, 5, 12]))
    shape = draw(st.sampled_from([(n, 48, 48), (n, 2304), (n,), (n, 1), (n, 1152, 2)]))
    if kind == "object":
        blob = saved(np.array([{"age": 1}] * max(n, 1), dtype=object), True)
    elif kind == "record":
        blob = saved(np.zeros(n, dtype=[("age", "<f8")]))
    else:
        values = draw(
            st.sampled_from([0.0, 1.0, 255.0, 1e300, -5.0, np.nan, np.inf, 65536.0])
        )
        with np.errstate(all="ignore"):
            blob = saved(np.full(shape, values).astype(kind))
    cut = draw(st.integers(0, len(blob)))
    return blob[:cut] if draw(st.booleans()) else blob


npy_files = st.one_of(
    npy_from_parts(), npy_from_parts(), npy_truncated(), st.binary(max_size=400)
)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A folder of valid course files; each example replaces one of them."""
    folder = tmp_path_factory.mktemp("course")
    rng = np.random.default_rng(11)
    valid = {
        "X_train": rng.random((12, 48, 48)).astype(np.float32),
        "y_train": rng.integers(1, 90, 12).astype(float),
        "X_test": rng.random((5, 2304)).astype(np.float32),
        "y_test": rng.integers(1, 90, 5).astype(float),
    }
    return folder, {role: saved(array) for role, array in valid.items()}


def traced(function, *args):
    """Call ``function``; return its result or exception and the traced peak."""
    tracemalloc.start()
    try:
        try:
            outcome = function(*args)
        except Exception as exc:  # noqa: BLE001 - classified by the caller
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@settings(FUZZ, max_examples=200)
@given(blob=npy_files, role=st.sampled_from(ROLES))
def test_any_npy_file_loads_or_is_a_data_error(course, blob, role):
    folder, valid = course
    for name, data in valid.items():
        (folder / FILES[name]).write_bytes(blob if name == role else data)
    outcome, peak = traced(load_age_regression, folder)
    assert peak < MEMORY_CAP
    if isinstance(outcome, Exception):
        assert isinstance(outcome, DataError), repr(outcome)
        assert FILES[role] in str(outcome) or str(folder) in str(outcome)
        return
    for images in (outcome.X_train, outcome.X_test):
        assert images.ndim == 2
        assert images.shape[1] == 2304
        assert np.isfinite(images).all()
        assert np.abs(images).max() <= PIXEL_LIMIT
    for ages in (outcome.y_train, outcome.y_test):
        assert np.isfinite(ages).all()
        assert AGE_RANGE[0] <= ages.min() <= ages.max() <= AGE_RANGE[1]


# -- trajectory files -------------------------------------------------------------

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-1e6, 1e6).map(lambda x: f"{x:.6g}"),
    st.integers(-(10**400), 10**400).map(str),
    st.sampled_from(["nan", "-inf", "1e309", "1_0", "0x10", "", "#", "abc", "1e-400"]),
)
lines = st.lists(numbers, min_size=0, max_size=4).map(
    lambda fields: " ".join(fields)
) | st.sampled_from(["", "# comment", "\t", "1 2 # c"])
texts = st.lists(lines, max_size=40).flatmap(
    lambda rows: st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\u2028"]).map(
        lambda end: end.join(rows)
    )
)
trajectory_files = st.one_of(
    texts.map(lambda text: text.encode("utf-8")), st.binary(max_size=600)
)
rates = st.one_of(st.none(), st.floats(1e-300, 1e300))


def is_clean_result(result, rate):
    if rate is None:
        assert isinstance(result, BowlShape)
    else:
        assert isinstance(result, Bowl)
    assert all(math.isfinite(v) for v in result)


@FUZZ
@given(blob=trajectory_files, rate=rates)
def test_any_trajectory_file_loads_or_is_a_trajectory_error(blob, rate):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "seq.txt")
        path.write_bytes(blob)
        outcome, peak = traced(load_trajectory, path)
    assert peak < MEMORY_CAP
    if isinstance(outcome, Exception):
        assert isinstance(outcome, TrajectoryFileError), repr(outcome)
        assert str(path) in str(outcome)
        return
    assert outcome.ndim == 2
    assert outcome.shape[1] == 2
    assert outcome.shape[0] >= MIN_POINTS
    assert np.isfinite(outcome).all()
    try:
        result = infer_bowl(outcome, rate)
    except TrajectoryError:
        return
    is_clean_result(result, rate)


finite = st.floats(allow_nan=False, allow_infinity=False)


@FUZZ
@given(
    points=st.lists(st.tuples(finite, finite), min_size=3, max_size=30),
    rate=rates,
)
def test_infer_bowl_on_any_finite_points_is_clean(points, rate):
    try:
        result = infer_bowl(points, rate)
    except TrajectoryError:
        return
    is_clean_result(result, rate)


factors = st.floats(0.05, 0.95) | st.floats(-0.95, -0.05)


@FUZZ
@given(
    r=st.tuples(factors, factors),
    centre=st.tuples(st.floats(-10, 10), st.floats(-10, 10)),
    offset=st.tuples(st.floats(1, 10), st.floats(-10, -1)),
    rate=st.floats(1e-3, 1.0),
    steps=st.integers(MIN_POINTS - 1, 60),
    power=st.integers(-1074, 1023),
)
def test_descent_at_any_scale_gives_the_bowl_or_a_clean_error(
    r, centre, offset, rate, steps, power
):
    # gradient descent per axis, x' = r x + (1 - r) c, then scaled exactly by 2**power
    x = np.array(centre) + np.array(offset)
    run = [x]
    for _ in range(steps):
        x = np.array(r) * x + (1 - np.array(r)) * np.array(centre)
        run.append(x)
    scale = math.ldexp(1.0, power)
    with np.errstate(all="ignore"):
        points = np.array(run) * scale
    try:
        bowl = infer_bowl(points, rate)
    except TrajectoryError:
        # only where scaling lost the run: denormal, overflowing or flattened
        assert not -30 <= power <= 1000 or not np.isfinite(points).all()
        return
    expected = [(1 - r[0]) / (2 * rate), (1 - r[1]) / (2 * rate)]
    np.testing.assert_allclose(bowl[:2], expected, rtol=1e-6)
    np.testing.assert_allclose(
        bowl[2:], np.array(centre) * scale, rtol=1e-6, atol=1e-9 * scale
    )
