"""The MkDocs and ProperDocs adapter: the one file of the machinery that knows MkDocs.

What a page shows does not depend on it: scripts/site/lesson_markdown.py, a Markdown
extension named in mkdocs.yml, marks each page's blocks and puts in its values, and
its `format_python` draws each Python fence, under this engine and under Zensical
alike (ARCHITECTURE.md). This file adds what only a build with hooks does:

- on_startup, on_config: under `mkdocs serve`, changed machinery is reloaded first
  (scripts/site/live.py). Then a fresh build state (state.py), the repository links,
  what a warm rebuild reuses, print-site's anchor rewrite made linear (reuse.py).
- on_files: the exercise notebook page; every program the pages name, run at once,
  several side by side (scripts/run/runner.py, with its cache); a page would
  otherwise run its own when it is converted.
- on_page_markdown: hands the page to the Markdown extension.
- on_page_content / on_post_build: the page stamp and download bar; the downloads, a
  failure no page showed, the report.

Every failure is logged as an error naming the page and line (and the snippet file and
line), once per mistake (`Build.report_once`), so that `mkdocs build --strict` stops
with one message for each thing to fix.
"""

from __future__ import annotations

import os
import posixpath
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.errors import ProgramError, RunError
from scripts.paths import CACHE, ROOT
from scripts.run import cache
from scripts.site import downloads, fences, lesson_markdown, live, render, reuse, state
from scripts.site.downloads import publish_address  # noqa: F401 - tests import it here

log = state.log

NOTEBOOK_PAGE = "exercise-notebook.ipynb"  # generated from the exercise's snippets
GENERATED = CACHE / "generated"
REPORT = CACHE / "build-report.txt"
PDF_NAME = "pytorch-basics.pdf"  # scripts/tools/pdf.py writes it beside the pages


def _links(config: MkDocsConfig) -> None:
    """Repository, edit and Colab links for the repository that builds, or none at all
    (Material hides the first two when repo_url is empty, on_page_content the third)."""
    address = downloads.publish_address(dict(os.environ))
    if address is None and not config.repo_url:
        config.edit_uri = None  # an edit path with no repository before it: a dead link
    if address is not None:
        config.repo_url, config.repo_name, site_url = address
        config.site_url = config.site_url or site_url  # SITE_URL (custom domain) wins
    # The footer links the print page always, and its PDF when this build makes one
    # (`make pdf` and the deploy workflow set LESSON_PDF=1;
    # overrides/partials/copyright).
    if os.environ.get("LESSON_PDF", "") not in ("", "0"):
        config.extra["pdf"] = PDF_NAME


def on_startup(command: str, **kwargs: Any) -> None:
    live.start(command)  # under `mkdocs serve`, each rebuild reloads changed machinery


# Before the plugins': print-site makes its page from repo_url and edit_uri.
@event_priority(100)
def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    module = sys.modules[__name__]
    if live.refresh(module, config):  # `mkdocs serve`, scripts/ changed: new code
        return module.on_config(config, **kwargs)
    state.reset()  # a new build (each rebuild of `mkdocs serve` too)
    _links(config)
    reuse.install()  # reused renders; print-site's anchor rewrite made linear
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and cache.fresh():
        jupyter.config["cache"] = False  # LESSON_FRESH=1: the notebook runs again too
    if jupyter is not None and not cache.executing():
        jupyter.config["execute"] = False
    return config


def _write_exercise_notebook(files: Files, config: MkDocsConfig) -> None:
    """The exercise as a notebook page, generated from its snippets each build."""
    downloads.write_exercise_notebook(GENERATED / NOTEBOOK_PAGE)
    # A plain File rooted in the generated folder (mkdocs-jupyter cannot read
    # "generated").
    site_dir, urls = config.site_dir, config.use_directory_urls
    files.append(File(NOTEBOOK_PAGE, str(GENERATED), site_dir, urls))


