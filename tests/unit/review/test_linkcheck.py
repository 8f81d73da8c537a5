"""`credir check-links` against a real HTTP server on 127.0.0.1, and its SSRF guard.

The server answers 200, 301, 404, 500, slowly, HEAD-refused, flaky and with bad redirects;
a raw TCP server trickles, keeps silent or answers garbage. The guard is lifted for
127.0.0.1 only through the explicit ``trusted_addresses`` parameter of these tests, and
host names reach it through a fake ``resolve`` (no test uses DNS or the internet). The
CLI, which has no such option, must refuse the same server without sending it anything.
"""

from __future__ import annotations

import functools
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.review import linkcheck
from generator.review.linkcheck import (
    Place,
    Result,
    _tls_context,
    address_is_public,
    check_links,
    check_url,
    collect_links,
    is_allowlisted,
    read_allowlist,
    render,
)
from support.cli import run_cli

LOCAL = frozenset({"127.0.0.1"})
FAST = {"timeout": 0.5, "retries": 2, "backoff": 0.01, "trusted_addresses": LOCAL}


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]]  # set per server
    hosts: list[str]  # the Host header of each request
    flaky_left: dict[str, int]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, body: bool) -> None:
        self.requests.append((self.command, self.path))
        self.hosts.append(self.headers.get("Host", ""))
        path = self.path.split("?", 1)[0]
        port = self.server.server_port
        if path == "/ok":
            self._send(200, body)
        elif path == "/moved-to-malformed":
            self._send(302, body, Location="http://[::1")
        elif path == "/moved-to-bad-host":
            self._send(302, body, Location="https://a..example/")
        elif path == "/moved-to-idn":  # UTF-8 bytes, as servers send them (read as Latin-1)
            location = f"http://bücher.example:{port}/ok".encode().decode("latin-1")
            self._send(301, body, Location=location)
        elif path == "/moved-without-location":
            self._send(302, body)
        elif path == "/loop":
            self._send(302, body, Location="/loop")
        elif path == "/moved":
            self._send(301, body, Location="/ok")
        elif path == "/moved-to-loopback-alias":  # another loopback address: not trusted
            self._send(302, body, Location=f"http://127.0.0.2:{port}/ok")
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
    handler = type("Handler", (_Handler,), {"requests": [], "hosts": [], "flaky_left": {}})
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
        # every kind, one by one
        "198.18.0.1",  # benchmarking
        "255.255.255.255",  # broadcast
        "::",  # unspecified
        "fd12:3456::1",  # unique-local
        "fec0::1",  # site-local (deprecated, still routed inside networks)
        "fefe::1",  # site-local, the range's end
        "ff05::2",  # multicast, site scope
        "100::1",  # discard-only
        "2001:db8::1",  # documentation
        "::7f00:1",  # IPv4-compatible ::127.0.0.1 (deprecated)
        "fe80::1%eth0",  # with a zone
        # IPv6 that tunnels to a private or loopback IPv4 address
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::a00:1",  # local-use NAT64 (RFC 8215)
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo (to 192.0.2.45)
        "2001:0:5db8:d70e:0:f227:f5ff:f5fe",  # Teredo of 10.0.0.1 behind a public server
        "not an address",
    ],
)
def test_private_and_special_addresses_are_not_public(address: str) -> None:
    assert not address_is_public(address)


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "2606:2800:21f:cb07:6820:80da:af6b:1e7",
        "::ffff:93.184.215.14",  # IPv4-mapped: the IPv4 address decides
        "64:ff9b::5db8:d70e",  # NAT64 of 93.184.215.14, as DNS64 networks answer
        "2002:5db8:d70e::1",  # 6to4 of 93.184.215.14
    ],
)
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
    from support.cases import CASES_DIR, copy_case

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
    allow = tmp_path / "allow.txt"
    allow.write_text("acme.example\n")  # the provider's own url: no DNS in tests
    result = run_cli(
        "check-links", "--root", tmp_path, "--timeout", "1", "--allow", allow, "--format", "json"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == {"links": 3, "ok": 0, "dead": 0, "refused": 2, "skipped": 1}
    refused = [item for item in report["providers"]["acme"] if item["state"] == "refused"]
    assert {item["url"] for item in refused} == {base + "/ok", base + "/ok/syllabus"}
    assert requests == []  # the guard held: nothing reached the server


def test_cli_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "credentials").mkdir()
    assert run_cli("check-links", "--root", tmp_path, "--concurrency", "0").returncode == 2
    missing = run_cli("check-links", "--root", tmp_path, "--allow", tmp_path / "nope.txt")
    assert missing.returncode == 2 and "no such file" in missing.stderr


# --- one bad link is one result: every way a link can fail ---------------------------------


def _no_dns(host, port, type=0):
    raise AssertionError(f"no lookup expected, not of {host}")


