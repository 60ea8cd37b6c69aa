"""The unit tier: plain functions on tiny inputs, no build, no browser (seconds).

It imports no torch and starts no process: while a test of this folder is collected,
set up, run or torn down, `import torch` raises and so does starting a process
(subprocess, os.fork, os.system, os.posix_spawn, multiprocessing). Either fails the
test even where the code under test catches the error. A test that needs torch or a
process belongs in tests/component/."""

from __future__ import annotations

import contextlib
import importlib.abc
import os
import sys

import pytest

MOVE = (
    "the unit tier imports no torch and starts no process: "
    "move the test to tests/component/"
)


class Forbidden(RuntimeError):
    """Raised where a unit test imports torch or starts a process."""


class _NoTorch(importlib.abc.MetaPathFinder):
    def __init__(self, seen: list[str]):
        self.seen = seen

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            self.seen.append(f"import {name}")
            raise Forbidden(f"import {name}: {MOVE}")
        return None


# Every way the standard library starts a process ends in one of these:
# subprocess.Popen (run, check_output, asyncio), _posixsubprocess.fork_exec
# (multiprocessing's spawn), os.fork (multiprocessing's fork), os.posix_spawn,
# os.system.
def _starters() -> list[tuple[object, str]]:
    import _posixsubprocess
    import subprocess

    names = [
        (subprocess, "Popen"),
        (_posixsubprocess, "fork_exec"),
        (os, "system"),
        (os, "popen"),
    ]
    names += [
        (os, name)
        for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "spawnv")
        if hasattr(os, name)
    ]
    return names


@contextlib.contextmanager
def no_torch_no_process(seen: list[str]):
    """Within: torch cannot be imported (a module that imported it before keeps its
    reference) and no process can start. What was tried is appended to `seen`."""
    hidden = {
        name: sys.modules.pop(name)
        for name in list(sys.modules)
        if name == "torch" or name.startswith("torch.")
    }
    finder = _NoTorch(seen)
    sys.meta_path.insert(0, finder)
    saved = []
    for owner, name in _starters():
        real = getattr(owner, name)

        def refuse(*args, _name=name, **kwargs):
            seen.append(f"{_name}{tuple(map(str, args))[:1]}")
            raise Forbidden(f"{_name}: {MOVE}")

        saved.append((owner, name, real))
        setattr(owner, name, refuse)
    try:
        yield
    finally:
        for owner, name, real in saved:
            setattr(owner, name, real)
        sys.meta_path.remove(finder)
        for name in [n for n in sys.modules if n == "torch" or n.startswith("torch.")]:
            del sys.modules[name]  # a failed import's leftovers
        sys.modules.update(hidden)


def _guarded(node):
    seen: list[str] = []
    with no_torch_no_process(seen):
        result = yield
    if seen:
        raise pytest.fail.Exception(
            f"{node.nodeid}: {'; '.join(dict.fromkeys(seen))}: {MOVE}", pytrace=False
        )
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """A test module that imports torch at its top fails to collect."""
    seen: list[str] = []
    with no_torch_no_process(seen):
        report = yield
    if seen and report.passed:
        report.outcome = "failed"
        tried = "; ".join(dict.fromkeys(seen))
        report.longrepr = f"{collector.nodeid}: {tried}: {MOVE}"
    return report
