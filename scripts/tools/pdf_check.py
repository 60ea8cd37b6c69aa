"""Read a printed PDF back the way a reader's eye would: text drawn over text, and
on-screen controls that made it onto paper.

    python -m scripts.tools.pdf_check [PDF]     (default: site/pytorch-basics.pdf)

Prints every pair of overlapping glyphs, every glyph cut at the page's side edges and
every piece of control text, one a line, then a count; exits 1 when there is any.
tests/test_pdf.py runs the same checks on the PDF that `make pdf` makes.

PDFium (pypdfium2) gives each character its tight glyph box and its origin on the
baseline. Two glyphs of one page overlap when their boxes share more than `tolerance`
of the smaller box's area. Glyphs on one baseline (one line of text) touch by design
where a font kerns ("Te") or a letter leans over its neighbour (italic "f"): there they
count only when their origins are closer than half the narrower glyph, i.e. when one
string was drawn on top of another, not beside it.

A glyph whose box reaches past the side margins of docs/assets/print.css's @page is cut
at the paper's printable area (a list number hanging left of the text, a line too long).
Chromium leaves out glyphs that lie wholly outside that area, so only the ones that
straddle its edge are seen: a string pushed entirely off the paper is not.

What this does not see: text over a figure, a line or a box (only glyphs are compared);
text cut by a clipping box inside the page (PDFium still reads the cut glyphs whole; the
browser test in tests/test_pdf.py looks for boxes whose content overflows instead);
controls drawn as shapes rather than text (a checkbox is a path: the same browser test
finds visible form controls under print media); and any wording about controls in the
prose itself ("Step with the Next and Back buttons").
"""

from __future__ import annotations

import ctypes
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

from scripts.paths import ROOT

TOLERANCE = 0.2
PRINT_CSS = ROOT / "docs" / "assets" / "print.css"
MM = 72 / 25.4  # points

# Text that only a screen can act on. Whole lines are button faces; the rest may sit
# inside a longer line. The disclosure triangles are <summary> markers; the boxes are
# checkbox glyphs.
CONTROL_LINES = re.compile(
    r"(?:Check|Show|Show the output|Copied!|◀ Back|Next ▶|Back|Next)"
    r"(?:\s+(?:Check|Show|Show the output|◀ Back|Next ▶))*"
)
CONTROL_TEXT = re.compile(
    r"\(remembered\)|Show shapes on every block|Show the output|[☐☑☒▸▾](?=\s*$)"
    r"|^\s*[☐☑☒▸▾]"
)


@dataclass(frozen=True)
class Glyph:
    char: str
    box: tuple[float, float, float, float]  # left, bottom, right, top (points)
    origin: tuple[float, float]
    size: float

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def area(self) -> float:
        return self.width * (self.box[3] - self.box[1])


@dataclass(frozen=True)
class Overlap:
    page: int  # 1-based
    a: Glyph
    b: Glyph
    context: str  # the text around the pair, as PDFium reads it

    def __str__(self) -> str:
        x, y = self.a.box[0], self.a.box[1]
        return (
            f"page {self.page}: {self.a.char!r} over {self.b.char!r} at "
            f"({x:.0f}, {y:.0f}) pt: {self.context!r}"
        )


def _glyphs(textpage) -> list[Glyph]:
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for i in range(textpage.count_chars()):
        if pdfium.FPDFText_IsGenerated(textpage.raw, i) == 1:
            continue
        char = textpage.get_text_range(i, 1)
        if not char.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        if right - left <= 0 or top - bottom <= 0:
            continue
        pdfium.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
        size = pdfium.FPDFText_GetFontSize(textpage.raw, i)
        found.append(Glyph(char, (left, bottom, right, top), (x.value, y.value), size))
    return found


