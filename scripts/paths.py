"""Where the project's folders are; every module asks here (stdlib only)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
CACHE = ROOT / ".cache"
RECORDINGS = ROOT / "recordings"
