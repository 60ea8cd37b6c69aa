"""Grading the exercise (docs/exercise.md): does a solution do what the task asks?

`grade()` runs a solution and the bonus program in this process (runpy, their printing
captured) and returns one Check per promise of the task:

(a) fit:          the trained model's MSE on y = sin(x), 200 points on [-pi, pi], is
                  below FIT_THRESHOLD, reached within 1000 training steps.
(b) architecture: the model holds exactly two nn.Linear layers (1 -> 16 -> 1),
                  registered by assigning them as attributes in __init__, and no
                  nn.Sequential: neither in the live module tree nor anywhere in the
                  source.
(c) bonus:        SGD and Adam compared over at least 5 seeds each, as steps until
                  the loss first drops below a threshold, with a median and a spread
                  per optimizer that agree with the per-seed numbers (recomputed here).

The threshold of (a)
--------------------

FIT_THRESHOLD = 0.01. The variance of sin(x) over [-pi, pi] is 1/2 (0.4975 on the
200-point grid): that is exactly the MSE of the "know nothing" model that predicts 0
everywhere (the starter's stand-in scores it). An MSE of 0.01 is a fiftieth of that
variance (R^2 = 0.98), and it is an RMS error of 0.1 on a curve of amplitude 1: by eye,
the fitted curve sits on the sine. It is also the threshold the bonus uses for
"converged", so the page talks about one notion of "good enough". It sits between the
two kinds of answer the check must tell apart: a network that has learned the curve
gets below it with room to spare, while one that has only learned the trend (a
straight line, whose MSE is an order of magnitude above it) or is far from converged
stays above it. The final model is scored, not the best step: full-batch SGD at lr 0.1
has spikes, and the model you keep is the one after the last step.

The variable names read from the programs are those of snippets/exercise/: the
solution leaves `model` (an instance of its nn.Module subclass), `losses` (one per
step) and `final_mse`; the bonus leaves `SEEDS`, `THRESHOLD`, and per optimizer
`steps_<run>` (the first step below the threshold per seed, None when never),
`median_steps_<run>` and `spread_<run>` (min-max over the runs that got there), with
<run> naming SGD or Adam (`steps_sgd`, `steps_adam`, ...). `curves` (the loss curves
per run and seed), when present, is used to recompute the per-seed steps.

Plain Python (no MkDocs). `grade_html(checks)` renders the result as a small table for a
hidden build block on the exercise page.
"""

from __future__ import annotations

import ast
import math
import re
import traceback
from dataclasses import dataclass
from html import escape
from pathlib import Path

from scripts.paths import SNIPPETS
from scripts.run.inprocess import run_file

FIT_THRESHOLD = 0.01  # MSE; see the module docstring for why
MAX_STEPS = 1000
HIDDEN = 16
MIN_SEEDS = 5
# The checks' names: what the grading table shows, whether a check ran or crashed.
FIT = "fit: MSE on sin(x) below the threshold within 1000 steps"
ARCHITECTURE = (
    "architecture: two nn.Linear attributes set in __init__, no nn.Sequential"
)
BONUS = f"bonus: SGD against Adam over at least {MIN_SEEDS} seeds, median and spread"
N_POINTS = 200


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


def _path(rel_or_path: str | Path) -> Path:
    """snippets/<rel> for a name relative to snippets/, else the path itself."""
    candidate = SNIPPETS / str(rel_or_path)
    if not Path(rel_or_path).is_absolute() and candidate.is_file():
        return candidate
    return Path(rel_or_path)


def _failed(name: str, what: str, error: BaseException) -> Check:
    last = "".join(traceback.format_exception_only(type(error), error)).strip()
    return Check(name, False, f"{what} did not run: {last}")


# -------------------------------------------------------------------------- (a) the fit


def _fit_problems(mse: float, losses, reported) -> list[str]:
    """What keeps a model with this MSE from passing (a): `losses` and `final_mse` as
    the solution left them."""
    problems = []
    if not isinstance(losses, (list, tuple)) or not losses:
        problems.append(
            "no list `losses` (one loss per training step) to count the steps"
        )
    elif len(losses) > MAX_STEPS:
        problems.append(f"it trained for {len(losses)} steps, more than {MAX_STEPS}")
    if not mse < FIT_THRESHOLD:
        problems.append(f"MSE {mse:.5f} is not below {FIT_THRESHOLD}")
    if isinstance(reported, float) and not math.isclose(
        reported, mse, rel_tol=1e-4, abs_tol=1e-7
    ):
        problems.append(
            f"the solution reports final_mse = {reported:.5f}, but its model scores "
            f"{mse:.5f}"
        )
    return problems


