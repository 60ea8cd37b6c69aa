"""What a warm rebuild reuses besides the runs: each block's rendered source and each
page's search sections, kept in .cache/render/ and keyed by everything they are made
from, so that a build where nothing changed does neither again.

- A Python block's source: markdown-exec converts each block's Markdown (the fence
  and a placeholder for the output) with a Markdown of its own, a fresh one per block,
  every extension set up again. The HTML it returns depends only on that text, the
  Markdown configuration (mkdocs.yml) and the versions of the packages that render it;
  the output is put in afterwards (markdown-exec's stash), so it is not in the key.
  Blocks whose Markdown makes headings (none of the course's: a fence and an output)
  are not kept, since those are reported to the page's table of contents.
- A page's search sections: Material's search plugin parses each page's HTML into
  sections (title, text, id); they depend only on that HTML and Material's version.
  The index entries are then made from them as always.
- The downloads: scripts/site/downloads.py keeps them in the same folder, keyed by every
  file they are made from.

`install()` (hooks.on_config) puts both in place for this build, and print-site's
anchor rewrite made linear (scripts/site/print_anchors.py); with LESSON_FRESH=1
(CI, the deploy) nothing is read, everything is made again and stored.
tests/test_reproducible.py builds twice and compares the bytes; the unit tests compare
a reused result with a fresh one (tests/unit/test_reuse.py).
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from typing import Any

from scripts.paths import CACHE, ROOT
from scripts.run import cache
from scripts.site import print_anchors

FOLDER = CACHE / "render"
PACKAGES = (
    "markdown",
    "pymdown-extensions",
    "pygments",
    "markdown-exec",
    "mkdocs-material",
)
_PLACEHOLDER = '<div class="lesson-output-placeholder"></div>'


def _environment() -> bytes:
    """The versions of what renders, and the Markdown configuration."""
    versions = ";".join(f"{p} {metadata.version(p)}" for p in PACKAGES)
    return versions.encode() + (ROOT / "mkdocs.yml").read_bytes()


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256(_ENVIRONMENT[0])
    for part in parts:
        digest.update(b"\0" + part.encode())
    return f"{kind}-{digest.hexdigest()[:32]}"


_ENVIRONMENT: list[bytes] = [b""]


def block_convert(original: Any) -> Any:
    """markdown-exec's MarkdownConverter.convert, reused for a block's Markdown."""
    from markdown_exec._internal import rendering  # noqa: PLC0415
    from markupsafe import Markup  # noqa: PLC0415

    def convert(self, text: str, stash: dict[str, str] | None = None, id_prefix=None):
        if not stash or len(stash) != 1:
            return original(self, text, stash, id_prefix)
        ((placeholder, output),) = stash.items()
        if text.count(placeholder) != 1 or _PLACEHOLDER in text:
            return original(self, text, stash, id_prefix)
        fixed = text.replace(placeholder, _PLACEHOLDER)
        key = _key("block", fixed, repr(id_prefix), repr(self._update_toc))
        html = cache.load(key, FOLDER)
        if html is None:
            made = original(self, fixed, None, id_prefix)
            if made.count(_PLACEHOLDER) != 1:
                return original(self, text, stash, id_prefix)
            # no heading was made (else it was reported to the page: not kept)
            if not self._original_md.treeprocessors[
                rendering.InsertHeadings.name
            ].headings.get(made, []):
                cache.store(key, str(made), FOLDER)
            return Markup(str(made).replace(_PLACEHOLDER, output))
        markup = Markup(html.replace(_PLACEHOLDER, output))
        if self._update_toc:  # what the conversion leaves on the page's Markdown
            rendering._register_headings_processors(self._original_md)
            self._report_headings(markup, self._original_md)
        return markup

    return convert


def _sections(index: Any, page: Any) -> list[list]:
    """[tag, excluded, id, title, text] of each section of the page's HTML."""
    from material.plugins.search.plugin import Parser  # noqa: PLC0415

    key = _key("search", page.content)
    found = cache.load(key, FOLDER)
    if found is None:
        parser = Parser()
        parser.feed(page.content)
        parser.close()
        found = [
            [s.el.tag, s.is_excluded(), s.id, s.title, s.text] for s in parser.data
        ]
        cache.store(key, found, FOLDER)
    return found


def add_entry_from_context(self, page) -> None:
    """Material's SearchIndex.add_entry_from_context, with the parse reused."""
    from material.plugins.search.plugin import Element, Section  # noqa: PLC0415

    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    for tag, excluded, id_, title, text in _sections(self, page):
        if excluded:
            continue
        section = Section(Element(tag))
        section.id, section.title, section.text = id_, title, text
        self.create_entry_for_section(section, page.toc, page.url, page)


def install() -> None:
    """Reuse for this build (the versions and mkdocs.yml read once per build)."""
    from markdown_exec._internal import rendering  # noqa: PLC0415
    from material.plugins.search import plugin as search  # noqa: PLC0415

    print_anchors.install()
    _ENVIRONMENT[0] = _environment()
    converter = rendering.MarkdownConverter
    if not hasattr(converter, "lesson_original"):  # once (serve reloads this module)
        converter.lesson_original = converter.convert
    converter.convert = block_convert(converter.lesson_original)
    search.SearchIndex.add_entry_from_context = add_entry_from_context
