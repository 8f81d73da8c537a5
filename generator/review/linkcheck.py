"""`credir check-links`: is every web address in the directory still there?

Every URL in the data (url and contact fields, ESCO links, links inside Markdown text) is
fetched once: HEAD first, GET when a server refuses HEAD, with retries and backoff for
timeouts, 429 and 5xx, and a bounded thread pool. Dead links are reported per provider,
with the file, line and column they come from.

The addresses come from strangers' pull requests, and the checker runs on CI machines, so
it fetches only http and https and never connects to an address that is private,
loopback, link-local, multicast, reserved or otherwise not global, nor to one that tunnels
such an IPv4 address (IPv4-mapped, 6to4, NAT64, Teredo): `http://169.254.169.254/` would
read a cloud machine's credentials. The check is on every address a name resolves to, at
connect time, and the connection goes to that very address, so a public name pointing at a
private address is refused too; every redirect is a new connection, checked again. Tests
lift it for named addresses only (``trusted_addresses``).

A link is data, so anything wrong with one (a malformed address, a host name IDNA cannot
encode, DNS, TLS, a garbled answer, a redirect to nowhere) is that link's line in the
report, never the end of the run. An attempt at a link has one deadline for everything it
does (lookup, connection, TLS, every redirect, HEAD and GET, every read): a server that
trickles a byte at a time cannot stretch it, because each read may only wait for what is
left.

Sites that refuse robots (403 to any script) go in a reviewed allow-list file, one URL
prefix or host name a line; listed links are not fetched.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.client
import ipaddress
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import idna

from generator.check.discover import discover
from generator.check.load import load_document
from generator.check.problems import format_field
from generator.check.workflow_log import one_line
from generator.review.job_summary import code, escape

FORMATS = ("text", "markdown", "json")
DEFAULT_ALLOWLIST = ".github/link-allowlist.txt"
USER_AGENT = "credir-link-check/1 (checks that listed pages still exist)"
MAX_REDIRECTS = 5
# A bracketed IPv6 host (`http://[2001:db8::1]/`) is part of the address, not Markdown.
_URL_IN_TEXT = re.compile(r"https?://(?:\[[^\s<>\"'`\[\]]*\])?[^\s<>\"'`)\]]*")
_RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
_HEAD_REFUSED = {400, 403, 404, 405, 406, 409, 410, 500, 501, 503}
_REDIRECTS = {301, 302, 303, 307, 308}
_WEB_SCHEMES = {"http": 80, "https": 443}
# What may stand in a host name's label once IDNA has made it ASCII. The underscore is not
# in the DNS host name rules, but real hosts use it and browsers reach them.
_ASCII_LABEL = re.compile(r"[a-z0-9_-]{1,63}\Z")
# RFC 6052's well-known NAT64 prefix: the last 32 bits are the IPv4 address reached.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_DETAIL_LENGTH = 300

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


class BadAddress(ValueError):
    """A URL that cannot be fetched as written: malformed, or a host name with no DNS form."""


class NotWebAddress(BadAddress):
    """A URL of another scheme (file:, ftp:, ...): never fetched."""


class BadRedirect(Exception):
    """A redirect that leads nowhere the checker may go: another scheme, a malformed
    address, or one hop too many."""


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
    """A host entry matches its subdomains too, written as Unicode or in IDNA form alike; a
    malformed URL has no host, and only a prefix entry can match it."""
    try:
        hosts = _host_forms(urlsplit(url).hostname or "")
    except ValueError:
        hosts = set()
    for entry in allowlist:
        if "://" in entry:
            if url.startswith(entry):
                return True
        elif any(
            host == name or host.endswith("." + name)
            for host in hosts
            for name in _host_forms(entry)
        ):
            return True
    return False


def _host_forms(name: str) -> set[str]:
    """A host name as written (lower case) and in IDNA form, when it has one."""
    forms = {name.lower()}
    with contextlib.suppress(BadAddress):
        forms.add(_ascii_host(name, literal=False))
    return forms - {""}


# --- addresses: what a URL names, and whether its host may be connected to ------------------


@dataclass(frozen=True)
class WebAddress:
    """An http(s) URL as it goes on the wire: an ASCII host and a percent-encoded target."""

    scheme: str
    host: str  # IDNA-encoded name, or an IP address without brackets
    port: int
    target: str  # path and query, as the request line carries them

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = _WEB_SCHEMES[self.scheme] == self.port
        return f"{self.scheme}://{host}{'' if default else f':{self.port}'}{self.target}"


def parse_web_address(url: str) -> WebAddress:
    """The address a browser would fetch for ``url``; BadAddress when there is none.

    Host names are IDNA-encoded as browsers do (UTS #46, then IDNA 2008), and non-ASCII
    paths are percent-encoded as UTF-8, so `https://bücher.example/straße` is checked,
    not refused by the HTTP library.
    """
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        hostname = parts.hostname
        port = parts.port
    except ValueError as error:  # `http://[::1`, `http://host:99999/`, NFKC tricks
        raise BadAddress(f"malformed address: {error}") from None
    if scheme not in _WEB_SCHEMES:
        raise NotWebAddress(f"only http and https addresses are checked, not {scheme}:")
    if not hostname:
        raise BadAddress("malformed address: no host name")
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return WebAddress(
        scheme,
        _ascii_host(hostname, literal=parts.netloc.rpartition("@")[2].startswith("[")),
        _WEB_SCHEMES[scheme] if port is None else port,
        path + (f"?{query}" if parts.query else ""),
    )


def _ascii_host(hostname: str, *, literal: bool) -> str:
    if literal:  # urlsplit has already refused a bracketed host that is not IPv6
        return hostname
    try:
        mapped = idna.uts46_remap(hostname, std3_rules=False, transitional=False)
    except idna.IDNAError as error:
        raise BadAddress(f"host name {hostname!r} cannot be encoded (IDNA): {error}") from None
    labels = mapped.split(".")
    if len(labels) > 1 and labels[-1] == "":  # `example.org.`: the root, written out
        labels.pop()
    encoded = []
    for label in labels:
        try:
            ascii_label = label if label.isascii() else idna.alabel(label).decode("ascii")
        except idna.IDNAError as error:
            raise BadAddress(f"host name {hostname!r} cannot be encoded (IDNA): {error}") from None
        if not _ASCII_LABEL.match(ascii_label):
            problem = "an empty label" if not ascii_label else f"the label {ascii_label!r}"
            raise BadAddress(f"host name {hostname!r} is not valid: {problem}")
        encoded.append(ascii_label)
    host = ".".join(encoded)
    if len(host) > 253:
        raise BadAddress(f"host name {hostname!r} is longer than DNS allows (253)")
    return host


def address_is_public(address: str) -> bool:
    """True only for globally routable unicast addresses.

    An IPv6 address that carries an IPv4 one is judged by it too: IPv4-mapped and NAT64
    addresses reach exactly that IPv4 address, and a 6to4 one is refused when its IPv4
    address would be. Teredo (2001::/32) is never public: `ipaddress` counts all of
    2001::/23 as reserved for protocols.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d
            return _is_global_unicast(ip.ipv4_mapped)
        if ip in _NAT64:  # the gateway connects to the IPv4 address in the last 32 bits
            return _is_global_unicast(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        tunnelled = [ip.sixtofour, *(ip.teredo or ())]
        if any(v4 is not None and not _is_global_unicast(v4) for v4 in tunnelled):
            return False
    return _is_global_unicast(ip)


def _is_global_unicast(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # `is_global` alone is not enough on every Python: 3.11 calls fec0::/10 (site-local,
    # deprecated but still routed inside networks) and the multicast ranges global.
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return False
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


# --- the deadline: one per attempt, which no read can stretch -------------------------------


class Deadline:
    """A moment on the monotonic clock; every wait is cut to the time left before it."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; TimeoutError when there are none."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline reached")
        return left


class _DeadlineReads:
    """Socket methods that set the timeout to the time left before each call.

    A socket timeout bounds one call, so a server sending a byte per call could hold a
    connection for ever; measured against one deadline, it cannot.
    """

    deadline: Deadline | None = None

    def _arm(self) -> None:
        if self.deadline is not None:
            self.settimeout(self.deadline.left())  # type: ignore[attr-defined]

    def recv(self, *args: Any, **kwargs: Any) -> bytes:
        self._arm()
        return super().recv(*args, **kwargs)  # type: ignore[misc]

    def recv_into(self, *args: Any, **kwargs: Any) -> int:
        self._arm()
        return super().recv_into(*args, **kwargs)  # type: ignore[misc]

    def send(self, *args: Any, **kwargs: Any) -> int:
        self._arm()
        return super().send(*args, **kwargs)  # type: ignore[misc]

    def sendall(self, *args: Any, **kwargs: Any) -> None:
        self._arm()
        return super().sendall(*args, **kwargs)  # type: ignore[misc]


class _DeadlineSocket(_DeadlineReads, socket.socket):
    pass


class _DeadlineTLSSocket(_DeadlineReads, ssl.SSLSocket):
    pass


@functools.cache
def _tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """The system's trusted certificates (tests: their own), and TLS sockets that keep the
    deadline."""
    context = ssl.create_default_context(cafile=cafile)
    context.sslsocket_class = _DeadlineTLSSocket
    return context


# --- connecting: resolve, vet every address, connect to a vetted one ------------------------


class _Guard:
    """Resolves a host and connects only to addresses it accepts."""

    def __init__(self, resolve: Resolver, trusted: frozenset[str]) -> None:
        self.resolve = resolve
        self.trusted = trusted

    def allows(self, ip: str) -> bool:
        return ip in self.trusted or address_is_public(ip)

    def connect(self, host: str, port: int, deadline: Deadline) -> socket.socket:
        if _is_ip(host) and not self.allows(host):  # before any lookup: a literal is enough
            raise RefusedAddress(f"{host} is not a public address")
        infos = self._lookup(host, port, deadline)
        if not infos:
            raise OSError(f"{host} does not resolve")
        for info in infos:
            ip = info[4][0]
            if not self.allows(ip):
                raise RefusedAddress(f"{host} resolves to {ip}, which is not a public address")
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            sock = _DeadlineSocket(family, kind, proto)
            sock.deadline = deadline
            try:
                sock.settimeout(deadline.left())
                sock.connect(sockaddr)  # the vetted address itself: no second lookup
                return sock
            except OSError as failure:
                error = failure
                sock.close()
        raise error or OSError(f"cannot connect to {host}")

    def _lookup(self, host: str, port: int, deadline: Deadline) -> list[Any]:
        """getaddrinfo has no timeout: it runs in a thread the deadline stops waiting for."""
        answer: dict[str, Any] = {}
        done = threading.Event()

        def lookup() -> None:
            try:
                answer["infos"] = self.resolve(host, port, type=socket.SOCK_STREAM)
            except BaseException as error:  # handed over to the waiting thread
                answer["error"] = error
            finally:
                done.set()

        threading.Thread(target=lookup, name=f"credir-dns-{host}", daemon=True).start()
        if not done.wait(deadline.left()):
            raise TimeoutError(f"looking up {host} took too long")
        if "error" in answer:
            error = answer["error"]
            if isinstance(error, socket.gaierror):
                raise OSError(f"{host} does not resolve ({error.strerror})") from None
            raise error
        return answer["infos"]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class _GuardedHTTP(http.client.HTTPConnection):
    def __init__(self, address: WebAddress, guard: _Guard, deadline: Deadline) -> None:
        super().__init__(address.host, address.port)
        self._guard = guard
        self._deadline = deadline

    def connect(self) -> None:
        self.sock = self._guard.connect(self.host, self.port, self._deadline)


class _GuardedHTTPS(http.client.HTTPSConnection):
    def __init__(self, address: WebAddress, guard: _Guard, deadline: Deadline) -> None:
        super().__init__(address.host, address.port, context=_tls_context())
        self._guard = guard
        self._deadline = deadline

    def connect(self) -> None:
        sock = self._guard.connect(self.host, self.port, self._deadline)
        sock.settimeout(self._deadline.left())  # the handshake is one call: one timeout
        try:
            tls = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        tls.deadline = self._deadline
        self.sock = tls


# --- fetching: one attempt at a link, redirects followed by hand ----------------------------


def _request(address: WebAddress, method: str, guard: _Guard, deadline: Deadline):
    """One request: the status and the Location header."""
    kind = _GuardedHTTPS if address.scheme == "https" else _GuardedHTTP
    connection = kind(address, guard, deadline)
    try:
        connection.request(method, address.target, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        try:
            if method == "GET":
                response.read(1024)
            return response.status, response.getheader("Location")
        finally:
            response.close()
    finally:
        connection.close()


def _follow(address: WebAddress, method: str, guard: _Guard, deadline: Deadline) -> int:
    """The status at the end of the redirects; every hop is parsed and guarded anew."""
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _request(address, method, guard, deadline)
        if status not in _REDIRECTS or location is None:
            return status
        location = _header_text(location)
        try:
            address = parse_web_address(urljoin(address.url, location))
        except NotWebAddress:
            raise BadRedirect(f"HTTP {status} redirect to a non-web address: {location}") from None
        except ValueError as error:  # BadAddress, or urljoin's own
            raise BadRedirect(
                f"HTTP {status} redirect to a malformed address {location!r}: {error}"
            ) from None
    raise BadRedirect(f"more than {MAX_REDIRECTS} redirects")


def _header_text(value: str) -> str:
    """http.client reads headers as Latin-1; servers send UTF-8 addresses, as browsers read."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _attempt(address: WebAddress, guard: _Guard, deadline: Deadline) -> int:
    status = _follow(address, "HEAD", guard, deadline)
    if status in _HEAD_REFUSED:
        status = _follow(address, "GET", guard, deadline)
    return status


@dataclass(frozen=True)
class _Failure:
    """An attempt that failed: the report's words, and whether another try may help."""

    state: str
    detail: str
    passing: bool


def _attempt_or_failure(address: WebAddress, guard: _Guard, timeout: float) -> int | _Failure:
    """The status one attempt ends with, or how it failed: every way it can fail."""
    try:
        return _attempt(address, guard, Deadline(timeout))
    except RefusedAddress as error:
        return _Failure("refused", str(error), passing=False)
    except BadRedirect as error:
        return _Failure("dead", str(error), passing=False)
    except TimeoutError:
        return _Failure("dead", "timed out", passing=True)
    except ssl.SSLCertVerificationError as error:
        return _Failure("dead", f"TLS certificate refused: {error.verify_message}", passing=False)
    except ssl.SSLError as error:
        return _Failure("dead", f"TLS failed: {error.reason or error}", passing=True)
    except OSError as error:  # DNS, refused or reset connections, unreachable networks
        return _Failure("dead", f"cannot connect: {error}", passing=True)
    except (http.client.HTTPException, ValueError) as error:  # ValueError: a bad chunk size
        return _Failure("dead", f"not a valid HTTP answer: {error!r}", passing=False)


def check_url(
    url: str,
    *,
    timeout: float = 10.0,
    retries: int = 2,
    backoff: float = 1.0,
    resolve: Resolver = socket.getaddrinfo,
    trusted_addresses: frozenset[str] = frozenset(),
) -> Result:
    """Check one URL: HEAD, then GET if HEAD is refused; retries for passing failures.

    ``timeout`` is the deadline of one attempt, all included; a link takes at most
    ``retries + 1`` attempts and the backoff between them. Whatever goes wrong is the
    result's state and detail, never an exception.
    """
    try:
        state, detail = _check(url, timeout, retries, backoff, _Guard(resolve, trusted_addresses))
    except Exception as error:  # a link that breaks the checker is still just that link
        state, detail = "dead", f"could not be checked: {type(error).__name__}: {error}"
    return Result(url, state, _one_line(detail))


def _check(url: str, timeout: float, retries: int, backoff: float, guard: _Guard):
    try:
        address = parse_web_address(url)
    except NotWebAddress as error:
        return "refused", str(error)
    except BadAddress as error:
        return "dead", str(error)
    detail = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        status = _attempt_or_failure(address, guard, timeout)
        if isinstance(status, _Failure):
            if not status.passing:
                return status.state, status.detail
            detail = status.detail
            continue
        if status < 300:
            return "ok", f"HTTP {status}"
        if status < 400:  # a redirect without a Location, or a 300/304/305
            return "dead", f"HTTP {status}: a redirect that cannot be followed"
        detail = f"HTTP {status}"
        if status not in _RETRY_STATUSES:
            break
    return "dead", detail


def _one_line(text: str) -> str:
    """A detail is one line of the report, however odd what the server or the URL said."""
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_LENGTH else text[: _DETAIL_LENGTH - 1] + "…"


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
            # Addresses and servers' answers are strangers' text: no markup of their own.
            lines.append(f"### {escape(provider)}\n")
            lines += [
                f"- {code(f'{place.path}:{place.line}:{place.col}')} {escape(place.field)}: "
                f"{escape(result.url)} — {result.state}: {escape(result.detail)}"
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
