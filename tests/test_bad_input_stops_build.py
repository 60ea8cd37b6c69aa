"""Promise 1: bad input gets a clear error: the build stops and names the file and line.

Every case breaks a scratch copy of the project (with the execution cache copied along,
so that only the broken programs run again) and checks what `mkdocs build --strict`
says.

- Seven mistakes that must each be *named* share one build (a claim made false by an
  edit of its program and a malformed `{{ }}` among them): each has a page and a program
  of its own, and `test_every_message_names_exactly_one_mistake` checks that no message
  names two mistakes or none and that the build counted every error it wrote.
- Three mistakes that must each give *exactly one* message get a build each, as one
  mistake alone: the build reports a mistake once for the whole build (a record of what
  it has reported), so the other mistakes of a shared build could hide a second message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.site.state import headline
from tests.conftest import mkdocs, once_per_run, scratch_project

VICTIM = "snippets/training-script/linreg.py"
PAGE = "docs/training-script.md"


def build_log(project: Path) -> str:
    proc = mkdocs("build", "--strict", "--site-dir", str(project / "site"), cwd=project)
    assert proc.returncode != 0, "the build should have failed:\n" + proc.stdout[-3000:]
    return proc.stdout


def _append_line(path: Path, line: str) -> int:
    """Append a line to a file; its line number."""
    lines = path.read_text().rstrip("\n").split("\n")
    path.write_text("\n".join(lines) + f"\n{line}\n")
    return len(lines) + 1


def page_line(project: Path, page: str, text: str) -> int:
    lines = (project / page).read_text().split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


# ---- seven mistakes, one build: each is named ---------------------------------------


@dataclass(frozen=True)
class Mistake:
    page: str  # the page it is on or shown on, e.g. "docs/tensors.md"
    snippet: str | None  # the program it breaks, e.g. "snippets/tensors/dims.py"

    def named_in(self, line: str) -> bool:
        page = self.page.removeprefix("docs/")  # MkDocs names pages without docs/
        return page in line or (self.snippet is not None and self.snippet in line)


EXCEPTION = Mistake(PAGE, VICTIM)
MISSING_INCLUDE = Mistake("docs/tensors.md", "snippets/tensors/dims.py")
BROKEN_LINK = Mistake("docs/why-a-scribe.md", None)
UNKNOWN_VALUE = Mistake(
    "docs/mixed-precision.md", "snippets/mixed-precision/underflow.py"
)
OUTSIDE_SECTIONS = Mistake("docs/gotchas.md", "snippets/gotchas/detach.py")
FALSE_CLAIM = Mistake("docs/loop.md", "snippets/loop/minibatch.py")
MALFORMED = Mistake("docs/shapes.md", None)
NAMED = [
    EXCEPTION,
    MISSING_INCLUDE,
    BROKEN_LINK,
    UNKNOWN_VALUE,
    OUTSIDE_SECTIONS,
    FALSE_CLAIM,
    MALFORMED,
]
BOOM = 'raise ValueError("boom")'


def _make_the_mistakes(project: Path) -> dict[Mistake, int]:
    """Make the mistakes of the shared build; the line each message must name."""
    at = {EXCEPTION: _append_line(project / EXCEPTION.snippet, BOOM)}
    at[MISSING_INCLUDE] = page_line(project, MISSING_INCLUDE.page, '"tensors/dims.py"')
    (project / MISSING_INCLUDE.snippet).unlink()
    at[BROKEN_LINK] = _append_line(
        project / BROKEN_LINK.page, "See [nowhere](no-such-page.md)."
    )
    at[UNKNOWN_VALUE] = _append_line(
        project / UNKNOWN_VALUE.page,
        "Value: {{ mixed-precision/underflow.py:no_such_name | .2f }}",
    )
    at[OUTSIDE_SECTIONS] = _append_line(project / OUTSIDE_SECTIONS.snippet, BOOM)
    # A claim that held, made false by an edit of the program it reads.
    at[FALSE_CLAIM] = _append_line(
        project / FALSE_CLAIM.page,
        "The probe reads two. {{ claim loop/minibatch.py: probe == 2 }}",
    )
    _set_in_last_section(project / FALSE_CLAIM.snippet, "probe = 3")
    at[MALFORMED] = _append_line(
        project / MALFORMED.page, "Equal? {{ shapes/matmul.py:a == b }}"
    )
    return at


def _set_in_last_section(path: Path, line: str) -> None:
    """Add a line at the end of a program's last section (or of the file)."""
    lines = path.read_text().rstrip("\n").split("\n")
    ends = [n for n, text in enumerate(lines) if text.startswith("# --8<-- [end:")]
    lines.insert(ends[-1] if ends else len(lines), line)
    path.write_text("\n".join(lines) + "\n")


