"""The one owner of a build's state: which program ran how, and where the build is.

Under MkDocs or ProperDocs the hooks make a fresh `Build` at the start of every build
(`mkdocs serve` rebuilds included); under an engine with no hooks (Zensical) one build
state lasts the process. A program runs when a page first needs it (`outcome`,
`run_missing`), or all at once beforehand (the hooks' on_files, scripts/site/prebuild.py
through the execution cache). Figure blocks get `run = current().result`, so that a
figure draws from the very run the page shows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from scripts.errors import RunError
from scripts.paths import SNIPPETS
from scripts.run import recordings
from scripts.run.programs import Program
from scripts.run.result import Result
from scripts.run.runner import run_all
from scripts.site.claims import Claim

# Under MkDocs/ProperDocs a logged error stops the strict build.
log = logging.getLogger("mkdocs.plugins.lesson")


@dataclass
class Build:
    results: dict[str, Result | RunError] = field(default_factory=dict)
    page_results: dict[str, list[Result]] = field(default_factory=dict)
    seconds: float = 0.0  # spent running programs in on_files
    current_page: str = "a page"
    broken_pages: set[str] = field(default_factory=set)
    reported: set = field(default_factory=set)  # mistakes already logged, once each
    tab_sets: int = 0  # content-tab sets drawn on the current page (their ids)
    claims: list[Claim] = field(default_factory=list)  # every claim met, judged
    # (docs-relative path, file) of the page the MkDocs adapter is about to convert
    handed: tuple[str, Path] | None = None
    # Each page's file as the hooks' on_files read it, its programs run then: the
    # page's conversion reuses the text and does not look for programs again.
    sources: dict[str, str] = field(default_factory=dict)

    def run(self, programs: list[Program]) -> None:
        self.results.update(run_all(sorted(programs, key=lambda p: p.rel)))

    def run_missing(self, rels: list[str] | set[str]) -> None:
        """Run, side by side, the programs named that have not run in this build and
        exist (a missing one is reported where it is named)."""
        missing = {
            r for r in rels if r not in self.results and (SNIPPETS / r).is_file()
        }
        if missing:
            self.run([Program(SNIPPETS / rel) for rel in missing])

    def report_once(self, key: object, message: str) -> None:
        """Log one error per mistake, however many blocks, pages or values show it."""
        if key not in self.reported:
            self.reported.add(key)
            log.error(message)

    def outcome(self, rel: str) -> Result | RunError:
        """This build's run of snippets/<rel> (run now if no page asked for it
        before)."""
        if rel not in self.results:
            path = SNIPPETS / rel
            if not path.is_file():
                return RunError(f"snippets/{rel} does not exist (is the path right?)")
            self.run([Program(path)])
        return self.results[rel]

    def result(self, rel: str) -> Result:
        """This build's result of snippets/<rel>; RunError when it could not run."""
        found = self.outcome(rel)
        if isinstance(found, RunError):
            raise found
        return found

    def ran(self) -> list[Result]:
        return [r for r in self.results.values() if isinstance(r, Result)]


_CURRENT = Build()


def current() -> Build:
    return _CURRENT


def reset() -> Build:
    """A new build starts: forget every result and re-read recordings/, and note from
    now on every warning and error the build logs (problems())."""
    global _CURRENT
    _CURRENT = Build()
    recordings.reset()
    _PROBLEMS.lines = []
    top = _engine_logger()
    for handler in [h for h in top.handlers if h.get_name() == _PROBLEMS.get_name()]:
        top.removeHandler(handler)  # an earlier build's (or a reloaded module's)
    top.addHandler(_PROBLEMS)
    return _CURRENT


def headline(message: str) -> str:
    """A message's first line, and its second where the first ends in a colon
    ("snippets/x.py failed:" says little alone)."""
    lines = message.splitlines() or [""]
    if lines[0].endswith(":") and len(lines) > 1:
        return f"{lines[0]} {lines[1].strip()}"
    return lines[0]


class _Problems(logging.Handler):
    """The headline of each warning and error logged since the build started."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.set_name("lesson-problems")
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {headline(record.getMessage())}")


_PROBLEMS = _Problems()


def _engine_logger() -> logging.Logger:
    """The logger that writes the engine's messages: ours goes up to it (under
    ProperDocs "properdocs", the parent it gives "mkdocs"; under MkDocs "mkdocs")."""
    logger = log
    while logger.propagate and logger.parent not in (None, logging.root):
        logger = logger.parent
    return logger


def problems() -> list[str]:
    """Each warning and error this build logged so far, its headline, in order: in a
    strict build each one stops it."""
    return list(_PROBLEMS.lines)
