"""Downloads for each chapter: one runnable .py and one Jupyter notebook, made from
snippets/.

A reader who wants to run a chapter at home should not have to copy twenty blocks. For
every page of docs/ that shows reader programs this module writes:

- `<chapter>.py`: every program of the page, whole, in the order the page first shows
  it, each part preceded by a comment naming its snippet file. `python <chapter>.py`
  prints exactly what the page's output boxes show, one program after another. A program
  that teaches an error (`# raises: X`) is wrapped in `try:` / `except X`, and the
  handler prints the error the way the page's error box shows it (a copy of the build's
  own error_text, scripts/run/child.py), so the script goes on.
- `<chapter>.ipynb`: the page's `##`/`###` headings and one code cell per block, outputs
  cleared. The cell where a program raises its taught error is tagged
  `raises-exception`, so "run all" (and nbclient) goes past it.

Both are generated, never edited: they carry a note saying so. Generation is
deterministic (no timestamps, no random cell ids), so two runs give the same bytes.

Plain Python (no MkDocs); `python -m scripts.site.downloads DIR` writes everything into
DIR.
"""

from __future__ import annotations

import builtins
import hashlib
import inspect
import io
import json
import re
import sys
import tokenize
from pathlib import Path
from urllib.parse import urlparse

import nbformat
from nbformat import v4

from scripts.errors import ProgramError
from scripts.paths import CACHE, DOCS, ROOT, SNIPPETS
from scripts.run import cache
from scripts.run.child import error_text
from scripts.run.programs import WHOLE, Block, Program, scan_page

EXERCISE_PAGE = "exercise.md"
EXERCISE_DIR = "exercise"

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


# ------------------------------------------------------------------------ reading pages


def _page_text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def chapter_blocks(page: str) -> list[Block]:
    """The reader blocks of docs/<page>, in page order (build-helper blocks left
    out)."""
    return [
        b for b in scan_page(page, _page_text(page)).blocks if b.program is not None
    ]


def _markdown_lines(text: str):
    """(1-based line number, line) for the lines of a page outside code fences and front
    matter."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                start = index + 1
                break
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                continue
            yield index + 1, line
        elif (
            match
            and match.group(1)[0] == fence[0]
            and len(match.group(1)) >= len(fence)
            and not line.strip()[len(match.group(1)) :].strip()
        ):
            fence = None


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(line, level, the heading line as written) for every ATX heading outside code."""
    found = []
    for number, line in _markdown_lines(text):
        match = _HEADING.match(line)
        if match:
            found.append((number, len(match.group(1)), line.rstrip()))
    return found


def chapter_title(page: str) -> str:
    """The page's first "# " heading (the file name when it has none)."""
    for _, level, line in _headings(_page_text(page)):
        if level == 1:
            return _HEADING.match(line).group(2).strip()
    return Path(page).stem


def chapter_name(page: str) -> str:
    """The file name (without extension) of a page's downloads: its path without .md."""
    return page.removesuffix(".md").replace("/", "-")


# -------------------------------------------------------------------- the program order


def programs_in_order(blocks: list[Block]) -> list[Program]:
    """Each program once, at its first appearance on the page."""
    seen: dict[str, Program] = {}
    for block in blocks:
        seen.setdefault(block.program.rel, block.program)
    return list(seen.values())


def part_label(program: Program, name: str) -> str:
    """The comment that heads a section in a download: the file, 'part k of n
    (name)'."""
    part = program.part(name)
    return program.display if part is None else f"{program.display}, {part} ({name})"


def _except_clause(raises: str) -> tuple[str, list[str]]:
    """The `except` line for an announced exception, and any lines the handler needs
    first.

    A builtin name (RuntimeError) or a dotted one (torch.cuda.OutOfMemoryError) is
    caught by name. A bare non-builtin name may not exist as a global of the script, so
    it is caught as Exception and re-raised unless the type's name matches, the way the
    build compares it (scripts.run.programs.raised_as_announced).
    """
    if "." in raises or isinstance(getattr(builtins, raises, None), type):
        return f"except {raises} as error:", []
    return "except Exception as error:", [
        f'if type(error).__name__ != "{raises}":',
        "    raise",
    ]


