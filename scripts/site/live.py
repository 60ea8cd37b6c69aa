"""`mkdocs serve`: a rebuild runs the machinery as it is now, not as it was at start.

MkDocs imports the hooks file once per process (`config_options.Hooks._load_hook` is
cached) and Python imports every module once, so without help a rebuild would run
scripts/ as it was when the server started. Before each build under `serve`, `refresh`
looks for a changed file in scripts/; if one changed, it re-executes every loaded
`scripts.*` module (in the order they were first imported, so that each sees its
dependencies' new code), then the hooks file, and points the build's registered events
at the new functions. The build state itself is new every build anyway (on_config,
scripts/site/state.py). This module is never reloaded: it keeps what lasts between
builds. A plain `mkdocs build` reloads nothing.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

_MACHINERY = Path(__file__).resolve().parent.parent  # scripts/
_serving = False
_seen: dict[str, int] = {}


def _stamps() -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in sorted(_MACHINERY.rglob("*.py"))}


def start(command: str) -> None:
    """on_startup: remember whether this process serves, and the machinery as loaded."""
    global _serving
    _serving = command == "serve"
    if _serving:
        sys.dont_write_bytecode = True  # no .pyc written into the watched scripts/
        _seen.update(_stamps())


def refresh(hooks: ModuleType, config: Any) -> list[str]:
    """Under `serve`, when a file of scripts/ changed since the last build: reload the
    machinery and the hooks; the names reloaded (empty when nothing changed)."""
    if not _serving:
        return []
    now = _stamps()
    if now == _seen:
        return []
    _seen.clear()
    _seen.update(now)
    names = [
        name
        for name in list(sys.modules)
        if (name == "scripts" or name.startswith("scripts.")) and name != __name__
    ]
    for name in names:
        module = sys.modules.get(name)
        if module is not None:
            importlib.reload(module)
    hooks.__spec__.loader.exec_module(hooks)  # the hooks file, in its own module
    # This build registered the old event functions before on_config ran.
    for handlers in config.plugins.events.values():
        for k, handler in enumerate(handlers):
            if getattr(handler, "__module__", None) == hooks.__name__:
                handlers[k] = getattr(hooks, handler.__name__, handler)
    return names
