"""Plots drawn at build time from what reader programs computed, as inline SVG.

The figures use no fixed text colour: every dark stroke is drawn in a marker colour that
is then swapped for `currentColor`, so axes and labels follow the page's text colour in
the light and the dark palette. Sizes come from the viewBox, so a figure shrinks on a phone.
"""

from __future__ import annotations

import io
import re
from html import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from scripts.runner import result_for  # noqa: E402

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
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype: this goes inside HTML
    svg = svg.replace(_INK, "currentColor")
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r"<svg\1", svg, count=1)
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{escape(alt)}" class="lesson-plot"', 1)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    return f'<figure class="lesson-figure">{svg}<figcaption>{escape(alt)}</figcaption></figure>'


def _figure(width=6.4, height=3.4):
    with plt.rc_context(_STYLE):
        return plt.subplots(figsize=(width, height))


def loss_curve(rel: str, name: str = "losses", *, title: str = "Training loss", log: bool = True) -> str:
    """One loss per step, from the list `name` that snippets/<rel> filled."""
    losses = result_for(rel).values[name]
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
