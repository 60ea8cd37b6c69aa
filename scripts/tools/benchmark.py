"""What execution costs, and what the cache saves, measured in one run.

    .venv/bin/python -m scripts.tools.benchmark [--tests]

Builds the site (into a scratch folder) five ways and prints the times and ratios: cold
(every program runs: LESSON_FRESH=1), warm (nothing changed: all reused), execution off
(LESSON_EXECUTE=0, the floor), after a prose-only edit, and after editing one snippet.
With --tests it also times `python -m pytest`. Edits are made to the working tree and
always undone.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from scripts.paths import DOCS, ROOT, SNIPPETS
from scripts.tools import engine

PROSE_PAGE = DOCS / "training-script.md"
EDITED_SNIPPET = SNIPPETS / "training-script" / "linreg.py"


def build(site: Path, **env: str) -> tuple[float, str]:
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    started = time.perf_counter()
    proc = subprocess.run(
        engine.argv("build", "--strict", "--site-dir", str(site)),
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return seconds, proc.stdout + proc.stderr


def executed(log: str) -> str:
    match = re.search(r"lesson: (\d+) programs, (\d+) executed", log)
    return f"{match.group(2)} of {match.group(1)} programs executed" if match else "?"


@contextmanager
def edited(path: Path, change):
    original = path.read_text(encoding="utf-8")
    path.write_text(change(original), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def _builds(site: Path) -> list[tuple[str, float, str]]:
    """Time five builds: cold, warm, a prose edit, a snippet edit, execution off.

    One row each: what was built, its seconds, and how many programs ran.
    """
    rows = []
    cold, log = build(site, LESSON_FRESH="1")
    rows.append(("cold build (every program runs)", cold, executed(log)))
    warm, log = build(site)
    rows.append(("warm build (nothing changed)", warm, executed(log)))
    # an edit never seen before, so no cached result fits it
    nonce = time.strftime("%Y%m%dT%H%M%S")
    with edited(
        PROSE_PAGE,
        lambda text: text + f"\nA sentence added by the benchmark ({nonce}).\n",
    ):
        prose, log = build(site)
    rows.append(("after a prose-only edit", prose, executed(log)))
    with edited(
        EDITED_SNIPPET,
        lambda text: text.rstrip("\n") + f"  # edited by the benchmark ({nonce})\n",
    ):
        snippet, log = build(site)
    rows.append(("after editing one snippet", snippet, executed(log)))
    build(site)  # put the cache back in step with the tree
    # Last: mkdocs-jupyter prunes cache entries a build did not use, and this build
    # uses the not-executed notebook, so running it earlier would make the next build
    # cold.
    off, log = build(site, LESSON_EXECUTE="0")
    rows.append(("build with execution off", off, "nothing runs"))
    build(site)
    return rows


def _test_suite() -> tuple[str, float, str]:
    """The time `python -m pytest` takes, and its summary line."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    return "test suite (pytest)", seconds, proc.stdout.strip().splitlines()[-1]


def _report(rows: list[tuple[str, float, str]]) -> None:
    """A table of the rows, then the ratios between the builds that matter."""
    width = max(len(r[0]) for r in rows)
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:7.1f} s  {note}")
    cold, warm, prose, _, off = (seconds for _, seconds, _ in rows[:5])
    print(f"warm / execution off = {warm / off:.2f}  (target <= 1.15)")
    print(f"prose edit / execution off = {prose / off:.2f}")
    print(f"cold / warm = {cold / warm:.1f}")


def main(argv: list[str]) -> int:
    # A parser, so that `--help` (or a typo) explains instead of starting six builds.
    parser = argparse.ArgumentParser(
        prog="python -m scripts.tools.benchmark",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument(
        "--tests", action="store_true", help="also time `python -m pytest`"
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = _builds(Path(tmp) / "site")
        if options.tests:
            rows.append(_test_suite())
    _report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
