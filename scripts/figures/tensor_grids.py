"""Tensors drawn as grids at build time, from the values a reader program really
computed.

`grids(run, names, rule=...)` reads the variables `names` from `run`, this build's run
of a program (the page's helper block passes `run("chapter/file.py")`: torch computed
them in a fresh interpreter; nothing is recomputed here; tensors arrive as nested
lists) and returns a small HTML block:

- the shape rule, one sentence typed by the author. Every shape the sentence writes as
  "(n×m)", "(n×m×k)" or "(n,)" must be the shape of one of the drawn tensors, else
  FigureError naming the op: a prose shape cannot drift away from the program;
- one table per tensor, captioned "name · shape (n, m)", with the index of each row and
  column as headers. 0-D is one cell, 1-D one row, 2-D a grid, 3-D a row of 2-D slices
  (one per index of dim 0). The last `outputs` tensors follow an arrow.

Colours are Material's CSS variables (docs/assets/explorer.css), so the grids follow the
light and the dark palette; the drawing scrolls sideways on a narrow screen.
"""

from __future__ import annotations

import re
from html import escape

from scripts.errors import FigureError
from scripts.run.result import Binding, Result, shape_text

# "(3×2)", "(2×3×4)", "(2,)" or "(2)": a shape written in prose. Not "f(0)": no name
# before it.
_RULE_SHAPE = re.compile(r"(?<![\w.\]])\((\d+(?:\s*×\s*\d+)+|\d+\s*,?)\s*\)")


def shape_of(value) -> tuple[int, ...]:
    """The shape of a tensor that arrived as nested lists (a number is 0-D)."""
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(shape)


def _nowrap(text: str) -> str:
    """Spaces that a caption may not break at: "shape (3, 2)" stays on one line."""
    return text.replace(" ", "\u00a0")


def rule_shapes(rule: str) -> list[tuple[int, ...]]:
    """Every shape the rule sentence writes, in order."""
    return [
        tuple(int(n) for n in re.split(r"[×,]", m) if n.strip())
        for m in _RULE_SHAPE.findall(rule)
    ]


def _number(v) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _table(caption: str, value, cls: str = "tg-t") -> str:
    """One 0-D, 1-D or 2-D tensor as a table: index headers, one cell per entry."""
    shape = shape_of(value)
    if len(shape) == 0:
        rows, cols = [[value]], 0
    elif len(shape) == 1:
        rows, cols = [value], shape[0]
    else:
        rows, cols = value, shape[1]
    out = [f'<table class="{cls}"><caption>{escape(caption)}</caption>']
    if cols:
        corner = "<td></td>" if len(shape) == 2 else ""
        out.append(
            "<tr>"
            + corner
            + "".join(f'<th scope="col">{j}</th>' for j in range(cols))
            + "</tr>"
        )
    for i, row in enumerate(rows):
        head = f'<th scope="row">{i}</th>' if len(shape) == 2 else ""
        out.append(
            "<tr>"
            + head
            + "".join(f"<td>{escape(_number(v))}</td>" for v in row)
            + "</tr>"
        )
    out.append("</table>")
    return "".join(out)


def grid(name: str, value) -> str:
    """One named tensor, up to 3-D."""
    shape = shape_of(value)
    # two lines: name, shape
    caption = f"{name}\u00a0· {_nowrap('shape ' + shape_text(shape))}"
    if len(shape) <= 2:
        return _table(caption, value)
    if len(shape) == 3:
        slices = "".join(
            _table(
                f"{name}[{i}]\u00a0· {_nowrap(shape_text(shape[1:]))}",
                part,
                "tg-t tg-slice",
            )
            for i, part in enumerate(value)
        )
        return (
            f'<div class="tg-3d"><p class="tg-cap">{escape(caption)}</p><div '
            f'class="tg-slices">{slices}</div></div>'
        )
    raise FigureError(
        f"{name}: a {len(shape)}-D tensor has no grid drawing (up to 3-D)"
    )


