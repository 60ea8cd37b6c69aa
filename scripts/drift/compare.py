"""A program's run under another torch against the build's own run: the verdict.

Verdicts, the first that applies:

- fails: the program does not run as the page shows it (an error it does not announce,
  an announced error that no longer comes, or the interpreter died); with the error.
- changed: a block's output differs (printed text, the error a block shows, the shape
  notes beside the code), or a value the pages can quote. A program that reads a clock
  (Program.measures_time) leaves timings among its values, which differ from run to
  run: its values are not compared ("timing: values not compared"), as the
  reproducibility test masks them (data-varies="timing"); what it prints is (a program
  never prints a timing) and so are its claims.
- claims: a claim on the program (`{{ claim file.py: ... }}` in docs/) that holds on the
  build's run no longer holds, or can no longer be judged; `recorded:` claims are
  skipped (they read a GPU recording, not this run). A claim that fails on the build's
  run too is listed ("in the build too") but is no drift.
- warns: the run raised warnings (each with the program's line), whether or not the
  build's torch raises them too (`new` says which).
- same: none of these.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from scripts.errors import MeasuredError, RunError
from scripts.run.programs import Program
from scripts.run.result import Run
from scripts.run.runner import Result
from scripts.site import claims as claims_module
from scripts.site.claims import Claim

from .runs import Outcome, Warned

ORDER = ("fails", "changed", "claims", "warns", "same")


@dataclass
class Finding:
    """What the drift report says about one program."""

    program: str  # relative to snippets/
    verdict: str  # one of ORDER
    error: str | None = None  # why it fails
    base_error: str | None = None  # the build's own run failed too: why
    diffs: list[tuple[str, str]] = field(default_factory=list)  # (block, diff)
    values: list[tuple[str, object, object]] = field(default_factory=list)
    timing: bool = False  # values read from a clock: not compared
    claims: list[tuple[Claim, str]] = field(default_factory=list)  # (claim, why)
    claims_skipped: int = 0  # recorded: claims
    claims_held: int = 0
    warnings: list[tuple[Warned, bool]] = field(default_factory=list)  # (w, new)


def page_claims(docs: Path) -> dict[str, list[Claim]]:
    """Every claim in docs/*.md, by program (relative to snippets/)."""
    found: dict[str, list[Claim]] = {}
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in claims_module.CLAIM.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            where = f"docs/{page.relative_to(docs).as_posix()}:{line}"
            claim = Claim(
                where,
                match.group("file"),
                match.group("condition").strip(),
                recorded=bool(match.group("recorded")),
            )
            found.setdefault(claim.file, []).append(claim)
    return found


def block_name(program: Program, section: str) -> str:
    return f"{program.rel}:{section}" if section else program.rel


def _shown(section) -> str:
    """What a block shows: its printed text, then the error it raised, if any."""
    text = section.stdout
    if section.error:
        text += section.error.message + "\n"  # as Python prints it: "Type: text"
    return text


def _notes(section) -> str:
    return "".join(
        f"line {b.line}: {b.name} {list(b.shape)} {b.dtype} {b.device}"
        f" requires_grad={b.requires_grad} grad_fn={b.grad_fn} ({b.run_pass})\n"
        for b in section.bindings
    )


def _diff(before: str, after: str, label: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            f"{label} (build)",
            f"{label} (other torch)",
            lineterm="\n",
        )
    )


def _block_diffs(program: Program, base: Run, other: Run) -> list[tuple[str, str]]:
    diffs = []
    names = [s.name for s in program.sections()]
    for name in names:
        mine, theirs = base.section(name), other.section(name)
        if mine is None and theirs is None:
            continue
        label = block_name(program, name)
        before = _shown(mine) if mine else "(not run)\n"
        after = _shown(theirs) if theirs else "(not run)\n"
        if before != after:
            diffs.append((label, _diff(before, after, label)))
        notes_before = _notes(mine) if mine else ""
        notes_after = _notes(theirs) if theirs else ""
        if notes_before != notes_after:
            diffs.append(
                (f"{label} shape notes", _diff(notes_before, notes_after, label))
            )
    return diffs


_MISSING = "(not left)"


def _value_changes(base: Run, other: Run) -> list[tuple[str, object, object]]:
    changes = []
    for name in sorted(set(base.values) | set(other.values)):
        before = base.values.get(name, _MISSING)
        after = other.values.get(name, _MISSING)
        if before != after:
            changes.append((name, before, after))
    return changes


def _judged(claim: Claim, values: dict) -> tuple[bool, str]:
    """(holds, why not) of a claim over a run's values."""
    judged = Claim(claim.where, claim.file, claim.condition)
    try:
        claims_module.judge(judged, values)
    except MeasuredError as error:
        return False, f"cannot be judged: {error}"
    return bool(judged.holds), f"false ({judged.values_text()})"


def _judge(claims: list[Claim], base: Run | None, other: Run, finding: Finding):
    """Judge each claim on the other run; one that fails there is drift only if it
    holds on the build's own run (else it is noted as failing in the build too)."""
    for claim in claims:
        if claim.recorded:
            finding.claims_skipped += 1
            continue
        holds, why = _judged(claim, other.values)
        if holds:
            finding.claims_held += 1
            continue
        in_build = base is not None and _judged(claim, base.values)[0]
        finding.claims.append((claim, why if in_build else why + BUILD_TOO))


BUILD_TOO = "; in the build too"


def compare(
    program: Program,
    base: Result | RunError,
    other: Outcome,
    claims: list[Claim],
    base_warnings: list[Warned] | None = None,
) -> Finding:
    """The finding for one program. `base_warnings`: the warnings the build's torch
    raises for it (None: not looked at, every warning counts as new)."""
    finding = Finding(program.rel, "same", timing=program.measures_time)
    if isinstance(base, RunError):
        finding.base_error = str(base)
    elif base.problem():
        finding.base_error = base.problem()
    if other.run is None:
        finding.verdict, finding.error = "fails", other.crashed
        return finding
    problem = Result(program, other.run, 0.0, False).problem()
    seen = {w.key() for w in base_warnings} if base_warnings is not None else set()
    finding.warnings = [(w, w.key() not in seen) for w in other.warnings]
    if problem:
        finding.verdict, finding.error = "fails", problem
        return finding
    base_run = None if isinstance(base, RunError) else base.run
    _judge(claims, base_run, other.run, finding)
    if not isinstance(base, RunError):
        finding.diffs = _block_diffs(program, base.run, other.run)
        if not program.measures_time:
            finding.values = _value_changes(base.run, other.run)
    if finding.diffs or finding.values:
        finding.verdict = "changed"
    elif any(not why.endswith(BUILD_TOO) for _, why in finding.claims):
        finding.verdict = "claims"
    elif finding.warnings:
        finding.verdict = "warns"
    return finding