@dataclass(frozen=True)
class Broken:
    at: dict[Mistake, int]  # the line each message names (see _make_the_mistakes)
    log: str
    messages: list[str]  # each ERROR/WARNING line with the lines that follow it


# `site`: the shared build ran first and filled the cache
@pytest.fixture(scope="session")
def broken(site, tmp_path_factory, testrun_uid) -> Broken:
    def make() -> Broken:
        project = scratch_project(tmp_path_factory.mktemp("bad-input"))
        at = _make_the_mistakes(project)
        log = build_log(project)
        return Broken(at, log, _messages(log))

    return once_per_run("bad-input", testrun_uid, make)


def _messages(log: str) -> list[str]:
    """Each ERROR or WARNING of a build log, with its continuation lines (a traceback
    follows its line); a line that starts with a level name starts the next one."""
    messages: list[list[str]] = []
    current: list[str] | None = None
    for line in log.splitlines():
        if re.match(r"^(ERROR|WARNING|INFO|DEBUG)\b", line):
            current = [line] if re.match(r"^(ERROR|WARNING)\b", line) else None
            if current is not None:
                messages.append(current)
        elif current is not None:
            current.append(line)
    return ["\n".join(m) for m in messages]


def messages_of(broken: Broken, mistake: Mistake) -> str:
    """Everything the log says about one mistake: the messages whose first line names
    its page or its program."""
    mine = [m for m in broken.messages if mistake.named_in(m.split("\n")[0])]
    assert mine, f"no message names {mistake.page} or {mistake.snippet}"
    return "\n".join(mine)


@pytest.mark.long  # the first to ask for the shared broken build
def test_exception_in_a_snippet_names_the_file_and_line(broken):
    said = messages_of(broken, EXCEPTION)
    assert f'File "{EXCEPTION.snippet}", line {broken.at[EXCEPTION]}' in said
    assert "ValueError: boom" in said and f"{EXCEPTION.page}:" in said


def test_missing_include_names_the_page_line_and_file(broken):
    missing = f"included file {MISSING_INCLUDE.snippet} does not exist"
    assert f"{MISSING_INCLUDE.page}:{broken.at[MISSING_INCLUDE]}: {missing}" in (
        messages_of(broken, MISSING_INCLUDE)
    )


def test_broken_link_names_the_page(broken):
    said = messages_of(broken, BROKEN_LINK)
    assert "why-a-scribe.md" in said and "no-such-page.md" in said


def test_unknown_measured_value_names_the_page_and_line(broken):
    said = messages_of(broken, UNKNOWN_VALUE)
    assert f"{UNKNOWN_VALUE.page}:{broken.at[UNKNOWN_VALUE]}" in said
    assert "no_such_name" in said


def test_code_appended_outside_the_sections_names_the_file_and_line(broken):
    where = f"{OUTSIDE_SECTIONS.snippet}:{broken.at[OUTSIDE_SECTIONS]}"
    said = messages_of(broken, OUTSIDE_SECTIONS)
    assert f"{where}: this line is outside every section" in said


def test_a_false_claim_names_the_page_line_the_claim_and_the_values(broken):
    said = messages_of(broken, FALSE_CLAIM)
    assert (
        f"{FALSE_CLAIM.page}:{broken.at[FALSE_CLAIM]}: claim is false: probe == 2 "
        f"({FALSE_CLAIM.snippet} left probe = 3)"
    ) in said


