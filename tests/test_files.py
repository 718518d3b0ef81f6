import os
import stat

import pytest

from dlhw import files
from dlhw.files import (
    OutputError,
    check_output,
    open_regular,
    printable,
    shorten,
    write_atomic,
)


def test_open_regular_reads_a_file_and_gives_its_size(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(b"12345")
    handle, size = open_regular(path, limit=5, error=ValueError)
    with handle:
        assert (handle.read(), size) == (b"12345", 5)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "none", "file not found"),
        (lambda p: "", "an empty path, not a file"),
        (lambda p: p, "a folder, not a file"),
        (lambda p: (os.mkfifo(p / "fifo"), p / "fifo")[1], "not a regular file"),
        (lambda p: ((p / "big").write_bytes(b"123456"), p / "big")[1], "limit of 5"),
    ],
)
def test_open_regular_refuses(tmp_path, make, message):
    class Refused(ValueError):
        pass

    with pytest.raises(Refused, match=message):
        open_regular(make(tmp_path), limit=5, error=Refused)


def test_open_regular_reports_what_the_system_refuses(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", refuse)
    with pytest.raises(ValueError, match=r"cannot be opened \(Permission denied\)"):
        open_regular(tmp_path / "x", limit=5, error=ValueError)


def test_check_output_accepts_a_new_or_regular_file(tmp_path):
    assert check_output(tmp_path / "new.json", option="--json") == tmp_path / "new.json"
    (tmp_path / "old.json").write_text("{}")
    assert check_output(str(tmp_path / "old.json"), option="--json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_check_output_resolves_to_the_real_file(tmp_path):
    (tmp_path / "real.json").write_text("{}")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    got = check_output(tmp_path / "link.json", option="--json")
    assert got == tmp_path / "real.json"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "an empty path"),
        ("sub/", "a folder"),
        ("missing/out.json", "does not exist"),
        ("input.npy", "is the input file"),
        ("hardlink.npy", "is the input file"),
        ("loop.json", "cannot be resolved"),
    ],
)
def test_check_output_refuses(tmp_path, name, message):
    (tmp_path / "input.npy").write_bytes(b"data")
    os.link(tmp_path / "input.npy", tmp_path / "hardlink.npy")
    (tmp_path / "sub").mkdir()
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    path = "" if not name else str(tmp_path / name) + ("/" if name[-1] == "/" else "")
    with pytest.raises(OutputError, match=message):
        check_output(path, option="--json", inputs=[tmp_path / "input.npy"])
    assert (tmp_path / "input.npy").read_bytes() == b"data"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000], ids=oct)
def test_check_output_refuses_a_write_protected_file(tmp_path, mode):
    out = tmp_path / "out.json"
    out.write_text("kept\n")
    out.chmod(mode)
    pattern = rf"--json {out}: Permission denied \(the file is write-protected"
    with pytest.raises(OutputError, match=pattern):
        check_output(out, option="--json")
    assert stat.S_IMODE(out.stat().st_mode) == mode
    out.chmod(0o600)
    assert out.read_text() == "kept\n"


def test_check_output_asks_the_system_too(tmp_path, monkeypatch):
    out = tmp_path / "out.json"
    out.write_text("{}")
    monkeypatch.setattr(files.os, "access", lambda path, how: False)
    with pytest.raises(OutputError, match="Permission denied"):
        check_output(out, option="--json")


def test_check_output_refuses_a_folder_it_cannot_write(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(OutputError, match=r"cannot write in the folder .*denied"):
        check_output(tmp_path / "out.json", option="--json")


def test_check_output_reports_a_path_it_cannot_inspect(tmp_path, monkeypatch):
    real_stat = files.Path.stat

    def refuse(self, *args, **kwargs):
        if self.name == "out.json":
            raise PermissionError(13, "Permission denied")
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(files.Path, "stat", refuse)
    with pytest.raises(OutputError, match=r"cannot be checked \(Permission denied\)"):
        check_output(tmp_path / "out.json", option="--json")


def test_write_atomic_replaces_whole_files_with_plain_permissions(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(target, "first\n")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    target.chmod(0o600)
    write_atomic(target, "second\n")
    assert target.read_text() == "second\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_write_atomic_leaves_the_old_file_when_it_fails(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


# -- what reaches a terminal ------------------------------------------------------

CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
# Unicode's Bidi_Control property (PropList.txt): marks, embeddings, isolates
BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


@pytest.mark.parametrize("code", CONTROLS + BIDI)
def test_printable_escapes_every_control_character(code):
    shown = printable(f"a{chr(code)}b")
    assert shown.startswith("a\\")
    assert shown.endswith("b")
    assert chr(code) not in shown
    assert all(ch.isprintable() for ch in shown)


def test_printable_keeps_everything_else():
    text = "".join(
        chr(c) for c in range(0x20, 0x3000) if c not in CONTROLS and c not in BIDI
    )
    assert printable(text) == text


def test_printable_keeps_line_breaks_only_when_asked():
    assert printable("one\ntwo\x1b[2J") == "one\\ntwo\\x1b[2J"
    assert printable("one\ntwo\x1b[2J", newlines=True) == "one\ntwo\\x1b[2J"
    assert printable("\x1b]52;c;aGk=\x07\u202e") == "\\x1b]52;c;aGk=\\x07\\u202e"


def test_shorten_caps_a_long_field():
    assert shorten("1.5") == "'1.5'"
    assert shorten("a\x1bb") == "'a\\x1bb'"
    shown = shorten("7" * 10**6)
    assert len(shown) < 80
    assert shown == f"{'7' * 40!r}... (1000000 characters)"
    assert shorten("x" * 50, 10, quote=False) == "xxxxxxxxxx... (50 characters)"
    assert shorten("x" * 10, 10, quote=False) == "x" * 10
