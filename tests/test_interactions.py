"""Issue 27: interactions that teach, checked in a real browser on every page that has
them.

- A predict-first question is asked before anything on the page answers it: with the
  site-wide "show shapes" switch on, the block's shape notes and output stay hidden
  until the reader answers or gives up, and no comment in its code states the answer.
  Giving up marks the right choice and says why; the notes then follow the switch.
- The shape practice rejects an answer that is not a shape ("scalar" is not `()`).
- No output box is cut off on a 1280 px desktop (its text fits its box and stays clear
  of the copy button), and no error box is cut off on a 390 px phone.
- Predict and practice buttons stay readable when focused, in both palettes.
"""

from __future__ import annotations

import re

import pytest

from tests.site import html_pages, page_soup

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SHAPES_ALL = "lesson-shapes-all"  # docs/assets/annotations.js's remembered switch


def chapter_pages(site, selector: str) -> list[str]:
    """The chapter pages (not the print edition) whose HTML has `selector`, as paths
    under the site's root."""
    found = []
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("print/") or not rel.endswith("index.html"):
            continue
        if page_soup(page).select_one(selector):
            found.append(rel.removesuffix("index.html"))
    return found


def _switch_on(context) -> None:
    context.add_init_script(
        f"try {{ localStorage.setItem('{SHAPES_ALL}', '1'); }} catch (e) {{}}"
    )


# ---- predict first ------------------------------------------------------------------


def _answer_forms(answer: str) -> list[str]:
    """How a comment could state an answer: (3, 3) as "3 x 3", "3x3", "3 × 3",
    "(3, 3)"; a grad_fn by its name."""
    numbers = re.findall(r"\d+", answer)
    if answer.startswith("("):
        joined = [sep.join(numbers) for sep in (" x ", "x", " × ", "×", ", ")]
        return [*joined, answer] if numbers else [answer]
    if answer.startswith("It "):
        return []  # "runs"/"raises": a comment explaining a fix is not the verdict
    return [answer]


def test_no_comment_states_a_predict_answer(site):
    found = []
    for rel in chapter_pages(site, ".predict"):
        for box in page_soup(site / rel / "index.html").select(".predict"):
            run = box.find_parent(class_="lesson-run")
            labels = [
                label.get_text(strip=True)
                for label in box.select(".predict__form label")
            ]
            right = labels[int(box["data-right"])]
            code = run.select_one(".highlight pre code").get_text()
            for line in code.splitlines():
                comment = line.partition("#")[2]
                for form in _answer_forms(right):
                    if form and form in comment:
                        found.append(f"{rel} {run['data-snippet']}: {line.strip()}")
    assert not found, "a comment above the question states its answer:\n" + "\n".join(
        found
    )


