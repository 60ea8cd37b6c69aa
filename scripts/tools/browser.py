"""The real browser, for tests and tools: where Chromium is, and a loopback server for a
built site.

Debian's Chromium (or the one GitHub's runners ship), never a downloaded one. Used by
the browser tests, the screenshots tool and the PDF edition.
`CHROMIUM=/path/to/chromium` overrides the default, for machines that keep it elsewhere.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

DEFAULT = "/usr/bin/chromium"
# Flags for a headless run on a machine with no network beyond loopback: without the
# background-networking ones Chromium keeps trying to reach Google's hosts.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def path() -> str:
    """The Chromium executable to use: $CHROMIUM when set, else /usr/bin/chromium."""
    return os.environ.get("CHROMIUM") or DEFAULT


def missing_reason() -> str | None:
    """None when the browser is there; else one line saying what is missing and how to
    fix it."""
    exe = path()
    if os.path.isfile(exe) and os.access(exe, os.X_OK):
        return None
    where = "$CHROMIUM" if os.environ.get("CHROMIUM") else DEFAULT
    return (
        f"no Chromium at {exe} ({where}); install Debian's `chromium` "
        "(.ci/run does it) or set CHROMIUM to its path"
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve a folder on 127.0.0.1 (a free port) in a thread; returns (server,
    base_url)."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
