"""One rule for error text (issue 20): the page and the downloaded chapter script show a
taught error the same way, however its message ends.

The rule is scripts/run/child.py's error_text: the build shows a program's error through
it, and each chapter script prints its taught errors through a copy of its source
(scripts/site/downloads.py). torch's load_state_dict message ends in a space; before the
rule, the page showed it stripped and the script printed it with the space.
"""

from __future__ import annotations

from scripts.run.child import error_text


def test_error_text_drops_the_line_end_and_each_lines_trailing_spaces():
    report = "RuntimeError: Error(s):\n\tMissing key: 'bias'. \n\tUnexpected: 'b'. \n"
    assert error_text(report) == (
        "RuntimeError: Error(s):\n\tMissing key: 'bias'.\n\tUnexpected: 'b'."
    )
    assert error_text("ValueError: boom \n") == "ValueError: boom"
    assert error_text("ValueError\n") == "ValueError"
    # what is inside a line stays: leading tabs, inner spaces
    assert error_text("E: a  b\n\t  c\n") == "E: a  b\n\t  c"


