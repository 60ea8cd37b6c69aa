"""The zygote: a program forked from it prints what it prints in a fresh interpreter."""

import os
import signal
import time

import pytest

from scripts.paths import SNIPPETS
from scripts.run import runner
from scripts.run.programs import Program
from scripts.run.zygote import Zygote


@pytest.fixture(scope="module")
def zygote():
    """One for the module, as the build has one for all its programs."""
    forks = Zygote(runner.child_env(None), runner.ROOT)
    yield forks
    forks.close()


@pytest.fixture
def fresh_runs(monkeypatch):
    monkeypatch.setenv("LESSON_FRESH", "1")  # run, never reuse
    monkeypatch.setattr(runner.cache, "store", lambda key, data: None)


def test_a_fork_and_a_fresh_interpreter_give_the_same_run(zygote, fresh_runs):
    """A real program of the course, with tensors, a seeded generator and shape notes:
    the whole result (outputs, values, notes, device) is the same either way."""
    program = Program(SNIPPETS / "ledger" / "neuron.py")
    forked = runner.run(program, 1, zygote=zygote).run.to_json()
    fresh = runner.run(program, 1).run.to_json()
    for run in (forked, fresh):  # only the seconds each section took may differ
        for entry in run["sections"]:
            entry.pop("seconds")
    assert forked["sections"] and forked == fresh


def test_each_fork_seeds_its_random_generators_from_the_os(zygote, snippet, fresh_runs):
    """As two fresh interpreters do: an unseeded program draws differently each run,
    from Python's generator and from torch's."""
    program = snippet(
        "import random, torch\nprint(random.random(), torch.initial_seed())\n"
    )
    first, second = (
        runner.run(program, zygote=zygote).run.sections[0].stdout.split()
        for _ in range(2)
    )
    assert first[0] != second[0] and first[1] != second[1]


def test_a_hanging_fork_is_stopped_and_named(zygote, snippet, fresh_runs, monkeypatch):
    monkeypatch.setattr(runner, "TIMEOUT", 2)
    program = snippet("while True:\n    pass\n", "hang.py")
    with pytest.raises(runner.RunError, match="still running after 2 s"):
        runner.run(program, zygote=zygote)
    # The zygote still serves the next program.
    assert runner.run(snippet("print(1)\n", "next.py"), zygote=zygote).run.sections


def test_a_fork_that_dies_reports_what_it_wrote(zygote, snippet, fresh_runs):
    program = snippet("import os, sys\nsys.stderr.write('gone\\n')\nos._exit(3)\n")
    with pytest.raises(runner.RunError, match=r"exited with 3\ngone"):
        runner.run(program, zygote=zygote)


def test_the_zygote_holds_one_thread_when_it_forks(zygote, snippet, fresh_runs):
    """A fork copies only the thread that called it: any other thread's locks would
    stay held in the child."""
    runner.run(snippet("print(1)\n"), zygote=zygote)  # answered after "ready"
    assert zygote.threads_when_ready == 1


def test_a_dead_zygote_is_an_error_not_a_wait(snippet, fresh_runs):
    """Whether it dies before a request or while the runner waits, the runner hears
    of it at once (nothing would ever answer)."""
    forks = Zygote(runner.child_env(None), runner.ROOT)
    program = snippet("print(1)\n")
    assert runner.run(program, zygote=forks).run.sections  # it was working
    os.kill(forks._started().pid, signal.SIGKILL)
    for _ in range(100):  # until its reader has seen stdout close
        if forks._gone:
            break
        time.sleep(0.05)
    with pytest.raises(runner.RunError, match="the zygote ended"):
        runner.run(program, zygote=forks)
