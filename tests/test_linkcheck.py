"""`credir check-links` against a real HTTP server on 127.0.0.1, and its SSRF guard.

The server answers 200, 301, 404, 500, slowly, HEAD-refused and flaky; the guard is lifted
for 127.0.0.1 only through the explicit ``trusted_addresses`` parameter of these tests. The
CLI, which has no such option, must refuse the same server without sending it anything.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_cli

from generator.linkcheck import (
    Place,
    Result,
    address_is_public,
    check_links,
    check_url,
    collect_links,
    is_allowlisted,
    read_allowlist,
    render,
)

LOCAL = frozenset({"127.0.0.1"})
FAST = {"timeout": 0.5, "retries": 2, "backoff": 0.01, "trusted_addresses": LOCAL}


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]]  # set per server
    flaky_left: dict[str, int]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, body: bool) -> None:
        self.requests.append((self.command, self.path))
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self._send(200, body)
        elif path == "/moved":
            self._send(301, body, Location="/ok")
        elif path == "/moved-to-loopback-alias":  # another loopback address: not trusted
            self._send(302, body, Location=f"http://127.0.0.2:{self.server.server_port}/ok")
        elif path == "/moved-to-file":
            self._send(302, body, Location="file:///etc/passwd")
        elif path == "/gone":
            self._send(404, body)
        elif path == "/broken":
            self._send(500, body)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, body)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, body)
        elif path == "/flaky":
            left = self.flaky_left.get(path, 1)
            self.flaky_left[path] = left - 1
            self._send(503 if left > 0 else 200, body)
        else:
            self._send(404, body)

    def _send(self, status: int, body: bool, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)


@pytest.fixture
def server():
    handler = type("Handler", (_Handler,), {"requests": [], "flaky_left": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd, f"http://127.0.0.1:{httpd.server_port}", handler.requests
    httpd.shutdown()
    httpd.server_close()


def _places(*urls: str) -> dict[str, list[Place]]:
    return {
        url: [Place(f"credentials/p{i % 2}/c{i}.yaml", i + 1, 6, "url")]
        for i, url in enumerate(urls)
    }


def test_statuses_of_a_real_server(server) -> None:
    _, base, requests = server
    paths = ["/ok", "/moved", "/gone", "/broken", "/slow", "/no-head", "/flaky"]
    results = {
        r.url.removeprefix(base): r
        for r in check_links(_places(*[base + p for p in paths]), concurrency=4, **FAST)
    }
    assert {path: r.state for path, r in results.items()} == {
        "/ok": "ok",
        "/moved": "ok",  # followed to /ok
        "/gone": "dead",
        "/broken": "dead",
        "/slow": "dead",
        "/no-head": "ok",  # HEAD refused with 405, GET works
        "/flaky": "ok",  # 503 once, then 200: a retry
    }
    assert results["/gone"].detail == "HTTP 404"
    assert results["/broken"].detail == "HTTP 500"
    assert results["/slow"].detail == "timed out"
    assert ("HEAD", "/ok") in requests and ("GET", "/no-head") in requests
    # 500 is retried (3 tries of HEAD, each followed by a GET), 404 is not.
    assert requests.count(("HEAD", "/broken")) == 3
    assert requests.count(("HEAD", "/gone")) == 1


def test_concurrency_is_bounded(server) -> None:
    _, base, _ = server
    urls = [f"{base}/slow?{n}" for n in range(4)]
    started = time.monotonic()
    check_links(_places(*urls), concurrency=2, timeout=5, retries=0, trusted_addresses=LOCAL)
    # Four 2-second answers, two at a time: about 4 seconds, not 2 (all at once) or 8.
    assert 3.5 < time.monotonic() - started < 7.5


def test_guard_refuses_loopback_by_default(server) -> None:
    _, base, requests = server
    result = check_url(base + "/ok", timeout=1, retries=0)
    assert result.state == "refused"
    assert "127.0.0.1" in result.detail and "not a public address" in result.detail
    assert requests == []  # never connected


def test_guard_is_checked_again_after_a_redirect(server) -> None:
    _, base, requests = server
    result = check_url(base + "/moved-to-loopback-alias", **FAST)
    assert result.state == "refused", result
    assert "127.0.0.2" in result.detail
    assert requests == [("HEAD", "/moved-to-loopback-alias")]


def test_redirect_to_another_scheme_is_not_followed(server) -> None:
    _, base, _ = server
    result = check_url(base + "/moved-to-file", **FAST)
    assert result.state == "dead"
    assert "302" in result.detail


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "ff02::1",
    ],
)
def test_private_and_special_addresses_are_not_public(address: str) -> None:
    assert not address_is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:1e7"])
def test_global_addresses_are_public(address: str) -> None:
    assert address_is_public(address)


def test_a_public_name_resolving_to_a_private_address_is_refused() -> None:
    """DNS is the attacker's: the guard looks at the address, not the name."""

    def rebinding(host, port, type=0):  # the keyword getaddrinfo takes
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    result = check_url("https://innocent.example/", timeout=1, retries=0, resolve=rebinding)
    assert result.state == "refused"
    assert "10.0.0.7" in result.detail


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x/"])
def test_only_web_schemes_are_fetched(url: str) -> None:
    assert check_url(url).state == "refused"


