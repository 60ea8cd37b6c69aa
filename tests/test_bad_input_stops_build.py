"""Promise 1: bad input gets a clear error: the build stops and names the file and line.

Each case breaks one thing in a scratch copy of the project (with the execution cache
copied along, so only the broken program runs again) and checks that
`mkdocs build --strict` fails with a message naming the culprit.
"""

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, mkdocs

VICTIM = "snippets/training-script/linreg.py"
PAGE = "docs/training-script.md"


# `site`: the real build ran first and filled the cache
@pytest.fixture
def project(tmp_path, site) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("docs", "snippets", "scripts", "mkdocs.yml", "requirements.txt"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    for cache in ("exec", "mkdocs-jupyter"):  # warm: only what a case breaks runs again
        if (ROOT / ".cache" / cache).is_dir():
            shutil.copytree(ROOT / ".cache" / cache, copy / ".cache" / cache)
    return copy


def build_log(project: Path) -> str:
    proc = mkdocs("build", "--strict", "--site-dir", str(project / "site"), cwd=project)
    assert proc.returncode != 0, "the build should have failed:\n" + proc.stdout[-3000:]
    return proc.stdout


def test_exception_in_a_snippet_names_the_file_and_line(project):
    victim = project / VICTIM
    lines = victim.read_text().rstrip("\n").split("\n")
    victim.write_text("\n".join(lines) + '\nraise ValueError("boom")\n')
    log = build_log(project)
    assert f'File "{VICTIM}", line {len(lines) + 1}' in log
    assert "ValueError: boom" in log and f"{PAGE}:" in log


def test_missing_include_names_the_page_line_and_file(project):
    (project / VICTIM).unlink()
    log = build_log(project)
    lines = (project / PAGE).read_text().split("\n")
    line = next(
        n for n, text in enumerate(lines, 1) if "training-script/linreg.py" in text
    )
    missing = "included file snippets/training-script/linreg.py does not exist"
    assert f"{PAGE}:{line}: {missing}" in log


def test_broken_link_names_the_page(project):
    page = project / PAGE
    page.write_text(page.read_text() + "\nSee [nowhere](no-such-page.md).\n")
    log = build_log(project)
    assert "training-script.md" in log and "no-such-page.md" in log


def test_unknown_measured_value_names_the_page_and_line(project):
    page = project / PAGE
    text = page.read_text()
    page.write_text(
        text + "\nSlope: {{ training-script/linreg.py:no_such_name | .2f }}\n"
    )
    log = build_log(project)
    assert f"{PAGE}:{text.count(chr(10)) + 2}" in log and "no_such_name" in log


def test_code_appended_outside_the_sections_names_the_file_and_line(project):
    victim = project / "snippets" / "loop" / "five_lines.py"
    lines = victim.read_text().rstrip("\n").split("\n")
    victim.write_text("\n".join(lines) + '\nraise ValueError("boom")\n')
    log = build_log(project)
    assert (
        f"snippets/loop/five_lines.py:{len(lines) + 1}: this line is outside every "
        "section" in log
    )
    assert "Traceback" not in log  # a message, not a crash


# One mistake, one message: exactly one ERROR line, naming the page line and the
# snippet's file (and line), and the build ends like every other failed build.
def one_error(log: str) -> str:
    errors = re.findall(r"^ERROR +- +(.*)$", log, re.M)
    assert len(errors) == 1, f"{len(errors)} errors, expected one:\n{log[-4000:]}"
    assert "Aborted with 1 errors in strict mode" in log, log[-2000:]
    return errors[0]


def page_line(project: Path, page: str, text: str) -> int:
    lines = (project / page).read_text().split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_an_include_typo_is_one_error_at_the_page_line(project):
    page = project / PAGE
    page.write_text(
        page.read_text().replace(
            '"training-script/linreg.py"', '"training-script/linreg_.py"'
        )
    )
    line = page_line(project, PAGE, "training-script/linreg_.py")
    log = build_log(project)
    error = one_error(log)
    assert error == (
        f"{PAGE}:{line}: included file snippets/training-script/linreg_.py does not "
        "exist"
    )
    assert "Traceback" not in log


def test_a_section_name_typo_is_one_error_at_the_page_line(project):
    page = project / "docs" / "loop.md"
    page.write_text(
        page.read_text().replace("five_lines.py:forward", "five_lines.py:froward")
    )
    line = page_line(project, "docs/loop.md", "five_lines.py:froward")
    log = build_log(project)
    error = one_error(log)
    assert error.startswith(
        f"docs/loop.md:{line}: snippets/loop/five_lines.py has no section named "
        "'froward' (its sections: setup, zero-grad, forward,"
    ), error
    assert "Traceback" not in log


def test_an_unannounced_exception_is_one_error_at_the_block_that_raised(project):
    """Raised in the middle section of a program shown in seven blocks and quoted in
    the prose: one error, at the block of the section that raised, with the snippet's
    own line; the blocks after it and the values it never left add nothing."""
    victim = project / "snippets" / "loop" / "five_lines.py"
    lines = victim.read_text().split("\n")
    end = lines.index("# --8<-- [end:loss]")
    lines.insert(end, 'raise ValueError("boom")')
    victim.write_text("\n".join(lines))
    fence = page_line(project, "docs/loop.md", '"loop/five_lines.py:loss"') - 1
    log = build_log(project)
    error = one_error(log)
    assert error.startswith(
        f"docs/loop.md:{fence}: snippets/loop/five_lines.py:{end + 1}: ValueError: boom"
    ), error
    assert f'File "snippets/loop/five_lines.py", line {end + 1}' in log
