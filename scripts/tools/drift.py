"""The drift report: which pages would change on another torch.

    make drift TORCH=2.12.0            # = python -m scripts.tools.drift --torch 2.12.0
    python -m scripts.tools.drift      # the newest torch pip would install here
    python -m scripts.tools.drift --pre            # ... counting pre-releases
    python -m scripts.tools.drift --python PATH    # an interpreter you already have
    python -m scripts.tools.drift --torch 2.12.0 ledger/neuron.py   # some programs

It makes (or reuses) a side venv with that torch and every other pin unchanged
(scripts/drift/environment.py), runs every reader program there the reader's way
(scripts/drift/runs.py: child.py in a fresh interpreter and a scratch directory, every
warning written down), and compares each with the build's own run of it (the execution
cache, or a fresh run in this venv when the cache has none). The verdicts
(scripts/drift/compare.py): fails, changed, claims, warns, same. The report is written
to .cache/drift/report-<torch>.md and .html and summarised here. Nothing tracked
changes. Exit status 1 when a program fails under the other torch (the monthly
workflow fails then), 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.drift import compare, environment, report, runs
from scripts.paths import DOCS, ROOT
from scripts.run import runner
from scripts.run.programs import Program, all_programs


def drift(
    programs: list[Program], python: str | Path, docs: Path | None = None
) -> list[compare.Finding]:
    """Run `programs` in `python` and compare each with the build's own run; the
    claims are read from `docs` (docs/)."""
    base = runner.run_all(programs)
    other = runs.run_all_in(python, programs)
    claims = compare.page_claims(docs or DOCS)
    # A warning is `new` unless the build's torch raises it too: only programs that
    # warn under the other torch are run again here, to see.
    warned = [p for p in programs if other[p.rel].warnings]
    base_warnings = runs.run_all_in(sys.executable, warned) if warned else {}
    return [
        compare.compare(
            p,
            base[p.rel],
            other[p.rel],
            claims.get(p.rel, []),
            base_warnings[p.rel].warnings if p.rel in base_warnings else None,
        )
        for p in programs
    ]


def write(findings: list[compare.Finding], head: dict, out: Path, name: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    text = report.markdown_page(findings, head)
    page = out / f"{name}.md"
    page.write_text(text, encoding="utf-8")
    title = f"Drift report: torch {head['other']}"
    (out / f"{name}.html").write_text(report.html_page(text, title), encoding="utf-8")
    return page


def _chosen(names: list[str]) -> list[Program]:
    programs = all_programs()
    if not names:
        return programs
    by_name = {p.rel: p for p in programs}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise SystemExit(f"drift: no such program in snippets/: {', '.join(missing)}")
    return [by_name[n] for n in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("programs", nargs="*", help="relative to snippets/ (all)")
    parser.add_argument("--torch", help="the torch version (newest release)")
    parser.add_argument("--pre", action="store_true", help="newest, pre-releases too")
    parser.add_argument("--python", help="run in this interpreter (no venv made)")
    parser.add_argument("--out", type=Path, default=environment.DRIFT)
    args = parser.parse_args(argv)
    programs = _chosen(args.programs)
    if args.python:
        python = Path(args.python)
    else:
        version = args.torch or environment.newest_torch(args.pre)
        python = environment.venv(version)
    other_torch = environment.torch_of(python)
    base_torch = environment.torch_of(sys.executable)
    print(f"drift: {len(programs)} programs, torch {other_torch} against {base_torch}")
    findings = drift(programs, python)
    head = {
        "other": other_torch,
        "base": base_torch,
        "interpreter": str(Path(python)),
        "programs": str(len(programs)),
    }
    page = write(findings, head, args.out, f"report-{other_torch}")
    for line in report.terminal(findings):
        print(line)
    shown = page.relative_to(ROOT) if page.is_relative_to(ROOT) else page
    print(f"drift: report in {shown} (and .html)")
    return 1 if any(f.verdict == "fails" for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