def test_nothing_answers_a_prediction_before_it_is_made(browser, served_site, site):
    base, _ = served_site
    context = browser.new_context(viewport=DESKTOP)
    _switch_on(context)
    page = context.new_page()
    problems = []
    try:
        for rel in chapter_pages(site, ".predict"):
            page.goto(base + rel, wait_until="load")
            page.wait_for_function("document.querySelector('.predict[data-ready]')")
            # the switch is on: every other block's notes are open
            assert page.evaluate(
                "[...document.querySelectorAll('details.shape-notes')]"
                ".some(d => d.open && d.offsetParent)"
            ), f"{rel}: the switch opened no notes (the test's setup failed)"
            for k in range(page.locator(".predict").count()):
                box = page.locator(".predict").nth(k)
                run = box.locator("xpath=ancestor::div[contains(@class,'lesson-run')]")
                notes = run.locator("details.shape-notes")
                where = f"{rel} predict box {k + 1}"
                if notes.count() and notes.first.is_visible():
                    problems.append(f"{where}: its shape notes show before an answer")
                if box.locator(".predict__output").is_visible():
                    problems.append(f"{where}: its output shows before an answer")
                # giving up: the right choice is marked and explained, then the
                # notes follow the switch and the output shows
                right = int(box.get_attribute("data-right"))
                box.locator(".predict__show").click()
                label = box.locator(".predict__form label").nth(right)
                if "predict__right" not in (label.get_attribute("class") or ""):
                    problems.append(f"{where}: giving up does not mark the answer")
                why = box.locator(f'.predict__why li[data-choice="{right}"]')
                reason = why.text_content().removeprefix("Right: ")
                if reason not in box.locator(".predict__feedback").text_content():
                    problems.append(f"{where}: giving up does not say why")
                if not box.locator(".predict__output").is_visible():
                    problems.append(f"{where}: no output after giving up")
                if notes.count() and not notes.first.evaluate("d => d.open"):
                    problems.append(f"{where}: notes closed after, the switch is on")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_practice_rejects_what_is_not_a_shape(browser_page, served_site):
    base, _ = served_site
    page = browser_page
    page.goto(base + "shapes/", wait_until="load")
    item = page.locator(".practice__item").filter(has_text="total = a.sum()").first
    assert item.get_attribute("data-answer") == ""  # torch's answer is ()
    field = item.locator("input[type=text]")
    field.fill("scalar")
    item.locator(".practice__check").click()
    feedback = item.locator(".practice__feedback").text_content()
    assert "is not a shape" in feedback and not feedback.startswith("Right")
    assert item.locator(".practice__answer").is_hidden()
    field.fill("()")
    item.locator(".practice__check").click()
    assert item.locator(".practice__feedback").text_content().startswith("Right")


# Everything of the practice's own program that states a shape (its code blocks with
# their shape notes and outputs, and the grids drawn from its run) that a reader meets
# before the practice list, visible or one tab click away; and whether torch's answers
# are shown before any is asked for.
ANSWERS_BEFORE_PRACTICE = r"""(rel) => {
  const practice = document.querySelector('.practice');
  const found = [];
  const blocks = [...document.querySelectorAll(
    `.lesson-run[data-snippet="${rel}"], .tg`)];
  for (const el of blocks) {
    if (el.closest('.practice')) continue;
    if (practice.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) {
      found.push(`before the practice: ${el.textContent.trim().slice(0, 60)}`);
    }
  }
  practice.querySelectorAll('.practice__answer').forEach((d, k) => {
    if (d.open) found.push(`torch's answer ${k + 1} is open`);
  });
  return [blocks.length, found];
}"""


def test_practice_comes_before_what_answers_it(browser_page, served_site):
    """Issue 27: the shape practice asks before anything of its program is shown: the
    explorer's code, outputs, shape notes and grids (which print every answer) all
    follow it, and torch's answer to each question stays closed until asked for."""
    base, _ = served_site
    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(base + "shapes/", wait_until="load")
    rel = (
        page.locator(".practice > p code")
        .first.text_content()
        .removeprefix("snippets/")
    )
    count, found = page.evaluate(ANSWERS_BEFORE_PRACTICE, rel)
    assert count >= 16, f"found only {count} blocks of {rel} (the test's setup failed)"
    assert not found, "\n".join(found)
    items = page.locator(".practice__item")
    assert items.count() >= 8
    for k in range(items.count()):
        assert items.nth(k).locator(".practice__answer").is_hidden(), k + 1
    # what the reader sees: the whole practice list lies above the explorer's first tab
    practice_bottom = page.locator(".practice").bounding_box()
    first_tab = page.locator(f'.lesson-run[data-snippet="{rel}"]').first
    assert first_tab.bounding_box()["y"] >= (
        practice_bottom["y"] + practice_bottom["height"]
    )


# ---- one tab click, one tab set ------------------------------------------------------

# Each tab set's checked tab, by its labels' text: [[label, ...], checked index].
TAB_SETS = """() => [...document.querySelectorAll('.tabbed-set')].map((set) => {
  const inputs = [...set.querySelectorAll(':scope > input')];
  const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
  return [labels.map((l) => l.textContent.trim()),
          inputs.findIndex((i) => i.checked)];
})"""


