"""Promise 1 and 2 for a new chapter: `make chapter` makes one that builds and passes.

The scaffold (scripts/tools/new_chapter.py) runs in a scratch copy of the project (with
the execution cache copied along, so only the new program runs); then, in that copy and
with no edit, the tests of the new chapter run as `make test-chapter` runs them (which
are its own is read from their parameters: no list names a chapter): the strict build,
the fences, the page against a fresh run of its program, its script and notebook, its
shape notes and predict-first block, axe on its page, the committed notebooks. Also
here: the scaffold refuses without writing, and every chapter carries one number in its
nav label, its title and the home page's table.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.paths import DOCS, ROOT
from scripts.run.programs import _SECTION
from scripts.tools import new_chapter
from tests.conftest import scratch_project

NAME, TITLE = "a-new-chapter", "A New Chapter"


def tracked() -> tuple[str, ...]:
    """Every top-level file and folder git tracks: the whole project, so that the whole
    test suite collects in the copy (some test modules read README.md, the Makefile,
    the workflows)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return tuple(sorted({path.split("/")[0] for path in listed.split("\0") if path}))


@pytest.fixture
def project(tmp_path, site) -> Path:  # `site`: the shared build filled the cache
    return scratch_project(tmp_path, tracked())  # warm: only the new program runs


