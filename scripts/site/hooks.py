"""The MkDocs glue: the only file of the machinery that knows MkDocs.

- on_startup, on_config: under `mkdocs serve`, changed machinery is reloaded first
  (scripts/site/live.py). Then a fresh build state (scripts/site/state.py), the
  repository links, our formatter for markdown-exec's Python fences.
- on_files: find every included program and run each once, in a fresh interpreter,
  several side by side (scripts/run/runner.py, with its cache).
- on_page_markdown: report includes that cannot resolve (one error each, the line taken
  out so that pymdownx.snippets does not crash), tell each block which page line and
  snippet it comes from, and insert measured values (scripts/site/measured.py).
- format_python: the block's source and the output its run printed. Hidden build-helper
  blocks (html="on", no source shown) run in this process (figures, cached).
- on_page_content / on_post_build: the page stamp and download bar; the report.

Every failure is logged as an error naming the page and line (and the snippet file and
line), once per mistake (`_report_once`), so that `mkdocs build --strict` stops with one
message for each thing to fix.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import markdown_exec
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.errors import MeasuredError, PredictError, ProgramError, RunError
from scripts.paths import CACHE, ROOT, SNIPPETS
from scripts.run import cache, recordings
from scripts.run.inprocess import run_code
from scripts.run.programs import Program, bad_includes, scan_page, split_target
from scripts.run.result import Result
from scripts.site import (
    annotations,
    claims,
    downloads,
    live,
    measured,
    predict,
    render,
    state,
)

log = logging.getLogger("mkdocs.plugins.lesson")

NOTEBOOK_PAGE = "exercise-notebook.ipynb"  # generated from the exercise's snippets
GENERATED = CACHE / "generated"
REPORT = CACHE / "build-report.txt"
PDF_NAME = "pytorch-basics.pdf"  # scripts/tools/pdf.py writes it beside the pages


def publish_address(env: dict[str, str]) -> tuple[str, str, str] | None:
    """(repo_url, repo_name, site_url) of the GitHub repository the build runs for.

    GitHub Actions sets GITHUB_REPOSITORY ("owner/name") and GITHUB_REPOSITORY_OWNER, so
    a fork's deploy workflow publishes links to the fork without editing a file. Pages
    serves a repository at https://<owner, lowercase>.github.io/<name>/
    (<owner>.github.io at /). None outside GitHub.
    """
    owner, _, name = env.get("GITHUB_REPOSITORY", "").strip().partition("/")
    owner = env.get("GITHUB_REPOSITORY_OWNER", "").strip() or owner
    if not owner or not name:
        return None
    host = f"{owner.lower()}.github.io"
    site_url = f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"
    return f"https://github.com/{owner}/{name}", name, site_url


def _links(config: MkDocsConfig) -> None:
    """Repository, edit and Colab links for the repository that builds, or none at all
    (Material hides the first two when repo_url is empty, on_page_content the third)."""
    address = publish_address(dict(os.environ))
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
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and cache.fresh():
        jupyter.config["cache"] = False  # LESSON_FRESH=1: the notebook runs again too
    if jupyter is not None and not cache.executing():
        jupyter.config["execute"] = False
    markdown_exec.formatters["python"] = format_python
    markdown_exec.formatters["py"] = format_python
    return config


def _write_exercise_notebook(files: Files, config: MkDocsConfig) -> None:
    """The exercise as a notebook page, generated from its snippets each build."""
    GENERATED.mkdir(parents=True, exist_ok=True)
    notebook = GENERATED / NOTEBOOK_PAGE
    try:
        text = downloads.notebook_text(downloads.exercise_notebook())
    except ProgramError as error:  # a page's include: on_page_markdown reports it
        log.debug(f"exercise notebook not generated: {error}")
        text = downloads.notebook_text(downloads.v4.new_notebook())
    # same bytes: mkdocs-jupyter's cache holds
    if not notebook.exists() or notebook.read_text(encoding="utf-8") != text:
        notebook.write_text(text, encoding="utf-8")
    # A plain File rooted in the generated folder (mkdocs-jupyter cannot read
    # "generated").
    site_dir, urls = config.site_dir, config.use_directory_urls
    files.append(File(NOTEBOOK_PAGE, str(GENERATED), site_dir, urls))


def _programs_of(text: str, page: str) -> dict[str, Program]:
    """The programs a page includes or quotes values from."""
    try:
        scan = scan_page(page, text)
    except ProgramError:
        return {}  # on_page_markdown reports it, with the page
    found = {b.program.rel: b.program for b in scan.blocks if b.program is not None}
    for rel in measured.files_named(text):
        if (SNIPPETS / rel).is_file():
            found[rel] = Program(SNIPPETS / rel)
    return found


# Before mkdocs-jupyter's on_files, so that it renders the generated notebook.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    started = time.perf_counter()
    _write_exercise_notebook(files, config)
    programs: dict[str, Program] = {}
    for file in files.documentation_pages():
        if file.src_uri.endswith(".md"):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            programs.update(_programs_of(text, file.src_uri))
    build = state.current()
    build.run(list(programs.values()))
    build.seconds = time.perf_counter() - started
    return files


def _values_of(rel: str) -> dict | None:
    """A program's values for {{ }}, with the torch version and device that ran it.

    None when the program failed: that failure is reported once, at the block whose
    section raised (format_python), not again at every value it could not leave."""
    if not (SNIPPETS / rel).is_file():
        raise MeasuredError(f"snippets/{rel} does not exist (is the path right?)")
    result = state.current().outcome(rel)
    if not isinstance(result, Result) or result.problem():
        return None
    run = result.run
    return {**run.values, "__torch__": run.torch, "__device__": run.device}


def _varies(rel: str) -> bool:
    return (SNIPPETS / rel).is_file() and Program(SNIPPETS / rel).measures_time


def _mark_blocks(markdown: str, src: str, offset: int) -> str:
    """Add origin= and snippet= to each executed fence; remember the page's results."""
    build = state.current()
    scan = scan_page(src, markdown)
    lines = markdown.split("\n")
    used: list[Result] = []
    for block in scan.blocks:
        index = block.line - 1
        block.line += offset
        options = f' origin="{block.origin}"'
        if block.program is not None:
            options += f' snippet="{block.program.rel}:{block.section}"'
            result = build.outcome(block.program.rel)
            if isinstance(result, Result) and result not in used:
                used.append(result)
        lines[index] = lines[index].rstrip() + options
    build.page_results[src] = used
    return "\n".join(lines)


