"""The site engine, named in one place: which program builds the site, and its command.

ProperDocs is the default: the maintained fork of MkDocs 1.x, which reads mkdocs.yml and
runs the same theme, plugins and hooks (imports of `mkdocs.*` are redirected to it).
MkDocs 1.6.1 stays installed (Material requires it) and builds the same site:
`LESSON_ENGINE=mkdocs` (or `make build ENGINE=mkdocs`) picks it, and
tests/test_reproducible.py builds once with each and compares the bytes.
"""

from __future__ import annotations

import os
import sys

ENGINES = ("properdocs", "mkdocs")
DEFAULT = "properdocs"


def name(env: dict[str, str] | None = None) -> str:
    """The engine `LESSON_ENGINE` names, or the default; anything else is refused."""
    chosen = (env if env is not None else os.environ).get("LESSON_ENGINE") or DEFAULT
    if chosen not in ENGINES:
        raise SystemExit(
            f"LESSON_ENGINE={chosen!r}: the site builds with "
            f"{' or '.join(ENGINES)}"
        )
    return chosen


def argv(subcommand: str, *args: str, engine: str | None = None) -> list[str]:
    """The command that runs `subcommand` (build, serve) with this environment's
    Python, from the project's root folder."""
    return [
        sys.executable,
        "-m",
        engine or name(),
        subcommand,
        "--config-file",
        "mkdocs.yml",
        *args,
    ]
