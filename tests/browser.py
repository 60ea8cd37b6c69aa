"""A real browser for the tests: Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is the system's (scripts/tools/browser.py).
"""

from __future__ import annotations

import os

import pytest

from scripts.tools import browser as chromium

CHROMIUM = chromium.path()
ARGS = chromium.ARGS


def require_chromium() -> None:
    reason = chromium.missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"browser tests cannot be skipped under CI: {reason}", pytrace=False
        )
    pytest.skip(reason)
