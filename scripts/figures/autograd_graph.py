"""Record the real autograd graph a reader program builds, with values and gradients.

`record(path_or_rel, root)` runs snippets/<rel> (or a file given by absolute path) in
this process and watches it twice:

- forward: a TorchFunctionMode notes every op whose output has a grad_fn (the ledger
  entry), with a copy of the output and the op's inputs, in the order the ops ran;
- backward: Tensor.backward is wrapped so that, just before the real walk, a hook on
  every entry reachable from the loss notes ∂loss/∂(that entry's output) and the
  order of the walk.

Then it walks globals[root].grad_fn through next_functions and returns a Graph: the
nodes (leaves and ops) and the edges input -> op, in the direction data flows. Nothing
stays patched afterwards.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

import torch
from torch.overrides import TorchFunctionMode

from scripts.errors import FigureError
from scripts.paths import SNIPPETS
from scripts.run.inprocess import run_file
from scripts.run.programs import Program

MAX_NODES = 120  # a graph bigger than this is no picture: pick a smaller program

# Python operators, for writing an op the way the program wrote it: "x + y", not
# "add(x, y)".
SYMBOLS = {
    "add": "+",
    "sub": "-",
    "mul": "*",
    "div": "/",
    "truediv": "/",
    "matmul": "@",
    "pow": "**",
}
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "**": 3}
ATOM = 9  # precedence of a name, a number or a call: never needs brackets


def short(t: torch.Tensor | None) -> str:
    """A tensor as a few characters: a number, up to three numbers, or its shape."""
    if t is None:
        return ""
    if t.numel() == 1:
        return f"{t.item() + 0:.4g}"  # + 0 turns -0.0 into 0
    for digits in (3, 2):
        text = (
            "[" + ", ".join(f"{v + 0:.{digits}g}" for v in t.flatten().tolist()) + "]"
        )
        if t.numel() <= 3 and len(text) <= 18:
            return text
    return "shape " + "×".join(str(n) for n in t.shape)


@dataclass
class Node:
    id: str
    op: str  # "add", "mul", "tanh", "mse_loss", ... ; "leaf" for a leaf
    name: str | None  # the program's variable that holds this tensor, if one does
    formula: str  # how it was computed, as the program wrote it: "x + y"; a leaf's name
    value_tensor: torch.Tensor | None  # the output, copied when the op ran
    grad_tensor: torch.Tensor | None  # ∂root/∂(this output), from the backward pass
    forward_index: int  # 0 for leaves (given), then 1, 2, ... in the order the ops ran
    backward_index: int | None  # 1, 2, ... in the order the backward walk reached it
    precedence: int = ATOM  # of `formula`, to bracket it inside another formula

    @property
    def leaf(self) -> bool:
        return self.op == "leaf"

    @property
    def label(self) -> str:
        """First line of the node's box: its name, and the op that made it."""
        if self.leaf:
            return self.name or "leaf"
        return f"{self.name} = {self.op}" if self.name else self.op

    @property
    def ref(self) -> str:
        """How a caption names this tensor: `s`, `x`, or `(x + y)`."""
        return self.name or (
            self.formula if self.precedence == ATOM else f"({self.formula})"
        )

    @property
    def value(self) -> str:
        return short(self.value_tensor)

    @property
    def grad(self) -> str:
        return short(self.grad_tensor)


@dataclass
class Graph:
    nodes: list[Node]  # root first, then depth-first through next_functions
    edges: list[tuple[str, str]]  # (input node id, op node id): the way data flows
    root: str  # the variable name of the loss

    def __getitem__(self, id: str) -> Node:
        return next(n for n in self.nodes if n.id == id)

    def find(self, label: str) -> Node:
        """The node a reader would call `label`: a variable name, or an op."""
        return next(n for n in self.nodes if label in (n.name, n.op, n.label))

    @property
    def forward(self) -> list[Node]:
        return sorted(
            (n for n in self.nodes if not n.leaf), key=lambda n: n.forward_index
        )

    @property
    def backward(self) -> list[Node]:
        return sorted(
            (n for n in self.nodes if n.backward_index), key=lambda n: n.backward_index
        )


