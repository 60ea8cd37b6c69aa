"""Promise 1 starts here: the site builds with --strict, and any warning stops it."""

import re

import pytest

pytestmark = pytest.mark.every_chapter  # `--chapter NAME` runs these too


def test_strict_build_passes_without_warnings(build):
    problems = [
        line
        for line in build["log"].splitlines()
        if re.match(r"^(WARNING|ERROR)\b", line)
    ]
    assert build["returncode"] == 0 and not problems, build["log"][-6000:]


def test_build_report_lists_the_programs(build):
    assert re.search(r"lesson: \d+ programs, \d+ executed, \d+ reused", build["log"]), (
        build["log"][-3000:]
    )
