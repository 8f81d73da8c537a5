"""`credir serve`: build, serve the output on this machine, rebuild when a source changes.

A plain static server (not `mkdocs serve`) so that what you see is exactly what
`credir build` publishes, Pagefind index included. Rebuilds run as `credir build` in a
process of their own: the build forks its halves (generator.parallel.forked), which must not
happen in a process whose server threads may hold a lock, and a failed rebuild leaves the
server and the last good site as they were.
"""

from __future__ import annotations

import errno
import functools
import os
import socket
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.site.build import build_site

WATCHED = ("credentials", "schema", "site_overrides", "mkdocs.yml")
POLL_SECONDS = 1.0
NOT_FOUND_PAGE = "404.html"  # MkDocs writes it; a static host serves it for unknown URLs


class SiteServer(ThreadingHTTPServer):
    """The HTTP server; a port another server listens on is refused, never shared. An IPv6
    address (`--host ::1`) gets an IPv6 socket: the standard server only speaks IPv4."""

    allow_reuse_port = False

    def __init__(self, address: tuple[str, int], handler: Any) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


def address_url(host: str, port: int) -> str:
    """The URL of the server at ``host``: an IPv6 address goes in brackets."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site as the static host that publishes it would: the site's own 404
    page for an unknown URL, never a listing of a folder, and no log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
        folder = self.translate_path(self.path)
        if os.path.isdir(folder) and not any(
            os.path.isfile(os.path.join(folder, name)) for name in ("index.html", "index.htm")
        ):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")  # not a listing of it
            return None
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / NOT_FOUND_PAGE
        try:
            body = page.read_bytes() if code == HTTPStatus.NOT_FOUND else None
        except OSError:
            body = None  # no site yet (or no 404 page): the standard error page
        if body is None:
            super().send_error(code, message, explain)
            return
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def snapshot(root: Path) -> dict[str, float]:
    """Modification times of every watched file: a change means a rebuild."""
    stamps: dict[str, float] = {}
    for name in WATCHED:
        path = root / name
        candidates = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for item in candidates:
            try:
                stamps[str(item)] = item.stat().st_mtime
            except OSError:
                continue
    return stamps


def serve(root: Path, out: Path, host: str, port: int) -> int:
    # The port is taken before the build: a busy one is told at once, not after minutes of
    # building, and port 0 has become a real one to print.
    try:
        server = SiteServer((host, port), functools.partial(SiteHandler, directory=str(out)))
    except OSError as error:
        print(f"cannot listen on {host}:{port}: {_why(error)}", file=sys.stderr)
        return 1
    try:
        if build_site(root, out) != 0 and not (out / "index.html").exists():
            return 1
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(root, out, stop), daemon=True)
        watcher.start()
        bound = server.server_address[1]
        print(f"serving {out} on {address_url(host, bound)} (Ctrl+C stops)", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
    finally:
        server.server_close()
    return 0


def _why(error: OSError) -> str:
    """Why a port could not be taken, and what to do about it."""
    if error.errno == errno.EADDRINUSE:
        return "the port is in use; use --port to choose another (--port 0: any free port)"
    if error.errno == errno.EACCES:
        return "permission denied; use --port with a port above 1023"
    return f"{error.strerror or error}; check --host"


def _watch(root: Path, out: Path, stop: threading.Event) -> None:
    seen = snapshot(root)
    while not stop.wait(POLL_SECONDS):
        current = snapshot(root)
        if current != seen:
            seen = current
            time.sleep(0.2)  # let an editor finish writing
            print("change detected: rebuilding", file=sys.stderr)
            rebuild(root, out)


def rebuild(root: Path, out: Path) -> int:
    """`credir build` of ``root`` into ``out``, in a new process; its exit code."""
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out)]
    return subprocess.run(command, check=False).returncode