@dataclass
class _Op:
    order: int
    func: str  # "add", "rsub", "tanh", ...
    # what the op was called with: tensors (kept to name them later) and numbers
    args: list
    value: torch.Tensor
    leaf_values: dict  # id(leaf) -> that leaf's value when this op ran


def _tensors(obj) -> list[torch.Tensor]:
    if isinstance(obj, torch.Tensor):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [t for item in obj for t in _tensors(item)]
    return []


def _flat(args) -> list:
    """An op's arguments, with a list of tensors (torch.stack([a, b])) opened up."""
    return [
        a
        for arg in args
        for a in (arg if isinstance(arg, (list, tuple)) and _tensors(arg) else [arg])
    ]


class _Ledger(TorchFunctionMode):
    """Notes every op whose output has a grad_fn, in forward order."""

    def __init__(self):
        super().__init__()
        self.ops: dict = {}  # grad_fn node -> _Op

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in _tensors(out):
            if t.grad_fn is not None and t.grad_fn not in self.ops:
                leaves = {
                    id(a): a.detach().clone()
                    for a in _tensors(args)
                    if a.is_leaf and a.requires_grad
                }
                name = getattr(func, "__name__", "op").strip("_")
                self.ops[t.grad_fn] = _Op(
                    len(self.ops), name, list(args), t.detach().clone(), leaves
                )
        return out


@dataclass
class _Pass:
    """One backward call: the order its walk reached entries; ∂root/∂ each output."""

    root: torch.Tensor
    fired: list
    grads: dict


def _reachable(fn) -> list:
    """Every entry reachable from fn, each once: fn first, then depth-first."""
    seen, order, stack = set(), [], [fn]
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        order.append(fn)
        stack.extend(child for child, _ in reversed(fn.next_functions))
    return order


@contextlib.contextmanager
def _watch_backward(passes: list):
    real = torch.Tensor.backward
    busy = False  # the ledger mode hands backward back to us once more: hook only once

    def backward(self, *args, **kwargs):
        nonlocal busy
        if busy or self.grad_fn is None:
            return real(self, *args, **kwargs)
        run = _Pass(self, [], {})

        def note(fn, grad_inputs, grad_outputs):
            run.fired.append(fn)
            if grad_outputs and grad_outputs[0] is not None:
                run.grads[fn] = grad_outputs[0].detach().clone()

        handles = [
            fn.register_hook(lambda gi, go, fn=fn: note(fn, gi, go))
            for fn in _reachable(self.grad_fn)
        ]
        busy = True
        try:
            return real(self, *args, **kwargs)
        finally:
            busy = False
            for handle in handles:
                handle.remove()
            passes.append(run)

    torch.Tensor.backward = backward
    try:
        yield
    finally:
        torch.Tensor.backward = real


def _op_name(fn) -> str:
    """MulBackward0 -> mul, MseLossBackward0 -> mse_loss."""
    base = re.sub(r"Backward\d*$", "", type(fn).__name__)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", base).lower()


def _names(scope: dict) -> dict[int, str]:
    """id(tensor) -> the variable that holds it; module parameters as `model.weight`."""
    names = {}
    for name, value in scope.items():
        if name.startswith("_"):
            continue
        if isinstance(value, torch.Tensor):
            names.setdefault(id(value), name)
        elif isinstance(value, torch.nn.Module):
            for pname, p in value.named_parameters():
                names.setdefault(id(p), f"{name}.{pname}")
    return names


