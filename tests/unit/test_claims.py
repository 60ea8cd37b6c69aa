"""Promise 3: a sentence that reads a number carries a condition the build judges.

Claims are judged against a program's values; a false one, a malformed one, and
anything unparsed between {{ and }} stop the build with the page line.
"""

import pytest

from scripts.errors import MeasuredError
from scripts.site import claims
from scripts.site.measured import MeasuredErrors, substitute

VALUES = {
    "max_diff": 4.8e-7,
    "n_differ": 894119,
    "big": {"low": 1.3, "high": 1.9, "verdict": "faster"},
    "losses": [1.0, 0.5, 0.125],
    "name": "adam",
}


def values_of(rel):
    if rel == "ch/failed.py":
        return None
    if rel != "ch/fit.py":
        raise MeasuredError(f"snippets/{rel} does not exist (is the path right?)")
    return VALUES


def page(text, judged=None, **kwargs):
    return substitute(text, "docs/p.md", values_of, judged=judged, **kwargs)


def test_a_true_claim_is_drawn_as_a_check_mark_that_names_its_condition():
    judged = []
    out = page("They differ. {{ claim ch/fit.py: n_differ > 0 }}", judged)
    assert out.startswith("They differ. <span class=\"claim\" data-claim=\"checked\"")
    assert 'aria-label="Checked against the run of ch/fit.py: ' in out
    assert "n_differ &gt; 0" in out and out.endswith("✓</span>")
    assert [(c.where, c.holds, c.read) for c in judged] == [
        ("docs/p.md:1", True, {"n_differ": 894119})
    ]


@pytest.mark.parametrize(
    "condition",
    [
        'big["low"] > 1 and big["verdict"] == "faster"',
        "0 < max_diff < 1e-6",
        "losses[-1] < losses[0] / 4",
        "len(losses) == 3 and min(losses) == losses[-1]",
        'name in ("adam", "sgd") and not name == "sgd"',
        "all([losses[0] > 0, max_diff > 0]) and any((False, True))",
        "abs(-max_diff) == max_diff",
        "round(big['high'] - big['low'], 1) == 0.6",
    ],
)
def test_conditions_of_the_allowed_kind_are_judged(condition):
    judged = []
    page(f"{{{{ claim ch/fit.py: {condition} }}}}", judged)
    assert judged[0].holds is True


def test_a_false_claim_stops_the_build_with_page_line_claim_and_values():
    text = "one\ntwo\nThe loss fell tenfold. {{ claim ch/fit.py: losses[-1] < 0.1 }}"
    with pytest.raises(MeasuredError) as caught:
        page(text)
    message = str(caught.value)
    assert message == (
        "docs/p.md:3: claim is false: losses[-1] < 0.1 "
        "(snippets/ch/fit.py left losses[-1] = 0.125)"
    )


def test_a_claim_over_several_lines_is_one_claim_on_its_first_line():
    judged = []
    page("a\n{{ claim ch/fit.py:\n   n_differ > 0\n   and max_diff > 0 }}", judged)
    assert judged[0].where == "docs/p.md:2"
    assert judged[0].condition == "n_differ > 0 and max_diff > 0"


@pytest.mark.parametrize(
    ("condition", "says"),
    [
        ("__import__('os').system('true')", "calls only"),
        ("max_diff.real > 0", "is not allowed in a claim"),
        ("[x for x in losses]", "is not allowed in a claim"),
        ("n_differ >", "cannot read the claim's condition"),
        ("", "has no condition"),
        ("n_differ + 1", "is not a condition"),
        ("nope > 1", "leaves no simple value named 'nope'"),
        ("losses[7] > 0", "IndexError"),
    ],
)
def test_a_malformed_claim_names_page_line_and_what_is_wrong(condition, says):
    with pytest.raises(MeasuredError) as caught:
        page(f"x\n{{{{ claim ch/fit.py: {condition} }}}}")
    assert str(caught.value).startswith("docs/p.md:2: ")
    assert says in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ch/fit.py:max_diff == n_differ }}",
        "{{ ch/fit.py:max_diff * 2 }}",
        "{{ ch/fit.py:big['low'] }}",  # single quotes: a value indexes with "key"
        "{{ chfit.py }}",
        "{{ claim: ch/fit.py n_differ > 0 }}",
        "{{ ch/fit.py:max_diff",
        "ch/fit.py:max_diff }}",
    ],
)
def test_nothing_unparsed_is_published(text):
    with pytest.raises(MeasuredError) as caught:
        page(f"line one\nSee {text} here.")
    assert str(caught.value).startswith("docs/p.md:2: ")


def test_every_mistake_of_a_page_gets_its_own_message():
    text = "{{ ch/fit.py:a == b }}\n{{ claim ch/fit.py: n_differ < 0 }}\n{{ x }}"
    with pytest.raises(MeasuredErrors) as caught:
        page(text)
    lines = [m.split(":")[1] for m in caught.value.messages]
    assert lines == ["1", "2", "3"]


def test_a_claim_on_a_failed_program_adds_no_message_and_is_not_counted_checked():
    judged = []
    out = page("{{ claim ch/failed.py: x > 1 }}", judged)
    assert 'data-claim="unchecked"' in out and judged[0].holds is None


def test_a_claim_over_a_missing_recording_is_shown_unchecked():
    judged = []
    out = page("{{ claim recorded:ch/fit.py: max_diff > 0 }}", judged)
    assert "(not checked: no GPU recording of this program as it is now)" in out
    assert claims.report_lines(judged)[0].startswith("claims: 0 checked, 0 false, 1 ")


def test_a_claim_over_a_recording_reads_the_recorded_values():
    judged = []
    recorded = {"max_diff": 0.5}
    page(
        "{{ claim recorded:ch/fit.py: max_diff > 0.4 }}",
        judged,
        recorded_of=lambda rel: (recorded, object()),
    )
    assert judged[0].holds is True and judged[0].read == {"max_diff": 0.5}
    assert "the GPU recording of" in claims.mark(judged[0])


def test_the_report_counts_claims_first():
    judged = []
    page("{{ claim ch/fit.py: n_differ > 0 }} {{ claim ch/fit.py: max_diff > 0 }}",
         judged)
    lines = claims.report_lines(judged)
    assert lines[0] == "claims: 2 checked, 0 false"
    assert lines[1].startswith("  true   docs/p.md:1  ch/fit.py: n_differ > 0")


def test_the_mark_is_the_same_whatever_the_values():
    """Two builds with different timings draw the same mark: the values are not in
    it."""
    marks = set()
    for low in (1.2, 1.7):
        VALUES["big"]["low"] = low
        marks.add(page('{{ claim ch/fit.py: big["low"] > 1 }}'))
    VALUES["big"]["low"] = 1.3
    assert len(marks) == 1
