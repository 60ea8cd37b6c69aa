"""Figure helpers drawn from a run: the general line plot (any x, any y)."""

import re

import pytest

from scripts.errors import FigureError
from scripts.figures.plots import _short_paths, line_plot
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
