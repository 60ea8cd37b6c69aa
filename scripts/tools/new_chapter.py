"""Start a chapter: all a new chapter needs, so that the strict build passes at once.

    make chapter NAME=layer-norm TITLE="Layer Normalization"
    .venv/bin/python -m scripts.tools.new_chapter layer-norm "Layer Normalization"

Writes, and says so line by line:

The new chapter goes before the closing chapter (the last numbered entry of the nav,
today "Carry forward"), takes its number N, and the closing chapter moves on to N+1.

- docs/<name>.md: "# N. Title", an introduction, a section with a runnable block, a
  sentence quoting a value of the run with {{ }}, a sentence checked against the run
  ({{ claim }}), and "Check yourself" with a predict question answered from the run;
- snippets/<name>/first.py: a first program (seeded, prints, leaves values to quote;
  no sections, so its header comment is part of the one block that shows it);
- the nav entry "N. Title: <name>.md" in mkdocs.yml, before the closing chapter (the
  print edition, "The whole course", is added after the last entry by its plugin);
- a row "[N. Title](<name>.md)" in the chapter table of docs/index.md, before the
  closing chapter's row;
- the closing chapter renumbered N+1: its nav label (and a lettered entry after it,
  "Nb."), its page's title, its home-page row, and every "chapter N" in the prose of
  docs/*.md;
- notebooks/<name>.ipynb, the chapter's Colab notebook, and the notebooks of the pages
  changed above written again (a notebook carries its page's title).

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
_NAV_CHAPTER = re.compile(
    r"^(?P<indent>\s*)-\s+\"?(?P<number>\d+)(?P<sub>[a-z]?)\.\s.*:\s*(?P<page>\S+)$"
)
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


def _renumbered(line: str, match: re.Match, number: int) -> str:
    """`line` with the number `match` found in it replaced by `number`."""
    return line[: match.start("number")] + str(number) + line[match.end("number") :]


def _chapter_links(text: str, old: int, new: int) -> str:
    """'chapter <old>' (and 'Chapter <old>b') in prose, as 'chapter <new>'."""
    return re.sub(
        rf"\b([Cc]hapter\s+){old}(?!\d)", lambda m: f"{m.group(1)}{new}", text
    )


def plan(name: str, title: str, root: Path = ROOT) -> dict[Path, str]:
    """{path: new text} for every file the chapter adds or changes; Refused if it
    cannot.

    The new chapter takes the place of the closing chapter (the last numbered entry of
    the nav, with the lettered entries that follow it, like a "14b."), which moves one
    number on: its nav labels, its page titles, its rows on the home page and the
    "chapter N" mentions in the pages' prose."""
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
    entries = [
        (k, m) for k, line in enumerate(config) if (m := _NAV_CHAPTER.match(line))
    ]
    chapters = [(k, m) for k, m in entries if not m.group("sub")]
    if not chapters:
        raise Refused("mkdocs.yml: no numbered chapter in nav: (like '  - 1. X: x.md')")
    closing_line, closing = chapters[-1]
    number = int(closing.group("number"))  # the new chapter's; the closing one moves on
    moved = [  # the closing chapter and its lettered entries ("14b")
        (k, m)
        for k, m in entries
        if k >= closing_line and int(m.group("number")) == number
    ]
    texts: dict[Path, str] = {}
    for k, m in moved:
        config[k] = _renumbered(config[k], m, int(m.group("number")) + 1)
        page = docs / m.group("page")
        if page.suffix != ".md":
            continue  # a notebook entry: its title is its notebook's
        lines = page.read_text(encoding="utf-8").split("\n")
        heading = re.match(rf"^# {m.group('number')}{m.group('sub')}\. ", lines[0])
        if not heading:
            raise Refused(
                f"{page.relative_to(root)}: the title is not "
                f"'# {m.group('number')}{m.group('sub')}. ...'"
            )
        lines[0] = f"# {number + 1}{m.group('sub')}. {lines[0][heading.end() :]}"
        texts[page] = "\n".join(lines)
    indent = closing.group("indent")
    config.insert(closing_line, f"{indent}- {_nav_label(number, title, name)}")
    home = home_path.read_text(encoding="utf-8").split("\n")
    rows = [k for k, line in enumerate(home) if _HOME_ROW.match(line)]
    if not rows:
        raise Refused("docs/index.md: no chapter table (rows like '| [1. X](x.md) |')")
    closing_row = None
    for _, m in moved:
        cell = re.compile(
            rf"^(\|\s*\[){m.group('number')}({m.group('sub')}\.\s[^\]]*\]"
            rf"\({re.escape(m.group('page'))}\))"
        )
        found = [k for k in rows if cell.match(home[k])]
        if not found:
            raise Refused(f"docs/index.md: no chapter table row for {m.group('page')}")
        home[found[0]] = cell.sub(rf"\g<1>{number + 1}\g<2>", home[found[0]])
        closing_row = found[0] if closing_row is None else closing_row
    row = f"| [{number}. {title}]({name}.md) | {title}: what the reader will see |"
    home.insert(closing_row, row)
    texts[home_path] = "\n".join(home)
    for page in sorted(docs.glob("*.md")):
        text = texts.get(page) or page.read_text(encoding="utf-8")
        linked = _chapter_links(text, number, number + 1)
        if linked != text:
            texts[page] = linked
    return {
        docs / f"{name}.md": page_text(number, name, title),
        snippets / name / PROGRAM: program_text(title),
        config_path: "\n".join(config),
        **texts,
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
        verb = "changed" if path.exists() else "wrote  "
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{verb} {path.relative_to(ROOT).as_posix()}")
    from scripts.site import downloads  # noqa: PLC0415 - reads the pages just written

    # The notebooks carry the titles and headings: the new chapter's, and those of the
    # pages renumbered above, are written again from the pages as they are now.
    pages = {
        path.relative_to(DOCS).as_posix() for path in changes if path.suffix == ".md"
    }
    for page in sorted(pages & set(downloads.chapter_pages())):
        notebook = downloads.NOTEBOOKS / f"{downloads.chapter_name(page)}.ipynb"
        verb = "changed" if notebook.exists() else "wrote  "
        made = (
            downloads.exercise_notebook()
            if page == downloads.EXERCISE_PAGE
            else downloads.chapter_notebook(page)
        )
        notebook.parent.mkdir(parents=True, exist_ok=True)
        notebook.write_text(downloads.notebook_text(made), encoding="utf-8")
        print(f"{verb} {notebook.relative_to(ROOT).as_posix()}")
    print(
        f"\nNext: `make serve`, open /{name}/ and write the chapter "
        "(AUTHORING.md).\nAlso: the one-line description in docs/index.md, the "
        "'Next up' box of docs/carry-forward.md,\nand `make test-chapter "
        f"NAME={name}` before you commit."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
