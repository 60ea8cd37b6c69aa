"""Promise 6: the print edition: the whole course on one page (/print/), and its PDF,
made from the build.

The print page (mkdocs-print-site-plugin) holds every chapter in the order of the nav,
with every block, output and figure of the chapter pages. On paper (print media in
Chromium) every collapsed answer is open, steppers show their final state and every tab
is laid out. scripts/tools/pdf.py prints it with Chromium, refusing any request to
another host; PDFium (pypdfium2) reads the text back: every chapter title and the real
output of every block are in it.
"""

from __future__ import annotations

import re

import pypdfium2
import pytest

from tests.browser import require_chromium
from tests.site import html_pages, page_soup, shown_blocks

pytestmark = pytest.mark.long

PRINT = "print/index.html"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _sections(site):
    soup = page_soup(site / PRINT)
    return soup, soup.select("#print-site-page section.print-page[id]")


def test_print_page_holds_every_chapter_in_nav_order(site):
    soup, sections = _sections(site)
    nav = page_soup(site / "index.html")
    pages = [
        a["href"]
        for a in nav.select("nav.md-nav--primary a.md-nav__link[href]")
        if not a["href"].startswith("#")
    ]
    pages = [p for p in dict.fromkeys(pages) if p not in ("print/",)]
    expected = [
        "index" if p in ("", ".", "./") else p.strip("/").replace("/", "-")
        for p in pages
    ]
    assert [s["id"] for s in sections] == expected


def test_print_page_shows_every_block_and_figure_of_the_chapters(site):
    soup, _ = _sections(site)
    chapters = [p for p in html_pages(site) if p.relative_to(site).as_posix() != PRINT]
    count = {
        "div.lesson-run": 0,
        ".lesson-output": 0,
        "figure.graph-stepper": 0,
        "svg": 0,
        ".tabbed-block": 0,
        "details": 0,
    }
    for page in chapters:
        chapter = page_soup(page)
        article = chapter.select_one("article")
        for selector in count:
            count[selector] += len(article.select(selector)) if article else 0
    shown = {
        selector: len(soup.select(f"#print-site-page {selector}")) for selector in count
    }
    assert shown == count


@pytest.mark.browser
def test_on_paper_every_answer_is_open_steppers_are_complete_and_tabs_are_laid_out(
    browser_page, served_site
):
    require_chromium()
    base, _ = served_site
    # "networkidle" comes while the big page still parses
    browser_page.goto(base + "print/", wait_until="load")
    browser_page.emulate_media(media="print")
    state = browser_page.evaluate("""() => {
      const shown = el => getComputedStyle(el).display !== 'none'
        && getComputedStyle(el).visibility !== 'hidden';
      const all = s => Array.from(document.querySelectorAll('#print-site-page ' + s));
      return {
        closed: all('details').filter(d => !d.open).length,
        hiddenValues: all('.graph-stepper .g-value').filter(v => !shown(v)).length,
        fadedNodes: all('.graph-stepper .g-node, .graph-stepper .g-grad')
          .filter(n => getComputedStyle(n).opacity !== '1').length,
        values: all('.graph-stepper .g-value').length,
        bars: all('.graph-stepper__bar').filter(shown).length,
        hiddenTabs: all('.tabbed-block').filter(t => !shown(t)).length,
        tabs: all('.tabbed-block').length,
        hiddenFrames: all('.lw-frame').filter(f => !shown(f)).length,
      };
    }""")
    assert state["values"] > 0 and state["tabs"] > 0
    assert state == {
        **state,
        "closed": 0,
        "hiddenValues": 0,
        "fadedNodes": 0,
        "bars": 0,
        "hiddenTabs": 0,
        "hiddenFrames": 0,
    }


@pytest.fixture(scope="module")
def pdf_text(site, browser, tmp_path_factory) -> str:
    from scripts.tools.pdf import make_pdf

    # make_pdf refuses, and fails on, any request to another host
    out = make_pdf(
        site, tmp_path_factory.mktemp("pdf") / "pytorch-basics.pdf", chromium=browser
    )
    # PDFium, Chrome's own PDF library: it reads the 190 pages in half a second, where
    # pure-Python pypdf took ten.
    document = pypdfium2.PdfDocument(out)
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in document)
    finally:
        document.close()


@pytest.mark.browser
def test_pdf_holds_every_chapter_title_in_order(site, pdf_text):
    _, sections = _sections(site)
    text = _squeeze(pdf_text)
    titles = [s.find("h1").get_text(" ", strip=True).replace("¶", "") for s in sections]
    assert len(titles) >= 14
    where = 0
    for title in titles:
        found = text.find(_squeeze(title), where)
        assert found >= 0, (
            f"chapter {title!r} is missing from the PDF (or out of order)"
        )
        where = found


@pytest.mark.browser
def test_pdf_holds_the_real_output_of_every_block(site, pdf_text):
    text = _squeeze(pdf_text)
    missing = []
    for block in shown_blocks(site):
        for shown in (block.stdout, block.error or ""):
            lines = [line for line in shown.splitlines() if line.strip()]
            if lines and _squeeze(lines[0]) not in text:
                missing.append(f"{block.origin}: {lines[0]!r}")
    assert not missing, "outputs missing from the PDF:\n" + "\n".join(missing)
