"""Build the site twice from clean copies of the sources and compare the results.

Run as ``nox -s repro``. Each build starts from a fresh copy of the project's
files (tracked and untracked, less what git ignores) in its own temporary
folder, so nothing is shared between them: no execution cache, no gallery
output, no doctrees. Every file of the two sites must be byte-for-byte equal:
the same numbers, the same figure files, no time stamps, run times or memory
addresses. Sphinx's pickled doctrees are not part of the site and are not
compared.

Applied across a change, ``nox -s repro -- --base REV`` builds the first site
from the committed files of git revision ``REV`` (``main``, ``HEAD~1``) and the
second from the working tree: a refactoring that should change nothing a
reader sees must leave every file of the site as it was. ``--against HTML``
compares the working tree's build with a site built earlier (a kept build).

Exit status 0 when the two sites are identical, 1 when they differ (the
differing files are listed, with the first lines of a diff for text files).
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT_SUFFIXES = {".html", ".js", ".css", ".txt", ".svg", ".py", ".ipynb", ".json"}
NOT_COMPARED = {".doctrees"}


def project_files(root: Path) -> list[Path]:
    """The project's files, as git sees them (tracked or new, not ignored)."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [Path(name) for name in sorted(set(out.split("\0"))) if name]


def build_env(target: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a build in ``target``: its own sources first."""
    return dict(
        os.environ,
        PYTHONPATH=str(target),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        # dlhw's disk cache of its own, so that no run is shared between builds.
        DLHW_CACHE=str(target / ".dlhw-cache"),
        **(extra or {}),
    )


def build(
    root: Path, target: Path, env: dict[str, str] | None = None
) -> tuple[Path, float]:
    """Copy the sources to ``target``, build the site there; return it and seconds.

    ``env`` adds to the environment (``DLHW_DATA``, say).
    """
    for rel in project_files(root):
        if (root / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, target / rel)
    html = target / "docs" / "_build" / "html"
    start = time.perf_counter()
    sphinx = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q"]
    subprocess.run(
        [*sphinx, "-b", "html", str(target / "docs"), str(html)],
        cwd=target,
        env=build_env(target, env),
        check=True,
    )
    return html, time.perf_counter() - start


def build_revision(rev: str, work: Path) -> tuple[Path, float]:
    """Build the site from git revision ``rev``'s committed files."""
    checkout = work / "revision"
    git = ["git", "-C", str(ROOT)]
    subprocess.run(
        [*git, "worktree", "add", "--quiet", "--detach", str(checkout), rev],
        check=True,
    )
    try:
        return build(checkout, work / "first")
    finally:
        subprocess.run(
            [*git, "worktree", "remove", "--force", str(checkout)], check=True
        )


def site_files(html: Path) -> dict[str, Path]:
    return {
        path.relative_to(html).as_posix(): path
        for path in sorted(html.rglob("*"))
        if path.is_file() and not NOT_COMPARED & set(path.relative_to(html).parts)
    }


def compare(a: Path, b: Path, *, context: int = 20) -> list[str]:
    """Every difference between two built sites, one entry per file."""
    files_a, files_b = site_files(a), site_files(b)
    differences = [f"only in the first build: {n}" for n in files_a.keys() - files_b]
    differences += [f"only in the second build: {n}" for n in files_b.keys() - files_a]
    for name in sorted(files_a.keys() & files_b.keys()):
        bytes_a, bytes_b = files_a[name].read_bytes(), files_b[name].read_bytes()
        if bytes_a == bytes_b:
            continue
        entry = f"differs: {name}"
        if Path(name).suffix in TEXT_SUFFIXES:
            diff = difflib.unified_diff(
                bytes_a.decode("utf-8", "replace").splitlines(),
                bytes_b.decode("utf-8", "replace").splitlines(),
                "first",
                "second",
                n=0,
                lineterm="",
            )
            lines = [line[:200] for line in diff]
            entry += "\n  " + "\n  ".join(lines[:context])
        differences.append(entry)
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", action="store_true", help="keep the two builds and print where"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--base",
        metavar="REV",
        help="build the first site from git revision REV's committed files",
    )
    which.add_argument(
        "--against",
        metavar="HTML",
        type=Path,
        help="compare the working tree's build with this built site",
    )
    args = parser.parse_args(argv)
    if args.against is not None and not (args.against / "index.html").is_file():
        parser.error(f"{args.against}: not a built site (no index.html)")
    work = Path(tempfile.mkdtemp(prefix="dlhw-repro-"))
    try:
        builds = [] if args.against is None else [args.against]
        if args.base is not None:
            html, seconds = build_revision(args.base, work)
            print(f"first build ({args.base}): {seconds:.0f} s, {html}", flush=True)
            builds.append(html)
        while len(builds) < 2:
            name = ("first", "second")[len(builds)]
            html, seconds = build(ROOT, work / name)
            print(f"{name} build: {seconds:.0f} s, {html}", flush=True)
            builds.append(html)
        differences = compare(*builds)
        count = len(site_files(builds[0]))
        if differences:
            print(f"{len(differences)} of {count} files differ:")
            print("\n".join(differences))
            return 1
        pngs = sum(name.endswith(".png") for name in site_files(builds[0]))
        print(f"the two builds are identical: {count} files, {pngs} of them PNG")
        return 0
    finally:
        if args.keep:
            print(f"builds kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
