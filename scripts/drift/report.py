"""The drift report as a page (Markdown, and the same as HTML) and as a terminal
summary."""

from __future__ import annotations

import html
from collections import Counter

import markdown

from .compare import ORDER, Finding

_SAID = {
    "fails": "fails",
    "changed": "changed",
    "claims": "claims no longer hold",
    "warns": "warns",
    "same": "same",
}


def _short(value: object, width: int = 100) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _fence(text: str, lang: str = "text") -> list[str]:
    ticks = "````" if "```" in text else "```"
    return [f"{ticks}{lang}", text.rstrip("\n"), ticks, ""]


def counts(findings: list[Finding]) -> Counter:
    return Counter(f.verdict for f in findings)


def markdown_page(findings: list[Finding], head: dict[str, str]) -> str:
    """The report: what was compared with what, the counts, then each program."""
    tally = counts(findings)
    lines = [f"# Drift report: torch {head['other']} against torch {head['base']}", ""]
    lines += [f"- {key}: {value}" for key, value in head.items()]
    lines += [
        "",
        "Verdicts: " + ", ".join(f"{_SAID[v]} {tally.get(v, 0)}" for v in ORDER),
        "",
        "| program | verdict | notes |",
        "|---|---|---|",
    ]
    for f in findings:
        lines.append(f"| `{f.program}` | {_SAID[f.verdict]} | {_notes(f)} |")
    lines.append("")
    for f in findings:
        if f.verdict == "same" and not f.base_error:
            continue
        lines += [f"## `{f.program}`: {_SAID[f.verdict]}", ""]
        if f.base_error:
            lines += ["The build's own run fails too:", "", *_fence(f.base_error)]
        if f.error:
            lines += ["Error under the other torch:", "", *_fence(f.error, "pytb")]
        for label, diff in f.diffs:
            lines += [f"Block `{label}` changed:", "", *_fence(diff, "diff")]
        if f.values:
            lines += ["| value | build | other torch |", "|---|---|---|"]
            for name, before, after in f.values:
                lines.append(
                    f"| `{name}` | `{_cell(_short(before))}` "
                    f"| `{_cell(_short(after))}` |"
                )
            lines.append("")
        for claim, why in f.claims:
            lines.append(f"- claim at {claim.where}: `{claim.condition}`: {why}")
        if f.claims:
            lines.append("")
        for w, new in f.warnings:
            line = f"line {w.line}" if w.line else "no line of the program"
            lines.append(
                f"- {w.category} at {line} ({'new' if new else 'also in the build'};"
                f" raised in {w.filename}:{w.lineno}): {_cell(w.message)}"
            )
        if f.warnings:
            lines.append("")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _notes(f: Finding) -> str:
    notes = []
    if f.error:
        notes.append(_cell(f.error.strip().splitlines()[-1])[:120])
    if f.diffs:
        notes.append(f"{len(f.diffs)} block(s) differ")
    if f.values:
        notes.append(f"{len(f.values)} value(s) differ")
    if f.timing:
        notes.append("timing: values not compared")
    if f.claims:
        notes.append(f"{len(f.claims)} claim(s) fail")
    if f.claims_held:
        notes.append(f"{f.claims_held} claim(s) hold")
    if f.claims_skipped:
        notes.append(f"{f.claims_skipped} recorded claim(s) skipped")
    if f.warnings:
        new = sum(1 for _, n in f.warnings if n)
        notes.append(f"{len(f.warnings)} warning(s), {new} new")
    if f.base_error:
        notes.append("fails in the build too")
    return "; ".join(notes)


def html_page(text: str, title: str) -> str:
    body = markdown.markdown(text, extensions=["fenced_code", "tables"])
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:70rem;margin:2rem auto;"
        "padding:0 1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:.2rem .4rem;text-align:left}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def terminal(findings: list[Finding]) -> list[str]:
    tally = counts(findings)
    width = max((len(f.program) for f in findings), default=0)
    lines = [f"  {f.verdict:8} {f.program:{width}}  {_notes(f)}" for f in findings]
    lines.append("drift: " + ", ".join(f"{_SAID[v]} {tally.get(v, 0)}" for v in ORDER))
    return lines
