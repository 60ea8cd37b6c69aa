"""Record the reader programs on this machine's GPU: `make record`, or
`python3 -m scripts.tools.record`.

Every program in snippets/ (or those named) runs in a fresh interpreter with the build's
own runner, in a scratch directory of its own (what it writes never lands in the
checkout), never from the cache; the results go to a new
recordings/<date>-<machine>.json with the machine, torch, CUDA, Python, date and git
commit (format: recordings/README.md). Programs that read a clock run alone, after the
others. Without a GPU (CUDA or Apple's MPS) it stops with a message, exits 2 and
writes nothing.

Imports only the standard library and the stdlib-only modules it needs (runner,
programs, cache, recordings), and torch when it runs: a GPU machine needs no MkDocs
and no venv.

    python3 -m scripts.tools.record                        # all programs -> recordings/
    python3 -m scripts.tools.record --out "$OUT" --jobs 6  # elsewhere; copy it back
    python3 -m scripts.tools.record gpu/ mixed-precision/speed.py
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.errors import LessonError, ProgramError, RunError
from scripts.paths import RECORDINGS, ROOT
from scripts.run import cache, runner
from scripts.run.programs import Program, all_programs
from scripts.run.recordings import FORMAT, source_sha256


class NoGPU(LessonError):
    """This machine has no GPU torch can use (neither CUDA nor Apple's MPS)."""


def _driver() -> str | None:
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out.splitlines()[0] if out else None


def machine() -> dict:
    """The GPU and software of this machine; NoGPU when there is none."""
    try:
        import torch
    except ImportError:
        raise NoGPU(f"{sys.executable} has no torch, so it cannot see a GPU") from None
    found = {"torch": torch.__version__, "python": platform.python_version()}
    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        return {
            **found,
            "gpu": torch.cuda.get_device_name(0),
            "backend": "cuda",
            "gpu_memory_mib": props.total_memory // 2**20,
            "driver": _driver(),
            "cuda": torch.version.cuda,
        }
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return {
            **found,
            "gpu": f"Apple GPU (MPS, {platform.machine()})",
            "backend": "mps",
            "driver": None,
            "cuda": None,
        }
    raise NoGPU(
        f"torch {torch.__version__} sees no GPU here (neither CUDA nor Apple's MPS)"
    )


def _git(*args: str) -> str | None:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def commit() -> str:
    head = _git("rev-parse", "--short=10", "HEAD")
    if head is None:
        return "unknown (no git checkout)"
    dirty = _git("status", "--porcelain", "--", "snippets", "scripts")
    return head + (" with uncommitted changes" if dirty else "")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def select(patterns: list[str]) -> list[Program]:
    """Programs named by path relative to snippets/, or by a folder prefix ('gpu/')."""
    programs = all_programs()
    if not patterns:
        return programs
    chosen = [
        p
        for p in programs
        if any(p.rel == s or p.rel.startswith(s.rstrip("/") + "/") for s in patterns)
    ]
    unknown = [
        s
        for s in patterns
        if not any(
            p.rel == s or p.rel.startswith(s.rstrip("/") + "/") for p in programs
        )
    ]
    if unknown:
        raise SystemExit(
            f"record: no program in snippets/ matches {', '.join(unknown)}"
        )
    return chosen


def _run_one(program: Program) -> tuple[str, dict | None, str | None]:
    source = program.path.read_bytes()
    sha = hashlib.sha256(source).hexdigest()
    try:
        result = runner.run(program)
    except (ProgramError, RunError) as error:
        return program.rel, None, str(error)
    problem = result.problem()
    if problem or source_sha256(program.path) != sha:
        return program.rel, None, problem or "the file changed while it ran"
    print(f"record: {program.rel}: {result.seconds:.1f} s", file=sys.stderr, flush=True)
    entry = {
        "source_sha256": sha,
        "source": source.decode("utf-8"),
        "seconds": round(result.seconds, 2),
        "result": result.run.to_json(),
    }
    return program.rel, entry, None


def record(programs: list[Program], jobs: int) -> tuple[dict, dict]:
    """Run untimed programs `jobs` at a time, then each timing program alone."""
    os.environ["LESSON_FRESH"] = "1"  # never reuse a result: everything runs here, now
    os.environ["LESSON_EXECUTE"] = "1"
    with tempfile.TemporaryDirectory() as scratch:
        cache.CACHE_DIR = Path(scratch)  # and nothing lands in .cache/exec
        together = [p for p in programs if not p.measures_time]
        alone = [p for p in programs if p.measures_time]
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            runs = list(pool.map(_run_one, together))
        runs += [_run_one(p) for p in alone]
    done = {rel: entry for rel, entry, _ in runs if entry is not None}
    failed = {rel: problem for rel, _, problem in runs if problem is not None}
    return done, failed


def dump(data: dict) -> str:
    """Stable, diffable JSON: provenance indented, one program per line."""

    def block(items: dict) -> str:
        rows = [
            f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}"
            for k, v in sorted(items.items())
        ]
        return "{\n" + ",\n".join(rows) + "\n }" if rows else "{}"

    head = {
        k: v for k, v in data.items() if k not in ("programs", "measurements", "failed")
    }
    lines = [
        f" {json.dumps(k)}: {json.dumps(v, sort_keys=True)}" for k, v in head.items()
    ]
    for key in ("programs", "measurements", "failed"):
        if key in data:
            lines.append(f" {json.dumps(key)}: {block(data[key])}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def new_path(folder: Path, stem: str) -> Path:
    path, n = folder / f"{stem}.json", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}.json", n + 1
    return path


def _parser() -> argparse.ArgumentParser:
    """The command line: which programs, where the file goes, how many run at once."""
    parser = argparse.ArgumentParser(
        prog="python3 -m scripts.tools.record", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "programs",
        nargs="*",
        help="paths under snippets/ or folders like gpu/ (default: all)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=RECORDINGS,
        help="folder for the new file (default: recordings/)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=4,
        help="untimed programs run side by side (default: 4)",
    )
    parser.add_argument("--commit", help="the git commit, where this copy has no .git")
    return parser


def _recording(found: dict, today: str, args, done: dict, failed: dict) -> dict:
    """The file's content: the machine and how the programs ran, then their results."""
    data = {
        "format": FORMAT,
        "recorded": {
            **found,
            "date": today,
            "commit": args.commit or commit(),
            "how": f"python3 -m scripts.tools.record --jobs {args.jobs}: "
            "scripts/run/runner.py, no cache; programs that read a clock ran alone",
        },
        "programs": done,
    }
    if failed:
        data["failed"] = failed
    return data


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    programs = select(args.programs)
    try:
        found = machine()
    except NoGPU as why:
        print(
            f"record: nothing recorded: {why}. Recordings are made on a machine with "
            "an NVIDIA GPU (CUDA) or Apple's MPS; no file was written.",
            file=sys.stderr,
        )
        return 2
    today = datetime.date.today().isoformat()
    print(
        f"record: {len(programs)} programs on {found['gpu']} (torch {found['torch']})",
        file=sys.stderr,
        flush=True,
    )
    done, failed = record(programs, args.jobs)
    data = _recording(found, today, args, done, failed)
    args.out.mkdir(parents=True, exist_ok=True)
    path = new_path(args.out, f"{today}-{slug(found['gpu'])}")
    path.write_text(dump(data), encoding="utf-8")
    print(
        f"record: wrote {path} ({len(done)} recorded, {len(failed)} failed)",
        file=sys.stderr,
    )
    for rel, problem in failed.items():
        print(f"record: FAILED {rel}:\n{problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
