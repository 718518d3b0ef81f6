import functools
import http.server
import os
import threading

import numpy as np
import pytest

import dlhw.data as data_module
from dlhw.data import (
    FILES,
    PIXELS,
    DataError,
    Standardizer,
    UntrainableError,
    fetch_age_regression,
    load_age_regression,
    standin,
    train_val_split,
)


def write_course_files(folder, n_train=12, n_test=5, **override):
    """Write small, valid course files; ``override`` replaces arrays by role."""
    rng = np.random.default_rng(3)
    arrays = {
        "X_train": rng.random((n_train, 48, 48)).astype(np.float32),
        "y_train": rng.integers(1, 90, n_train).astype(float),
        "X_test": rng.random((n_test, 48, 48)).astype(np.float32),
        "y_test": rng.integers(1, 90, n_test).astype(float),
    }
    arrays.update(override)
    for role, array in arrays.items():
        np.save(folder / FILES[role], array, allow_pickle=True)
    return arrays


def test_loads_and_reshapes(tmp_path):
    arrays = write_course_files(tmp_path)
    data = load_age_regression(tmp_path)
    assert data.X_train.shape == (12, PIXELS)
    assert data.X_test.shape == (5, PIXELS)
    assert data.X_train.dtype == np.float64
    np.testing.assert_array_equal(data.X_train[3], arrays["X_train"][3].ravel())
    np.testing.assert_array_equal(data.y_test, arrays["y_test"])
    assert data.source == str(tmp_path)
    assert data.dropped == (0, 0)


def test_flat_images_and_column_labels_are_accepted(tmp_path):
    write_course_files(
        tmp_path,
        X_train=np.zeros((12, PIXELS), dtype=np.uint8),
        y_train=np.arange(12.0).reshape(12, 1),
    )
    data = load_age_regression(tmp_path)
    assert data.X_train.shape == (12, PIXELS)
    assert data.y_train.shape == (12,)


@pytest.mark.parametrize("role", list(FILES))
def test_missing_file_is_named(tmp_path, role):
    write_course_files(tmp_path)
    (tmp_path / FILES[role]).unlink()
    with pytest.raises(DataError, match=f"{FILES[role]}: file not found"):
        load_age_regression(tmp_path)


def test_not_a_directory(tmp_path):
    with pytest.raises(DataError, match="not a directory"):
        load_age_regression(tmp_path / "nowhere")


def test_misshaped_images_are_refused(tmp_path):
    write_course_files(tmp_path, X_test=np.zeros((5, 47, 47)))
    with pytest.raises(
        DataError, match=r"age_regression_Xte\.npy: shape \(5, 47, 47\)"
    ):
        load_age_regression(tmp_path)


def test_one_dimensional_images_are_refused(tmp_path):
    write_course_files(tmp_path, X_train=np.zeros(12 * PIXELS))
    with pytest.raises(DataError, match="2304-pixel"):
        load_age_regression(tmp_path)


