"""Screenshots of built pages, for looking at them: light and dark, desktop and phone.

    python -m scripts.tools.screenshots SITE_DIR OUT_DIR page/ [page/ ...]

Uses Debian's Chromium through Playwright, like the browser tests. Not part of the
build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.tools.browser import ARGS, path, serve

CHROMIUM = path()

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def shoot(
    site: Path, out: Path, pages: list[str], full_page: bool = True
) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    shots = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for scheme in ("light", "dark"):
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(
                        color_scheme=scheme, viewport={"width": width, "height": height}
                    )
                    page = context.new_page()
                    for path in pages:
                        page.goto(base + path, wait_until="networkidle")
                        name = (
                            path.strip("/").replace("/", "-") or "home"
                        ) + f"-{scheme}-{size}.png"
                        page.screenshot(path=str(out / name), full_page=full_page)
                        shots.append(out / name)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return shots


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.tools.screenshots",
        description="Screenshots of built pages: light and dark, desktop and phone.",
    )
    parser.add_argument("site", type=Path, help="a built site, e.g. site/")
    parser.add_argument("out", type=Path, help="where the PNG files go")
    parser.add_argument(
        "pages", nargs="+", help="pages by path, e.g. loop/ ('' is home)"
    )
    options = parser.parse_args(argv)
    for shot in shoot(options.site, options.out, options.pages):
        print(shot)


if __name__ == "__main__":
    main(sys.argv[1:])
