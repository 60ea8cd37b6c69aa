"""Promise 5: pages are light. Each chapter page, with everything it loads, stays under 200 KB gzipped.

Measured in the browser: every response the page receives while loading (HTML, CSS, JS,
the search index the search worker fetches), each gzipped at level 9, added up.
"""

import gzip

import pytest

pytestmark = pytest.mark.browser
BUDGET = 200 * 1024


def test_every_page_with_its_assets_is_under_budget(browser, served_site):
    base, pages = served_site
    over = []
    for path in pages:
        if path == "print/":
            continue  # the print edition is the whole course on one page, for paper (tests/test_pdf.py)
        context = browser.new_context()
        page = context.new_page()
        bodies = {}

        def keep(response):
            try:
                bodies[response.url] = response.body()
            except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
                pass

        page.on("response", keep)
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # let the search worker fetch its index
        context.close()
        total = sum(len(gzip.compress(body, 9)) for body in bodies.values())
        if total > BUDGET:
            biggest = sorted(bodies, key=lambda u: -len(bodies[u]))[:3]
            over.append(f"{path or '/'}: {total / 1024:.0f} KB gzipped; largest: {biggest}")
    assert not over, "\n".join(over)
