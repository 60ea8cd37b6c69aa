"""What execution costs, and what the cache saves, measured in one run.

    .venv/bin/python -m scripts.tools.benchmark [--tests]
    .venv/bin/python -m scripts.tools.benchmark --ratio [--rounds N]

Builds the site (into a scratch folder) five ways and prints the times and ratios: cold
(every program runs: LESSON_FRESH=1), warm (nothing changed: all reused), execution off
(LESSON_EXECUTE=0, the floor), after a prose-only edit, and after editing one snippet;
then warm against the plain build. With --tests it also times `python -m pytest`. Edits
are made to the working tree and always undone.

The plain build is the same pages with the lesson taken out: mkdocs.yml without the
hooks, markdown-exec and the lesson's Markdown extension (its Python fences are then
ordinary highlighted code, its `{{ }}` plain text), search, mkdocs-jupyter and
print-site kept. A warm rebuild should cost at most WARM_TARGET times that. `--ratio`
times only those two, in turn (warm, plain, warm, ...), and prints each one's min and
median and the median of the pairwise ratios: on a shared machine the pairs see the
same load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

from scripts.paths import DOCS, ROOT, SNIPPETS
from scripts.tools import engine

PROSE_PAGE = DOCS / "training-script.md"
EDITED_SNIPPET = SNIPPETS / "training-script" / "linreg.py"
CONFIG = ROOT / "mkdocs.yml"
WARM_TARGET = 1.5  # a warm rebuild / the plain build of the same pages (issue 22)
# What the plain build takes out of mkdocs.yml: the lesson's machinery.
LESSON_PLUGINS = {"markdown-exec"}
LESSON_EXTENSIONS = {"scripts.site.lesson_markdown"}


class _Tagged(yaml.SafeLoader):
    """Reads mkdocs.yml's tags (!ENV, !!python/name) as plain markers."""


_TAG = "<yaml tag "
_Tagged.add_multi_constructor("", lambda loader, tag, node: f"{_TAG}{tag}>")


def _name(entry: object) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def plain_config(folder: Path) -> Path:
    """mkdocs.yml without the lesson: written into folder, inheriting the rest."""
    config = yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_Tagged)
    plugins = []
    for entry in config["plugins"]:
        if _name(entry) in LESSON_PLUGINS:
            continue
        if _name(entry) == "mkdocs-jupyter":
            # its own cache: mkdocs-jupyter prunes entries a build did not use
            options = dict(entry["mkdocs-jupyter"], cache_dir=str(folder / "jupyter"))
            entry = {"mkdocs-jupyter": options}
        plugins.append(entry)
    extensions = []
    for entry in config["markdown_extensions"]:
        if _name(entry) in LESSON_EXTENSIONS:
            continue
        if _name(entry) == "pymdownx.superfences":
            entry = "pymdownx.superfences"  # no custom fences: plain highlighted code
        extensions.append(entry)
    plain = {
        "INHERIT": str(CONFIG),
        "docs_dir": str(ROOT / config["docs_dir"]),
        "theme": {"custom_dir": str(ROOT / config["theme"]["custom_dir"])},
        "strict": False,  # {{ }} and the generated notebook page are missing
        "hooks": [],
        "watch": [],
        "plugins": plugins,
        "markdown_extensions": extensions,
    }
    text = json.dumps(plain, indent=1)  # JSON is YAML; no tag may be left in it
    if _TAG in text:
        raise SystemExit(f"the plain config still holds a tag:\n{text}")
    path = folder / "plain.yml"
    path.write_text(text, encoding="utf-8")
    return path


def build(site: Path, config: Path | None = None, **env: str) -> tuple[float, str]:
    """One build into site: mkdocs.yml strict, or another config (the plain build)."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    argv = engine.argv("build", "--site-dir", str(site))
    if config is None:
        argv.append("--strict")
    else:
        argv[argv.index("mkdocs.yml")] = str(config)
    started = time.perf_counter()
    proc = subprocess.run(
        argv,
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
    warm, _ = build(site)
    plain, _ = build(site.with_name("plain"), plain_config(site.parent))
    rows.append(("warm build, again", warm, "beside the plain build"))
    rows.append(("plain build (no hooks, markdown-exec, lesson)", plain, "no lesson"))
    return rows


def _ratio_rounds(folder: Path, rounds: int) -> None:
    """Warm and plain builds in turn; each one's times and the pairwise ratio."""
    site, plain_site, config = folder / "site", folder / "plain", plain_config(folder)
    build(site)  # warm-up: the cache and the OS's file cache in step
    build(plain_site, config)
    warm, plain = [], []
    for _ in range(rounds):
        warm.append(build(site)[0])
        plain.append(build(plain_site, config)[0])
    ratios = [w / p for w, p in zip(warm, plain, strict=True)]
    for name, times in (("warm build", warm), ("plain build", plain)):
        print(
            f"{name:<12} min {min(times):6.2f} s  median "
            f"{statistics.median(times):6.2f} s  ({rounds} runs)"
        )
    print(
        f"warm / plain = {statistics.median(ratios):.2f} "
        f"(pairs: {min(ratios):.2f}-{max(ratios):.2f}; target <= {WARM_TARGET})"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


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
    cold, warm, prose, _, off, again, plain = (seconds for _, seconds, _ in rows[:7])
    print(f"warm / plain = {again / plain:.2f}  (target <= {WARM_TARGET})")
    print(f"warm / execution off = {warm / off:.2f}")
    print(f"prose edit / execution off = {prose / off:.2f}")
    print(f"cold / warm = {cold / warm:.1f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(argv: list[str]) -> int:
    # A parser, so that `--help` (or a typo) explains instead of starting six builds.
    parser = argparse.ArgumentParser(
        prog="python -m scripts.tools.benchmark",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument(
        "--tests", action="store_true", help="also time `python -m pytest`"
    )
    parser.add_argument(
        "--ratio",
        action="store_true",
        help="only a warm rebuild against the plain build, in turn (a minute or two)",
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="pairs of builds for --ratio (5)"
    )
    options = parser.parse_args(argv)
    if options.ratio:
        with tempfile.TemporaryDirectory() as tmp:
            _ratio_rounds(Path(tmp), options.rounds)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        rows = _builds(Path(tmp) / "site")
        if options.tests:
            rows.append(_test_suite())
    _report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
