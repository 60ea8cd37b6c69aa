"""The child interpreter, run: sections share one namespace, in order; output per
section; a hang is stopped; the build shares the cores; a traceback is the one Python
prints."""

import json
import subprocess
import sys

import pytest

from scripts.run import runner


def run_child(tmp_path, sections):
    spec = {"file": "snippets/toy.py", "sections": sections}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    subprocess.run(
        [sys.executable, str(runner.CHILD), "spec.json", "out.json"],
        cwd=tmp_path,
        env=runner.child_env(),
        check=True,
    )
    return json.loads((tmp_path / "out.json").read_text())


def section(name, line, code):
    return {"name": name, "first_line": line, "code": code}


def test_state_carries_from_one_section_to_the_next(tmp_path):
    out = run_child(
        tmp_path,
        [
            section("a", 2, "total = 40\nprint('a')"),
            section("b", 6, "total += 2\nprint(total)"),
        ],
    )
    assert [s["stdout"] for s in out["sections"]] == ["a\n", "42\n"]
    assert out["values"]["total"] == 42


def test_an_error_stops_the_program_and_names_the_snippets_line(tmp_path):
    out = run_child(
        tmp_path,
        [
            section("a", 3, "x = 1\nraise ValueError('boom')"),
            section("b", 8, "print('never')"),
        ],
    )
    [only] = out["sections"]
    assert only["error"]["type"] == "ValueError"
    assert only["error"]["message"] == "ValueError: boom"
    assert 'File "snippets/toy.py", line 4' in only["error"]["traceback"]


def test_a_hanging_program_is_stopped_and_named(snippet, monkeypatch):
    monkeypatch.setattr(runner, "TIMEOUT", 2)
    monkeypatch.setenv("LESSON_FRESH", "1")
    program = snippet("while True:\n    pass\n", "hang.py")
    with pytest.raises(
        runner.RunError, match="snippets/hang.py: still running after 2 s"
    ):
        runner.run(program)


def test_the_build_shares_the_cores_and_times_alone(snippet, monkeypatch):
    """Untimed programs run side by side with their share of the threads; a program
    that reads a clock runs after them, alone, with torch's default threads, and keeps
    the shape notes of its untimed traced run."""
    monkeypatch.setenv("LESSON_FRESH", "1")  # run, never reuse; results are stored
    monkeypatch.setattr(runner.cache, "store", lambda key, data: None)
    monkeypatch.setattr(runner.os, "cpu_count", lambda: 4)
    assert (
        runner.plan() == (4, 1)
        and runner.plan(2) == (2, 1)
        and runner.plan(16)
        == (
            4,
            4,
        )
    )
    seen = (
        "import os, time, torch\n"
        "print(os.environ.get('OMP_NUM_THREADS'), torch.get_num_threads())\n"
    )
    plain = snippet(seen, "ch/plain.py")
    timed = snippet(seen + "start = time.perf_counter()\nx = [1]\n", "ch/timed.py")
    order = []
    real_run = runner.run
    monkeypatch.setattr(
        runner,
        "run",
        lambda p, threads=None, bindings=None, zygote=None: (
            order.append(p.rel) or real_run(p, threads, bindings, zygote)
        ),
    )
    done = runner.run_all([timed, plain])
    assert list(done) == ["ch/timed.py", "ch/plain.py"] and order[-1] == "ch/timed.py"
    # Forked from the zygote: the share is set in the environment and in torch itself
    # (OpenMP read the environment before the fork); the timed program keeps the
    # default a fresh interpreter gets.
    default = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.get_num_threads())"],
        env=runner.child_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert done["ch/plain.py"].run.sections[0].stdout == "1 1\n"
    assert done["ch/timed.py"].run.sections[0].stdout == f"None {default}"


@pytest.mark.parametrize(
    "code",
    [
        "def f(x):\n    return x / 0\n\ny = f(1)\n",
        "x = (1,\n",
    ],
    ids=["raised in a function", "syntax error"],
)
def test_the_traceback_is_the_one_python_prints(tmp_path, code):
    """An author reads the build log's traceback as `python snippets/toy.py` prints it:
    no frame of the machinery above the program's own."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "toy.py").write_text(code)
    plain = subprocess.run(
        [sys.executable, "snippets/toy.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    [only] = run_child(tmp_path, [section("a", 1, code)])["sections"]
    assert plain.returncode == 1
    # Python names the script by its absolute path; the build by the reader's one.
    expected = plain.stderr.replace(str(tmp_path / "snippets"), "snippets")
    assert only["error"]["traceback"] == expected
