"""Issue 28: each program works in a scratch directory of its own, never the checkout.

A program that writes a file (a checkpoint it loads back, a figure) writes it into an
empty directory made for that run and removed after it, in the build's two ways of
running (a fresh interpreter; a fork of the zygote), in the record command's (which is
runner.run) and in-process (figures, the grader). Its output names no path of that
directory, so two runs print the same; a run whose output names it is refused.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from scripts.paths import ROOT
from scripts.run import inprocess, runner
from scripts.run.zygote import Zygote

# Writes two files into its working directory, reads them back, prints what it found.
WRITER = """\
from pathlib import Path

import torch

print(sorted(p.name for p in Path('.').iterdir()))
Path('side-effect.txt').write_text('written by a program')
torch.manual_seed(0)
model = torch.nn.Linear(3, 2)
torch.save(model.state_dict(), 'model.pt')
size = Path('model.pt').stat().st_size
again = torch.nn.Linear(3, 2)
again.load_state_dict(torch.load('model.pt', weights_only=True))
same = all(
    torch.equal(a, b)
    for a, b in zip(model.state_dict().values(), again.state_dict().values())
)
print(sorted(p.name for p in Path('.').iterdir()), same, size > 0)
"""
PRINTED = "[]\n['model.pt', 'side-effect.txt'] True True\n"


@pytest.fixture
def fresh_runs(monkeypatch):
    monkeypatch.setenv("LESSON_FRESH", "1")  # run, never reuse
    monkeypatch.setattr(runner.cache, "store", lambda key, data: None)


def _listing(folder):
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if "__pycache__" not in p.parts
    )


@pytest.mark.parametrize("how", ["fresh interpreter", "forked from the zygote"])
def test_a_program_that_writes_files_runs_in_a_scratch_directory(
    snippet, fresh_runs, tmp_path, how
):
    program = snippet(WRITER, "ch/writer.py")
    before = _listing(tmp_path)
    forked = how == "forked from the zygote"
    zygote = Zygote(runner.child_env(None), ROOT) if forked else None
    try:
        first = runner.run(program, 1, zygote=zygote)
        second = runner.run(program, 1, zygote=zygote)
    finally:
        if zygote is not None:
            zygote.close()
    assert first.problem() is None, first.problem()
    # Empty when it starts (the second run does not see the first's files), and what
    # it printed is the same both times: size and all.
    assert first.run.sections[0].stdout == PRINTED
    assert first.run.to_json()["values"] == second.run.to_json()["values"]
    assert second.run.sections[0].stdout == PRINTED
    assert first.run.values["size"] > 0
    # Nothing landed beside the program, nor in the checkout.
    assert _listing(tmp_path) == before
    assert not (ROOT / "model.pt").exists()
    assert not (ROOT / "side-effect.txt").exists()


def test_a_run_that_prints_its_working_directory_is_refused(snippet, fresh_runs):
    program = snippet("import os\nprint(os.getcwd())\n", "ch/cwd.py")
    with pytest.raises(runner.RunError, match="names its working directory") as raised:
        runner.run(program)
    assert "snippets/ch/cwd.py" in str(raised.value)
    assert "path.name" in str(raised.value)  # it says what to do instead


def test_a_value_that_holds_the_working_directory_is_refused(snippet, fresh_runs):
    program = snippet("import os\nwhere = os.path.abspath('m.pt')\n", "ch/where.py")
    with pytest.raises(runner.RunError, match="names its working directory"):
        runner.run(program)


def test_a_timed_program_is_traced_in_a_scratch_directory_of_its_own(
    snippet, fresh_runs
):
    """A program that reads a clock runs twice (timed, then traced): the traced run
    does not see the timed run's files, and the shape notes come back."""
    program = snippet(
        "import os, time, torch\n"
        "start = time.perf_counter()\n"
        "seen = sorted(os.listdir('.'))\n"
        "open('mine.txt', 'w').close()\n"
        "x = torch.zeros(2, 3)\n"
        "print(seen)\n",
        "ch/timed.py",
    )
    done = runner.run(program)
    assert done.problem() is None, done.problem()
    assert done.run.sections[0].stdout == "[]\n"
    assert [b.name for b in done.run.bindings()] == ["x"]
    traced_only = runner.trace(program)  # the build's way: traced beforehand
    assert [b["name"] for s in traced_only for b in s] == ["x"]


def test_in_process_runs_work_in_a_scratch_directory(tmp_path):
    program = tmp_path / "writer.py"
    program.write_text(
        "import os\n"
        "seen = os.listdir('.')\n"
        "open('in-process.txt', 'w').write('x')\n"
        "print(sorted(os.listdir('.')))\n"
    )
    here = os.getcwd()
    namespace, printed = inprocess.run_file(program)
    assert namespace["seen"] == [] and printed == "['in-process.txt']\n"
    assert os.getcwd() == here  # this process's working directory is back
    assert sorted(p.name for p in tmp_path.iterdir()) == ["writer.py"]
    assert not (ROOT / "in-process.txt").exists()


def test_the_session_check_sees_a_new_file_and_changed_bytes(tmp_path):
    """tests/conftest.py's end-of-run check, on a scratch repository."""
    from tests.conftest import changed_since, checkout_state

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    (tmp_path / ".gitignore").write_text("site/\n")
    (tmp_path / "page.md").write_text("one\n")
    (tmp_path / "edited.md").write_text("one\n")
    git("add", "-A")
    git("commit", "-q", "-m", "start")
    (tmp_path / "edited.md").write_text("two\n")  # dirty before the run
    before = checkout_state(tmp_path)
    assert list(before) == ["edited.md"]
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("built")  # ignored: not a change
    assert changed_since(before, checkout_state(tmp_path)) == []
    (tmp_path / "edited.md").write_text("three\n")  # dirty before, other bytes now
    (tmp_path / "page.md").write_text("overwritten\n")
    (tmp_path / "model.pt").write_bytes(b"\0")
    assert changed_since(before, checkout_state(tmp_path)) == [
        "edited.md",
        "model.pt",
        "page.md",
    ]
    assert checkout_state(tmp_path / "site") is not None  # inside the repository
    with tempfile.TemporaryDirectory() as elsewhere:  # no git repository
        assert checkout_state(Path(elsewhere)) is None