class Exploit:
    """Unpickling this would create a marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_pickled_object_array_is_refused_not_executed(tmp_path):
    marker = tmp_path / "executed"
    payload = np.array([Exploit(marker)] * 12, dtype=object)
    write_course_files(tmp_path, y_train=payload)
    with pytest.raises(
        DataError, match=r"age_regression_ytr\.npy: not a plain numeric"
    ):
        load_age_regression(tmp_path)
    assert not marker.exists()


def test_raw_pickle_file_is_refused(tmp_path):
    import pickle

    write_course_files(tmp_path)
    marker = tmp_path / "executed"
    (tmp_path / FILES["X_train"]).write_bytes(pickle.dumps(Exploit(marker)))
    with pytest.raises(DataError, match=r"age_regression_Xtr\.npy"):
        load_age_regression(tmp_path)
    assert not marker.exists()


def test_text_file_is_refused(tmp_path):
    write_course_files(tmp_path)
    (tmp_path / FILES["X_test"]).write_text("not an array")
    with pytest.raises(DataError, match=r"age_regression_Xte\.npy"):
        load_age_regression(tmp_path)


@pytest.mark.parametrize(
    "array", [np.array(["a"] * 12), np.ones(12, dtype=complex), np.ones(12, dtype="?")]
)
def test_non_numeric_labels_are_refused(tmp_path, array):
    write_course_files(tmp_path, y_train=array)
    with pytest.raises(DataError, match=r"ytr\.npy: dtype .* is not a real numeric"):
        load_age_regression(tmp_path)


def test_label_count_must_match(tmp_path):
    write_course_files(tmp_path, y_test=np.ones(4))
    with pytest.raises(DataError, match=r"yte\.npy: 4 labels for 5 images"):
        load_age_regression(tmp_path)


def test_nan_pixels_are_an_error(tmp_path):
    images = np.zeros((12, 48, 48))
    images[7, 3, 3] = np.nan
    write_course_files(tmp_path, X_train=images)
    with pytest.raises(DataError, match=r"Xtr\.npy: 1 image\(s\) .* first at row 7"):
        load_age_regression(tmp_path)


def test_nan_labels_are_dropped_and_counted(tmp_path):
    labels = np.arange(12.0)
    labels[[2, 5]] = np.nan
    arrays = write_course_files(tmp_path, y_train=labels)
    data = load_age_regression(tmp_path)
    assert data.dropped == (2, 0)
    assert data.X_train.shape == (10, PIXELS)
    np.testing.assert_array_equal(data.y_train, np.delete(labels, [2, 5]))
    np.testing.assert_array_equal(
        data.X_train[2], arrays["X_train"][3].ravel().astype(float)
    )


def test_all_nan_labels_and_infinite_labels_are_errors(tmp_path):
    write_course_files(tmp_path, y_test=np.full(5, np.nan))
    with pytest.raises(DataError, match="every label is NaN"):
        load_age_regression(tmp_path)
    write_course_files(tmp_path, y_test=np.array([1, 2, np.inf, 4, 5]))
    with pytest.raises(DataError, match="1 infinite label"):
        load_age_regression(tmp_path)


def test_standin_is_shaped_like_the_course_data_and_deterministic():
    a, b = standin(), standin()
    assert a.X_train.shape == (5000, PIXELS)
    assert a.y_train.shape == (5000,)
    assert a.X_test.shape == (1000, PIXELS)
    assert a.y_test.shape == (1000,)
    assert a.source == "standin"
    for x, y in zip(
        (a.X_train, a.y_train, a.X_test, a.y_test),
        (b.X_train, b.y_train, b.X_test, b.y_test),
        strict=True,
    ):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(standin(seed=1).y_train, a.y_train)
    assert a.X_train.min() >= 0
    assert a.X_train.max() <= 1
    assert np.all(a.y_train == np.round(a.y_train))
    assert a.y_train.min() >= 1
    assert a.y_train.max() <= 100


def test_standin_ages_depend_on_the_images_but_not_fully():
    # ridge regression on the pixels explains part, not all, of the age variance
    a = standin()
    X, y = a.X_train, a.y_train
    mean_x = X.mean(axis=0)
    Xc = X - mean_x
    w = np.linalg.solve(
        Xc.T @ Xc + len(y) * 1e-2 * np.eye(PIXELS), Xc.T @ (y - y.mean())
    )
    pred = (a.X_test - mean_x) @ w + y.mean()
    r2 = 1 - np.mean((a.y_test - pred) ** 2) / np.var(a.y_test)
    assert 0.2 < r2 < 0.7


# -- download ------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(tmp_path, monkeypatch):
    """Serve a folder of course files on 127.0.0.1; yield (base URL, arrays)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    folder = tmp_path / "served"
    folder.mkdir()
    arrays = write_course_files(folder)
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", arrays, folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_fetch_from_a_local_server(tmp_path, local_server):
    url, arrays, _ = local_server
    data = fetch_age_regression(tmp_path / "cache", base_url=url)
    for name in FILES.values():
        assert (tmp_path / "cache" / name).is_file()
    np.testing.assert_array_equal(data.X_train, arrays["X_train"].reshape(12, PIXELS))
    np.testing.assert_array_equal(data.y_test, arrays["y_test"])


def test_fetch_reports_a_missing_file(tmp_path, local_server):
    url, _, folder = local_server
    (folder / FILES["y_test"]).unlink()
    with pytest.raises(DataError, match=r"age_regression_yte\.npy: download failed"):
        fetch_age_regression(tmp_path / "cache", base_url=url)


def test_fetch_verifies_by_loading(tmp_path, local_server):
    url, _, folder = local_server
    np.save(folder / FILES["X_test"], np.zeros((5, 10)))
    with pytest.raises(DataError, match=r"Xte\.npy: shape \(5, 10\)"):
        fetch_age_regression(tmp_path / "cache", base_url=url)


# -- split and standardization -------------------------------------------------


