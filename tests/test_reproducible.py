"""Promise 1: two clean builds of the same commit give the same bytes, whichever engine.

The second build runs every program again (LESSON_FRESH=1) in a copy of the project in
another folder, with an execution cache of its own (none), as a second clone would; both
use the same SOURCE_DATE_EPOCH. It builds with the other engine (MkDocs 1.6.1 where the
shared build used ProperDocs, scripts/tools/engine.py), so this also shows that the two
build the same site: the one difference allowed is the generator named in each page's
<meta name="generator">. It needs nothing from the shared build, so it runs while
that one runs, and asks for the shared site only to compare. Every file must be
byte-identical, with one documented exception: numbers measured from a clock (marked
data-varies="timing" by scripts/site/measured.py) differ from run to run by nature.
Those spans, and the same texts in the search index, are masked before comparing;
nothing else is: the verdicts read from those timings, and every claim's mark, must be
the same in both builds.
"""

import re
import shutil

import pytest

from scripts.tools import engine
from tests.conftest import ROOT, mkdocs

# The shared build used engine.name(); this one uses the other.
OTHER_ENGINE = next(e for e in engine.ENGINES if e != engine.name())

# A timing's number is masked; its verdict ("faster", "slower", "no measurable
# difference", quoted from a name with "verdict" in it) is not: two builds must agree on
# every verdict, so a verdict that a noisy machine can flip does not belong on a page.
VARIES = re.compile(
    r'(<span class="measured" data-varies="timing"(?![^>]*verdict)[^>]*>)([^<]*)'
    r"(</span>)"
)


def _volatile(site):
    texts = set()
    for page in site.rglob("*.html"):
        texts.update(
            m.group(2) for m in VARIES.finditer(page.read_text(encoding="utf-8"))
        )
    return texts


# Each engine names itself here ("mkdocs-1.6.1, ..." / "mkdocs-ProperDocs 1.6.7, ...").
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def _masked(path, texts):
    data = path.read_bytes()
    if path.suffix == ".html":
        text = GENERATOR.sub("<meta generator>", data.decode())
        return VARIES.sub(r"\1~\3", text).encode()
    if path.name == "search_index.json":
        text = data.decode()
        for t in sorted(texts, key=len, reverse=True):
            text = text.replace(t, "~")
        return text.encode()
    return data


# What a clone does not have: the git store, the environment, caches and builds.
NOT_IN_A_CLONE = {".git", ".venv", ".cache", "site", "node_modules", ".pytest_cache"}


def _not_in_a_clone(folder: str, names: list[str]) -> set[str]:
    top = NOT_IN_A_CLONE if folder == str(ROOT) else set()
    return {n for n in names if n in top or n == "__pycache__"}


@pytest.mark.long
def test_two_clean_builds_are_byte_identical(request, tmp_path):
    clone = tmp_path / "project"
    shutil.copytree(ROOT, clone, ignore=_not_in_a_clone)
    second = clone / "site"
    proc = mkdocs(
        "build",
        "--strict",
        "--site-dir",
        str(second),
        cwd=clone,
        env={"LESSON_FRESH": "1"},
        engine=OTHER_ENGINE,
    )
    errors = [line for line in proc.stdout.splitlines() if line.startswith("ERROR")]
    assert proc.returncode == 0, "\n".join(errors) or proc.stdout[-3000:]
    site = request.getfixturevalue("site")  # the shared build, only now
    first_files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second_files = sorted(
        p.relative_to(second) for p in second.rglob("*") if p.is_file()
    )
    assert first_files == second_files
    texts = _volatile(site) | _volatile(second)
    differing = [
        str(rel)
        for rel in first_files
        if _masked(site / rel, texts) != _masked(second / rel, texts)
    ]
    assert not differing, f"these files differ between two clean builds: {differing}"