def grids(
    run: Result,
    names: list[str],
    rule: str,
    *,
    op: str | None = None,
    outputs: int = 1,
) -> str:
    """HTML drawing variables `names` of the program of `run`; the last `outputs` of
    them are results."""
    op = op or " → ".join(names)
    values, rel = run.run.values, run.program.rel
    missing = [n for n in names if n not in values]
    if missing:
        raise FigureError(
            f"{op}: snippets/{rel} left no tensor named {', '.join(missing)}"
        )
    shapes = {n: shape_of(values[n]) for n in names}
    drawn = set(shapes.values())
    for written in rule_shapes(rule):
        if written not in drawn:
            known = ", ".join(f"{n} {shape_text(s)}" for n, s in shapes.items())
            raise FigureError(
                f"{op}: the rule writes the shape ({'×'.join(map(str, written))}), "
                f"but no drawn tensor has it (drawn: {known})"
            )
    outputs = max(0, min(outputs, len(names) - 1))
    parts = []
    for k, name in enumerate(names):
        if outputs and k == len(names) - outputs:
            parts.append('<span class="tg-arrow" aria-hidden="true">→</span>')
        parts.append(grid(name, values[name]))
    label = f"{op}, drawn as grids: " + ", ".join(
        f"{n} of shape {shape_text(s)}" for n, s in shapes.items()
    )
    return (
        '<div class="tg"><p class="tg-rule"><strong>Shape rule:</strong> '
        f"{escape(rule)}</p>"
        '<div class="tg-row" tabindex="0" role="group" '
        f'aria-label="{escape(label)}">{"".join(parts)}</div></div>'
    )


# ---- Practice mode: "what is the shape of this result?" ------------------------------


def _statements(source: str) -> dict[int, str]:
    """{first line: the statement's code, comments left out} for every simple
    statement."""
    import ast

    tree = ast.parse(source)
    return {
        node.lineno: ast.get_source_segment(source, node)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
    }


def practice_items(result: Result) -> list[dict]:
    """One question per line of the program of `result` that made a tensor from traced
    tensors: {code, name, inputs: [(name, shape)], shape, dtype}, every shape as torch
    gave it in this build's run (the traced bindings of scripts/run/child.py)."""
    import ast

    statements = _statements(result.program.source)
    known: dict[str, Binding] = {}
    items = []
    for section in result.run.sections:
        for entry in section.bindings:
            if entry.run_pass == "first":
                # a loop: the question would be ambiguous; keep the last pass only
                continue
            code = statements.get(entry.line)
            reads = (
                [
                    n.id
                    for n in ast.walk(ast.parse(code))
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                ]
                if code
                else []
            )
            inputs = [
                (n, list(known[n].shape))
                for n in dict.fromkeys(reads)
                if n in known and n != entry.name
            ]
            if inputs:
                items.append(
                    {
                        "code": code,
                        "name": entry.name,
                        "inputs": inputs,
                        "shape": list(entry.shape),
                        "dtype": entry.dtype,
                    }
                )
            known[entry.name] = entry
    return items


def practice(run: Result) -> str:
    """The practice list: each question, an answer box (docs/assets/predict.js), and
    torch's answer, which a reader without JavaScript opens by hand. Its text asks the
    reader to answer before the tabs below it: the page places it above the blocks of
    the program that print the answers (tests/test_interactions.py checks)."""
    items, rel = practice_items(run), run.program.rel
    if not items:
        raise FigureError(
            f"snippets/{rel}: no line makes a tensor from traced tensors, nothing to "
            "practise"
        )
    out = []
    for k, item in enumerate(items, 1):
        given = ", ".join(
            f"<code>{escape(n)}</code> {shape_text(s)}" for n, s in item["inputs"]
        )
        answer = shape_text(item["shape"])
        field = f"practice-{k}"
        out.append(
            '<li class="practice__item" '
            f'data-answer="{",".join(map(str, item["shape"]))}">'
            f"<p><code>{escape(item['code'])}</code>, given {given}</p>"
            f'<p class="practice__form" hidden><label for="{field}">Shape of '
            f"<code>{escape(item['name'])}</code>:</label> "
            f'<input type="text" id="{field}" autocomplete="off" spellcheck="false" '
            'placeholder="(2, 3)"> '
            '<button type="button" class="md-button practice__check">Check</button> '
            '<button type="button" class="md-button practice__show">Show</button></p>'
            '<p class="practice__feedback" role="status"></p>'
            f'<details class="practice__answer"><summary>torch’s answer</summary>'
            f"<p><code>{escape(item['name'])}</code> · shape {escape(answer)}, "
            f"{escape(item['dtype'])}</p></details></li>"
        )
    return (
        '<div class="practice" data-search-exclude>'
        "<p><strong>Practice first: what is the shape of each result?</strong> The "
        "tabs below print every answer, so try these before you open them. Type each "
        "shape as torch prints it, like (2, 3). Every answer is the shape torch gave "
        f"in the run of <code>snippets/{escape(rel)}</code> made for this page.</p>"
        f'<ol class="practice__list">{"".join(out)}</ol></div>'
    )
