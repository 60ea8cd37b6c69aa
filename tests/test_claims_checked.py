"""Promise 3: the prose claims nothing the build did not measure.

A sentence that interprets a run carries a checked claim, `{{ claim file.py: cond }}`
(scripts/site/claims.py), judged by the build against the run the page shows; a false
one fails the strict build (tests/test_bad_input_stops_build.py makes one). Here: the
shared build judged enough of them, found none false, and drew every one it could
check. What this does not cover: whether a sentence that *should* carry a claim does;
that is the author's and the reviewer's part.
"""

import re

import pytest

from tests.site import page_soup

pytestmark = pytest.mark.every_chapter

AT_LEAST = 30  # issue 20's floor for the whole course


def test_the_build_report_says_how_many_claims_were_checked(build):
    counts = re.search(r"claims: (\d+) checked, (\d+) false", build["log"])
    assert counts, build["log"][-3000:]
    checked, false = map(int, counts.groups())
    assert false == 0 and checked >= AT_LEAST, counts.group(0)


def test_every_claim_on_a_page_is_a_mark_the_build_drew(site):
    """Checked claims carry their condition for a screen reader; an unchecked one says
    why, in words; no claim is left as the author's `{{ claim ... }}` text."""
    marks = 0
    for path in sorted(site.rglob("*.html")):
        soup = page_soup(path)
        text = soup.get_text()
        assert "{{" not in text and "}}" not in text, path
        for mark in soup.select("span.claim"):
            marks += 1
            if mark["data-claim"] == "checked":
                assert mark["role"] == "img"
                assert mark["aria-label"].startswith("Checked against")
            else:
                assert mark.get_text().startswith("(not checked: "), mark
    assert marks >= AT_LEAST