def _overlap(a: Glyph, b: Glyph, tolerance: float) -> bool:
    w = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
    h = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    if w <= 0 or h <= 0 or w * h <= tolerance * min(a.area, b.area):
        return False
    apart = abs(a.origin[0] - b.origin[0])
    if abs(a.origin[1] - b.origin[1]) < 0.15 * max(a.size, b.size, 1.0):
        # one baseline: kerning and overhangs touch; a string over a string does more
        return apart < 0.5 * min(a.width, b.width)
    return True


def overlaps_on_page(
    textpage, page: int, tolerance: float = TOLERANCE
) -> list[Overlap]:
    glyphs = sorted(_glyphs(textpage), key=lambda g: g.box[0])
    found = []
    for k, a in enumerate(glyphs):
        for b in glyphs[k + 1 :]:
            if b.box[0] >= a.box[2]:
                break
            if _overlap(a, b, tolerance):
                left = min(a.box[0], b.box[0])
                context = textpage.get_text_bounded(
                    left - 60, a.box[1] - 1, left + 120, a.box[3] + 1
                )
                found.append(Overlap(page, a, b, " ".join(context.split())[:80]))
    return found


def control_text_on_page(text: str, page: int) -> list[str]:
    found = []
    for line in text.splitlines():
        line = line.strip()
        if CONTROL_LINES.fullmatch(line) or CONTROL_TEXT.search(line):
            found.append(f"page {page}: {line!r}")
    return found


def side_margins(css: Path = PRINT_CSS) -> tuple[float, float]:
    """The @page rule's left and right margins, in points (CSS shorthand, mm)."""
    rule = re.search(r"@page\s*\{[^}]*?margin:\s*([^;]+);", css.read_text("utf-8"))
    if rule is None:
        raise ValueError(f"no @page margin in {css}")
    sides = [float(v.removesuffix("mm")) * MM for v in rule.group(1).split()]
    # CSS shorthand: 1 value all sides; 2 top/bottom, sides; 3 top, sides, bottom; 4
    # top, right, bottom, left
    right = sides[1] if len(sides) > 1 else sides[0]
    left = sides[3] if len(sides) == 4 else right
    return left, right


def cut_at_edges(textpage, page: int, width: float, margins, slack: float = 1.0):
    """Glyphs reaching past the side margins: cut off at the printable area's edge."""
    left, right = margins
    found = []
    for g in _glyphs(textpage):
        if g.box[0] < left - slack or g.box[2] > width - right + slack:
            found.append(
                f"page {page}: {g.char!r} at x {g.box[0]:.0f}-{g.box[2]:.0f} pt, "
                f"outside {left:.0f}-{width - right:.0f} pt"
            )
    return found


@dataclass
class Report:
    pages: int
    text: list[str]  # each page's text
    overlaps: list[Overlap]
    controls: list[str]
    cut: list[str]


def read(pdf: Path, tolerance: float = TOLERANCE) -> Report:
    """Every page's text, its overlapping glyph pairs and its control text."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts, overlaps, controls, cut = [], [], [], []
        margins = side_margins()
        for number, page in enumerate(document, 1):
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            texts.append(text)
            overlaps += overlaps_on_page(textpage, number, tolerance)
            controls += control_text_on_page(text, number)
            cut += cut_at_edges(textpage, number, page.get_width(), margins)
        return Report(len(document), texts, overlaps, controls, cut)
    finally:
        document.close()


def main(argv: list[str]) -> int:
    pdf = Path(argv[0]) if argv else ROOT / "site" / "pytorch-basics.pdf"
    report = read(pdf)
    for overlap in report.overlaps:
        print(overlap)
    for control in report.controls:
        print(f"control text on {control}")
    for glyph in report.cut:
        print(f"cut at the edge: {glyph}")
    pages = sorted({o.page for o in report.overlaps})
    print(
        f"{pdf}: {report.pages} pages; {len(report.overlaps)} overlapping glyph pairs "
        f"on {len(pages)} pages; {len(report.controls)} lines of control text; "
        f"{len(report.cut)} glyphs cut at the side edges"
    )
    return 1 if report.overlaps or report.controls or report.cut else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
