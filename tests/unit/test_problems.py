"""A failing build ends with what stopped it (scripts/site/state.py: problems(), which
the hooks' on_post_build logs again, last): each warning and error the build logged,
from any of the engine's loggers, its first line, in order, and none of an earlier
build's."""

from __future__ import annotations

import logging

from scripts.site import state


def test_each_warning_and_error_of_this_build_is_noted_once():
    logging.getLogger("mkdocs")  # the engine's command line sets it up
    pages = logging.getLogger("mkdocs.structure.pages")
    try:
        state.reset()
        state.log.info("lesson: fine")
        state.log.error("docs/a.md:3: boom\nTraceback (most recent call last): ...")
        pages.warning("Doc file 'a.md': a link")
        assert state.problems() == [
            "ERROR docs/a.md:3: boom",
            "WARNING Doc file 'a.md': a link",
        ]
        state.log.error("snippets/x.py failed:\n  ValueError: boom\nTraceback ...")
        assert state.problems()[-1] == "ERROR snippets/x.py failed: ValueError: boom"
        state.reset()  # the next build (a rebuild of `mkdocs serve`)
        state.log.error("docs/b.md:1: again")
        assert state.problems() == ["ERROR docs/b.md:1: again"]
    finally:
        top = logging.getLogger("mkdocs")
        for handler in [h for h in top.handlers if h.get_name() == "lesson-problems"]:
            top.removeHandler(handler)
