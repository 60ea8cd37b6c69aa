"""Run reader programs the way a reader would: each in a fresh interpreter.

`run(program)` returns a Result with each section's printed output, the exception a
section raised (if any), the simple values the program left behind (pages quote them
as measured numbers), and the torch version and device that produced them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from scripts import cache
from scripts.programs import ROOT, SNIPPETS, Program, ProgramError

CHILD = ROOT / "scripts" / "_child.py"
TIMEOUT = int(os.environ.get("LESSON_TIMEOUT", "300"))  # seconds for one whole program


LATEST: dict[str, "Result"] = {}  # this build's result of each program, by Program.rel


class RunError(Exception):
    """A program failed in a way its file did not announce; the message names file and line."""


@dataclass
class Result:
    program: Program
    data: dict
    seconds: float  # wall time of this run (0 when reused from the cache)
    reused: bool
    executed: bool = True  # False only with LESSON_EXECUTE=0

    def output(self, section: str) -> str:
        for entry in self.data["sections"]:
            if entry["name"] == section:
                return entry["stdout"]
        raise KeyError(section)

    def error(self, section: str) -> dict | None:
        for entry in self.data["sections"]:
            if entry["name"] == section:
                return entry["error"]
        return None

    def bindings(self, section: str) -> list[dict]:
        """What each tensor-binding line of a section bound, traced from the run (scripts/_child.py)."""
        for entry in self.data["sections"]:
            if entry["name"] == section:
                return entry.get("bindings") or []
        return []

    @property
    def values(self) -> dict:
        return self.data["values"]

    def problem(self) -> str | None:
        """Why this run does not match what the file promises, or None."""
        if not self.executed:
            return None
        sections = self.data["sections"]
        expected = self.program.raises
        last = sections[-1]["error"] if sections else None
        names = [s.name for s in self.program.sections()]
        for entry in sections[:-1]:
            if entry["error"]:
                return entry["error"]["traceback"]
        if last and last["type"] != (expected or "").rsplit(".", 1)[-1]:
            note = f"(the file announces {expected})\n" if expected else ""
            return note + last["traceback"]
        if expected and not last:
            return f"{self.program.display}: the file announces '# raises: {expected}' but nothing was raised"
        if len(sections) != len(names):
            return f"{self.program.display}: stopped after section '{sections[-1]['name']}'"
        return None


def spec(program: Program) -> dict:
    found = {
        "file": program.display,
        "sections": [
            {"name": s.name, "first_line": s.first_line, "code": s.code} for s in program.sections()
        ],
    }
    if program.measures_time:
        found["measures_time"] = True  # the child traces tensors in a second, untimed run
    return found


def child_env() -> dict:
    env = dict(os.environ)
    env.update(PYTHONHASHSEED="0", MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    return env


def _not_run(program: Program) -> Result:
    sections = [{"name": s.name, "stdout": "", "error": None, "seconds": 0.0} for s in program.sections()]
    data = {"sections": sections, "values": {}, "torch": None, "device": "nothing (execution off)", "python": None}
    return Result(program, data, 0.0, True, executed=False)


def run(program: Program) -> Result:
    if not cache.executing():
        LATEST[program.rel] = _not_run(program)
        return LATEST[program.rel]
    program_spec = spec(program)
    cache_key = cache.key(program_spec)
    stored = cache.load(cache_key)
    if stored is not None:
        LATEST[program.rel] = Result(program, stored, 0.0, True)
        return LATEST[program.rel]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        spec_path, result_path = os.path.join(tmp, "spec.json"), os.path.join(tmp, "result.json")
        with open(spec_path, "w", encoding="utf-8") as f:
            json.dump(program_spec, f)
        try:
            proc = subprocess.run(
                [sys.executable, str(CHILD), spec_path, result_path],
                cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise RunError(f"{program.display}: still running after {TIMEOUT} s (LESSON_TIMEOUT), stopped") from None
        if proc.returncode != 0 or not os.path.exists(result_path):
            raise RunError(f"{program.display}: the interpreter exited with {proc.returncode}\n{proc.stderr}")
        with open(result_path, encoding="utf-8") as f:
            data = json.load(f)
    result = Result(program, data, time.perf_counter() - started, False)
    if result.problem() is None:
        cache.store(cache_key, data)  # failures are never cached: the next build tries again
    LATEST[program.rel] = result
    return result


def result_for(rel: str) -> Result:
    """This build's result of snippets/<rel>, for the build helpers that draw from it."""
    if rel not in LATEST:
        run(Program(SNIPPETS / rel))
    return LATEST[rel]


def run_all(programs: list[Program], workers: int | None = None) -> dict[str, Result | RunError]:
    """Run many programs side by side (one interpreter each); keyed by Program.rel."""
    workers = workers or max(1, min(4, os.cpu_count() or 1))

    def one(program: Program) -> Result | RunError:
        try:
            return run(program)
        except ProgramError as error:
            return RunError(str(error))
        except RunError as error:
            return error

    with ThreadPoolExecutor(workers) as pool:
        return dict(zip([p.rel for p in programs], pool.map(one, programs)))
