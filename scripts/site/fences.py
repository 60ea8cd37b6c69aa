"""The Python fence: a block's source and the output its run printed, for any engine.

mkdocs.yml names `scripts.site.lesson_markdown.format_python` as pymdownx.superfences'
formatter of ```python exec="on"``` fences (markdown-exec's validator reads the
options); it calls `format_block` here. A block that includes a program shows that
program's run (scripts/site/state.py runs it when a page first needs it). Hidden
build-helper blocks (html="on", no source shown) run in this process (figures,
cached); they find `run` defined: `run("chapter/file.py")` is this build's run of that
program.

Every failure is logged once (`Build.report_once`), naming the page and line and the
snippet's own file and line.
"""

from __future__ import annotations

import re
import traceback
from typing import Any

import markdown_exec
from markupsafe import Markup, escape

from scripts.errors import PredictError, RunError
from scripts.run import cache, recordings
from scripts.run.inprocess import run_code
from scripts.run.programs import snippets_named, split_target
from scripts.run.result import Result
from scripts.site import annotations, predict, render, state


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


def failed(rel: str) -> bool:
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
        named = snippets_named(code)
        state.current().run_missing(named)  # together, before the figure asks
        bad = [rel for rel in named if failed(rel)]
        if bad:  # its error is reported at its block: the figure adds none
            return Markup(f"<p>(not drawn: snippets/{escape(bad[0])} failed)</p>")
        options["extra"]["title"] = origin  # markdown-exec names a failing block by it
        return _unsearched(
            markdown_exec.base_format(
                language="python", run=_run_helper, code=code, md=md, **options
            )
        )
    state.log.error(
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
    waits = False
    if extra.get("predict"):  # predict-first: the output waits for the reader's guess
        try:
            output = predict.wrap(output, extra.pop("predict"), result, section, origin)
            waits = result.executed  # else wrap shows the (empty) output as it is
        except PredictError as error:
            state.log.error(f"{origin}: {error}")
    entry = result.section(section)
    first_line = result.program.section(section).first_line
    notes = entry.bindings if entry else ()
    return annotations.notes_html(notes, first_line, hidden=waits) + output


def format_block(code: str, md: Any, **options: Any) -> Markup:
    """The HTML of one ```python exec="on"``` fence (markdown-exec's options)."""
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
        build.report_once(("failed", rel), message)
        return Markup(f"<pre>{escape(str(result))}</pre>")
    problem = result.problem()
    if problem:
        extra.pop("predict", None)  # nothing to guess: the run failed
        if section == _blamed_section(result):
            build.report_once(("failed", rel), f"{origin}: {_failure(result, problem)}")
    extra.setdefault("title", render.title(result.program, section))
    output = _output(result, section, origin, extra)
    options.update(html=True, source=options.get("source") or "above", result="")
    body = markdown_exec.base_format(
        language="python", run=lambda *a, **k: output, code=code, md=md, **options
    )
    body = _lighter_code(str(body))
    attrs = (
        f'data-snippet="{escape(rel)}" data-section="{escape(section)}" '
        f'data-origin="{escape(origin)}"'
    )
    entry = result.section(section)
    if entry and entry.error:
        attrs += f' data-raises="{escape(entry.error.type)}"'
    return (
        Markup(f'<div class="lesson-run" {attrs}>')
        + _unsearched(body)
        + Markup("</div>")
    )


# Pygments wraps every token in a <span>: most of a chapter's elements. A name (n)
# and whitespace (w) are drawn in the code's own colour (Material's
# --md-code-hl-name-color is --md-code-fg-color), so their text needs no element; an
# operator (o) and punctuation (p) share one colour, so a run of them is one element.
# The page looks the same with a third fewer elements, which a phone parses, styles
# and lays out (and Material's bundle walks) as each page loads.
_PLAIN_TOKEN = re.compile(r'<span class="[nw]">([^<]*)</span>')
_DIM_RUN = re.compile(
    r'<span class="([op])">[^<]*</span>(?:<span class="[op]">[^<]*</span>)+'
)
_DIM_TEXT = re.compile(r'<span class="[op]">([^<]*)</span>')
_SOURCE = re.compile(r"(<pre[^>]*>.*?</pre>)", re.S)


def _lighter_code(html: str) -> str:
    """The block's HTML with its source (the first <pre>) in fewer elements, the same
    text and colours; the output below it untouched."""

    def lighter(match: re.Match) -> str:
        code = _PLAIN_TOKEN.sub(r"\1", match.group(1))
        return _DIM_RUN.sub(
            lambda run: (
                f'<span class="{run.group(1)}">'
                + "".join(_DIM_TEXT.findall(run.group(0)))
                + "</span>"
            ),
            code,
        )

    return _SOURCE.sub(lighter, html, count=1)


_FIRST_TAG = re.compile(r"^(\s*<[a-zA-Z][\w-]*)(?![^>]*\bdata-search-exclude\b)")


def _unsearched(html: str) -> Markup:
    """The HTML with its first element marked `data-search-exclude`: Material's search
    leaves that element out of the index. The program's source (the block's first
    element) and a helper's figure are the build's, not the prose: the index, which
    every page fetches, holds the prose (and the error messages readers search for,
    render._box), not the code and the drawn runs."""
    return Markup(_FIRST_TAG.sub(r"\1 data-search-exclude", str(html), count=1))
