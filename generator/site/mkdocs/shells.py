"""The theme rendered once per kind of page, with placeholders each page fills in.

Rendering the theme around each page is what costs most (Material renders the whole
navigation on every page). Generated pages that are not in the nav all get the same theme
output except for their title, description, address and body, so the theme is rendered
once per kind of page (same assets and nav links, same hidden parts) with placeholders,
and each page fills in its own. A shell is trusted only after it gave, for the first pages
of its kind, exactly what the theme renders for them; if it ever differs, those pages are
rendered by the theme as usual. Either way the output is byte for byte the same (a test
builds the example site both ways and compares every file).

Only Jinja and the theme's main template are needed here; MkDocs itself is reached
through ``privates.theme_url`` alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import jinja2

from generator.site.mkdocs.privates import theme_url

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page as MkDocsPage

SHELL_TEMPLATE = "credir-generated-page.html"  # a template name no theme file uses
_THEME_TEMPLATE = "main.html"
# Placeholders for what differs between pages of one kind: plain letters, which no theme
# filter changes and no page text contains.
_TITLE, _DESCRIPTION, _URL = "credirQtitleQ7f3a", "credirQdescriptionQ7f3a", "credirQurlQ7f3a"
_PATH = "credirQpathQ7f3a"  # the page's address below its language's root (PAGE_PATH)
_BODY = "credirQbodyQ7f3a"
_PLACEHOLDER = re.compile("credirQ(?:title|description|url|path|body)Q7f3a|<h1credirQbodyQ7f3a")
# page.meta key of the page's address as templates print it (site_overrides' language links):
# the shell holds a placeholder there.
PAGE_PATH = "credir_path"
_TRUSTED_AFTER = 2  # pages of a kind whose shell output was checked against the theme's
_MARKUP = ("<", ">", '"', "'")  # what escaped text never holds

Audit = Callable[[str, str], None]  # (where, html): the CSP audit of theme output


class _Shell:
    """The theme's output for one kind of page, with placeholders to fill in."""

    def __init__(self, html: str, body_token: str) -> None:
        self.parts = _PLACEHOLDER.split(html)
        self.slots = _PLACEHOLDER.findall(html)
        self.body_token = body_token
        self.checked = 0  # pages whose filled shell equalled the theme's own output

    def fill(self, title: str, description: str, url: str | None, path: str, body: str) -> str:
        values = {
            _TITLE: title,
            _DESCRIPTION: description,
            _URL: url or "",
            _PATH: path,
            self.body_token: body,
        }
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(part)
        return "".join(out)


class NavLinks:
    """Every nav entry's address as the theme writes it on a page, worked out once for all
    the pages that share them."""

    def __init__(self, nav_urls: Sequence[str]) -> None:
        self.urls = list(nav_urls)
        self.depth = max((len(url.split("/")) for url in self.urls), default=0)
        self._by_key: dict[tuple[str | int, ...], tuple[str, ...]] = {}

    def of(self, page: Any, base_url: str) -> tuple[str, ...]:
        """The links on ``page`` (anything with a ``url``). A relative link depends only
        on the page's depth and on as many of its first segments as the deepest nav entry
        has, so pages sharing those share the links."""
        parts = page.url.split("/")
        if "." in parts[-1] or "." in parts or ".." in parts:  # a file (404.html), or odd
            return tuple(theme_url(url, page, base_url) for url in self.urls)
        folders = [part for part in parts if part]  # what posixpath.relpath compares
        key = (base_url, len(folders), *folders[: self.depth])
        links = self._by_key.get(key)
        if links is None:
            links = tuple(theme_url(url, page, base_url) for url in self.urls)
            self._by_key[key] = links
        return links


class Shells:
    """Serves the pages that use ``SHELL_TEMPLATE``: from their kind's shell when it can
    be trusted, from the theme otherwise."""

    def __init__(self, env: jinja2.Environment, nav_links: NavLinks, audit: Audit) -> None:
        self.env = env
        self.nav_links = nav_links
        self.audit = audit
        self.kinds: dict[tuple[Any, ...], _Shell | None] = {}  # None: the theme's way
        self.shelled = 0  # pages filled from a shell (the tests read it)
        self.filled: set[str] = set()  # src_uri of pages filled from a shell
        shell = jinja2.DictLoader({SHELL_TEMPLATE: "{{ credir_generated_page() }}"})
        env.loader = jinja2.ChoiceLoader([shell, env.loader]) if env.loader else shell

        @jinja2.pass_context
        def generated_page(context: jinja2.runtime.Context) -> str:
            return self.page_html(context)

        env.globals["credir_generated_page"] = generated_page

    def page_html(self, context: jinja2.runtime.Context) -> str:
        """A page's HTML: its kind's shell filled in, or the theme's own rendering."""
        page: MkDocsPage = context["page"]
        body = page.content or ""
        has_h1 = "\u003ch1" in body  # Material adds an <h1> to bodies without one
        base_url = context["base_url"]
        # Pages of one kind link to the assets and to every nav entry by the same relative
        # addresses (credentials/a/x/ and credentials/b/y/ do; browse/country/ie/ and
        # browse/level/eqf-5/ do not).
        hide = tuple(page.meta.get("hide", ()))
        kind = (base_url, self.nav_links.of(page, base_url), hide, has_h1)
        shell = self.kinds.get(kind)
        if kind not in self.kinds:
            shell = self.kinds[kind] = self._make_shell(context, has_h1)
        if shell is None:
            return self._theme_html(context)
        values = (page.meta["title"], page.meta["description"], page.canonical_url or "")
        if any(mark in value for value in values for mark in _MARKUP):
            return self._theme_html(context)  # not escaped text: the audit must see it all
        filled = shell.fill(*values, page.meta[PAGE_PATH], body)
        if shell.checked < _TRUSTED_AFTER:
            if filled != self._theme_html(context):
                self.kinds[kind] = None  # the theme varies in a way the shell cannot say
                return self._theme_html(context)
            shell.checked += 1
        self.shelled += 1
        self.filled.add(page.file.src_uri)
        return filled

    def _theme_html(self, context: jinja2.runtime.Context) -> str:
        return self.env.get_template(_THEME_TEMPLATE).render(context.get_all())

    def _make_shell(self, context: jinja2.runtime.Context, has_h1: bool) -> _Shell | None:
        """The theme rendered with placeholders for ``context``'s page; None when the
        placeholders do not come out as put in."""
        page: MkDocsPage = context["page"]
        saved = (page.meta, page.content, page.canonical_url)
        body_token = ("<h1" if has_h1 else "") + _BODY
        page.meta = {**page.meta, "title": _TITLE, "description": _DESCRIPTION, PAGE_PATH: _PATH}
        page.content, page.canonical_url = body_token, _URL
        try:
            html = self._theme_html(context)
        finally:
            page.meta, page.content, page.canonical_url = saved
        known = {_TITLE, _DESCRIPTION, _URL, _PATH, body_token}
        if html.count(body_token) != 1 or not set(_PLACEHOLDER.findall(html)) <= known:
            return None  # the body printed twice, or a placeholder changed by a filter
        self.audit(f"{page.file.dest_uri} (the theme around it)", html)
        return _Shell(html, body_token)
