"""The built site served on 127.0.0.1, and Debian's headless Chromium as tests start it."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from generator.site.serve import SiteHandler


def serve_folder(folder: Path):
    """A static server for ``folder`` on 127.0.0.1 and a free port; returns (server, url)."""
    handler = functools.partial(SiteHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# Debian's chromium, driven by Playwright (never `playwright install`, which cannot download
# here). Without the background-networking flags Chromium tries to reach Google's hosts at
# every start, and this machine's closed network refuses them. The benchmark starts it the
# same way (bench/chromium.py reads these).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
