"""What a warm rebuild reuses (scripts/site/reuse.py) is what it would have made:
a block's HTML and a page's search entries, fresh, stored, then reused."""

from types import SimpleNamespace

import markdown_exec
import pytest
from markdown import Markdown
from markdown_exec._internal import rendering
from material.plugins.search.plugin import SearchIndex

from scripts.run import cache
from scripts.site import reuse

ORIGINAL_SEARCH = SearchIndex.add_entry_from_context
ORIGINAL_CONVERT = getattr(
    rendering.MarkdownConverter, "lesson_original", rendering.MarkdownConverter.convert
)
EXTENSIONS = [
    "attr_list",
    "md_in_html",
    "toc",
    "pymdownx.highlight",
    "pymdownx.superfences",
]
CODE = "import torch\nx = torch.ones(2)\nprint(x * 2)\n"
OUTPUT = '<div class="lesson-output"><pre>tensor([2., 2.])</pre></div>'
PAGE_HTML = """<h1 id="top">Title</h1><p>Some prose about <code>x</code>.</p>
<div class="language-python highlight" data-search-exclude><pre><span>import</span>
torch</pre></div><div class="lesson-output"><pre>tensor([2.])</pre></div>
<h2 id="next">Next <a class="headerlink" href="#next">#</a></h2><ul><li>one</li></ul>
<script>ignored()</script><p>end</p>"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(reuse, "FOLDER", tmp_path)
    monkeypatch.setattr(reuse, "_ENVIRONMENT", [reuse._environment()])
    monkeypatch.delenv("LESSON_FRESH", raising=False)
    return tmp_path


def _block(convert) -> str:
    rendering.MarkdownConverter.convert = convert
    try:
        md = Markdown(extensions=EXTENSIONS)
        html = markdown_exec.base_format(
            language="python",
            run=lambda *a, **k: OUTPUT,
            code=CODE,
            md=md,
            html=True,
            source="above",
            extra={"title": "snippets/a.py"},
        )
        return str(html)
    finally:
        rendering.MarkdownConverter.convert = ORIGINAL_CONVERT


def test_a_block_reused_is_the_block_made(folder):
    fresh = _block(ORIGINAL_CONVERT)
    wrapped = reuse.block_convert(ORIGINAL_CONVERT)
    assert _block(wrapped) == fresh  # made and stored
    assert len(list(folder.glob("block-*.json"))) == 1
    assert _block(wrapped) == fresh  # reused
    assert OUTPUT in fresh and "torch" in fresh


def _entries(add_entry) -> list[dict]:
    index = SearchIndex(lang=["en"], separator="", pipeline=[], fields={})
    page = SimpleNamespace(
        content=PAGE_HTML, meta={}, toc=[], url="chapter/", title="Chapter"
    )
    add_entry(index, page)
    return index.entries


def test_search_entries_reused_are_the_entries_made(folder):
    fresh = _entries(ORIGINAL_SEARCH)
    assert _entries(reuse.add_entry_from_context) == fresh  # made and stored
    assert len(list(folder.glob("search-*.json"))) == 1
    assert _entries(reuse.add_entry_from_context) == fresh  # reused
    assert any("Some prose" in entry["text"] for entry in fresh)


def test_a_fresh_build_reads_nothing(folder, monkeypatch):
    assert _entries(reuse.add_entry_from_context)
    stored = next(folder.glob("search-*.json")).stem
    assert cache.load(stored, folder) is not None
    monkeypatch.setenv("LESSON_FRESH", "1")
    assert cache.load(stored, folder) is None
