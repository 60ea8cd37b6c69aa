"""Numbers in the prose, inserted from what the build measured.

A page writes `{{ training/linreg.py:slope | .4f }}` and the build puts there the value
the variable `slope` held when snippets/training/linreg.py finished running, formatted
with the Python format spec after the bar. Indexing is allowed:
`{{ exercise/x.py:losses[-1] | .3g }}`. Values from a program that reads a clock are
marked `data-varies="timing"`. `{{ recorded:gpu/x.py:name | .2f }}` quotes a GPU
recording of the program as it is now (scripts/run/recordings.py), or says that there
is none; a key indexes a dict: `x["key"]`. A name the program does not leave behind
stops the build with the page and line.

`{{ claim training/linreg.py: slope > 1.9 }}` is a checked claim
(scripts/site/claims.py): the build judges its condition against the same run.
Anything else between `{{` and `}}` stops the build with the page and line: nothing
unparsed is published.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from scripts.errors import MeasuredError
from scripts.site import claims

PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<recorded>recorded:)?(?P<file>[\w./-]+\.py):(?P<name>[A-Za-z_]\w*)"
    r"(?P<index>(?:\[(?:-?\d+|\"[\w.+ -]+\")\])*)"
    r"\s*(?:\|\s*(?P<spec>[^}]*?))?\s*\}\}"
)


# Anything between {{ and }} (not across a blank line): a value, a claim or a mistake.
ANY = re.compile(r"\{\{(?:(?!\{\{|\}\}|\n\s*\n).)*\}\}", re.DOTALL)
STRAY = re.compile(r"\{\{|\}\}")


def files_named(text: str) -> set[str]:
    """The programs a page's values and claims read."""
    return {m.group("file") for m in PLACEHOLDER.finditer(text)} | {
        m.group("file") for m in claims.CLAIM.finditer(text)
    }


def blank(text: str) -> str:
    """The page with no run to read (a broken page, or LESSON_EXECUTE=0): values show
    "…" and claims nothing."""
    return claims.CLAIM.sub("", PLACEHOLDER.sub("…", text))


# What a placeholder shows when there is no value to quote.
_NOT_RECORDED = (
    '<span class="recorded" data-recording="none">(not recorded on a GPU '
    "for this version of the program)</span>"
)
_FAILED = '<span class="measured" data-missing="failed">…</span>'


def _shown(match: re.Match, values: dict, where: str) -> str:
    """The placeholder's value, indexed and formatted; a MeasuredError at `where` if
    the program left no such value or it cannot be indexed or formatted so."""
    name = match.group("name")
    if name not in values:
        raise MeasuredError(
            f"{where}: snippets/{match.group('file')} leaves no simple value named "
            f"'{name}' (it has: {', '.join(sorted(values)) or 'none'})"
        )
    value = values[name]
    try:
        for index in re.findall(r'-?\d+|"[^"]*"', match.group("index")):
            value = value[index.strip('"') if index.startswith('"') else int(index)]
        return format(value, match.group("spec") or "")
    except (IndexError, KeyError, TypeError, ValueError) as error:
        raise MeasuredError(f"{where}: cannot show {match.group(0)}: {error}") from None


def _quoted(match: re.Match) -> str:
    """Which value a placeholder quotes, for a tooltip: `file, name[index]`."""
    return f"{match.group('file')}, {match.group('name')}{match.group('index')}"


def _recorded_span(match: re.Match, shown: str, recording) -> str:
    """A value from a GPU recording, with the recording and the program it ran."""
    title = f"recorded on {recording.label}: {_quoted(match)}"
    return (
        '<span class="measured recorded" '
        f'data-recording="{html.escape(recording.name)}" '
        f'data-program="{html.escape(match.group("file"))}" '
        f'data-source-sha256="{recording.sha256}" title="{html.escape(title)}">'
        f"{html.escape(shown)}</span>"
    )


def _measured_span(match: re.Match, shown: str, timing: bool) -> str:
    """A value measured by this build."""
    title = f"measured in the run for this page: {_quoted(match)}"
    # Timings differ from build to build: marked for the reproducibility test.
    mark = ' data-varies="timing"' if timing else ""
    return (
        f'<span class="measured"{mark} '
        f'title="{html.escape(title)}">{html.escape(shown)}</span>'
    )


def substitute(
    text: str,
    origin: str,
    values_of: Callable[[str], dict | None],
    first_line: int = 1,
    varies: Callable[[str], bool] = lambda rel: False,
    recorded_of: Callable[[str], tuple[dict, object] | None] = lambda rel: None,
    judged: list[claims.Claim] | None = None,
) -> str:
    """Replace every placeholder and claim; `origin` is the page path in messages.

    `values_of(file)` returns None for a program that failed: its error is reported
    once, at its block, so its placeholders show "…" and add no message of their own.
    Every claim met is appended to `judged`. Anything else between `{{` and `}}`, or a
    `{{` or `}}` left alone, is a mistake: all of a page's mistakes are raised at once,
    one message each (`MeasuredErrors`).
    """
    errors: list[str] = []

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + first_line

    def value(match: re.Match, where: str) -> str:
        if match.group("recorded"):
            found = recorded_of(match.group("file"))
            if found is None:
                return _NOT_RECORDED
            values, recording = found
            return _recorded_span(match, _shown(match, values, where), recording)
        try:
            values = values_of(match.group("file"))
        except MeasuredError as error:
            raise MeasuredError(f"{where}: {error}") from None
        if values is None:  # the program failed: reported once, at its block
            return _FAILED
        shown = _shown(match, values, where)
        return _measured_span(match, shown, timing=varies(match.group("file")))

    def claim(match: re.Match, where: str) -> str:
        found = claims.Claim(
            where,
            match.group("file"),
            " ".join(match.group("condition").split()),
            recorded=bool(match.group("recorded")),
        )
        claims.parse(found.condition, where)  # a malformed one fails even unjudged
        if found.recorded:
            recorded = recorded_of(found.file)
            values = None if recorded is None else recorded[0]
        else:
            try:
                values = values_of(found.file)
            except MeasuredError as error:
                raise MeasuredError(f"{where}: {error}") from None
        if values is not None:
            claims.judge(found, values)
        if judged is not None:
            judged.append(found)
        if found.holds is False:
            raise MeasuredError(found.false_message())
        return claims.mark(found)

    def replace(match: re.Match) -> str:
        where = f"{origin}:{line_of(match.start())}"
        whole = match.group(0)
        try:
            if found := PLACEHOLDER.fullmatch(whole):
                return value(found, where)
            if found := claims.CLAIM.fullmatch(whole):
                return claim(found, where)
            raise MeasuredError(
                f"{where}: cannot read {whole!r}: a value is "
                "{{ chapter/file.py:name | format }} (name may be indexed: "
                'name[0], name["key"]), a claim is {{ claim chapter/file.py: '
                "condition }}"
            )
        except MeasuredError as error:
            errors.append(str(error))
            return whole

    result = ANY.sub(replace, text)
    for stray in STRAY.finditer(ANY.sub(lambda m: " " * len(m.group(0)), text)):
        errors.append(
            f"{origin}:{line_of(stray.start())}: a lone {stray.group(0)!r} with no "
            "partner: write {{ chapter/file.py:name }} or {{ claim file.py: cond }}"
        )
    if errors:
        raise MeasuredErrors(errors)
    return result


class MeasuredErrors(MeasuredError):
    """Every mistake of a page's placeholders and claims, one message each."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages
