"""Shared fixtures (the selection of tests is in the top-level conftest.py).

``course_files``: a factory writing course-format files (the four
``age_regression_*.npy`` files) from a small stand-in, so that a run on them
is quick.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dlhw.data import FILES, IMAGE_SHAPE, standin


def write_course_files(
    folder: Path,
    n_train: int = 300,
    n_test: int = 60,
    pixel_scale: float = 1.0,
    test_with_train: bool = False,
) -> Path:
    """Write course-format files (images as 48x48 arrays, ages in years).

    ``pixel_scale`` multiplies every pixel (the curvature of the loss grows
    with its square, so a larger one makes rate 1e-3 diverge);
    ``test_with_train`` appends the training images to the test set.
    """
    folder.mkdir(parents=True, exist_ok=True)
    data = standin(1, n_train=n_train, n_test=n_test)
    X_test, y_test = data.X_test, data.y_test
    if test_with_train:
        X_test = np.concatenate([X_test, data.X_train])
        y_test = np.concatenate([y_test, data.y_train])
    images = pixel_scale * data.X_train.reshape(-1, *IMAGE_SHAPE)
    np.save(folder / FILES["X_train"], images)
    np.save(folder / FILES["y_train"], data.y_train)
    np.save(folder / FILES["X_test"], pixel_scale * X_test.reshape(-1, *IMAGE_SHAPE))
    np.save(folder / FILES["y_test"], y_test)
    return folder


@pytest.fixture(scope="session")
def course_files():
    """The factory :func:`write_course_files`."""
    return write_course_files
