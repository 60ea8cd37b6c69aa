"""Plots drawn at build time from what reader programs computed, as inline SVG.

The figures use no fixed text colour: every dark stroke is drawn in a marker colour that
is then swapped for `currentColor`, so axes and labels follow the page's text colour in
the light and the dark palette. Sizes come from the viewBox, so a figure shrinks on a
phone.
"""

from __future__ import annotations

import hashlib
import io
import re
from html import escape

import matplotlib.pyplot as plt

from scripts.errors import FigureError
from scripts.run.result import Result

plt.switch_backend("Agg")  # no window: figures are written as SVG text

_INK = "#010203"  # stands in for currentColor while matplotlib draws
ACCENT = "#e8590c"  # orange: readable on white and on Material's slate
SECOND = "#1c7ed6"  # blue: the second series

_STYLE = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, in the page's font
    "svg.hashsalt": "pytorch-basics",  # stable ids, so two builds give the same bytes
    "font.size": 11,
    "text.color": _INK,
    "axes.edgecolor": _INK,
    "axes.labelcolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "axes.facecolor": "none",
    "figure.facecolor": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
}


def to_svg(fig, alt: str) -> str:
    """Inline SVG with a text alternative, coloured by the page."""
    buffer = io.StringIO()
    fig.savefig(
        buffer,
        format="svg",
        bbox_inches="tight",
        metadata={"Date": None, "Creator": None},
    )
    plt.close(fig)
    svg = buffer.getvalue()
    # drop the XML prolog and doctype: this goes inside HTML
    svg = svg[svg.index("<svg") :]
    svg = svg.replace(_INK, "currentColor")
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r"<svg\1", svg, count=1)
    svg = svg.replace(
        "<svg", f'<svg role="img" aria-label="{escape(alt)}" class="lesson-plot"', 1
    )
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _own_ids(_short_paths(svg))
    return (
        "<figure "
        f'class="lesson-figure">{svg}<figcaption>{escape(alt)}</figcaption></figure>'
    )


def _short_paths(svg: str) -> str:
    """Path coordinates to two decimals.

    matplotlib writes six (a millionth of a point); the viewBox is a few hundred points
    wide, so a hundredth of a point is far below a pixel on any screen or printer, and
    the shorter numbers make the page lighter to download without changing a pixel.
    """

    def short(attribute: re.Match) -> str:
        return re.sub(
            r"-?\d+\.\d{3,}", lambda n: f"{float(n.group()):.2f}", attribute.group()
        )

    # `d` as an attribute of its own: after a space (not `data-d`, not `id`)
    return re.sub(r'(?<=\s)d="[^"]*"', short, svg)


