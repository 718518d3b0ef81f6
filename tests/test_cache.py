"""The disk cache of the engine's runs (dlhw.cache)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from dlhw import cache
from dlhw.cache import CACHE_ENV, cache_dir, engine_hash, persistent
from dlhw.linreg import GridCell


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def counted() -> tuple[list[int], object]:
    calls: list[int] = []

    def twice(n: int, *, progress: bool = False) -> dict[str, object]:
        calls.append(n)
        return {"values": np.arange(n) * 2, "cell": GridCell(0.1, n, 3, 0.5)}

    return calls, twice


def entry_of(folder: Path) -> Path:
    (entry,) = (folder / engine_hash()).iterdir()
    return entry


def test_a_result_is_read_back_by_a_new_process(folder: Path) -> None:
    calls, twice = counted()
    first = persistent(twice)(5)
    again = persistent(twice)(n=5)  # a fresh wrapper: no memory of the first
    assert calls == [5]
    np.testing.assert_array_equal(first["values"], again["values"])
    assert again["cell"] == GridCell(0.1, 5, 3, 0.5)
    assert entry_of(folder).name.startswith("counted.<locals>.twice-")
    # every caller shares the arrays: none may change them
    assert not again["values"].flags.writeable
    assert not first["values"].flags.writeable


def test_arguments_are_part_of_the_key_unless_ignored(folder: Path) -> None:
    calls, twice = counted()
    cached = persistent(ignore=("progress",))(twice)
    cached(3)
    cached(3, progress=True)
    cached(n=3)
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
    entry = entry_of(folder)
    entry.write_bytes(b"not an entry")
    assert persistent(twice)(3)["values"].tolist() == [0, 2, 4]
    assert calls == [3, 3]
    # and the entry is whole again
    assert persistent(twice)(3)["values"].tolist() == [0, 2, 4]
    assert calls == [3, 3]


def test_a_flipped_bit_is_detected_and_computed_again(folder: Path) -> None:
    # Failure 2 of the audit's cache: one bit of an int64 in an entry
    # changed a verdict. A flip is seen (by the archive's checksum or the
    # entry's digest), and the run is made again.
    calls, twice = counted()
    persistent(twice)(12)
    entry = entry_of(folder)
    data = bytearray(entry.read_bytes())
    with zipfile.ZipFile(entry) as archive:
        info = archive.getinfo("a0.npy")
        end = info.header_offset + 30 + len(info.filename) + info.compress_size
    data[end - 8] ^= 0x80  # in the last value, 22
    entry.write_bytes(bytes(data))
    assert persistent(twice)(12)["values"][-1] == 22
    assert calls == [12, 12]


def test_a_changed_value_with_whole_archive_is_detected(folder: Path) -> None:
    # The flip of failure 2 where the archive's checksums are made anew: only
    # the entry's digest sees it.
    calls, twice = counted()
    persistent(twice)(12)
    entry = entry_of(folder)
    with zipfile.ZipFile(entry) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    values = np.arange(12) * 2
    values[-1] = 150
    with zipfile.ZipFile(entry, "w") as archive:
        for name, content in members.items():
            if name == "a0.npy":
                with archive.open(name, "w") as handle:
                    np.save(handle, values)
            else:
                archive.writestr(name, content)
    with np.load(entry) as stored:
        assert stored["a0"][-1] == 150
    assert persistent(twice)(12)["values"][-1] == 22
    assert calls == [12, 12]


def test_a_planted_pickle_runs_no_code(folder: Path, tmp_path: Path) -> None:
    # Failure 1: an entry planted in a shared folder was unpickled. Now an
    # entry is read with allow_pickle=False: the planted file is ignored.
    import pickle

    calls, twice = counted()
    persistent(twice)(2)
    entry = entry_of(folder)
    marker = tmp_path / "ran"

    class Plant:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (marker.touch, ())  # type: ignore[return-value]

    entry.write_bytes(pickle.dumps(Plant()))
    assert persistent(twice)(2)["values"].tolist() == [0, 2]
    with entry.open("wb") as handle:
        np.savez(handle, a0=np.array([Plant()], dtype=object))
    assert persistent(twice)(2)["values"].tolist() == [0, 2]
    assert not marker.exists()
    assert calls == [2, 2, 2]


def test_a_fifo_in_place_of_an_entry_does_not_hang(folder: Path) -> None:
    # Failure 1: a FIFO named as an entry blocked the run on its opening.
    calls, twice = counted()
    persistent(twice)(2)
    entry = entry_of(folder)
    entry.unlink()
    os.mkfifo(entry)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(persistent(twice)(2)))
    worker.start()
    worker.join(20)
    if worker.is_alive():  # let it go before failing
        with open(entry, "wb"):
            pass
    assert not worker.is_alive()
    assert calls == [2, 2]


def test_an_unwritable_folder_costs_only_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))  # under a file
    calls, twice = counted()
    assert persistent(twice)(2)["values"].tolist() == [0, 2]
    assert persistent(twice)(2)["values"].tolist() == [0, 2]
    assert calls == [2, 2]


def test_a_full_disk_costs_only_the_run(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", full)
    calls, twice = counted()
    assert persistent(twice)(2)["values"].tolist() == [0, 2]
    assert persistent(twice)(2)["values"].tolist() == [0, 2]
    assert calls == [2, 2]
    assert not list((folder / engine_hash()).iterdir())  # no temporary file left


def test_the_folder_is_pruned_oldest_first(folder: Path) -> None:
    _calls, twice = counted()
    cached = persistent(twice)
    cached(1000)
    (first,) = (folder / engine_hash()).iterdir()
    os.utime(first, (1, 1))  # long unused
    left_over = folder / engine_hash() / "tmpkilled.tmp"  # a writer killed
    left_over.write_bytes(b"half")
    os.utime(left_over, (1, 1))
    foreign = folder / "notes.txt"
    foreign.write_text("not the cache's")
    size = first.stat().st_size
    cache._prune(folder, limit=size)  # room for one
    assert not left_over.exists()
    assert foreign.exists()
    cached(1001)
    cache._prune(folder, limit=size + 100)
    assert [p.name.split("-")[0] for p in (folder / engine_hash()).iterdir()] == [
        "counted.<locals>.twice"
    ]
    assert not first.exists()


def test_values_without_a_stored_form_stay_in_memory(folder: Path) -> None:
    import sympy as sp

    calls: list[int] = []

    @persistent
    def exact(n: int) -> sp.Expr:
        calls.append(n)
        return sp.Function("f")(n)  # no class of SymPy's own

    assert exact(3) == sp.Function("f")(3)
    assert exact(3) == sp.Function("f")(3)
    assert calls == [3]
    assert not (folder / engine_hash()).exists()


def test_a_problem_run_reads_back_equal(folder: Path) -> None:
    from dlhw.problem3a import rate_sweep

    fresh = rate_sweep.__wrapped__(steps=20)
    rate_sweep(steps=20)  # stored
    again = persistent(rate_sweep.__wrapped__)(steps=20)
    assert again is not fresh
    assert again.run.objective is fresh.run.objective  # by name, not stored
    np.testing.assert_array_equal(again.run.iterates, fresh.run.iterates)
    np.testing.assert_array_equal(again.outcome, fresh.outcome)


def test_the_key_follows_the_engine_not_the_verdicts(tmp_path: Path) -> None:
    # A copy of the package: a change to a claims builder keeps the hash, a
    # change to the engine (or to the report's own numbers) moves it; an
    # editor's lock file (a broken link) is no source and stops nothing.
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

    copy = tmp_path / "dlhw"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = hash_of(tmp_path)
    assert base == engine_hash()
    (copy / ".#problem3a.py").symlink_to("someone@host.1234:1700000000")
    assert hash_of(tmp_path) == base
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


@pytest.mark.parametrize("library", ["numpy", "scipy", "numba", "sympy"])
def test_the_key_holds_the_libraries_that_make_the_numbers(
    library: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.metadata import version

    base = engine_hash.__wrapped__()
    monkeypatch.setattr(
        cache, "version", lambda name: "0.0" if name == library else version(name)
    )
    assert engine_hash.__wrapped__() != base


def test_only_plain_records_are_built_from_an_entry() -> None:
    # An Objective made from stored fields would compile its expression:
    # an entry names dlhw's own objectives instead, and is refused otherwise.
    from dlhw.objectives import quartic

    stored = {
        "$": "object",
        "type": "dlhw.objectives:Objective",
        "fields": {"name": "q", "expr": {"$": "sympy", "f": "Zero"}, "symbols": []},
    }
    with pytest.raises(ValueError, match="not an entry"):
        cache._decode(stored, [])
    by_name = cache._encode(quartic, [], cache._module_objects())
    assert by_name["$"] == "ref"
    assert cache._decode(by_name, []) is quartic
    for planted in ("sympify", "parse_expr"):
        with pytest.raises(ValueError, match="not a class of SymPy"):
            cache._decode({"$": "sympy", "f": planted, "args": []}, [])
