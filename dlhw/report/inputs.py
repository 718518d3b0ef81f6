"""The user's own files, named once for the whole site.

``DLHW_DATA=DIR`` (the four ``age_regression_*.npy`` course files) and
``DLHW_TRAJECTORY=FILE`` (the course's ``gradient_descent_sequence.txt``)
make every page, figure, headline and verdict of the site compute on those
files; without them the site uses dlhw's stand-ins and says so. Pages and
gallery scripts read them through :func:`site_inputs`, and ``docs/conf.py``
keys the execution caches to :meth:`Inputs.fingerprint`.

Examples
--------
>>> site_inputs({})
Inputs(data=None, trajectory=None)
>>> site_inputs({"DLHW_DATA": "/nonexistent"})
Traceback (most recent call last):
...
dlhw.report.inputs.InputError: DLHW_DATA=/nonexistent: not a directory
>>> site_inputs({}).fingerprint()
'none'
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlhw import files

__all__ = ["DATA_ENV", "TRAJECTORY_ENV", "InputError", "Inputs", "site_inputs"]

#: Environment variable naming the directory of the course's Problem 2 files.
DATA_ENV = "DLHW_DATA"
#: Environment variable naming the course's trajectory file (Problem 3b).
TRAJECTORY_ENV = "DLHW_TRAJECTORY"


class InputError(files.InputError):
    """An input named in the environment that is not there."""


@dataclass(frozen=True)
class Inputs:
    """The user's files, or None where the stand-in is used.

    Attributes
    ----------
    data : pathlib.Path or None
        Directory of the four course files of Problem 2.
    trajectory : pathlib.Path or None
        The course's trajectory file of Problem 3b.
    """

    data: Path | None = None
    trajectory: Path | None = None

    def fingerprint(self) -> str:
        """A short hash of the paths and of the data read from them.

        The files are read and checked as the command line reads them
        (:func:`dlhw.data.load_age_regression`,
        :func:`dlhw.problem3b.load_descent`), so that the site's build and
        the command line accept the same folders and files (whatever else a
        folder holds) and refuse the others with the same message.
        ``"none"`` for the stand-ins; it changes when a file is replaced.

        Raises
        ------
        dlhw.files.InputError
            A file that cannot serve (:class:`dlhw.data.DataError`,
            :class:`dlhw.problem3b.TrajectoryError`).
        """
        from dlhw.data import load_age_regression
        from dlhw.problem3b import load_descent

        if self.data is None and self.trajectory is None:
            return "none"
        digest = hashlib.sha256(f"{self.data}\0{self.trajectory}\0".encode())
        arrays = []
        if self.data is not None:
            d = load_age_regression(self.data)
            arrays += [d.X_train, d.y_train, d.X_test, d.y_test, np.array(d.dropped)]
        if self.trajectory is not None:
            arrays.append(load_descent(self.trajectory))
        for array in arrays:
            digest.update(f"{array.shape}".encode())
            digest.update(array.tobytes())
        return digest.hexdigest()[:16]


def site_inputs(environ: Mapping[str, str] | None = None) -> Inputs:
    """The files named by ``DLHW_DATA`` and ``DLHW_TRAJECTORY`` (absolute paths).

    Parameters
    ----------
    environ : mapping, optional
        Where to read the variables; ``os.environ`` by default. An empty
        value counts as unset.

    Raises
    ------
    InputError
        If ``DLHW_DATA`` is not a directory or ``DLHW_TRAJECTORY`` not a file.
    """
    env = os.environ if environ is None else environ
    data = env.get(DATA_ENV) or None
    trajectory = env.get(TRAJECTORY_ENV) or None
    if data is not None and not Path(data).is_dir():
        raise InputError(f"{DATA_ENV}={data}: not a directory")
    if trajectory is not None and not Path(trajectory).is_file():
        raise InputError(f"{TRAJECTORY_ENV}={trajectory}: not a file")
    return Inputs(
        data=None if data is None else Path(data).resolve(),
        trajectory=None if trajectory is None else Path(trajectory).resolve(),
    )
