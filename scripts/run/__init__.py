"""Running reader programs: find them, run each in a fresh interpreter, cache the
result.

Stdlib only (torch is imported by the programs themselves, in the child): the record
command runs from here on a GPU machine that has python3 and torch and nothing else.
"""
