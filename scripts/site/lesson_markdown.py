"""The lesson's Markdown: one Python-Markdown extension, the same under every engine.

mkdocs.yml lists it in `markdown_extensions:` (MkDocs, ProperDocs and Zensical all
load it) and names `format_python` as the formatter of Python fences. Its
preprocessor runs before pymdownx.snippets (priority 40 > 32) on each page, once:

- reports each include that cannot resolve (one error each; the line is taken out so
  that pymdownx.snippets does not crash with its own traceback);
- runs, side by side, the programs the page needs that have not run in this build
  (through the execution cache: a warm build runs nothing);
- tells each executed fence which page line and snippet it comes from
  (`origin="docs/page.md:12" snippet="chapter/file.py:section"`);
- puts in the measured values and judges the claims (scripts/site/measured.py).

Which page: under Zensical, its rendering context
(`zensical.extensions.context`); under MkDocs or ProperDocs, the page that the hooks
adapter hands over in on_page_markdown (`state.Build.handed`). The Markdown that
markdown-exec converts inside a block (`_original_md`) is no page: left alone.
Line numbers in messages are lines of the file on disk (front matter counted).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from scripts.errors import MeasuredError, ProgramError
from scripts.paths import DOCS, SNIPPETS
from scripts.run import cache, recordings
from scripts.run.programs import Program, bad_includes, included, scan_page
from scripts.run.result import Result
from scripts.site import fences, measured, state

PRIORITY = 40  # before pymdownx.snippets (32) includes the programs


def programs_named(text: str) -> set[str]:
    """The programs a page includes or quotes values from (a cheap look)."""
    return included(text) | measured.files_named(text)


def _values_of(rel: str) -> dict | None:
    """A program's values for {{ }}, with the torch version and device that ran it.

    None when the program failed: that failure is reported once, at the block whose
    section raised (scripts/site/fences.py), not again at every value it could not
    leave."""
    if not (SNIPPETS / rel).is_file():
        raise MeasuredError(f"snippets/{rel} does not exist (is the path right?)")
    result = state.current().outcome(rel)
    if not isinstance(result, Result) or result.problem():
        return None
    run = result.run
    return {**run.values, "__torch__": run.torch, "__device__": run.device}


def _varies(rel: str) -> bool:
    return (SNIPPETS / rel).is_file() and Program(SNIPPETS / rel).measures_time


def _drop_bad_includes(markdown: str, src: str, offset: int) -> str:
    lines = markdown.split("\n")
    for bad in bad_includes(src, markdown):
        line = bad.line + offset
        message = bad.message.replace(f"docs/{src}:{bad.line}:", f"docs/{src}:{line}:")
        state.current().report_once(bad.key, message)
        lines[bad.line - 1] = "# (not included: see the error above)"
        state.current().broken_pages.add(f"docs/{src}")
    return "\n".join(lines)


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


def process_page(markdown: str, src: str, path: Path) -> str:
    """A page's Markdown (front matter removed) with its blocks marked and its values
    in; `src` is its path under docs/, `path` its file (for line numbers)."""
    build = state.current()
    build.current_page, build.tab_sets = f"docs/{src}", 0
    raw = build.sources.get(src)  # the hooks read it, and ran its programs
    read_here = raw is None  # Zensical: no hooks
    if read_here:
        raw = path.read_text(encoding="utf-8")
    offset = raw[: max(raw.find(markdown), 0)].count("\n")
    markdown = _drop_bad_includes(markdown, src, offset)
    if build.current_page in build.broken_pages:
        return measured.blank(markdown)
    if read_here:
        build.run_missing(programs_named(markdown))
    try:
        markdown = _mark_blocks(markdown, src, offset)
    except ProgramError as error:
        state.log.error(f"docs/{src}: {error}")
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
            state.log.error(message)
        return measured.blank(markdown)
    except MeasuredError as error:
        state.log.error(str(error))
        return measured.blank(markdown)


def _zensical_page(md: Markdown) -> str | None:
    """The page Zensical is rendering with this Markdown (its path under docs/)."""
    try:
        from zensical.extensions.context import ContextPreprocessor  # noqa: PLC0415
    except ImportError:
        return None
    context = ContextPreprocessor.from_markdown(md)
    return None if context is None else Path(context.page.path).as_posix()


class LessonPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if hasattr(self.md, "_original_md"):  # markdown-exec's Markdown in a block
            return lines
        build = state.current()
        page, build.handed = build.handed, None  # the MkDocs adapter's, used once
        if page is None and (src := _zensical_page(self.md)) is not None:
            page = (src, DOCS / src)
        if page is None or not page[0].endswith(".md"):
            return lines
        return process_page("\n".join(lines), *page).split("\n")


class LessonExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(LessonPreprocessor(md), "lesson", PRIORITY)


def makeExtension(**kwargs: Any) -> LessonExtension:
    _log_lines()
    return LessonExtension(**kwargs)


def _log_lines() -> None:
    """Under an engine that sets up no logging for MkDocs' loggers (Zensical), an
    error is still one line that says ERROR, as MkDocs writes it (`make zensical`
    and tests/test_zensical.py look for it: Zensical does not stop on it)."""
    if logging.getLogger("mkdocs").hasHandlers() or state.log.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    state.log.addHandler(handler)


def format_python(
    source: str, language: str, css_class: str, options: dict, md: Markdown, **kwargs
) -> Markup:
    """pymdownx.superfences' formatter of Python fences (named in mkdocs.yml):
    scripts/site/fences.py draws the block. A call through the module, so that a
    reloaded machinery (`mkdocs serve`) draws with its new code."""
    return fences.format_block(code=source, md=md, **options)
