"""Promise 1: the steppers work from the keyboard in a real browser: → moves a step on,
← a step back, and the counter, the caption and what the figure shows follow."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def state(figure) -> dict:
    return figure.evaluate(
        """f => ({
            counter: f.querySelector('.graph-stepper__counter').textContent,
            caption: f.querySelector('.graph-stepper__caption').textContent,
            future: f.querySelectorAll('.g-node.is-future').length,
            pending: f.querySelectorAll('.g-grad.is-pending').length,
            values: [...f.querySelectorAll('.g-node')]
                .filter(g => getComputedStyle(g.querySelector('.g-value')).visibility
                === 'visible')
                .map(g => g.querySelector('.g-value').textContent),
            frames: [...f.querySelectorAll('.lw-frame')]
                .filter(el => getComputedStyle(el).display !== 'none').map(el =>
                el.dataset.frame),
        })"""
    )


def press(page, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


def test_ledger_stepper_from_the_keyboard(browser_page, served_site):
    base, _ = served_site
    page = browser_page
    page.goto(base + "ledger/", wait_until="networkidle")
    figure = page.locator("figure.graph-stepper").first
    figure.focus()
    start = state(figure)
    assert start["counter"] == "Step 0 of 7" and start["caption"].startswith(
        "Start: only the leaves"
    )
    # add and L unknown, no ∂L yet
    assert start["future"] == 2 and start["pending"] == 5
    assert sorted(start["values"]) == ["2", "3", "4"]  # only the leaves x, y, z

    press(page, "ArrowRight", 3)
    three = state(figure)
    assert three["counter"] == "Step 3 of 7"
    assert three["caption"] == "Backward 1/5: ∂L/∂L = 1 (the walk starts here)"
    assert three["future"] == 0 and three["pending"] == 4
    # add = 5 and L = 20 filled in
    assert sorted(three["values"]) == ["2", "20", "3", "4", "5"]

    press(page, "ArrowLeft")
    two = state(figure)
    assert two["counter"] == "Step 2 of 7"
    assert two["caption"] == "Forward 2/2: L = (x + y) * z = 20"
    assert two["pending"] == 5

    press(page, "End")
    assert state(figure)["counter"] == "Step 7 of 7" and state(figure)["pending"] == 0


def test_loop_walkthrough_from_the_keyboard(browser_page, served_site):
    base, _ = served_site
    page = browser_page
    page.goto(base + "loop/", wait_until="networkidle")
    figure = page.locator("figure.loop-walk")
    figure.focus()
    start = state(figure)
    assert start["counter"] == "Step 0 of 10" and start["caption"].startswith(
        "Start: before the loop"
    )
    assert start["frames"] == ["0"], (
        "only the frame of the current step is shown (docs/assets/explorer.css)"
    )

    press(page, "ArrowRight", 4)
    four = state(figure)
    assert four["counter"] == "Step 4 of 10"
    assert four["caption"].startswith(
        "Iteration 1, line 4 of 5: loss.backward(). Changed: model.weight.grad"
    )
    assert four["frames"] == ["4"]
    frame = figure.locator('.lw-frame[data-frame="4"]')
    assert frame.locator("li.lw-now code").inner_text() == "loss.backward()"
    assert frame.locator("tr.lw-changed th").all_inner_texts() == [
        "model.weight.grad",
        "model.bias.grad",
    ]

    press(page, "ArrowRight")
    five = figure.locator('.lw-frame[data-frame="5"]')
    assert state(figure)["frames"] == ["5"]
    assert five.locator("tr.lw-changed th").all_inner_texts() == [
        "model.weight",
        "model.bias",
    ]

    press(page, "ArrowLeft", 2)
    back = state(figure)
    assert back["counter"] == "Step 3 of 10" and back["frames"] == ["3"]
    assert back["caption"].startswith(
        "Iteration 1, line 3 of 5: loss = criterion(yhat, y). Changed: loss"
    )