@pytest.mark.parametrize(
    ("url", "state", "detail"),
    [
        ("http://[::1]/", "refused", "::1 is not a public address"),
        ("http://[::1", "dead", "malformed address: Invalid IPv6 URL"),
        ("https://a..example/", "dead", "'a..example' is not valid: an empty label"),
        ("https://" + "x" * 64 + ".example/", "dead", "is not valid: the label"),
        ("https://" + "x." * 127 + "example/", "dead", "longer than DNS allows"),
        ("http://a\u200db.example/", "dead", "cannot be encoded (IDNA)"),
        ("http://\u05d0a.example/", "dead", "cannot be encoded (IDNA)"),
        ("http://exa\uff0fmple/", "dead", "malformed address"),
        ("http://example.org:99999/", "dead", "malformed address: Port out of range"),
        ("http:///no-host", "dead", "malformed address: no host name"),
        ("http://[fe80::1%25eth0]/", "refused", "not a public address"),
        ("mailto:someone@example.org", "refused", "only http and https"),
    ],
)
def test_a_bad_link_is_a_result_not_an_exception(url: str, state: str, detail: str) -> None:
    result = check_url(url, timeout=1, retries=0, resolve=_no_dns)
    assert (result.state, result.url) == (state, url)
    assert detail in result.detail and "\n" not in result.detail


def _resolving(names: dict[str, str]):
    """A resolver that knows only ``names`` (IDNA-encoded, as they must arrive)."""

    def resolve(host, port, type=0):
        if host in names or host in names.values():
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names.get(host, host), port))]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    return resolve


def test_international_host_names_are_checked_in_their_idna_form(server) -> None:
    httpd, _, _ = server
    port = httpd.server_port
    resolve = _resolving({"xn--bcher-kva.example": "127.0.0.1"})
    for url in (f"http://bücher.example:{port}/ok", f"http://BÜCHER\u3002example:{port}/ok"):
        result = check_url(url, timeout=2, retries=0, resolve=resolve, trusted_addresses=LOCAL)
        assert (result.state, result.detail) == ("ok", "HTTP 200"), url
    assert httpd.RequestHandlerClass.hosts == [f"xn--bcher-kva.example:{port}"] * 2
    # A name in another script is encoded too, and reaches DNS, which does not know it.
    result = check_url("http://例子.测试/", timeout=2, retries=0, resolve=resolve)
    assert result.state == "dead"
    assert "xn--fsqu00a.xn--0zwm56d does not resolve" in result.detail


def test_a_non_ascii_path_is_sent_percent_encoded(server) -> None:
    _, base, requests = server
    result = check_url(base + "/ok?q=straße ü", **FAST)
    assert result.state == "ok", result
    assert ("HEAD", "/ok?q=stra%C3%9Fe%20%C3%BC") in requests


def test_every_address_a_name_resolves_to_is_vetted() -> None:
    def public_then_private(host, port, type=0):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2002:a9fe:a9fe::1", port, 0, 0)),
        ]

    result = check_url(
        "https://innocent.example/", timeout=1, retries=0, resolve=public_then_private
    )
    assert result.state == "refused"
    assert "2002:a9fe:a9fe::1" in result.detail


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/moved-to-malformed", "redirect to a malformed address 'http://[::1': Invalid IPv6"),
        ("/moved-to-bad-host", "address 'https://a..example/': host name 'a..example' is not"),
        ("/moved-without-location", "HTTP 302: a redirect that cannot be followed"),
        ("/loop", "more than 5 redirects"),
    ],
)
def test_a_bad_redirect_is_a_dead_link(server, path: str, detail: str) -> None:
    _, base, requests = server
    result = check_url(base + path, **FAST)
    assert result.state == "dead"
    assert detail in result.detail
    assert requests.count(("HEAD", path)) == (6 if path == "/loop" else 1)  # never retried


def test_a_redirect_to_an_international_name_is_followed(server) -> None:
    httpd, base, requests = server
    resolve = _resolving({"xn--bcher-kva.example": "127.0.0.1"})
    result = check_url(base + "/moved-to-idn", **FAST | {"retries": 0, "resolve": resolve})
    assert (result.state, result.detail) == ("ok", "HTTP 200")
    assert requests == [("HEAD", "/moved-to-idn"), ("HEAD", "/ok")]
    assert httpd.RequestHandlerClass.hosts[-1] == f"xn--bcher-kva.example:{httpd.server_port}"


def test_tls_spoken_to_a_plain_server_is_a_dead_link(server) -> None:
    _, base, _ = server
    result = check_url(base.replace("http:", "https:") + "/ok", **FAST | {"retries": 0})
    assert result.state == "dead"
    assert result.detail.startswith("TLS failed")


