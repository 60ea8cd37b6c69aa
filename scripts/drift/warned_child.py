"""scripts/run/child.py, with every warning the program raises written down.

Started by path in the interpreter under test (another torch's venv), like child.py
itself, so it imports nothing from the project either:

    python warned_child.py CHILD.py SPEC.json RESULT.json [mode [bindings]]

It shows every warning (as `python -W always` would, so one raised in a loop is seen
each time, not once), and adds to the child's result a list `warnings`: the category,
the message, the file and line the warning names, and the line of the program that was
running when it was raised (the innermost frame of the program's own file), or None.
The run itself is child.py's own, unchanged.
"""

import json
import runpy
import sys
import warnings


def _program_line(file):
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename == file:
            return frame.f_lineno
        frame = frame.f_back
    return None


def main(child, spec_path, result_path, *rest):
    with open(spec_path, encoding="utf-8") as f:
        file = json.load(f)["file"]
    caught = []

    def show(message, category, filename, lineno, handle=None, line=None):
        entry = {
            "category": category.__name__,
            "message": str(message),
            "filename": filename,
            "lineno": lineno,
            "line": _program_line(file),
        }
        if entry not in caught:
            caught.append(entry)

    warnings.simplefilter("always")
    warnings.showwarning = show
    # child.py's functions, without running its `if __name__ == "__main__"` part
    child_main = runpy.run_path(child, run_name="child")["main"]
    child_main(spec_path, result_path, *rest)
    try:
        with open(result_path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return
    if isinstance(data, dict):
        data["warnings"] = caught
        with open(result_path, "w", encoding="utf-8") as f:
            json.dump(data, f)


if __name__ == "__main__":
    main(*sys.argv[1:7])
