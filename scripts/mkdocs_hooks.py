"""The MkDocs glue, and the only MkDocs-specific file of the machinery.

- on_files: find every executed block in the docs, run each reader program once, in a
  fresh interpreter, several side by side (scripts/runner.py, with its cache).
- on_page_markdown: tell each block which page line and which snippet it comes from, and
  insert measured values into the prose (scripts/measured.py).
- markdown-exec's Python formatter is replaced by `format_python`, which shows the
  snippet's source and the output its run printed. Hidden build-helper blocks
  (html="on", no source shown) still go to markdown-exec's own in-process runner.
- on_page_content: stamp each page with the torch version and device behind its outputs.

Every failure is logged as an error naming the page and line (and the snippet file and
line, through the traceback), so that `mkdocs build --strict` stops.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import sys
import time
import traceback
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import posixpath  # noqa: E402

import markdown_exec  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from scripts import cache, downloads, measured, recordings, render  # noqa: E402
from scripts import annotations, predict  # noqa: E402
from scripts.programs import ProgramError, scan_page, split_target  # noqa: E402
from scripts.runner import Result, RunError, run_all  # noqa: E402
from scripts.programs import Program, SNIPPETS  # noqa: E402

log = logging.getLogger("mkdocs.plugins.lesson")


class _Build:
    def __init__(self) -> None:
        self.results: dict[str, Result | RunError] = {}
        self.page_results: dict[str, list[Result]] = {}
        self.seconds = 0.0
        self.current_page = "a page"
        self.broken_pages: set[str] = set()
        self.tab_sets = 0  # content-tab sets drawn on the current page (their ids)


STATE = _Build()


NOTEBOOK_PAGE = "exercise-notebook.ipynb"  # generated from the exercise's snippets each build
GENERATED = _ROOT / ".cache" / "generated"
REPORT = _ROOT / ".cache" / "build-report.txt"
PDF_NAME = "pytorch-basics.pdf"  # scripts/pdf.py writes it beside the site's pages


def publish_address(env) -> tuple[str, str, str] | None:
    """(repo_url, repo_name, site_url) of the GitHub repository the build runs for, or None.

    GitHub Actions sets GITHUB_REPOSITORY ("owner/name") and GITHUB_REPOSITORY_OWNER, so a
    fork's deploy workflow publishes links to the fork without editing a file. Pages serves
    a repository at https://<owner, lowercase>.github.io/<name>/ (<owner>.github.io at /).
    """
    owner, _, name = env.get("GITHUB_REPOSITORY", "").strip().partition("/")
    owner = env.get("GITHUB_REPOSITORY_OWNER", "").strip() or owner
    if not owner or not name:
        return None
    host = f"{owner.lower()}.github.io"
    site_url = f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"
    return f"https://github.com/{owner}/{name}", name, site_url


@event_priority(100)  # before the plugins': print-site makes its page from repo_url and edit_uri
def on_config(config, **kwargs):
    global STATE
    STATE = _Build()
    recordings.reset()  # recordings/ is read again each build (`mkdocs serve` too)
    # Without a repository (a local build) there is no repository, edit or Colab link at all:
    # Material hides the first two when repo_url is empty, on_page_content the third.
    address = publish_address(os.environ)
    if address is None and not config.repo_url:
        config.edit_uri = None  # an edit path with no repository before it would be a dead link
    if address is not None:
        config.repo_url, config.repo_name, site_url = address
        config.site_url = config.site_url or site_url  # SITE_URL (a custom domain, `make serve`) wins
    # The footer links the print page always, and its PDF when this build will have one
    # (`make pdf` and the deploy workflow set LESSON_PDF=1; docs/overrides/partials/copyright.html).
    if os.environ.get("LESSON_PDF", "") not in ("", "0"):
        config.extra["pdf"] = PDF_NAME
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and cache.fresh():
        jupyter.config["cache"] = False  # LESSON_FRESH=1: the notebook runs again too
    if jupyter is not None and not cache.executing():
        jupyter.config["execute"] = False
    current = markdown_exec.formatters["python"]
    original = getattr(current, "original", current)  # `mkdocs serve` reloads this module
    format_python.original = original
    markdown_exec.formatters["python"] = format_python
    markdown_exec.formatters["py"] = format_python
    return config


@event_priority(100)  # before mkdocs-jupyter's on_files, so that it renders the generated notebook
def on_files(files, config, **kwargs):
    started = time.perf_counter()
    GENERATED.mkdir(parents=True, exist_ok=True)
    notebook = GENERATED / NOTEBOOK_PAGE
    try:
        text = downloads.notebook_text(downloads.exercise_notebook())
    except ProgramError as error:
        log.error(f"exercise notebook not generated: {error}")
        text = downloads.notebook_text(downloads.v4.new_notebook())
    if not notebook.exists() or notebook.read_text(encoding="utf-8") != text:
        notebook.write_text(text, encoding="utf-8")  # unchanged bytes keep mkdocs-jupyter's cache valid
    # A plain File rooted in the generated folder (mkdocs-jupyter cannot read "generated" Files).
    files.append(File(NOTEBOOK_PAGE, str(GENERATED), config.site_dir, config.use_directory_urls))
    programs: dict[str, Program] = {}
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        try:
            scan = scan_page(file.src_uri, text)
        except ProgramError:
            continue  # on_page_markdown reports it, with the page
        for block in scan.blocks:
            if block.program is not None:
                programs[block.program.rel] = block.program
        for rel in measured.files_named(text):
            if (SNIPPETS / rel).is_file():
                programs[rel] = Program(SNIPPETS / rel)
    STATE.results = run_all(sorted(programs.values(), key=lambda p: p.rel))
    STATE.seconds = time.perf_counter() - started
    return files


def _values_of(rel: str) -> dict:
    result = _result(Program(SNIPPETS / rel)) if (SNIPPETS / rel).is_file() else None
    if not isinstance(result, Result):
        raise measured.MeasuredError(f"snippets/{rel} did not run (is the path right?)")
    # Besides the program's own variables: the torch version and device that ran it.
    return {**result.values, "__torch__": result.data["torch"], "__device__": result.data["device"]}


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = page.file.src_uri
    STATE.current_page = f"docs/{src}"
    STATE.tab_sets = 0
    # Scan the text MkDocs hands us (front matter removed), then shift line numbers so that
    # messages point at lines of the file on disk.
    raw = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    offset = raw[: max(raw.find(markdown), 0)].count("\n")
    try:
        scan = scan_page(src, markdown)
    except ProgramError as error:
        log.error(f"docs/{src}: {error}")
        STATE.broken_pages.add(STATE.current_page)  # its blocks are not annotated: say it once
        return markdown
    lines = markdown.split("\n")
    used = []
    for block in scan.blocks:
        index = block.line - 1
        block.line += offset
        options = f' origin="{block.origin}"'
        if block.program is not None:
            options += f' snippet="{block.program.rel}:{block.section}"'
            result = _result(block.program)
            if isinstance(result, Result) and result not in used:
                used.append(result)
        lines[index] = lines[index].rstrip() + options
    STATE.page_results[src] = used
    markdown = "\n".join(lines)
    if not cache.executing():
        return measured.PLACEHOLDER.sub("…", markdown)
    try:
        markdown = measured.substitute(
            markdown, f"docs/{src}", _values_of, first_line=offset + 1,
            varies=lambda rel: (SNIPPETS / rel).is_file() and Program(SNIPPETS / rel).measures_time,
            recorded_of=recordings.recorded_values,
        )
    except measured.MeasuredError as error:
        log.error(str(error))
    return markdown


def _result(program: Program) -> Result | RunError:
    """This build's result for a program (run now if the page changed since on_files)."""
    if program.rel not in STATE.results:
        STATE.results.update(run_all([program]))
    return STATE.results[program.rel]


