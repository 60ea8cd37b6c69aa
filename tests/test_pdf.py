"""Promise 6: the print edition: the whole course on one page (/print/), and its PDF,
made from the build.

The print page (mkdocs-print-site-plugin) holds every chapter in the order of the nav,
with every block, output and figure of the chapter pages. On paper (print media in
Chromium) every collapsed answer is open, steppers show their final state and every tab
is laid out. scripts/tools/pdf.py prints it with Chromium, refusing any request to
another host; PDFium (pypdfium2) reads the text back: every chapter title and the real
output of every block are in it.

The paper reads like a printed book (scripts/tools/pdf_check.py reads the PDF back):
no glyph drawn over another, no glyph cut at the page's side edges, no on-screen control
in the text ("(remembered)", "Show the output", button faces, disclosure triangles);
and, under print media in the browser, no visible form control and no box that cuts
its content (shape notes clipped at a column's edge). What these do not see is listed
in pdf_check's docstring: text over figures or rules, and prose that talks about
on-screen buttons.
"""

from __future__ import annotations

import re

import pytest

from scripts.tools import pdf_check
from tests.browser import require_chromium
from tests.conftest import once_per_run
from tests.site import html_pages, page_soup, shown_blocks

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


@pytest.fixture(scope="session")
def pdf_report(site, request, tmp_path_factory, testrun_uid) -> pdf_check.Report:
    return once_per_run(
        "pdf", testrun_uid, lambda: _pdf_report(site, request, tmp_path_factory)
    )


def _pdf_report(site, request, tmp_path_factory) -> pdf_check.Report:
    from scripts.tools.pdf import make_pdf

    # make_pdf refuses, and fails on, any request to another host; the browser is
    # started only by the worker that prints
    browser = request.getfixturevalue("browser")
    out = make_pdf(
        site, tmp_path_factory.mktemp("pdf") / "pytorch-basics.pdf", chromium=browser
    )
    # PDFium, Chrome's own PDF library: it reads the 200 pages' text in half a second,
    # where pure-Python pypdf took ten; every glyph's box and origin in about five.
    return pdf_check.read(out)


@pytest.fixture(scope="session")
def pdf_text(pdf_report) -> str:
    return "\n".join(pdf_report.text)


@pytest.mark.browser
@pytest.mark.long  # the first to ask for the PDF
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


@pytest.mark.browser
def test_pdf_prints_every_shape_note_once_and_whole(site, pdf_text):
    soup, _ = _sections(site)
    notes = soup.select("#print-site-page details.shape-notes")
    # one "Shapes, line by line" list per block that has notes, predict-first blocks too
    assert pdf_text.count("Shapes, line by line") == len(notes) > 0
    text = _squeeze(pdf_text)
    cut = [
        li.get_text(" ", strip=True)
        for li in soup.select("#print-site-page ul.sn-list li")
        if _squeeze(li.get_text(" ", strip=True)) not in text
    ]
    assert not cut, "shape notes missing or cut on paper:\n" + _listed(cut)


def _listed(lines, limit: int = 25) -> str:
    shown = [str(line) for line in lines[:limit]]
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(shown) + more


@pytest.mark.browser
def test_pdf_draws_no_text_over_text(pdf_report):
    overlaps = pdf_report.overlaps
    pages = sorted({o.page for o in overlaps})
    assert not overlaps, (
        f"{len(overlaps)} pairs of glyphs drawn over each other on pages {pages}:\n"
        + _listed(overlaps)
    )


@pytest.mark.browser
def test_pdf_cuts_no_text_at_the_page_edges(pdf_report):
    assert not pdf_report.cut, "glyphs past the side margins:\n" + _listed(
        pdf_report.cut
    )


@pytest.mark.browser
def test_pdf_prints_no_on_screen_control(pdf_report):
    assert not pdf_report.controls, "control text on paper:\n" + _listed(
        pdf_report.controls
    )


# Under print media: form controls a reader would see, and boxes that clip or scroll
# their content (on paper the rest is lost).
_ON_PAPER = """() => {
  const root = document.getElementById('print-site-page');
  const seen = el => {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && cs.visibility !== 'hidden'
      && cs.opacity !== '0';
  };
  const name = el => el.tagName.toLowerCase() + (el.className ? '.' + String(
    el.className).trim().split(/\\s+/).join('.') : '') + ': '
    + (el.textContent || '').trim().slice(0, 60);
  const controls = Array.from(root.querySelectorAll(
    'input, button, select, textarea, clipboard-copy, [role=button]'
  )).filter(seen).map(name);
  const cut = [];
  root.querySelectorAll('*').forEach(el => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.display === 'contents') return;
    if ((cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
        || (cs.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1))
      cut.push(name(el));
  });
  return {controls, cut};
}"""


@pytest.mark.browser
def test_on_paper_no_control_is_drawn_and_no_box_cuts_its_content(
    browser_page, served_site
):
    require_chromium()
    base, _ = served_site
    browser_page.goto(base + "print/", wait_until="load")
    browser_page.emulate_media(media="print")
    # as scripts/tools/pdf.py prints it: every details open (shape notes included)
    browser_page.evaluate(
        "document.querySelectorAll('details').forEach(d => { d.open = true; })"
    )
    found = browser_page.evaluate(_ON_PAPER)
    assert not found["controls"], "controls on paper:\n" + _listed(found["controls"])
    assert not found["cut"], "boxes that cut their content on paper:\n" + _listed(
        found["cut"]
    )


# The checker itself: a page with a string printed over another, kerned and italic
# text that touches by design, a note hanging past the page's edge, and a switch's
# label. Printed by the same Chromium, read back by the same code.
_TRAP = """<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 16mm 14mm 18mm; }
body { font: 12pt sans-serif; margin: 0; }
.over { position: relative; height: 2em; font-family: monospace; }
.over span { position: absolute; left: 0; top: 0; }
</style></head><body>
<h1>Tensors, autograd, modules</h1>
<p><em>often called define-by-run, fiffy</em> To Te Ta AV WA</p>
<div class="over"><span>loss_t</span><span>(16, 8) float64</span></div>
<p style="margin-left: -0.3em">hanging</p>
<p><label><input type="checkbox"> Show shapes on every block (remembered)</label></p>
<p>Check</p>
</body></html>"""


@pytest.mark.browser
def test_the_checker_sees_text_over_text_cut_text_and_controls(browser, tmp_path):
    require_chromium()
    page = browser.new_page()
    try:
        page.set_content(_TRAP)
        page.emulate_media(media="print")
        page.pdf(path=str(tmp_path / "trap.pdf"), prefer_css_page_size=True)
    finally:
        page.close()
    report = pdf_check.read(tmp_path / "trap.pdf")
    over = set("loss_t(16, 8)")
    # the two strings of the "over" line, and nothing from the kerned or italic lines
    assert report.overlaps, "the string printed over another was not seen"
    assert all({o.a.char, o.b.char} <= over for o in report.overlaps), _listed(
        report.overlaps
    )
    assert report.cut, "the paragraph hanging past the margin was not seen"
    assert all(any(f"'{c}'" in line for c in "hang") for line in report.cut), report.cut
    assert len(report.controls) == 2, report.controls
