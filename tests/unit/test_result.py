"""A run's "problem": every way a run can break what its file promises."""

import pytest

from scripts.run.result import Raised, Result, Run, SectionRun

TWO = (
    "# --8<-- [start:a]\nx = 1\n# --8<-- [end:a]\n"
    "# --8<-- [start:b]\ny = 2\n# --8<-- [end:b]\n"
)
BOOM = Raised("ValueError", "ValueError: boom", "Traceback ...\nValueError: boom\n")


def section(name, error=None):
    return SectionRun(name, "", error, 0.0)


def result(program, *sections, executed=True):
    return Result(program, Run(tuple(sections)), 0.0, False, executed=executed)


def test_a_clean_run_has_no_problem(snippet):
    assert result(snippet(TWO), section("a"), section("b")).problem() is None


def test_a_run_that_did_not_execute_has_no_problem(snippet):
    assert result(snippet(TWO), section("a", BOOM), executed=False).problem() is None


def test_an_error_in_an_earlier_section_is_the_problem(snippet):
    program = snippet("# raises: ValueError\n" + TWO)
    problem = result(program, section("a", BOOM), section("b", BOOM)).problem()
    assert problem == BOOM.traceback


def test_an_unannounced_error_is_the_problem(snippet):
    assert result(snippet(TWO), section("a"), section("b", BOOM)).problem() == (
        BOOM.traceback
    )


def test_an_error_other_than_the_announced_one_says_what_was_announced(snippet):
    program = snippet("# raises: RuntimeError\n" + TWO)
    problem = result(program, section("a"), section("b", BOOM)).problem()
    assert problem == "(the file announces RuntimeError)\n" + BOOM.traceback


def test_an_announced_error_that_never_came_is_the_problem(snippet):
    program = snippet("# raises: ValueError\n" + TWO)
    assert result(program, section("a"), section("b")).problem() == (
        "snippets/ch/prog.py: the file announces '# raises: ValueError' "
        "but nothing was raised"
    )


def test_the_announced_error_at_the_end_is_no_problem(snippet):
    program = snippet("# raises: builtins.ValueError\nraise ValueError('boom')\n")
    assert result(program, section("", BOOM)).problem() is None


def test_a_run_that_stopped_early_is_the_problem(snippet):
    assert result(snippet(TWO), section("a")).problem() == (
        "snippets/ch/prog.py: stopped after section 'a'"
    )


@pytest.mark.parametrize(
    "data",
    [
        {
            "sections": [{"name": "", "stdout": "1\n", "error": None, "seconds": 0.1}],
            "values": {"x": 1},
            "torch": "2.13.0",
            "device": "cpu",
            "python": "3.11.7",
        },
    ],
)
def test_the_json_of_a_run_reads_back_the_same(data):
    run = Run.from_json(data)
    assert run.section("").stdout == "1\n" and run.values == {"x": 1}
    assert Run.from_json(run.to_json()) == run
