"""Predict first: a block hides its output until the reader has committed to a guess.

An author marks a block on the fence line, and says what to predict:

    ```python exec="on" predict="shape c"       what shape `c` has after the block
    ```python exec="on" predict="grad_fn loss"  what `loss.grad_fn` holds
    ```python exec="on" predict="raises"        whether the block runs or raises

Every choice comes from this build's run of the block (the traced bindings of
scripts/run/child.py, the error it raised or did not raise): the right answer is what
the run gave, the wrong ones are other shapes the same run traced (an input of that
line, the shape reversed, a dim lost or added, another node of the ledger) or the error
that did not happen, each with an explanation built from the run. Nothing is typed by
hand.

The page arrives with the question's form shown and the output (and the block's shape
notes) hidden, so nothing answers the question before the reader has made it, not
even in the moments before the scripts run, and predict.js changes nothing visible in
the block as the page loads. docs/assets/predict.js shows the output once the right
choice is checked, or the reader presses "Show the output". Without JavaScript a
stylesheet loaded from a <noscript> in the page's head (docs/assets/noscript.css,
docs/overrides/main.html) shows the output under "Predict first" and hides the form.
The price: with JavaScript on but predict.js not loaded (a failed request), the output
cannot be shown.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from scripts.errors import PredictError
from scripts.run.result import Binding, Result, shape_text
from scripts.site.annotations import describe


@dataclass
class Choice:
    text: str  # what the reader picks (HTML-escaped on output; `code` marks names)
    why: str  # why it is right, or why it is not


def _bindings(result: Result, section: str) -> tuple[Binding, ...]:
    entry = result.section(section)
    return entry.bindings if entry else ()


def _last(bindings: Sequence[Binding], name: str) -> Binding | None:
    found = [b for b in bindings if b.name == name]
    return found[-1] if found else None


def _loaded_names(source_line: str) -> list[str]:
    """Names a line reads (`c = a @ b` -> a, b), in order."""
    try:
        tree = ast.parse(
            source_line.strip().rstrip(":")
            + ("\n    pass" if source_line.rstrip().endswith(":") else "")
        )
    except SyntaxError:
        return []
    return list(
        dict.fromkeys(
            n.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        )
    )


def _shape_choices(result: Result, section: str, name: str) -> tuple[str, list[Choice]]:
    bindings = _bindings(result, section)
    entry = _last(bindings, name)
    if entry is None:
        raise PredictError(
            f'predict="shape {name}": the run traced no tensor named {name} in this '
            "block"
        )
    truth = entry.shape
    line = result.program.source.split("\n")[entry.line - 1]
    k = entry.line - result.program.section(section).first_line + 1
    seen_at = f"the run traced `{name}` as {describe(entry)} on line {k} of this block"
    right = Choice(shape_text(truth), f"Right: {seen_at}.")
    wrong: dict[tuple, str] = {}
    everything = result.run.bindings()
    for other in _loaded_names(line):
        other_entry = _last([b for b in everything if b.line <= entry.line], other)
        if other_entry and other != name:
            wrong.setdefault(
                other_entry.shape,
                f"That is the shape of `{other}`, an input of that line, not of its "
                "result.",
            )
    for other in bindings:
        if other.name != name:
            wrong.setdefault(
                other.shape,
                f"That is the shape of `{other.name}`, made on another line of this "
                "block.",
            )
    if len(truth) >= 2:
        wrong.setdefault(
            truth[::-1],
            f"The dims in the wrong order: that would be the shape of `{name}.T`.",
        )
    if truth:
        wrong.setdefault(truth[1:], "One dim short, as if one had been summed away.")
    wrong.setdefault(
        (1, *truth), "One dim too many, as if `unsqueeze(0)` had added one."
    )
    choices = [
        Choice(shape_text(shape), why) for shape, why in wrong.items() if shape != truth
    ][:3]
    return f"What is the shape of `{name}` after this block?", [right, *choices]


def _grad_fn_choices(
    result: Result, section: str, name: str
) -> tuple[str, list[Choice]]:
    entry = _last(_bindings(result, section), name)
    if entry is None:
        raise PredictError(
            f'predict="grad_fn {name}": the run traced no tensor named {name} in this '
            "block"
        )
    truth = entry.grad_fn or "None"
    seen = f"the run traced `{name}` as {describe(entry)}" + (
        "" if entry.grad_fn else ", with no grad_fn"
    )
    right = Choice(truth, f"Right: {seen}.")
    wrong: dict[str, str] = {}
    if truth != "None":
        wrong["None"] = (
            f"None would mean the scribe recorded nothing for `{name}` (a leaf, or "
            "made with "
            "recording off); the run recorded an operation for it."
        )
    for other in result.run.bindings():
        node = other.grad_fn
        if node and node != truth and node not in wrong:
            wrong[node] = (
                f"{node} is the node the run recorded for `{other.name}`, not for "
                f"`{name}`."
            )
    choices = [Choice(text, why) for text, why in wrong.items()][:3]
    return f"What does `{name}.grad_fn` hold after this block?", [right, *choices]


def _raises_choices(result: Result, section: str) -> tuple[str, list[Choice]]:
    entry = result.section(section)
    error = entry.error if entry else None
    if error:
        first = error.message.splitlines()[0]
        right = Choice(f"It raises {error.type}", f"Right: the run raised it: {first}")
        wrong = Choice(
            "It runs to the end", f"It does not: the run stopped with {first}"
        )
    else:
        right = Choice("It runs to the end", "Right: the run raised nothing.")
        wrong = Choice(
            "It raises RuntimeError",
            "It does not: the run raised nothing.",
        )
    return "Does this block run to the end, or raise an error?", [right, wrong]


def choices_for(
    option: str, result: Result, section: str
) -> tuple[str, list[Choice], int]:
    """(question, choices in display order, index of the right one) for
    predict="<option>"."""
    kind, _, name = option.strip().partition(" ")
    name = name.strip()
    if kind == "shape" and name:
        question, found = _shape_choices(result, section, name)
    elif kind == "grad_fn" and name:
        question, found = _grad_fn_choices(result, section, name)
    elif kind == "raises" and not name:
        question, found = _raises_choices(result, section)
    else:
        raise PredictError(
            f'predict="{option}": write predict="shape NAME", "grad_fn NAME" or '
            '"raises"'
        )
    if len(found) < 2:
        raise PredictError(
            f'predict="{option}": the run offers no wrong answer to choose from'
        )
    right = found[0]
    # a fixed order that does not give it away
    ordered = sorted(found, key=lambda c: c.text)
    return question, ordered, ordered.index(right)


def _code(text: str) -> str:
    """Escape, then show `name` as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def wrap(output: str, option: str, result: Result, section: str, origin: str) -> str:
    """The block's output, hidden, under a "Predict first" question (the output itself
    unchanged)."""
    if not result.executed:
        return output
    question, choices, right = choices_for(option, result, section)
    # unique on the print page too
    name = "predict-" + re.sub(r"\W+", "-", origin.removeprefix("docs/")).strip("-")
    radios = "".join(
        f'<label><input type="radio" name="{name}" value="{i}"> {_code(c.text)}</label>'
        for i, c in enumerate(choices)
    )
    whys = "".join(
        f'<li data-choice="{i}">{_code(c.why)}</li>' for i, c in enumerate(choices)
    )
    return (
        f'<div class="predict" data-right="{right}">'
        '<p class="predict__title"><strong>Predict first.</strong> '
        f"{_code(question)}</p>"
        '<fieldset class="predict__form"><legend>Your '
        f"prediction</legend>{radios}"
        '<p class="predict__buttons"><button type="button" class="md-button '
        'predict__check">Check</button> '
        '<button type="button" class="md-button predict__show">Show the '
        "output</button></p></fieldset>"
        f'<ul class="predict__why" hidden>{whys}</ul>'
        '<p class="predict__feedback" role="status"></p>'
        f'<div class="predict__output" hidden>{output}</div></div>'
    )
