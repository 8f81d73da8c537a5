"""`credir serve`: the README's first command. It builds, serves on 127.0.0.1, and rebuilds
when a credential changes; a broken edit keeps the last good site served."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import CASES_DIR, build_env, site_root

MINIMAL = CASES_DIR / "valid" / "minimal" / "credentials"
PAGE = "credentials/acme/data-basics/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    body = None
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}; last body: {(body or '')[:200]!r}")


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    root = site_root(tmp_path / "root", MINIMAL)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(),
    )
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        _wait_for(url, "Data Basics", 180)
        source = root / "credentials/acme/data-basics.yaml"
        text = source.read_text("utf-8")
        source.write_text(text.replace("Data Basics", "Data Essentials"), "utf-8")
        _wait_for(url, "Data Essentials", 180)

        source.write_text("title: [unclosed\n", "utf-8")  # a broken edit
        time.sleep(8)  # a poll, and a rebuild that fails
        body = _get(url)
        assert body is not None and "Data Essentials" in body
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=60)
    assert "change detected: rebuilding" in stderr
    assert "build failed" in stderr  # the broken edit, reported
    assert "Traceback" not in stderr