def test_whatever_breaks_the_checker_is_still_one_result() -> None:
    def broken(host, port, type=0):
        raise RuntimeError("a resolver bug\non two lines")

    result = check_url("https://example.org/", timeout=1, retries=0, resolve=broken)
    assert result.state == "dead"
    assert result.detail == "could not be checked: RuntimeError: a resolver bug on two lines"


def test_a_bad_url_in_the_allow_list_check_is_no_match() -> None:
    assert not is_allowlisted("http://[::1", ["example.org"])
    assert is_allowlisted("http://[::1", ["http://[::1"])  # a prefix still matches
    assert is_allowlisted("http://bücher.example/x", ["xn--bcher-kva.example"])
    assert is_allowlisted("http://xn--bcher-kva.example/x", ["bücher.example"])


# --- the deadline: one per attempt, whatever the server does --------------------------------


@pytest.fixture
def raw_server():
    """A TCP server on 127.0.0.1 that reads a request, then behaves as ``mode`` says: "ok",
    "trickle" (a status line, then a header one byte every 0.5 s), "silent" or "garbage";
    over TLS when ``mode["tls"]`` holds a server context."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    mode: dict[str, Any] = {"now": "trickle", "tls": None}
    sent: list[int] = []

    def answer(connection: socket.socket) -> None:
        try:
            connection.settimeout(2)
            if mode["tls"] is not None:
                connection = mode["tls"].wrap_socket(connection, server_side=True)
            connection.recv(4096)
            if mode["now"] == "ok":
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            elif mode["now"] == "garbage":
                connection.sendall(b"HELLO\r\nthere\r\n\r\n")
            elif mode["now"] == "trickle":
                connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                while not stop.wait(0.5) and len(sent) < 120:
                    connection.sendall(b"a")
                    sent.append(1)
            else:
                stop.wait(30)
        except OSError:  # the checker hung up (a deadline) or refused the certificate
            pass
        finally:
            connection.close()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], mode, sent
    stop.set()
    listener.close()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    """A self-signed certificate for 127.0.0.1 (and its key, in the same file)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    pem = tmp_path_factory.mktemp("tls") / "localhost.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1", "-keyout", str(pem), "-out", str(pem)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return pem


@pytest.fixture
def tls_server(raw_server, certificate: Path, monkeypatch):
    """The raw server over TLS, with its certificate trusted by the checker."""
    port, mode, sent = raw_server
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate)
    mode["tls"] = server_context
    monkeypatch.setattr(
        linkcheck, "_tls_context", functools.partial(_tls_context.__wrapped__, str(certificate))
    )
    return port, mode, sent


DEADLINE = 2.0
SLACK = 1.5  # a loaded 2-core machine, thread start-up, the last read's wake-up


def _timed_check(url: str, **options) -> tuple[float, object]:
    started = time.monotonic()
    result = check_url(url, timeout=DEADLINE, retries=0, trusted_addresses=LOCAL, **options)
    return time.monotonic() - started, result


def test_a_trickling_server_is_cut_off_at_the_deadline(raw_server) -> None:
    port, _, sent = raw_server
    elapsed, result = _timed_check(f"http://127.0.0.1:{port}/")
    assert (result.state, result.detail) == ("dead", "timed out")
    assert sent, "the server trickled: each read got a byte before its own timeout"
    assert DEADLINE - 0.1 < elapsed < DEADLINE + SLACK


def test_a_silent_tls_handshake_is_cut_off_at_the_deadline(raw_server) -> None:
    port, mode, _ = raw_server
    mode["now"] = "silent"
    elapsed, result = _timed_check(f"https://127.0.0.1:{port}/")
    assert (result.state, result.detail) == ("dead", "timed out")
    assert elapsed < DEADLINE + SLACK


def test_https_works_and_a_trickle_after_the_handshake_is_cut_off(tls_server) -> None:
    port, mode, sent = tls_server
    mode["now"] = "ok"
    _, result = _timed_check(f"https://127.0.0.1:{port}/")
    assert (result.state, result.detail) == ("ok", "HTTP 200")
    mode["now"] = "trickle"
    elapsed, result = _timed_check(f"https://127.0.0.1:{port}/")
    assert (result.state, result.detail) == ("dead", "timed out")
    assert sent and DEADLINE - 0.1 < elapsed < DEADLINE + SLACK


def test_an_untrusted_certificate_is_a_dead_link_not_retried(raw_server, certificate) -> None:
    port, mode, _ = raw_server
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate)
    mode.update(now="ok", tls=server_context)
    started = time.monotonic()
    result = check_url(f"https://127.0.0.1:{port}/", timeout=2, retries=2, trusted_addresses=LOCAL)
    assert result.state == "dead"
    assert result.detail == "TLS certificate refused: self-signed certificate"
    assert time.monotonic() - started < 2.5  # not retried: a retry would back off 1 s + 2 s


