"""A real browser for the tests: Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is the system's (scripts/tools/browser.py).
"""

from __future__ import annotations

import os

import pytest

from scripts.tools import browser as chromium

CHROMIUM = chromium.path()
ARGS = chromium.ARGS


# Only violations are read, so only they are processed in full (axe-core's API.md,
# "Section 4: Performance": it would otherwise build a CSS selector for every node of
# every passing rule). axe-playwright-python's Axe.run already defaults to this; it is
# written here so that the tests do not depend on that default. A violation still lists
# all of its nodes.
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
