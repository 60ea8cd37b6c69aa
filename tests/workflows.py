"""Reading GitHub workflow files the way GitHub does, and saying where each problem is.

Each check returns a list of "path:line: message" strings (empty when the file is fine),
so a failing test names the file and the line to fix.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def workflow_files(folder: Path = WORKFLOWS) -> list[Path]:
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def parse_errors(path: Path) -> list[str]:
    """YAML that GitHub refuses to read (e.g. ': ' inside a plain scalar)."""
    try:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        return [f"{_name(path)}:{line}: {error.problem or error}"]
    return []


def line_of(path: Path, json_path: list) -> int:
    """The line of the node at `json_path` (keys and indexes), or of its nearest
    parent."""
    node = yaml.compose(path.read_text(encoding="utf-8"))
    line = node.start_mark.line + 1
    for step in json_path:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == step]
            if not match:
                break
            key, node = match[0]
            line = key.start_mark.line + 1
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and step < len(node.value)
        ):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def schema_errors(path: Path) -> list[str]:
    """Validation against GitHub's own workflow schema (check-jsonschema's offline
    copy)."""
    proc = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            "--output-format",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode == 0:
        return []
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return [f"{_name(path)}:0: check-jsonschema failed: {proc.stdout}{proc.stderr}"]
    problems = []
    for error in report.get("errors", []):
        # the most specific of a oneOf's failures
        best = error.get("best_deep_match") or error
        steps = [
            int(s) if s.isdigit() else s
            for s in re.findall(r"[^.$\[\]]+", best.get("path", ""))
        ]
        unexpected = re.search(r"\('([^']+)' was unexpected\)", best.get("message", ""))
        if unexpected:  # point at the unknown key itself, not at its parent
            steps.append(unexpected.group(1))
        problems.append(
            f"{_name(path)}:{line_of(path, steps)}: {best.get('path')}: "
            f"{best.get('message')}"
        )
    for error in report.get("parse_errors", []):
        problems.append(f"{_name(path)}:0: {error.get('message', error)}")
    return problems or [f"{_name(path)}:0: {proc.stdout}{proc.stderr}"]


def audit_findings(path: Path) -> list[str]:
    """zizmor's offline audit: findings of medium severity and above."""
    proc = subprocess.run(
        [
            str(BIN / "zizmor"),
            "--offline",
            "--min-severity",
            "medium",
            "--format",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    # zizmor exits 1x when it has findings
    if proc.returncode not in (0, 11, 12, 13, 14):
        return [
            f"{_name(path)}:0: zizmor failed ({proc.returncode}): "
            f"{proc.stderr.strip()[-500:]}"
        ]
    problems = []
    for finding in json.loads(proc.stdout or "[]"):
        for location in finding.get("locations", []):
            concrete = location.get("concrete", {}).get("location", {})
            line = concrete.get("start_point", {}).get("row", -1) + 1
            problems.append(
                f"{_name(path)}:{line}: {finding.get('ident')}: {finding.get('desc')}"
            )
            break
    return problems


def run_commands(path: Path) -> list[tuple[int, str]]:
    """(line, command) of every `run:` step, one entry per command line."""
    node = yaml.compose(path.read_text(encoding="utf-8"))
    found = []

    def walk(n):
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                if key.value == "run" and isinstance(value, yaml.ScalarNode):
                    for offset, command in enumerate(value.value.splitlines()):
                        if command.strip():
                            found.append(
                                (value.start_mark.line + 1 + offset, command.strip())
                            )
                else:
                    walk(value)
        elif isinstance(n, yaml.SequenceNode):
            for item in n.value:
                walk(item)

    walk(node)
    return found
