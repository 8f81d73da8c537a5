"""`credir serve`: build, serve the output on this machine, rebuild when a source changes.

A plain static server (not `mkdocs serve`) so that what you see is exactly what
`credir build` publishes, Pagefind index included. Rebuilds run as `credir build` in a
process of their own: the build forks its halves (generator.forked), which must not
happen in a process whose server threads may hold a lock, and a failed rebuild leaves the
server and the last good site as they were.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.site.build import build_site

WATCHED = ("credentials", "schema", "site_overrides", "mkdocs.yml")
POLL_SECONDS = 1.0


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


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
    if build_site(root, out) != 0 and not (out / "index.html").exists():
        return 1
    handler = functools.partial(QuietHandler, directory=str(out))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        print(f"cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        return 1
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(root, out, stop), daemon=True)
    watcher.start()
    print(f"serving {out} on http://{host}:{port}/ (Ctrl+C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0


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
