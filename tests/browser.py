"""A real browser for the tests: Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is the system's (scripts/tools/browser.py).
"""

from __future__ import annotations

import os

import pytest

from scripts.tools import browser as chromium

CHROMIUM = chromium.path()
ARGS = chromium.ARGS


# axe-core builds a CSS selector for every node of every result, passes included, and on
# the print page that is most of its time (its API.md, "Section 4: Performance"). Only
# violations are read here, so only they are processed in full: the same rules run on
# the same nodes, and a violation lists all of its nodes as before.
AXE_OPTIONS = {"resultTypes": ["violations"]}


def axe_violations(page, where: str) -> list[str]:
    """One line per axe-core violation on the page as it is now, naming up to three of
    its nodes; `where` begins each line (the page and the palette)."""
    from axe_playwright_python.sync_playwright import Axe

    lines = []
    for violation in Axe().run(page, options=AXE_OPTIONS).response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{where} {violation['id']}: {violation['help']} — {targets}")
    return lines


def require_chromium() -> None:
    reason = chromium.missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"browser tests cannot be skipped under CI: {reason}", pytrace=False
        )
    pytest.skip(reason)