def test_a_tab_click_switches_one_tab_set(browser, served_site, site):
    """Issue 27: a click on a tab switches that tab set only: not the sets with the
    same labels elsewhere on the page, nor on the pages read next (where a predict
    box's output would open on the GPU's run, not on the run it asked about)."""
    base, _ = served_site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        shared = None  # a page with two tab sets that have the same labels
        for rel in chapter_pages(site, ".tabbed-set"):
            page.goto(base + rel, wait_until="load")
            sets = page.evaluate(TAB_SETS)
            labels = [tuple(names) for names, _ in sets]
            twice = [k for k, names in enumerate(labels) if labels.count(names) > 1]
            if twice:
                shared = rel, twice
                break
        assert shared, "no page has two tab sets with the same labels (test setup)"
        rel, twice = shared
        first = page.locator(".tabbed-set").nth(twice[0])
        first.locator(":scope > .tabbed-labels > label").nth(1).click()
        after = page.evaluate(TAB_SETS)
        assert after[twice[0]][1] == 1, f"{rel}: the click did not switch its own set"
        moved = [k for k in twice[1:] if after[k][1] != 0]
        assert not moved, f"{rel}: one click also switched tab sets {moved}"
        # the pages read next open every tab set on its first tab, and a predict
        # box's output, once revealed, on the build's run
        for other in chapter_pages(site, ".predict .tabbed-set"):
            page.goto(base + other, wait_until="load")
            page.wait_for_function("document.querySelector('.predict[data-ready]')")
            switched = [
                k
                for k, (_, checked) in enumerate(page.evaluate(TAB_SETS))
                if checked != 0
            ]
            assert not switched, f"{other}: tab sets {switched} open on another tab"
            box = page.locator(".predict:has(.tabbed-set)").first
            box.locator(".predict__show").click()
            tab = box.locator(".tabbed-block").first
            assert tab.is_visible(), f"{other}: the revealed output is not the build's"
    finally:
        context.close()


# ---- outputs that are not cut off ----------------------------------------------------

# For each visible output box: does its text overflow the box, or run under the copy
# button? One line per problem, with the start of the line that is hidden.
CLIPPED = r"""(errorsOnly) => {
  const found = [];
  const boxes = document.querySelectorAll(
    errorsOnly ? '.lesson-output[data-kind="error"] pre > code'
               : '.lesson-output pre > code');
  boxes.forEach((code) => {
    if (!code.offsetParent) return;  // in a closed tab or an unanswered question
    const start = code.textContent.trim().slice(0, 50).replace(/\s+/g, ' ');
    if (code.scrollWidth > code.clientWidth + 1) {
      found.push(`${code.scrollWidth - code.clientWidth}px too wide: ${start}`);
    }
    const button = code.parentElement.querySelector('.md-code__button, .md-clipboard');
    if (!button || !button.offsetParent) return;
    const b = button.getBoundingClientRect();
    // each run of visible characters (spaces hanging past a wrapped line show nothing)
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let under = false;
    for (let node = walker.nextNode(); node && !under; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\S+/g)) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        for (const r of range.getClientRects()) {
          if (r.width && r.right > b.left && r.left < b.right &&
              r.bottom > b.top && r.top < b.bottom) { under = true; break; }
        }
        if (under) break;
      }
    }
    if (under) found.push(`text under the copy button: ${start}`);
  });
  return found;
}"""


