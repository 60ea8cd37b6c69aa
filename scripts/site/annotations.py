"""The tensors each line of a block bound, as a list that the reader can switch on.

scripts/run/child.py traced the run: for every line that binds a tensor it read the
object itself (shape, dtype, device, requires_grad, grad_fn), keeping the first and the
last pass of a line that ran many times. `notes_html` turns one section's entries into a
collapsed <details> that sits after the code block, outside its <code> (the copy button
copies the program only). Without JavaScript it opens as a plain list;
docs/assets/annotations.js adds the site-wide switch and, where the page is wide enough,
lines the notes up beside the code lines they describe.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from scripts.run.result import Binding, shape_text


def describe(entry: Binding) -> str:
    """One traced tensor in words:
    '(3, 3) int64 cpu, requires_grad, grad_fn MmBackward0'."""
    text = f"{shape_text(entry.shape)} {entry.dtype} {entry.device}"
    if entry.requires_grad:
        text += ", requires_grad"
    if entry.grad_fn:
        text += f", grad_fn {entry.grad_fn}"
    return text


def by_line(bindings: Sequence[Binding]) -> dict[int, list[tuple[str, list[Binding]]]]:
    """{line: [(name, [entries: one, or first and last])]}, lines and names in order."""
    lines: dict[int, dict[str, list[Binding]]] = {}
    for entry in bindings:
        lines.setdefault(entry.line, {}).setdefault(entry.name, []).append(entry)
    return {line: list(names.items()) for line, names in sorted(lines.items())}


def _name_html(name: str, entries: list[Binding]) -> str:
    if len(entries) == 1:
        return (
            f'<span class="sn-b"><code>{escape(name)}</code> '
            f"{escape(describe(entries[0]))}</span>"
        )
    first, last = entries
    return (
        f'<span class="sn-b"><code>{escape(name)}</code> '
        f'<span class="sn-pass">first of {first.passes} passes:</span> '
        f"{escape(describe(first))}; "
        f'<span class="sn-pass">last:</span> {escape(describe(last))}</span>'
    )


def notes_html(
    bindings: Sequence[Binding], first_line: int, *, hidden: bool = False
) -> str:
    """A block's shape notes; '' when the block binds no tensor. `first_line` is the
    file line of the block's first line: notes say 'line k' counting in the block.
    `hidden`: until the reader answers the block's predict-first question."""
    if not bindings:
        return ""
    items = []
    for line, names in by_line(bindings).items():
        k = line - first_line + 1
        parts = "; ".join(_name_html(name, entries) for name, entries in names)
        items.append(
            f'<li data-line="{k}"><span class="sn-line">line {k}:</span> {parts}</li>'
        )
    waiting = " hidden" if hidden else ""
    return (
        f'<details class="shape-notes"{waiting} data-search-exclude>'
        '<summary>Shapes, line by line <span class="sn-hint">traced from this '
        "run</span></summary>"
        f'<ul class="sn-list">{"".join(items)}</ul></details>'
    )
