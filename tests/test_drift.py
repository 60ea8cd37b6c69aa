"""The drift report (`make drift`, scripts/tools/drift.py) names each program's verdict.

No second torch is installed for this: the "other torch" is a stand-in, this venv's
own python behind a wrapper that sets DRIFT_STANDIN=1, and five small programs behave
differently under it, as programs would under a torch that changed: one prints
something else, one raises, one warns, one leaves a value that breaks a claim on its
page (it reads a clock, so its values are not compared, only its claims are judged),
and one stays the same. The build's side is the real one: runner.run_all, with an
execution cache of the test's own. The whole command runs (main), so the report page
and the exit status are checked too. Seconds.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest

from scripts.drift import compare
from scripts.run import cache, programs
from scripts.tools import drift as drift_tool

STANDIN = 'import os\n_STANDIN = bool(os.environ.get("DRIFT_STANDIN"))\n'
PROGRAMS = {
    "same.py": "x = 2 + 2\nprint('four is', x)\n",
    "changed.py": STANDIN + "word = 'new' if _STANDIN else 'old'\nprint(word)\n",
    "fails.py": STANDIN
    + "if _STANDIN:\n    raise RuntimeError('this API is gone')\nprint('fine')\n",
    "warns.py": STANDIN
    + "import warnings\n"
    + "warnings.warn('said in both', UserWarning)\n"
    + "if _STANDIN:\n"
    + "    warnings.warn('old spelling, will go', FutureWarning)\n"
    + "print('done')\n",
    "claimed.py": STANDIN
    + "import time\n"
    + "started = time.perf_counter()\n"
    + "n = 0 if _STANDIN else 3\n"
    + "seconds = time.perf_counter() - started\n"
    + "print('counted')\n",
}
PAGE = """# Stand-in

Three of them. {{ claim drift/claimed.py: n > 1 }}
On a GPU. {{ claim recorded:drift/claimed.py: n > 100 }}
Four. {{ claim drift/same.py: x == 4 }}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(programs, "ROOT", tmp_path)
    monkeypatch.setattr(programs, "SNIPPETS", tmp_path / "snippets")
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "exec")
    monkeypatch.setattr(drift_tool, "DOCS", tmp_path / "docs")
    monkeypatch.delenv("DRIFT_STANDIN", raising=False)
    folder = tmp_path / "snippets" / "drift"
    folder.mkdir(parents=True)
    for name, text in PROGRAMS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "standin.md").write_text(PAGE, encoding="utf-8")
    standin = tmp_path / "standin-python"
    standin.write_text(
        f'#!/bin/sh\nDRIFT_STANDIN=1 exec "{sys.executable}" "$@"\n', encoding="utf-8"
    )
    standin.chmod(standin.stat().st_mode | stat.S_IXUSR)
    return tmp_path, standin


def test_each_kind_of_drift_is_reported_as_such(project, capsys):
    root, standin = project
    out = root / "out"
    status = drift_tool.main(["--python", str(standin), "--out", str(out)])
    said = capsys.readouterr().out
    assert status == 1, "a program that fails under the other torch fails the command"
    page = next(out.glob("report-*.md")).read_text(encoding="utf-8")
    assert (out / page_name(out)).with_suffix(".html").is_file()
    verdicts = {
        line.split("|")[1].strip(" `"): line.split("|")[2].strip()
        for line in page.splitlines()
        if line.startswith("| `drift/")
    }
    assert verdicts == {
        "drift/changed.py": "changed",
        "drift/claimed.py": "claims no longer hold",
        "drift/fails.py": "fails",
        "drift/same.py": "same",
        "drift/warns.py": "warns",
    }
    # what each verdict rests on is on the page
    assert "-old\n+new" in page
    assert "RuntimeError: this API is gone" in page
    assert "docs/standin.md:3: `n > 1`: false (n = 0)" in page.replace("claim at ", "")
    assert "timing: values not compared" in page
    assert "1 recorded claim(s) skipped" in page
    assert "FutureWarning at line 6 (new;" in page
    assert "UserWarning at line 4 (also in the build;" in page
    for name in PROGRAMS:
        assert f"drift/{name}" in said
    assert "drift: fails 1, changed 1, claims no longer hold 1, warns 1, same 1" in said


def page_name(out):
    return next(out.glob("report-*.md")).name


def test_the_same_interpreter_drifts_nowhere(project):
    root, _ = project
    chosen = programs.all_programs()
    findings = drift_tool.drift(chosen, sys.executable, root / "docs")
    assert {f.program: f.verdict for f in findings} == {
        "drift/changed.py": "same",
        "drift/claimed.py": "same",
        "drift/fails.py": "same",
        "drift/same.py": "same",
        "drift/warns.py": "warns",
    }
    warns = next(f for f in findings if f.program == "drift/warns.py")
    assert [(w.category, w.line, new) for w, new in warns.warnings] == [
        ("UserWarning", 4, False)
    ]
    assert compare.ORDER[-1] == "same"
    assert os.environ.get("DRIFT_STANDIN") is None
