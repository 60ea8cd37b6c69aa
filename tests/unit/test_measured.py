"""Measured values in prose: substitution, formats, indexing, the errors it names."""

import pytest

from scripts.errors import MeasuredError
from scripts.site.measured import files_named, substitute

VALUES = {"slope": 2.04567, "losses": [1.0, 0.5, 0.125], "info": {"key": 7}}


def values_of(rel):
    if rel != "ch/fit.py":
        raise MeasuredError(f"snippets/{rel} did not run")
    return VALUES


def test_a_value_is_formatted_with_its_spec():
    out = substitute("Slope {{ ch/fit.py:slope | .2f }}.", "docs/p.md", values_of)
    assert out == (
        'Slope <span class="measured" '
        'title="measured in the run for this page: ch/fit.py, slope">'
        "2.05</span>."
    )


def test_indexing_a_list_and_a_dict():
    text = '{{ ch/fit.py:losses[-1] | .3f }} {{ ch/fit.py:info["key"] }}'
    out = substitute(text, "docs/p.md", values_of)
    assert ">0.125</span>" in out and ">7</span>" in out


def test_a_timing_is_marked_as_varying():
    out = substitute(
        "{{ ch/fit.py:slope }}", "d.md", values_of, varies=lambda rel: True
    )
    assert 'data-varies="timing"' in out


def test_an_unknown_name_stops_with_page_line_and_the_names_there_are():
    text = "one\ntwo\nThe {{ ch/fit.py:intercept }} here"
    with pytest.raises(MeasuredError) as caught:
        substitute(text, "docs/p.md", values_of, first_line=10)
    assert str(caught.value) == (
        "docs/p.md:12: snippets/ch/fit.py leaves no simple value named 'intercept' "
        "(it has: info, losses, slope)"
    )


def test_a_program_that_did_not_run_is_named_with_the_page_line():
    with pytest.raises(
        MeasuredError, match=r"^docs/p.md:1: snippets/ch/gone.py did not"
    ):
        substitute("{{ ch/gone.py:x }}", "docs/p.md", values_of)


@pytest.mark.parametrize(
    "text", ["{{ ch/fit.py:losses[9] }}", "{{ ch/fit.py:slope | d }}"]
)
def test_a_bad_index_or_format_is_named(text):
    with pytest.raises(MeasuredError, match=r"^docs/p.md:1: cannot show"):
        substitute(text, "docs/p.md", values_of)


def test_without_a_recording_the_prose_says_so():
    out = substitute("{{ recorded:ch/fit.py:slope }}", "d.md", values_of)
    assert 'data-recording="none"' in out and "not recorded on a GPU" in out


def test_files_named_lists_each_program_once():
    text = "{{ a/x.py:v }} {{ a/x.py:w | .1f }} {{ recorded:b/y.py:z }}"
    assert files_named(text) == {"a/x.py", "b/y.py"}


def test_a_failed_program_adds_no_message_of_its_own():
    """Its error is reported at its block; its values show an ellipsis."""
    out = substitute("x {{ ch/bad.py:slope | .2f }} y", "docs/p.md", lambda rel: None)
    assert out == 'x <span class="measured" data-missing="failed">…</span> y'