def _formula(func: str, parts: list[tuple[str, int]]) -> tuple[str, int]:
    """Write an op on its inputs as the program did; returns (text, precedence)."""
    reverse = func[:1] == "r" and func[1:] in SYMBOLS  # 2 - x calls x.__rsub__(2)
    # x += y calls x.__iadd__(y)
    if reverse or (func[:1] == "i" and func[1:] in SYMBOLS):
        func = func[1:]
    if func in SYMBOLS and len(parts) == 2:
        (a, pa), (b, pb) = parts[::-1] if reverse else parts
        sym = SYMBOLS[func]
        prec = PRECEDENCE[sym]
        a = a if pa > prec or (pa == prec and sym != "**") else f"({a})"
        b = b if pb > prec or (pb == prec and sym in "+*") else f"({b})"
        return f"{a} {sym} {b}", prec
    if func == "neg" and len(parts) == 1:
        a, pa = parts[0]
        return ("-" + a if pa == ATOM else f"-({a})"), ATOM
    return f"{func}({', '.join(text for text, _ in parts)})", ATOM


def _children_first(root) -> list:
    """Every entry reachable from root, each after all of its inputs (post-order)."""
    order, seen = [], set()

    def visit(fn):
        if fn is None or fn in seen:
            return
        seen.add(fn)
        for child, _ in fn.next_functions:
            visit(child)
        order.append(fn)

    visit(root)
    return order


def _loss(scope: dict, root: str, path: Path):
    """The program's variable `root`, which must be a tensor that autograd made."""
    loss = scope.get(root)
    if not isinstance(loss, torch.Tensor) or loss.grad_fn is None:
        raise FigureError(
            f"{path.name}: `{root}` is not a tensor with a grad_fn, so it has no graph "
            "to draw"
        )
    return loss


def _backward_from(loss: torch.Tensor, passes: list[_Pass]) -> _Pass | None:
    """The backward pass that started from this very tensor (the last one, if several
    did), else one that started from the same graph; None if none did."""
    run = next((p for p in reversed(passes) if p.root is loss), None)
    return run or next(
        (p for p in reversed(passes) if p.root.grad_fn is loss.grad_fn), None
    )


def _op_names(scope: dict, root: str) -> dict:
    """grad_fn -> the variable that holds that op's output; the loss is `root`."""
    op_names = {}
    for name, value in scope.items():
        if (
            isinstance(value, torch.Tensor)
            and value.grad_fn is not None
            and not name.startswith("_")
        ):
            op_names.setdefault(value.grad_fn, name)
    op_names[scope[root].grad_fn] = root
    return op_names


@dataclass
class _Found:
    """What the run left behind, gathered once, for making the graph's nodes."""

    ids: dict  # grad_fn -> node id
    names: dict[int, str]  # id(tensor) -> variable
    op_names: dict  # grad_fn -> the variable that holds that op's output
    leaf_values: dict  # id(leaf) -> its value when an op of this graph used it
    ops: dict  # the ledger: grad_fn -> _Op
    grads: dict  # grad_fn -> ∂root/∂(its output), from the backward pass
    backward_ran: bool  # whether a backward pass started from the root


def _gather(
    scope: dict, root: str, entries: list, ids: dict, ledger: _Ledger, run
) -> _Found:
    """Collect what naming and valuing the nodes needs from the program's variables,
    the ledger and the backward pass `run` (None if there was none)."""
    leaf_values = {}
    for fn in entries:
        if fn in ledger.ops:
            leaf_values.update(ledger.ops[fn].leaf_values)
    return _Found(
        ids=ids,
        names=_names(scope),
        op_names=_op_names(scope, root),
        leaf_values=leaf_values,
        ops=ledger.ops,
        grads=run.grads if run else {},
        backward_ran=run is not None,
    )


def _leaf_node(fn, leaf: torch.Tensor, found: _Found) -> Node:
    """The node of an AccumulateGrad entry: where the gradient lands in leaf.grad."""
    name = found.names.get(id(leaf))
    value = found.leaf_values.get(id(leaf), leaf.detach().clone())
    grad = found.grads.get(fn, leaf.grad if found.backward_ran else None)
    return Node(found.ids[fn], "leaf", name, name or "leaf", value, grad, 0, None)


