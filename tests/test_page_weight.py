"""Promise 6: pages are light. Each chapter page, with everything it loads, stays under
200 KB gzipped.

Measured in the browser: every response the page receives while loading (HTML, CSS, JS,
the search index the search worker fetches), each gzipped at level 9, added up.
"""

import gzip

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.long]
BUDGET = 200 * 1024


def _load(browser, url: str) -> tuple[dict[str, bytes], list[tuple[str, int]]]:
    """Every body the page received while loading, and every response that failed.

    A redirect has no body of its own (its target is counted); any other response
    without a body, or with an error status, is a failure, never skipped.
    """
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)  # let the search worker fetch its index
    bodies, failed = {}, []
    for response in responses:
        if 300 <= response.status < 400:
            continue
        if response.status >= 400:
            failed.append((response.url, response.status))
            continue
        bodies[response.url] = response.body()
    context.close()
    return bodies, failed


def test_every_page_with_its_assets_is_under_budget(browser, served_site):
    base, pages = served_site
    over = []
    for path in pages:
        if path == "print/":
            # the print edition is the whole course on one page, for paper
            # (tests/test_pdf.py)
            continue
        bodies, failed = _load(browser, base + path)
        over += [f"{path or '/'}: {url} answered {status}" for url, status in failed]
        total = sum(len(gzip.compress(body, 9)) for body in bodies.values())
        if total > BUDGET:
            biggest = sorted(bodies, key=lambda u: -len(bodies[u]))[:3]
            over.append(
                f"{path or '/'}: {total / 1024:.0f} KB gzipped; largest: {biggest}"
            )
    assert not over, "\n".join(over)
