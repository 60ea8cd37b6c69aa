"""Running the reader programs in another interpreter, the reader's way.

Each program runs as the build runs it (scripts/run/runner.py): child.py in a fresh
interpreter, in an empty scratch directory of its own, section by section, with the
build's environment (runner.child_env). Only the interpreter differs (another venv's
python), and the child is wrapped by warned_child.py, which writes down every warning.
child.py is stdlib-only, so it runs on any interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from scripts.run import runner
from scripts.run.programs import Program
from scripts.run.result import Run

WARNED_CHILD = Path(__file__).resolve().parent / "warned_child.py"


@dataclass(frozen=True)
class Warned:
    """One warning a program's run raised."""

    category: str
    message: str
    filename: str  # the file the warning names (torch's, or the program's)
    lineno: int
    line: int | None  # the program's line that was running, or None

    @classmethod
    def from_json(cls, data: dict) -> Warned:
        return cls(
            data["category"],
            data["message"],
            data["filename"],
            data["lineno"],
            data.get("line"),
        )

    def key(self) -> tuple:
        return (self.category, self.message, self.line)


@dataclass
class Outcome:
    """A program's run in one interpreter: the run, or why there is none."""

    run: Run | None
    crashed: str | None = None  # the interpreter died, timed out, or wrote no result
    warnings: list[Warned] = field(default_factory=list)


def run_in(python: str | Path, program: Program, threads: int | None) -> Outcome:
    """Run one program in `python` (warnings written down)."""
    program_spec = runner.spec(program)
    scratch = runner.scratch(program_spec, "lesson-drift-")
    with scratch as (_, spec_path, result_path, workdir):
        command = [str(python), str(WARNED_CHILD), str(runner.CHILD)]
        try:
            proc = subprocess.run(
                [*command, spec_path, result_path, "run"],
                cwd=workdir,
                env=runner.child_env(threads),
                capture_output=True,
                text=True,
                timeout=runner.TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return Outcome(None, f"still running after {runner.TIMEOUT} s, stopped")
        if proc.returncode != 0 or not os.path.exists(result_path):
            why = f"the interpreter exited with {proc.returncode}\n{proc.stderr}"
            return Outcome(None, why.strip())
        with open(result_path, encoding="utf-8") as f:
            data = json.load(f)
    warned = [Warned.from_json(w) for w in data.pop("warnings", [])]
    return Outcome(Run.from_json(data), None, warned)


def run_all_in(
    python: str | Path, programs: list[Program], workers: int | None = None
) -> dict[str, Outcome]:
    """Every program in `python`, keyed by Program.rel: those that read no clock side
    by side (runner.plan()), then those that do, one at a time with torch's default
    threads, as the build runs them."""
    workers, threads = runner.plan(workers=workers)
    together = [p for p in programs if not p.measures_time]
    alone = [p for p in programs if p.measures_time]
    done: dict[str, Outcome] = {}
    with ThreadPoolExecutor(workers) as pool:
        runs = pool.map(lambda p: run_in(python, p, threads), together)
        done.update(zip((p.rel for p in together), runs, strict=True))
    for program in alone:
        done[program.rel] = run_in(python, program, None)
    return {p.rel: done[p.rel] for p in programs}
