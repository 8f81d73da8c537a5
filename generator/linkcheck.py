"""`credir check-links`: is every web address in the directory still there?

Every URL in the data (url and contact fields, ESCO links, links inside Markdown text) is
fetched once: HEAD first, GET when a server refuses HEAD, with a timeout, retries with
backoff for timeouts, 429 and 5xx, and a bounded thread pool. Dead links are reported per
provider, with the file, line and column they come from.

The addresses come from strangers' pull requests, and the checker runs on CI machines, so
it fetches only http and https, never follows a redirect elsewhere, and never connects to
an address that is private, loopback, link-local, multicast, reserved or otherwise not
global (server-side request forgery: `http://169.254.169.254/` would read a cloud
machine's credentials). The check is on the address actually connected to, after DNS
resolution, so a public name pointing at a private address is refused too, and it is made
again for every redirect. Tests lift it for named addresses only (``trusted_addresses``).

Sites that refuse robots (403 to any script) go in a reviewed allow-list file, one URL
prefix or host name a line; listed links are not fetched.
"""

from __future__ import annotations

import html
import http.client
import ipaddress
import json
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.discover import discover
from generator.load import load_document
from generator.problems import format_field
from generator.workflow_log import one_line

FORMATS = ("text", "markdown", "json")
DEFAULT_ALLOWLIST = ".github/link-allowlist.txt"
USER_AGENT = "credir-link-check/1 (checks that listed pages still exist)"
MAX_REDIRECTS = 5
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`)\]]+")
_RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
_HEAD_REFUSED = {400, 403, 404, 405, 406, 409, 410, 500, 501, 503}

Resolver = Callable[..., list[Any]]


@dataclass(frozen=True)
class Place:
    """Where a URL is written: a file, a position and the field."""

    path: str
    line: int
    col: int
    field: str

    @property
    def provider(self) -> str:
        return self.path.split("/")[1] if self.path.count("/") >= 2 else self.path


@dataclass
class Result:
    """What checking one URL found."""

    url: str
    state: str  # "ok", "dead", "refused" (never fetched: unsafe), "skipped" (allow-listed)
    detail: str = ""
    places: list[Place] = field(default_factory=list)

    @property
    def is_problem(self) -> bool:
        return self.state in ("dead", "refused")


class RefusedAddress(OSError):
    """The URL leads to an address the checker must not connect to."""


class BadRedirect(urllib.error.URLError):
    """A redirect to something that is not a web address (file:, ftp:, ...)."""


def collect_links(root: Path) -> dict[str, list[Place]]:
    """Every http(s) URL in every listing file that parses, with where it is written."""
    layout = discover(root)
    found: dict[str, list[Place]] = {}
    for rel in [*layout.providers.values(), *layout.credentials]:
        document, _ = load_document(root / rel, rel)
        if document is None:
            continue
        for loc, value in _strings(document.data):
            urls = [value] if _is_web_url(value) else _URL_IN_TEXT.findall(value)
            for url in urls:
                line, col = document.locate(loc)
                url = html.unescape(url).rstrip(".,;:!?")
                found.setdefault(url, []).append(Place(rel, line, col, format_field(loc)))
    return dict(sorted(found.items()))


def _is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and not any(c.isspace() for c in value)


def _strings(value: Any, loc: tuple[str | int, ...] = ()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
    elif isinstance(value, str):
        yield loc, value


def read_allowlist(path: Path | None) -> list[str]:
    """URL prefixes and host names that are not fetched; `#` starts a comment."""
    if path is None or not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def is_allowlisted(url: str, allowlist: Iterable[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    for entry in allowlist:
        if "://" in entry:
            if url.startswith(entry):
                return True
        elif host == entry.lower() or host.endswith("." + entry.lower()):
            return True
    return False


def address_is_public(address: str) -> bool:
    """True only for globally routable unicast addresses (IPv4-mapped IPv6 included)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_multicast or ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
    )


class _Guard:
    """Resolves a host and connects only to addresses it accepts."""

    def __init__(self, resolve: Resolver, trusted: frozenset[str]) -> None:
        self.resolve = resolve
        self.trusted = trusted

    def create_connection(self, address, timeout=None, source_address=None, **_: Any):
        host, port = address
        infos = self.resolve(host, port, type=socket.SOCK_STREAM)
        if not infos:
            raise OSError(f"{host} does not resolve")
        for info in infos:
            ip = info[4][0]
            if ip not in self.trusted and not address_is_public(ip):
                raise RefusedAddress(f"{host} resolves to {ip}, which is not a public address")
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not None:
                    sock.settimeout(timeout)
                sock.connect(sockaddr)  # the vetted address itself: no second lookup
                return sock
            except OSError as failure:
                error = failure
                sock.close()
        raise error or OSError(f"cannot connect to {host}")


def _opener(guard: _Guard) -> urllib.request.OpenerDirector:
    class GuardedHTTP(http.client.HTTPConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = guard.create_connection

    class GuardedHTTPS(http.client.HTTPSConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = guard.create_connection

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(GuardedHTTP, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(GuardedHTTPS, req, context=self._context)

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise BadRedirect(f"HTTP {code} redirect to a non-web address: {newurl}")
            new = super().redirect_request(req, fp, code, msg, headers, newurl)
            if new is not None:
                new.method = req.get_method()  # HEAD stays HEAD through redirects
            return new

    # No ProxyHandler: a proxy would make the connection, and the guard would vet the proxy.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        HTTPHandler(),
        HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _fetch(opener, url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def check_url(
    url: str,
    *,
    timeout: float = 10.0,
    retries: int = 2,
    backoff: float = 1.0,
    resolve: Resolver = socket.getaddrinfo,
    trusted_addresses: frozenset[str] = frozenset(),
) -> Result:
    """Check one URL: HEAD, then GET if HEAD is refused; retries for passing failures."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        return Result(url, "refused", f"only http and https addresses are checked, not {scheme}:")
    opener = _opener(_Guard(resolve, trusted_addresses))
    detail = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            status = _fetch(opener, url, "HEAD", timeout)
            if status in _HEAD_REFUSED:
                status = _fetch(opener, url, "GET", timeout)
        except RefusedAddress as error:
            return Result(url, "refused", str(error))
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(error, BadRedirect):
                return Result(url, "dead", str(reason))
            if isinstance(reason, RefusedAddress):
                return Result(url, "refused", str(reason))
            timed_out = isinstance(reason, TimeoutError | socket.timeout)
            detail = "timed out" if timed_out else f"cannot connect: {reason}"
            continue
        if status < 300:
            return Result(url, "ok", f"HTTP {status}")
        detail = f"HTTP {status}"
        if status < 400:  # urllib follows good redirects: this one leads nowhere it may go
            return Result(url, "dead", f"HTTP {status}: a redirect that cannot be followed")
        if status not in _RETRY_STATUSES:
            break
    return Result(url, "dead", detail)


def check_links(
    links: dict[str, list[Place]],
    *,
    allowlist: Iterable[str] = (),
    concurrency: int = 8,
    timeout: float = 10.0,
    retries: int = 2,
    backoff: float = 1.0,
    resolve: Resolver = socket.getaddrinfo,
    trusted_addresses: frozenset[str] = frozenset(),
) -> list[Result]:
    """Check every URL once, at most ``concurrency`` at a time, in a stable order."""
    allowlist = list(allowlist)

    def one(url: str) -> Result:
        if is_allowlisted(url, allowlist):
            return Result(url, "skipped", "in the allow-list")
        return check_url(
            url,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            resolve=resolve,
            trusted_addresses=trusted_addresses,
        )

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(one, links))
    for result in results:
        result.places = links[result.url]
    return results


def render(results: list[Result], fmt: str) -> str:
    """The report: dead and refused links per provider, then a summary line."""
    problems = [r for r in results if r.is_problem]
    by_provider: dict[str, list[tuple[Place, Result]]] = {}
    for result in problems:
        for place in result.places:
            by_provider.setdefault(place.provider, []).append((place, result))
    counts = {state: sum(r.state == state for r in results) for state in ("ok", "dead")}
    counts |= {state: sum(r.state == state for r in results) for state in ("refused", "skipped")}
    summary = (
        f"{len(results)} links: {counts['ok']} ok, {counts['dead']} dead, "
        f"{counts['refused']} refused, {counts['skipped']} skipped (allow-list)"
    )
    if fmt == "json":
        return (
            json.dumps(
                {
                    "summary": counts | {"links": len(results)},
                    "providers": {
                        provider: [
                            {
                                "url": result.url,
                                "state": result.state,
                                "detail": result.detail,
                                "path": place.path,
                                "line": place.line,
                                "col": place.col,
                                "field": place.field,
                            }
                            for place, result in sorted(items, key=lambda i: (i[0].path, i[0].line))
                        ]
                        for provider, items in sorted(by_provider.items())
                    },
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    lines = []
    for provider, items in sorted(by_provider.items()):
        items.sort(key=lambda item: (item[0].path, item[0].line, item[0].col))
        if fmt == "markdown":
            lines.append(f"### {_md(provider)}\n")
            lines += [
                f"- `{_md(place.path)}:{place.line}:{place.col}` {_md(place.field)}: "
                f"{_md(result.url)} — {result.state}: {_md(result.detail)}"
                for place, result in items
            ]
            lines.append("")
        else:
            lines.append(f"{provider}: {len(items)} problem link{'s' if len(items) > 1 else ''}")
            lines += [  # addresses and servers' answers are strangers' text: one inert line
                one_line(
                    f"  {place.path}:{place.line}:{place.col}: {place.field}: {result.state} "
                    f"link {result.url} ({result.detail})"
                )
                for place, result in items
            ]
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Link text from a PR goes into a job summary: no markup of its own."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", html.escape(one_line(text), quote=False))
