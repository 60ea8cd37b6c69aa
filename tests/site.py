"""Reading the built site: the reader blocks of each page, their source and output."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from scripts.paths import ROOT


@dataclass(frozen=True)
class ShownBlock:
    page: str  # the built page, relative to the site folder
    snippet: str  # relative to snippets/
    section: str
    origin: str  # docs/page.md:line
    source: str  # the code as the page shows it (and the copy button copies)
    stdout: str  # the output box, "" when the program printed nothing
    error: str | None  # the error box ("Type: message"), when the block raises
    raises: str | None
    has_notes: bool  # it carries "Shapes, line by line" (details.shape-notes)


@functools.cache
def page_soup(page: Path) -> BeautifulSoup:
    """A built page, parsed (html.parser takes a second for a long page): once per
    process, as a page does not change during a test run. Tests only read it."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# every chapter again, on one page (tests/test_pdf.py checks it)
PRINT_EDITION = "print/index.html"


def nav_pages(root: Path = ROOT) -> list[str]:
    """The sources of the pages the nav lists, in its order ("index.md", "ledger.md",
    "exercise-notebook.ipynb"), read from mkdocs.yml before any build: a test
    parametrized by them covers a new chapter with no edit, and `--chapter NAME` finds
    it by its parameter (tests/conftest.py: chapter_of)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") : text.index("\ntheme:")]
    return re.findall(r":\s*(\S+\.(?:md|ipynb))\s*$", nav, re.M)


def built_page(source: str) -> str:
    """Where a page's source is built, relative to the site: "ledger.md" gives
    "ledger/index.html", "index.md" gives "index.html"."""
    stem = source.rsplit(".", 1)[0]
    return "index.html" if stem == "index" else f"{stem}/index.html"


def shown_blocks(site: Path) -> tuple[ShownBlock, ...]:
    """Every reader block of the chapter pages (not their copies in the print
    edition)."""
    return _shown_blocks(site.resolve())


# The site does not change during a test run, and parsing its pages with html.parser
# takes seconds: many tests ask, so each process parses them once.
@functools.cache
def _shown_blocks(site: Path) -> tuple[ShownBlock, ...]:
    blocks = []
    for page in html_pages(site):
        if page.relative_to(site).as_posix() == PRINT_EDITION:
            continue
        for div in page_soup(page).select("div.lesson-run"):
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
                    has_notes=div.select_one("details.shape-notes") is not None,
                )
            )
    return tuple(blocks)
