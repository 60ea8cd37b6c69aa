"""The drift run's child writes a warning down with the program's line
(scripts/drift/runs.py)."""

import json
import subprocess
import sys

from scripts.drift.runs import WARNED_CHILD
from scripts.run import runner


def test_a_warning_is_written_down_with_the_programs_line(tmp_path):
    code = "import warnings\n\ndef old():\n    warnings.warn('x', FutureWarning)\n"
    code += "for _ in range(2):\n    old()\nprint('ran')"
    spec = {
        "file": "snippets/w.py",
        "sections": [{"name": "", "first_line": 1, "code": code}],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    subprocess.run(
        [sys.executable, str(WARNED_CHILD), str(runner.CHILD), "spec.json", "o.json"],
        cwd=tmp_path,
        env=runner.child_env(),
        check=True,
    )
    out = json.loads((tmp_path / "o.json").read_text())
    assert out["sections"][0]["stdout"] == "ran\n"
    assert out["warnings"] == [
        {
            "category": "FutureWarning",
            "message": "x",
            "filename": "snippets/w.py",
            "lineno": 4,
            "line": 4,
        }
    ]