@event_priority(50)  # before print-site keeps each page's HTML for the print edition
def on_page_content(html, page, config, files, **kwargs):
    src = page.file.src_uri
    if src == NOTEBOOK_PAGE:  # mkdocs-jupyter copies the notebook beside the page (include_source)
        # Slimmed here, before the search plugin indexes the page's content.
        return render.notebook_download_html(NOTEBOOK_PAGE) + render.slim_notebook_page(html)
    used = STATE.page_results.get(src)
    if used:
        name = downloads.chapter_name(src)
        here = posixpath.dirname(page.file.dest_uri)
        link = lambda target: posixpath.relpath(target, here or ".")  # noqa: E731
        colab = downloads.colab_url(config.repo_url or "", f"notebooks/{name}.ipynb")
        html = render.downloads_html(link(f"downloads/{name}.py"), link(f"downloads/{name}.ipynb"), colab) + html
        html += render.stamp_html(used)
    return html


def on_pre_page(page, config, files, **kwargs):
    if page.file.src_uri == NOTEBOOK_PAGE:
        page.edit_url = None  # generated: there is no source file to edit, the snippets are
    return page


def _tidy_print_page(site_dir: str) -> None:
    """Valid HTML for the print edition (print-site writes it in its on_post_build, before this):
    its sections carry a made-up `heading-number` attribute, and the body ends in a <style>
    of heading numbers that we switch off (enumerate_headings: false). The download bars go."""
    path = Path(site_dir) / "print" / "index.html"
    if not path.is_file():
        return
    html = path.read_text(encoding="utf-8")
    tidy = re.sub(r' heading-number="[^"]*"', "", html)
    # Each chapter's "Run this chapter yourself" bar: for the web pages, not paper (and
    # fifteen landmarks of one name on one page)
    tidy = re.sub(r'<nav class="lesson-downloads".*?</nav>', "", tidy, flags=re.S)
    tidy = re.sub(r'(<div id="print-site-page".*</div>)<style>[^<]*</style>', r"\1", tidy, count=1, flags=re.S)
    if tidy != html:
        path.write_text(tidy, encoding="utf-8")


