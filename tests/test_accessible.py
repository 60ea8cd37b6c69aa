"""Promise 6: pages read well for everyone. axe-core checks every page in both palettes.

axe-core (bundled by axe-playwright-python, no download) finds what a machine can find:
contrast, names of controls and images, landmarks, ARIA misuse. It cannot judge whether
a text alternative is *good*, or how the page sounds in a real screen reader.

The print page (/print/, the whole course on one page) is checked in both palettes too:
its own parts (the contents list, the chrome print-site hides) and the chapters as it
shows them are checked nowhere else.
"""

import pytest

from tests.browser import axe_violations
from tests.site import PRINT_EDITION, built_page, html_pages, nav_pages

pytestmark = pytest.mark.browser


# Every page of the nav (a new chapter's too, and `--chapter NAME` picks its own), and
# the print edition (every chapter at once: long); test_every_built_page_is_checked says
# none is left out.
PAGES = [built_page(source) for source in nav_pages()] + [PRINT_EDITION]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "page",
    [
        pytest.param(page, marks=[pytest.mark.long] if page == PRINT_EDITION else [])
        for page in PAGES
    ],
)
def test_axe_finds_no_violations(browser, served_site, page, scheme):
    base, _ = served_site
    context = browser.new_context(color_scheme=scheme)
    path = page.removesuffix("index.html")
    try:
        tab = context.new_page()
        # "load": Material sets the palette in an inline script before it, and axe
        # needs nothing the search worker fetches afterwards.
        tab.goto(base + path, wait_until="load")
        problems = axe_violations(tab, f"{path or '/'} [{scheme}]")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_every_built_page_is_checked(site):
    built = {page.relative_to(site).as_posix() for page in html_pages(site)}
    assert built == set(PAGES)


# WCAG 2.5.8 (target size, minimum): 24 by 24 CSS pixels, unless the link sits in a
# sentence. The footer's print-edition links stand on a line of their own.
TARGET = 24


@pytest.mark.parametrize("width", [1280, 390])
def test_footer_links_are_big_enough_to_hit(browser, served_site, width):
    base, _ = served_site
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(base + "loop/", wait_until="load")
        boxes = page.eval_on_selector_all(
            ".lesson-print a, a.md-footer__link",
            "links => links.map(a => [a.textContent.trim().split(/\\s+/).join(' '),"
            " a.getBoundingClientRect().width, a.getBoundingClientRect().height])",
        )
    finally:
        context.close()
    assert any("print" in text for text, _, _ in boxes), boxes
    small = [
        f"{text!r}: {w:.0f} x {h:.0f} px" for text, w, h in boxes if min(w, h) < TARGET
    ]
    assert not small, f"under {TARGET} px at {width} px wide:\n" + "\n".join(small)
