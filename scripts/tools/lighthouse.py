"""Lighthouse on every chapter of a built site, served the way GitHub Pages serves it.

    .venv/bin/python -m scripts.tools.lighthouse SITE_DIR [--runs 3] [page/ ...]

The site is served on loopback under a sub-path (/pytorch-basics/, as a project site),
every file gzipped when the browser accepts it (as Pages does). Lighthouse (npm, pinned
in package-lock.json: `npm ci --ignore-scripts`) runs with its mobile defaults,
simulated throttling included, on Debian's Chromium ($CHROME_PATH, else
scripts/tools/browser.py's path), headless, with no network beyond loopback. Each page
is measured --runs times one after another; the line printed for it is the median of
each category (and of total blocking time and LCP), with the DOM size of the run whose
performance was the median. Exits 1 when a page misses the goal: performance >= 0.95,
accessibility and best practices 1.0.

Performance is measured on this machine's CPU: another busy process lowers it. Compare
two versions under the same load; the load average is printed first. Not part of the
build or the tests.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

from scripts.paths import ROOT
from scripts.tools import browser

PREFIX = "/pytorch-basics/"
CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices")
GOAL = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0}


class _Gzipped(http.server.SimpleHTTPRequestHandler):
    """Serves the site's folder at PREFIX, gzipped (level 9, cached in memory) when the
    request accepts gzip; anything outside PREFIX is a 404."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        parsed = urllib.parse.urlsplit(path).path
        if not parsed.startswith(PREFIX):
            return str(self.directory) + "/-outside-the-prefix-"
        return super().translate_path("/" + parsed.removeprefix(PREFIX))

    def send_head(self):
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's slash
            path = path / "index.html"
        if not accepts or not path.is_file():
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 9, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what Pages sends
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path):
    handler = functools.partial(
        type("Handler", (_Gzipped,), {"cache": {}}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"


def chapters(site: Path) -> list[str]:
    """Every page of the site but the print edition (the whole course, for paper)."""
    pages = sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.glob("*/index.html")
        if p.parent.name not in ("print", "search", "assets")
    )
    return [""] + pages


def run_once(url: str, report: Path) -> dict:
    chrome = os.environ.get("CHROME_PATH") or browser.path()
    flags = " ".join(browser.ARGS)
    proc = subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={flags}",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        env=dict(os.environ, CHROME_PATH=chrome),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 or not report.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        **{c: data["categories"][c]["score"] for c in CATEGORIES},
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "dom": audits["dom-size"].get("numericValue"),
        "failed": sorted(
            a["id"]
            for c in ("accessibility", "best-practices")
            for ref in data["categories"][c]["auditRefs"]
            if (a := audits[ref["id"]]).get("score") is not None
            and a["score"] < 1
            and ref.get("weight", 0) > 0
        ),
    }


def measure(base: str, page: str, runs: int, keep: Path) -> dict:
    results = [
        run_once(base + page, keep / f"{page.strip('/') or 'home'}-{i}.json")
        for i in range(runs)
    ]
    median = {
        k: statistics.median(r[k] for r in results) for k in (*CATEGORIES, "tbt", "lcp")
    }
    by_perf = sorted(results, key=lambda r: r["performance"])
    median["dom"] = by_perf[len(by_perf) // 2]["dom"]
    median["failed"] = sorted({a for r in results for a in r["failed"]})
    median["runs"] = [r["performance"] for r in results]
    return median


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.tools.lighthouse",
        description="Lighthouse mobile scores of every chapter, median of --runs.",
    )
    parser.add_argument("site", type=Path, help="a built site, e.g. site/")
    parser.add_argument(
        "pages", nargs="*", help="pages by path, e.g. loop/ (default: all)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder for the JSON reports")
    options = parser.parse_args(argv)
    if not CLI.exists():
        raise SystemExit(f"no {CLI.relative_to(ROOT)}: run `npm ci --ignore-scripts`")
    if shutil.which("node") is None:
        raise SystemExit("lighthouse needs node on the PATH")
    pages = options.pages or chapters(options.site)
    keep = options.keep or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    keep.mkdir(parents=True, exist_ok=True)
    print(
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"{options.runs} runs per page; reports in {keep}"
    )
    print(f"{'page':<20} perf  a11y  best   TBT ms  LCP ms   DOM  perf runs")
    server, base = serve(options.site)
    missed = []
    try:
        for page in pages:
            m = measure(base, page, options.runs, keep)
            print(
                f"{page or '/':<20} {m['performance']:.2f}  {m['accessibility']:.2f}  "
                f"{m['best-practices']:.2f}  {m['tbt']:7.0f} {m['lcp']:7.0f} "
                f"{m['dom'] or 0:5.0f}  {' '.join(f'{p:.2f}' for p in m['runs'])}"
                + (f"  failing: {', '.join(m['failed'])}" if m["failed"] else ""),
                flush=True,
            )
            if any(m[c] < GOAL[c] for c in CATEGORIES):
                missed.append(page or "/")
    finally:
        server.shutdown()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if missed:
        print(f"below the goal: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
