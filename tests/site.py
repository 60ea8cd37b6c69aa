"""Reading the built site: the reader blocks of each page, their source and output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup


@dataclass
class ShownBlock:
    page: str  # the built page, relative to the site folder
    snippet: str  # relative to snippets/
    section: str
    origin: str  # docs/page.md:line
    source: str  # the code as the page shows it (and the copy button copies)
    stdout: str  # the output box, "" when the program printed nothing
    error: str | None  # the error box ("Type: message"), when the block raises
    raises: str | None


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# every chapter again, on one page (tests/test_pdf.py checks it)
PRINT_EDITION = "print/index.html"


def shown_blocks(site: Path) -> list[ShownBlock]:
    """Every reader block of the chapter pages (not their copies in the print
    edition)."""
    blocks = []
    for page in html_pages(site):
        if page.relative_to(site).as_posix() == PRINT_EDITION:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for div in soup.select("div.lesson-run"):
            code = div.select_one("div.highlight pre code")
            out = div.select_one('.lesson-output[data-kind="stdout"] pre code')
            err = div.select_one('.lesson-output[data-kind="error"] pre code')
            blocks.append(
                ShownBlock(
                    page=page.relative_to(site).as_posix(),
                    snippet=div["data-snippet"],
                    section=div["data-section"],
                    origin=div["data-origin"],
                    source=code.get_text() if code else "",
                    stdout=out.get_text() if out else "",
                    error=err.get_text() if err else None,
                    raises=div.get("data-raises"),
                )
            )
    return blocks
