"""One rule for error text (issue 20), run: the page and the downloaded chapter script
show a taught error the same way, however its message ends (the rule itself:
tests/unit/test_error_text.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from scripts.run import runner
from scripts.site import downloads


@pytest.fixture
def fresh_runs(monkeypatch):
    monkeypatch.setenv("LESSON_FRESH", "1")  # run, never reuse
    monkeypatch.setattr(runner.cache, "store", lambda key, data: None)


def _page_text(result) -> str:
    """What tests/test_downloads.py's page_output reads off a page for one program:
    each section's output box (scripts/site/render.py drops its last line end), then
    its error box."""
    text = ""
    for entry in result.run.sections:
        box = entry.stdout.rstrip("\n")
        text += box + ("\n" if box else "")
        if entry.error is not None:
            text += entry.error.message + "\n"
    return text


def _script_prints(program, folder) -> str:
    """What the chapter script's part for `program` prints, run alone in `folder`."""
    script = folder / "chapter.py"
    script.write_text(
        downloads._error_text_source() + "\n\n" + downloads._script_entry(program)
    )
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [sys.executable, script.name],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize(
    "code",
    [
        'print("before")\nraise ValueError("boom ")\n',
        "import torch\n"
        "layer = torch.nn.Linear(2, 1)\n"
        "layer.load_state_dict({'weight': torch.zeros(1, 2)}, strict=True)\n",
    ],
    ids=["ValueError('boom ')", "torch load_state_dict strict=True"],
)
def test_page_and_download_show_a_trailing_space_message_alike(
    snippet, fresh_runs, tmp_path, code
):
    raises = "ValueError" if "boom" in code else "RuntimeError"
    program = snippet(f"# raises: {raises}\n{code}", "ch/strict.py")
    result = runner.run(program)
    assert result.problem() is None, result.problem()
    message = result.run.sections[-1].error.message
    assert message.startswith(f"{raises}: ") and not message.endswith(" ")
    printed = _script_prints(program, tmp_path)
    assert printed == _page_text(result)  # exactly: not even a space apart
