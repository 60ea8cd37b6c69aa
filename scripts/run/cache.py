"""The execution cache: a program's result is reused only when nothing it depends on
changed.

The key covers the program's own text and how it is cut into sections, the machinery
that runs it (runner, child and zygote), the dependency pins, the Python version and
torch's version. Results live in .cache/exec/ (git-ignored). LESSON_FRESH=1 ignores
what is stored and runs everything again; CI and the deploy workflow set it, so that
what they publish ran on them. LESSON_EXECUTE=0 switches execution off altogether
(outputs left empty), only to measure what execution costs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from scripts.paths import CACHE, ROOT, SNIPPETS
from scripts.run.programs import snippets_named

CACHE_DIR = CACHE / "exec"
_HERE = Path(__file__).resolve().parent
# What decides a run's result besides the program: how it is run, and the pinned
# packages.
MACHINERY = [
    _HERE / "child.py",
    _HERE / "runner.py",
    _HERE / "zygote.py",
    ROOT / "requirements.txt",
]


def executing() -> bool:
    """LESSON_EXECUTE=0 runs nothing: pages get empty outputs (a baseline for
    scripts/tools/benchmark.py)."""
    return os.environ.get("LESSON_EXECUTE", "1") not in ("0", "")


def fresh() -> bool:
    return os.environ.get("LESSON_FRESH", "") not in ("", "0")


@functools.cache  # asked for every block; the versions do not change in a process
def environment() -> str:
    """The interpreter and torch that produce a result (torch may be absent: "none")."""
    try:
        torch_version = metadata.version("torch")
    except metadata.PackageNotFoundError:
        torch_version = "none"
    return f"python {sys.version.split()[0]}; torch {torch_version}"


_READ: dict[Path, tuple[tuple[int, int], bytes]] = {}


def file_bytes(path: Path) -> bytes:
    """A file's bytes, read again only when its size or time changed: a build keys
    every block on the same files (b"" for a missing one)."""
    try:
        stat = path.stat()
    except OSError:
        return b""
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _READ.get(path)
    if known is None or known[0] != stamp:
        known = _READ[path] = (stamp, path.read_bytes())
    return known[1]


def key(spec: dict) -> str:
    """Key of a program's run: its spec (text and sections), MACHINERY, the versions."""
    digest = hashlib.sha256()
    digest.update(json.dumps(spec, sort_keys=True).encode())
    for path in MACHINERY:
        digest.update(file_bytes(path))
    digest.update(environment().encode())
    return digest.hexdigest()[:32]


def helper_key(code: str) -> str:
    """Key of a hidden build-helper block (a figure): its code, the build machinery in
    scripts/, the snippets it names (it may run them in-process), the pins and
    versions."""
    digest = hashlib.sha256(code.encode())
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        digest.update(name.encode() + file_bytes(path))
    for name in snippets_named(code):
        digest.update(name.encode() + (SNIPPETS / name).read_bytes())
    digest.update((ROOT / "requirements.txt").read_bytes() + environment().encode())
    return "helper-" + digest.hexdigest()[:32]


def load(cache_key: str, folder: Path | None = None) -> Any:
    """What `store` kept under this key (in `folder`, the execution cache unless
    given), or None: under LESSON_FRESH=1 nothing is read."""
    if fresh():
        return None
    path = (folder or CACHE_DIR) / f"{cache_key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def has(cache_key: str) -> bool:
    """Whether `load` would find a result, without reading it."""
    return not fresh() and (CACHE_DIR / f"{cache_key}.json").is_file()


def store(cache_key: str, result: Any, folder: Path | None = None) -> None:
    folder = folder or CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{cache_key}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(result), encoding="utf-8")
    # atomic: parallel builds never read half a file
    tmp.replace(folder / f"{cache_key}.json")