def check_fit(namespace: dict) -> Check:
    name = FIT
    import torch

    model = namespace.get("model")
    if not isinstance(model, torch.nn.Module):
        return Check(
            name, False, "the solution leaves no `model` (an nn.Module) behind"
        )
    x = torch.linspace(-math.pi, math.pi, N_POINTS).unsqueeze(-1)
    try:
        with torch.no_grad():
            mse = torch.mean((model(x) - torch.sin(x)) ** 2).item()
    # A wrong solution is reported, not raised.
    except Exception as error:  # noqa: BLE001
        return _failed(name, "the model on x of shape (200, 1)", error)
    variance = torch.var(torch.sin(x), unbiased=False).item()
    losses = namespace.get("losses")
    problems = _fit_problems(mse, losses, namespace.get("final_mse"))
    steps = (
        f"after {len(losses)} steps"
        if isinstance(losses, (list, tuple)) and losses
        else "after training"
    )
    detail = (
        f"MSE {mse:.5f} {steps} (threshold {FIT_THRESHOLD}); "
        f"R² = {1 - mse / variance:.3f} against the variance of sin(x), {variance:.4f}"
    )
    if problems:
        detail += ". " + "; ".join(problems)
    return Check(name, not problems, detail)


# ----------------------------------------------------------------- (b) the architecture


def _sequential_in_source(source: str) -> list[int]:
    """Lines where the source names Sequential: nn.Sequential, torch.nn.Sequential or
    an import of it."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id == "Sequential":
            lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "Sequential":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(
            a.name == "Sequential" for a in node.names
        ):
            lines.append(node.lineno)
    return sorted(set(lines))


def _init_attributes(source: str, class_name: str) -> set[str] | None:
    """The names assigned as `self.<name> = ...` in the class's __init__; None if
    the source defines no such class."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef)
                    and item.name == "__init__"
                    and item.args.args
                ):
                    self_name = item.args.args[0].arg
                    names = set()
                    for sub in ast.walk(item):
                        targets = (
                            sub.targets
                            if isinstance(sub, ast.Assign)
                            else (
                                [sub.target]
                                if isinstance(sub, (ast.AnnAssign, ast.AugAssign))
                                else []
                            )
                        )
                        for target in targets:
                            if (
                                isinstance(target, ast.Attribute)
                                and isinstance(target.value, ast.Name)
                                and target.value.id == self_name
                            ):
                                names.add(target.attr)
                    return names
            return set()
    return None


def _layer_problems(cls: str, children: list, linear: list) -> list[str]:
    """Whether the model's sub-modules are exactly two nn.Linear, 1 -> 16 -> 1."""
    if len(children) != 2 or len(linear) != 2:
        kinds = ", ".join(f"{n}: {type(m).__name__}" for n, m in children) or "none"
        return [
            f"{cls} holds {len(children)} sub-modules ({kinds}), not exactly two "
            "nn.Linear"
        ]
    (n1, first), (n2, second) = linear
    shape = (
        f"{first.in_features} -> {first.out_features} | {second.in_features} "
        f"-> {second.out_features}"
    )
    if (
        first.in_features,
        first.out_features,
        second.in_features,
        second.out_features,
    ) != (1, HIDDEN, HIDDEN, 1):
        return [f"the layers are {shape}, not 1 -> {HIDDEN} -> 1"]
    return []


def _sequential_problems(model, source: str) -> list[str]:
    """Where nn.Sequential shows up: in the live module tree, then in the source."""
    import torch.nn as nn

    problems = []
    sequential = [
        n or "(the model)"
        for n, m in model.named_modules()
        if isinstance(m, nn.Sequential)
    ]
    if sequential:
        problems.append(f"nn.Sequential in the model: {', '.join(sequential)}")
    lines = _sequential_in_source(source)
    if lines:
        problems.append(
            f"the source names Sequential on line {', '.join(map(str, lines))}"
        )
    return problems


def _registration_problems(source: str, cls: str, children: list) -> list[str]:
    """Sub-modules that the class's __init__ does not assign as self.<name>."""
    assigned = _init_attributes(source, cls)
    if assigned is None:
        return [f"class {cls} is not defined in the solution's source"]
    missing = [n for n, _ in children if n not in assigned]
    if missing:
        return [f"not assigned as self.<name> in {cls}.__init__: {', '.join(missing)}"]
    return []


