"""Promise 6: what we publish is valid, so that it publishes at all and reads right.

- The workflows parse, match GitHub's own schema, pass an offline audit (zizmor) with
  nothing of medium severity or above, and run only commands the README documents.
- Every built page passes the W3C Nu HTML Checker, but for errors that come from the
  theme's own templates (listed below, each with its reason); no page repeats an ID.

Not covered: whether GitHub would accept a workflow for reasons outside its schema
(an action that no longer exists, a runner label it retired).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import once_per_run
from tests.workflows import (
    ROOT,
    audit_findings,
    parse_errors,
    run_commands,
    schema_errors,
    workflow_files,
)

WORKFLOWS = workflow_files()
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _id(path: Path) -> str:
    return path.name


def test_there_are_workflows_to_check():
    assert {p.name for p in WORKFLOWS} >= {"test.yml", "deploy.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=_id)
def test_workflow_parses_as_yaml(workflow):
    assert parse_errors(workflow) == []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=_id)
def test_workflow_matches_githubs_schema(workflow):
    assert schema_errors(workflow) == []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=_id)
def test_workflow_audit_finds_nothing_medium_or_high(workflow):
    assert audit_findings(workflow) == []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=_id)
def test_workflow_runs_what_a_developer_runs(workflow):
    """Each `run:` is `bash .ci/run` or `make <target>`, with the target in the Makefile
    and README."""
    commands = run_commands(workflow)
    assert commands, f"{workflow.name} has no run step"
    problems = []
    for line, command in commands:
        where = f"{workflow.relative_to(ROOT)}:{line}: {command!r}"
        if command == "bash .ci/run":
            continue
        match = re.fullmatch(r"make ((?:[\w-]+\s*)+)", command)
        if not match:
            problems.append(f"{where}: not `make <target>` or `bash .ci/run`")
            continue
        for target in match.group(1).split():
            if not re.search(rf"^{re.escape(target)}\s*:", MAKEFILE, flags=re.M):
                problems.append(f"{where}: the Makefile has no target {target!r}")
            elif f"make {target}" not in README:
                problems.append(f"{where}: README.md does not document `make {target}`")
    assert problems == []


def test_a_broken_workflow_is_named_with_its_line(tmp_path):
    """The checks above name the file and line of each kind of mistake."""
    deploy = (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    quoted = re.search(r'^\s*- name: "([^"]*: [^"]*)"$', deploy, flags=re.M)
    assert quoted, "deploy.yml no longer has a quoted name with a colon to unquote"
    colon = tmp_path / "colon.yml"
    colon.write_text(
        deploy.replace(f'"{quoted.group(1)}"', quoted.group(1)), encoding="utf-8"
    )
    line = deploy[: quoted.start()].count("\n") + 1
    assert [
        p
        for p in parse_errors(colon)
        if f"colon.yml:{line}:" in p and "mapping values" in p
    ]

    test_yml = (ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8")
    unknown = tmp_path / "unknown.yml"
    job = test_yml.index("    runs-on:")
    unknown.write_text(
        test_yml[:job] + "    run-on: ubuntu-24.04\n" + test_yml[job:], encoding="utf-8"
    )
    line = test_yml[:job].count("\n") + 1  # the inserted key's line
    assert [
        p
        for p in schema_errors(unknown)
        if f"unknown.yml:{line}:" in p and "'run-on'" in p
    ]

    keeps_token = tmp_path / "token.yml"
    keeps_token.write_text(
        test_yml.replace(
            "        with:\n          persist-credentials: false\n", "", 1
        ),
        encoding="utf-8",
    )
    assert "persist-credentials" not in keeps_token.read_text()
    assert [
        p
        for p in audit_findings(keeps_token)
        if "token.yml:" in p and "artipacked" in p
    ]


# --- the pages ------------------------------------------------------------------------

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors the checker reports in markup that Material's own templates write. Each is
# listed by its message, with the reason it stays; any other error fails the test.
AUTOCOMPLETE = "Attribute “autocomplete” is only allowed when the input type is"
THEME_ERRORS = {
    AUTOCOMPLETE: "Material's drawer "
    "and search toggles are <input type=checkbox autocomplete=off> "
    "(its base.html): the attribute stops Firefox restoring a toggle's state on reload",
}


def _checker() -> list[str]:
    java = shutil.which("java")
    missing = [
        what
        for what, ok in (("java", java), (str(VNU.relative_to(ROOT)), VNU.is_file()))
        if not ok
    ]
    if missing:
        reason = (
            f"the Nu HTML Checker needs {', '.join(missing)} (`make test` runs "
            "`npm ci`; .ci/run installs Java)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return [java, "-jar", str(VNU)]


@pytest.fixture(scope="session")
def checker_report(site, testrun_uid) -> list[dict]:
    return once_per_run("html-checker", testrun_uid, lambda: _checker_report(site))


def _checker_report(site) -> list[dict]:
    pages = sorted(str(p) for p in site.rglob("*.html"))
    proc = subprocess.run(
        [*_checker(), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
    )
    return [
        m
        for m in json.loads(proc.stderr)["messages"]
        if m["type"] in ("error", "non-document-error")
    ]


def _where(message: dict, site: Path) -> str:
    page = Path(message.get("url", "").removeprefix("file:")).relative_to(site)
    return f"{page}:{message.get('lastLine', '?')}: {message['message']}"


def test_no_page_repeats_an_id(checker_report, site):
    repeats = [
        _where(m, site)
        for m in checker_report
        if m["message"].startswith("Duplicate ID")
    ]
    assert repeats == []


def test_pages_pass_the_html_checker_but_for_listed_theme_errors(checker_report, site):
    assert len(list(site.rglob("*.html"))) >= 14  # the checker did read the whole site
    unknown = [
        _where(m, site)
        for m in checker_report
        if not any(m["message"].startswith(known) for known in THEME_ERRORS)
    ]
    assert unknown == []
