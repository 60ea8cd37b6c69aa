"""Numbers in the prose, inserted from what the build measured.

A page writes `{{ training/linreg.py:slope | .4f }}` and the build puts there the value
the variable `slope` held when snippets/training/linreg.py finished running, formatted
with the Python format spec after the bar. Indexing is allowed: `{{
exercise/x.py:losses[-1] | .3g }}`. Values from a program that reads a clock are marked
`data-varies="timing"`. `{{ recorded:gpu/x.py:name | .2f }}` quotes a GPU recording of
the program as it is now (scripts/run/recordings.py), or says that there is none; a key
indexes a dict: `x["key"]`. A name the program does not leave behind stops the build
with the page and line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from scripts.errors import MeasuredError

PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<recorded>recorded:)?(?P<file>[\w./-]+\.py):(?P<name>[A-Za-z_]\w*)"
    r"(?P<index>(?:\[(?:-?\d+|\"[\w.+ -]+\")\])*)"
    r"\s*(?:\|\s*(?P<spec>[^}]*?))?\s*\}\}"
)


def files_named(text: str) -> set[str]:
    return {m.group("file") for m in PLACEHOLDER.finditer(text)}


def substitute(
    text: str,
    origin: str,
    values_of: Callable[[str], dict | None],
    first_line: int = 1,
    varies: Callable[[str], bool] = lambda rel: False,
    recorded_of: Callable[[str], tuple[dict, object] | None] = lambda rel: None,
) -> str:
    """Replace every placeholder; `origin` is the page path used in error messages.

    `values_of(file)` returns None for a program that failed: its error is reported
    once, at its block, so its placeholders show "…" and add no message of their own.
    """

    def replace(match: re.Match) -> str:
        line = text.count("\n", 0, match.start()) + first_line
        where = f"{origin}:{line}"
        recording = None
        if match.group("recorded"):
            found = recorded_of(match.group("file"))
            if found is None:
                return (
                    '<span class="recorded" data-recording="none">(not recorded on a '
                    "GPU "
                    "for this version of the program)</span>"
                )
            values, recording = found
        else:
            try:
                values = values_of(match.group("file"))
            except MeasuredError as error:
                raise MeasuredError(f"{where}: {error}") from None
            if values is None:  # the program failed: reported once, at its block
                return '<span class="measured" data-missing="failed">…</span>'
        name = match.group("name")
        if name not in values:
            raise MeasuredError(
                f"{where}: snippets/{match.group('file')} leaves no simple value named "
                f"'{name}' "
                f"(it has: {', '.join(sorted(values)) or 'none'})"
            )
        value = values[name]
        try:
            for index in re.findall(r'-?\d+|"[^"]*"', match.group("index")):
                value = value[index.strip('"') if index.startswith('"') else int(index)]
            shown = format(value, match.group("spec") or "")
        except (IndexError, KeyError, TypeError, ValueError) as error:
            raise MeasuredError(
                f"{where}: cannot show {match.group(0)}: {error}"
            ) from None
        title = (
            f"measured by the build: {match.group('file')}, "
            f"{name}{match.group('index')}"
        )
        if recording is not None:
            title = (
                f"recorded on {recording.label}: {match.group('file')}, "
                f"{name}{match.group('index')}"
            )
            return (
                '<span class="measured recorded" '
                f'data-recording="{html.escape(recording.name)}" '
                f'data-program="{html.escape(match.group("file"))}" '
                f'data-source-sha256="{recording.sha256}" title="{html.escape(title)}">'
                f"{html.escape(shown)}</span>"
            )
        # Timings differ from build to build; the mark lets the reproducibility test see
        # it.
        mark = ' data-varies="timing"' if varies(match.group("file")) else ""
        return (
            f'<span class="measured"{mark} '
            f'title="{html.escape(title)}">{html.escape(shown)}</span>'
        )

    return PLACEHOLDER.sub(replace, text)