@event_priority(-50)  # after print-site has written the print page
def on_post_build(config, **kwargs):
    _tidy_print_page(config.site_dir)
    try:
        downloads.write_all(Path(config.site_dir) / "downloads")
    except ProgramError as error:
        log.error(f"downloads not written: {error}")
    results = [r for r in STATE.results.values() if isinstance(r, Result)]
    ran = [r for r in results if not r.reused]
    report = render.build_report(results)
    report += "\n".join(recordings.report_lines([r.program.rel for r in results])) + "\n"
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    where = REPORT.relative_to(_ROOT).as_posix()
    # One line (tests and scripts/benchmark.py read its numbers). A warm rebuild, as on every
    # save under `make serve`, stops there: the per-block table is in the report file.
    log.info(
        "lesson: %d programs, %d executed, %d reused from .cache/exec (%.1f s; every block: %s)",
        len(results), len(ran), len(results) - len(ran), STATE.seconds, where,
    )
    if not ran:
        return
    for line in report.splitlines():
        log.info("lesson: %s", line)


def _run_helper(code: str, **kwargs) -> str:
    """Run a hidden build-helper block in this process; what it prints is the HTML to insert.

    Cached (scripts/cache.py, helper_key), so that a warm build draws nothing again and
    does not even import torch or matplotlib.
    """
    key = cache.helper_key(code)
    stored = cache.load(key)
    if stored is not None:
        return stored["html"]
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, kwargs.get("title", "<helper>"), "exec"), {"__name__": "__lesson_helper__"})
    except Exception:  # noqa: BLE001 - reported with the page and line, and the build stops
        raise markdown_exec.ExecutionError(traceback.format_exc()) from None
    cache.store(key, {"html": buffer.getvalue()})
    return buffer.getvalue()


def format_python(code, md, **options):
    """markdown-exec formatter for ```python exec="on"``` fences."""
    extra = options.get("extra", {})
    origin = extra.pop("origin", STATE.current_page)
    target = extra.pop("snippet", None)
    if target is None and STATE.current_page in STATE.broken_pages:
        return Markup(f"<pre>{escape(code)}</pre>")  # the page's error was logged already
    if target is None:
        if options.get("html") and not options.get("source"):
            if not cache.executing():
                return Markup("")  # figures are drawn from runs: none happened
            extra["title"] = origin  # markdown-exec names the block by its title when it fails
            return markdown_exec.base_format(language="python", run=_run_helper, code=code, md=md, **options)
        log.error(
            f"{origin}: a Python block a reader sees must include its program from snippets/ "
            '(--8<-- "chapter/file.py" on the line after the fence)'
        )
        return Markup(f"<pre>{escape(code)}</pre>")
    rel, section = split_target(target)
    result = _result(Program(SNIPPETS / rel))
    if not isinstance(result, Result):
        log.error(f"{origin}: snippets/{rel} could not run:\n{result}")
        return Markup(f"<pre>{escape(str(result))}</pre>")
    problem = result.problem()
    if problem:
        log.error(f"{origin}: snippets/{rel} failed:\n{problem}")
    program = result.program
    extra.setdefault("title", render.title(program, section))
    output = render.output_html(result, section)
    found = recordings.match(rel)
    if result.executed and recordings.wants_tabs(result.program, section, result.data, found):
        STATE.tab_sets += 1  # the build's output beside a GPU's, as content tabs
        output = render.recorded_tabs(result, section, found, f"r{STATE.tab_sets}")
    if extra.get("predict"):  # predict-first: the output waits for the reader's guess
        try:
            output = predict.wrap(output, extra.pop("predict"), result, section, origin)
        except predict.PredictError as error:
            log.error(f"{origin}: {error}")
    output = annotations.notes_html(result.bindings(section), program.section(section).first_line) + output
    options.update(html=True, source=options.get("source") or "above", result="")
    body = markdown_exec.base_format(language="python", run=lambda *a, **k: output, code=code, md=md, **options)
    raises = result.error(section)
    attrs = f'data-snippet="{escape(rel)}" data-section="{escape(section)}" data-origin="{escape(origin)}"'
    if raises:
        attrs += f' data-raises="{escape(raises["type"])}"'
    return Markup(f'<div class="lesson-run" {attrs}>') + body + Markup("</div>")


format_python.original = markdown_exec.formatters["python"]
