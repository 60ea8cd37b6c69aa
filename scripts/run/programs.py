"""Reader programs: the files in snippets/ and the page blocks that show them.

A *program* is one file in snippets/ that runs on its own (`python snippets/x.py`).
A page shows it whole, or in *sections* marked the way pymdownx.snippets marks them:

    # --8<-- [start:data]
    ...
    # --8<-- [end:data]

Sections must cover every line of the file, in order, so that a reader who copies
the blocks one after another has copied the whole program. A file whose first lines
hold `# raises: SomeError` ends, on purpose, with that exception.

This module is plain Python (no MkDocs): the build and the tests both use it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.errors import ProgramError
from scripts.paths import DOCS, ROOT, SNIPPETS

# A snippet as a helper block's code names it: "chapter/file.py".
SNIPPET_NAME = re.compile(r"[\w.-]+/[\w./-]+\.py")


def snippets_named(code: str) -> list[str]:
    """The snippets (chapter/file.py, each once, sorted) that `code` names and that
    exist: what a figure block may run, and what its cache key reads."""
    found = set(SNIPPET_NAME.findall(code))
    return sorted(name for name in found if (SNIPPETS / name).is_file())

WHOLE = ""  # the section name of a block that shows the whole file

_SECTION = re.compile(
    r"^\s*#\s*-+8<-+\s+\[\s*(start|end)\s*:\s*([a-z][-_0-9a-z]*)\s*\]\s*$", re.I
)
_CLOCK = re.compile(r"perf_counter|time\.time\(|timeit|monotonic")
_RAISES = re.compile(r"^#\s*raises:\s*([A-Za-z_][\w.]*)")
# A Python fence that markdown-exec executes: ```python exec="on" ...
_EXEC_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:python|py)\b(?P<opts>[^\n]*)$"
)
# The comments that change what a program's blocks show (its sections and the error it
# teaches); every other comment is for the reader alone (recordings.code_key).
DIRECTIVE_COMMENT = re.compile(f"{_SECTION.pattern}|{_RAISES.pattern}", re.I)
_ANY_PY_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(?:python|py|pycon)\b", re.M)
_INCLUDE = re.compile(r"""^[ \t]*-+8<-+[ \t]+(["'])(?P<target>[^"'\n]+)\1[ \t]*$""")


def raised_as_announced(type_name: str, announced: str | None) -> bool:
    """Did a section end as `# raises: X` announced? The build, the downloads and the
    tests all ask this: the exception's class name equals the last part of X
    (`torch.cuda.OutOfMemoryError` is announced, `OutOfMemoryError` is raised)."""
    return announced is not None and type_name == announced.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Section:
    name: str
    first_line: int  # 1-based line of the first code line (after the start marker)
    code: str  # the code exactly as the page shows it


class _Splitter:
    """Cuts a file's lines into sections, naming the line of any rule broken."""

    def __init__(self, display: str, lines: list[str]) -> None:
        self.display, self.lines = display, lines
        self.sections: list[Section] = []
        self.current: str | None = None
        self.start = 0

    def fail(self, number: int, why: str) -> ProgramError:
        return ProgramError(f"{self.display}:{number}: {why}")

    def marker(self, number: int, kind: str, name: str) -> None:
        if kind == "start":
            if self.current is not None:
                raise self.fail(
                    number, f"section '{name}' starts inside '{self.current}'"
                )
            self.current, self.start = name, number
            return
        if name != self.current:
            raise self.fail(number, f"end of '{name}' but '{self.current}' is open")
        code = "\n".join(self.lines[self.start : number - 1])
        self.sections.append(Section(name, self.start + 1, code))
        self.current = None

    def split(self) -> list[Section]:
        for number, line in enumerate(self.lines, 1):
            found = _SECTION.match(line)
            if found:
                self.marker(number, found.group(1).lower(), found.group(2))
            elif self.current is None and line.strip():
                raise self.fail(
                    number, "this line is outside every section, so no page shows it"
                )
        if self.current is not None:
            raise self.fail(self.start, f"section '{self.current}' is never closed")
        names = [s.name for s in self.sections]
        if len(set(names)) != len(names):
            raise ProgramError(f"{self.display}: a section name is used twice: {names}")
        return self.sections


@dataclass
class Program:
    path: Path  # absolute path of the snippet file

    @property
    def rel(self) -> str:
        """The name pages use in includes: relative to snippets/."""
        return self.path.relative_to(SNIPPETS).as_posix()

    @property
    def display(self) -> str:
        """The name a reader sees and tracebacks show: relative to the repository
        root."""
        return self.path.relative_to(ROOT).as_posix()

    @property
    def source(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def measures_time(self) -> bool:
        """A program that reads a clock leaves values that differ from run to run."""
        return bool(_CLOCK.search(self.source))

    @property
    def raises(self) -> str | None:
        """The exception the file announces in its first lines (`# raises: X`), or
        None."""
        for line in self.source.splitlines()[:10]:
            match = _RAISES.match(line)
            if match:
                return match.group(1)
        return None

    def sections(self) -> list[Section]:
        """Split the file into its sections (one unnamed section when it has no
        markers)."""
        return list(_sections(self.display, self.source))

    def section(self, name: str) -> Section:
        for section in self.sections():
            if section.name == name:
                return section
        raise ProgramError(f"{self.display}: no section named '{name}'")

    def part(self, name: str) -> str | None:
        """'part k of n' for a section of a program cut in n > 1 sections, else None."""
        names = [s.name for s in self.sections()]
        if len(names) == 1:
            return None
        return f"part {names.index(name) + 1} of {len(names)}"


@functools.lru_cache(maxsize=256)  # a build asks for each program's sections often
def _sections(display: str, source: str) -> tuple[Section, ...]:
    lines = source.split("\n")
    if not any(_SECTION.match(line) for line in lines):
        return (Section(WHOLE, 1, source.rstrip("\n")),)
    return tuple(_Splitter(display, lines).split())


def all_programs() -> list[Program]:
    return [Program(p) for p in sorted(SNIPPETS.rglob("*.py"))]


@dataclass
class Block:
    """One executed Python fence on a page."""

    page: str  # path relative to docs/
    line: int  # 1-based line of the opening fence in the page
    program: Program | None  # None for a build-helper block (hidden, html="on")
    section: str = WHOLE
    options: str = ""

    @property
    def origin(self) -> str:
        return f"docs/{self.page}:{self.line}"


@dataclass
class PageScan:
    page: str
    blocks: list[Block] = field(default_factory=list)
    # every Python fence on the page, executed or not, counted independently
    python_fences: int = 0


def split_target(target: str) -> tuple[str, str]:
    """'dir/file.py:section' -> ('dir/file.py', 'section')."""
    path, _, section = target.partition(":")
    return path, section


def scan_page(page: str, text: str) -> PageScan:
    """Find the executed Python fences of a page and what each one includes."""
    scan = PageScan(page, python_fences=len(_ANY_PY_FENCE.findall(text)))
    lines = text.split("\n")
    for index, line in enumerate(lines):
        fence = _EXEC_FENCE.match(line)
        if not fence or "exec=" not in fence.group("opts"):
            continue
        body = lines[index + 1] if index + 1 < len(lines) else ""
        include = _INCLUDE.match(body)
        if include is None:
            scan.blocks.append(
                Block(page, index + 1, None, options=fence.group("opts"))
            )
            continue
        rel, section = split_target(include.group("target"))
        path = SNIPPETS / rel
        if not path.is_file():
            raise ProgramError(
                f"docs/{page}:{index + 2}: included file snippets/{rel} does not exist"
            )
        program = Program(path)
        if section:
            try:
                program.section(section)  # raises with file and name when missing
            except ProgramError as error:
                raise ProgramError(f"docs/{page}:{index + 2}: {error}") from None
        scan.blocks.append(
            Block(page, index + 1, program, section, fence.group("opts"))
        )
    return scan


def included(text: str) -> set[str]:
    """The programs a page's include lines name (snippets/-relative; commented-out
    includes left out), whether or not they exist: a cheap look, not a scan."""
    found = set()
    for line in text.split("\n"):
        include = _INCLUDE.match(line)
        if include and not include.group("target").strip().startswith(";"):
            found.add(split_target(include.group("target").strip())[0])
    return found


@dataclass(frozen=True)
class BadInclude:
    """An include line that cannot be shown (pymdownx.snippets would crash on it)."""

    line: int  # 1-based line of the include in the page
    key: tuple  # one mistake, however many includes show it: report each key once
    message: str  # names the page line and the snippet


def bad_includes(page: str, text: str) -> list[BadInclude]:
    """Every `--8<-- "file.py[:section]"` line of a page whose file is missing, whose
    section does not exist, or whose file breaks the section rules."""
    found = []
    for index, line in enumerate(text.split("\n")):
        include = _INCLUDE.match(line)
        if include is None:
            continue
        target = include.group("target").strip()
        if target.startswith(";"):
            continue  # pymdownx.snippets skips a commented-out include
        rel, section = split_target(target)
        where = f"docs/{page}:{index + 1}"
        path = SNIPPETS / rel
        if not path.is_file():
            message = f"{where}: included file snippets/{rel} does not exist"
            found.append(BadInclude(index + 1, ("missing", page, index), message))
            continue
        program = Program(path)
        try:
            names = [s.name for s in program.sections()]
        except ProgramError as error:  # the file's own mistake: one message for it
            message = f"{where}: includes {error}"
            found.append(BadInclude(index + 1, ("sections", rel), message))
            continue
        if section and section not in names:
            shown = ", ".join(n for n in names if n) or "none: include the whole file"
            message = (
                f"{where}: snippets/{rel} has no section named '{section}' "
                f"(its sections: {shown})"
            )
            found.append(BadInclude(index + 1, ("section", page, index), message))
    return found


def scan_docs() -> list[PageScan]:
    return [
        scan_page(p.relative_to(DOCS).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(DOCS.rglob("*.md"))
    ]
