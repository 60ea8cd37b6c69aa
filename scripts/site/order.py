"""The order rule: every API a reader program uses is named in prose first.

The course is read in nav order (mkdocs.yml), each page top to bottom. A program's
code reaches the reader at the include line that shows it (`--8<-- "ch/file.py"` or
one section of it, `"ch/file.py:section"`). Each API that code uses must be named in
the prose of that page above the include, or on an earlier page; only its first use
in the course is checked (later uses follow from it).

What counts as an API a program uses (read from its source with `ast`, not run):

- a name reached through an import, called or not: `torch.manual_seed(0)`,
  `nn.MSELoss()`, `class Net(nn.Module)`, `torch.float16`, `DataLoader(...)` after
  `from torch.utils.data import DataLoader`; named in full (`torch.nn.MSELoss`);
- a method call on anything else: `loss.item()` is `.item`, `opt.zero_grad()` is
  `.zero_grad`;
- a read or a write of one of TRACKED_ATTRIBUTES (`x.grad`, `y.grad_fn`,
  `x.grad = None`): the few attributes the course's story rests on. Other attributes
  (`layer.weight`, `fn.next_functions`) are not checked.

Not checked: names the program defines itself (its functions, its classes and what
it assigns on `self`, such as `self.head`), calling a variable (`model(x)`,
`loss_fn(p, y)`), keyword arguments (`requires_grad=True`), operators (`@`, `+=`), and
PYTHON_BASICS, what the reader knows before the course.

Named in prose: a code span (backticks) in the page's Markdown outside fences, HTML
comments and `{{ }}`. Each dotted name in the span is read with the course's aliases
expanded (`nn.` is `torch.nn.`, `F.` is `torch.nn.functional.`, `np.` is `numpy.`) and
its call parentheses dropped. It names an API when their last parts agree
(`no_grad()` names `torch.no_grad`, `loss.item()` and `.item()` name `.item`), except
that:

- a name that starts with a module (`torch.`, `numpy.`) names only that same module
  API, and the modules on its way: `torch.cuda.manual_seed` does not name
  `torch.manual_seed`; `torch.backends.mps.is_available` names `torch.backends`;
- a name written on an object (`x.grad`, `.grad`) names a method or an attribute
  only, never a module's function: `x.grad` does not name `torch.autograd.grad`.

The home page (`overview` in `problems`) is checked on its own: its map lists every
chapter's names ahead of their lessons.

Plain Python (no torch); tests/test_order.py runs it over the course and
tests/unit/test_order.py over made-up courses.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# What the reader knows before the course (docs/index.md, "Who this is for": Python
# and NumPy), so no page needs to name it:
PYTHON_BASICS = {
    # every builtin: print, range, len, sum, round, type, super, ...
    "builtins": set(dir(builtins)),
    # the methods of str, list, set, dict and files that the programs call
    "methods": {
        ".append", ".extend", ".items", ".keys", ".values", ".get", ".join",
        ".format", ".split", ".strip", ".pop", ".insert", ".update", ".copy",
        ".add", ".startswith", ".endswith", ".replace", ".lower", ".splitlines",
        ".seek",
    },
    # the standard library modules the programs import (timing, statistics, files)
    # and NumPy, with its random generator's `.normal`
    "modules": {
        "time", "statistics", "math", "os", "io", "copy", "random", "sys", "numpy",
    },
    # torch functions and tensor methods with NumPy's name and NumPy's meaning
    # (`torch.zeros` is `np.zeros`); `.item()` is not one of them: the course names it
    "numpy names": {
        "ones", "zeros", "ones_like", "zeros_like", "arange", "linspace", "rand",
        "randn", "exp", "log", "sqrt", "sign", "allclose", "sum", "mean", "max",
        "min", "abs", "all", "any", "std", "var", "tolist", "flatten", "normal",
    },
}

# Attributes whose first read must be named like an API: the ledger's own words.
TRACKED_ATTRIBUTES = {"grad", "grad_fn", "requires_grad", "is_leaf", "data"}

# The course's import aliases, for reading names in prose.
ALIASES = {
    "nn": "torch.nn",
    "F": "torch.nn.functional",
    "np": "numpy",
    "optim": "torch.optim",
}

_SECTION = re.compile(
    r"^\s*#\s*-+8<-+\s+\[\s*(start|end)\s*:\s*([a-z][-_0-9a-z]*)\s*\]\s*$", re.I
)
_INCLUDE = re.compile(r"""^[ \t]*-+8<-+[ \t]+(["'])(?P<target>[^"'\n]+)\1[ \t]*$""")
_FENCE = re.compile(r"^[ \t]*(?:>[ \t]*)?(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_DOTTED = re.compile(r"\.?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class Use:
    """One API a program uses: where the reader first meets it."""

    api: str  # "torch.manual_seed", or ".item" for a method
    page: str  # "loop.md"
    page_line: int  # the include line on that page
    program: str  # "loop/five_lines.py"
    program_line: int  # the line of the program that uses it

    def message(self) -> str:
        return (
            f"docs/{self.page}:{self.page_line}: snippets/{self.program}:"
            f"{self.program_line} uses {self.api}, which no prose names before it "
            f"(name it on this page above the include, or on an earlier page)"
        )


def is_method(api: str) -> bool:
    return api.startswith(".")


# ---- what a program uses -------------------------------------------------------------


def _imports(tree: ast.AST) -> tuple[dict[str, str], set[str]]:
    """({local name: full name} for every import of the program, the local names
    that `import` binds: modules, never noted bare)."""
    names, modules = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    names[root] = root
                modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names, modules


def _own_names(tree: ast.AST) -> set[str]:
    """Functions, classes and `self.` attributes the program defines itself."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            own.add(node.attr)  # self.head = nn.Linear(...): the program's own name
    return own


def _chain(node: ast.AST) -> list[str] | None:
    """`a.b.c` as ['a', 'b', 'c']; None when it does not start with a plain name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _basic(api: str) -> bool:
    parts = api.split(".")
    if api.startswith(".__") or api in PYTHON_BASICS["methods"]:
        return True
    if parts[0] in PYTHON_BASICS["modules"]:
        return True
    return parts[-1] in PYTHON_BASICS["numpy names"] and parts[:-1] in ([""], ["torch"])


def apis_used(source: str) -> list[tuple[str, int]]:
    """(api, line) for each API the program's source uses, in the order of the
    source, each use listed (the caller keeps the first)."""
    tree = ast.parse(source)
    (imports, modules), own = _imports(tree), _own_names(tree)
    found: list[tuple[int, int, str]] = []
    inner: set[int] = set()  # nodes already read as part of a longer name

    def note(api: str, node: ast.expr) -> None:
        if not _basic(api):
            found.append((node.lineno, node.col_offset, api))

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            parts = _chain(node)
            if parts and parts[0] in imports:
                full = imports[parts[0]].split(".") + parts[1:]
                note(".".join(full), node)
                value = node.value
                while isinstance(value, ast.Attribute | ast.Name):
                    inner.add(id(value))
                    value = getattr(value, "value", None)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id in imports and node.id not in modules and id(node) not in inner:
                note(imports[node.id], node)  # DataLoader, from an import
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            parts = _chain(node.func)
            if parts and parts[0] in imports:
                continue  # a module's API, noted above
            if isinstance(node.func.value, ast.Constant | ast.JoinedStr):
                continue  # "text".join(...)
            if node.func.attr not in own:
                note(f".{node.func.attr}", node.func)
        elif isinstance(node, ast.Attribute):  # read, or set: x.grad = None
            parts = _chain(node)
            if parts and parts[0] in imports:
                continue
            if node.attr in TRACKED_ATTRIBUTES and node.attr not in own:
                note(f".{node.attr}", node)
    return [(api, line) for line, _, api in sorted(found)]


def section_lines(source: str) -> dict[str, range]:
    """{section name: its lines (1-based)}; a file without markers is one section,
    named ''."""
    lines = source.split("\n")
    sections, start, name = {}, 0, None
    for number, line in enumerate(lines, 1):
        found = _SECTION.match(line)
        if not found:
            continue
        if found.group(1).lower() == "start":
            name, start = found.group(2), number
        elif name is not None:
            sections[name] = range(start + 1, number)
            name = None
    return sections or {"": range(1, len(lines) + 1)}


# ---- what the prose names ------------------------------------------------------------


def _prose_lines(markdown: str) -> Iterable[tuple[int, str]]:
    """(line number, text) of the page's prose: no fences, no HTML comments, no
    `{{ }}`."""
    fence: str | None = None
    in_comment = False
    for number, line in enumerate(markdown.split("\n"), 1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(
                opening.group(1)
            ) >= len(fence) and not line.strip().lstrip("`~").strip():
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        text = line
        if in_comment:
            if "-->" not in text:
                continue
            text, in_comment = text.split("-->", 1)[1], False
        text = re.sub(r"<!--.*?-->", " ", text)
        if "<!--" in text:
            text, in_comment = text.split("<!--", 1)[0], True
        yield number, re.sub(r"\{\{.*?\}\}", " ", text)


def names_in(text: str) -> set[str]:
    """The dotted names in the code spans of one line of prose, aliases expanded:
    "call `loss.item()` or `nn.MSELoss`" gives {'loss.item', 'torch.nn.MSELoss'}. A
    name after a call's parentheses keeps its dot (`Generator().manual_seed(0)` gives
    '.manual_seed'); a module's name also names the modules on its way
    (`torch.cuda.is_available` names `torch.cuda`)."""
    names = set()
    for span in _CODE_SPAN.finditer(text):
        for found in _DOTTED.finditer(span.group(2)):
            name = re.sub(r"\s+", "", found.group(0))
            root, _, rest = name.partition(".")
            if root in ALIASES:
                name = ALIASES[root] + ("." + rest if rest else "")
            names.add(name)
            if _module_name(name):
                parts = name.split(".")
                names.update(".".join(parts[:k]) for k in range(2, len(parts)))
    return names


def _module_name(name: str) -> bool:
    return name.split(".")[0] in {"torch", "numpy"} and "." in name


def names_api(name: str, api: str) -> bool:
    """Does a name in prose (from names_in) name the API? Their last parts agree, and
    for a module's API (`torch.no_grad`) the prose wrote the name alone (`no_grad()`)
    or in full (`torch.no_grad()`), not as a member of an object (`x.grad` does not
    name `torch.autograd.grad`)."""
    if name.split(".")[-1] != api.split(".")[-1]:
        return False
    if is_method(api):
        return True
    if _module_name(name):
        return name == api
    return "." not in name


# ---- the course ----------------------------------------------------------------------


def includes(markdown: str) -> Iterable[tuple[int, str, str]]:
    """(line, program, section) for each include of a page, in page order."""
    for number, line in enumerate(markdown.split("\n"), 1):
        found = _INCLUDE.match(line)
        if found and not found.group("target").strip().startswith(";"):
            rel, _, section = found.group("target").strip().partition(":")
            yield number, rel, section


def first_uses(
    pages: list[tuple[str, str]], source_of: Callable[[str], str]
) -> dict[str, Use]:
    """{api: where the reader first meets it} over the course: `pages` are (name,
    Markdown) in reading order, `source_of` gives a program's source by its name."""
    seen: dict[str, Use] = {}
    parsed: dict[str, tuple[list[tuple[str, int]], dict[str, range]]] = {}
    for page, markdown in pages:
        for page_line, rel, section in includes(markdown):
            if rel not in parsed:
                source = source_of(rel)
                parsed[rel] = (apis_used(source), section_lines(source))
            uses, sections = parsed[rel]
            shown = sections.get(section, range(0))
            for api, line in uses:
                if line in shown and api not in seen:
                    seen[api] = Use(api, page, page_line, rel, line)
    return seen


def problems(
    pages: list[tuple[str, str]],
    source_of: Callable[[str], str],
    overview: Iterable[str] = (),
) -> list[Use]:
    """The first uses that no prose names before them, in reading order. A page in
    `overview` (the home page, whose map lists every chapter's names ahead of their
    lessons) is checked on its own: its prose counts for its own programs only, and
    its programs do not count as the course's first uses."""
    overview = set(overview)
    late = []
    for alone in [p for p in pages if p[0] in overview]:
        late += _late([alone], source_of)
    late += _late([p for p in pages if p[0] not in overview], source_of)
    order = {page: index for index, (page, _) in enumerate(pages)}
    return sorted(late, key=lambda u: (order[u.page], u.page_line, u.program_line))


def _late(pages: list[tuple[str, str]], source_of: Callable[[str], str]) -> list[Use]:
    order = {page: index for index, (page, _) in enumerate(pages)}
    named: dict[str, tuple[int, int]] = {}  # name -> where prose first names it
    for index, (_, markdown) in enumerate(pages):
        for number, text in _prose_lines(markdown):
            for name in names_in(text):
                named.setdefault(name, (index, number))
    late = []
    for use in first_uses(pages, source_of).values():
        at = (order[use.page], use.page_line)
        if not any(
            where < at and names_api(name, use.api) for name, where in named.items()
        ):
            late.append(use)
    return late


def nav_pages(mkdocs_yml: str) -> list[str]:
    """The Markdown pages of mkdocs.yml's nav, in order (`  - Title: page.md`)."""
    nav = ("\n" + mkdocs_yml).split("\nnav:", 1)[1]
    pages = []
    for line in nav.split("\n")[1:]:
        if line.strip() and not line.startswith((" ", "-")):
            break  # the next top-level key
        found = re.match(r"^\s*-\s*(?:[^:\n]*:\s*)?([\w./-]+\.md)\s*$", line)
        if found:
            pages.append(found.group(1))
    return pages
