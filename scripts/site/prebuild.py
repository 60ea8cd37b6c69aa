"""`python -m scripts.site.prebuild`: run every program the pages name, before a build.

An engine without hooks (Zensical) runs a page's programs when it converts the page
(scripts/site/lesson_markdown.py), one page at a time. Run first, this runs them all
side by side into the execution cache (.cache/exec), so that the build after it only
reads results. What failed is reported by the build, at the block that shows it.
"""

from __future__ import annotations

import sys
import time

from scripts.paths import DOCS
from scripts.site import lesson_markdown, state


def main() -> int:
    started = time.perf_counter()
    named: set[str] = set()
    for page in sorted(DOCS.rglob("*.md")):
        named |= lesson_markdown.programs_named(page.read_text(encoding="utf-8"))
    build = state.current()
    build.run_missing(named)
    ran = [r for r in build.ran() if not r.reused]
    print(
        f"prebuild: {len(build.results)} programs, {len(ran)} executed, "
        f"{len(build.results) - len(ran)} reused from .cache/exec "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
