"""Promise 1 while writing: under `make serve`, the page shows what the code prints now.

`mkdocs serve` runs in a scratch copy of the project (execution cache copied along). A
program's printed text is edited: the server rebuilds (mkdocs.yml watches snippets/),
only that program runs again, and the page shows the new output. Then a string of the
machinery (scripts/site/render.py) is edited: the rebuild reloads it
(scripts/site/live.py) and the page shows that too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import engine_argv, scratch_project

WAIT = 90  # seconds for a rebuild on a busy two-core machine
FIRST = 240  # seconds for the first build (figures drawn again, notebook run)
PROGRAM = "snippets/tensors/device.py"
OLD, NEW = "a new tensor lives on:", "a fresh tensor is on:"
MACHINERY = "scripts/site/render.py"
OLD_STAMP, NEW_STAMP = "Every output on this page", "Every single output here"


@pytest.fixture
def served(tmp_path, site):  # `site`: the shared build ran first and filled the cache
    copy = scratch_project(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        engine_argv("serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"),
        cwd=copy,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", LESSON_FRESH="0"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield copy, f"http://127.0.0.1:{port}/tensors/", tmp_path / "serve.log"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, log: Path, seconds: int = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _page(url):
            return
        time.sleep(1)
    pytest.fail(f"{url} never showed {text!r}; serve log:\n{log.read_text()[-4000:]}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.long
def test_an_edited_program_and_edited_machinery_show_after_the_rebuild(served):
    copy, url, log = served
    wait_for(url, OLD, log, FIRST)
    assert OLD_STAMP in _page(url)
    edit(copy / PROGRAM, OLD, NEW)
    wait_for(url, NEW, log)
    assert "programs, 1 executed, " in log.read_text()  # only the edited one ran
    edit(copy / MACHINERY, f'"{OLD_STAMP}', f'"{NEW_STAMP}')
    wait_for(url, NEW_STAMP, log)
