"""`credir serve`: the README's first command. It builds, serves on 127.0.0.1, and rebuilds
when a credential changes; a broken edit keeps the last good site served. It serves as the
static host would (the site's 404 page, no folder listings), and a port it cannot take is
told before any building."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.cases import CASES_DIR
from support.cli import build_env, credir, site_root
from support.web import serve_folder

MINIMAL = CASES_DIR / "valid" / "minimal" / "credentials"
PAGE = "credentials/acme/data-basics/"


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


def _not_found(url: str, method: str = "GET") -> tuple[int, bytes]:
    """The status and body of a request that must fail."""
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5)
    with failed.value as response:
        return response.code, response.read()


class _Stderr:
    """A process's stderr read as it comes, so that a test can wait for one line of it."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.lines.append(line)

    def wait_for(self, pattern: str, seconds: float) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            if not self._reader.is_alive():
                break
            time.sleep(0.2)
        raise AssertionError(f"no line matched {pattern!r}: {''.join(self.lines)}")

    def text(self) -> str:
        self._reader.join(60)
        return "".join(self.lines)


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    """Also: --port 0 serves on a free port, and the address printed carries it."""
    root = site_root(tmp_path / "root", MINIMAL)
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=build_env(),
    )
    log = _Stderr(server)
    try:
        address = log.wait_for(r"on (http://127\.0\.0\.1:(\d+)/) ", 300)
        assert int(address[2]) != 0
        url = address[1] + PAGE
        _wait_for(url, "Data Basics", 60)

        site = root / "site"
        page_404 = (site / "404.html").read_bytes()
        assert _not_found(address[1] + "no-such-page/") == (404, page_404)
        folder = next(f for f in site.rglob("*") if f.is_dir() and not (f / "index.html").exists())
        listed = folder.relative_to(site).as_posix()
        assert _not_found(f"{address[1]}{listed}/") == (404, page_404), listed

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
        server.wait(timeout=60)
    stderr = log.text()
    assert "change detected: rebuilding" in stderr
    assert "build failed" in stderr  # the broken edit, reported
    assert "Traceback" not in stderr


# --- serving as the static host would ------------------------------------------------------


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "index.html").write_text("<p>home</p>")
    (site / "about/index.html").write_text("<p>about</p>")
    (site / "assets/site.css").write_text("p {}")
    (site / "404.html").write_text("<p>the site's own 404</p>")
    return site


@pytest.mark.parametrize("path", ["no-such-page/", "assets/", "assets", "assets/nope.css"])
def test_an_unknown_url_gets_the_sites_404_page(path: str, small_site: Path) -> None:
    server, url = serve_folder(small_site)
    try:
        assert _get(url + "about/") == "<p>about</p>"
        assert _not_found(url + path) == (404, b"<p>the site's own 404</p>")
        assert _not_found(url + path, "HEAD") == (404, b"")
    finally:
        server.shutdown()
        server.server_close()


def test_without_a_404_page_still_no_folder_listing(small_site: Path) -> None:
    (small_site / "404.html").unlink()
    server, url = serve_folder(small_site)
    try:
        status, body = _not_found(url + "assets/")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 404
    assert b"site.css" not in body and b"Directory listing" not in body


# --- the port: checked before anything is built ---------------------------------------------


@pytest.fixture
def buildable_root(tmp_path: Path) -> Path:
    """A root that `serve` would build (mkdocs.yml and all), were the port fine."""
    return site_root(tmp_path / "root", MINIMAL)


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(port: str, buildable_root: Path) -> None:
    result = credir("serve", "--root", buildable_root, "--port", port)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: credir serve")
    assert f"argument --port: give a port from 0 to 65535 (0: any free one), not {port}" in (
        result.stderr
    )
    assert not (buildable_root / "site").exists()


def test_a_busy_port_is_told_before_building(buildable_root: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = credir("serve", "--root", buildable_root, "--port", port)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use; use --port" in result.stderr
    assert not (buildable_root / "site").exists()  # refused before the build, not after it
    assert time.monotonic() - started < 60


def test_an_address_not_on_this_machine_is_told(buildable_root: Path) -> None:
    result = credir("serve", "--root", buildable_root, "--host", "192.0.2.1", "--port", "0")
    assert result.returncode == 1
    assert "cannot listen on 192.0.2.1:0:" in result.stderr and "check --host" in result.stderr
    assert not (buildable_root / "site").exists()


def test_an_ipv6_address_is_served_and_printed_in_brackets(small_site: Path) -> None:
    import functools

    from generator.site.serve import SiteHandler, SiteServer, address_url

    assert address_url("::1", 8000) == "http://[::1]:8000/"
    assert address_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    try:
        server = SiteServer(("::1", 0), functools.partial(SiteHandler, directory=str(small_site)))
    except OSError as error:  # a machine without IPv6 loopback
        pytest.skip(f"no IPv6 loopback here: {error}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = address_url("::1", server.server_address[1])
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == b"<p>home</p>"
    finally:
        server.shutdown()
        server.server_close()
