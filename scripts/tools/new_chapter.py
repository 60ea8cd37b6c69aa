"""Start a chapter: all a new chapter needs, so that the strict build passes at once.

    make chapter NAME=layer-norm TITLE="Layer Normalization"
    .venv/bin/python -m scripts.tools.new_chapter layer-norm "Layer Normalization"

Writes, and says so line by line:

- docs/<name>.md: "# N. Title" (N: one after the last numbered chapter of the nav), an
  introduction, a section with a runnable block, a sentence quoting a value of the run
  with {{ }}, a sentence checked against the run ({{ claim }}), and "Check yourself"
  with a predict question answered from the run;
- snippets/<name>/first.py: a first program (seeded, prints, leaves values to quote);
- the nav entry "N. Title: <name>.md" in mkdocs.yml, after the last numbered chapter
  (the print edition, "The whole course", is added after it by its plugin);
- a row "[N. Title](<name>.md)" at the end of the chapter table in docs/index.md;
- notebooks/<name>.ipynb, the chapter's Colab notebook.

It refuses, exits 2 and writes nothing when the name is not lowercase-with-hyphens,
when a page, snippets folder, notebook or nav entry of that name exists, or when
mkdocs.yml or docs/index.md do not look as expected. What it leaves to the author is
listed at the end (AUTHORING.md).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from scripts.paths import DOCS, ROOT, SNIPPETS

NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# A nav line of a numbered chapter: `  - 14. Carry forward: carry-forward.md`
_NAV_CHAPTER = re.compile(r"^(?P<indent>\s*)-\s+\"?(?P<number>\d+)[a-z]?\.\s.*:\s*\S+$")
# A row of the home page's chapter table: `| [14. Carry forward](carry-forward.md) |`
_HOME_ROW = re.compile(r"^\|\s*\[\d+[a-z]?\.\s[^\]]*\]\([^)]+\)\s*\|")
PROGRAM = "first.py"


class Refused(Exception):
    """Why nothing was written."""


def page_text(number: int, name: str, title: str) -> str:
    rel = f"{name}/{PROGRAM}"
    return f"""# {number}. {title}

What this chapter shows, and why a reader wants it, in two or three sentences.

## A first run

Say in one sentence what the program below does, then let the reader see it run.

```python exec="on" predict="shape y"
--8<-- "{rel}"
```

The numbers under the block come from the build's own run of `snippets/{rel}`.
Its rows sum to {{{{ {rel}:total | .4f }}}} in all, and `y` keeps one number per row of
`x`. {{{{ claim {rel}: len(y) == len(x) }}}}

## Check yourself

??? question "Predict: `x` has shape (4, 3). What shape does `x.sum(dim=1)` have?"
    The run says {{{{ {rel}:y_shape }}}}: summing over dimension 1 removes it, one
    number per row.
"""


def program_text(title: str) -> str:
    return f"""# {title}: a first program (replace it with the chapter's own).
import torch

torch.manual_seed(0)  # seeded: every run prints the same numbers

x = torch.randn(4, 3)
y = x.sum(dim=1)
print("x:", tuple(x.shape), "-> y:", tuple(y.shape))
print(y)

total = y.sum().item()  # a value the page quotes
y_shape = str(tuple(y.shape))  # "(4,)"
"""


def _nav_label(number: int, title: str, name: str) -> str:
    label = f"{number}. {title}"
    if re.search(r"[:#\"'\[\]{}&*!|>%@`]", title):
        label = json.dumps(label)  # a YAML double-quoted string
    return f"{label}: {name}.md"


def plan(name: str, title: str, root: Path = ROOT) -> dict[Path, str]:
    """{path: new text} for every file the chapter adds or changes; Refused if it
    cannot."""
    docs, snippets = root / DOCS.relative_to(ROOT), root / SNIPPETS.relative_to(ROOT)
    if not NAME.match(name):
        raise Refused(
            f"'{name}' is not a chapter name: lowercase letters, digits and hyphens, "
            "starting with a letter (e.g. layer-norm)"
        )
    title = " ".join(title.split())
    if not title:
        raise Refused('give the chapter a title: TITLE="Layer Normalization"')
    for taken in (
        docs / f"{name}.md",
        snippets / name,
        root / "notebooks" / f"{name}.ipynb",
    ):
        if taken.exists():
            raise Refused(f"{taken.relative_to(root)} exists already")
    config_path, home_path = root / "mkdocs.yml", docs / "index.md"
    config = config_path.read_text(encoding="utf-8").split("\n")
    if any(line.rstrip().endswith(f" {name}.md") for line in config):
        raise Refused(f"mkdocs.yml already has a nav entry for {name}.md")
    numbered = [k for k, line in enumerate(config) if _NAV_CHAPTER.match(line)]
    if not numbered:
        raise Refused("mkdocs.yml: no numbered chapter in nav: (like '  - 1. X: x.md')")
    last = config[numbered[-1]]
    number = max(int(_NAV_CHAPTER.match(config[k]).group("number")) for k in numbered)
    number += 1
    indent = _NAV_CHAPTER.match(last).group("indent")
    config.insert(numbered[-1] + 1, f"{indent}- {_nav_label(number, title, name)}")
    home = home_path.read_text(encoding="utf-8").split("\n")
    rows = [k for k, line in enumerate(home) if _HOME_ROW.match(line)]
    if not rows:
        raise Refused("docs/index.md: no chapter table (rows like '| [1. X](x.md) |')")
    row = f"| [{number}. {title}]({name}.md) | {title}: what the reader will see |"
    home.insert(rows[-1] + 1, row)
    return {
        docs / f"{name}.md": page_text(number, name, title),
        snippets / name / PROGRAM: program_text(title),
        config_path: "\n".join(config),
        home_path: "\n".join(home),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(
            'usage: python -m scripts.tools.new_chapter NAME "Title"  '
            '(make chapter NAME=layer-norm TITLE="Layer Normalization")',
            file=sys.stderr,
        )
        return 2
    name, title = argv
    try:
        changes = plan(name, title)
    except Refused as why:
        print(f"new chapter not made, nothing written: {why}", file=sys.stderr)
        return 2
    for path, text in changes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        verb = "changed" if path.name in ("mkdocs.yml", "index.md") else "wrote  "
        print(f"{verb} {path.relative_to(ROOT).as_posix()}")
    from scripts.site import downloads  # noqa: PLC0415 - reads the page just written

    page = f"{name}.md"
    notebook = downloads.NOTEBOOKS / f"{name}.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    notebook.write_text(
        downloads.notebook_text(downloads.chapter_notebook(page)), encoding="utf-8"
    )
    print(f"wrote   {notebook.relative_to(ROOT).as_posix()}")
    print(
        f"\nNext: `make serve`, open /{name}/ and write the chapter "
        "(AUTHORING.md).\nAlso: the one-line description in docs/index.md, the "
        "'coming next' box of docs/carry-forward.md,\nand `make test-chapter "
        f"NAME={name}` before you commit."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
