"""Outlive the engine: Zensical builds the same chapters from the same sources.

Zensical (by Material's authors, beta) reads mkdocs.yml and runs the lesson's Markdown
extension and Python fence formatter (scripts/site/lesson_markdown.py), but no hooks.
`make zensical` runs every program first (scripts/site/prebuild.py), then builds
site-zensical/. Here, in a scratch copy that starts with this run's execution cache:
every chapter shows the same blocks (code, output, error, shape notes, page line) and
the same measured values as the main build. What Zensical cannot host yet (the
notebook page, the print edition, the downloads, the report) is in ARCHITECTURE.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUILT_FROM, SOURCE_DATE_EPOCH, once_per_run, scratch_project
from tests.site import html_pages, page_soup, shown_blocks


def _run(copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "LESSON_FRESH": "0",
        "PYTHONPATH": str(copy),  # the copy's machinery, not the checkout's
    }
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def zensical(site, tmp_path_factory, testrun_uid) -> dict:
    return once_per_run("zensical", testrun_uid, lambda: _zensical(tmp_path_factory))


def _zensical(tmp_path_factory) -> dict:
    copy = scratch_project(
        tmp_path_factory.mktemp("zensical"), (*BUILT_FROM, "recordings", "zensical.yml")
    )
    prebuild = _run(copy, "scripts.site.prebuild")
    assert prebuild.returncode == 0, prebuild.stdout
    proc = _run(copy, "zensical", "build", "--config-file", "zensical.yml")
    return {"site": copy / "site-zensical", "log": prebuild.stdout + proc.stdout}


@pytest.mark.long  # the first to ask for the Zensical build
def test_zensical_builds_every_chapter(zensical):
    log = zensical["log"]
    assert "Build finished" in log, log[-3000:]
    # No block failed and no value or claim went wrong (Zensical does not stop).
    assert "ERROR" not in log and "Traceback" not in log, log[-3000:]


def test_every_block_is_the_same_as_the_main_builds(site, zensical):
    main = shown_blocks(site)
    other = shown_blocks(zensical["site"])
    assert len(main) > 100
    pages = sorted({b.page for b in main})
    for page in pages:
        mine = [b for b in main if b.page == page]
        theirs = [b for b in other if b.page == page]
        assert theirs == mine, page


def test_every_measured_value_is_the_same(site, zensical):
    compared = 0
    for page in html_pages(site):
        rel = page.relative_to(site)
        main = [s.get_text() for s in page_soup(page).select("span.measured")]
        if not main or rel.as_posix().startswith("print/"):
            continue
        other_page = zensical["site"] / rel
        assert other_page.is_file(), rel
        other = [s.get_text() for s in page_soup(other_page).select("span.measured")]
        assert other == main, rel
        compared += len(main)
    assert compared > 50
