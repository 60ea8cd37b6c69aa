"""The unit tier: plain functions on tiny inputs, no build, no browser (seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.run import programs
from scripts.run.programs import Program


@pytest.fixture
def snippet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a program into a scratch snippets/ folder; returns a Program for it."""
    monkeypatch.setattr(programs, "ROOT", tmp_path)
    monkeypatch.setattr(programs, "SNIPPETS", tmp_path / "snippets")

    def write(text: str, rel: str = "ch/prog.py") -> Program:
        path = tmp_path / "snippets" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return Program(path)

    return write
