"""GPU recordings: what the reader programs printed and measured on a real GPU.

The site is built on a CPU. A recording (one JSON file per machine and date in
recordings/, format in recordings/README.md) holds, for each program that ran there, the
SHA-256 of the program's source bytes, the source itself and the runner's own result. A
recording belongs to that code: when a program's code changes, its recording is *stale*
and is never shown as its output; the page says the program has not been recorded on a
GPU in its current form, and the build report lists it. Rewording a comment in place
(same lines, same section and `# raises:` markers) changes nothing Python runs, so the
recording stays, and its provenance says the comments changed since. A missing or stale
recording never fails the build.

Plain Python, stdlib only (scripts/tools/record.py imports this on GPU machines without
MkDocs).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import tokenize
from dataclasses import dataclass
from pathlib import Path

from scripts.paths import RECORDINGS, SNIPPETS
from scripts.run.programs import DIRECTIVE_COMMENT, Program
from scripts.run.result import Run, SectionRun

FORMAT = "lesson-recording/1"
# Where the device changes what every program prints, the pages always show both
# results. Besides these chapters: every program that reads a clock, and every block
# whose recorded output differs from the build's.
DEVICE_CHAPTERS = ("gpu/", "mixed-precision/")


def source_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=512)  # a build compares each source many times
def code_key(text: str) -> tuple:
    """What Python runs of a program, and where: every token with its line and column,
    except the words of ordinary comments. Section and `# raises:` markers are kept,
    since they decide what each block shows. Two texts with one key differ only in
    comments reworded on the same lines, so they print the same."""
    kept = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT and not DIRECTIVE_COMMENT.match(
            token.string
        ):
            kept.append((token.type, token.start))
        elif token.type in (tokenize.NL, tokenize.NEWLINE):  # placed after a comment
            kept.append((token.type, token.start[0]))
        else:
            kept.append((token.type, token.string, token.start))
    return tuple(kept)


def same_code(recorded: str, current: str) -> bool:
    before, after = recorded.split("\n"), current.split("\n")
    if len(before) != len(after) or any(
        "#" not in a and "#" not in b and a.rstrip() != b.rstrip()
        for a, b in zip(before, after, strict=True)
    ):  # without tokenizing: a line with no comment differs, or lines moved
        return False
    try:
        return code_key(recorded) == code_key(current)
    except (tokenize.TokenError, SyntaxError):
        return False


@dataclass
class Recording:
    name: str  # the file name, e.g. 2026-11-26-nvidia-h200.json
    recorded: dict  # provenance: gpu, driver, cuda, python, torch, date, commit, ...
    programs: dict  # rel -> {"source_sha256": ..., "source": ..., "result": {...}}
    # name -> {"source", "source_sha256", "values"}: programs kept in the file
    measurements: dict

    @property
    def label(self) -> str:
        r = self.recorded
        return f"{r.get('gpu')}, torch {r.get('torch')}, {r.get('date')}"


@dataclass
class Match:
    """What the recordings hold for one program as its file is now."""

    rel: str
    recording: Recording | None  # the newest recording of this code, if any
    stale: list[Recording]  # recordings of an earlier (different) code of the program
    comments_changed: bool = False  # the recording's text differs in comments only

    @property
    def result(self) -> Run | None:
        return _run_of(self.recording, self.rel) if self.recording else None


def _run_of(recording: Recording, rel: str) -> Run:
    return Run.from_json(recording.programs[rel]["result"])


def load(folder: Path = RECORDINGS) -> list[Recording]:
    """Every recording in the folder, newest first (by date, then file name)."""
    found = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            continue
        for rel, entry in data.get("programs", {}).items():
            source = entry.get("source")
            if source is not None and (
                hashlib.sha256(source.encode("utf-8")).hexdigest()
                != entry["source_sha256"]
            ):
                raise ValueError(
                    f"{path}: programs[{rel!r}]: its source does not hash to its "
                    "source_sha256; the file was edited by hand"
                )
        found.append(
            Recording(
                path.name,
                data["recorded"],
                data.get("programs", {}),
                data.get("measurements", {}),
            )
        )
    return sorted(
        found, key=lambda r: (str(r.recorded.get("date")), r.name), reverse=True
    )


_LOADED: dict[str, list[Recording]] = {}
# rel -> (its text when matched, the Match): a page asks about one program many times
_MATCHED: dict[str, tuple[bytes | None, Match]] = {}


def all_recordings() -> list[Recording]:
    """Loaded once per process; `reset()` at the start of each build."""
    if "all" not in _LOADED:
        _LOADED["all"] = load()
    return _LOADED["all"]


def reset() -> None:
    _LOADED.clear()
    _MATCHED.clear()


def match(rel: str, recordings: list[Recording] | None = None) -> Match:
    path = SNIPPETS / rel
    data = path.read_bytes() if path.is_file() else None
    if recordings is not None:
        return _match(rel, data, recordings)
    known = _MATCHED.get(rel)
    if known is None or known[0] != data:  # re-read: a file edited mid-build counts
        known = _MATCHED[rel] = (data, _match(rel, data, all_recordings()))
    return known[1]


def _match(rel: str, data: bytes | None, recordings: list[Recording]) -> Match:
    sha = text = None
    if data is not None:
        sha = hashlib.sha256(data).hexdigest()
        text = io.StringIO(data.decode("utf-8"), newline=None).read()  # as read_text
    current, stale, reworded = None, [], False
    for recording in recordings:  # newest first: the newest of this code wins
        entry = recording.programs.get(rel)
        if entry is None:
            continue
        if entry["source_sha256"] == sha:
            exact = True
        elif text is not None and same_code(entry.get("source", ""), text):
            exact = False
        else:
            stale.append(recording)
            continue
        if current is None:
            current, reworded = recording, not exact
    return Match(rel, current, stale, reworded)


def _shown(entry: SectionRun | None) -> tuple[str, str | None]:
    """What a reader sees of a section's run: its output and its error message."""
    if entry is None:
        return ("", None)
    return (entry.stdout, entry.error.message if entry.error else None)