def test_a_malformed_placeholder_names_the_page_and_line(broken):
    said = messages_of(broken, MALFORMED)
    assert f"{MALFORMED.page}:{broken.at[MALFORMED]}: cannot read " in said
    assert "{{ shapes/matmul.py:a == b }}" in said


def test_the_build_report_counts_the_false_claim(broken):
    assert re.search(r"claims: \d+ checked, 1 false", broken.log), broken.log[-2000:]


def test_every_message_names_exactly_one_mistake(broken):
    for message in broken.messages:
        named = [m for m in NAMED if m.named_in(message.split("\n")[0])]
        assert len(named) == 1, f"names {len(named)} of the mistakes:\n{message}"
    errors = sum(m.startswith("ERROR") for m in broken.messages)
    assert re.search(rf"Aborted with {errors} errors\b", broken.log), broken.log[-2000:]


def test_a_failing_build_ends_with_its_problems(broken):
    """What stopped the build is the last thing it says: after the report's pointer
    (.cache/build-report.txt, where every block's time is), each problem's first line
    again, in order, then the engine's verdict; no table of blocks after the errors."""
    lines = [line for line in broken.log.splitlines() if line.strip()]
    firsts = [re.sub(r"^(\w+) +- +", r"\1 ", headline(m)) for m in broken.messages]
    assert len(firsts) >= len(NAMED) and re.match(r"Aborted with \d+ errors", lines[-1])
    *tail, _ = lines[-2 - len(firsts) :]
    header = f"lesson: {len(firsts)} problems, each above with its context:"
    assert tail[0].endswith(header), "\n".join(lines[-40:])
    assert [line.split("lesson:   ", 1)[-1] for line in tail[1:]] == firsts
    first_error = next(n for n, line in enumerate(lines) if line.startswith("ERROR"))
    after = "\n".join(lines[first_error:])
    a_row = re.compile(r"^\S+ +- +lesson: +\d+\.\d\d +(ran|reused) ", re.M)
    assert "build-report.txt" in after and not a_row.search(after), after


def test_the_only_traceback_is_the_raising_programs_own(broken):
    """Messages, not crashes: anywhere in the log, the one traceback is the one the
    program that raised wrote, below its message, and it starts at the program's own
    first frame, as `python` prints it (no frame of the machinery that ran it)."""
    assert broken.log.count("Traceback") == 1, broken.log[-4000:]
    message = messages_of(broken, EXCEPTION)
    frames = re.findall(r'^  File "([^"]+)"', message.split("Traceback")[1], re.M)
    assert frames and frames[0] == VICTIM, message


# ---- one mistake, one message: a build each ------------------------------------------


def one_error(log: str) -> str:
    """The one ERROR line of a build log; the build ends like every failed build."""
    errors = re.findall(r"^ERROR +- +(.*)$", log, re.M)
    assert len(errors) == 1, f"{len(errors)} errors, expected one:\n{log[-4000:]}"
    assert "Aborted with 1 errors in strict mode" in log, log[-2000:]
    return errors[0]


@pytest.fixture
def project(site, tmp_path) -> Path:  # `site`: the shared build filled the cache
    return scratch_project(tmp_path)


@pytest.mark.long
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


@pytest.mark.long
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


@pytest.mark.long
def test_an_unannounced_exception_is_one_error_at_the_block_that_raised(project):
    """Raised in the middle section of a program shown in seven blocks and quoted in
    the prose: one error, at the block of the section that raised, with the snippet's
    own line; the blocks after it and the values it never left add nothing."""
    victim = project / "snippets" / "loop" / "five_lines.py"
    lines = victim.read_text().split("\n")
    end = lines.index("# --8<-- [end:loss]")
    lines.insert(end, BOOM)
    victim.write_text("\n".join(lines))
    fence = page_line(project, "docs/loop.md", '"loop/five_lines.py:loss"') - 1
    log = build_log(project)
    error = one_error(log)
    assert error.startswith(
        f"docs/loop.md:{fence}: snippets/loop/five_lines.py:{end + 1}: ValueError: boom"
    ), error
    assert f'File "snippets/loop/five_lines.py", line {end + 1}' in log
