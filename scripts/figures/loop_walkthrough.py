"""The five-line loop, one line at a time: a stepper over a reader program's snapshots.

`loop_walkthrough(run)` reads the list `trace` that the program of `run` (this build's
run of it) filled, one dict per line run: iteration, line, weight, bias, weight_grad,
bias_grad, yhat_head, loss; plain numbers, None for what does not exist yet; and the
dict `initial` (the state before the loop). Nothing is recomputed here.

The markup is the graph stepper's (scripts/figures/stepper.py), so
docs/assets/stepper.js drives it unchanged: a figure.graph-stepper with data-steps,
Back/Next buttons, an aria-live counter and caption, and an ordered list with one
caption per step. Each step also has a *frame*: the five lines with the one that just
ran marked, and the state table with every value that this line changed marked
"▲ changed" (with the value before it), not by colour alone. Without JavaScript every
frame is shown, in order. With it, docs/assets/explorer.css shows the frame of the
current step only.
"""

from __future__ import annotations

from html import escape

from scripts.errors import FigureError
from scripts.figures.stepper import stepper_figure
from scripts.run.result import Result

MAX_STEPS = 15  # docs/assets/explorer.css maps steps to frames for this many

STATE = [  # (key in a snapshot, how the reader names it)
    ("weight", "model.weight"),
    ("bias", "model.bias"),
    ("weight_grad", "model.weight.grad"),
    ("bias_grad", "model.bias.grad"),
    ("yhat_head", "yhat[:3, 0]"),
    ("loss", "loss"),
]


def fmt(key: str, value) -> str:
    """A state value as the frame shows it."""
    if value is None:
        return "None"
    if isinstance(value, list):
        return "[" + ", ".join(f"{v:+.4f}" for v in value) + "]"
    return f"{value:.4f}" if key == "loss" else f"{value:+.4f}"


def changed(before: dict, after: dict) -> list[str]:
    """The keys whose value this line changed."""
    return [key for key, _ in STATE if before.get(key) != after.get(key)]


def caption(before: dict, snap: dict, k: int, lines: list[str], diff: list[str]) -> str:
    names = dict(STATE)
    what = ", ".join(
        f"{names[key]} ({fmt(key, before.get(key))} → {fmt(key, snap.get(key))})"
        for key in diff
    )
    return (
        f"Iteration {snap['iteration']}, line {k} of {len(lines)}: {snap['line']}. "
        f"Changed: {what or 'nothing'}."
    )


def _code(lines: list[str], current: str | None) -> str:
    items = []
    for line in lines:
        if line == current:
            items.append(
                '<li class="lw-now" aria-current="true"><span class="lw-mark">▶ '
                f"</span><code>{escape(line)}</code></li>"
            )
        else:
            items.append(f"<li><code>{escape(line)}</code></li>")
    return f'<ol class="lw-code">{"".join(items)}</ol>'


def _state(snap: dict, before: dict | None, diff: list[str], heading: str) -> str:
    rows = []
    for key, label in STATE:
        value = fmt(key, snap.get(key))
        if key in diff:
            was = escape(fmt(key, before.get(key)))
            rows.append(
                f'<tr class="lw-changed"><th scope="row"><code>{escape(label)}</code>'
                f"</th><td><strong>{escape(value)}</strong> "
                '<span class="lw-badge">▲ changed</span> '
                f'<span class="lw-was">was&nbsp;{was}</span></td></tr>'
            )
        else:
            rows.append(
                f'<tr><th scope="row"><code>{escape(label)}</code></th>'
                f"<td>{escape(value)}</td></tr>"
            )
    column = "value after this line" if before is not None else "value"
    head = f'<tr><th scope="col">variable</th><th scope="col">{column}</th></tr>'
    return (
        '<div class="lw-scroll" tabindex="0" role="group" '
        f'aria-label="{escape(heading)}">'
        f'<table class="lw-state"><caption>{escape(heading)}</caption>'
        f"{head}{''.join(rows)}</table></div>"
    )


def _loop_lines(rel: str, name: str, trace: list) -> list[str]:
    """The loop's lines, in order, once; a FigureError unless the trace holds whole
    passes over them, and no more steps than explorer.css can show."""
    lines = list(dict.fromkeys(s["line"] for s in trace))
    if not trace or len(trace) % len(lines):
        raise FigureError(
            f"snippets/{rel}: `{name}` should hold whole passes over the loop's lines"
        )
    if len(trace) > MAX_STEPS:
        raise FigureError(
            f"snippets/{rel}: {len(trace)} steps; explorer.css shows at most "
            f"{MAX_STEPS}"
        )
    return lines


def _steps(trace: list, initial: dict, lines: list[str]) -> tuple[list, list]:
    """A frame per step, after frame 0 (the state before the loop), and a caption
    per step: what the line changed."""
    frames = [
        f'<div class="lw-frame" data-frame="0">{_code(lines, None)}'
        f"{_state(initial, None, [], 'State before the loop')}</div>"
    ]
    captions = []
    before = initial
    for k, snap in enumerate(trace, 1):
        diff = changed(before, snap)
        number = lines.index(snap["line"]) + 1
        captions.append(caption(before, snap, number, lines, diff))
        heading = f"State after line {number}, iteration {snap['iteration']}"
        frames.append(
            f'<div class="lw-frame" data-frame="{k}">{_code(lines, snap["line"])}'
            f"{_state(snap, before, diff, heading)}</div>"
        )
        before = snap
    return frames, captions


def loop_walkthrough(
    run: Result,
    name: str = "trace",
    *,
    start: str = "initial",
    title: str = "The five lines, twice: the state after each line",
) -> str:
    values, rel = run.run.values, run.program.rel
    trace, initial = values[name], values[start]
    lines = _loop_lines(rel, name, trace)
    frames, captions = _steps(trace, initial, lines)
    total = len(trace)
    start_text = (
        f"Start: before the loop, model.weight = {fmt('weight', initial['weight'])} "
        f"and model.bias = {fmt('bias', initial['bias'])}; no gradients, no "
        "predictions, no loss yet. Next runs line 1."
    )
    plain = f"All {total} steps are shown below, each with the state it left."
    # One frame a line: the print page's plugin rewrites anchors with a regex whose
    # cost grows with the length of a line, and this figure would otherwise be one
    # very long line.
    frames_html = "\n".join(frames)
    body = f'<div class="lw-frames">\n{frames_html}\n</div>'
    return stepper_figure(
        body,
        title=title,
        captions=captions,
        forward=total,
        start=start_text,
        plain=plain,
        extra_class="loop-walk",
    )