def test_split_is_seeded_and_disjoint():
    X = np.arange(100.0).reshape(50, 2)
    y = np.arange(50.0)
    a = train_val_split(X, y, val_fraction=0.2, seed=4)
    b = train_val_split(X, y, val_fraction=0.2, seed=4)
    assert a.X_train.shape == (40, 2)
    assert a.y_val.shape == (10,)
    np.testing.assert_array_equal(a.y_val, b.y_val)
    assert set(a.y_train) | set(a.y_val) == set(y)
    assert not set(a.y_train) & set(a.y_val)
    np.testing.assert_array_equal(a.X_train[:, 0], 2 * a.y_train)


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 0.001])
def test_split_refuses_bad_fractions(fraction):
    with pytest.raises(ValueError, match=r"val_fraction|too few"):
        train_val_split(np.zeros((50, 2)), np.zeros(50), val_fraction=fraction)


def test_standardizer_uses_training_statistics():
    s = Standardizer.fit(np.array([10.0, 20.0, 30.0, 40.0]))
    z = s.transform(np.array([10.0, 20.0, 30.0, 40.0]))
    assert z.mean() == pytest.approx(0)
    assert z.std() == pytest.approx(1)
    assert s.rmse_years(0.25) == pytest.approx(0.5 * s.std)
    with pytest.raises(ValueError, match="zero spread"):
        Standardizer.fit(np.ones(3))


# -- hostile and implausible files -----------------------------------------------


def npy_bytes(array):
    import io

    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "an empty file"),
        (b"\x93NUMPY\x03\x00" + b"\0" * 60, "version 3.0 is not read"),
        (b"\x93NUMPY\x01\x00\xff", "a broken .npy header"),
        (npy_bytes(np.zeros((12, 2304)))[:-8], "truncated"),
        (npy_bytes(np.zeros((12, 2304))) + b"\0" * 8, "longer than its header says"),
    ],
)
def test_broken_npy_files_are_refused(tmp_path, data, message):
    write_course_files(tmp_path)
    (tmp_path / FILES["X_train"]).write_bytes(data)
    with pytest.raises(DataError, match=message):
        load_age_regression(tmp_path)


def test_negative_shape_in_header_is_refused(tmp_path):
    write_course_files(tmp_path)
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2304), }"
    header = header.ljust(118) + "\n"
    data = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode()
    (tmp_path / FILES["X_train"]).write_bytes(data)
    with pytest.raises(DataError, match="negative shape"):
        load_age_regression(tmp_path)


def test_fortran_order_big_endian_and_half_precision_load(tmp_path):
    rng = np.random.default_rng(5)
    images = np.asfortranarray(rng.random((12, 48, 48)))
    ages = rng.integers(1, 90, 12).astype(">f8")
    write_course_files(
        tmp_path, X_train=images, y_train=ages, X_test=np.ones((5, 2304), "f2")
    )
    data = load_age_regression(tmp_path)
    np.testing.assert_array_equal(data.X_train, images.reshape(12, PIXELS))
    np.testing.assert_array_equal(data.y_train, ages.astype(float))
    assert data.X_test.dtype == np.float64


def test_extended_precision_overflow_is_an_error_not_a_warning(tmp_path):
    images = np.zeros((12, 48, 48), dtype=np.longdouble)
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("long double is float64 here")
    images[3, 0, 0] = np.longdouble("1e400")
    write_course_files(tmp_path, X_train=images)
    with pytest.raises(DataError, match="NaN or infinite pixels, the first at row 3"):
        load_age_regression(tmp_path)


@pytest.mark.parametrize(
    ("role", "array", "message"),
    [
        ("y_train", np.full(12, 1e300), r"12 age\(s\) outside 0 to 130 years"),
        ("y_test", np.array([1.0, -2, 3, 4, 5]), "the first -2 at row 1"),
        ("y_train", np.full(12, 131.0), "outside 0 to 130"),
        ("X_train", np.full((12, 2304), 70000.0), "pixel values reach 70000"),
        ("X_test", np.zeros((5, 1152, 2)), r"expected \(n, 48, 48\) or \(n, 2304\)"),
        ("X_test", np.zeros((0, 48, 48)), "no images"),
        ("y_test", np.zeros((5, 2)), "expected one age per image"),
    ],
)
def test_implausible_values_are_refused(tmp_path, role, array, message):
    write_course_files(tmp_path, **{role: array})
    with pytest.raises(DataError, match=message):
        load_age_regression(tmp_path)


