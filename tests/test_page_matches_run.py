"""Promise 2 and 4: copy the blocks of a program into a fresh Python, get what the page
shows.

Each program runs as a reader would run it: `python snippets/<chapter>/<file>.py`, a new
interpreter, nothing from the build. Its stdout must equal the page's output boxes for
that program, in order (tests/outputs.py says what tolerance is allowed, and why). A
program that teaches an error must stop with exactly that exception, and the page must
show its real message (compared through the build's one rule for error text,
scripts/run/child.py error_text).

It runs from a scratch folder that holds a copy of the file at the same relative path
(`snippets/<chapter>/<file>.py`), so that `__file__` and the traceback read as they do
in the checkout, and whatever the program writes stays out of the checkout.
"""

import os
import shutil
import subprocess
import sys

import pytest

from scripts.run.child import error_text
from scripts.run.programs import all_programs
from tests.conftest import reader_env
from tests.outputs import outputs_match
from tests.site import shown_blocks

BLOCK_TIMEOUT = int(os.environ.get("LESSON_TIMEOUT", "300"))
PROGRAMS = all_programs()


def run_like_a_reader(program, scratch):
    """`python snippets/<chapter>/<file>.py`, from `scratch`, which holds a copy of the
    file at that path."""
    copy = scratch / program.display
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(program.path, copy)
    try:
        return subprocess.run(
            [sys.executable, program.display],
            cwd=scratch,
            env=reader_env(),
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
def test_fresh_run_prints_what_the_page_shows(program, blocks_by_program, tmp_path):
    shown = blocks_by_program.get(program.rel)
    assert shown, f"{program.display} is shown on no page"
    page_stdout = "".join(
        shown[s.name].stdout + ("\n" if shown[s.name].stdout else "")
        for s in program.sections()
    )
    proc = run_like_a_reader(program, tmp_path)
    assert outputs_match(page_stdout, proc.stdout), (
        f"{program.display}: the page shows\n{page_stdout}\n--- but a fresh run "
        f"printed\n{proc.stdout}\n{proc.stderr[-3000:]}"
    )
    errors = [b for b in shown.values() if b.error is not None]
    if program.raises:
        assert proc.returncode != 0, (
            f"{program.display} announces {program.raises} but exited 0"
        )
        last = error_text(proc.stderr).splitlines()
        assert errors, f"{program.display}: the page shows no error"
        shown_error = errors[-1].error
        assert shown_error.split(":")[0] == program.raises.rsplit(".", 1)[-1]
        tail = "\n".join(last[-len(shown_error.splitlines()) :])
        assert tail == shown_error, (
            f"{program.display}: the page shows\n{shown_error}\nbut Python "
            f"raised\n{tail}"
        )
    else:
        assert proc.returncode == 0, f"{program.display} failed:\n{proc.stderr[-3000:]}"
        assert not errors