def _report_once(key: Any, message: str) -> None:
    """Log one error per mistake, however many blocks, pages or values show it."""
    build = state.current()
    if key not in build.reported:
        build.reported.add(key)
        log.error(message)


def _drop_bad_includes(markdown: str, src: str, offset: int) -> str:
    """Report each include pymdownx.snippets cannot resolve (a missing file or section)
    with the page line, and take the line out, so that the extension does not crash
    the build with its own traceback: it ends like every other error."""
    lines = markdown.split("\n")
    for bad in bad_includes(src, markdown):
        line = bad.line + offset
        message = bad.message.replace(f"docs/{src}:{bad.line}:", f"docs/{src}:{line}:")
        _report_once(bad.key, message)
        lines[bad.line - 1] = "# (not included: see the error above)"
        state.current().broken_pages.add(f"docs/{src}")
    return "\n".join(lines)


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    build, src = state.current(), page.file.src_uri
    build.current_page, build.tab_sets = f"docs/{src}", 0
    # Scan the text MkDocs hands us (front matter removed), then shift line numbers so
    # that messages point at lines of the file on disk.
    raw = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    offset = raw[: max(raw.find(markdown), 0)].count("\n")
    markdown = _drop_bad_includes(markdown, src, offset)
    if build.current_page in build.broken_pages:
        return measured.blank(markdown)
    try:
        markdown = _mark_blocks(markdown, src, offset)
    except ProgramError as error:
        log.error(f"docs/{src}: {error}")
        build.broken_pages.add(build.current_page)  # its blocks are not annotated
        return markdown
    if not cache.executing():
        return measured.blank(markdown)
    try:
        return measured.substitute(
            markdown,
            f"docs/{src}",
            _values_of,
            first_line=offset + 1,
            varies=_varies,
            recorded_of=recordings.recorded_values,
            judged=build.claims,
        )
    except measured.MeasuredErrors as errors:
        for message in errors.messages:
            log.error(message)
        return measured.blank(markdown)
    except MeasuredError as error:
        log.error(str(error))
        return measured.blank(markdown)


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
    name = downloads.chapter_name(src)
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


