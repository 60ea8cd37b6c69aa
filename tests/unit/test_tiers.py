"""The unit tier's guard (tests/unit/conftest.py): within it, torch cannot be imported
and no process can start, and each attempt is written down (the hooks there fail the
test on it, even where the code under test caught the error)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest

from tests.unit.conftest import Forbidden, no_torch_no_process


def test_torch_cannot_be_imported():
    seen: list[str] = []
    with no_torch_no_process(seen), pytest.raises(Forbidden, match="tests/component"):
        import torch  # noqa: F401
    assert seen == ["import torch"]
    assert "torch" not in sys.modules or sys.modules["torch"] is not None


@pytest.mark.parametrize(
    "start",
    [
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
        lambda: subprocess.check_output(["true"]),
        lambda: os.system("true"),
        lambda: multiprocessing.get_context("spawn").Process(target=print).start(),
        lambda: multiprocessing.get_context("fork").Process(target=print).start(),
    ],
    ids=["subprocess.run", "check_output", "os.system", "spawn", "fork"],
)
def test_no_process_can_start(start):
    seen: list[str] = []
    with no_torch_no_process(seen), pytest.raises(Forbidden):
        start()
    assert seen


def test_everything_is_back_after_it():
    real = subprocess.Popen, os.fork, list(sys.meta_path)
    with no_torch_no_process([]):
        assert subprocess.Popen is not real[0]
    assert (subprocess.Popen, os.fork, list(sys.meta_path)) == real