def test_allow_list(tmp_path: Path, server) -> None:
    _, base, requests = server
    allow = tmp_path / "allow.txt"
    allow.write_text("# reviewed: refuses robots\nrobot-hater.example\n" + base + "/gone\n")
    entries = read_allowlist(allow)
    assert is_allowlisted("https://www.robot-hater.example/x", entries)
    assert not is_allowlisted("https://robot-hater.example.evil/x", entries)
    results = check_links(_places(base + "/gone", base + "/ok"), allowlist=entries, **FAST)
    assert [r.state for r in results] == ["skipped", "ok"]
    assert ("HEAD", "/gone") not in requests


def _write_listing(root: Path, url: str) -> Path:
    from conftest import CASES_DIR, copy_case

    copy_case(CASES_DIR / "valid" / "minimal", root)
    listing = root / "credentials/acme/data-basics.yaml"
    text = listing.read_text(encoding="utf-8")
    text = text.replace("url: https://acme.example/data-basics", f"url: {url}")
    text += f'description: "See [the syllabus]({url}/syllabus) for details."\n'
    listing.write_text(text, encoding="utf-8")
    return listing


def test_links_are_collected_with_their_places(tmp_path: Path) -> None:
    _write_listing(tmp_path, "https://acme.example/data")
    links = collect_links(tmp_path)
    assert set(links) == {
        "https://acme.example/",
        "https://acme.example/data",
        "https://acme.example/data/syllabus",
    }
    place = links["https://acme.example/data"][0]
    assert (place.path, place.line, place.col, place.field) == (
        "credentials/acme/data-basics.yaml",
        5,
        6,
        "url",
    )
    assert links["https://acme.example/data/syllabus"][0].field == "description"


def test_report_per_provider_in_every_format(server) -> None:
    _, base, _ = server
    results = check_links(_places(base + "/gone", base + "/ok", base + "/broken"), **FAST)
    text = render(results, "text")
    assert "p0: 2 problem links" in text and f"dead link {base}/gone (HTTP 404)" in text
    assert text.rstrip().endswith("3 links: 1 ok, 2 dead, 0 refused, 0 skipped (allow-list)")
    data = json.loads(render(results, "json"))
    assert data["summary"] == {"links": 3, "ok": 1, "dead": 2, "refused": 0, "skipped": 0}
    assert {item["detail"] for item in data["providers"]["p0"]} == {"HTTP 404", "HTTP 500"}
    markdown = render(results, "markdown")
    assert "### p0" in markdown and "dead: HTTP 404" in markdown


def test_cli_refuses_the_local_server_and_exits_1(tmp_path: Path, server) -> None:
    _, base, requests = server
    _write_listing(tmp_path, base + "/ok")
    result = run_cli("check-links", "--root", tmp_path, "--timeout", "1", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    refused = [item for item in report["providers"]["acme"] if item["state"] == "refused"]
    assert {item["url"] for item in refused} == {base + "/ok", base + "/ok/syllabus"}
    assert requests == []  # the guard held: nothing reached the server


def test_cli_usage_errors(tmp_path: Path) -> None:
    assert run_cli("check-links", "--root", tmp_path, "--concurrency", "0").returncode == 2
    missing = run_cli("check-links", "--root", tmp_path, "--allow", tmp_path / "nope.txt")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_a_servers_answer_cannot_write_a_workflow_command() -> None:
    """A dead link's detail is whatever a stranger's server said; the report keeps it inert."""
    place = Place("credentials/acme/x.yaml", 3, 6, "url")
    said = "Not Found\n::add-mask::x ##[stop-commands]y"
    results = [Result("https://acme.example/a", "dead", said, [place])]
    for fmt in ("text", "markdown"):
        lines = render(results, fmt).splitlines()
        assert not any(line.lstrip().startswith("::") or "##[" in line for line in lines), fmt
    assert "(Not Found\\n::add-mask::x ##\\[stop-commands]y)" in render(results, "text")
