"""A real browser for the tests: Debian's Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import os

import pytest

from scripts import browser as chromium
from scripts.browser import serve  # noqa: F401  (re-exported: tests import it from here)

CHROMIUM = chromium.path()
ARGS = chromium.ARGS


def require_chromium() -> None:
    reason = chromium.missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot be skipped under CI: {reason}", pytrace=False)
    pytest.skip(reason)


