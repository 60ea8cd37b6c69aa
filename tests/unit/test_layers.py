"""The layers stay apart (ARCHITECTURE.md): what runs programs and what draws figures
knows nothing of the site, and only the MkDocs adapter knows MkDocs, in few lines."""

import ast
from pathlib import Path

import pytest

from scripts.paths import ROOT

SCRIPTS = ROOT / "scripts"


def imported(path: Path) -> set[str]:
    """Every module a file imports (absolute names; relative imports are not used)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", ["figures", "run"])
def test_runs_and_figures_import_nothing_of_the_site(layer):
    for path in sorted((SCRIPTS / layer).glob("*.py")):
        site = {n for n in imported(path) if n.startswith("scripts.site")}
        assert not site, f"{path.relative_to(ROOT)} imports {sorted(site)}"


def test_only_the_adapter_knows_mkdocs():
    for path in sorted((SCRIPTS / "site").glob("*.py")):
        engine = {
            n for n in imported(path) if n.split(".")[0] in ("mkdocs", "properdocs")
        }
        if path.name != "hooks.py":
            assert not engine, f"{path.relative_to(ROOT)} imports {sorted(engine)}"


def test_the_adapter_is_short():
    lines = (SCRIPTS / "site" / "hooks.py").read_text(encoding="utf-8").count("\n")
    assert lines <= 200