# Before mkdocs-jupyter's on_files, so that it renders the generated notebook.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    started = time.perf_counter()
    _write_exercise_notebook(files, config)
    named: set[str] = set()  # every page's programs, run side by side now (faster)
    build = state.current()
    for file in files.documentation_pages():
        if file.src_uri.endswith(".md"):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            build.sources[file.src_uri] = text  # read once: the page reuses it
            named |= lesson_markdown.programs_named(text)
    build.run_missing(named)
    build.seconds = time.perf_counter() - started
    return files


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    # The page that MkDocs converts next: scripts/site/lesson_markdown.py, a Markdown
    # extension, marks its blocks and puts in its values (the same under Zensical).
    state.current().handed = (page.file.src_uri, Path(page.file.abs_src_path))
    return markdown


# Before print-site keeps each page's HTML for the print edition.
@event_priority(50)
def on_page_content(
    html: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    src = page.file.src_uri
    if src == NOTEBOOK_PAGE:  # mkdocs-jupyter copies the notebook beside the page
        # Slimmed here, before the search plugin indexes the page's content.
        download = render.notebook_download_html(NOTEBOOK_PAGE)
        # Its cells are the exercise page's programs: indexing them twice would only
        # make the search index (which every page loads) heavier.
        page.meta["search"] = {"exclude": True}
        return download + render.slim_notebook_page(html)
    used = state.current().page_results.get(src)
    if not used:
        return html
    name = downloads.download_name(src)  # the exercise: its starter, no solution
    here = posixpath.dirname(page.file.dest_uri) or "."
    py, ipynb = (
        posixpath.relpath(f"downloads/{name}.{ext}", here) for ext in ("py", "ipynb")
    )
    colab = downloads.colab_url(config.repo_url or "", f"notebooks/{name}.ipynb")
    stamp = render.stamp_html(used, recorded="lesson-recorded__run" in html)
    return render.downloads_html(py, ipynb, colab) + html + stamp


def on_pre_page(page: Page, config: MkDocsConfig, files: Files, **kwargs: Any) -> Page:
    if page.file.src_uri == NOTEBOOK_PAGE:
        # Generated from snippets/exercise/: no source file to edit, so no edit link.
        page.edit_url = None
    return page


# After print-site has written the print page.
@event_priority(-50)
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    render.tidy_print_page(Path(config.site_dir) / "print" / "index.html")
    try:
        downloads.write_all(Path(config.site_dir) / "downloads")
    except ProgramError as error:
        if not state.current().reported:  # else: the same mistake, already reported
            log.error(f"downloads not written: {error}")
    build = state.current()
    for rel, found in sorted(build.results.items()):
        if fences.failed(rel):  # a failure no page showed: still one message
            why = found if isinstance(found, RunError) else found.problem()
            build.report_once(("failed", rel), f"snippets/{rel} failed:\n{why}")
    results = build.ran()
    ran = [r for r in results if not r.reused]
    report = render.full_report(results, build.claims)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    where = REPORT.relative_to(ROOT).as_posix()
    # One line (tests and scripts/tools/benchmark.py read its numbers). A warm rebuild,
    # as on every save under `make serve`, stops there: the table is in the report file.
    # So does a failing build, whose last lines repeat its problems (each with its
    # context above).
    log.info("lesson: %s", report.split("\n", 1)[0])  # claims: N checked, 0 false
    log.info(
        "lesson: %d programs, %d executed, %d reused from .cache/exec "
        "(%.1f s; every block: %s)",
        len(results),
        len(ran),
        len(results) - len(ran),
        state.current().seconds,
        where,
    )
    problems = state.problems()
    if ran and not problems:
        for line in report.splitlines()[1:]:
            log.info("lesson: %s", line)
    if problems:  # a failing build ends with what stopped it
        log.info("lesson: %d problems, each above with its context:", len(problems))
    for line in problems:
        log.info("lesson:   %s", line)
