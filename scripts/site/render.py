"""HTML the build adds to pages: output boxes, GPU tabs, page stamp, download bars."""

from __future__ import annotations

import os
import re
import time
from html import escape
from pathlib import Path

from scripts.run import recordings
from scripts.run.programs import Program
from scripts.run.result import Result, Run
from scripts.site import claims


def title(program: Program, section: str) -> str:
    """A block's title: the file, and 'part k of n' when the program is cut in parts."""
    part = program.part(section)
    return program.display if part is None else f"{program.display} · {part}"


def _box(kind: str, css: str, label: str, text: str) -> str:
    # Printed numbers and tensors stay out of the search index (it is loaded by every
    # page; page weight); error boxes stay in, since readers search for messages.
    exclude = "" if kind.endswith("error") else " data-search-exclude"
    return (
        f'<div class="lesson-output{css}" data-kind="{kind}"{exclude}>'
        f'<p class="lesson-output__label">{label}</p>'
        f"<pre><code>{escape(text)}</code></pre></div>"
    )


def output_html(run: Run, section: str, kind: str = "") -> str:
    """The output box under one block: what the run printed, then the error it raised.

    `kind="recorded-"` marks a GPU recording's boxes (data-kind="recorded-stdout")."""
    entry = run.section(section)
    if entry is None:
        return ""
    parts = []
    if entry.stdout:
        parts.append(_box(f"{kind}stdout", "", "Output", entry.stdout.rstrip("\n")))
    if entry.error:
        label = (
            f"Raises {escape(entry.error.type)} — on purpose, "
            "and this is the real message"
        )
        parts.append(
            _box(f"{kind}error", " lesson-output--error", label, entry.error.message)
        )
    return "".join(parts)


def recorded_tabs(
    result: Result, section: str, found: recordings.Match, set_id: str
) -> str:
    """This build's output ("Run for this page") and a GPU recording of the same
    program, as two content tabs."""
    here = f"Run for this page: {result.run.device}, torch {result.run.torch}"
    mine = output_html(result.run, section)
    mine = mine or '<p class="lesson-output__label">(prints nothing)</p>'
    return tabs_html(set_id, [(here, mine), recorded_tab(found, section)])


def source_date() -> str | None:
    """The date of the sources the build ran, YYYY-MM-DD: SOURCE_DATE_EPOCH, which the
    Makefile and the tests set to the last commit's time (never the clock: two builds
    of one commit give the same bytes). None when it is unset or 0 (no git)."""
    try:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        return None
    return time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch > 0 else None


def stamp_html(results: list[Result], recorded: bool = False) -> str:
    """The page's stamp: which torch, device and Python produced its outputs, and
    the date of the sources that produced them (source_date).

    That date is the last commit's, not the day the build ran: the outputs are what
    those sources give with that torch (a cached run is reused only when program,
    machinery, pins and versions are unchanged: scripts/run/cache.py), whenever the
    build ran. On a page with GPU tabs, it says those outputs came from the run each
    tab names.
    """
    torch_versions = sorted({r.run.torch or "?" for r in results})
    devices = sorted({r.run.device or "?" for r in results})
    pythons = sorted({r.run.python or "?" for r in results})
    which = "Every output on this page"
    if recorded:
        which = "Every output on this page outside a “Recorded” tab"
    date = source_date()
    dated = f", from the sources as of their last commit, dated {date}" if date else ""
    after = (
        " Outputs under a “Recorded” tab come from the GPU run that the tab names."
        if recorded
        else ""
    )
    return (
        f'<p class="lesson-stamp">{which} was produced by running the programs '
        "for this page, "
        f"with torch {escape(', '.join(torch_versions))} on "
        f"{escape(', '.join(devices))} "
        f"(Python {escape(', '.join(pythons))}){dated}.{after}</p>"
    )


