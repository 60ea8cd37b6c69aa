"""The machinery's errors: one base, so a caller can catch "the build said no" at once.

Each message names the file and line at fault (a snippet, a page), the way a compiler
does.
"""


class LessonError(Exception):
    """Raised by the build machinery on purpose; the message names file and line."""


class ProgramError(LessonError):
    """A snippet file or a page that breaks the rules of scripts/run/programs.py."""


class RunError(LessonError):
    """A program failed in a way its file did not announce (or could not run at all)."""


class MeasuredError(LessonError):
    """A {{ file.py:name }} placeholder that the build cannot fill."""


class FigureError(LessonError):
    """A figure helper asked to draw what the program's run does not hold."""


class PredictError(LessonError):
    """A predict="..." option that this block's run cannot answer."""
