"""Checked claims: a sentence that interprets a run carries the condition it rests on.

A page writes, right after the sentence,

    {{ claim optimizer/sgd_step.py: n_differ > 0 and max_diff < 1e-6 }}
    {{ claim recorded:gpu/inference.py: low > 1 }}

and the build evaluates the condition over the values the program left (the values a
`{{ file.py:name }}` placeholder quotes; `recorded:` reads the GPU recording of the
program as it is now). A true claim is drawn as a small check mark that names its
condition; a false one stops the strict build with the page line, the claim and the
values it read. A condition is a Python expression of a small kind, evaluated here by
walking its syntax tree (never `eval`): literals, names, indexing, comparisons,
`and`/`or`/`not`, `in`, arithmetic, lists and tuples, and a few functions (FUNCTIONS).
It must come out True or False.
"""

from __future__ import annotations

import ast
import html
import operator
import re
from dataclasses import dataclass, field

from scripts.errors import MeasuredError

CLAIM = re.compile(
    r"\{\{\s*claim\s+(?P<recorded>recorded:)?(?P<file>[\w./-]+\.py)\s*:"
    r"(?P<condition>.*?)\}\}",
    re.DOTALL,
)

FUNCTIONS = {
    "abs": abs,
    "all": all,
    "any": any,
    "len": len,
    "max": max,
    "min": min,
    "round": round,
    "sum": sum,
}
_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_UNARY = {ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos}
_ALLOWED = (
    "literals, names the program leaves, indexing, comparisons, and/or/not, in, "
    f"+ - * / // % **, lists, tuples and the functions {', '.join(FUNCTIONS)}"
)


class ClaimSyntaxError(MeasuredError):
    """A condition that is not an expression of the allowed kind."""


@dataclass
class Claim:
    """One claim as the build judged it."""

    where: str  # docs/page.md:line
    file: str  # the program, relative to snippets/
    condition: str
    recorded: bool = False
    holds: bool | None = None  # None: not judged (no recording, or the program failed)
    read: dict[str, object] = field(default_factory=dict)  # what the condition read

    def values_text(self) -> str:
        return ", ".join(f"{name} = {_short(v)}" for name, v in self.read.items())

    def false_message(self) -> str:
        source = "its GPU recording of " if self.recorded else ""
        read = self.values_text() or "nothing read"
        return (
            f"{self.where}: claim is false: {self.condition} "
            f"({source}snippets/{self.file} left {read})"
        )


def _short(value: object) -> str:
    text = f"{value:.4g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def parse(condition: str, where: str) -> ast.Expression:
    """The condition's syntax tree; a ClaimSyntaxError at `where` if it is not one."""
    if not condition.strip():
        raise ClaimSyntaxError(f"{where}: the claim has no condition after the program")
    try:
        tree = ast.parse(condition.strip(), mode="eval")
    except SyntaxError as error:
        raise ClaimSyntaxError(
            f"{where}: cannot read the claim's condition {condition.strip()!r}: "
            f"{error.msg}"
        ) from None
    for node in ast.walk(tree):
        if not isinstance(node, _NODES):
            raise ClaimSyntaxError(
                f"{where}: {ast.unparse(node)!r} is not allowed in a claim "
                f"(allowed: {_ALLOWED})"
            )
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS
            and not node.keywords
        ):
            raise ClaimSyntaxError(
                f"{where}: {ast.unparse(node)!r}: a claim calls only "
                f"{', '.join(FUNCTIONS)}, with plain arguments"
            )
    return tree


_NODES = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Subscript,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.BinOp,
    ast.Compare,
    ast.Call,
    ast.List,
    ast.Tuple,
    *_BINARY,
    *_COMPARE,
    *_UNARY,
)