def test_edge_ages_are_accepted(tmp_path):
    ages = np.linspace(0.0, 130.0, 12)
    write_course_files(tmp_path, y_train=ages)
    np.testing.assert_array_equal(load_age_regression(tmp_path).y_train, ages)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.r_[20.0, 30.0, np.full(10, np.nan)], r"2 training image\(s\) with an age"),
        (np.full(12, 40.0), "every training age is 40"),
    ],
)
def test_untrainable_data_says_why(tmp_path, labels, message):
    write_course_files(tmp_path, y_train=labels)
    with pytest.raises(UntrainableError, match=message):
        load_age_regression(tmp_path)


def test_only_regular_files_are_read(tmp_path):
    import os

    write_course_files(tmp_path)
    (tmp_path / FILES["X_train"]).unlink()
    os.mkfifo(tmp_path / FILES["X_train"])
    with pytest.raises(DataError, match="not a regular file"):
        load_age_regression(tmp_path)
    (tmp_path / FILES["X_train"]).unlink()
    (tmp_path / FILES["X_train"]).mkdir()
    with pytest.raises(DataError, match="a folder"):
        load_age_regression(tmp_path)


def test_file_size_cap(tmp_path, monkeypatch):
    write_course_files(tmp_path)
    monkeypatch.setattr(data_module, "MAX_FILE_BYTES", 1000)
    with pytest.raises(DataError, match="more than the limit of 1000 bytes"):
        load_age_regression(tmp_path)


def test_an_unreadable_folder_is_a_data_error(tmp_path, monkeypatch):
    import pathlib

    real_stat = pathlib.Path.stat

    def refuse(self, *args, **kwargs):
        if self == tmp_path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", refuse)
    with pytest.raises(DataError, match=r"cannot be read \(Permission denied\)"):
        load_age_regression(tmp_path)
    with pytest.raises(DataError, match="not a directory"):
        load_age_regression(tmp_path / FILES["X_train"])


# -- hostile downloads -----------------------------------------------------------


def cached(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_html_page_is_never_kept(tmp_path, local_server):
    url, _, folder = local_server
    (folder / FILES["X_train"]).write_text("<!DOCTYPE html><html>Not found</html>")
    with pytest.raises(DataError, match=r"Xtr\.npy: not a \.npy file"):
        fetch_age_regression(tmp_path / "cache", base_url=url)
    assert cached(tmp_path / "cache") == []


def test_a_download_of_the_wrong_shape_is_deleted(tmp_path, local_server):
    url, _, folder = local_server
    np.save(folder / FILES["X_test"], np.zeros((5, 10)))
    with pytest.raises(DataError, match=r"Xte\.npy: shape \(5, 10\)"):
        fetch_age_regression(tmp_path / "cache", base_url=url)
    assert FILES["X_test"] not in cached(tmp_path / "cache")


def test_downloads_that_do_not_load_are_deleted(tmp_path, local_server):
    url, _, folder = local_server
    np.save(folder / FILES["y_test"], np.full(5, 1e300))
    with pytest.raises(DataError, match="outside 0 to 130"):
        fetch_age_regression(tmp_path / "cache", base_url=url)
    assert cached(tmp_path / "cache") == []


def test_download_size_cap(tmp_path, local_server, monkeypatch):
    url, _, _ = local_server
    monkeypatch.setattr(data_module, "MAX_FILE_BYTES", 1000)
    with pytest.raises(DataError, match="more than the limit of 1000 bytes"):
        fetch_age_regression(tmp_path / "cache", base_url=url)
    assert cached(tmp_path / "cache") == []


def test_known_hashes_are_checked(tmp_path, local_server):
    import hashlib

    url, _, folder = local_server
    good = {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in FILES.values()
    }
    fetch_age_regression(tmp_path / "good", base_url=url, known_hashes=good)
    wrong = {FILES["y_train"]: "0" * 64}
    with pytest.raises(DataError, match=r"ytr\.npy: download failed \(.*hash"):
        fetch_age_regression(tmp_path / "bad", base_url=url, known_hashes=wrong)
    assert FILES["y_train"] not in cached(tmp_path / "bad")


def test_a_new_download_logs_its_hash_once_and_quietly(
    tmp_path, local_server, caplog, capsys
):
    import hashlib
    import logging

    url, _, folder = local_server
    with caplog.at_level(logging.INFO, logger="dlhw.data"):
        fetch_age_regression(tmp_path / "cache", base_url=url)
        first = [r.getMessage() for r in caplog.records if r.name == "dlhw.data"]
        caplog.clear()
        fetch_age_regression(tmp_path / "cache", base_url=url)
        second = [r.getMessage() for r in caplog.records if r.name == "dlhw.data"]
    digest = hashlib.sha256((folder / FILES["X_train"]).read_bytes()).hexdigest()
    assert len(first) == 4
    assert any(digest in message for message in first)
    assert second == []
    assert capsys.readouterr().err == ""


def test_fetch_into_a_file_is_a_data_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataError, match="cannot be created"):
        fetch_age_regression(tmp_path / "file" / "cache", base_url="http://127.0.0.1:9")