def _write_formula(node: Node, fn, nodes: dict, seq: dict, found: _Found) -> float:
    """Fill in an op node's formula from its inputs' nodes, which are made already;
    returns its place in forward order."""
    op = found.ops.get(fn)
    if op is None:
        # made inside another op (the transpose inside linear): written from its inputs
        inputs = [c for c, _ in fn.next_functions if c is not None]
        node.formula, node.precedence = _formula(
            node.op, [_describe(nodes[c], nodes, found.names) for c in inputs]
        )
        return max((seq.get(c, -1) for c in inputs), default=-1) + 0.5
    parts = [_describe(a, nodes, found.names) for a in _flat(op.args)]
    node.formula, node.precedence = _formula(op.func, [p for p in parts if p])
    return op.order


def _nodes(loss_fn, found: _Found) -> dict:
    """grad_fn -> Node for every entry, each made after its inputs, numbered in the
    order the ops ran."""
    nodes, seq = {}, {}
    for fn in _children_first(loss_fn):
        leaf = getattr(fn, "variable", None)
        if leaf is not None:
            nodes[fn] = _leaf_node(fn, leaf, found)
            continue
        op = found.ops.get(fn)
        # stored before its formula is written: an in-place op's input is its output
        node = nodes[fn] = Node(
            found.ids[fn],
            _op_name(fn),
            found.op_names.get(fn),
            "",
            op and op.value,
            found.grads.get(fn),
            0,
            None,
        )
        seq[fn] = _write_formula(node, fn, nodes, seq, found)
    for i, fn in enumerate(sorted(seq, key=seq.get)):
        nodes[fn].forward_index = i + 1
    return nodes


def record(path_or_rel: str | Path, root: str) -> Graph:
    """Run snippets/<rel> (or an absolute path); return the graph behind `root`."""
    path = Path(path_or_rel)
    path = path if path.is_absolute() else SNIPPETS / path
    ledger, passes = _Ledger(), []
    with _watch_backward(passes), ledger:
        scope, _ = run_file(path, announced=Program(path).raises)
    loss = _loss(scope, root, path)
    entries = _reachable(loss.grad_fn)  # the order nodes are listed and laid out in
    if len(entries) > MAX_NODES:
        raise FigureError(
            f"{path.name}: the graph behind `{root}` has {len(entries)} entries; draw "
            "a smaller one"
        )
    ids = {fn: f"n{i}" for i, fn in enumerate(entries)}
    edges = [
        (ids[child], ids[fn])
        for fn in entries
        for child, _ in fn.next_functions
        if child is not None
    ]
    run = _backward_from(loss, passes)
    fired = [fn for fn in run.fired if fn in ids] if run else []
    nodes = _nodes(loss.grad_fn, _gather(scope, root, entries, ids, ledger, run))
    for i, fn in enumerate(fired):
        nodes[fn].backward_index = i + 1
    return Graph([nodes[fn] for fn in entries], edges, root)


def _describe(arg, nodes: dict, names: dict) -> tuple[str, int] | None:
    """An op's input as text: a variable name, its formula, or a constant."""
    if isinstance(arg, torch.Tensor):
        if id(arg) in names:
            return names[id(arg)], ATOM
        if arg.grad_fn not in nodes:
            return short(arg), ATOM  # a constant: no gradient flows into it
        arg = nodes[arg.grad_fn]
    if isinstance(arg, Node):
        if arg.name or len(arg.formula) > 24:  # a long formula would drown the caption
            return arg.name or f"{arg.op}(…)", ATOM
        return arg.formula, arg.precedence
    if isinstance(arg, bool) or arg is None:
        return None
    if isinstance(arg, (int, float)):
        return f"{arg:.4g}", ATOM
    if isinstance(arg, (list, tuple)) and all(isinstance(a, int) for a in arg):
        return str(tuple(arg)), ATOM
    return None
