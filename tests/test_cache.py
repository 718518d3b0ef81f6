"""The disk cache of the engine's runs (dlhw.cache)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dlhw import cache
from dlhw.cache import CACHE_ENV, cache_dir, engine_hash, persistent


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def counted() -> tuple[list[int], object]:
    calls: list[int] = []

    def twice(n: int, *, progress: bool = False) -> np.ndarray:
        calls.append(n)
        return np.arange(n) * 2

    return calls, twice


def test_a_result_is_read_back_by_a_new_process(folder: Path) -> None:
    calls, twice = counted()
    first = persistent(twice)(5)
    again = persistent(twice)(5)  # a fresh wrapper: no memory of the first
    assert calls == [5]
    np.testing.assert_array_equal(first, again)
    (entry,) = (folder / engine_hash()).iterdir()
    assert entry.name.startswith("counted.<locals>.twice-")


def test_arguments_are_part_of_the_key_unless_ignored(folder: Path) -> None:
    calls, twice = counted()
    cached = persistent(ignore=("progress",))(twice)
    cached(3)
    cached(3, progress=True)
    cached(4)
    assert calls == [3, 4]


@pytest.mark.parametrize("setting", ["off", "", "0"])
def test_off_means_no_disk(
    setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, setting)
    assert cache_dir() is None
    calls, twice = counted()
    persistent(twice)(2)
    persistent(twice)(2)
    assert calls == [2, 2]
    assert not any(tmp_path.iterdir())


def test_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() is not None
    assert cache_dir().name == "dlhw"


def test_a_damaged_entry_is_computed_again(folder: Path) -> None:
    calls, twice = counted()
    persistent(twice)(3)
    (entry,) = (folder / engine_hash()).iterdir()
    entry.write_bytes(b"not a pickle")
    np.testing.assert_array_equal(persistent(twice)(3), [0, 2, 4])
    assert calls == [3, 3]
    # and the entry is whole again
    np.testing.assert_array_equal(pickle.loads(entry.read_bytes()), [0, 2, 4])


def test_an_unwritable_folder_costs_only_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))  # under a file
    calls, twice = counted()
    assert persistent(twice)(2).tolist() == [0, 2]
    assert persistent(twice)(2).tolist() == [0, 2]
    assert calls == [2, 2]


def test_the_key_follows_the_engine_not_the_verdicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the package: a change to a claims builder keeps the hash, a
    # change to the engine (or to the report's own numbers) moves it.
    package = Path(cache.__file__).parent

    def hash_of(root: Path) -> str:
        code = "from dlhw.cache import engine_hash; print(engine_hash())"
        env = {**os.environ, "PYTHONPATH": str(root)}
        out = subprocess.run(
            [sys.executable, "-P", "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    import shutil

    copy = tmp_path / "dlhw"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = hash_of(tmp_path)
    assert base == engine_hash()
    (copy / "report" / "claims3a.py").write_text(
        (copy / "report" / "claims3a.py").read_text() + "\n# judged otherwise\n"
    )
    assert hash_of(tmp_path) == base
    for changed in ("problem3a.py", "published.py"):
        path = copy / changed
        original = path.read_text()
        path.write_text(original + "\n# computed otherwise\n")
        assert hash_of(tmp_path) != base, changed
        path.write_text(original)
