"""mkdocs-print-site-plugin's anchor rewrite, the same result found in linear time.

The print page gives each chapter's heading, footnote and list ids the chapter's key
(`id="x"` becomes `id="ledger-x"`), in the plugin's `urls.update_anchor_ids`. It finds
the tags with `<([^\\s]+).*?id="([^"]*?)".*?>` over the whole page: at every `<` the
regex tries each length of the tag name and, for each, scans the rest of the line for
`id="`. On a line with no id (most of a page: code, outputs, figures) that is the
line's length again for every tag on it, so a page costs its tags times its longest
line, and was most of a warm build's time.

`update_anchor_ids` below returns the same string for every input. A match of that
regex begins at a `<` followed by `id="` later on the same line (neither the tag
name nor `.*?` crosses a newline), so a `<` on a line with no `id="` after it is
skipped without trying the regex; at every other `<` the plugin's own regex is tried,
in the order `finditer` would, and each match is rewritten by the plugin's own loop
body. `install()` (called by reuse.install, from hooks.on_config) puts it in place of
the plugin's function for this build (the plugin's `fix_internal_links` looks it up in
its module at each call); nothing in site-packages is edited.
tests/unit/test_print_anchors.py compares the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The plugin's pattern, as mkdocs_print_site_plugin/urls.py (2.9) compiles it.
PATTERN = re.compile(r"<([^\s]+).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE)
CHANGE_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "sup", "li"]


def matches(page_html: str) -> Iterator[re.Match[str]]:
    """The matches `PATTERN.finditer(page_html)` yields, in order."""
    find = page_html.find
    pos = 0
    while True:
        start = find("<", pos)
        if start < 0:
            return
        line_end = find("\n", start)
        if line_end < 0:
            line_end = len(page_html)
        # `id="` (case-insensitive, as the pattern) after the tag name's first
        # character, on this line; else no `<` from here to the line's end can match.
        if _id_after(page_html, start + 2, line_end) < 0:
            pos = line_end + 1
            continue
        found = PATTERN.match(page_html, start)
        if found is None:
            pos = start + 1
            continue
        yield found
        pos = found.end()  # never empty: it holds at least `<`, a name and `id="">`


_ID = re.compile(r"id=\"", flags=re.IGNORECASE)


def _id_after(text: str, start: int, end: int) -> int:
    """Where `id="` (any case) begins in text[start:end], or -1."""
    found = _ID.search(text, start, end)
    return found.start() if found else -1


def update_anchor_ids(page_html: str, page_key: str) -> str:
    """mkdocs_print_site_plugin.urls.update_anchor_ids, equal output."""
    for m in list(matches(page_html)):
        tag_text = m.group(1)
        if tag_text not in CHANGE_TAGS:
            continue
        id_text = m.group(2)
        match_text = m.group()
        new_text = match_text.replace(id_text, page_key + "-" + id_text)
        page_html = page_html.replace(match_text, new_text)
    return page_html


def install() -> None:
    """Use update_anchor_ids above in place of the plugin's (for this process)."""
    from mkdocs_print_site_plugin import urls

    urls.update_anchor_ids = update_anchor_ids
