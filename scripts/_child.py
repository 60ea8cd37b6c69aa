"""Runs one reader program inside a fresh interpreter, section by section.

Started by scripts/runner.py as `python scripts/_child.py SPEC.json RESULT.json`. Each section
is compiled under the snippet's own file name and line numbers, so a traceback points at
the line a reader sees. Everything the program writes to stdout is captured (print and
sys.stdout.write alike), separately for each section. This file imports nothing from the
project, so the program sees the same interpreter it would see under `python snippets/x.py`.
"""

import builtins
import contextlib
import io
import json
import math
import sys
import time
import traceback


def _plain(value, depth=0):
    """A JSON-ready copy of simple values, so pages can quote what the program computed."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, (torch.Tensor, torch.Size, torch.dtype, torch.device)):
        if isinstance(value, torch.Tensor):
            return value.detach().cpu().tolist() if value.numel() <= 100_000 else None
        return str(value) if not isinstance(value, torch.Size) else list(value)
    if depth < 3 and isinstance(value, (list, tuple)) and len(value) <= 100_000:
        items = [_plain(v, depth + 1) for v in value]
        return None if any(i is None and v is not None for i, v in zip(items, value)) else items
    if depth < 3 and isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _plain(v, depth + 1) for k, v in value.items()}
    return None


def _device():
    torch = sys.modules.get("torch")
    if torch is None:
        import torch
    if torch.cuda.is_available():
        return f"cuda ({torch.cuda.get_device_name(0)})"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps (Apple GPU)"
    return "cpu"


def main(spec_path, result_path):
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    namespace = {"__name__": "__main__", "__file__": spec["file"], "__builtins__": builtins}
    sys.argv = [spec["file"]]
    sections = []
    for section in spec["sections"]:
        code = "\n" * (section["first_line"] - 1) + section["code"] + "\n"
        buffer = io.StringIO()
        error = None
        started = time.perf_counter()
        with contextlib.redirect_stdout(buffer):
            try:
                exec(compile(code, spec["file"], "exec"), namespace)
            except BaseException as exc:  # noqa: BLE001 - reported, never swallowed
                error = {
                    "type": type(exc).__name__,
                    "message": "".join(traceback.format_exception_only(type(exc), exc)).strip(),
                    "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
                }
        sections.append({
            "name": section["name"],
            "stdout": buffer.getvalue(),
            "error": error,
            "seconds": round(time.perf_counter() - started, 3),
        })
        if error:
            break
    values = {}
    for name, value in namespace.items():
        if not name.startswith("_"):
            plain = _plain(value)
            if plain is not None:
                values[name] = plain
    device = _device()
    torch = sys.modules.get("torch")
    result = {
        "sections": sections,
        "values": values,
        "torch": torch.__version__.split("+")[0] if torch else None,
        "device": device,
        "python": sys.version.split()[0],
    }
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:3])
