"""Issue 28: a build never writes into the source tree, even if a program writes files.

A scratch copy of the project (a git repository of its own, committed) gets one more
program: it saves a checkpoint, loads it back and measures its size, writes a text file,
and writes docs/modules.md, the name of a course page. The page shows it and quotes the
size. After a strict build the copy's `git status` is empty: every file the program
wrote went to its scratch directory (scripts/run/runner.py), and the build itself wrote
only what git ignores (site/, .cache/).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import BUILT_FROM, mkdocs, once_per_run, scratch_project
from tests.site import page_soup, shown_blocks

REL = "modules/checkpoint_roundtrip.py"
PROGRAM = """\
from pathlib import Path

import torch

torch.manual_seed(0)
model = torch.nn.Linear(3, 2)
torch.save(model.state_dict(), "model.pt")
size = Path("model.pt").stat().st_size
again = torch.nn.Linear(3, 2)
again.load_state_dict(torch.load("model.pt", weights_only=True))
Path("side-effect.txt").write_text("written by a program\\n")
Path("docs").mkdir(exist_ok=True)
Path("docs/modules.md").write_text("# overwritten by a program\\n")
print("files:", sorted(p.name for p in Path(".").iterdir()))
print("same weights:", torch.equal(model.weight, again.weight))
"""
PRINTED = "files: ['docs', 'model.pt', 'side-effect.txt']\nsame weights: True"
SECTION = f"""

## A checkpoint on disk

```python exec="on"
--8<-- "{REL}"
```

The checkpoint file holds {{{{ {REL}:size }}}} bytes.
"""


def git(copy: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.fixture(scope="session")
def built(site, tmp_path_factory, testrun_uid) -> dict:
    """The copy, its build's log and return code, and `git status` after the build."""
    return once_per_run("writes-files", testrun_uid, lambda: _built(tmp_path_factory))


def _built(tmp_path_factory) -> dict:
    copy = scratch_project(
        tmp_path_factory.mktemp("writes"), (*BUILT_FROM, ".gitignore")
    )
    (copy / "snippets" / REL).write_text(PROGRAM, encoding="utf-8")
    page = copy / "docs" / "modules.md"
    page.write_text(page.read_text(encoding="utf-8") + SECTION, encoding="utf-8")
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "the copy before its build")
    assert git(copy, "status", "--porcelain") == ""
    proc = mkdocs("build", "--strict", "--site-dir", str(copy / "site"), cwd=copy)
    return {
        "copy": copy,
        "log": proc.stdout,
        "returncode": proc.returncode,
        "status": git(copy, "status", "--porcelain", "--untracked-files=all"),
    }


@pytest.mark.long  # the first to ask for the scratch build
def test_the_build_passes_and_the_page_shows_what_the_program_printed(built):
    assert built["returncode"] == 0, built["log"][-3000:]
    site = built["copy"] / "site"
    [block] = [b for b in shown_blocks(site) if b.snippet == REL]
    assert block.stdout == PRINTED
    text = page_soup(site / "modules" / "index.html").get_text()
    size = next(
        line for line in text.splitlines() if "The checkpoint file holds" in line
    )
    assert size.split("holds ")[1].split(" bytes")[0].isdigit(), size


def test_the_copy_is_unchanged_but_for_what_git_ignores(built):
    copy = built["copy"]
    assert built["status"] == "", (
        "the build changed the copy's files:\n" + built["status"]
    )
    assert not (copy / "model.pt").exists() and not (copy / "side-effect.txt").exists()
    assert "overwritten" not in (copy / "docs" / "modules.md").read_text()
    # What git ignores: the build's output, its caches, Python's bytecode; nothing else
    ignored = git(copy, "status", "--porcelain", "--ignored").splitlines()
    for line in ignored:
        path = line[3:]
        assert path.startswith(("site/", ".cache/")) or "__pycache__" in path, line
