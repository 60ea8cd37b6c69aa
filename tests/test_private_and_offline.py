"""Promise 6: pages make no request to any other host.

Two checks. A static one reads every built file for resources loaded from elsewhere (a
script, a stylesheet, an image, a font, an iframe). A browser one loads every page in
Chromium and fails on any request that leaves the site. Links a reader may click (the
references, the repository) are navigation, not requests, and are allowed.
"""

import re

import pytest

from tests.site import html_pages, page_soup

EXTERNAL = re.compile(r"^(?:[a-z]+:)?//", re.I)


def test_no_page_loads_a_resource_from_another_host(site):
    offenders = []
    for page in html_pages(site):
        soup = page_soup(page)
        for tag in soup.find_all(
            ["script", "img", "iframe", "source", "audio", "video", "link"]
        ):
            if tag.name == "link" and not {
                "stylesheet",
                "preconnect",
                "preload",
                "icon",
                "manifest",
                "modulepreload",
            } & set(tag.get("rel", [])):
                continue
            for attr in ("src", "href", "srcset"):
                if EXTERNAL.match(tag.get(attr, "")):
                    offenders.append(
                        f"{page.relative_to(site)}: <{tag.name} {attr}={tag[attr]}>"
                    )
    for css in site.rglob("*.css"):
        for url in re.findall(
            r"url\((['\"]?)((?:https?:)?//[^)'\"]+)\1\)",
            css.read_text(encoding="utf-8"),
        ):
            offenders.append(f"{css.relative_to(site)}: url({url[1]})")
    assert not offenders, "\n".join(offenders)


def test_theme_does_not_ask_github_for_repository_stars(site):
    # Material fetches stars and forks from GitHub's API for a source link marked as a
    # component.
    for page in html_pages(site):
        assert 'data-md-component="source"' not in page.read_text(encoding="utf-8"), (
            page
        )


@pytest.mark.browser
@pytest.mark.long
def test_browser_sees_no_request_leave_the_site(browser, served_site):
    base, pages = served_site
    context = browser.new_context()
    leaks = []
    context.on(
        "request",
        lambda r: (
            leaks.append(r.url)
            if not r.url.startswith(base) and not r.url.startswith("data:")
            else None
        ),
    )
    try:
        # every page at once, each in its own tab: the waits for a quiet network overlap
        tabs = [context.new_page() for _ in pages]
        for tab, path in zip(tabs, pages, strict=True):
            tab.goto(base + path, wait_until="commit")
        for tab in tabs:
            tab.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert not leaks, "requests to other hosts:\n" + "\n".join(sorted(set(leaks)))
