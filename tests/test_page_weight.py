"""Promise 6: pages are light. Each chapter page, with everything it loads, stays under
120 KB gzipped; the search index, fetched only when a reader goes to search, stays
under 72 KB gzipped and holds the prose, not the code. The index grows with every
chapter's prose: a chapter that pushes it past this budget raises it, on purpose.

Measured in the browser: every response the page receives while loading (HTML, CSS, JS),
each gzipped at level 9, added up. The search index and search worker are not among
them: Material would fetch both with every page, and docs/assets/search-on-demand.js
holds them back until the reader hovers, focuses or opens the search box
(tests/test_sub_path.py searches). The index leaves out every program's source and every
drawn run (data-search-exclude, scripts/site/fences.py; printed outputs:
scripts/site/render.py).
"""

import gzip
import json
import re

import pytest

from tests.site import html_pages, page_soup

BUDGET = 120 * 1024
SEARCH_INDEX = "search/search_index.json"
SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[^/]*\.js$")
SEARCH_BUDGET = 72 * 1024


def _load_all(browser, urls: list[str]) -> list[tuple[dict[str, bytes], list]]:
    """For each page: every body it received while loading, and every response that
    failed.

    Each page loads in a context of its own (an empty cache, as a first visit), all of
    them at once: most of a load is waiting for the network to fall quiet, and the
    waits overlap. A page is loaded when its network is idle. A redirect has no body of
    its own (its target is counted); any other response without a body, or with an
    error status, is a failure, never skipped.
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


@pytest.mark.browser
@pytest.mark.long
def test_every_page_with_its_assets_is_under_budget(browser, served_site):
    base, pages = served_site
    # the print edition is the whole course on one page, for paper (tests/test_pdf.py)
    pages = [path for path in pages if path != "print/"]
    over = []
    for path, (bodies, failed) in zip(
        pages, _load_all(browser, [base + path for path in pages]), strict=True
    ):
        over += [f"{path or '/'}: {url} answered {status}" for url, status in failed]
        over += [
            f"{path or '/'}: fetched the search index or worker while loading: {url}"
            for url in bodies
            if url.endswith(SEARCH_INDEX) or SEARCH_WORKER.search(url)
        ]
        total = sum(len(gzip.compress(body, 9)) for body in bodies.values())
        if total > BUDGET:
            biggest = sorted(bodies, key=lambda u: -len(bodies[u]))[:3]
            over.append(
                f"{path or '/'}: {total / 1024:.0f} KB gzipped; largest: {biggest}"
            )
    assert not over, "\n".join(over)


def _words(html: str) -> str:
    """Text without tags or entities' markup, whitespace collapsed: what a reader's
    query meets."""
    text = re.sub(r"</?(?:code|sub|sup)>", "", html)  # inline: part of a word
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def _first_prose(page) -> str | None:
    """The page's first paragraph of prose: a <p> of the article outside every block
    the build drew (a program's run, a figure, an admonition's title)."""
    article = page_soup(page).select_one("article")
    for p in article.find_all("p"):
        if p.find_parent(attrs={"data-search-exclude": True}) or p.find_parent(
            class_=["lesson-run", "admonition", "tabbed-set", "lesson-downloads"]
        ):
            continue
        text = " ".join(p.get_text().split())
        if len(text.split()) >= 8:
            return text
    return None


def test_search_index_holds_every_chapter_s_prose_and_no_code(site):
    raw = (site / SEARCH_INDEX).read_bytes()
    docs = json.loads(raw)["docs"]
    text_of: dict[str, str] = {}
    titles: dict[str, set[str]] = {}
    for doc in docs:
        page = doc["location"].split("#")[0]
        text_of[page] = text_of.get(page, "") + " " + _words(doc["text"])
        titles.setdefault(page, set()).add(_words(doc["title"]))
    missing = []
    for page in html_pages(site):
        path = page.relative_to(site).as_posix().removesuffix("index.html")
        if path in ("print/", "exercise-notebook/"):  # left out on purpose (hooks.py)
            continue
        # the chapter's title (its <h1>) is the title of one of its entries
        heading = _words(str(page_soup(page).select_one("article h1")))
        heading = heading.removesuffix("¶").strip()
        if heading not in titles.get(path, set()):
            missing.append(f"{path}: no entry titled {heading!r}")
        prose = _first_prose(page)
        if prose is None or prose not in text_of.get(path, ""):
            missing.append(f"{path}: its prose {prose!r} is not in the index")
    # Every program imports torch: its source is not in the index.
    code = [d["location"] for d in docs if "import torch" in _words(d["text"])]
    assert not code, f"program source in the search index: {code}"
    assert not missing, "\n".join(missing)
    size = len(gzip.compress(raw, 9))
    assert size <= SEARCH_BUDGET, f"search index: {size / 1024:.1f} KB gzipped"
