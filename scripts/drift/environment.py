"""The side environment a drift report runs in: a venv with another torch.

`.cache/drift/venv-<version>` is made with `python -m venv` from the interpreter that
runs this, and gets every pin of requirements.txt unchanged but the torch line, which
names the version under test. Nothing tracked changes: the edited pins are written to
`.cache/drift/requirements-<version>.txt`.

The pins are installed with `--no-deps` (the main venv's pins are a complete CPU
freeze), then whatever torch itself requires that the pins do not name is installed
with its own dependencies (`missing_requirements`). For the CPU wheel that is nothing.
For PyPI's Linux wheel, the CUDA build, it is the nvidia-* libraries, cuda-toolkit and
triton (about 3 GB): that build does not import without them (`libcudnn.so.9: cannot
open shared object file`), even on a machine with no GPU. A plain `pip install -r` of
the edited pins does not work either: torch 2.12 requires setuptools<82, and the pins
hold a newer one, which stays (torch imports without it).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from scripts.paths import CACHE, ROOT

DRIFT = CACHE / "drift"
PINS = ROOT / "requirements.txt"
_TORCH_PIN = re.compile(r"^torch==\S+$", re.M)


def newest_torch(pre: bool = False) -> str:
    """The torch release pip would install here now: the newest one the configured
    indexes offer (and any constraint pip is configured with allows). `pre`: count
    pre-releases too."""
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps"]
    command += ["--quiet", "--ignore-installed", "--report", "-", "torch"]
    if pre:
        command.insert(-1, "--pre")
    proc = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["install"][0]["metadata"]["version"]


def pins_with(torch: str, pins: str) -> str:
    """The pins with the torch line naming `torch` instead."""
    if not _TORCH_PIN.search(pins):
        raise ValueError("requirements.txt has no torch==<version> line")
    return _TORCH_PIN.sub(f"torch=={torch}", pins)


# Run in the side venv: torch's requirements that apply here and the pins lack.
_MISSING = """
import re, sys
from importlib import metadata
from packaging.requirements import Requirement
pins = open(sys.argv[1], encoding="utf-8").read().splitlines()
named = {re.split(r"[=<>!~ ;]", p)[0].lower().replace("_", "-") for p in pins}
for text in metadata.requires("torch") or []:
    need = Requirement(text)
    if need.marker and not need.marker.evaluate({"extra": ""}):
        continue
    if need.name.lower().replace("_", "-") not in named:
        print(str(need).split(";")[0].strip())
"""


def missing_requirements(python: Path, requirements: Path) -> list[str]:
    """What the side venv's torch requires on this platform that the pins do not
    name."""
    proc = subprocess.run(
        [str(python), "-c", _MISSING, str(requirements)],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout.split()


def venv(torch: str, log=print) -> Path:
    """The python of the side venv for `torch`, made (or reused) in .cache/drift/."""
    folder = DRIFT / f"venv-{torch}"
    python = folder / "bin" / "python"
    pins = pins_with(torch, PINS.read_text(encoding="utf-8"))
    marker = folder / ".installed"
    if marker.exists() and marker.read_text(encoding="utf-8") == pins:
        return python
    DRIFT.mkdir(parents=True, exist_ok=True)
    requirements = DRIFT / f"requirements-{torch}.txt"
    requirements.write_text(pins, encoding="utf-8")
    log(f"drift: making {folder.relative_to(ROOT)} (torch {torch})")
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--no-deps", "-r", str(requirements)], check=True)
    if missing := missing_requirements(python, requirements):
        log(f"drift: torch {torch} also requires: {' '.join(missing)}")
        subprocess.run([*pip, *missing], check=True)
    marker.write_text(pins, encoding="utf-8")
    return python


def torch_of(python: Path | str) -> str:
    """The torch version an interpreter imports (its metadata, without importing it)."""
    code = "from importlib import metadata; print(metadata.version('torch'))"
    proc = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()
