"""Promise 2: shapes beside the code: what each line bound, traced from the real run,
shown on the page.

- The tracer (scripts/run/child.py) records assignments, augmented assignments, loop
  targets and `with ... as` names, in module and function frames, with the first and the
  last pass of a line that runs many times; tracing changes nothing the program prints.
- On the built pages, the notes of chosen lines match what this test computes by running
  the snippet itself, in this process, and reading the variable.
- In a browser: switched on, the matrix product of the shapes chapter reads (3, 3)
  int64; the copy button still copies the bare program; axe finds nothing in either
  palette.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import subprocess
import sys

import pytest
import torch

from scripts.paths import SNIPPETS
from scripts.run import runner
from scripts.run.programs import Program
from scripts.run.result import Result
from scripts.run.runner import CHILD
from tests.browser import axe_violations
from tests.conftest import reader_env
from tests.site import built_page, nav_pages, page_soup, shown_blocks

# ---- the tracer, on a small program of its own ---------------------------------------

TOY = """import torch

t = torch.zeros(2, 3)
t += 1
for u in [torch.ones(1, 2), torch.ones(2, 2), torch.ones(3, 2)]:
    v = u * 2
w = torch.ones(3, requires_grad=True)
a, (b, c) = w * 2, (w.sum(), 5)


def inside(x):
    y = x.T
    return y


inside(t)
inside(torch.ones(4, 1))
with torch.no_grad():
    z = w * 3
with open(__file__) as handle:
    pass
