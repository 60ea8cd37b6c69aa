"""The drift report's parts: pins, verdicts, warnings with the program's line, and the
page stamp's date (scripts/drift/, scripts/site/render.py)."""

from __future__ import annotations

import pytest

from scripts.drift import compare, environment
from scripts.drift.runs import Outcome, Warned
from scripts.errors import RunError
from scripts.run.result import Raised, Run, SectionRun
from scripts.run.runner import Result
from scripts.site import render
from scripts.site.claims import Claim


def test_only_the_torch_pin_changes():
    pins = "sympy==1.14.0\ntorch==2.13.0\ntorchvision==0.1\n"
    assert environment.pins_with("2.12.0", pins) == (
        "sympy==1.14.0\ntorch==2.12.0\ntorchvision==0.1\n"
    )
    with pytest.raises(ValueError):
        environment.pins_with("2.12.0", "sympy==1.14.0\n")


def _run(stdout="4\n", values=None, error=None):
    section = SectionRun("", stdout, error, 0.0)
    return Run((section,), values if values is not None else {"x": 4})


def _verdict(program, base, other, claims=(), warned=()):
    outcome = Outcome(other, None, list(warned))
    found = Result(program, base, 0.0, True) if isinstance(base, Run) else base
    return compare.compare(program, found, outcome, list(claims))


def test_verdicts(snippet):
    plain = snippet("x = 4\nprint(x)\n")
    assert _verdict(plain, _run(), _run()).verdict == "same"
    changed = _verdict(plain, _run(), _run("5\n", {"x": 5}))
    assert changed.verdict == "changed"
    assert "-4\n+5" in changed.diffs[0][1]
    assert changed.values == [("x", 4, 5)]
    error = Raised("RuntimeError", "gone", "Traceback...\nRuntimeError: gone")
    failed = _verdict(plain, _run(), _run("", {}, error))
    assert (failed.verdict, failed.error) == ("fails", error.traceback)
    crashed = compare.compare(plain, RunError("x"), Outcome(None, "exited with -9"), [])
    assert (crashed.verdict, crashed.error, crashed.base_error) == (
        "fails",
        "exited with -9",
        "x",
    )
    warning = Warned("FutureWarning", "will go", "torch/x.py", 3, 1)
    assert _verdict(plain, _run(), _run(), warned=[warning]).verdict == "warns"


def test_an_announced_error_that_still_comes_is_not_a_failure(snippet):
    taught = snippet("# raises: RuntimeError\nraise RuntimeError('no')\n")
    error = Raised("RuntimeError", "no", "tb")
    assert _verdict(taught, _run("", {}, error), _run("", {}, error)).verdict == "same"
    other = Raised("RuntimeError", "RuntimeError: a new message", "tb")
    found = _verdict(taught, _run("", {}, error), _run("", {}, other))
    assert found.verdict == "changed"
    assert "+RuntimeError: a new message" in found.diffs[0][1]


def test_a_timing_programs_values_are_not_compared_but_its_claims_are(snippet):
    timed = snippet("import time\nt = time.perf_counter()\nn = 3\n")
    claims = [
        Claim("docs/p.md:3", "ch/prog.py", "n > 1"),
        Claim("docs/p.md:4", "ch/prog.py", "n > 100", recorded=True),
    ]
    base, other = _run("", {"t": 1.0, "n": 3}), _run("", {"t": 2.0, "n": 3})
    held = _verdict(timed, base, other, claims)
    assert (held.verdict, held.timing, held.values) == ("same", True, [])
    assert (held.claims_held, held.claims_skipped) == (1, 1)
    broken = _verdict(timed, base, _run("", {"t": 2.0, "n": 0}), claims)
    assert broken.verdict == "claims"
    assert broken.claims[0][1] == "false (n = 0)"
    gone = _verdict(timed, base, _run("", {"t": 2.0}), claims)
    assert gone.claims[0][1].startswith("cannot be judged")
    # a claim that the build's own run breaks too is listed, but is no drift
    broken_here = _run("", {"t": 1.0, "n": 0})
    both = _verdict(timed, broken_here, _run("", {"t": 2.0, "n": 0}), claims)
    assert (both.verdict, both.claims[0][1]) == (
        "same",
        "false (n = 0); in the build too",
    )


def test_page_claims_are_found_with_their_line(tmp_path):
    (tmp_path / "a.md").write_text(
        "x\n\nTrue. {{ claim ch/prog.py: n > 1 }}\n{{ claim recorded:ch/p.py: a }}\n"
    )
    found = compare.page_claims(tmp_path)
    assert [(c.where, c.condition) for c in found["ch/prog.py"]] == [
        ("docs/a.md:3", "n > 1")
    ]
    assert found["ch/p.py"][0].recorded


def test_the_stamp_dates_the_sources_not_the_clock(monkeypatch):
    result = Result(None, Run((), torch="2.13.0", device="cpu", python="3.11"), 0, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    stamp = render.stamp_html([result])
    assert "with torch 2.13.0 on cpu (Python 3.11)" in stamp
    assert "from the sources as of their last commit, dated 2026-01-01." in stamp
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert "dated" not in render.stamp_html([result])
