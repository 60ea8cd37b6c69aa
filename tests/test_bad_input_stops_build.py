"""Promise 1: bad input gets a clear error: the build stops and names the file and line.

One scratch copy of the project (with the execution cache copied along, so that only
the broken programs run again) carries eight mistakes, and one `mkdocs build --strict`
of it must fail. Each test below finds its own mistake's message in that build's log.

One build instead of eight (they took 80 s of the suite): the mistakes are kept apart so
that this checks what eight builds of one mistake each would. Each mistake has a page
and a program of its own, and `test_every_message_belongs_to_exactly_one_mistake`
checks that no message names two mistakes or none, that the build counted every error
message it wrote, and that the three mistakes meant to give one message give exactly
one. What it does not cover: a mistake whose message would appear only when the others
are absent. That would fail here, not pass.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, mkdocs

pytestmark = pytest.mark.long


@dataclass(frozen=True)
class Mistake:
    page: str  # the page it is on or shown on, e.g. "docs/loop.md"
    snippet: str | None  # the program it breaks, e.g. "snippets/loop/five_lines.py"

    def named_in(self, line: str) -> bool:
        page = self.page.removeprefix("docs/")  # MkDocs names pages without docs/
        return page in line or (self.snippet is not None and self.snippet in line)


EXCEPTION = Mistake("docs/training-script.md", "snippets/training-script/linreg.py")
MISSING_INCLUDE = Mistake("docs/tensors.md", "snippets/tensors/dims.py")
BROKEN_LINK = Mistake("docs/why-a-scribe.md", None)
UNKNOWN_VALUE = Mistake(
    "docs/mixed-precision.md", "snippets/mixed-precision/underflow.py"
)
OUTSIDE_SECTIONS = Mistake("docs/gotchas.md", "snippets/gotchas/detach.py")
INCLUDE_TYPO = Mistake("docs/gpu.md", "snippets/gpu/mix_.py")
SECTION_TYPO = Mistake("docs/optimizer.md", "snippets/optimizer/adam.py")
UNANNOUNCED = Mistake("docs/loop.md", "snippets/loop/five_lines.py")
MISTAKES = [
    EXCEPTION,
    MISSING_INCLUDE,
    BROKEN_LINK,
    UNKNOWN_VALUE,
    OUTSIDE_SECTIONS,
    INCLUDE_TYPO,
    SECTION_TYPO,
    UNANNOUNCED,
]
ONE_MESSAGE_EACH = [INCLUDE_TYPO, SECTION_TYPO, UNANNOUNCED]


def _append_line(path: Path, line: str) -> int:
    """Append a line to a file; its line number."""
    lines = path.read_text().rstrip("\n").split("\n")
    path.write_text("\n".join(lines) + f"\n{line}\n")
    return len(lines) + 1


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{path}: expected {old!r} once"
    path.write_text(text.replace(old, new))


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text().split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _break_everything(project: Path) -> dict[Mistake, int]:
    """Make the eight mistakes; the line each message must name."""
    at = {}
    boom = 'raise ValueError("boom")'
    at[EXCEPTION] = _append_line(project / EXCEPTION.snippet, boom)
    at[MISSING_INCLUDE] = _line_of(project / MISSING_INCLUDE.page, '"tensors/dims.py"')
    (project / MISSING_INCLUDE.snippet).unlink()
    at[BROKEN_LINK] = _append_line(
        project / BROKEN_LINK.page, "See [nowhere](no-such-page.md)."
    )
    at[UNKNOWN_VALUE] = _append_line(
        project / UNKNOWN_VALUE.page,
        "Value: {{ mixed-precision/underflow.py:no_such_name | .2f }}",
    )
    at[OUTSIDE_SECTIONS] = _append_line(project / OUTSIDE_SECTIONS.snippet, boom)
    _replace(project / INCLUDE_TYPO.page, '"gpu/mix.py"', '"gpu/mix_.py"')
    at[INCLUDE_TYPO] = _line_of(project / INCLUDE_TYPO.page, '"gpu/mix_.py"')
    _replace(project / SECTION_TYPO.page, "adam.py:inside", "adam.py:insdie")
    at[SECTION_TYPO] = _line_of(project / SECTION_TYPO.page, "adam.py:insdie")
    # Raised in the middle section of a program shown in seven blocks and quoted in the
    # prose: the message names the block of that section (its fence line, one above the
    # include) and the snippet's own line.
    victim = project / UNANNOUNCED.snippet
    lines = victim.read_text().split("\n")
    end = lines.index("# --8<-- [end:loss]")
    lines.insert(end, boom)
    victim.write_text("\n".join(lines))
    at[UNANNOUNCED] = end + 1
    return at


@dataclass(frozen=True)
class Broken:
    at: dict[Mistake, int]  # the line each message names (see _break_everything)
    log: str
    messages: list[str]  # each ERROR/WARNING line with the lines that follow it


# `site`: the shared build ran first and filled the cache
@pytest.fixture(scope="module")
def broken(site, tmp_path_factory) -> Broken:
    project = tmp_path_factory.mktemp("bad-input") / "project"
    project.mkdir()
    for name in ("docs", "snippets", "scripts", "mkdocs.yml", "requirements.txt"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    for cache in ("exec", "mkdocs-jupyter"):  # warm: only what a mistake breaks runs
        if (ROOT / ".cache" / cache).is_dir():
            shutil.copytree(ROOT / ".cache" / cache, project / ".cache" / cache)
    at = _break_everything(project)
    proc = mkdocs("build", "--strict", "--site-dir", str(project / "site"), cwd=project)
    assert proc.returncode != 0, "the build should have failed:\n" + proc.stdout[-3000:]
    return Broken(at, proc.stdout, _messages(proc.stdout))


def _messages(log: str) -> list[str]:
    """Each ERROR or WARNING of a build log, with its continuation lines (a traceback
    follows its line); a line that starts with a level name starts the next one."""
    messages: list[str] = []
    current: list[str] | None = None
    for line in log.splitlines():
        if re.match(r"^(ERROR|WARNING|INFO|DEBUG)\b", line):
            current = [line] if re.match(r"^(ERROR|WARNING)\b", line) else None
            if current is not None:
                messages.append(current)  # type: ignore[arg-type]
        elif current is not None:
            current.append(line)
    return ["\n".join(m) for m in messages]


def messages_of(broken: Broken, mistake: Mistake) -> str:
    """Everything the log says about one mistake: the messages whose first line names
    its page or its program."""
    mine = [m for m in broken.messages if mistake.named_in(m.split("\n")[0])]
    assert mine, f"no message names {mistake.page} or {mistake.snippet}"
    return "\n".join(mine)


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
    said = messages_of(broken, OUTSIDE_SECTIONS)
    where = f"{OUTSIDE_SECTIONS.snippet}:{broken.at[OUTSIDE_SECTIONS]}"
    assert f"{where}: this line is outside every section" in said
    assert "Traceback" not in said  # a message, not a crash


# One mistake, one message: exactly one ERROR, naming the page line and the snippet's
# file (and line), and no traceback of the machinery.
def one_error(broken: Broken, mistake: Mistake) -> str:
    mine = [m for m in broken.messages if mistake.named_in(m.split("\n")[0])]
    assert len(mine) == 1, f"{len(mine)} messages, expected one:\n" + "\n".join(mine)
    assert mine[0].startswith("ERROR"), mine[0]
    return mine[0]


def first_line(message: str) -> str:
    return re.sub(r"^ERROR +- +", "", message.split("\n")[0])


def test_an_include_typo_is_one_error_at_the_page_line(broken):
    message = one_error(broken, INCLUDE_TYPO)
    assert first_line(message) == (
        f"{INCLUDE_TYPO.page}:{broken.at[INCLUDE_TYPO]}: included file "
        f"{INCLUDE_TYPO.snippet} does not exist"
    )
    assert "Traceback" not in message


def test_a_section_name_typo_is_one_error_at_the_page_line(broken):
    message = one_error(broken, SECTION_TYPO)
    sections = re.findall(
        r"^# --8<-- \[start:([\w-]+)\]$",
        (ROOT / SECTION_TYPO.snippet).read_text(),
        re.M,
    )
    assert first_line(message) == (
        f"{SECTION_TYPO.page}:{broken.at[SECTION_TYPO]}: {SECTION_TYPO.snippet} has no "
        f"section named 'insdie' (its sections: {', '.join(sections)})"
    )
    assert "Traceback" not in message


def test_an_unannounced_exception_is_one_error_at_the_block_that_raised(broken):
    """The blocks after the one that raised, and the values the program never left,
    add nothing."""
    message = one_error(broken, UNANNOUNCED)
    fence = _line_of(ROOT / UNANNOUNCED.page, '"loop/five_lines.py:loss"') - 1
    line = broken.at[UNANNOUNCED]
    assert first_line(message).startswith(
        f"{UNANNOUNCED.page}:{fence}: {UNANNOUNCED.snippet}:{line}: ValueError: boom"
    ), message
    assert f'File "{UNANNOUNCED.snippet}", line {line}' in message


def test_every_message_belongs_to_exactly_one_mistake(broken):
    for message in broken.messages:
        named = [m for m in MISTAKES if m.named_in(message.split("\n")[0])]
        assert len(named) == 1, f"names {len(named)} of the mistakes:\n{message}"
    errors = sum(m.startswith("ERROR") for m in broken.messages)
    assert re.search(rf"Aborted with {errors} errors\b", broken.log), broken.log[-2000:]
    # a traceback only where a program raised
    for message in broken.messages:
        if "Traceback" in message:
            assert EXCEPTION.named_in(message) or UNANNOUNCED.named_in(message), message
