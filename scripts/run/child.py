"""Runs one reader program inside a fresh interpreter, section by section.

Started by scripts/run/runner.py as `python scripts/run/child.py SPEC.json RESULT.json`.
Each section is compiled under the snippet's own file name and line numbers, so a
traceback points at the line a reader sees. Everything the program writes to stdout is
captured (print and sys.stdout.write alike), separately for each section. This file
imports nothing from the project, so the program sees the same interpreter it would see
under `python snippets/x.py`.

While the program runs, `_Tracer` records what every tensor-binding line bound (shape,
dtype, device, requires_grad, grad_fn), read from the live objects: the pages show these
beside the code (scripts/site/annotations.py). It traces only the snippet's own frames;
a program that reads a clock runs untraced and is traced in a second interpreter.

The program runs in a scratch directory of its own, made empty for it by the runner
(runner._start_child): a file it writes (a checkpoint, a figure) lands there and is
removed with it, never in the checkout. This file does not choose that directory; it
runs in whatever working directory it is started in.
"""

import ast
import builtins
import contextlib
import io
import json
import math
import os
import sys
import time
import traceback


def _plain(value, depth=0):
    """A JSON-ready copy of simple values, so pages can quote what the program
    computed."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(
        value, (torch.Tensor, torch.Size, torch.dtype, torch.device)
    ):
        if isinstance(value, torch.Tensor):
            return value.detach().cpu().tolist() if value.numel() <= 100_000 else None
        return str(value) if not isinstance(value, torch.Size) else list(value)
    if depth < 3 and isinstance(value, (list, tuple)) and len(value) <= 100_000:
        items = [_plain(v, depth + 1) for v in value]
        return (
            None
            if any(
                i is None and v is not None for i, v in zip(items, value, strict=True)
            )
            else items
        )
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


def _targets(node):
    """The plain names an assignment target binds: x, (x, y), [x, *rest]."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for item in node.elts for n in _targets(item)]
    if isinstance(node, ast.Starred):
        return _targets(node.value)
    return []  # attributes and subscripts bind no name