def check_architecture(namespace: dict, source: str) -> Check:
    name = ARCHITECTURE
    import torch.nn as nn

    model = namespace.get("model")
    if not isinstance(model, nn.Module):
        return Check(
            name, False, "the solution leaves no `model` (an nn.Module) behind"
        )
    cls = type(model).__name__
    children = list(model.named_children())
    linear = [(n, m) for n, m in children if type(m) is nn.Linear]
    problems = (
        _layer_problems(cls, children, linear)
        + _sequential_problems(model, source)
        + _registration_problems(source, cls, children)
    )
    if problems:
        return Check(name, False, "; ".join(problems))
    names = " and ".join(
        f"self.{n} = nn.Linear({m.in_features}, {m.out_features})" for n, m in linear
    )
    return Check(
        name,
        True,
        f"{cls}.__init__ registers {names}; "
        "no nn.Sequential in the model or the source",
    )


# ------------------------------------------------------------------------ (c) the bonus


def _median(values: list) -> tuple[float, float]:
    """The range of acceptable medians of per-seed steps (None = never = infinity).

    An odd count has one middle; an even count accepts either middle value or their
    mean.
    """
    ordered = sorted(math.inf if v is None else v for v in values)
    n = len(ordered)
    return (
        (ordered[n // 2], ordered[n // 2])
        if n % 2
        else (ordered[n // 2 - 1], ordered[n // 2])
    )


def _as_number(value):
    if value is None:
        return math.inf
    if isinstance(value, str) and value.strip().lower() in (
        "never",
        "-",
        "none",
        "inf",
    ):
        return math.inf
    return value


def _first_below(curve: list, threshold: float):
    return next((step for step, value in enumerate(curve) if value < threshold), None)


def _bonus_setup_problems(seeds, threshold, runs: dict) -> list[str]:
    """What the bonus must leave besides the runs: enough SEEDS, a THRESHOLD, and
    per-seed steps for both SGD and Adam."""
    problems = []
    if not isinstance(seeds, (list, tuple, range)) or len(seeds) < MIN_SEEDS:
        problems.append(
            f"SEEDS holds {len(seeds) if seeds is not None else 'no'} seeds, fewer "
            f"than {MIN_SEEDS}"
        )
    if not isinstance(threshold, (int, float)):
        problems.append("no loss THRESHOLD")
    for kind in ("sgd", "adam"):
        if not any(kind in run.lower() for run in runs):
            problems.append(
                f"no per-seed steps for {kind.upper()} (a list steps_{kind}...)"
            )
    return problems


def _curve_problems(run: str, steps, namespace: dict, threshold) -> list[str]:
    """The per-seed numbers, recomputed from the loss curves when the program kept
    them."""
    curves = (
        namespace.get("curves") if isinstance(namespace.get("curves"), dict) else {}
    )
    by_label = (
        namespace.get("steps") if isinstance(namespace.get("steps"), dict) else {}
    )
    problems = []
    for label, run_curves in curves.items():
        if by_label.get(label) is steps and isinstance(threshold, (int, float)):
            per_seed = [_first_below(c, threshold) for c in run_curves]
            if per_seed != list(steps):
                problems.append(
                    f"steps_{run} {list(steps)} disagrees with its loss curves: "
                    f"{per_seed}"
                )
    return problems


def _median_problems(run: str, steps, median) -> list[str]:
    """Whether median_steps_<run> is a median of the per-seed steps."""
    low, high = _median(steps)
    if median == "absent":
        return [f"no median_steps_{run}"]
    if not low <= _as_number(median) <= high:
        return [
            f"median_steps_{run} = {median}, but the median of {list(steps)} is "
            f"{low if low == high else f'{low}-{high}'}"
        ]
    return []


def _spread_problems(run: str, reached: list, spread) -> list[str]:
    """Whether spread_<run> names the min and max of the runs that got there, or is
    their difference."""
    if spread == "absent":
        return [f"no spread_{run} (min-max of the runs that reached the threshold)"]
    if reached:
        first, last = min(reached), max(reached)
        numbers = [int(n) for n in re.findall(r"\d+", str(spread))]
        names_both = first in numbers and last in numbers
        if not names_both and spread != last - first:
            return [
                f"spread_{run} = {spread!r}, but the runs that got there span "
                f"{first}-{last}"
            ]
    return []


def _check_run(
    run: str, steps, namespace: dict, seeds, threshold
) -> tuple[list[str], str | None]:
    """One optimizer's per-seed steps, median and spread: the problems found, and a
    summary line (None when the steps are not usable)."""
    problems = []
    if seeds is not None and len(steps) != len(seeds):
        problems.append(f"steps_{run} has {len(steps)} entries for {len(seeds)} seeds")
    if len(steps) < MIN_SEEDS:
        problems.append(f"steps_{run} has only {len(steps)} runs")
        return problems, None
    if any(s is not None and not isinstance(s, int) for s in steps):
        problems.append(f"steps_{run} holds something other than step numbers and None")
        return problems, None
    problems += _curve_problems(run, steps, namespace, threshold)
    median = namespace.get(f"median_steps_{run}", "absent")
    problems += _median_problems(run, steps, median)
    reached = [s for s in steps if s is not None]
    spread = namespace.get(f"spread_{run}", "absent")
    problems += _spread_problems(run, reached, spread)
    shown_median = "never" if _as_number(median) == math.inf else median
    summary = (
        f"{run}: median {shown_median}, spread {spread}, "
        f"{len(reached)}/{len(steps)} reached"
    )
    return problems, summary


def check_bonus(namespace: dict, printed: str) -> Check:
    name = BONUS
    seeds = namespace.get("SEEDS", namespace.get("seeds"))
    threshold = namespace.get("THRESHOLD", namespace.get("threshold"))
    runs = {
        key[len("steps_") :]: value
        for key, value in namespace.items()
        if key.startswith("steps_") and isinstance(value, (list, tuple))
    }
    problems = _bonus_setup_problems(seeds, threshold, runs)
    summary = []
    for run, steps in sorted(runs.items()):
        run_problems, line = _check_run(run, steps, namespace, seeds, threshold)
        problems += run_problems
        if line is not None:
            summary.append(line)
    if runs and "median" not in printed.lower():
        problems.append("the program prints no median")
    detail = (
        f"{len(seeds) if seeds is not None else 0} seeds, threshold {threshold}; "
        + "; ".join(summary)
    )
    if problems:
        detail += ". Problems: " + "; ".join(problems)
    return Check(name, not problems, detail)


# --------------------------------------------------------------------------- all of it


def _grade_solution(solution_rel: str | Path) -> list[Check]:
    """Checks (a) and (b); both fail, with the error, if the solution does not run."""
    solution = _path(solution_rel)
    try:
        namespace, _ = run_file(solution)
    # SystemExit included: a grade, not a crash.
    except BaseException as error:  # noqa: BLE001
        return [
            _failed(FIT, str(solution_rel), error),
            _failed(ARCHITECTURE, str(solution_rel), error),
        ]
    source = solution.read_text(encoding="utf-8")
    return [check_fit(namespace), check_architecture(namespace, source)]


def _grade_bonus(bonus_rel: str | Path) -> Check:
    """Check (c); it fails, with the error, if the bonus program does not run."""
    bonus = _path(bonus_rel)
    try:
        namespace, printed = run_file(bonus)
    except BaseException as error:  # noqa: BLE001
        return _failed(BONUS, str(bonus_rel), error)
    return check_bonus(namespace, printed)


def grade(
    solution_rel: str | Path = "exercise/solution.py",
    bonus_rel: str | Path | None = "exercise/bonus.py",
) -> list[Check]:
    """Run the solution and the bonus (under snippets/, or any paths): one Check per
    promise of the task.

    `bonus_rel=None` grades the solution alone (checks a and b).
    """
    checks = _grade_solution(solution_rel)
    if bonus_rel is None:
        return checks
    return checks + [_grade_bonus(bonus_rel)]


def grade_html(checks: list[Check]) -> str:
    """The checks as a small accessible table: a caption, header scopes, and words
    beside the marks."""
    rows = []
    for check in checks:
        mark = "✔" if check.passed else "✘"
        word = "passed" if check.passed else "failed"
        rows.append(
            f'<tr class="lesson-grade--{word}">'
            f'<th scope="row">{escape(check.name)}</th>'
            f'<td><span aria-hidden="true">{mark}</span> {word}</td>'
            f"<td>{escape(check.detail)}</td></tr>"
        )
    passed = sum(c.passed for c in checks)
    return (
        '<table class="lesson-grade">'
        f"<caption>Automatic checks of the reference solution: {passed} of "
        f"{len(checks)} passed</caption>"
        '<thead><tr><th scope="col">Check</th><th scope="col">Result</th><th '
        'scope="col">Detail</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


if __name__ == "__main__":
    for check in grade():
        print(
            f"{'PASS' if check.passed else 'FAIL'}  {check.name}\n      {check.detail}"
        )