def test_a_hanging_dns_lookup_is_cut_off_at_the_deadline() -> None:
    release = threading.Event()

    def hanging(host, port, type=0):
        release.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    try:
        elapsed, result = _timed_check("https://slow-dns.example/", resolve=hanging)
    finally:
        release.set()
    assert (result.state, result.detail) == ("dead", "timed out")
    assert elapsed < DEADLINE + SLACK


def test_retries_each_get_one_deadline(raw_server) -> None:
    port, _, _ = raw_server
    started = time.monotonic()
    result = check_url(
        f"http://127.0.0.1:{port}/", timeout=1, retries=1, backoff=0.1, trusted_addresses=LOCAL
    )
    assert (result.state, result.detail) == ("dead", "timed out")
    assert 2 * 1 - 0.2 < time.monotonic() - started < 2 * 1 + 0.1 + SLACK  # two deadlines


def test_a_garbled_answer_is_a_dead_link(raw_server) -> None:
    port, mode, _ = raw_server
    mode["now"] = "garbage"
    _, result = _timed_check(f"http://127.0.0.1:{port}/")
    assert result.state == "dead"
    assert result.detail.startswith("not a valid HTTP answer: BadStatusLine")
    assert "\n" not in result.detail


# --- the whole command: good and bad links together -----------------------------------------


def test_the_command_reports_each_bad_link_on_one_line(
    tmp_path: Path, server, monkeypatch, capsys
) -> None:
    """`credir check-links` in-process, with this file's escape hatch (127.0.0.1 trusted,
    names resolved by a fake) put into the function the command calls."""
    httpd, base, _ = server
    port = httpd.server_port
    good = [f"{base}/ok", f"http://bücher.example:{port}/moved"]
    bad = {
        "http://[::1]/": "refused",
        "https://a..example/": "dead",
        "http://☃.example/": "dead",  # a snowman: no IDNA 2008 form
        f"{base}/gone": "dead",
        f"{base}/moved-to-malformed": "dead",
        f"https://127.0.0.1:{port}/ok": "dead",
        "https://acme.example/": "dead",  # the provider's url: a name no DNS knows
    }
    listing = tmp_path / "credentials/acme/data-basics.yaml"
    from support.cases import CASES_DIR, copy_case

    copy_case(CASES_DIR / "valid" / "minimal", tmp_path)
    text = listing.read_text(encoding="utf-8")
    text = text.replace("url: https://acme.example/data-basics", f"url: {good[0]}")
    links = [*good[1:], *(url for url in bad if url != "https://acme.example/")]
    text += "description: |\n" + "".join(f"  See [this]({url}).\n" for url in links)
    listing.write_text(text, encoding="utf-8")
    resolve = _resolving({"xn--bcher-kva.example": "127.0.0.1"})
    monkeypatch.setattr(
        linkcheck,
        "check_links",
        functools.partial(linkcheck.check_links, trusted_addresses=LOCAL, resolve=resolve),
    )

    exit_code = cli.main(
        ["check-links", "--root", str(tmp_path), "--timeout", "2", "--retries", "0"]
    )
    report = capsys.readouterr().out
    assert exit_code == 1
    assert report.rstrip().endswith(
        f"{len(good) + len(bad)} links: 2 ok, 6 dead, 1 refused, 0 skipped (allow-list)"
    )
    lines = report.splitlines()
    for url, state in bad.items():
        found = [line for line in lines if f" {state} link {url} (" in line]
        assert len(found) == 1, (url, report)
    for url in good:
        assert url not in report
    assert "Traceback" not in report

    cli.main(["check-links", "--root", str(tmp_path), "--retries", "0", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"links": 9, "ok": 2, "dead": 6, "refused": 1, "skipped": 0}
    states = {item["url"]: item["state"] for item in data["providers"]["acme"]}
    assert states == bad


def test_a_bracketed_ipv6_address_in_text_is_collected_whole(tmp_path: Path) -> None:
    _write_listing(tmp_path, "http://[::1]:8080/page")
    assert "http://[::1]:8080/page/syllabus" in collect_links(tmp_path)


def test_a_servers_answer_cannot_write_a_workflow_command() -> None:
    """A dead link's detail is whatever a stranger's server said; the report keeps it inert."""
    place = Place("credentials/acme/x.yaml", 3, 6, "url")
    said = "Not Found\n::add-mask::x ##[stop-commands]y"
    results = [Result("https://acme.example/a", "dead", said, [place])]
    for fmt in ("text", "markdown"):
        lines = render(results, fmt).splitlines()
        assert not any(line.lstrip().startswith("::") or "##[" in line for line in lines), fmt
    assert "(Not Found\\n::add-mask::x ##\\[stop-commands]y)" in render(results, "text")