print(t.sum().item(), tuple(u.shape), z.requires_grad)
"""


def run_child(tmp_path, code: str, measures_time: bool = False) -> dict:
    spec = {"file": "toy.py", "sections": [{"name": "", "first_line": 1, "code": code}]}
    if measures_time:
        spec["measures_time"] = True
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    (tmp_path / "toy.py").write_text(code)
    subprocess.run(
        [
            sys.executable,
            str(CHILD),
            str(tmp_path / "spec.json"),
            str(tmp_path / "out.json"),
        ],
        cwd=tmp_path,
        env=reader_env(),
        check=True,
    )
    return json.loads((tmp_path / "out.json").read_text())


def plain_stdout(code: str, filename: str = "toy.py") -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(
            compile(code, filename, "exec"),
            {"__name__": "__main__", "__file__": filename},
        )  # noqa: S102
    return buffer.getvalue()


def entries(data: dict) -> dict[tuple[int, str, str], dict]:
    return {
        (b["line"], b["name"], b["pass"]): b
        for s in data["sections"]
        for b in s["bindings"]
    }


@pytest.mark.parametrize(
    "measures_time", [False, True], ids=["traced in the run", "traced in a second run"]
)
def test_the_tracer_reads_every_kind_of_binding(tmp_path, measures_time):
    data = run_child(tmp_path, TOY, measures_time)
    found = entries(data)
    # tracing changes no output
    assert data["sections"][0]["stdout"] == plain_stdout(TOY, str(tmp_path / "toy.py"))
    assert found[(3, "t", "only")]["shape"] == [2, 3]
    assert found[(4, "t", "only")]["dtype"] == "float32"  # t += 1
    loop_first, loop_last = found[(5, "u", "first")], found[(5, "u", "last")]
    assert (
        loop_first["shape"] == [1, 2]
        and loop_last["shape"] == [3, 2]
        and loop_last["passes"] == 3
    )
    assert (
        found[(6, "v", "last")]["shape"] == [3, 2]
        and found[(6, "v", "last")]["passes"] == 3
    )
    assert (
        found[(7, "w", "only")]["requires_grad"] is True
        and found[(7, "w", "only")]["grad_fn"] is None
    )
    assert found[(8, "a", "only")]["grad_fn"] == "MulBackward0"
    assert (
        found[(8, "b", "only")]["grad_fn"] == "SumBackward0"
        and found[(8, "b", "only")]["shape"] == []
    )
    assert not any(name == "c" for _, name, _ in found)  # 5 is no tensor
    assert found[(12, "y", "first")]["shape"] == [3, 2] and found[(12, "y", "last")][
        "shape"
    ] == [1, 4]
    assert found[(19, "z", "only")]["requires_grad"] is False  # under no_grad
    assert not any(name == "handle" for _, name, _ in found)


# ---- on the built pages: each note against the snippet run here ----------------------


def run_here(rel: str) -> dict:
    """snippets/<rel> run in this process, in a fresh namespace; its final variables."""
    program = Program(SNIPPETS / rel)
    namespace = {"__name__": "__main__", "__file__": program.display}
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            exec(compile(program.source, program.display, "exec"), namespace)
        # A program that teaches an error: read what it left.
        except Exception:  # noqa: BLE001
            assert program.raises
    return namespace


def expected_text(t: torch.Tensor) -> str:
    text = f"{tuple(t.shape)} {str(t.dtype).removeprefix('torch.')} {t.device}"
    if t.requires_grad:
        text += ", requires_grad"
    if t.grad_fn is not None:
        text += f", grad_fn {type(t.grad_fn).__name__}"
    return text


# (snippet, section, line of the block as a reader sees it, name bound there once)
CASES = [
    ("shapes/matmul.py", "compute", "c = a @ b", "c"),
    ("shapes/matmul.py", "inputs", "a = torch.arange(1, 7)", "a"),
    ("shapes/mismatch_fix.py", "", "gram_cols = b.T @ b", "gram_cols"),
    ("tensors/grad_flags.py", "", "doubled = w * 2", "doubled"),
    ("tensors/grad_flags.py", "", "total = doubled.sum()", "total"),
    ("tensors/grad_flags.py", "", "plain_doubled = plain * 2", "plain_doubled"),
    ("ledger/neuron.py", "forward", "o = torch.tanh(n)", "o"),
    ("ledger/neuron.py", "forward", "n = w1 * x1", "n"),
]


def notes_of(site, rel: str, section: str) -> tuple[list[str], dict[int, str]]:
    """(code lines, {block line: note text}) of the first block showing rel:section."""
    for page in sorted(site.rglob("*.html")):
        soup = page_soup(page)
        for run in soup.select("div.lesson-run"):
            if run["data-snippet"] == rel and run["data-section"] == section:
                code = run.select_one("div.highlight pre code").get_text().split("\n")
                notes = {
                    int(li["data-line"]): li.get_text(" ", strip=True).replace(
                        "  ", " "
                    )
                    for li in run.select("details.shape-notes li[data-line]")
                }
                return code, notes
    raise AssertionError(f"no page shows {rel}:{section}")


@pytest.mark.parametrize(
    "rel,section,start,name", CASES, ids=[f"{c[0]}:{c[3]}" for c in CASES]
)
def test_page_notes_match_an_independent_run(site, rel, section, start, name):
    code, notes = notes_of(site, rel, section)
    line = next(k for k, text in enumerate(code, 1) if text.startswith(start))
    assert line in notes, f"{rel}: no note beside line {line} ({start})"
    value = run_here(rel)[name]
    want = f"{name} {expected_text(value)}"
    assert want in notes[line], (
        f"{rel} line {line}: page says {notes[line]!r}, the run here gives {want!r}"
    )


def test_a_loop_shows_its_first_and_last_pass(site):
    code, notes = notes_of(site, "tensors/dims.py", "")
    line = next(
        k for k, text in enumerate(code, 1) if re.match(r"for .*\bt\b.* in ", text)
    )
    note = notes[line]
    # the 0-D tensor comes first
    assert re.search(r"t first of \d+ passes: \(\) ", note), note
    assert "last: (8, 3, 32, 32) float32" in note, note


def test_the_notes_are_outside_the_code(site):
    """The copy button copies `pre > code`: the notes must never be inside it."""
    for page in sorted(site.rglob("*.html")):
        soup = page_soup(page)
        for code in soup.select("div.highlight pre code"):
            assert not code.select(".shape-notes, .sn-list"), page
        for notes in soup.select("details.shape-notes"):
            assert notes.find_parent("div", class_="highlight") is None, page
            assert not notes.has_attr("open"), f"{page}: notes are off by default"


@functools.cache
def _run(rel: str) -> Result:
    """One run of a program for this test process (a block's program, once)."""
    return runner.run(Program(SNIPPETS / rel))


@pytest.mark.parametrize("page", nav_pages())
def test_every_block_that_binds_a_tensor_has_notes(site, monkeypatch, page):
    """Coverage, not correctness (the tests above compare notes with independent runs):
    no block whose run bound a tensor is left without notes, on each page of the nav (a
    new chapter's too), the exercise's starter, solution and bonus included (the notes
    of a solution hidden in a collapsed box are hidden with it). Which blocks bound one
    is read from the runs the shared build just stored (under CI's LESSON_FRESH=1 too),
    rather than running every program a second time here."""
    monkeypatch.setenv("LESSON_FRESH", "0")
    noted = {}  # (snippet, section): does a block of it on the page have notes?
    for block in shown_blocks(site):
        if block.page == built_page(page):
            key = (block.snippet, block.section)
            noted[key] = noted.get(key, False) or block.has_notes
    if page == "exercise.md":
        assert any(snippet.startswith("exercise/") for snippet, _ in noted)
    missing = [
        f"{page}: {snippet}:{section}"
        for (snippet, section), has_notes in noted.items()
        if not has_notes and _run(snippet).section(section).bindings
    ]
    assert not missing, missing


# ---- in a browser --------------------------------------------------------------------


@pytest.mark.browser
def test_switched_on_in_a_browser(browser_page, served_site):
    base, _ = served_site
    page = browser_page
    page.goto(base + "shapes/", wait_until="networkidle")
    run = page.locator(
        'div.lesson-run[data-snippet="shapes/matmul.py"][data-section="compute"]'
    )
    summary = run.locator("details.shape-notes > summary")
    summary.focus()
    page.keyboard.press("Enter")  # the per-block switch, from the keyboard
    assert run.locator("details.shape-notes").evaluate("d => d.open")
    code = run.locator(".highlight pre > code").inner_text().split("\n")
    line = next(k for k, text in enumerate(code, 1) if text.startswith("c = a @ b"))
    note = run.locator(f'.sn-list li[data-line="{line}"]')
    assert note.is_visible()
    assert "c (3, 3) int64 cpu" in " ".join(note.inner_text().split())

    # The copy button copies the element its data-clipboard-target names: the bare
    # program.
    target = run.locator("button[data-clipboard-target]").first.get_attribute(
        "data-clipboard-target"
    )
    copied = page.locator(target).evaluate("el => el.textContent")
    assert (
        copied.rstrip("\n")
        == Program(SNIPPETS / "shapes/matmul.py").section("compute").code
    )

    # Site-wide, remembered: every block's notes open, on this page and the next.
    run.locator(".sn-all input").check()
    assert page.evaluate(OPEN_BUT_PREDICTIONS)
    page.goto(base + "tensors/", wait_until="networkidle")
    assert page.evaluate(OPEN_BUT_PREDICTIONS)
    page.goto(base + "shapes/", wait_until="networkidle")
    page.locator(".sn-all input").first.uncheck()
    assert page.evaluate(
        "[...document.querySelectorAll('details.shape-notes')].every(d => !d.open)"
    )


# The switch opens every block's notes except those of a prediction still waiting for
# the reader (docs/assets/predict.js): the notes would give its answer away.
OPEN_BUT_PREDICTIONS = """[...document.querySelectorAll('details.shape-notes')].every(
    d => d.open !== !!d.closest('.lesson-run')
                      .querySelector('.predict:not(.is-shown)'))"""


@pytest.mark.browser
def test_on_a_phone_the_notes_are_a_list_under_the_code(browser, served_site):
    base, _ = served_site
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto(base + "shapes/", wait_until="networkidle")
        run = page.locator(
            'div.lesson-run[data-snippet="shapes/matmul.py"][data-section="compute"]'
        )
        run.locator("details.shape-notes > summary").click()
        assert not run.evaluate("r => r.classList.contains('sn-beside')")
        assert run.locator(".sn-list li").first.is_visible()
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth + 1"
        )
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_annotations_shown(browser, served_site, scheme):
    base, _ = served_site
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    problems = []
    try:
        for path in ["shapes/", "gotchas/"]:
            page.goto(base + path, wait_until="networkidle")
            page.evaluate(
                "document.querySelectorAll('details.shape-notes').forEach(d => "
                "{ d.open = true; })"
            )
            page.wait_for_timeout(100)
            # annotations.js puts notes beside the code only where the longest line
            # and the longest note both fit: on shapes/ some do (the layout axe must
            # see), on gotchas/ the long lines keep every list under its code.
            if path == "shapes/":
                assert page.locator(".lesson-run.sn-beside").count() > 0, (
                    "wide enough: notes beside the code"
                )
            problems += axe_violations(page, f"{path} [{scheme}]")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_child_imports_nothing_from_the_project():
    source = CHILD.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+(scripts|tests)\b", source, re.M)