def test_a_truncated_magic_string_is_a_broken_header(tmp_path):
    write_course_files(tmp_path)
    (tmp_path / FILES["y_test"]).write_bytes(b"\x93NUMPY")
    with pytest.raises(DataError, match=r"yte\.npy: a broken \.npy header"):
        load_age_regression(tmp_path)


def test_a_file_that_changes_while_read_is_an_error(tmp_path, monkeypatch):
    write_course_files(tmp_path)
    monkeypatch.setattr(data_module.npformat, "read_array", lambda *a, **k: np.ones(3))
    with pytest.raises(DataError, match="changed while it was read"):
        load_age_regression(tmp_path)

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(data_module.npformat, "read_array", fail)
    with pytest.raises(DataError, match=r"cannot be read \(Input/output error\)"):
        load_age_regression(tmp_path)


def test_an_empty_path_is_not_the_current_folder(tmp_path, monkeypatch):
    from dlhw.problem2 import problem2_results

    write_course_files(tmp_path)
    monkeypatch.chdir(tmp_path)  # course files right here: still refused
    with pytest.raises(DataError, match="an empty path, not a directory"):
        load_age_regression("")
    with pytest.raises(DataError, match="an empty path, not a directory"):
        problem2_results("")


def test_an_image_file_that_shrinks_while_read_is_an_error(tmp_path, monkeypatch):
    write_course_files(tmp_path, n_train=600)
    real_open = data_module.open_regular

    def open_then_shrink(path, **kwargs):
        handle, size = real_open(path, **kwargs)
        if path.name == FILES["X_train"]:
            os.truncate(path, size - PIXELS)  # after the size was taken
        return handle, size

    monkeypatch.setattr(data_module, "open_regular", open_then_shrink)
    with pytest.raises(DataError, match=r"Xtr\.npy: changed while it was read"):
        load_age_regression(tmp_path)


@pytest.mark.parametrize("dtype", ["u1", ">i2", "<f2", "<f4", "<f8", ">f8"])
@pytest.mark.parametrize("fortran", [False, True], ids=["C", "Fortran"])
def test_images_are_the_files_values_as_float64_to_the_bit(tmp_path, dtype, fortran):
    # several blocks of rows, and rows dropped for NaN ages in most of them
    rng = np.random.default_rng(9)
    n = 500
    images = (rng.random((n, 48, 48)) * 250).astype(dtype)
    if fortran:
        images = np.asfortranarray(images)
    ages = rng.integers(1, 90, n).astype(float)
    ages[::7] = np.nan
    write_course_files(tmp_path, n_train=n, X_train=images, y_train=ages)
    data = load_age_regression(tmp_path)
    expected = images.reshape(n, PIXELS).astype(np.float64)[~np.isnan(ages)]
    assert data.X_train.dtype == np.float64
    assert data.X_train.tobytes() == expected.tobytes()
    assert data.dropped == (int(np.isnan(ages).sum()), 0)


def test_loading_uint8_images_takes_about_their_float64_size(tmp_path):
    import tracemalloc

    rng = np.random.default_rng(4)
    n = 900  # 2 MB of uint8 pixels; 16.6 MB as float64
    images = rng.integers(0, 256, (n, 48, 48)).astype(np.uint8)
    ages = rng.integers(1, 90, n).astype(float)
    ages[::50] = np.nan
    write_course_files(tmp_path, n_train=n, X_train=images, y_train=ages)
    size = (tmp_path / FILES["X_train"]).stat().st_size
    tracemalloc.start()
    try:
        data = load_age_regression(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the float64 images (8 times the file) and blocks of a few MB; converting
    # the whole file, then checking it, peaked at 17 times the file
    assert peak < 8 * size + 6 * 2**20
    assert peak < 11 * size
    assert data.X_train.shape == (n - 18, PIXELS)


def test_a_file_is_not_a_data_directory(tmp_path):
    write_course_files(tmp_path)
    with pytest.raises(DataError, match="not a directory"):
        load_age_regression(tmp_path / FILES["X_train"])


def test_split_refuses_mismatched_labels():
    with pytest.raises(ValueError, match="10 images but labels of shape"):
        train_val_split(np.zeros((10, 2)), np.zeros(9))