def _own_ids(svg: str) -> str:
    """Give every id in one figure a prefix of its own (and every reference to it).

    matplotlib numbers ids per figure (`figure_1`, `line2d_1`, ...), so two figures on
    one page would repeat them; the prefix is a hash of the figure, the same in every
    build.
    """
    prefix = "f" + hashlib.sha256(svg.encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', svg)


def _lists(run: Result, title: str, *names: str) -> list[list]:
    """The lists the program of `run` left under `names`: a FigureError naming the
    program and what is missing or empty, rather than a KeyError from deep inside."""
    values, rel = run.run.values, run.program.rel
    missing = [n for n in names if n not in values]
    if missing:
        raise FigureError(
            f"{title}: snippets/{rel} left no list named {', '.join(missing)}"
        )
    empty = [n for n in names if not isinstance(values[n], list) or not values[n]]
    if empty:
        raise FigureError(
            f"{title}: snippets/{rel}: {', '.join(empty)} is no list, or is empty"
        )
    return [values[n] for n in names]


def loss_curve(
    run: Result,
    name: str = "losses",
    *,
    title: str = "Training loss",
    log: bool = True,
) -> str:
    """One loss per step, from the list `name` that the program of `run` filled."""
    [losses] = _lists(run, title, name)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        ax.plot(range(len(losses)), losses, color=ACCENT, linewidth=2)
        if log:
            ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("loss (MSE" + (", log scale)" if log else ")"))
        ax.set_title(title)
        alt = (
            f"{title}: {len(losses)} steps, from {losses[0]:.4g} at step 0 "
            f"to {losses[-1]:.4g} at step {len(losses) - 1}"
        )
        return to_svg(fig, alt)


def _flat(values) -> list[float]:
    """A (n, 1) tensor arrives as [[v], [v], ...]; a plot wants [v, v, ...]."""
    return [v[0] if isinstance(v, list) else v for v in values]


def fit_plot(
    run: Result,
    x: str = "x",
    target: str = "y",
    pred: str = "pred",
    *,
    title: str = "The fit",
) -> str:
    """The model's predictions against the targets, from the variables the program of
    `run` left behind."""
    xs, ys, ps = (_flat(v) for v in _lists(run, title, x, target, pred))
    if not len(xs) == len(ys) == len(ps):
        raise FigureError(
            f"{title}: snippets/{run.program.rel}: {x}, {target} and {pred} have "
            f"{len(xs)}, {len(ys)} and {len(ps)} values"
        )
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        ax.plot(xs, ys, color=_INK, linewidth=1.5, linestyle="--", label="target")
        ax.plot(xs, ps, color=ACCENT, linewidth=2.5, label="model")
        ax.set_xlabel(x)
        ax.legend()
        ax.set_title(title)
        worst = max(abs(p - y) for p, y in zip(ps, ys, strict=True))
        alt = (
            f"{title}: model against target at {len(xs)} points; the largest gap is "
            f"{worst:.3g}"
        )
        return to_svg(fig, alt)


def spread_curves(
    run: Result,
    series: dict[str, str],
    *,
    every: int = 1,
    title: str = "Loss per step",
) -> str:
    """Median and min–max band over seeds for each named list of curves (one curve per
    seed).

    `series` maps a legend label to the variable holding a list of curves; `every` is
    the step spacing of the stored points (a program may keep every 10th loss to stay
    small).
    """
    every_curves = _lists(run, title, *series.values())
    colours = [ACCENT, SECOND, "#2f9e44", "#ae3ec9"]
    summary = []
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        # up to 4 series
        for colour, label, curves in zip(
            colours, series, every_curves, strict=False
        ):
            steps = [i * every for i in range(len(curves[0]))]
            columns = list(zip(*curves, strict=True))
            median = [sorted(c)[len(c) // 2] for c in columns]
            ax.fill_between(
                steps,
                [min(c) for c in columns],
                [max(c) for c in columns],
                color=colour,
                alpha=0.18,
                linewidth=0,
            )
            ax.plot(
                steps,
                median,
                color=colour,
                linewidth=2,
                label=f"{label} (median of {len(curves)})",
            )
            summary.append(f"{label}: median final loss {median[-1]:.3g}")
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("loss (log scale)")
        ax.legend()
        ax.set_title(title)
        return to_svg(
            fig, f"{title}. " + "; ".join(summary) + ". Shaded: min to max over seeds."
        )


def line_plot(
    run: Result,
    x: str,
    ys: dict[str, str],
    *,
    xlabel: str,
    ylabel: str,
    title: str,
    log: bool = False,
) -> str:
    """Any curves against any x, from the lists the program of `run` left behind.

    `x` names the list of x values; `ys` maps a legend label to the name of a list of
    y values of the same length (up to four). `log=True` puts y on a log scale. For a
    loss per step, loss_curve says more; this one has no fixed axes.
    """
    values, rel = run.run.values, run.program.rel
    _lists(run, title, x, *ys.values())
    xs = _flat(values[x])
    colours = [ACCENT, SECOND, "#2f9e44", "#ae3ec9"]
    summary = []
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        for colour, (label, name) in zip(colours, ys.items(), strict=False):
            points = _flat(values[name])
            if len(points) != len(xs):
                plt.close(fig)
                raise FigureError(
                    f"{title}: snippets/{rel}: {name} has {len(points)} values but "
                    f"{x} has {len(xs)}"
                )
            ax.plot(xs, points, color=colour, linewidth=2, label=label)
            summary.append(
                f"{label}: {points[0]:.4g} at {xlabel} {xs[0]:.4g}, "
                f"{points[-1]:.4g} at {xs[-1]:.4g}"
            )
        if log:
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel + (" (log scale)" if log else ""))
        if len(ys) > 1:
            ax.legend()
        ax.set_title(title)
        return to_svg(fig, f"{title}. " + "; ".join(summary) + ".")