def downloads_html(py_href: str, ipynb_href: str, colab_href: str | None) -> str:
    """The bar at the top of a chapter: this chapter's programs as a script and a
    notebook."""
    links = [
        f'<a href="{escape(py_href)}" download>Python script (.py)</a>',
        f'<a href="{escape(ipynb_href)}" download>Notebook (.ipynb)</a>',
    ]
    if colab_href:
        links.append(f'<a href="{escape(colab_href)}" rel="noopener">Open in Colab</a>')
    return (
        '<nav class="lesson-downloads" aria-label="Run this chapter yourself">'
        "<span>Run this chapter yourself:</span> " + " · ".join(links) + "</nav>"
    )


def notebook_download_html(href: str) -> str:
    return (
        '<nav class="lesson-downloads" aria-label="Download">'
        f'<a class="md-button" href="{escape(href)}" download>Download notebook</a> '
        "<span>It was executed, top to bottom, to build this page.</span></nav>"
    )


# Where one cell's stdout arrived from the kernel in two chunks, nbconvert draws two
# output boxes; where the chunks fall changes from run to run. Sewing them back into one
# box makes the page the same in every build (and reads better).
_STREAM_SEAM = re.compile(
    r'</pre>\s*</div>\s*</div>\s*<div class="jp-OutputArea-child">\s*'
    r'<div class="jp-OutputPrompt jp-OutputArea-prompt">\s*</div>\s*'
    r'<div class="jp-RenderedText jp-OutputArea-output" '
    r'data-mime-type="text/plain"[^>]*>\s*<pre>'
)


def slim_notebook_page(html: str) -> str:
    """Make a mkdocs-jupyter page light and private.

    nbconvert inlines hundreds of KB of stylesheets (docs/assets/notebook.css styles the
    cells instead, with the theme's colours), an empty <script src="">, a MathJax
    configuration, and a module that imports Mermaid from a CDN when a diagram is
    present. None of that is needed by our notebooks; all of it goes. Its copy buttons
    get the role they act as (an aria-label is invalid on an element with no role) and
    lose a stray `,` attribute the template writes.
    """
    html = re.sub(r'<clipboard-copy\s+,=""\s*', "<clipboard-copy ", html)
    html = html.replace(
        "<clipboard-copy aria-label=", '<clipboard-copy role="button" aria-label='
    )
    html = re.sub(r"<style[^>]*>.*?</style>", "", html, flags=re.S)
    html = _STREAM_SEAM.sub("", html)
    html = re.sub(r'<script src="">\s*</script>', "", html)
    html = re.sub(
        r'<script type="text/x-mathjax-config">.*?</script>', "", html, flags=re.S
    )
    return re.sub(
        r'<script type="module">(?:(?!</script>).)*mermaid.*?</script>',
        "",
        html,
        flags=re.S,
    )


def build_report(results: list[Result]) -> str:
    """A table of every reader block: executed or reused, its time, slowest first."""
    rows = []
    for result in results:
        for entry in result.run.sections:
            status = "reused" if result.reused else "ran"
            label = result.program.display + (f":{entry.name}" if entry.name else "")
            rows.append((entry.seconds, status, label))
    rows.sort(key=lambda row: (-row[0], row[2]))
    torch_versions = sorted({str(r.run.torch) for r in results})
    devices = sorted({str(r.run.device) for r in results})
    ran = sum(1 for row in rows if row[1] == "ran")
    lines = [
        f"{len(rows)} blocks: {ran} executed, {len(rows) - ran} reused; torch "
        f"{', '.join(torch_versions)} on {', '.join(devices)}",
        f"{'seconds':>8}  {'status':<6}  block (time of its last real run)",
    ]
    lines += [
        f"{seconds:8.2f}  {status:<6}  {label}" for seconds, status, label in rows
    ]
    return "\n".join(lines) + "\n"


def full_report(results: list[Result], judged: list[claims.Claim]) -> str:
    """.cache/build-report.txt: the claims' count, every block's time, the GPU
    recordings' state, every claim judged."""
    lines = claims.report_lines(judged)
    report = lines[0] + "\n" + build_report(results)
    rest = recordings.report_lines([r.program.rel for r in results]) + lines[1:]
    return report + "\n".join(rest) + "\n"