def _string_continuation_lines(code: str) -> set[int]:
    """1-based lines that lie inside a multi-line string (after its first line).

    Indenting those lines would change the string, so the try-wrapper leaves them alone.
    """
    inside: set[int] = set()
    open_fstrings: list[int] = []
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    for token in tokenize.generate_tokens(io.StringIO(code + "\n").readline):
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            inside.update(range(token.start[0] + 1, token.end[0] + 1))
        elif fstring_start is not None and token.type == fstring_start:
            open_fstrings.append(token.start[0])
        elif fstring_end is not None and token.type == fstring_end and open_fstrings:
            first = open_fstrings.pop()
            if not open_fstrings and token.end[0] > first:
                inside.update(range(first + 1, token.end[0] + 1))
    return inside


def indent_code(code: str, prefix: str = "    ") -> str:
    """`code` one block deeper, same meaning: blank lines and lines inside strings
    untouched."""
    keep = _string_continuation_lines(code)
    return "\n".join(
        line if (not line.strip() or number in keep) else prefix + line
        for number, line in enumerate(code.split("\n"), 1)
    )


def _program_code(program: Program) -> str:
    """The whole program, each part headed by a comment naming its file (and part k of
    n)."""
    sections = program.sections()
    parts = []
    for section in sections:
        label = part_label(program, section.name)
        parts.append(f"# {label}\n{section.code.strip(chr(10))}")
    return "\n\n".join(parts)


def _script_entry(program: Program) -> str:
    rule = "# " + "-" * 77
    code = _program_code(program)
    raises = program.raises
    if not raises:
        return f"{rule}\n{code}\n"
    clause, guard = _except_clause(raises)
    handler = guard + [
        "import traceback",
        "",
        'print(error_text("".join(traceback.format_exception_only(error))))',
    ]
    return (
        f"{rule}\n"
        f"# {program.display} raises {raises} on purpose: the chapter teaches this "
        "error.\n"
        "# Here it is caught and printed as the page shows it, so the script goes "
        "on.\n"
        f"try:\n{indent_code(code)}\n"
        f"{clause}\n"
        + "\n".join(("    " + line) if line else "" for line in handler)
        + "\n"
    )


def _error_text_source() -> str:
    """The function a script prints its taught errors with: the build's own
    (scripts/run/child.py, error_text), copied, so that both sides follow one rule."""
    return (
        "# Prints a taught error the way the course's pages show it.\n"
        + inspect.getsource(error_text)
    )


def chapter_script(page: str) -> str:
    """A runnable .py with every program of docs/<page>, whole, in page order."""
    blocks = chapter_blocks(page)
    programs = programs_in_order(blocks)
    name = chapter_name(page)
    files = "\n".join(f"    {p.display}" for p in programs)
    header = (
        f'"""{chapter_title(page)}: every program of this chapter, in the order the '
        "page shows them.\n"
        "\n"
        "Generated from these files by scripts/site/downloads.py; do not edit (change "
        "the snippets):\n"
        f"{files}\n"
        "\n"
        f"Run it with:  python {name}.py   (it needs Python 3 and torch; nothing else "
        "from the course)\n"
        "Each program seeds its own randomness, so what it prints is what the page's "
        "output boxes\n"
        "show, one program after another.\n"
        '"""\n'
    )
    helper = "\n\n" + _error_text_source() if any(p.raises for p in programs) else ""
    return header + helper + "".join("\n\n" + _script_entry(p) for p in programs)


# --------------------------------------------------------------------------- notebooks


def _notebook(cells: list) -> dict:
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index}"
    nb = v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": dict(_KERNELSPEC),
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(nb)
    return nb


def _kept_headings(text: str, blocks: list[Block]) -> list[tuple[int, str]]:
    """The ## and ### headings whose part of the page holds a reader block, with their
    line."""
    headings = _headings(text)
    lines = [b.line for b in blocks]
    kept = []
    for position, (line, level, written) in enumerate(headings):
        if level not in (2, 3):
            continue
        end = next(
            (n for n, lv, _ in headings[position + 1 :] if lv <= level), float("inf")
        )
        if any(line < block_line < end for block_line in lines):
            kept.append((line, written))
    return kept


