"""Run reader programs the way a reader would: each in a process of its own.

`run(program)` returns a Result: each section's printed output, the exception a section
raised (if any), the simple values the program left behind (pages quote them as measured
numbers), and the torch version and device that produced them. The child interpreter is
scripts/run/child.py, started by path: it imports nothing from the project. run() alone
starts a fresh interpreter for it; run_all() forks each from a zygote that has imported
torch (scripts/run/zygote.py).

Every run works in a scratch directory of its own (`_start_child`): empty when the
program starts, removed when it ends, never the checkout. A program may write files
there (a checkpoint it loads back, a figure) and the build stays as it was. What the
program prints must not name that directory (it differs from run to run, so two builds
would differ): a run whose output or values hold its path is refused with a message.
No program reads an input file today; one that needs one would get it copied into the
directory here, on purpose.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from scripts.errors import ProgramError, RunError
from scripts.paths import ROOT
from scripts.run import cache
from scripts.run.programs import Program
from scripts.run.result import Result, Run, SectionRun
from scripts.run.zygote import THREAD_VARIABLES, Zygote

CHILD = Path(__file__).resolve().parent / "child.py"
TIMEOUT = int(os.environ.get("LESSON_TIMEOUT", "300"))  # seconds for one whole program


def child_env(threads: int | None = None) -> dict[str, str]:
    """The environment of every fresh interpreter that runs a reader program: the
    build's, the record command's, and the tests' `python snippets/x.py`.

    `threads` caps the CPU threads torch (and the BLAS under it) starts: the build runs
    several programs side by side and gives each its share of the cores, so that they
    do not fight over them. None leaves torch's default (one thread per core)."""
    env = dict(os.environ)
    env.update(PYTHONHASHSEED="0", MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    # nothing from the repository is importable in a snippet
    env.pop("PYTHONPATH", None)
    if threads is not None:
        env.update({name: str(threads) for name in THREAD_VARIABLES})
    return env


def spec(program: Program) -> dict:
    """What the child runs: the file's name and its sections (also the cache's key)."""
    found = {
        "file": program.display,
        "sections": [
            {"name": s.name, "first_line": s.first_line, "code": s.code}
            for s in program.sections()
        ],
    }
    if program.measures_time:
        # the child traces tensors in a second, untimed run
        found["measures_time"] = True
    return found


def _not_run(program: Program) -> Result:
    sections = tuple(SectionRun(s.name, "", None, 0.0) for s in program.sections())
    run = Run(sections, device="nothing (execution off)")
    return Result(program, run, 0.0, True, executed=False)


def _launch(
    program: Program,
    args: list[str],
    threads: int | None,
    zygote: Zygote | None,
    workdir: str,
) -> tuple[int, str]:
    """(exit code, stderr) of child.py on `args`, working in `workdir`: forked from the
    zygote when the build has one, else a fresh interpreter. RunError when it runs
    past TIMEOUT."""
    stopped = RunError(
        f"{program.display}: still running after {TIMEOUT} s (LESSON_TIMEOUT), stopped"
    )
    if zygote is not None:
        try:
            return zygote.run(args, threads, TIMEOUT, workdir)
        except TimeoutError:
            raise stopped from None
        except RuntimeError as error:
            raise RunError(f"{program.display}: {error}") from None
    try:
        proc = subprocess.run(
            [sys.executable, str(CHILD), *args],
            cwd=workdir,
            env=child_env(threads),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise stopped from None
    return proc.returncode, proc.stderr


@contextmanager
def scratch(program_spec: dict, prefix: str = "lesson-run-"):
    """(folder, spec file, result file, working directory) for one run of the child:
    the spec written into a folder of its own, and an empty working directory for the
    program; both removed afterwards, with whatever the program wrote."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        tempfile.TemporaryDirectory(prefix=prefix, ignore_cleanup_errors=True) as work,
    ):
        spec_path = os.path.join(tmp, "spec.json")
        with open(spec_path, "w", encoding="utf-8") as f:
            json.dump(program_spec, f)
        yield tmp, spec_path, os.path.join(tmp, "result.json"), work


def _start_child(
    program: Program,
    program_spec: dict,
    threads: int | None = None,
    mode: str = "run",
    bindings: list | None = None,
    zygote: Zygote | None = None,
) -> Any:
    """Run the child on a spec; its JSON result (mode "trace": the bindings of a traced
    run only). `bindings`: a timing program's, traced beforehand. RunError when it
    hangs or crashes, or when what it printed or left names its scratch directory.

    The program works in a scratch directory of its own, apart from the folder that
    holds the spec and the result: it starts empty, and whatever the program writes
    there is removed with it."""
    with scratch(program_spec) as (tmp, spec_path, result_path, workdir):
        args = [spec_path, result_path, mode]
        if bindings is not None:
            args.append(os.path.join(tmp, "bindings.json"))
            with open(args[-1], "w", encoding="utf-8") as f:
                json.dump(bindings, f)
        code, stderr = _launch(program, args, threads, zygote, workdir)
        if code != 0 or not os.path.exists(result_path):
            raise RunError(
                f"{program.display}: the interpreter exited with {code}\n{stderr}"
            )
        with open(result_path, encoding="utf-8") as f:
            data = json.load(f)
    names = {workdir, os.path.realpath(workdir)}
    if any(name in text for text in _strings(data) for name in names):
        raise RunError(
            f"{program.display}: what it printed or left names its working directory "
            f"({workdir}), a scratch directory that differs from run to run, so two "
            "builds would differ. Print a file's name (path.name), not its full path "
            "or os.getcwd()."
        )
    return data


def _strings(data: Any):
    """Every string in a JSON value (keys too)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def run(
    program: Program,
    threads: int | None = None,
    bindings: list | None = None,
    zygote: Zygote | None = None,
) -> Result:
    """Run one program (or reuse its cached run); RunError when it cannot run at all.

    `threads`: see child_env (None: torch's default). `bindings`: for a program that
    reads a clock, its shape notes traced beforehand (trace()); without them the child
    traces it in a second interpreter after the timed run. `zygote`: fork the run from
    it instead of starting a fresh interpreter (run_all)."""
    if not cache.executing():
        return _not_run(program)
    program_spec = spec(program)
    cache_key = cache.key(program_spec)
    stored = cache.load(cache_key)
    if stored is not None:
        return Result(program, Run.from_json(stored), 0.0, True)
    started = time.perf_counter()
    with _clock_to_itself(exclusive=program.measures_time):
        data = _start_child(
            program, program_spec, threads, bindings=bindings, zygote=zygote
        )
    result = Result(program, Run.from_json(data), time.perf_counter() - started, False)
    if result.problem() is None:
        # failures are never cached: the next build tries again
        cache.store(cache_key, data)
    return result


# One file for the whole machine: two builds at once (the tests run two) share it.
CLOCK_LOCK = Path(tempfile.gettempdir()) / "lesson-clock.lock"


@contextmanager
def _clock_to_itself(exclusive: bool):
    """A program that reads a clock runs with no other reader program running on this
    machine, in this build or another (an exclusive lock); every other program holds
    the lock shared while it runs. So a timing compares like with like, not with the
    load of another build's programs. (Other work can still run beside it; the timing
    rule's fastest-of-k and per-round ratios are there for that.) POSIX only: elsewhere
    programs are not serialised across builds."""
    if fcntl is None:
        yield
        return
    with open(CLOCK_LOCK, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def trace(
    program: Program, threads: int | None = None, zygote: Zygote | None = None
) -> list | None:
    """The shape notes of a program that reads a clock, from an untimed traced run (so
    that it can run beside others); None when its run is cached or tracing failed."""
    if not cache.executing() or not program.measures_time:
        return None
    program_spec = spec(program)
    if cache.has(cache.key(program_spec)):
        return None
    try:
        with _clock_to_itself(exclusive=False):  # an untimed run, like any other
            return _start_child(
                program, program_spec, threads, "trace", zygote=zygote
            )
    except RunError:
        return None  # the timed run traces it itself, and reports what went wrong


def plan(cores: int | None = None, workers: int | None = None) -> tuple[int, int]:
    """(programs side by side, torch threads each) for this machine: `workers` at once
    (default: at most 4), and the cores shared out between them, so that together they
    use every core once."""
    cores = max(1, cores or os.cpu_count() or 1)
    workers = workers or min(cores, 4)
    return workers, max(1, cores // workers)


def _zygote() -> Zygote | None:
    """The zygote a batch of runs forks from (it starts on first use), or None.

    Linux only: Windows has no fork, and macOS's system frameworks are not safe to fork
    once loaded (Python's multiprocessing spawns there for that reason)."""
    forking = sys.platform == "linux" and os.environ.get("LESSON_FORK", "1") != "0"
    return Zygote(child_env(None), ROOT) if forking else None


def _run_or_error(
    program: Program,
    threads: int | None,
    bindings: list | None = None,
    zygote: Zygote | None = None,
) -> Result | RunError:
    """run(), with what stops a program from running at all returned, not raised."""
    try:
        return run(program, threads, bindings, zygote)
    except ProgramError as error:
        return RunError(str(error))
    except RunError as error:
        return error


def run_all(
    programs: list[Program], workers: int | None = None
) -> dict[str, Result | RunError]:
    """Run many programs (one process each); keyed by Program.rel.

    Programs that read no clock run `workers` at a time, each with its share of the
    cores (plan()); beside them, the untimed traced runs of the programs that read a
    clock (their shape notes). Those (Program.measures_time) run afterwards, one at a
    time, with nothing beside them and torch's default threads: what they time is
    measured on a quiet machine, under the thread count their own code sets and prints.

    On Linux each process is forked from one zygote that has imported torch
    (scripts/run/zygote.py says what a fork shares with it); elsewhere, or with
    LESSON_FORK=0, each starts a fresh interpreter, as `runner.run` alone does.
    """
    workers, threads = plan(workers=workers)
    together = [p for p in programs if not p.measures_time]
    alone = [p for p in programs if p.measures_time]
    done: dict[str, Result | RunError] = {}
    zygote = _zygote()
    try:
        with ThreadPoolExecutor(workers) as pool:
            traced = [pool.submit(trace, p, threads, zygote) for p in alone]
            runs = pool.map(lambda p: _run_or_error(p, threads, None, zygote), together)
            done.update(zip((p.rel for p in together), runs, strict=True))
            notes = [t.result() for t in traced]
        for program, bindings in zip(alone, notes, strict=True):
            done[program.rel] = _run_or_error(program, None, bindings, zygote)
    finally:
        if zygote is not None:
            zygote.close()
    return {p.rel: done[p.rel] for p in programs}