@pytest.mark.long
@pytest.mark.parametrize(
    "viewport,errors_only", [(DESKTOP, False), (PHONE, True)], ids=["desktop", "phone"]
)
def test_no_output_is_cut_off(browser, served_site, site, viewport, errors_only):
    base, _ = served_site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = []
    try:
        selector = ".lesson-output" + ('[data-kind="error"]' if errors_only else "")
        for rel in chapter_pages(site, selector):
            page.goto(base + rel, wait_until="load")
            for line in page.evaluate(CLIPPED, errors_only):
                problems.append(f"{rel} ({viewport['width']}px): {line}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ---- steppers that fit a laptop screen -----------------------------------------------

LAPTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_stepper_fits_the_screen_and_its_buttons_stay(
    browser, served_site, site, viewport
):
    """Issue 27: each autograd graph stepper, scrolled to its top, fits below the
    header of a 1280x800 laptop (and of a phone), so that the whole graph and its
    Back/Next stay in view while the reader steps; and in every stepper Next stays where
    it is from the first step to the last, whatever the length of the caption."""
    base, _ = served_site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = []
    try:
        for rel in chapter_pages(site, "figure.graph-stepper"):
            page.goto(base + rel, wait_until="load")
            page.wait_for_function(
                "document.querySelector('.graph-stepper.is-stepping')"
            )
            header = page.locator(".md-header").bounding_box()["height"]
            room = viewport["height"] - header
            figures = page.locator("figure.graph-stepper")
            for k in range(figures.count()):
                figure = figures.nth(k)
                where = f"{rel} stepper {k + 1} ({viewport['width']}px)"
                figure.evaluate(f"f => window.scrollTo(0, f.offsetTop - {header})")
                next_button = figure.locator(".graph-stepper__next")
                place = set()
                steps = int(figure.get_attribute("data-steps"))
                tallest = 0.0
                for step in range(steps + 1):
                    box, top = next_button.bounding_box(), figure.bounding_box()
                    place.add((round(box["x"]), round(box["y"] - top["y"])))
                    tallest = max(tallest, top["height"])
                    if step < steps:
                        next_button.click()
                # a graph shrinks to fit; the loop walkthrough's frames do not
                drawn = figure.locator("svg.graph-svg").count()
                if drawn and tallest > room:
                    problems.append(
                        f"{where}: {tallest:.0f}px tall, {room:.0f}px below the header"
                    )
                if len(place) > 1:
                    problems.append(f"{where}: Next moves while stepping: {place}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ---- the palette toggle --------------------------------------------------------------

PALETTE_SHOWN = """() => [document.body.getAttribute('data-md-color-scheme'),
  getComputedStyle(document.body).backgroundColor]"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_click_on_the_palette_toggle_changes_the_page(
    browser, served_site, scheme
):
    """Issue 27: the first visit follows the system's setting, and every click on the
    palette toggle changes what the reader sees (from "system", a first click to the
    palette the system already gives changed nothing); the choice outlives the page."""
    base, _ = served_site
    context = browser.new_context(color_scheme=scheme, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(base + "tensors/", wait_until="load")
        page.add_style_tag(content="* { transition: none !important; }")
        seen = [page.evaluate(PALETTE_SHOWN)]
        assert seen[0][0] == {"light": "default", "dark": "slate"}[scheme], seen
        toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
        for _ in range(4):
            toggle.click()
            page.wait_for_timeout(300)
            seen.append(page.evaluate(PALETTE_SHOWN))
            assert seen[-1][1] != seen[-2][1], f"a click changed nothing: {seen}"
        toggle.click()
        page.wait_for_timeout(300)
        chosen = page.evaluate(PALETTE_SHOWN)
        page.goto(base + "shapes/", wait_until="load")
        assert page.evaluate(PALETTE_SHOWN)[0] == chosen[0]
    finally:
        context.close()


# ---- tables -------------------------------------------------------------------------

# Per table of the article: code in a cell that runs over two lines (a name broken in
# two), a table wider than the screen with no scrolling box around it, and a scrolling
# box that the keyboard cannot reach.
TABLE_PROBLEMS = r"""() => {
  const found = [];
  document.querySelectorAll('article table').forEach((table, k) => {
    if (!table.offsetParent) return;
    const head = table.textContent.trim().replace(/\s+/g, ' ').slice(0, 30);
    const where = `table ${k + 1} (${head})`;
    table.querySelectorAll('td code, th code').forEach((code) => {
      const lines = new Set([...code.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) found.push(`${where}: \`${code.textContent}\` breaks`);
    });
    let box = table.parentElement;
    while (box && box !== document.body &&
           !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    const scrolls = box && box !== document.body;
    if (!scrolls && table.getBoundingClientRect().right > innerWidth + 1) {
      found.push(`${where}: wider than the screen, and nothing scrolls`);
    }
    if (scrolls && box.scrollWidth > box.clientWidth + 1 && box.tabIndex < 0) {
      found.push(`${where}: scrolls sideways, but the keyboard cannot reach it`);
    }
  });
  return found;
}"""


# Resolves once the box has scrolled to its right end (within 3 s), else rejects.
REACHES_THE_END = """(w) => new Promise((resolve, reject) => {
  const start = Date.now();
  (function look() {
    if (w.scrollLeft >= w.scrollWidth - w.clientWidth - 1) return resolve(true);
    if (Date.now() - start > 3000) return reject(new Error('not reached'));
    setTimeout(look, 50);
  })();
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_tables_keep_code_whole_and_scroll(browser, served_site, site, viewport):
    """Issue 27: a code name in a table cell stays on one line (not `torch.Tenso|r`);
    a table wider than a phone scrolls sideways in a box that takes keyboard focus,
    and the arrow keys reach its last column."""
    base, _ = served_site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems, scrolled = [], 0
    try:
        for rel in [*chapter_pages(site, "article table"), ""]:
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(100)  # a11y.js looks once the tables are wrapped
            where = f"{rel or 'home'} ({viewport['width']}px)"
            problems += [f"{where} {p}" for p in page.evaluate(TABLE_PROBLEMS)]
            wraps = page.locator(".md-typeset__scrollwrap[tabindex='0']")
            for k in range(wraps.count()):
                wrap = wraps.nth(k)
                wrap.focus()
                for _ in range(25):
                    page.keyboard.press("ArrowRight")
                try:  # the browser scrolls smoothly: wait for it to arrive
                    wrap.evaluate(REACHES_THE_END)
                except Exception:  # noqa: BLE001 - any failure: not reached
                    left = wrap.evaluate("w => w.scrollLeft")
                    problems.append(f"{where} scroll box {k + 1}: keys reach {left}")
                scrolled += 1
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    if viewport is PHONE:
        assert scrolled, "no table scrolls on a phone (the test's setup failed)"


# ---- focus in both palettes ---------------------------------------------------------

# The focused element's text colour and the colour behind it (the first ancestor with an
# opaque background), as [r, g, b] each.
FOCUSED_COLOURS = """(el) => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const text = rgb(getComputedStyle(el).color);
  let node = el, back = null;
  while (node && node.nodeType === 1) {
    const c = getComputedStyle(node).backgroundColor;
    const v = rgb(c);
    if (v.length < 4 || v[3] > 0.5) { back = v.slice(0, 3); break; }
    node = node.parentElement;
  }
  return [text.slice(0, 3), back || [255, 255, 255]];
}"""


def contrast(a: list[float], b: list[float]) -> float:
    def luminance(rgb):
        channels = []
        for value in rgb:
            c = value / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focused_buttons_are_readable(browser, served_site, site, scheme):
    base, _ = served_site
    context = browser.new_context(color_scheme=scheme, viewport=DESKTOP)
    page = context.new_page()
    problems = []
    try:
        for rel in chapter_pages(site, ".predict, .practice"):
            page.goto(base + rel, wait_until="load")
            # the colours once they have changed, not halfway through Material's fade
            page.add_style_tag(content="* { transition: none !important; }")
            for selector in (
                ".predict__check",
                ".predict__show",
                ".practice__check",
                ".practice__show",
            ):
                button = page.locator(selector).first
                if not button.count():
                    continue
                button.focus()
                text, back = button.evaluate(FOCUSED_COLOURS)
                ratio = contrast(text, back)
                if ratio < 4.5:
                    problems.append(
                        f"{rel} [{scheme}] {selector} focused: text {text} on {back}, "
                        f"contrast {ratio:.2f} < 4.5"
                    )
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ---- the exercise notebook page ------------------------------------------------------


def test_the_notebook_page_keeps_the_solution_collapsed(browser_page, served_site):
    """Page 13b says the solution is collapsed: it is, until the reader opens it."""
    base, _ = served_site
    page = browser_page
    page.goto(base + "exercise-notebook/", wait_until="load")
    solution = page.locator(".jp-Cell.celltag_solution").first
    assert solution.count() and solution.is_hidden()
    page.locator("details.lesson-solution > summary").first.click()
    assert solution.is_visible()
