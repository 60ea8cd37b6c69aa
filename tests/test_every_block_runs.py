"""Promise 1: every Python block a reader can see is a program from snippets/ that the
build ran.

Counted two independent ways: the Python fences in the Markdown sources, and the
executed blocks in the built HTML. Any fence that is not an executed snippet include
fails here.
"""

import re
from collections import defaultdict

import pytest

from scripts.run.programs import all_programs, scan_docs
from tests.site import shown_blocks

pytestmark = pytest.mark.every_chapter  # `--chapter NAME` runs these too
HIDDEN_HELPER = re.compile(r'html="(?:on|1|true|yes)"')


def _fences():
    reader, helpers, total = [], [], 0
    for scan in scan_docs():
        total += scan.python_fences
        for block in scan.blocks:
            if block.program is not None:
                reader.append(block)
            elif HIDDEN_HELPER.search(block.options) and "source=" not in block.options:
                helpers.append(block)
    return reader, helpers, total


def test_every_python_fence_is_an_executed_snippet_or_a_hidden_helper():
    reader, helpers, total = _fences()
    assert total == len(reader) + len(helpers), (
        f"{total} Python fences in docs/, but only {len(reader)} include a snippet and "
        f"{len(helpers)} are hidden build helpers: every visible Python block must be "
        "an "
        'executed include (```python exec="on"``` + --8<-- "chapter/file.py")'
    )


def test_the_built_pages_show_every_reader_block(site):
    reader, _, _ = _fences()
    shown = shown_blocks(site)
    assert len(shown) == len(reader) > 0
    assert sorted(b.origin for b in shown) == sorted(b.origin for b in reader)


def test_every_snippet_file_and_every_section_is_on_a_page():
    reader, _, _ = _fences()
    shown = defaultdict(set)
    for block in reader:
        shown[block.program.rel].add(block.section)
    for program in all_programs():
        sections = {s.name for s in program.sections()}
        assert program.rel in shown, f"{program.display} is on no page"
        assert shown[program.rel] == sections, (
            f"{program.display}: sections not shown: {sections - shown[program.rel]}"
        )


def test_shown_source_is_the_snippet_text(site):
    programs = {p.rel: p for p in all_programs()}
    for block in shown_blocks(site):
        expected = programs[block.snippet].section(block.section).code
        assert block.source.rstrip("\n") == expected.rstrip("\n"), (
            f"{block.origin}: the page shows other code"
        )


# characters: the widest line a desktop code block shows without scrolling
READER_LINE = 79


def test_reader_programs_fit_the_code_block_without_scrolling():
    """No reader program scrolls sideways on a desktop: every line is 79 characters or
    fewer."""
    too_long = [
        f"{program.display}:{number}: {len(line)} characters"
        for program in all_programs()
        for number, line in enumerate(program.source.splitlines(), 1)
        if len(line) > READER_LINE
    ]
    assert too_long == []