def _code_cells(
    blocks: list[Block], text: str, *, notes=None, cell_metadata=None
) -> list:
    """Markdown cells for kept headings, and one code cell per block, in page order.

    A block shows one section; a program's sections run in their own order however the
    page arranges them, so a block emits every section of its program not yet emitted up
    to its own, and the program's last block also emits whatever sections the page never
    shows. Re-showing a section already emitted adds no cell (running it twice would
    change state).
    """
    headings = _kept_headings(text, blocks)
    last_block = {b.program.rel: i for i, b in enumerate(blocks)}
    emitted: dict[str, int] = {}  # program -> number of its sections already emitted
    cells = []
    for index, block in enumerate(blocks):
        pending = [h for n, h in headings if n < block.line]
        headings = [(n, h) for n, h in headings if n >= block.line]
        if pending:
            cells.append(v4.new_markdown_cell("\n\n".join(pending)))
        program = block.program
        sections = program.sections()
        names = [s.name for s in sections]
        done = emitted.get(program.rel, 0)
        if done == 0 and notes:
            note = notes(program)
            if note:
                cells.append(v4.new_markdown_cell(note))
        upto = names.index(block.section) + 1 if block.section != WHOLE else len(names)
        if last_block[program.rel] == index:
            upto = len(names)
        for k in range(done, max(done, upto)):
            section = sections[k]
            label = part_label(program, section.name)
            source = f"# {label}\n{section.code.strip(chr(10))}"
            metadata = dict(cell_metadata(program) if cell_metadata else {})
            if program.raises and k == len(sections) - 1:
                source = (
                    f"# This cell raises {program.raises} on purpose: the chapter "
                    "teaches this error.\n" + source
                )
                metadata["tags"] = ["raises-exception"]
            cells.append(v4.new_code_cell(source, metadata=metadata))
        emitted[program.rel] = max(done, upto)
    return cells


def chapter_notebook(page: str) -> dict:
    """docs/<page> as a notebook: its title, its headings, one code cell per reader
    block."""
    text = _page_text(page)
    blocks = chapter_blocks(page)
    files = ", ".join(f"`{p.display}`" for p in programs_in_order(blocks))
    intro = v4.new_markdown_cell(
        f"# {chapter_title(page)}\n\n"
        f"This notebook holds the chapter's programs ({files}), as the course "
        "site shows them. Run the cells from top to bottom: each program seeds its own "
        "randomness, so the outputs match the ones on the page."
    )
    return _notebook([intro] + _code_cells(blocks, text))


_ROLES = {
    "starter": "**Your turn.** The starter program runs as it is, with a stand-in "
    "model that predicts 0. "
    "Fill in its TODOs, run the cell again, and aim for a loss far below the "
    "stand-in's.",
    "solution": "**A reference solution.** Try the starter first. The solution's code "
    "is collapsed, here and in "
    "Jupyter; open it to compare with yours.",
    "bonus": "**Bonus.** SGD against Adam, over several seeds: how many steps until "
    "the loss drops below "
    "the threshold?",
}


