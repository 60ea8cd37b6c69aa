"""The plot helpers the pages call (scripts/figures/plots.py: loss_curve, fit_plot,
spread_curves, line_plot), each on a tiny run: a figure that parses as SVG, with its
axis labels and title, a text alternative (aria-label and caption alike) that says
what the plot shows, the same bytes for the same run, and a FigureError naming the
program and the list when a list is missing, empty or of another length."""

import re
import xml.etree.ElementTree as ET

import pytest

from scripts.errors import FigureError
from scripts.figures.plots import (
    _short_paths,
    fit_plot,
    line_plot,
    loss_curve,
    spread_curves,
)
from scripts.paths import SNIPPETS
from scripts.run.programs import Program
from scripts.run.result import Result, Run, SectionRun


@pytest.fixture
def run_with():
    """A run of ch/prog.py that left `values` (what a figure draws from)."""

    def made(values: dict) -> Result:
        run = Run((SectionRun("", "", None, 0.0),), values)
        return Result(Program(SNIPPETS / "ch/prog.py"), run, 0, True)

    return made


def test_line_plot_draws_each_series_with_its_labels(run_with):
    run = run_with(
        {"eps": [1e-5, 1e-3, 1e-1], "a": [3.0, 2.0, 1.0], "b": [[1], [2], [4]]}
    )
    svg = line_plot(
        run,
        "eps",
        {"mean": "a", "std": "b"},
        xlabel="epsilon",
        ylabel="value",
        title="Against epsilon",
        log=True,
    )
    assert svg.startswith('<figure class="lesson-figure"><svg role="img"')
    for text in ("epsilon", "value (log scale)", "Against epsilon", "mean", "std"):
        assert text in svg
    assert "mean: 3 at epsilon 1e-05, 1 at 0.1; std: 1 at epsilon 1e-05" in svg


def test_line_plot_names_what_is_missing_or_uneven(run_with):
    run = run_with({"x": [1, 2, 3], "y": [1, 2]})
    with pytest.raises(FigureError, match="left no list named z"):
        line_plot(run, "x", {"z": "z"}, xlabel="x", ylabel="y", title="T")
    with pytest.raises(FigureError, match="y has 2 values but x has 3"):
        line_plot(run, "x", {"y": "y"}, xlabel="x", ylabel="y", title="T")


def test_path_coordinates_keep_two_decimals_and_nothing_else_changes():
    svg = (
        '<path d="M 71.123456 -3.4999 L 7.5 12 z" transform="scale(1.000001)"/>'
        '<g id="a1.123456" data-d="1.234567"/>'
    )
    assert _short_paths(svg) == (
        '<path d="M 71.12 -3.50 L 7.5 12 z" transform="scale(1.000001)"/>'
        '<g id="a1.123456" data-d="1.234567"/>'
    )


def test_a_drawn_plot_has_no_long_coordinates(run_with):
    run = run_with({"x": [0.0, 0.1, 0.2], "y": [1.0, 0.3, 0.01]})
    svg = line_plot(run, "x", {"y": "y"}, xlabel="x", ylabel="y", title="t")
    paths = re.findall(r'\bd="([^"]*)"', svg)
    assert paths and not any(re.search(r"\d\.\d{3}", d) for d in paths)


SVG = "{http://www.w3.org/2000/svg}"


def parsed(figure: str) -> tuple[ET.Element, str, str]:
    """(the <svg> element, its aria-label, the caption) of a helper's <figure>."""
    root = ET.fromstring(figure)  # the whole figure is well-formed XML
    assert root.tag == "figure" and root.get("class") == "lesson-figure"
    svg, caption = root.find(f"{SVG}svg"), root.find("figcaption")
    assert svg is not None and caption is not None, figure[:300]
    assert svg.get("role") == "img" and svg.get("viewBox")
    return svg, svg.get("aria-label"), caption.text


def texts(svg: ET.Element) -> list[str]:
    """The words drawn in the figure (svg.fonttype none: text stays text)."""
    return [t.text for t in svg.iter(f"{SVG}text") if t.text]


# Each helper the pages call, on a run that left what it draws, with the words the
# figure must show and what its text alternative must say.
CASES = {
    "loss_curve": (
        {"losses": [4.0, 1.0, 0.25]},
        lambda run: loss_curve(run, "losses", title="Loss per step"),
        ["step", "loss (MSE, log scale)", "Loss per step"],
        "Loss per step: 3 steps, from 4 at step 0 to 0.25 at step 2",
    ),
    "fit_plot": (
        {"x": [[0.0], [1.0], [2.0]], "y": [[0.0], [1.0], [4.0]], "pred": [0, 1.5, 4]},
        lambda run: fit_plot(run, title="The fit"),
        ["x", "target", "model", "The fit"],
        "The fit: model against target at 3 points; the largest gap is 0.5",
    ),
    "spread_curves": (
        {"sgd": [[1.0, 0.5], [2.0, 0.25], [3.0, 0.125]], "adam": [[1.0, 0.1]] * 3},
        lambda run: spread_curves(run, {"SGD": "sgd", "Adam": "adam"}, title="Seeds"),
        ["step", "loss (log scale)", "Seeds"]
        + [f"{name} (median of 3)" for name in ("SGD", "Adam")],
        "Seeds. SGD: median final loss 0.25; Adam: median final loss 0.1. Shaded: min "
        "to max over seeds.",
    ),
    "line_plot": (
        {"epochs": [1, 2, 3], "acc": [0.5, 0.75, 0.875]},
        lambda run: line_plot(
            run, "epochs", {"accuracy": "acc"}, xlabel="epoch", ylabel="accuracy",
            title="Accuracy",
        ),
        ["epoch", "accuracy", "Accuracy"],
        "Accuracy. accuracy: 0.5 at epoch 1, 0.875 at 3.",
    ),
}


@pytest.mark.parametrize("helper", CASES)
def test_a_figure_is_svg_with_its_axes_title_and_text_alternative(run_with, helper):
    values, draw, words, alt = CASES[helper]
    svg, label, caption = parsed(draw(run_with(values)))
    drawn = texts(svg)
    assert [w for w in words if w not in drawn] == [], drawn
    assert label == caption == alt


@pytest.mark.parametrize("helper", CASES)
def test_the_same_run_gives_the_same_bytes(run_with, helper):
    values, draw, _, _ = CASES[helper]
    assert draw(run_with(values)) == draw(run_with(dict(values)))


@pytest.mark.parametrize("helper", CASES)
def test_a_missing_or_empty_list_is_named(run_with, helper):
    values, draw, _, _ = CASES[helper]
    name = next(iter(values))
    missing = rf"snippets/ch/prog.py left no list named {name}"
    with pytest.raises(FigureError, match=missing):
        draw(run_with({k: v for k, v in values.items() if k != name}))
    with pytest.raises(FigureError, match=rf"snippets/ch/prog.py: {name} is no list"):
        draw(run_with({**values, name: []}))


def test_a_fit_of_uneven_lists_is_named(run_with):
    run = run_with({"x": [0, 1, 2], "y": [0, 1, 2], "pred": [0, 1]})
    with pytest.raises(FigureError, match="x, y and pred have 3, 3 and 2 values"):
        fit_plot(run)


def test_two_figures_on_one_page_share_no_id(run_with):
    first = loss_curve(run_with({"losses": [1.0, 0.5]}))
    second = loss_curve(run_with({"losses": [2.0, 0.5]}))
    ids = [set(re.findall(r'\bid="([^"]+)"', svg)) for svg in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
