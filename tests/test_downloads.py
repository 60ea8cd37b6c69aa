"""Promise 2: each chapter can be taken home as one script and one notebook, and both
run.

`scripts/site/downloads.py` writes <chapter>.py and <chapter>.ipynb for every page with
reader blocks. The script, run alone in an empty folder, must exit 0 and print what the
page's output boxes show, program after program (a taught error is printed as the page's
error box shows it, and the script goes on). The notebook must run top to bottom under
nbclient without an error other than the taught ones. Generating twice gives the same
bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scripts.paths import DOCS, SNIPPETS
from scripts.run.programs import Program
from scripts.site import downloads
from tests.conftest import reader_env
from tests.outputs import outputs_match
from tests.site import page_soup, shown_blocks

PAGES = downloads.chapter_pages()
TIMEOUT = int(os.environ.get("LESSON_TIMEOUT", "300"))


@pytest.fixture(scope="session")  # once per worker: the tests of it are spread
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("downloads")
    downloads.write_all(out)
    return out


def page_output(site: Path, page: str) -> str:
    """What docs/<page> shows, program by program in first-appearance order: the text a
    run prints."""
    shown = {}
    for block in shown_blocks(site):
        if block.origin.startswith(f"docs/{page}:"):
            shown.setdefault((block.snippet, block.section), block)
    text = ""
    for program in downloads.programs_in_order(downloads.chapter_blocks(page)):
        for section in program.sections():
            block = shown.get((program.rel, section.name))
            assert block is not None, (
                f"docs/{page} does not show {program.display} section {section.name!r}"
            )
            text += block.stdout + ("\n" if block.stdout else "")
            if block.error is not None:
                text += block.error + "\n"
    return text


@pytest.mark.every_chapter
def test_there_are_chapters():
    """Every page that includes a snippet (read from its Markdown here) has them."""
    include = re.compile(r'^\s*```python exec="on"[^\n]*\n\s*--8<-- "', re.M)
    expected = sorted(
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if include.search(p.read_text(encoding="utf-8"))
    )
    assert PAGES == expected and len(PAGES) >= 10 and "exercise.md" in PAGES


@pytest.mark.parametrize("page", PAGES)
def test_script_prints_what_the_page_shows(page, generated, site, tmp_path):
    name = downloads.chapter_name(page)
    script = tmp_path / f"{name}.py"
    shutil.copyfile(generated / f"{name}.py", script)  # alone in an empty folder
    proc = subprocess.run(
        [sys.executable, script.name],
        cwd=tmp_path,
        env=reader_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 3,
    )
    assert proc.returncode == 0, f"{name}.py failed:\n{proc.stderr[-3000:]}"
    expected = page_output(site, page)
    assert expected.strip(), f"docs/{page} shows no output at all"
    assert outputs_match(expected, proc.stdout), (
        f"{name}.py: the page shows\n{expected}\n--- but the script "
        f"printed\n{proc.stdout}\n{proc.stderr[-3000:]}"
    )


@pytest.mark.parametrize("page", PAGES)
def test_script_holds_each_program_once_whole(page, generated):
    text = (generated / f"{downloads.chapter_name(page)}.py").read_text(
        encoding="utf-8"
    )
    compile(text, page, "exec")
    assert "do not edit" in text and downloads.chapter_title(page) in text
    for program in downloads.programs_in_order(downloads.chapter_blocks(page)):
        sections = program.sections()
        for k, section in enumerate(sections, 1):
            label = program.display  # written out here, not asked of downloads.py
            if len(sections) > 1:
                label += f", part {k} of {len(sections)} ({section.name})"
            assert text.count(f"# {label}\n") == 1, (
                f"{label} is not in {page}'s script exactly once"
            )
        if program.raises:
            assert (
                f"except {program.raises} as error:" in text
                or f'!= "{program.raises}"' in text
            )


@pytest.mark.parametrize("page", PAGES)
def test_notebook_runs_top_to_bottom(page, generated, tmp_path):
    name = downloads.chapter_name(page)
    nb = nbformat.read(generated / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code"), (
        "outputs must be cleared"
    )
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute(env=reader_env())  # the kernel's
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors, (
                f"{name}.ipynb {cell.id}: tagged raises-exception but raised nothing"
            )
        else:
            assert not errors, f"{name}.ipynb {cell.id} raised {errors[0].ename}"


@pytest.mark.every_chapter
def test_notebook_shape(generated):
    for page in PAGES:
        nb = nbformat.read(
            generated / f"{downloads.chapter_name(page)}.ipynb", as_version=4
        )
        assert nb.cells[0].cell_type == "markdown"
        assert nb.cells[0].source.startswith(f"# {downloads.chapter_title(page)}\n")
        assert "as the course site shows them" in nb.cells[0].source
        assert (
            nb.metadata.kernelspec.name == "python3"
            and nb.metadata.language_info.name == "python"
        )
        assert [c.id for c in nb.cells] == [f"cell-{i}" for i in range(len(nb.cells))]
        code = [c for c in nb.cells if c.cell_type == "code"]
        if page != downloads.EXERCISE_PAGE:
            sections = sum(
                len(p.sections())
                for p in downloads.programs_in_order(downloads.chapter_blocks(page))
            )
            assert len(code) == sections, (
                f"{page}: {len(code)} code cells for {sections} sections"
            )
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell is not nb.cells[0]:
                assert all(
                    line.startswith(("## ", "### ", "`snippets/", "**")) or not line
                    for line in cell.source.split("\n")
                ), cell.source


def test_two_generations_are_byte_identical(generated, tmp_path, monkeypatch):
    # the second made afresh, not read back from .cache/render: what a warm build
    # reuses is what a fresh one makes
    monkeypatch.setenv("LESSON_FRESH", "1")
    again = downloads.write_all(tmp_path)
    first = sorted(p.name for p in generated.iterdir())
    assert [p.name for p in again] == first
    expected = sorted(
        [f"{downloads.chapter_name(p)}.{ext}" for p in PAGES for ext in ("py", "ipynb")]
        + [f"{downloads.STARTER_NAME}.{ext}" for ext in ("py", "ipynb")]
    )
    assert first == expected
    for path in again:
        assert path.read_bytes() == (generated / path.name).read_bytes(), (
            f"{path.name} differs between two generations"
        )


def test_exercise_notebook_has_starter_then_solution():
    nb = downloads.exercise_notebook()
    nbformat.validate(nb)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    files = [c["source"].split("\n", 1)[0] for c in code]
    starter = next(i for i, f in enumerate(files) if "exercise/starter.py" in f)
    solution = next(i for i, f in enumerate(files) if "exercise/solution.py" in f)
    assert starter < solution
    assert code[solution]["metadata"] == {
        "jupyter": {"source_hidden": True},
        "tags": ["solution"],  # what the notebook page collapses (predict.js)
    }
    whole = Program(SNIPPETS / "exercise" / "solution.py").source.strip()
    assert whole in "\n".join(c["source"] for c in code)


def _code_lines(text: str) -> set[str]:
    """Each line's code, without its comment and indentation."""
    return {line.split("#")[0].strip() for line in text.splitlines()}