def _report() -> tuple[str, list[Result], list[Result]]:
    results = state.current().ran()
    judged = claims.report_lines(state.current().claims)
    report = judged[0] + "\n" + render.build_report(results)
    lines = recordings.report_lines([r.program.rel for r in results]) + judged[1:]
    return (
        report + "\n".join(lines) + "\n",
        results,
        [r for r in results if not r.reused],
    )


# After print-site has written the print page.
@event_priority(-50)
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    render.tidy_print_page(Path(config.site_dir) / "print" / "index.html")
    try:
        downloads.write_all(Path(config.site_dir) / "downloads")
    except ProgramError as error:
        if not state.current().reported:  # else: the same mistake, already reported
            log.error(f"downloads not written: {error}")
    for rel, found in sorted(state.current().results.items()):
        if _failed(rel):  # a failure whose block no page showed: still one message
            why = found if isinstance(found, RunError) else found.problem()
            _report_once(("failed", rel), f"snippets/{rel} failed:\n{why}")
    report, results, ran = _report()
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    where = REPORT.relative_to(ROOT).as_posix()
    # One line (tests and scripts/tools/benchmark.py read its numbers). A warm rebuild,
    # as on every save under `make serve`, stops there: the table is in the report file.
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
    if ran:
        for line in report.splitlines()[1:]:
            log.info("lesson: %s", line)


def _run_helper(code: str, **kwargs: Any) -> str:
    """Run a hidden build-helper block in this process; what it prints is the HTML.

    The block finds `run` defined: `run("chapter/file.py")` is this build's run of that
    program (a Result), which the figure draws. Cached (scripts/run/cache.py,
    helper_key), so that a warm build draws nothing again and does not even import
    torch or matplotlib.
    """
    key = cache.helper_key(code)
    stored = cache.load(key)
    if stored is not None:
        return stored["html"]
    title = kwargs.get("title", "<helper>")
    try:
        given = {"run": state.current().result}
        _, html = run_code(code, title, name="__lesson_helper__", given=given)
    except Exception:  # noqa: BLE001 - reported with the page and line; the build stops
        raise markdown_exec.ExecutionError(traceback.format_exc()) from None
    cache.store(key, {"html": html})
    return html


_SNIPPET_NAME = re.compile(r"[\w.-]+/[\w./-]+\.py")


def _failed(rel: str) -> bool:
    """Did this build's run of snippets/<rel> fail (its error is logged elsewhere)?"""
    found = state.current().results.get(rel)
    return isinstance(found, RunError) or (
        isinstance(found, Result) and found.problem() is not None
    )


def _blamed_section(result: Result) -> str:
    """The section whose block reports a failed run: the one that raised, else the
    last one that ran (a `# raises:` that nothing raised)."""
    sections = result.run.sections
    raised = next((s for s in sections if s.error), None)
    return (raised or sections[-1]).name if sections else ""


