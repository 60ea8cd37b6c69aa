"""Draw a recorded autograd graph as inline SVG, in pure Python.

The graph comes from scripts/figures/autograd_graph.py. Data flows down the page:
leaves at the top, the loss at the bottom. A graph then grows taller, not wider, so it
stays readable on a phone; the viewBox shrinks it to fit.

Each node is a box (name or op, then its value) with a ∂L badge on its lower edge. Text
and strokes are `currentColor` and fills are faint tints, so the drawing follows the
page's light or dark palette. Every node carries data-fwd / data-bwd (its step in the
forward and backward pass) for the stepper (docs/assets/stepper.js) to reveal it step
by step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape

from scripts.figures.autograd_graph import Graph, Node

CHAR = 8.0  # width of one monospace character at 13px, with a little room
CHAR_SMALL = 7.4  # at 12px
BOX_H = 56  # two lines of text, and room under them for the badge's upper half
PILL_H = 20  # the ∂L badge, centred on the box's lower edge
EDGE_GAP = 38  # room for the edges between one row's badges and the next row's boxes
ROW = BOX_H + PILL_H // 2 + EDGE_GAP
SLOT_GAP = 18
MARGIN = 6
# drawn 1.25x on a wide screen, so 13-unit text matches the page's 16px text
ZOOM = 1.25
GRAD_COLOR = "#d6336c"  # magenta: stylesheet swaps in a lighter one on the dark palette
LEAF_COLOR = "#1c7ed6"


def _rows(graph: Graph) -> dict[str, int]:
    """Row of each node: an op one below its lowest input, a leaf just above its
    first use."""
    kids = {n.id: [] for n in graph.nodes}
    parents = {n.id: [] for n in graph.nodes}
    for child, parent in graph.edges:
        kids[parent].append(child)
        parents[child].append(parent)
    row: dict[str, int] = {}

    def depth(id: str) -> int:
        if id not in row:
            row[id] = 1 + max((depth(k) for k in kids[id]), default=-1)
        return row[id]

    for node in graph.nodes:
        depth(node.id)
    for node in graph.nodes:
        if node.leaf and parents[node.id]:
            row[node.id] = min(row[p] for p in parents[node.id]) - 1
    return row


def _columns(graph: Graph, rows: dict[str, int]) -> dict[str, float]:
    """Column of each node: a tidy tree of the depth-first walk from the root.

    Each node's subtree is laid out on its own; sibling subtrees then sit side by side,
    in operand order (x left of y), each pushed right just far enough that no row holds
    two nodes closer than one column. A parent sits over the middle of its children.
    """
    kids = {n.id: [] for n in graph.nodes}
    for child, parent in graph.edges:
        kids[parent].append(child)
    root = graph.nodes[0].id
    seen = {root}

    def place(id: str) -> dict[str, float]:
        # claimed here, before going deeper
        mine = [k for k in dict.fromkeys(kids[id]) if k not in seen]
        seen.update(mine)
        col: dict[str, float] = {}
        edge: dict[int, float] = {}  # row -> rightmost column used so far
        roots = []
        for k in mine:
            sub = place(k)
            left: dict[int, float] = {}
            for n, c in sub.items():
                left[rows[n]] = min(c, left.get(rows[n], c))
            shift = max(
                [edge[r] + 1 - c for r, c in left.items() if r in edge], default=0
            )
            shift = max(shift, roots[-1] + 1 - sub[k]) if roots else shift
            for n, c in sub.items():
                col[n] = c + shift
                edge[rows[n]] = max(col[n], edge.get(rows[n], col[n]))
            roots.append(sub[k] + shift)
        col[id] = sum(roots) / len(roots) if roots else 0.0
        return col

    col = place(root)
    low = min(col.values())
    return {n: c - low for n, c in col.items()}


def _pill_text(graph: Graph, node: Node) -> str:
    loss = graph.root if len(graph.root) <= 4 else "L"
    return f"∂{loss} {node.grad}"


def _box_width(node: Node) -> float:
    return max(len(node.label), len(node.value), 3) * CHAR + 22


def summary(graph: Graph, title: str) -> str:
    """The text alternative: every leaf and op with its value, and every leaf's
    gradient."""
    leaves = [n for n in graph.nodes if n.leaf]
    loss = graph.root
    parts = [
        f"Autograd graph of {title}.",
        "Leaves: " + ", ".join(f"{n.ref} = {n.value}" for n in leaves) + ".",
    ]
    parts.append(
        "Ops, in forward order: "
        + ", ".join(
            f"{n.ref if n.name else n.formula} = {n.value or n.op}"
            for n in graph.forward
        )
        + "."
    )
    if any(n.grad for n in leaves):
        parts.append(
            "Gradients: "
            + ", ".join(f"∂{loss}/∂{n.ref} = {n.grad}" for n in leaves if n.grad)
            + "."
        )
    return " ".join(parts)


def _attrs(**attrs) -> str:
    return " ".join(
        f'{k.rstrip("_").replace("_", "-")}="{escape(str(v))}"'
        for k, v in attrs.items()
        if v is not None
    )


@dataclass
class _Layout:
    """Where each node is drawn, in viewBox units, and the size of the whole drawing."""

    cx: dict[str, float]  # node id -> centre of its box
    top: dict[str, float]  # node id -> upper edge of its box
    widths: dict[str, float]  # node id -> width of its box
    pills: dict[str, float]  # node id -> width of its ∂L badge
    width: float
    height: float


def _layout(graph: Graph) -> _Layout:
    """Rows and columns to coordinates: every column as wide as the widest box or
    badge, so no two nodes overlap."""
    rows = _rows(graph)
    cols = _columns(graph, rows)
    widths = {n.id: _box_width(n) for n in graph.nodes}
    pills = {n.id: len(_pill_text(graph, n)) * CHAR_SMALL + 16 for n in graph.nodes}
    slot = max(max(widths.values()), max(pills.values())) + SLOT_GAP
    return _Layout(
        cx={id: MARGIN + (c + 0.5) * slot for id, c in cols.items()},
        top={id: MARGIN + r * ROW for id, r in rows.items()},
        widths=widths,
        pills=pills,
        width=2 * MARGIN + (max(cols.values()) + 1) * slot,
        height=2 * MARGIN + (max(rows.values()) + 1) * ROW - EDGE_GAP + 2,
    )


def _svg_head(graph: Graph, title: str, layout: _Layout, arrow: str) -> list[str]:
    """The opening <svg> tag, its <title>, and the arrowhead marker the edges use."""
    width, height = layout.width, layout.height
    svg_attrs = dict(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width:.0f} {height:.0f}",
        width=f"{width * ZOOM:.0f}",
        height=f"{height * ZOOM:.0f}",
        role="img",
        aria_label=summary(graph, title),
        class_="graph-svg",
        font_family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        font_size="13",
    )
    return [
        f"<svg {_attrs(**svg_attrs)}>",
        f"<title>{escape(title)}</title>",
        f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" '
        'orient="auto"><path class="g-arrow" d="M0 0L10 5L0 10z" '
        'fill="currentColor"/></marker></defs>',
    ]


def _edges(graph: Graph, layout: _Layout, arrow: str) -> list[str]:
    """One curved arrow per edge, from the bottom of the input to the top of the op
    that uses it."""
    cx, top, widths = layout.cx, layout.top, layout.widths
    by_id = {n.id: n for n in graph.nodes}
    inputs: dict[str, list[str]] = {}
    for child, parent in graph.edges:
        inputs.setdefault(parent, []).append(child)
    arrived: dict[str, int] = {}
    out = []
    # a parent's inputs arrive side by side, in operand order
    for child, parent in graph.edges:
        n, i = len(inputs[parent]), arrived.get(parent, 0)
        arrived[parent] = i + 1
        spread = min(16.0, (widths[parent] - 20) / max(n - 1, 1))
        x1, y1 = cx[child], top[child] + BOX_H
        x2, y2 = cx[parent] + (i - (n - 1) / 2) * spread, top[parent] - 1
        mid = (y1 + y2) / 2
        p = by_id[parent]
        edge_attrs = dict(
            class_="g-edge", data_fwd=p.forward_index, data_bwd=p.backward_index
        )
        out.append(
            "<path "
            f"{_attrs(**edge_attrs)} "
            f'd="M{x1:.1f} {y1:.1f}C{x1:.1f} {mid:.1f} {x2:.1f} {mid:.1f} {x2:.1f} '
            f'{y2:.1f}" fill="none" '
            'stroke="currentColor" stroke-opacity="0.55" stroke-width="1.4" '
            f'marker-end="url(#{arrow})"/>'
        )
    return out


def _node(graph: Graph, node: Node, layout: _Layout) -> list[str]:
    """A node's group: its box, its label and value, the "?" the stepper shows before
    the value is known, and its ∂L badge."""
    x, y, w = layout.cx[node.id], layout.top[node.id], layout.widths[node.id]
    kind = "g-leaf" if node.leaf else "g-op"
    kind += " g-root" if node.id == graph.nodes[0].id else ""
    tint = LEAF_COLOR if node.leaf else "currentColor"
    node_attrs = dict(
        class_=f"g-node {kind}",
        data_node=node.id,
        data_fwd=node.forward_index,
        data_bwd=node.backward_index,
    )
    box = f'x="{x - w / 2:.1f}" y="{y}" width="{w:.1f}" height="{BOX_H}" rx="8"'
    out = [
        f"<g {_attrs(**node_attrs)}>",
        f'<rect class="g-base" {box} fill="Canvas"/>',
        f'<rect class="g-box" {box} fill="{tint}" fill-opacity="0.1" '
        'stroke="currentColor" stroke-opacity="0.6"/>',
        f'<text class="g-label" x="{x:.1f}" y="{y + 16}" text-anchor="middle" '
        'dominant-baseline="central" fill="currentColor" '
        f'font-weight="600">{escape(node.label)}</text>',
        f'<text class="g-value" x="{x:.1f}" y="{y + 34}" text-anchor="middle" '
        'dominant-baseline="central" '
        f'fill="currentColor">{escape(node.value or "–")}</text>',
        f'<text class="g-unknown" x="{x:.1f}" y="{y + 34}" text-anchor="middle" '
        'dominant-baseline="central" fill="currentColor" '
        'visibility="hidden">?</text>',
    ]
    if node.grad:
        out += _badge(graph, node, x, y, layout.pills[node.id])
    out.append("</g>")
    return out


def _badge(graph: Graph, node: Node, x: float, y: float, pw: float) -> list[str]:
    """The ∂L badge of a node whose box is centred on x with its top at y, pw wide;
    shown in the backward pass."""
    pill = (
        f'x="{x - pw / 2:.1f}" y="{y + BOX_H - PILL_H / 2}" '
        f'width="{pw:.1f}" height="{PILL_H}" rx="{PILL_H / 2}"'
    )
    return [
        f"<g {_attrs(class_='g-grad', data_bwd=node.backward_index)}>",
        f'<rect class="g-base" {pill} fill="Canvas"/>',
        f'<rect class="g-pill" {pill} fill="{GRAD_COLOR}" fill-opacity="0.16" '
        f'stroke="{GRAD_COLOR}" stroke-width="1.2"/>',
        f'<text x="{x:.1f}" y="{y + BOX_H}" text-anchor="middle" '
        'dominant-baseline="central" fill="currentColor" font-size="12" '
        f'font-weight="600">{escape(_pill_text(graph, node))}</text>',
        "</g>",
    ]


def graph_svg(graph: Graph, title: str) -> str:
    """The graph as an <svg> element, ready to inline in a page."""
    layout = _layout(graph)
    uid = hashlib.sha1((title + repr(graph.edges)).encode()).hexdigest()[:8]
    arrow = f"gs-arrow-{uid}"
    out = _svg_head(graph, title, layout, arrow)
    # edges first, so boxes and badges sit on top of them
    out += _edges(graph, layout, arrow)
    for node in graph.nodes:
        out += _node(graph, node, layout)
    out.append("</svg>")
    return "".join(out)