def _solution_lines() -> list[str]:
    """The code lines of the solution and the bonus that neither the starter nor the
    check has (a lone bracket or `else:` says nothing: lines of 8 characters or
    more)."""
    known = _code_lines(
        (SNIPPETS / "exercise" / "starter.py").read_text()
    ) | _code_lines(downloads.check_source())
    lines = []
    for name in ("solution.py", "bonus.py"):
        for code in _code_lines((SNIPPETS / "exercise" / name).read_text()):
            if len(code) >= 8 and code not in known:
                lines.append(code)
    return sorted(lines)


def _no_solution_in(text: str, what: str) -> None:
    found = [line for line in _solution_lines() if line in text]
    assert not found, f"{what} holds the solution's lines: {found[:5]}"


def test_exercise_starter_download_holds_no_solution(generated):
    """Issue 27: the exercise's download is the starter and a check, not the
    solution."""
    name = downloads.STARTER_NAME
    script = (generated / f"{name}.py").read_text(encoding="utf-8")
    _no_solution_in(script, f"{name}.py")
    nb = nbformat.read(generated / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    _no_solution_in("\n".join(c.source for c in nb.cells), f"{name}.ipynb")
    starter = Program(SNIPPETS / "exercise" / "starter.py").source.strip()
    assert starter in script and "def check(model, losses, x, y):" in script


def test_exercise_page_links_the_starter(site):
    """The exercise page's download bar: no link there leads to the solution."""
    soup = page_soup(site / "exercise" / "index.html")
    links = [a["href"] for a in soup.select("nav.lesson-downloads a[download]")]
    assert len(links) == 2
    for href in links:
        path = (site / "exercise" / href).resolve()
        _no_solution_in(path.read_text(encoding="utf-8"), href)


def test_the_check_passes_the_solution_and_not_the_starter(tmp_path):
    """The starter runs as it is (the check waits for `losses`); the check, run after
    the reference solution, passes all four of the page's checks."""
    check = downloads.check_source()
    starter = tmp_path / "starter.py"
    starter.write_text(downloads.starter_script(), encoding="utf-8")
    solved = tmp_path / "solved.py"
    solution = (SNIPPETS / "exercise" / "solution.py").read_text(encoding="utf-8")
    solved.write_text(solution + "\n\n" + check, encoding="utf-8")
    for path, expect in ((starter, "check: not run yet"), (solved, "PASS")):
        proc = subprocess.run(
            [sys.executable, path.name],
            cwd=tmp_path,
            env=reader_env(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert expect in proc.stdout
    assert proc.stdout.count("PASS ") == 4 and "NOT YET" not in proc.stdout


def test_indenting_a_program_keeps_its_strings():
    code = (
        'text = """line one\n  line two\nline three"""\nif True:\n    value = '
        'f"""{1}\n{2}"""\n\nprint(text, value)'
    )
    wrapped = (
        "try:\n"
        + downloads.indent_code(code)
        + "\nexcept ZeroDivisionError:\n    pass\n"
    )
    plain, inside = {}, {}
    exec(compile(code, "plain", "exec"), plain)
    exec(compile(wrapped, "wrapped", "exec"), inside)
    assert (plain["text"], plain["value"]) == (inside["text"], inside["value"])


def test_colab_url():
    assert downloads.colab_url(
        "https://github.com/OWNER/pytorch-basics", "downloads/loop.ipynb"
    ) == (
        "https://colab.research.google.com/github/OWNER/pytorch-basics/blob/main/downloads/loop.ipynb"
    )
    assert downloads.colab_url(
        "https://github.com/a/b.git/", "/x.ipynb", branch="gh-pages"
    ) == ("https://colab.research.google.com/github/a/b/blob/gh-pages/x.ipynb")
    assert downloads.colab_url("https://gitlab.com/a/b", "x.ipynb") is None
    assert downloads.colab_url("https://github.com/onlyowner", "x.ipynb") is None


@pytest.mark.every_chapter
def test_committed_colab_notebooks_are_fresh(tmp_path):
    """notebooks/ (what "Open in Colab" opens on GitHub) equals what the snippets
    generate now."""
    from scripts.site.downloads import NOTEBOOKS, write_notebooks

    fresh = {p.name: p.read_bytes() for p in write_notebooks(tmp_path)}
    committed = {p.name: p.read_bytes() for p in sorted(NOTEBOOKS.glob("*.ipynb"))}
    differ = sorted(
        name
        for name in committed.keys() | fresh.keys()
        if committed.get(name) != fresh.get(name)
    )
    assert not differ, (
        f"notebooks/ is stale ({', '.join(differ)}): run `make notebooks`"
    )
