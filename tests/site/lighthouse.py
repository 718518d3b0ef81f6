"""Lighthouse's scores of the built site on a phone, page by page.

Run as ``nox -s lighthouse`` (after ``nox -s docs``). The site is served from
127.0.0.1 with gzip, as a static host serves it, and every page is measured by
Lighthouse (npm) in Debian's Chromium with its mobile preset (a throttled CPU
and network), three times; the median of each figure is printed, with the
audits that cost a page points in accessibility, best practices or SEO.

``--json PATH`` also writes the medians; ``--runs N`` changes the number of
runs; pages can be named (``report/problem3a.html``) to measure only those.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# The PDF script's local server (docs/pdf.py), as the browser tests use it.
sys.path.insert(0, str(ROOT / "docs"))
import pdf

SITE = ROOT / "docs" / "_build" / "html"
CHROMIUM = os.environ.get("DLHW_CHROMIUM", "/usr/bin/chromium")
PAGES = (
    "index.html",
    "audit.html",
    "report/problem2.html",
    "report/problem3a.html",
    "report/problem3b.html",
    "report/problem3c.html",
    "report/problem3d.html",
    "performance.html",
    "api.html",
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# What a static host compresses: text, not images or fonts already compressed.
COMPRESSED = (".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".inv")


class _GzipHandler(pdf.QuietHandler):
    """The PDF script's file server, with text sent gzipped to a client that
    asks."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse(url: str) -> dict[str, Any]:
    """One Lighthouse run of ``url`` (mobile preset); its JSON report."""
    with tempfile.TemporaryDirectory() as profile:
        flags = f"--headless=new --no-sandbox --disable-gpu --user-data-dir={profile}"
        out = subprocess.run(
            [
                "npx",
                "--no-install",
                "lighthouse",
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={flags}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout)


def figures(report: dict[str, Any]) -> dict[str, Any]:
    """The scores and the load figures of one run, and what cost points."""
    audits = report["audits"]
    found: dict[str, Any] = {
        c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES
    }
    found["KiB"] = audits["total-byte-weight"]["numericValue"] / 1024
    found["LCP s"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    found["TBT s"] = audits["total-blocking-time"]["numericValue"] / 1000
    found["CLS"] = audits["cumulative-layout-shift"]["numericValue"]
    failing = set()
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            score = audits[ref["id"]].get("score")
            if ref["weight"] and score is not None and score < 1:
                failing.add(ref["id"])
    found["failing"] = sorted(failing)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--json", type=Path, help="also write the medians here")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site at {args.site}: run `nox -s docs` first")
    keys = [*CATEGORIES, "KiB", "LCP s", "TBT s", "CLS"]
    print(f"{'page':<22}" + "".join(f"{k[:13]:>14}" for k in keys), flush=True)
    results = {}
    with pdf.serve(args.site, _GzipHandler) as base:
        for page in args.pages:
            runs = [figures(lighthouse(base + page)) for _ in range(args.runs)]
            median = {k: statistics.median(r[k] for r in runs) for k in keys}
            median["failing"] = sorted({a for r in runs for a in r["failing"]})
            results[page] = median
            row = "".join(
                f"{median[k]:>14.0f}"
                if k in CATEGORIES
                else f"{median[k]:>14.{0 if k == 'KiB' else 2}f}"
                for k in keys
            )
            print(f"{page:<22}{row}", flush=True)
            if median["failing"]:
                print(f"{'':<22}failing: {', '.join(median['failing'])}", flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
