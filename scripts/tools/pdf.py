"""The PDF edition: the print page (/print/, made by mkdocs-print-site-plugin) printed
by Chromium.

    python -m scripts.tools.pdf [SITE_DIR [OUT]]
    (`make pdf`; defaults: site/, SITE_DIR/pytorch-basics.pdf)

Serves the built site on loopback, opens /print/ in the Chromium of
scripts/tools/browser.py (Debian's, or $CHROMIUM), and prints it with Playwright's
page.pdf (the chapters become PDF bookmarks). Every request to another host is refused,
and any attempt fails the run: the PDF holds only what the build made.
docs/assets/print.css lays out the paper edition; docs/assets/print.js opens every
collapsed answer. Afterwards the PDF is read back (scripts/tools/pdf_check.py) and one
line says how many glyphs overlap, are cut at the page edges, or are on-screen control
text, with the first few found (tests/test_pdf.py fails on any).
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.errors import LessonError
from scripts.paths import ROOT
from scripts.tools import browser

# the footer links it (scripts/site/hooks.py PDF_NAME, LESSON_PDF=1)
NAME = "pytorch-basics.pdf"
PRINT_PAGE = "print/"


class PdfError(LessonError):
    """The PDF could not be made; the message says why, in one line."""


def make_pdf(site: Path, out: Path, chromium=None, timeout_ms: int = 180_000) -> Path:
    """Print site/print/ to `out`; returns `out`. Raises PdfError with one line on any
    failure.

    `chromium`: a Playwright Browser already launched (the tests'); else one is launched
    here.
    """
    site, out = Path(site), Path(out)
    if not (site / PRINT_PAGE / "index.html").is_file():
        raise PdfError(
            f"no print page at {site / PRINT_PAGE / 'index.html'}: build the site "
            "first (make build)"
        )
    server, base = browser.serve(site)
    try:
        if chromium is not None:
            elsewhere = _print(chromium, base, out, timeout_ms)
        else:
            reason = browser.missing_reason()
            if reason:
                raise PdfError(reason)
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                launched = p.chromium.launch(
                    executable_path=browser.path(), args=browser.ARGS
                )
                try:
                    elsewhere = _print(launched, base, out, timeout_ms)
                finally:
                    launched.close()
    finally:
        server.shutdown()
    if elsewhere:
        out.unlink(missing_ok=True)
        raise PdfError(
            "the print page asked another host for: "
            + ", ".join(sorted(set(elsewhere)))
        )
    return out


def _print(chromium, base: str, out: Path, timeout_ms: int) -> list[str]:
    """Print base/print/ to `out`; returns the URLs of other hosts the page asked for
    (refused)."""
    elsewhere: list[str] = []

    def only_this_site(route):
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    context = chromium.new_context(color_scheme="light")
    try:
        context.route("**/*", only_this_site)
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        # a megabyte of HTML: parsed, scripts run
        page.goto(base + PRINT_PAGE, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print", color_scheme="light")
        page.evaluate(
            "document.querySelectorAll('details').forEach(d => { d.open = true; })"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        # Paper size, margins and page numbers come from print.css (@page), as when a
        # reader prints the page from a browser.
        page.pdf(
            path=str(out),
            prefer_css_page_size=True,
            print_background=True,
            outline=True,
            tagged=True,
        )
    finally:
        context.close()
    return elsewhere


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    out = Path(argv[1]) if len(argv) > 1 else site / NAME
    try:
        make_pdf(site, out)
    except PdfError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{out} ({out.stat().st_size / 1e6:.1f} MB)")
    from scripts.tools import pdf_check

    report = pdf_check.read(out)
    problems = [str(o) for o in report.overlaps] + report.cut + report.controls
    print(
        f"read back: {report.pages} pages, {len(report.overlaps)} overlapping glyph "
        f"pairs, {len(report.cut)} glyphs cut at the side edges, "
        f"{len(report.controls)} lines of control text"
    )
    for problem in problems[:10]:
        print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
