"""A forward/backward stepper: the recorded graph of a reader program, one step at a
time.

`graph_stepper(rel, root, title)` returns a <figure> holding the graph's SVG, a caption
and an ordered list of every step (forward values, then ∂L in the order backward reached
them). Without JavaScript the figure shows everything at once and the list reads as the
walk-through; docs/assets/stepper.js adds prev/next buttons and keys and reveals one
step at a time.
"""

from __future__ import annotations

from html import escape

from scripts.figures.autograd_graph import Graph, Node, record
from scripts.figures.graph_svg import graph_svg


def forward_caption(graph: Graph, node: Node) -> str:
    k, total = node.forward_index, len(graph.forward)
    text = f"{node.name} = {node.formula}" if node.name else node.formula
    # made inside another op (the transpose inside linear): no value of its own
    if not node.value:
        return f"Forward {k}/{total}: {text}, made inside another op"
    return f"Forward {k}/{total}: {text} = {node.value}"


def backward_caption(graph: Graph, node: Node) -> str:
    k, total, loss = node.backward_index, len(graph.backward), graph.root
    text = f"Backward {k}/{total}: ∂{loss}/∂{node.ref} = {node.grad}"
    if node.id == graph.nodes[0].id:
        return text + " (the walk starts here)"
    if node.leaf and node.name:
        return text + f", lands in {node.name}.grad"
    return text


def steps(graph: Graph) -> list[str]:
    """Every step's caption: the forward pass, then the backward pass."""
    return [forward_caption(graph, n) for n in graph.forward] + [
        backward_caption(graph, n) for n in graph.backward
    ]


def graph_stepper(rel: str, root: str, title: str | None = None) -> str:
    """HTML for the graph behind variable `root` of snippets/<rel>."""
    graph = record(rel, root)
    title = title or f"{root} = {graph.nodes[0].formula}"
    captions = steps(graph)
    n_forward, total = len(graph.forward), len(captions)
    leaves = ", ".join(f"{n.ref} = {n.value}" for n in graph.nodes if n.leaf)
    start = f"Start: only the leaves exist ({leaves}). Next runs the forward pass."
    plain = (
        f"All {n_forward} forward values and {total - n_forward} gradients are "
        "shown; the steps are listed below."
    )
    return stepper_figure(
        graph_svg(graph, title),
        title=title,
        captions=captions,
        forward=n_forward,
        start=start,
        plain=plain,
    )


def stepper_figure(
    body: str,
    *,
    title: str,
    captions: list[str],
    forward: int,
    start: str,
    plain: str,
    extra_class: str = "",
) -> str:
    """The stepper's frame around any drawing: title, Back/Next, a live counter and
    caption, and every step listed, so that the figure reads completely without
    JavaScript."""
    total = len(captions)
    items = "".join(
        f'<li data-step="{i}">{escape(c)}</li>' for i, c in enumerate(captions, 1)
    )
    return (
        f'<figure class="graph-stepper{" " + extra_class if extra_class else ""}" '
        f'data-steps="{total}" '
        f'data-forward="{forward}" data-start="{escape(start)}">'
        f'<figcaption class="graph-stepper__title">{escape(title)}</figcaption>'
        f"{body}"
        '<div class="graph-stepper__bar">'
        '<button type="button" class="graph-stepper__prev" data-go="-1" hidden="">◀ '
        "Back</button>"
        '<div class="graph-stepper__status" aria-live="polite" aria-atomic="true">'
        f'<span class="graph-stepper__counter">{total} steps</span> '
        f'<span class="graph-stepper__caption">{escape(plain)}</span></div>'
        '<button type="button" class="graph-stepper__next" data-go="1" hidden="">Next '
        "▶</button>"
        "</div>"
        f'<details class="graph-stepper__steps" open=""><summary>All {total} steps, in '
        "order</summary>"
        f"<ol>{items}</ol></details>"
        "</figure>"
    )