# --- HTML: Material content tabs, the markup pymdownx.tabbed (alternate_style) writes


def tabs_html(set_id: str, tabs: list[tuple[str, str]]) -> str:
    """Content tabs: [(label, inner HTML)], the first one selected; `set_id` unique on
    the page."""
    checked = 'checked="checked" '
    inputs = "".join(
        f'<input {checked if i == 1 else ""}id="__tabbed_{set_id}_{i}" '
        f'name="__tabbed_{set_id}" type="radio" />'
        for i in range(1, len(tabs) + 1)
    )
    labels = "".join(
        f'<label for="__tabbed_{set_id}_{i}">{escape(label)}</label>'
        for i, (label, _) in enumerate(tabs, 1)
    )
    blocks = "".join(
        f'<div class="tabbed-block">\n{body}\n</div>\n' for _, body in tabs
    )
    return (
        '<div class="tabbed-set tabbed-alternate lesson-recorded" '
        f'data-tabs="{set_id}:{len(tabs)}">'
        f'{inputs}<div class="tabbed-labels">{labels}</div>\n'
        f'<div class="tabbed-content">\n{blocks}</div>\n</div>'
    )


def recorded_tab(found: recordings.Match, section: str) -> tuple[str, str]:
    """(label, body) of the GPU tab: the recorded output of `section`, or why there is
    none."""
    if found.recording is None:
        if found.stale:
            when = ", ".join(f"{r.label}" for r in found.stale)
            note = (
                f"This program has not been recorded on a GPU in its current form. "
                f"The recording ({when}) ran an earlier version of it, so it is not "
                "shown."
            )
        else:
            note = "This program has not been recorded on a GPU yet."
        body = (
            f'<p class="lesson-recorded__none" data-recording="none">{escape(note)}</p>'
        )
        return "GPU: not recorded for this version", body
    recording = found.recording
    r = recording.recorded
    sha = recording.programs[found.rel]["source_sha256"]
    provenance = (
        f"Recorded on {r.get('gpu')} (driver {r.get('driver', '?')}, CUDA "
        f"{r.get('cuda', '?')}), "
        f"Python {r.get('python')}, torch {r.get('torch')}, on {r.get('date')}, "
        + (
            "from this program's code; some of its comments were reworded since."
            if found.comments_changed
            else "from exactly this program."
        )
    )
    body = (
        # Kept out of the search index: it repeats the build's own output of the block.
        f'<div class="lesson-recorded__run" data-search-exclude '
        f'data-recording="{escape(recording.name)}" '
        f'data-snippet="{escape(found.rel)}" data-source-sha256="{escape(sha)}">'
        f"{output_html(found.result, section, 'recorded-')}"
        f'<p class="lesson-recorded__provenance">{escape(provenance)}</p></div>'
    )
    return f"Recorded: {recording.label}", body


def tidy_print_page(path: Path) -> None:
    """Valid HTML for the print edition (print-site writes it before our on_post_build).

    Its sections carry a made-up `heading-number` attribute, and the body ends in a
    <style> of heading numbers that we switch off (enumerate_headings: false). Each
    chapter's "Run this chapter yourself" bar goes: it is for the web pages, not paper
    (and fifteen landmarks of one name on one page).
    """
    if not path.is_file():
        return
    html = path.read_text(encoding="utf-8")
    tidy = re.sub(r' heading-number="[^"]*"', "", html)
    tidy = re.sub(r'<nav class="lesson-downloads".*?</nav>', "", tidy, flags=re.S)
    tidy = re.sub(
        r'(<div id="print-site-page".*</div>)<style>[^<]*</style>',
        r"\1",
        tidy,
        count=1,
        flags=re.S,
    )
    if tidy != html:
        path.write_text(tidy, encoding="utf-8")
