"""Promise 2 and 4: copy the blocks of a program into a fresh Python, get what the page
shows.

Each program runs as a reader would run it: `python snippets/<chapter>/<file>.py`, a new
interpreter, nothing from the build. Its stdout must equal the page's output boxes for
that program, in order (tests/outputs.py says what tolerance is allowed, and why). A
program that teaches an error must stop with exactly that exception, and the page must
show its real message.
"""

import os
import subprocess
import sys

import pytest

from scripts.paths import ROOT
from scripts.run.programs import all_programs
from tests.outputs import outputs_match
from tests.site import shown_blocks

BLOCK_TIMEOUT = int(os.environ.get("LESSON_TIMEOUT", "300"))
PROGRAMS = all_programs()


def run_like_a_reader(program):
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
    try:
        return subprocess.run(
            [sys.executable, program.display],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=BLOCK_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"{program.display} still running after {BLOCK_TIMEOUT} s", pytrace=False
        )


@pytest.fixture(scope="module")
def blocks_by_program(site):
    grouped = {}
    for block in shown_blocks(site):
        grouped.setdefault(block.snippet, {}).setdefault(block.section, block)
    return grouped


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.rel for p in PROGRAMS])
def test_fresh_run_prints_what_the_page_shows(program, blocks_by_program):
    shown = blocks_by_program.get(program.rel)
    assert shown, f"{program.display} is shown on no page"
    page_stdout = "".join(
        shown[s.name].stdout + ("\n" if shown[s.name].stdout else "")
        for s in program.sections()
    )
    proc = run_like_a_reader(program)
    assert outputs_match(page_stdout, proc.stdout), (
        f"{program.display}: the page shows\n{page_stdout}\n--- but a fresh run "
        f"printed\n{proc.stdout}\n{proc.stderr[-3000:]}"
    )
    errors = [b for b in shown.values() if b.error is not None]
    if program.raises:
        assert proc.returncode != 0, (
            f"{program.display} announces {program.raises} but exited 0"
        )
        last = proc.stderr.strip().splitlines()
        assert errors, f"{program.display}: the page shows no error"
        shown_error = errors[-1].error.strip()
        assert shown_error.split(":")[0] == program.raises.rsplit(".", 1)[-1]
        tail = "\n".join(last[-len(shown_error.splitlines()) :])
        assert tail == shown_error, (
            f"{program.display}: the page shows\n{shown_error}\nbut Python "
            f"raised\n{tail}"
        )
    else:
        assert proc.returncode == 0, f"{program.display} failed:\n{proc.stderr[-3000:]}"
        assert not errors
