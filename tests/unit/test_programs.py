"""Program sections: how a snippet is cut, and each rule's error with file and line."""

import pytest

from scripts.errors import LessonError, ProgramError
from scripts.run.programs import raised_as_announced

TWO = """# --8<-- [start:data]
x = 1
# --8<-- [end:data]
# --8<-- [start:show]
print(x)
# --8<-- [end:show]
"""


def test_a_file_without_markers_is_one_whole_section(snippet):
    [whole] = snippet("print(1)\nprint(2)\n").sections()
    assert (whole.name, whole.first_line, whole.code) == ("", 1, "print(1)\nprint(2)")


def test_sections_keep_their_code_and_first_line(snippet):
    data, show = snippet(TWO).sections()
    assert (data.name, data.first_line, data.code) == ("data", 2, "x = 1")
    assert (show.name, show.first_line, show.code) == ("show", 5, "print(x)")


def test_part_label_counts_the_sections(snippet):
    program = snippet(TWO)
    assert program.part("data") == "part 1 of 2"
    assert program.part("show") == "part 2 of 2"
    assert snippet("print(1)\n", "ch/one.py").part("") is None


@pytest.mark.parametrize(
    "text,message",
    [
        ("x = 1\n" + TWO, "snippets/ch/prog.py:1: this line is outside every section"),
        (
            "# --8<-- [start:a]\n# --8<-- [start:b]\n",
            "snippets/ch/prog.py:2: section 'b' starts inside 'a'",
        ),
        (
            "# --8<-- [start:a]\n# --8<-- [end:b]\n",
            "snippets/ch/prog.py:2: end of 'b' but 'a' is open",
        ),
        (
            "# --8<-- [start:a]\nx = 1\n",
            "snippets/ch/prog.py:1: section 'a' is never closed",
        ),
        (TWO + TWO.replace("show", "more"), "a section name is used twice"),
    ],
    ids=["outside", "nested", "wrong end", "unclosed", "twice"],
)
def test_each_broken_rule_names_the_file_and_line(snippet, text, message):
    with pytest.raises(ProgramError, match=message):
        snippet(text).sections()


def test_an_unknown_section_is_named(snippet):
    with pytest.raises(
        ProgramError, match="snippets/ch/prog.py: no section named 'nope'"
    ):
        snippet(TWO).section("nope")


def test_program_errors_are_lesson_errors(snippet):
    """The build reports a LessonError as one line naming file and line, with no
    traceback: a broken program must reach it as one."""
    with pytest.raises(LessonError, match=r"snippets/ch/prog\.py:1: "):
        snippet("x = 1\n" + TWO).sections()


def test_the_announced_exception_is_read_from_the_first_lines(snippet):
    assert snippet("# raises: torch.cuda.OutOfMemoryError\nx = 1\n").raises == (
        "torch.cuda.OutOfMemoryError"
    )
    assert snippet("x = 1\n", "ch/plain.py").raises is None
    late = "\n" * 10 + "# raises: ValueError\n"
    assert snippet(late, "ch/late.py").raises is None  # only the first ten lines count


def test_raises_means_the_class_name_matches_the_announced_name():
    assert raised_as_announced("OutOfMemoryError", "torch.cuda.OutOfMemoryError")
    assert raised_as_announced("RuntimeError", "RuntimeError")
    assert not raised_as_announced("ValueError", "RuntimeError")
    assert not raised_as_announced("RuntimeError", None)


def test_a_program_that_reads_a_clock_measures_time(snippet):
    assert snippet("import time\nt = time.perf_counter()\n").measures_time
    assert not snippet("x = 1\n", "ch/calm.py").measures_time
