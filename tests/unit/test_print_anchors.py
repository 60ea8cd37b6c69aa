"""The print page's anchor rewrite (scripts/site/print_anchors.py) returns exactly what
mkdocs-print-site-plugin's own `update_anchor_ids` returns, in linear time."""

import random
import time

import pytest
from mkdocs_print_site_plugin import urls

from scripts.site import print_anchors

PLUGIN = urls.update_anchor_ids


def test_compared_with_the_plugins_own():
    assert PLUGIN.__module__ == "mkdocs_print_site_plugin.urls"


CASES = [
    "",
    "no tags at all",
    '<h2 id="intro">Intro</h2>',
    '<H2 ID="Intro">upper case</H2>',
    '<h2 class="x" id="a">a heading whose id is a letter of its class</h2>',
    '<span class="n">x</span><h2 id="hidden">a span first: the match starts there</h2>',
    '<p>text<h3 id="glued">no space before the tag</h3>',
    '<li id="fn:1"><p>note<a href="#fnref:1">back</a></p></li>',
    '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
    '<h2 id="">an empty id</h2>',
    '<h2 id="two\nlines">an id across a newline</h2>',
    '<h2\nid="next-line">the tag name ends the line</h2>',
    '<h2 id="a">one</h2>\n<h2 id="a">the same tag twice</h2>',
    '<h2 id="a">one</h2><h2 id="ab">a prefix of the next</h2>',
    '<div data-id="d" id="e">data-id first</div><h4 id="f">x</h4>',
    '<h2 id="unclosed" no end of tag on this line\n>',
    '<h2 id="x">\r<h3 id="y">a carriage return is not a line end</h3>',
    "<" * 50 + 'h2 id="many-opens">x</h2>',
    '<a href="#x">' * 200 + "\n" + '<h2 id="x">after a long line</h2>',
]


@pytest.mark.parametrize("html", CASES)
def test_same_as_the_plugin(html):
    assert print_anchors.update_anchor_ids(html, "page") == PLUGIN(html, "page")


def test_same_as_the_plugin_on_random_markup():
    """Strings of the pieces the pattern cares about, in random order."""
    pieces = [
        "<",
        ">",
        "h2",
        "li",
        "sup",
        "span",
        " ",
        "\n",
        "\r",
        "\t",
        '"',
        "=",
        "id",
        'id="',
        'ID="',
        "x",
        "-",
        "a",
        "<h1 ",
        "<li ",
    ]
    rng = random.Random(0)
    for _ in range(3000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert print_anchors.update_anchor_ids(html, "k") == PLUGIN(html, "k"), html


def test_a_long_line_without_ids_costs_its_length():
    """A figure's one long line of tags: the plugin's pattern is quadratic in it."""
    line = '<span class="n">x</span>' * 20_000
    html = f'<h2 id="top">Top</h2>\n{line}\n<h2 id="end">End</h2>\n'
    started = time.perf_counter()
    out = print_anchors.update_anchor_ids(html, "page")
    assert time.perf_counter() - started < 0.5
    assert out.count('id="page-') == 2
