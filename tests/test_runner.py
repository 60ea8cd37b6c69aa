"""The runner itself: a hanging program is stopped and named; sections run in one interpreter."""

import pytest

from scripts import runner
from scripts.programs import Program


def test_a_hanging_program_is_stopped_and_named(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "TIMEOUT", 3)
    monkeypatch.setenv("LESSON_FRESH", "1")
    monkeypatch.setattr(runner, "ROOT", tmp_path)
    path = tmp_path / "snippets" / "hang.py"
    path.parent.mkdir()
    path.write_text("while True:\n    pass\n")
    monkeypatch.setattr(Program, "display", property(lambda self: "snippets/hang.py"))
    with pytest.raises(runner.RunError, match="snippets/hang.py: still running after 3 s"):
        runner.run(Program(path))
