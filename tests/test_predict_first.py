"""Promise 2: predict first, chosen blocks hide their output until the reader commits to
an answer.

- Each of the chapters shapes, tensors, ledger, gotchas and optimizer has a
  predict-first block (where prediction teaches most). Every predict-first block on
  any page, these or a chapter added later, has as its right answer what this test
  gets by running the snippet itself, and works from the keyboard in a browser.
- The page arrives waiting: before any script runs, nothing shows the answer (the output
  and the block's shape notes are hidden in the HTML itself). Without JavaScript a
  stylesheet loaded from a <noscript> shows the output under "Predict first" and the
  block's shape notes after its code, and hides the form.
- In a browser, from the keyboard: a wrong answer is explained and the output stays
  hidden; the right one is confirmed and the output appears.
- The shape explorer's practice mode: each answer is the shape torch gives here, and in
  a browser a wrong shape is explained, the right one confirmed, torch's answer then
  shown.
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest
import torch

from scripts.paths import SNIPPETS
from scripts.run.programs import Program
from tests.site import page_soup

REQUIRED = ["shapes", "tensors", "ledger", "gotchas", "optimizer", "classification"]
FENCE = re.compile(
    r'```python exec="on"[^\n]*predict="([^"]+)"[^\n]*\n--8<-- "([^"]+)"'
)


def marked(chapter: str) -> list[tuple[str, str, str]]:
    """(option, snippet, section) of every predict-first block the chapter's Markdown
    marks."""
    text = (SNIPPETS.parent / "docs" / f"{chapter}.md").read_text(encoding="utf-8")
    return [
        (option, *(target.partition(":")[::2]))
        for option, target in FENCE.findall(text)
    ]


def run_here(rel: str, section: str) -> tuple[dict, BaseException | None]:
    """The program up to the end of `section`, run in this process; (its variables, its
    error)."""
    program = Program(SNIPPETS / rel)
    names = [s.name for s in program.sections()]
    namespace = {"__name__": "__main__", "__file__": program.display}
    with contextlib.redirect_stdout(io.StringIO()):
        for part in program.sections()[: names.index(section) + 1]:
            code = "\n" * (part.first_line - 1) + part.code + "\n"
            try:
                exec(compile(code, program.display, "exec"), namespace)  # noqa: S102
            # The answer to a "raises" question.
            except Exception as error:  # noqa: BLE001
                return namespace, error
    return namespace, None


def truth(option: str, rel: str, section: str) -> str:
    namespace, error = run_here(rel, section)
    kind, _, name = option.partition(" ")
    if kind == "shape":
        return str(tuple(namespace[name].shape))
    if kind == "grad_fn":
        node = namespace[name].grad_fn
        return type(node).__name__ if node is not None else "None"
    return f"It raises {type(error).__name__}" if error else "It runs to the end"


def predict_box(site, rel: str, section: str):
    for page in sorted(site.glob("*/index.html")):
        if page.parent.name == "print":
            continue  # the print edition repeats every chapter
        soup = page_soup(page)
        for run in soup.select("div.lesson-run"):
            if (
                run["data-snippet"] == rel
                and run["data-section"] == section
                and run.select_one(".predict")
            ):
                return page, run.select_one(".predict")
    raise AssertionError(f"no predict-first block shows {rel}:{section}")


@pytest.mark.parametrize("chapter", REQUIRED)
def test_each_chapter_has_a_predict_first_block(chapter):
    assert marked(chapter), f'docs/{chapter}.md marks no block with predict="..."'


# Every page's predict-first blocks, found in the Markdown: a new chapter's are tested
# without editing this file.
WITH_BLOCKS = sorted(
    page.stem for page in (SNIPPETS.parent / "docs").glob("*.md") if marked(page.stem)
)
ALL = [(c, *m) for c in WITH_BLOCKS for m in marked(c)]


@pytest.mark.parametrize(
    "chapter,option,rel,section", ALL, ids=[f"{a[0]}:{a[1]}" for a in ALL]
)
def test_the_right_answer_is_what_the_program_gives(
    site, chapter, option, rel, section
):
    page, box = predict_box(site, rel, section)
    assert page.parent.name == chapter
    choices = [
        label.get_text(strip=True) for label in box.select(".predict__form label")
    ]
    right = choices[int(box["data-right"])]
    assert right == truth(option, rel, section)
    assert len(choices) >= 2 and len(set(choices)) == len(choices)
    whys = [li.get_text() for li in box.select(".predict__why li")]
    assert len(whys) == len(choices) and whys[int(box["data-right"])].startswith(
        "Right:"
    )
    # The page arrives waiting for the reader, before any script runs: the question and
    # its form shown, the output and the block's shape notes hidden (without
    # JavaScript, docs/assets/noscript.css shows them: test_without_javascript_...).
    assert box.select_one(".predict__title").get_text().startswith("Predict first.")
    assert not box.select_one(".predict__form").has_attr("hidden")
    output = box.select_one(".predict__output .lesson-output")
    assert output is not None and box.select_one(".predict__output").has_attr("hidden")
    run = box.find_parent(class_="lesson-run")
    notes = run.select("details.shape-notes") if run else []
    assert all(n.has_attr("hidden") for n in notes), "a shape note answers it"


@pytest.mark.browser
@pytest.mark.parametrize("chapter", WITH_BLOCKS)
def test_wrong_then_right_in_a_browser(browser_page, served_site, chapter):
    base, _ = served_site
    page = browser_page
    page.goto(base + f"{chapter}/", wait_until="networkidle")
    box = page.locator(".predict").first
    output = box.locator(".predict__output")
    assert output.is_hidden(), "with JavaScript the output waits for a prediction"
    right = int(box.get_attribute("data-right"))
    radios = box.locator("input[type=radio]")
    wrong = 0 if right != 0 else 1
    why_wrong = box.locator(f'.predict__why li[data-choice="{wrong}"]').text_content()

    radios.nth(wrong).focus()
    page.keyboard.press("Space")  # a radio is chosen from the keyboard
    box.locator(".predict__check").focus()
    page.keyboard.press("Enter")
    feedback = box.locator(".predict__feedback")
    assert feedback.get_attribute("role") == "status"  # read out by a screen reader
    assert (
        feedback.text_content().startswith("Not this one.")
        and why_wrong in feedback.text_content()
    )
    assert output.is_hidden()

    radios.nth(right).check()
    box.locator(".predict__check").click()
    assert feedback.text_content().startswith("Right:")
    assert output.is_visible() and output.locator(".lesson-output").first.is_visible()


@pytest.mark.browser
def test_without_javascript_the_output_is_shown(browser, served_site):
    base, _ = served_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "shapes/", wait_until="load")
        box = page.locator(".predict").first
        assert box.locator(".predict__title").is_visible()
        assert box.locator(".predict__output .lesson-output").first.is_visible()
        assert box.locator(".predict__form").is_hidden()
        # a closed list to open, the predict-first block's own notes among them
        assert page.locator("details.shape-notes").first.is_visible()
        waiting = page.locator(".lesson-run:has(.predict) details.shape-notes")
        assert waiting.count() > 0 and all(
            waiting.nth(i).is_visible() for i in range(waiting.count())
        )
    finally:
        context.close()


# ---- the shape explorer's practice mode ----------------------------------------------


def test_practice_answers_are_torchs(site):
    soup = page_soup(site / "shapes" / "index.html")
    items = soup.select(".practice .practice__item")
    assert len(items) >= 8
    namespace, _ = run_here(
        "shapes/explorer.py",
        Program(SNIPPETS / "shapes/explorer.py").sections()[-1].name,
    )
    for item in items:
        code = item.select_one("p > code").get_text()
        name = code.split("=")[0].strip()
        value = namespace[name]
        assert isinstance(value, torch.Tensor)
        assert item["data-answer"] == ",".join(map(str, value.shape)), code
        assert (
            f"shape {tuple(value.shape)}"
            in item.select_one(".practice__answer").get_text()
        )


@pytest.mark.browser
def test_practice_in_a_browser(browser_page, served_site):
    base, _ = served_site
    page = browser_page
    page.goto(base + "shapes/", wait_until="networkidle")
    item = page.locator(".practice__item").filter(has_text="c = a @ b").first
    answer = item.locator(".practice__answer")
    assert answer.is_hidden()
    field = item.locator("input[type=text]")
    field.fill("(2, 3)")
    field.press("Enter")
    feedback = item.locator(".practice__feedback")
    assert feedback.text_content().startswith("Not (2, 3): ")
    assert "dim" in feedback.text_content() and answer.is_hidden()
    field.fill("(3, 3)")
    item.locator(".practice__check").click()
    assert feedback.text_content() == "Right: torch gives (3, 3)."
    assert answer.is_visible() and "shape (3, 3), int64" in answer.inner_text()
