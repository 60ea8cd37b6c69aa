"""Numbers in the prose, inserted from what the build measured.

A page writes `{{ training/linreg.py:slope | .4f }}` and the build puts there the value the
variable `slope` held when snippets/training/linreg.py finished running, formatted with the
Python format spec after the bar. Indexing is allowed: `{{ exercise/x.py:losses[-1] | .3g }}`.
Values from a program that reads a clock are marked `data-varies="timing"`.
A name the program does not leave behind stops the build with the page and line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<file>[\w./-]+\.py):(?P<name>[A-Za-z_]\w*)(?P<index>(?:\[-?\d+\])*)"
    r"\s*(?:\|\s*(?P<spec>[^}]*?))?\s*\}\}"
)


class MeasuredError(Exception):
    pass


def files_named(text: str) -> set[str]:
    return {m.group("file") for m in PLACEHOLDER.finditer(text)}


def substitute(
    text: str, origin: str, values_of: Callable[[str], dict], first_line: int = 1,
    varies: Callable[[str], bool] = lambda rel: False,
) -> str:
    """Replace every placeholder; `origin` is the page path used in error messages."""

    def replace(match: re.Match) -> str:
        line = text.count("\n", 0, match.start()) + first_line
        where = f"{origin}:{line}"
        try:
            values = values_of(match.group("file"))
        except MeasuredError as error:
            raise MeasuredError(f"{where}: {error}") from None
        name = match.group("name")
        if name not in values:
            raise MeasuredError(
                f"{where}: snippets/{match.group('file')} leaves no simple value named '{name}' "
                f"(it has: {', '.join(sorted(values)) or 'none'})"
            )
        value = values[name]
        try:
            for index in re.findall(r"-?\d+", match.group("index")):
                value = value[int(index)]
            shown = format(value, match.group("spec") or "")
        except (IndexError, TypeError, ValueError) as error:
            raise MeasuredError(f"{where}: cannot show {match.group(0)}: {error}") from None
        title = f"measured by the build: {match.group('file')}, {name}{match.group('index')}"
        # Timings differ from build to build; the mark lets the reproducibility test see it.
        mark = ' data-varies="timing"' if varies(match.group("file")) else ""
        return f'<span class="measured"{mark} title="{html.escape(title)}">{html.escape(shown)}</span>'

    return PLACEHOLDER.sub(replace, text)
