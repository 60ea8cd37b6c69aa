"""Promise 6: pages are light. Each chapter page, with everything it loads, stays under
200 KB gzipped.

Measured in the browser: every response the page receives while loading (HTML, CSS, JS,
the search index Material fetches for its search box), each gzipped at level 9, added
up.
"""

import gzip

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.long]
BUDGET = 200 * 1024
SEARCH_INDEX = "search/search_index.json"


def _load_all(browser, urls: list[str]) -> list[tuple[dict[str, bytes], list]]:
    """For each page: every body it received while loading, and every response that
    failed.

    Each page loads in a context of its own (an empty cache, as a first visit), all of
    them at once: most of a load is waiting for the network to fall quiet, and the
    waits overlap. A page is loaded when its network is idle and the search index, which
    Material fetches on every page, has arrived. A redirect has no body of its own (its
    target is counted); any other response without a body, or with an error status, is
    a failure, never skipped.
    """
    loading = []
    for url in urls:
        context = browser.new_context()
        page = context.new_page()
        responses = []
        page.on("response", lambda response, got=responses: got.append(response))
        page.goto(url, wait_until="commit")
        loading.append((context, page, responses))
    results = []
    for context, page, responses in loading:
        page.wait_for_load_state("networkidle")
        if not any(r.url.endswith(SEARCH_INDEX) for r in responses):
            page.wait_for_event("response", lambda r: r.url.endswith(SEARCH_INDEX))
        bodies, failed = {}, []
        for response in responses:
            if 300 <= response.status < 400:
                continue
            if response.status >= 400:
                failed.append((response.url, response.status))
                continue
            bodies[response.url] = response.body()
        context.close()
        results.append((bodies, failed))
    return results


def test_every_page_with_its_assets_is_under_budget(browser, served_site):
    base, pages = served_site
    # the print edition is the whole course on one page, for paper (tests/test_pdf.py)
    pages = [path for path in pages if path != "print/"]
    over = []
    for path, (bodies, failed) in zip(
        pages, _load_all(browser, [base + path for path in pages]), strict=True
    ):
        over += [f"{path or '/'}: {url} answered {status}" for url, status in failed]
        total = sum(len(gzip.compress(body, 9)) for body in bodies.values())
        if total > BUDGET:
            biggest = sorted(bodies, key=lambda u: -len(bodies[u]))[:3]
            over.append(
                f"{path or '/'}: {total / 1024:.0f} KB gzipped; largest: {biggest}"
            )
    assert not over, "\n".join(over)