class _Evaluator:
    """Evaluates a parsed condition over `values`, noting each value it read (a name,
    or a name indexed: `big["low"]`) for the build's messages."""

    def __init__(self, values: dict, where: str, file: str):
        self.values, self.where, self.file = values, where, file
        self.read: dict[str, object] = {}

    def __call__(self, node: ast.AST) -> object:
        value = self._value(node)
        if isinstance(node, (ast.Name, ast.Subscript)):
            self.read.setdefault(ast.unparse(node), value)
        return value

    def _value(self, node: ast.AST) -> object:
        match node:
            case ast.Expression(body=body):
                return self(body)
            case ast.Constant(value=value):
                return value
            case ast.Name(id=name):
                if name not in self.values:
                    left = ", ".join(sorted(self.values)) or "none"
                    raise MeasuredError(
                        f"{self.where}: snippets/{self.file} leaves no simple value "
                        f"named '{name}' (it has: {left})"
                    )
                return self.values[name]
            case ast.Subscript(value=container, slice=key):
                # The container is read as a whole only to index it: not noted.
                inner = self._value(container)
                return inner[self._value(key)]
            case ast.BoolOp(op=ast.And(), values=parts):
                result: object = True
                for part in parts:
                    result = self(part)
                    if not result:
                        return result
                return result
            case ast.BoolOp(op=ast.Or(), values=parts):
                result = False
                for part in parts:
                    result = self(part)
                    if result:
                        return result
                return result
            case ast.UnaryOp(op=op, operand=operand):
                return _UNARY[type(op)](self(operand))
            case ast.BinOp(left=left, op=op, right=right):
                return _BINARY[type(op)](self(left), self(right))
            case ast.Compare(left=left, ops=ops, comparators=rights):
                current = self(left)
                for op, right in zip(ops, rights, strict=True):
                    following = self(right)
                    if not _COMPARE[type(op)](current, following):
                        return False
                    current = following
                return True
            case ast.Call(func=ast.Name(id=name), args=args):
                return FUNCTIONS[name](*(self(arg) for arg in args))
            case ast.List(elts=items) | ast.Tuple(elts=items):
                return [self(item) for item in items]
        raise ClaimSyntaxError(f"{self.where}: {ast.unparse(node)!r} is not allowed")


def judge(claim: Claim, values: dict) -> Claim:
    """Evaluate the claim over a program's values: sets `holds` and `read`."""
    evaluate = _Evaluator(values, claim.where, claim.file)
    tree = parse(claim.condition, claim.where)
    try:
        result = evaluate(tree)
    except MeasuredError:
        raise
    except (IndexError, KeyError, TypeError, ValueError, ZeroDivisionError) as error:
        raise MeasuredError(
            f"{claim.where}: cannot evaluate the claim {claim.condition}: "
            f"{type(error).__name__}: {error}"
        ) from None
    claim.read = evaluate.read
    if not isinstance(result, bool):
        raise MeasuredError(
            f"{claim.where}: the claim {claim.condition} is not a condition: it comes "
            f"out as {_short(result)}, not True or False"
        )
    claim.holds = result
    return claim


def mark(claim: Claim) -> str:
    """The claim on the page: a check mark that names its condition. The values are
    left out on purpose (a timing's differ from build to build; the sentence beside
    the mark quotes what the reader needs), so two builds draw the same mark."""
    if claim.holds is None:
        why = (
            "no GPU recording of this program as it is now"
            if claim.recorded
            else "the program failed"
        )
        return (
            '<span class="claim" data-claim="unchecked">'
            f"(not checked: {html.escape(why)})</span>"
        )
    run = "the GPU recording of" if claim.recorded else "the run of"
    label = html.escape(f"Checked against {run} {claim.file}: ")
    label += html.escape(claim.condition)
    return (
        f'<span class="claim" data-claim="checked" role="img" aria-label="{label}" '
        f'title="{label}">✓</span>'
    )


def report_lines(judged: list[Claim]) -> list[str]:
    """The build report's claims: the count first (`claims: N checked, 0 false`),
    then each claim with its page line and the values it read."""
    checked = [c for c in judged if c.holds is not None]
    false = [c for c in checked if not c.holds]
    head = f"claims: {len(checked)} checked, {len(false)} false"
    if unchecked := len(judged) - len(checked):
        head += f", {unchecked} not checked (no current GPU recording, or a failed run)"
    lines = [head]
    for claim in sorted(judged, key=lambda c: c.where):
        state = {True: "true ", False: "FALSE", None: "n/a  "}[claim.holds]
        source = "recorded:" if claim.recorded else ""
        lines.append(
            f"  {state}  {claim.where}  {source}{claim.file}: {claim.condition}"
            + (f"  [{claim.values_text()}]" if claim.read else "")
        )
    return lines
