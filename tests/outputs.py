"""Comparing what a page shows with what a fresh run prints.

Exact text first. If that fails, the one tolerance allowed: two texts match when they
are the same word for word and every pair of numbers differs by at most one unit in the
last decimal place the program printed (a value sitting on a rounding boundary can print
as 0.0026 on one CPU and 0.0027 on another). Integers, words, shapes and dtypes must
match exactly; nothing else is forgiven.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+", re.I)


def _tokens(text: str):
    return _NUMBER.split(text), _NUMBER.findall(text)


def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    if "." not in a or "." not in b:
        return False  # integers print exactly or not at all
    mantissa_a, _, exp_a = a.lower().partition("e")
    mantissa_b, _, exp_b = b.lower().partition("e")
    if exp_a != exp_b or len(mantissa_a.split(".")[1]) != len(mantissa_b.split(".")[1]):
        return False
    unit = 10.0 ** -len(mantissa_a.split(".")[1])
    return abs(float(mantissa_a) - float(mantissa_b)) <= unit * 1.0001


def outputs_match(shown: str, ran: str) -> bool:
    shown, ran = shown.rstrip("\n"), ran.rstrip("\n")
    if shown == ran:
        return True
    words_a, numbers_a = _tokens(shown)
    words_b, numbers_b = _tokens(ran)
    return (
        words_a == words_b
        and len(numbers_a) == len(numbers_b)
        and all(_close(a, b) for a, b in zip(numbers_a, numbers_b, strict=True))
    )
