"""Shared fixtures.

``course_files``: a factory writing course-format files (the four
``age_regression_*.npy`` files) from a small stand-in, so that a run on them
is quick.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dlhw.data import FILES, IMAGE_SHAPE, standin


def write_course_files(folder: Path, n_train: int = 300, n_test: int = 60) -> Path:
    """Write course-format files (images as 48x48 arrays, ages in years)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = standin(1, n_train=n_train, n_test=n_test)
    np.save(folder / FILES["X_train"], data.X_train.reshape(-1, *IMAGE_SHAPE))
    np.save(folder / FILES["y_train"], data.y_train)
    np.save(folder / FILES["X_test"], data.X_test.reshape(-1, *IMAGE_SHAPE))
    np.save(folder / FILES["y_test"], data.y_test)
    return folder


@pytest.fixture(scope="session")
def course_files():
    """The factory :func:`write_course_files`."""
    return write_course_files