def exercise_notebook() -> dict:
    """The exercise as a notebook: starter to fill in, the solution (collapsed), the
    bonus."""
    text = _page_text(EXERCISE_PAGE)
    blocks = chapter_blocks(EXERCISE_PAGE)
    title = chapter_title(EXERCISE_PAGE)
    intro = v4.new_markdown_cell(
        f"# {title}\n\n"
        f"This notebook holds the exercise's programs (`snippets/{EXERCISE_DIR}/`), "
        "as the course site shows them. "
        "Edit the starter's cell, run it, then compare with the reference solution."
    )

    def note(program: Program) -> str:
        role = _ROLES.get(program.path.stem, "")
        return f"`{program.display}`" + (f"\n\n{role}" if role else "")

    def hidden(program: Program) -> dict:
        return (
            # collapsed in Jupyter; on the site's notebook page the tag's class
            # (celltag_solution) is what docs/assets/predict.js collapses
            {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
            if program.path.stem == "solution"
            else {}
        )

    return _notebook(
        [intro] + _code_cells(blocks, text, notes=note, cell_metadata=hidden)
    )


# -------------------------------------------------------- the exercise's starter, alone

# What the exercise page links: the starter and a check, never the solution or the bonus
# (both are on the page, collapsed; the full exercise.py/.ipynb still hold them).
STARTER_NAME = "exercise-starter"


def _starter_program() -> Program:
    return Program(SNIPPETS / EXERCISE_DIR / "starter.py")


def check_source() -> str:
    """`check(model, losses, x, y)`: the page's checks of the trained model
    (scripts/site/grading.py: the fit and the architecture), in plain Python and torch,
    for a learner to run on their own model. Its thresholds are grading.py's."""
    from scripts.site import grading

    return _CHECK.format(
        hidden=grading.HIDDEN,
        max_steps=grading.MAX_STEPS,
        threshold=grading.FIT_THRESHOLD,
    )


# What the learner runs on their own model; {names} are grading.py's values, {{ }} are
# the check's own f-strings.
_CHECK = '''# ---- check your model: the exercise page's checks, on your own run ----
def check(model, losses, x, y):
    """Prints each check of the exercise page; True when all pass."""
    import torch
    import torch.nn as nn

    results = []
    linear = [m for m in model.modules() if isinstance(m, nn.Linear)]
    sizes = [(m.in_features, m.out_features) for m in linear]
    want = [(1, {hidden}), ({hidden}, 1)]
    results.append((
        sizes == want,
        f"two nn.Linear layers, 1 -> {hidden} -> 1 (found {{sizes}})",
    ))
    nested = any(isinstance(m, nn.Sequential) for m in model.modules())
    results.append((not nested, "no nn.Sequential: layers set as attributes"))
    steps = len(losses)
    results.append((
        0 < steps <= {max_steps},
        f"a loss per step, at most {max_steps} steps (found {{steps}})",
    ))
    with torch.no_grad():
        mse = nn.functional.mse_loss(model(x), y).item()
    results.append((
        mse < {threshold},
        f"final MSE below {threshold} (yours: {{mse:.5f}})",
    ))
    for ok, what in results:
        print(("PASS      " if ok else "NOT YET   ") + what)
    return all(ok for ok, _ in results)


if "losses" in globals():
    check(model, losses, x, y)
else:
    print("check: not run yet; it runs once TODO 4 makes the list `losses`")
'''


def starter_script() -> str:
    """exercise-starter.py: the starter program and the check, no solution."""
    program = _starter_program()
    header = (
        '"""Exercise: the starter program, and a check of your model.\n'
        "\n"
        "Generated from snippets/exercise/starter.py by scripts/site/downloads.py; do "
        "not edit.\n"
        "Fill in the TODOs, then run it:  python exercise-starter.py\n"
        "The check at the end applies the exercise page's checks to your model and "
        "losses.\n"
        "The reference solution is on the page, collapsed: try this first.\n"
        '"""\n'
    )
    rule = "# " + "-" * 77
    return f"{header}\n{rule}\n{_program_code(program)}\n\n\n{check_source()}"


def starter_notebook() -> dict:
    """exercise-starter.ipynb: the starter's cell to fill in, then the check; no
    solution, no bonus."""
    program = _starter_program()
    intro = v4.new_markdown_cell(
        "# Exercise: fit sin(x) with a two-layer network\n\n"
        f"The starter program (`{program.display}`), as the course site shows it. "
        "Fill in its TODOs and run the cell, then run the check below it: it applies "
        "the exercise page's checks to your model and losses. The reference solution "
        "is on the page, collapsed: try this first."
    )
    cells = [intro, v4.new_code_cell(_program_code(program))]
    cells.append(v4.new_code_cell(check_source().rstrip("\n")))
    return _notebook(cells)


def download_name(page: str) -> str:
    """The file name (no extension) a page's download bar links: the exercise page
    links the starter alone."""
    return STARTER_NAME if page == EXERCISE_PAGE else chapter_name(page)


# --------------------------------------------------------------------------- writing


def publish_address(env: dict[str, str]) -> tuple[str, str, str] | None:
    """(repo_url, repo_name, site_url) of the GitHub repository the build runs for.

    GitHub Actions sets GITHUB_REPOSITORY ("owner/name") and GITHUB_REPOSITORY_OWNER, so
    a fork's deploy workflow publishes links to the fork without editing a file. Pages
    serves a repository at https://<owner, lowercase>.github.io/<name>/
    (<owner>.github.io at /). None outside GitHub.
    """
    owner, _, name = env.get("GITHUB_REPOSITORY", "").strip().partition("/")
    owner = env.get("GITHUB_REPOSITORY_OWNER", "").strip() or owner
    if not owner or not name:
        return None
    host = f"{owner.lower()}.github.io"
    site_url = f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"
    return f"https://github.com/{owner}/{name}", name, site_url


def write_exercise_notebook(notebook: Path) -> None:
    """The exercise as a notebook (the notebook page), rewritten only when its bytes
    change (mkdocs-jupyter's cache holds). An empty one when a page's include is
    broken: that page reports it."""
    notebook.parent.mkdir(parents=True, exist_ok=True)
    try:
        text = _files()[f"{chapter_name(EXERCISE_PAGE)}.ipynb"]
    except ProgramError:  # another chapter's, perhaps: that page reports it
        try:
            text = notebook_text(exercise_notebook())
        except ProgramError:
            text = notebook_text(v4.new_notebook())
    if not notebook.exists() or notebook.read_text(encoding="utf-8") != text:
        notebook.write_text(text, encoding="utf-8")


def colab_url(repo_url: str, path: str, branch: str = "main") -> str | None:
    """The Colab link that opens a notebook of a GitHub repository; None for other
    hosts."""
    parsed = urlparse(repo_url.strip())
    if parsed.scheme not in ("https", "http") or parsed.netloc.lower() not in (
        "github.com",
        "www.github.com",
    ):
        return None
    parts = [p for p in parsed.path.split("/") if p]
    if len(parts) < 2:
        return None
    owner, repo = parts[0], parts[1].removesuffix(".git")
    return f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/{path.lstrip('/')}"


def notebook_text(nb: dict) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def chapter_pages() -> list[str]:
    """The pages of docs/ that show reader programs, sorted."""
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        page = path.relative_to(DOCS).as_posix()
        if chapter_blocks(page):
            pages.append(page)
    return pages


def _files() -> dict[str, str]:
    """Every download's name and text, made from docs/, snippets/ and scripts/ alone,
    so a build where none of them changed reuses the last build's (.cache/render/)."""
    digest = hashlib.sha256(f"nbformat {nbformat.__version__}".encode())
    sources = ((DOCS, "*.md"), (SNIPPETS, "*.py"), (ROOT / "scripts", "*.py"))
    for folder, pattern in sources:
        for path in sorted(folder.rglob(pattern)):
            digest.update(b"\0" + path.relative_to(ROOT).as_posix().encode())
            digest.update(b"\0" + cache.file_bytes(path))
    key = "downloads-" + digest.hexdigest()[:32]
    files = cache.load(key, CACHE / "render")
    if files is None:
        files = _make_files()
        cache.store(key, files, CACHE / "render")
    return files


def _make_files() -> dict[str, str]:
    files = {}
    pages = chapter_pages()
    for page in pages:
        name = chapter_name(page)
        nb = exercise_notebook() if page == EXERCISE_PAGE else chapter_notebook(page)
        files[f"{name}.py"] = chapter_script(page)
        files[f"{name}.ipynb"] = notebook_text(nb)
    if EXERCISE_PAGE in pages:
        files[f"{STARTER_NAME}.py"] = starter_script()
        files[f"{STARTER_NAME}.ipynb"] = notebook_text(starter_notebook())
    return files


def write_all(out_dir: Path) -> list[Path]:
    """Write <chapter>.py and <chapter>.ipynb for every page with reader blocks; the
    paths, sorted."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _files().items():
        path = out_dir / name
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        written.append(path)
    return sorted(written)


# committed copies, so that "Open in Colab" links resolve on GitHub
NOTEBOOKS = ROOT / "notebooks"


def write_notebooks(out_dir: Path = NOTEBOOKS) -> list[Path]:
    """Only the .ipynb files of write_all: what Colab opens from the repository."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.ipynb"):
        stale.unlink()
    written = []
    for page in chapter_pages():
        nb = exercise_notebook() if page == EXERCISE_PAGE else chapter_notebook(page)
        path = out_dir / f"{chapter_name(page)}.ipynb"
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(notebook_text(nb))
        written.append(path)
    if EXERCISE_PAGE in chapter_pages():
        path = out_dir / f"{STARTER_NAME}.ipynb"
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(notebook_text(starter_notebook()))
        written.append(path)
    return sorted(written)


def refresh_notebooks(out_dir: Path = NOTEBOOKS) -> list[str]:
    """Write the committed notebooks again; one line for each that changed, so an
    author sees what to commit."""
    before = {p.name: p.read_bytes() for p in Path(out_dir).glob("*.ipynb")}
    after = {p.name: p.read_bytes() for p in write_notebooks(out_dir)}
    lines = [
        f"{'new' if name not in before else 'changed'}: {Path(out_dir) / name}"
        for name in sorted(after)
        if before.get(name) != after[name]
    ]
    lines += [
        f"removed: {Path(out_dir) / name}" for name in sorted(set(before) - set(after))
    ]
    return lines + [f"notebooks: {len(lines)} of {len(after)} changed"]


def main(argv: list[str]) -> int:
    if argv == ["--notebooks"]:
        print("\n".join(refresh_notebooks()))
        return 0
    if len(argv) == 1:
        paths = write_all(Path(argv[0]))
    else:
        print(
            "usage: python -m scripts.site.downloads DIR | --notebooks", file=sys.stderr
        )
        return 2
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
