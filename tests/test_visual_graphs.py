"""Promise 1: the graph figures show the ledger torch really kept: the values of the
forward pass and the gradients of the backward pass, in the order torch computed
them."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET

import pytest
import torch

from scripts.errors import FigureError
from scripts.figures.autograd_graph import record
from scripts.figures.graph_svg import graph_svg
from scripts.figures.stepper import graph_stepper, steps

TEASER = """
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)
L = (x + y) * z
L.backward()
print(L.item())
"""

NEURON = """
import torch

opts = dict(dtype=torch.float64, requires_grad=True)
x1, x2 = torch.tensor(2.0, **opts), torch.tensor(0.0, **opts)
w1, w2 = torch.tensor(-3.0, **opts), torch.tensor(1.0, **opts)
b = torch.tensor(6.8813735870195432, **opts)
n = w1 * x1 + w2 * x2 + b
o = torch.tanh(n)
o.backward()
"""


def program(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


@pytest.fixture
def teaser(tmp_path):
    return program(tmp_path, "teaser.py", TEASER)


def test_records_every_node_of_the_ledger(teaser):
    graph = record(teaser, "L")
    assert sorted(n.op for n in graph.nodes if not n.leaf) == ["add", "mul"]
    assert sorted(n.name for n in graph.nodes if n.leaf) == ["x", "y", "z"]
    label = {n.id: n.name or n.op for n in graph.nodes}
    assert sorted((label[a], label[b]) for a, b in graph.edges) == [
        ("add", "L"),
        ("x", "add"),
        ("y", "add"),
        ("z", "L"),
    ]
    assert graph.nodes[0].name == "L" and graph.nodes[0].formula == "(x + y) * z"


def test_values_and_gradients_are_torchs(teaser):
    graph = record(teaser, "L")
    # the same program, run here with the intermediate's gradient kept
    x, y, z = (torch.tensor(v, requires_grad=True) for v in (2.0, 3.0, 4.0))
    s = x + y
    s.retain_grad()
    L = s * z
    L.backward()
    expect = {
        "x": x.grad,
        "y": y.grad,
        "z": z.grad,
        "add": s.grad,
        "L": torch.tensor(1.0),
    }
    for label, grad in expect.items():
        node = graph.find(label)
        assert torch.equal(node.grad_tensor, grad), label
    assert [graph.find(k).grad for k in ("x", "y", "z", "add", "L")] == [
        "4",
        "4",
        "5",
        "4",
        "1",
    ]
    assert graph.find("add").value == "5" and graph.find("L").value == "20"


def test_forward_and_backward_order(teaser):
    graph = record(teaser, "L")
    assert [n.op for n in graph.forward] == ["add", "mul"]
    order = [n.name or n.op for n in graph.backward]
    assert order[0] == "L" and order.index("L") < order.index("add")
    assert set(order) == {"L", "add", "x", "y", "z"}


def test_stepper_captions_carry_the_recorded_numbers(teaser):
    captions = steps(record(teaser, "L"))
    assert captions[:2] == [
        "Forward 1/2: x + y = 5",
        "Forward 2/2: L = (x + y) * z = 20",
    ]
    backward = captions[2:]
    assert backward[0].startswith("Backward 1/5: ∂L/∂L = 1")
    assert "Backward 3/5: ∂L/∂(x + y) = 4" in backward
    for leaf, grad in {"x": 4, "y": 4, "z": 5}.items():
        assert any(
            c.endswith(f"∂L/∂{leaf} = {grad}, lands in {leaf}.grad") for c in backward
        ), leaf


def test_tanh_neuron(tmp_path):
    graph = record(program(tmp_path, "neuron.py", NEURON), "o")
    assert [n.op for n in graph.forward] == ["mul", "mul", "add", "add", "tanh"]
    assert graph.find("n").formula == "w1 * x1 + w2 * x2 + b"
    assert graph.find("o").value == "0.7071"
    backward = [n.name or n.op for n in graph.backward]
    assert backward[:2] == ["o", "n"]
    grads = {n.name: n.grad_tensor.item() for n in graph.nodes if n.leaf}
    do_dn = (
        1
        - torch.tanh(torch.tensor(0.8813735870195432, dtype=torch.float64)).item() ** 2
    )
    expect = {"x1": -3 * do_dn, "w1": 2 * do_dn, "x2": do_dn, "w2": 0.0, "b": do_dn}
    assert grads == pytest.approx(expect, abs=1e-12)


def test_record_leaves_torch_as_it_was(teaser):
    backward = torch.Tensor.backward
    record(teaser, "L")
    assert torch.Tensor.backward is backward
    assert not torch.overrides._get_current_function_mode_stack()


def test_a_name_that_is_not_a_graph_is_an_error(teaser):
    with pytest.raises(FigureError, match="`x` is not a tensor with a grad_fn"):
        record(teaser, "x")


def test_svg_is_xml_with_a_text_alternative_and_step_attributes(teaser):
    graph = record(teaser, "L")
    svg = ET.fromstring(graph_svg(graph, "L = (x + y) * z"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img"
    assert "∂L/∂x = 4" in svg.get("aria-label")
    assert svg.find("s:title", ns).text == "L = (x + y) * z"
    nodes = svg.findall(".//s:g[@data-node]", ns)
    assert len(nodes) == 5
    assert all(
        g.get("data-fwd") is not None and g.get("data-bwd") is not None for g in nodes
    )
    assert "#000" not in ET.tostring(svg, encoding="unicode").lower()


def test_stepper_html_parses_and_lists_every_step(teaser):
    html = graph_stepper(teaser, "L", title="L = (x + y) * z")
    figure = ET.fromstring(html)  # the figure is well-formed markup, SVG included
    assert figure.get("data-steps") == "7" and figure.get("data-forward") == "2"
    items = [li.text for li in figure.iter("li")]
    assert len(items) == 7 and items[0] == "Forward 1/2: x + y = 5"
    assert figure.find(".//*[@aria-live='polite']") is not None
    assert [b.text for b in figure.iter("button")] == ["◀ Back", "Next ▶"]
