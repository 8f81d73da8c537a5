"""The site's Content-Security-Policy: only the site's own script files may run.

Provider text is escaped by the templates; the policy is the second wall, for the day an
escaping bug lets markup through: no inline script, no event-handler attribute, no
`javascript:` URL, no plugin, no other origin can run code on the site.

* Material's inline head and body snippets (`__md_scope`, the palette, the content helper)
  are moved into files under site_overrides/ (partials/javascripts/*.html load
  assets/credir/md-*.js), so `script-src` needs no hash and no 'unsafe-inline'.
* Pagefind compiles its WebAssembly search index: 'wasm-unsafe-eval' allows WebAssembly and
  nothing else (JavaScript `eval` stays blocked).
* Styles: Material writes none inline and nor does credir, so 'self' is enough.
* The meta tag (site_overrides/main.html, first thing in <head>) works on every host;
  `_headers` (Netlify, Cloudflare Pages) adds what a meta tag cannot carry (frame-ancestors).
  GitHub Pages cannot set headers: there the meta tag is the policy.

`audit_site` fails a build whose HTML holds inline code the policy would block, so a theme
or template change that adds some is caught at build time, not by a visitor's console.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from html.parser import HTMLParser
from pathlib import Path

# Directive -> sources; in a meta tag and in the header alike.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),  # Material's icons are data: SVGs in its stylesheet
    "font-src": ("'self'",),
    "connect-src": ("'self'",),  # Pagefind fetches its index from the site
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-src": ("'none'",),
}
# Directives browsers ignore (with a console warning) in a meta tag: headers only.
HEADER_ONLY: dict[str, tuple[str, ...]] = {"frame-ancestors": ("'none'",)}
HEADERS_FILE = "_headers"
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


class InlineCodeError(RuntimeError):
    """The built HTML holds code the policy would block."""


def _join(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def meta_policy() -> str:
    """The policy for the `<meta http-equiv="Content-Security-Policy">` tag."""
    return _join(POLICY)


def header_policy() -> str:
    """The policy for the Content-Security-Policy header: the meta one plus header-only parts."""
    return _join({**POLICY, **HEADER_ONLY})


def write_headers(site_dir: Path) -> None:
    """`_headers` for hosts that read it (Netlify, Cloudflare Pages): every path gets them."""
    lines = ["/*", f"  Content-Security-Policy: {header_policy()}"]
    lines += [f"  {name}: {value}" for name, value in OTHER_HEADERS.items()]
    (site_dir / HEADERS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


# <script type> values that are data, not code: browsers never run them, so CSP ignores them.
_DATA_TYPES = {"application/json", "application/ld+json", "importmap", "speculationrules"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class _InlineCode(HTMLParser):
    """Collects inline scripts, event-handler attributes and `javascript:` URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None  # body of an inline script being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> event-handler attribute")
            elif name in _URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}> javascript: URL")
        if tag == "script":
            attributes = dict(attrs)
            kind = (attributes.get("type") or "").strip().lower()
            if "src" not in attributes and kind not in _DATA_TYPES:
                self._script = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if self._script.strip():
                self.found.append(f"inline <script>: {self._script.strip()[:60]!r}")
            self._script = None


# What a page must contain, as raw text, for the parser above to find anything in it. A
# page that contains none of these is passed without parsing (parsing every page of a
# 10,000-credential site took longer than building it); a page that contains one is parsed
# as before, so the parser stays the only judge. Each expression starts with a literal
# ("on", "=", "<script"), which Python's re looks for with its fast string search. Why
# each is enough:
# * an event-handler attribute name starts with "on" right after whitespace, "/" or a quote,
#   inside a start tag; inside a tag a ">" can only stand in a quoted value, so unless some
#   quoted value holds a ">" (_QUOTED_GT), the nearest "<" or ">" before the name is "<".
#   This one looks at the UTF-8 bytes, lower-cased (bytes lower only A-Z: str.lower of a
#   page with any non-ASCII letter cost half the check), so a Unicode space before the name
#   is a byte from 0x80 up, and the ASCII characters Python's \s matches are all listed;
_HANDLER_NAME = re.compile(rb"""on(?<=[\s\x1c-\x1f\x80-\xff/"']on)""")
_QUOTED_GT = re.compile(r"""=[=\s]*(?:"[^"]*>|'[^']*>)""")
# * a URL attribute whose value, unescaped and stripped, starts with "javascript:" starts,
#   as written, with "j" or with an entity ("&");
_VALUE_STARTING_J = re.compile(r"""=[=\s]*["']?\s*[jJ&]""")
_URL_ATTRIBUTE_END = tuple(_URL_ATTRIBUTES)
# * an inline script needs a <script tag other than a plain one with `src` or a data type.
_SCRIPT_OPEN = re.compile(r"<script", re.IGNORECASE)
_PLAIN_SCRIPT_TAG = re.compile(r'<script((?:\s+[a-z][a-z-]*="[^"<>&]*")*)\s*>')
_PLAIN_ATTRIBUTE = re.compile(r'([a-z][a-z-]*)="([^"]*)"')


def may_hold_inline_code(text: str) -> bool:
    """False only when `_InlineCode` cannot find anything in ``text`` (see above)."""
    if _QUOTED_GT.search(text):
        return True
    lowered = text.encode("utf-8", "surrogatepass").lower()
    for name in _HANDLER_NAME.finditer(lowered):
        if lowered.rfind(b"<", 0, name.start()) > lowered.rfind(b">", 0, name.start()):
            return True
    for value in _VALUE_STARTING_J.finditer(text):
        name = text[max(0, value.start() - 40) : value.start()].rstrip().lower()
        if name.endswith(_URL_ATTRIBUTE_END):
            return True
    for opening in _SCRIPT_OPEN.finditer(text):
        tag = _PLAIN_SCRIPT_TAG.match(text, opening.start())
        if tag is None:
            return True
        attributes = dict(_PLAIN_ATTRIBUTE.findall(tag.group(1)))
        if "src" not in attributes and attributes.get("type", "").strip() not in _DATA_TYPES:
            return True
    return False


def inline_code(text: str) -> list[str]:
    """What the policy would block in one page's HTML."""
    if not may_hold_inline_code(text):
        return []
    parser = _InlineCode()
    parser.feed(text)
    parser.close()
    return parser.found


def audit_site(site_dir: Path, audited: Collection[Path] = (), found: Sequence[str] = ()) -> None:
    """Raise InlineCodeError naming the first pages with code the policy would block.

    ``found``: what was already found in pages audited as they were built (see
    generator.site.mkdocs.plugin); the files in ``audited`` are not read again."""
    problems = list(found)
    skip = set(audited)
    for page in sorted(site_dir.rglob("*.html")):
        if len(problems) >= 5:
            break
        if page in skip:
            continue
        found_here = inline_code(page.read_text(encoding="utf-8", errors="replace"))
        problems += [f"{page.relative_to(site_dir)}: {item}" for item in found_here]
    if problems:
        raise InlineCodeError(
            "the Content-Security-Policy would block inline code, so it must not be there "
            "(move scripts into files under site_overrides/assets/credir/): "
            + "; ".join(problems[:5])
        )
