"""Running a program inside this process (figures and the grader read its live objects).

The one way the machinery runs code in-process: stdout captured, a fresh namespace, and
an exception the file announces (`# raises: X`) taken as the end it promised. A reader
program run here (run_file) works in a scratch directory of its own, as it does in the
build's runs (scripts/run/runner.py): what it writes never lands in the checkout.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import tempfile
from pathlib import Path

from scripts.run.programs import raised_as_announced


def run_code(
    code: str,
    filename: str,
    *,
    name: str = "__main__",
    announced: str | None = None,
    given: dict | None = None,
) -> tuple[dict, str]:
    """(the namespace the code left, what it printed); other exceptions propagate.
    `given`: names the code finds already defined (a figure block's `run`)."""
    namespace = {**(given or {}), "__name__": name, "__file__": filename}
    namespace["__builtins__"] = builtins
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        try:
            exec(compile(code, filename, "exec"), namespace)
        except Exception as error:
            if not raised_as_announced(type(error).__name__, announced):
                raise
    return namespace, buffer.getvalue()


def run_file(path: Path, *, announced: str | None = None) -> tuple[dict, str]:
    """`python path`, in this process, working in an empty scratch directory (removed
    afterwards; this process's working directory is restored)."""
    code = Path(path).read_text(encoding="utf-8")
    with (
        tempfile.TemporaryDirectory(
            prefix="lesson-run-", ignore_cleanup_errors=True
        ) as workdir,
        contextlib.chdir(workdir),
    ):
        return run_code(code, str(path), announced=announced)
