"""The one owner of a build's state: which program ran how, and where the build is.

The hooks make a fresh `Build` at the start of every build (`mkdocs serve` rebuilds
included); figure blocks, run in-process, get `run = current().result`, so that a
figure draws from the very run the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scripts.errors import RunError
from scripts.paths import SNIPPETS
from scripts.run import recordings
from scripts.run.programs import Program
from scripts.run.result import Result
from scripts.run.runner import run_all
from scripts.site.claims import Claim


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

    def run(self, programs: list[Program]) -> None:
        self.results.update(run_all(sorted(programs, key=lambda p: p.rel)))

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
    """A new build starts: forget every result and re-read recordings/."""
    global _CURRENT
    _CURRENT = Build()
    recordings.reset()
    return _CURRENT
