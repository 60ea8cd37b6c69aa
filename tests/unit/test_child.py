"""The child interpreter: sections share one namespace, in order; output per section."""

import ast
import importlib.util
import subprocess
import sys

from scripts.run import runner


def test_the_child_is_started_by_path_and_imports_nothing_of_the_project(
    snippet, monkeypatch, tmp_path
):
    """A fresh interpreter runs child.py by its file path (not `-m scripts...`, which
    would need the project importable), and child.py imports no module of it."""
    tree = ast.parse(runner.CHILD.read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported.append(node.module or "")
    assert imported and not [m for m in imported if m.split(".")[0] == "scripts"]

    seen = []

    def fake_run(argv, **kwargs):
        seen.append(argv)
        return subprocess.CompletedProcess(argv, 0, "", "")

    monkeypatch.setattr(runner.subprocess, "run", fake_run)
    runner._launch(snippet("x = 1\n"), ["a"], None, None, str(tmp_path))
    assert seen == [[sys.executable, str(runner.CHILD), "a"]]
    assert runner.CHILD.is_file()


def test_an_error_of_the_machinery_keeps_every_frame():
    """No frame of the program's: the error is the machinery's, and its author needs
    all of it."""
    spec = importlib.util.spec_from_file_location("child", runner.CHILD)
    child = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(child)
    code = "def f():\n    raise KeyError('machinery bug')\nf()\n"
    try:
        exec(compile(code, "scripts/run/elsewhere.py", "exec"), {})
    except KeyError as exc:
        text = child._readers_traceback(exc, "snippets/toy.py")
    assert text.startswith("Traceback (most recent call last):")
    assert __file__ in text
    assert 'File "scripts/run/elsewhere.py", line 2, in f' in text