def wants_tabs(program: Program, section: str, build_run: Run, found: Match) -> bool:
    """Show the build's output beside a GPU's for this block?"""
    if program.rel.startswith(DEVICE_CHAPTERS) or program.measures_time:
        return True
    mine = _shown(build_run.section(section))
    recorded = [found.result] + [_run_of(r, program.rel) for r in found.stale]
    return any(r is not None and _shown(r.section(section)) != mine for r in recorded)


@dataclass
class Quoted:
    """Where a value quoted in the prose comes from."""

    name: str  # the recording's file name
    label: str
    sha256: str  # of the source that ran


def recorded_values(rel: str) -> tuple[dict, Quoted] | None:
    """The values a program left on a GPU, for `{{ recorded:... }}`; None if not
    recorded as it is now.

    `rel` is a snippet (relative to snippets/) or a measurement kept inside a recording
    with its program's source.
    """
    if (SNIPPETS / rel).is_file():
        found = match(rel)
        if found.recording is None:
            return None
        result, recording = found.result, found.recording
        values = {
            **result.values,
            "__torch__": recording.recorded.get("torch"),
            "__device__": result.device,
            "__gpu__": recording.recorded.get("gpu"),
            "__date__": recording.recorded.get("date"),
        }
        sha = recording.programs[rel]["source_sha256"]
        return values, Quoted(recording.name, recording.label, sha)
    for recording in all_recordings():
        kept = recording.measurements.get(rel)
        if (
            kept
            and hashlib.sha256(kept["source"].encode()).hexdigest()
            == kept["source_sha256"]
        ):
            values = {
                **kept["values"],
                "__gpu__": recording.recorded.get("gpu"),
                "__date__": recording.recorded.get("date"),
            }
            return values, Quoted(
                recording.name, recording.label, kept["source_sha256"]
            )
    return None


def report_lines(rels: list[str]) -> list[str]:
    """For the build report: programs shown with a stale recording, or with none."""
    lines = []
    for rel in sorted(rels):
        found = match(rel)
        if found.recording is not None:
            continue
        if found.stale:
            names = ", ".join(r.name for r in found.stale)
            lines.append(f"  stale: {rel} changed since it was recorded ({names})")
    recorded = sum(1 for rel in rels if match(rel).recording is not None)
    head = (
        f"GPU recordings: {recorded} of {len(rels)} programs recorded as they are now"
    )
    return [head] + lines