def binding_lines(tree):
    """{first line of a statement: (names, last line of the statement, body lines or
    None)}.

    An assignment is read on the first line event outside its own lines; a loop target
    or a `with ... as` name on the first line event inside the body (a later line means
    the loop ended without binding again)."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            names, body = [n for t in node.targets for n in _targets(t)], None
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and getattr(
            node, "value", None
        ):
            names, body = _targets(node.target), None
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            names, body = (
                _targets(node.target),
                (node.body[0].lineno, node.body[-1].end_lineno),
            )
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            names = [
                n
                for item in node.items
                if item.optional_vars
                for n in _targets(item.optional_vars)
            ]
            body = (node.body[0].lineno, node.body[-1].end_lineno)
        else:
            continue
        if names:
            last = node.end_lineno if body is None else body[0] - 1
            found[node.lineno] = (list(dict.fromkeys(names)), last, body)
    return found


def describe(value):
    """What a tensor is, read from the object itself; None for anything else."""
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(value, torch.Tensor):
        return None
    grad_fn = value.grad_fn
    return {
        "shape": list(value.shape),
        "dtype": str(value.dtype).replace("torch.", ""),
        "device": str(value.device),
        "requires_grad": bool(value.requires_grad),
        "grad_fn": type(grad_fn).__name__ if grad_fn is not None else None,
    }


class _Tracer:
    """sys.settrace over the snippet's own frames only: after a binding line has run,
    read the names it bound from the frame. Keeps the first and the last pass of each
    name."""

    def __init__(self, filename):
        self.filename = filename
        self.lines = {}  # binding_lines() of every section compiled so far
        self.seen = {}  # (line, name) -> [first, last, passes]

    def add(self, tree):
        self.lines.update(binding_lines(tree))

    # the global trace function: one call per frame
    def __call__(self, frame, event, arg):
        if frame.f_code.co_filename != self.filename:
            return None  # other code (torch, the stdlib) runs untraced
        lines, record = self.lines, self._record
        pending = []

        def local(frame, event, arg):
            if pending:
                start, (names, last, body) = pending[0]
                line = frame.f_lineno
                if event == "line" and start <= line <= last:
                    return local
                pending.clear()
                if event == "return" or (
                    event == "line" and (body is None or body[0] <= line <= body[1])
                ):
                    record(frame, start, names)
            if event == "line" and frame.f_lineno in lines:
                pending.append((frame.f_lineno, lines[frame.f_lineno]))
            return local

        return local

    def _record(self, frame, line, names):
        scope = frame.f_locals
        for name in names:
            value = scope[name] if name in scope else frame.f_globals.get(name)
            seen = describe(value)
            if seen is None:
                continue
            entry = self.seen.setdefault((line, name), [seen, seen, 0])
            entry[1] = seen
            entry[2] += 1

    def bindings(self, first, last):
        """Entries for lines first..last: one per name bound once, first and last
        otherwise."""
        out = []
        for (line, name), (head, tail, passes) in sorted(
            self.seen.items(), key=lambda kv: kv[0][0]
        ):
            if not first <= line <= last:
                continue
            if passes == 1:
                out.append(
                    {"line": line, "name": name, **head, "pass": "only", "passes": 1}
                )
            else:
                out.append(
                    {
                        "line": line,
                        "name": name,
                        **head,
                        "pass": "first",
                        "passes": passes,
                    }
                )
                out.append(
                    {
                        "line": line,
                        "name": name,
                        **tail,
                        "pass": "last",
                        "passes": passes,
                    }
                )
        return out


# The one rule for error text. The build shows a program's error through this function
# (_run, below); each downloaded chapter script prints its taught errors through a copy
# of it (scripts/site/downloads.py copies this source); the tests compare through it.
def error_text(report):
    """An error as the course's pages show it, from Python's own report of it
    (traceback.format_exception_only): the same lines, without the line end and
    without the spaces a line ends in (some of torch's messages end in one)."""
    lines = [line.rstrip() for line in report.splitlines()]
    return "\n".join(lines).strip("\n")


def _readers_traceback(exc, file):
    """The traceback as `python <file>` prints it: from the program's own first frame.
    The frames above it are this file's (the exec), and an author reading the build log
    should not have to look past them. A syntax error in the program has no frame of
    its own, and Python prints none for it either. An error with no frame of the
    program's is the machinery's: it keeps every frame."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != file:
        tb = tb.tb_next
    if tb is None and not (
        isinstance(exc, SyntaxError) and getattr(exc, "filename", None) == file
    ):
        tb = exc.__traceback__
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _run(spec, namespace, tracer):
    """Run the sections in order (traced when `tracer` is given); one entry per section
    run."""
    sections = []
    for section in spec["sections"]:
        code = "\n" * (section["first_line"] - 1) + section["code"] + "\n"
        buffer = io.StringIO()
        error = None
        started = time.perf_counter()
        with contextlib.redirect_stdout(buffer):
            try:
                tree = ast.parse(code, spec["file"])
                compiled = compile(tree, spec["file"], "exec")
                if tracer is not None:
                    tracer.add(tree)
                    sys.settrace(tracer)
                try:
                    exec(compiled, namespace)
                finally:
                    sys.settrace(None)
            except BaseException as exc:  # noqa: BLE001 - reported, never swallowed
                error = {
                    "type": type(exc).__name__,
                    "message": error_text(
                        "".join(traceback.format_exception_only(type(exc), exc))
                    ),
                    "traceback": _readers_traceback(exc, spec["file"]),
                }
        sections.append(
            {
                "name": section["name"],
                "stdout": buffer.getvalue(),
                "error": error,
                "seconds": round(time.perf_counter() - started, 3),
            }
        )
        if error:
            break
    return sections


def _bindings(spec, tracer):
    """The tracer's entries, one list per section (by the lines each section holds)."""
    out = []
    for section in spec["sections"]:
        last = section["first_line"] + section["code"].count("\n")
        out.append(tracer.bindings(section["first_line"], last))
    return out


def _traced_elsewhere(spec_path):
    """A program that reads a clock is traced in a second interpreter, so that tracing
    never slows what it times; its output there is thrown away, only the bindings are
    kept. It runs in an empty directory of its own, not in the timed run's (which
    holds whatever that run wrote)."""
    import subprocess  # noqa: PLC0415 - only these programs need it
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        out = os.path.join(tmp, "bindings.json")
        workdir = os.path.join(tmp, "run")
        os.mkdir(workdir)
        subprocess.run(
            [sys.executable, os.path.abspath(__file__)]
            + [os.path.abspath(spec_path), out, "trace"],
            cwd=workdir,
            capture_output=True,
            check=False,
        )
        if not os.path.exists(out):
            return None
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def _read_bindings(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(spec_path, result_path, mode="run", bindings_path=None):
    """mode "run": run the program, write its result; "trace": only write the bindings
    of a traced run. `bindings_path`: a timing program's bindings, traced beforehand by
    the runner (mode "trace"), so that this run starts no second interpreter."""
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    namespace = {
        "__name__": "__main__",
        "__file__": spec["file"],
        "__builtins__": builtins,
    }
    sys.argv = [spec["file"]]
    traced_here = mode == "trace" or not spec.get("measures_time")
    tracer = _Tracer(spec["file"]) if traced_here else None
    sections = _run(spec, namespace, tracer)
    if mode == "trace":
        with open(result_path, "w", encoding="utf-8") as f:
            json.dump(_bindings(spec, tracer), f)
        return
    if tracer:
        bindings = _bindings(spec, tracer)
    elif bindings_path and os.path.exists(bindings_path):
        bindings = _read_bindings(bindings_path)
    else:
        bindings = _traced_elsewhere(spec_path)
    # A program that raised ran fewer sections than the spec holds: zip stops there.
    for entry, found in zip(sections, bindings or [[] for _ in sections], strict=False):
        entry["bindings"] = found
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
    main(*sys.argv[1:5])