def _failure(result: Result, problem: str) -> str:
    """One line naming the snippet's own file and line, then the traceback."""
    raised = next((s.error for s in result.run.sections if s.error), None)
    display = result.program.display
    if raised is None:
        return problem
    lines = re.findall(rf'File "{re.escape(display)}", line (\d+)', raised.traceback)
    where = f"{display}:{lines[-1]}" if lines else display
    announced = result.program.raises
    why = (
        f"the file announces {announced}"
        if announced
        else f"add '# raises: {raised.type}' at the top of the file if it is on purpose"
    )
    message = raised.message.splitlines()[-1] if raised.message else raised.type
    return f"{where}: {message} ({why})\n{raised.traceback}"


def _helper_block(code: str, md: Any, origin: str, options: dict) -> Markup:
    """A block with no snippet: a hidden helper (a figure), or a mistake."""
    if options.get("html") and not options.get("source"):
        if not cache.executing():
            return Markup("")  # figures are drawn from runs: none happened
        failed = [rel for rel in _SNIPPET_NAME.findall(code) if _failed(rel)]
        if failed:  # its error is reported at its block: the figure adds none
            return Markup(f"<p>(not drawn: snippets/{escape(failed[0])} failed)</p>")
        options["extra"]["title"] = origin  # markdown-exec names a failing block by it
        return markdown_exec.base_format(
            language="python", run=_run_helper, code=code, md=md, **options
        )
    log.error(
        f"{origin}: a Python block a reader sees must include its program from "
        "snippets/ "
        '(--8<-- "chapter/file.py" on the line after the fence)'
    )
    return Markup(f"<pre>{escape(code)}</pre>")


def _output(result: Result, section: str, origin: str, extra: dict) -> str:
    """The HTML under a block: output (or GPU tabs), predict-first, shape notes."""
    build, rel = state.current(), result.program.rel
    output = render.output_html(result.run, section)
    found = recordings.match(rel)
    if result.executed and recordings.wants_tabs(
        result.program, section, result.run, found
    ):
        build.tab_sets += 1  # the build's output beside a GPU's, as content tabs
        output = render.recorded_tabs(result, section, found, f"r{build.tab_sets}")
    if extra.get("predict"):  # predict-first: the output waits for the reader's guess
        try:
            output = predict.wrap(output, extra.pop("predict"), result, section, origin)
        except PredictError as error:
            log.error(f"{origin}: {error}")
    entry = result.section(section)
    first_line = result.program.section(section).first_line
    return annotations.notes_html(entry.bindings if entry else (), first_line) + output


def format_python(code: str, md: Any, **options: Any) -> Markup:
    """markdown-exec formatter for ```python exec="on"``` fences."""
    build, extra = state.current(), options.setdefault("extra", {})
    origin = extra.pop("origin", build.current_page)
    target = extra.pop("snippet", None)
    if target is None and build.current_page in build.broken_pages:
        # the page's error was logged already
        return Markup(f"<pre>{escape(code)}</pre>")
    if target is None:
        return _helper_block(code, md, origin, options)
    rel, section = split_target(target)
    result = build.outcome(rel)
    if not isinstance(result, Result):
        message = f"{origin}: snippets/{rel} could not run:\n{result}"
        _report_once(("failed", rel), message)
        return Markup(f"<pre>{escape(str(result))}</pre>")
    problem = result.problem()
    if problem:
        extra.pop("predict", None)  # nothing to guess: the run failed
        if section == _blamed_section(result):
            _report_once(("failed", rel), f"{origin}: {_failure(result, problem)}")
    extra.setdefault("title", render.title(result.program, section))
    output = _output(result, section, origin, extra)
    options.update(html=True, source=options.get("source") or "above", result="")
    body = markdown_exec.base_format(
        language="python", run=lambda *a, **k: output, code=code, md=md, **options
    )
    attrs = (
        f'data-snippet="{escape(rel)}" data-section="{escape(section)}" '
        f'data-origin="{escape(origin)}"'
    )
    entry = result.section(section)
    if entry and entry.error:
        attrs += f' data-raises="{escape(entry.error.type)}"'
    return Markup(f'<div class="lesson-run" {attrs}>') + body + Markup("</div>")
