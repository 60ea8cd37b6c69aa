"""Promise 6 where the site is published: GitHub Pages serves a project site under a
sub-path (https://user.github.io/REPO/), not at a host's root.

The built site is served under a made-up prefix on loopback, and every page is loaded
in Chromium: no request may leave the prefix (a root-relative URL would work at `/` and
break once published), and no page may log a console error or throw. The server itself
answers 404 for anything outside the prefix, so a miss is also a failed request.
"""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse

import pytest

from scripts.tools.browser import _Quiet
from tests.site import html_pages

pytestmark = [pytest.mark.browser, pytest.mark.long]
PREFIX = "/made-up-course/"


class _UnderPrefix(_Quiet):
    """Serves the site's folder at PREFIX; anything else is a 404 (and noted)."""

    outside: list[str]

    def translate_path(self, path):
        parsed = urllib.parse.urlsplit(path).path
        if not parsed.startswith(PREFIX):
            self.outside.append(path)
            return str(self.directory) + "/-outside-the-prefix-"  # no such file: a 404
        return super().translate_path("/" + parsed.removeprefix(PREFIX))


@pytest.fixture(scope="module")
def under_prefix(site):
    """(base URL ending in PREFIX, [page paths], [paths asked outside PREFIX])."""
    outside: list[str] = []
    handler = functools.partial(
        type("Handler", (_UnderPrefix,), {"outside": outside}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = [
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in html_pages(site)
        if p.name == "index.html"  # 404.html is served for a miss, at any depth
    ]
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", pages, outside
    server.shutdown()


def test_every_page_stays_under_its_sub_path_without_console_errors(
    browser, under_prefix
):
    base, pages, outside = under_prefix
    assert {"print/", "loop/", "ledger/"} <= set(pages), pages
    context = browser.new_context()
    problems = []
    context.on(
        "request",
        lambda r: (
            problems.append(f"request outside {PREFIX}: {r.url}")
            if not r.url.startswith(base) and not r.url.startswith("data:")
            else None
        ),
    )
    context.on(
        "response",
        lambda r: (
            problems.append(f"{r.url} answered {r.status}") if r.status >= 400 else None
        ),
    )
    try:
        tabs = []
        for path in pages:
            tab = context.new_page()
            tab.on(
                "console",
                lambda m, p=path: (
                    problems.append(f"{p or '/'}: console error: {m.text}")
                    if m.type == "error"
                    else None
                ),
            )
            tab.on("pageerror", lambda e, p=path: problems.append(f"{p or '/'}: {e}"))
            tab.goto(base + path, wait_until="commit")
            tabs.append(tab)
        for tab in tabs:
            tab.wait_for_load_state("networkidle")
        # Search works under the prefix: Material's worker fetched the index there
        # and answers a query (the print edition hides its search box: print-site.js).
        tab = tabs[pages.index("loop/")]
        tab.bring_to_front()
        tab.keyboard.press("s")
        tab.keyboard.type("gradient")
        tab.wait_for_selector(".md-search-result__item", timeout=15_000)
    finally:
        context.close()
    problems += [f"the server was asked for {path}" for path in outside]
    assert not problems, "\n".join(sorted(set(problems)))