def run(project: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=project,
        # Reuse the copied cache, even on CI; the inner pytest's options are this
        # test's alone (PYTEST_ADDOPTS, e.g. --durations, would change its report).
        env={
            **{k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"},
            "LESSON_FRESH": "0",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )


_OUTCOME = re.compile(r" (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b")


@pytest.mark.long
def test_a_new_chapter_builds_and_passes_its_tests_as_made(project):
    assert not (DOCS / f"{NAME}.md").exists(), f"pick a free name: {NAME} exists"
    made = run(project, "-m", "scripts.tools.new_chapter", NAME, TITLE)
    assert made.returncode == 0, made.stdout
    for path in (
        f"docs/{NAME}.md",
        f"snippets/{NAME}/first.py",
        f"notebooks/{NAME}.ipynb",
    ):
        assert (project / path).is_file() and f" {path}" in made.stdout, path
    assert not (ROOT / "docs" / f"{NAME}.md").exists()  # the copy, not this tree
    # The new chapter takes the closing chapter's number, just before it in the nav and
    # on the home page; the closing chapter moves on by one.
    closing = re.findall(r"^\s*- (\d+)\. [^\n]*: (\S+)$", _nav(ROOT), re.M)[-1]
    number, closing_page = int(closing[0]), closing[1]
    nav = _nav(project).split("\n")
    new_entry = nav.index(f"  - {number}. {TITLE}: {NAME}.md")
    assert re.match(rf"  - {number + 1}\. .*: {closing_page}$", nav[new_entry + 1])
    page = (project / "docs" / f"{NAME}.md").read_text(encoding="utf-8")
    assert page.startswith(f"# {number}. {TITLE}\n")
    assert "## Check yourself" in page and "{{ " in page and 'predict="' in page
    assert "{{ claim " in page
    closing_title = (project / "docs" / closing_page).read_text(encoding="utf-8")
    assert closing_title.startswith(f"# {number + 1}. ")
    home = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert re.search(
        rf"^\| \[{number}\. {TITLE}\]\({NAME}\.md\) \|[^\n]*\n"
        rf"\| \[{number + 1}\. [^\]]+\]\({re.escape(closing_page)}\) \|",
        home,
        re.M,
    ), home
    # The tests of that chapter, in the copy, as `make test-chapter NAME=...` runs them:
    # every test whose parameter is the chapter (found with no list to edit) and the
    # site-wide checks a chapter can break.
    pytest_args = ["-n", "0", "-p", "no:cacheprovider", "-v", "--chapter", NAME]
    tests = run(project, "-m", "pytest", *pytest_args)
    assert tests.returncode == 0, tests.stdout[-6000:]
    for test in (
        f"test_fresh_run_prints_what_the_page_shows[{NAME}/first.py]",
        f"test_script_prints_what_the_page_shows[{NAME}.md]",
        f"test_notebook_runs_top_to_bottom[{NAME}.md]",
        f"test_every_block_that_binds_a_tensor_has_notes[{NAME}.md]",
        f"test_the_right_answer_is_what_the_program_gives[{NAME}:",
        f"test_wrong_then_right_in_a_browser[{NAME}]",
        f"test_axe_finds_no_violations[{NAME}/index.html-light]",
        "test_committed_colab_notebooks_are_fresh",
        "test_strict_build_passes_without_warnings",
        "test_each_chapter_has_one_number_in_nav_title_and_home_page",
    ):
        ran = [  # the verbose report's result lines for it
            line
            for line in tests.stdout.splitlines()
            if test in line and _OUTCOME.search(line)
        ]
        assert ran and all(" PASSED" in line for line in ran), (
            f"{test}: not selected, or not passed\n" + tests.stdout[-3000:]
        )
    # And nothing of another chapter: the selection is the chapter's own.
    assert "[ledger" not in tests.stdout, tests.stdout[-3000:]


def _nav(root: Path) -> str:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    return text[text.index("\nnav:") : text.index("\ntheme:")]


def test_the_closing_chapter_moves_on_one_number(tmp_path):
    """A made-up course whose closing chapter has a lettered entry and is named in
    the prose: the plan puts the new chapter before it and renumbers it everywhere."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "nav:\n  - Home: index.md\n  - 1. One: one.md\n  - 2. Last: last.md\n"
        "  - 2b. Last notebook: last.ipynb\ntheme:\n",
        encoding="utf-8",
    )
    pages = {
        "index.md": "# Home\n\n| Chapter | What |\n|---|---|\n"
        "| [1. One](one.md) | a |\n| [2. Last](last.md) | b |\n"
        "| [2b. Last notebook](last.ipynb) | c |\n\nSee [chapter 2](last.md).\n",
        "one.md": "# 1. One\n\nAs chapter\n2 says, and Chapter 2b; chapter 1 and 12.\n",
        "last.md": "# 2. Last\n\nChapter 1 comes before this, chapter 2.\n",
    }
    for page, text in pages.items():
        (tmp_path / "docs" / page).write_text(text, encoding="utf-8")
    changes = {
        path.relative_to(tmp_path).as_posix(): text
        for path, text in new_chapter.plan("middle", "Middle", root=tmp_path).items()
    }
    assert changes["mkdocs.yml"].split("\n")[2:6] == [
        "  - 1. One: one.md",
        "  - 2. Middle: middle.md",
        "  - 3. Last: last.md",
        "  - 3b. Last notebook: last.ipynb",
    ]
    assert changes["docs/middle.md"].startswith("# 2. Middle\n")
    assert (
        changes["docs/last.md"]
        == "# 3. Last\n\nChapter 1 comes before this, chapter 3.\n"
    )
    assert changes["docs/one.md"] == (
        "# 1. One\n\nAs chapter\n3 says, and Chapter 3b; chapter 1 and 12.\n"
    )
    assert changes["docs/index.md"].split("\n")[4:9] == [
        "| [1. One](one.md) | a |",
        "| [2. Middle](middle.md) | Middle: what the reader will see |",
        "| [3. Last](last.md) | b |",
        "| [3b. Last notebook](last.ipynb) | c |",
        "",
    ]
    assert changes["docs/index.md"].endswith("See [chapter 3](last.md).\n")


def test_the_first_program_has_no_sections():
    """Its header comment is shown: a program without section markers is one block, so
    no line of it is outside every section (the build rejects such a line)."""
    lines = new_chapter.program_text("A Title").split("\n")
    assert lines[0].startswith("# A Title: ")
    assert not any(_SECTION.match(line) for line in lines)


def test_the_scaffold_refuses_and_writes_nothing(capsys):
    before = {p: p.read_bytes() for p in (ROOT / "mkdocs.yml", DOCS / "index.md")}
    assert new_chapter.main(["ledger", "Again"]) == 2
    assert "docs/ledger.md exists already" in capsys.readouterr().err
    assert new_chapter.main(["Layer_Norm", "Layer Normalization"]) == 2
    assert "is not a chapter name" in capsys.readouterr().err
    assert new_chapter.main(["layer-norm", "  "]) == 2
    assert "give the chapter a title" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in before} == before
    assert not (DOCS / "Layer_Norm.md").exists()


@pytest.mark.every_chapter
def test_each_chapter_has_one_number_in_nav_title_and_home_page():
    """`  - 4. The ledger: ledger.md` in the nav, `# 4. ...` on the page, and
    `| [4. ...](ledger.md) |` on the home page; the chapters numbered 1 to n in nav
    order, none twice."""
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    entries = re.findall(
        r"^\s*- \"?(\d+[a-z]?)\. [^\n]*?:\s*(\S+\.md)\s*$", _nav(ROOT), re.M
    )
    assert entries
    # In order and each once: 1, 2, ... n (a "12b" is part of 12, not a chapter).
    numbers = [int(n) for n, _ in entries]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    for number, page in entries:
        title = (DOCS / page).read_text(encoding="utf-8").split("\n", 1)[0]
        assert title.startswith(f"# {number}. "), f"docs/{page}: {title!r}"
        assert re.search(
            rf"^\| \[{number}\. [^\]]+\]\({re.escape(page)}\) \|", home, re.M
        ), f"docs/index.md: no chapter table row '| [{number}. ...]({page}) |'"
