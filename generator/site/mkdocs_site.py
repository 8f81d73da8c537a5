"""Everything MkDocs-specific, in one module (moving to a successor touches only this).

The project's mkdocs.yml sets the theme, palette and navigation. Generated pages never
touch the disk: a plugin adds them as in-memory files and swaps in their HTML after
MkDocs has rendered an empty Markdown body, so provider text never passes through
Python-Markdown's raw-HTML handling, and 10,000 pages cost no file writes or reads.

Rendering the theme around each page is what costs most (Material renders the whole
navigation on every page). Generated pages that are not in the nav all get the same theme
output except for their title, description, address and body, so the theme is rendered
once per kind of page (same folder depth, same hidden parts) with placeholders, and each
page fills in its own. The shell is trusted only after it gave, for the first two pages of
its kind, exactly what the theme renders for them; if it ever differs, those pages are
rendered by the theme as usual. Either way the output is byte for byte the same.
"""

from __future__ import annotations

import functools
import logging
import re
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

from generator.render.pages import Page, escape_meta
from generator.site.csp import inline_code, meta_policy
from generator.site.integrity import key_marks

CONTENT_DIR = Path(str(package_files("generator.site") / "content"))


SHELL_TEMPLATE = "credir-generated-page.html"  # a template name no theme file uses
_THEME_TEMPLATE = "main.html"
# Placeholders for what differs between pages of one kind: plain letters, which no theme
# filter changes and no page text contains.
_TITLE, _DESCRIPTION, _URL = "credirQtitleQ7f3a", "credirQdescriptionQ7f3a", "credirQurlQ7f3a"
_BODY = "credirQbodyQ7f3a"
_PLACEHOLDER = re.compile("credirQ(?:title|description|url|body)Q7f3a|<h1credirQbodyQ7f3a")
_TRUSTED_AFTER = 2  # pages of a kind whose shell output was checked against the theme's
_MARKUP = ("<", ">", '"', "'")  # what escaped text never holds


class _Shell:
    """The theme's output for one kind of page, with placeholders to fill in."""

    def __init__(self, html: str, body_token: str) -> None:
        self.parts = _PLACEHOLDER.split(html)
        self.slots = _PLACEHOLDER.findall(html)
        self.body_token = body_token
        self.checked = 0  # pages whose filled shell equalled the theme's own output

    def fill(self, title: str, description: str, url: str | None, body: str) -> str:
        values = {
            _TITLE: title,
            _DESCRIPTION: description,
            _URL: url or "",
            self.body_token: body,
        }
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(part)
        return "".join(out)


class GeneratedPages(BasePlugin):
    """Adds the generated pages to the build and supplies their finished HTML."""

    def __init__(self, pages: list[Page], *, shells: bool = True) -> None:
        super().__init__()
        self.pages = {page.src_uri: page for page in pages}
        # False: the long way, for the tests to compare: the theme renders every page and
        # Python-Markdown reads every empty Markdown body.
        self.use_shells = shells
        if len(self.pages) != len(pages):  # one page would silently replace another
            seen: set[str] = set()
            twice = sorted({p.src_uri for p in pages if p.src_uri in seen or seen.add(p.src_uri)})
            raise ValueError("two pages at the same address: " + ", ".join(twice[:5]))
        self.in_nav: set[str] = set()
        self.nav_urls: list[str] = []
        self.nav_depth = 0  # segments of the deepest nav entry (one more if it ends in /)
        self._nav_links_by_key: dict[tuple[str | int, ...], tuple[str, ...]] = {}
        self.shells: dict[tuple[Any, ...], _Shell | None] = {}
        self.env: jinja2.Environment | None = None
        self.shelled = 0  # pages filled from a shell (the tests read it)
        self._filled: set[str] = set()  # src_uri of pages filled from a shell
        self.inline_code: list[str] = []  # what the CSP audit found in the pages written
        self.audited: set[Path] = set()  # the files those pages were written to
        # Fact sheet file -> the keys it carries, for the nothing-lost check; a file
        # written twice keeps the last, as the disk does.
        self.key_marks: dict[str, list[str]] = {}

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            # Generated pages stay out of the nav unless mkdocs.yml names them: with 10,000
            # pages in the nav every page would carry the whole nav (quadratic build).
            files.append(
                File.generated(
                    config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
        return files

    def on_nav(self, nav: Navigation, **_: object) -> Navigation:
        self.in_nav = {item.file.src_uri for item in nav.pages}
        self.nav_urls = [item.url for item in nav.pages]
        self.nav_depth = max((len(url.split("/")) for url in self.nav_urls), default=0)
        return nav

    def on_env(self, env: jinja2.Environment, **_: object) -> jinja2.Environment:
        self.env = env
        shell = jinja2.DictLoader({SHELL_TEMPLATE: "{{ credir_generated_page() }}"})
        env.loader = jinja2.ChoiceLoader([shell, env.loader]) if env.loader else shell

        @jinja2.pass_context
        def generated_page(context: jinja2.runtime.Context) -> str:
            return self._page_html(context)

        env.globals["credir_generated_page"] = generated_page
        return env

    def on_page_markdown(self, markdown: str, page: MkDocsPage, **_: object) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        # Theme templates print meta values unescaped, so they are escaped here.
        page.meta["title"] = escape_meta(generated.title)
        page.meta["description"] = escape_meta(generated.description)
        page.meta["hide"] = ["toc"] if generated.src_uri != "index.md" else ["toc", "navigation"]
        if self.use_shells:
            page.render = functools.partial(_render_empty_markdown, page)  # type: ignore[method-assign]
            if page.file.src_uri not in self.in_nav:
                page.meta["template"] = SHELL_TEMPLATE
        return ""

    def on_page_content(self, html: str, page: MkDocsPage, **_: object) -> str:
        # MkDocs reads every page's content before it writes the first file: a generated
        # body is made only in on_page_context, just before its page is written, so
        # 100,000 bodies (1.6 GB) are never all in memory at once.
        return "" if page.file.src_uri in self.pages else html

    def on_page_context(
        self, context: dict[str, Any], page: MkDocsPage, **_: object
    ) -> dict[str, Any]:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.content = generated.html
        return context

    def on_post_page(self, output: str, page: MkDocsPage, **_: object) -> str:
        """Runs last (the plugin is added after mkdocs.yml's): ``output`` is the file."""
        src_uri = page.file.src_uri
        # A shelled page: its shell was audited when it was made, the rest is its body.
        audited_text = page.content or "" if src_uri in self._filled else output
        self._audit(page.file.dest_uri, audited_text)
        self.audited.add(Path(page.file.abs_dest_path))
        if page.file.dest_uri.startswith("credentials/"):
            self.key_marks[page.file.dest_uri] = key_marks(output)
        if src_uri in self.pages:
            page.content = None  # written: 100,000 bodies need not stay in memory
        return output

    def _audit(self, where: str, text: str) -> None:
        self.inline_code += [f"{where}: {found}" for found in inline_code(text)]

    def _page_html(self, context: jinja2.runtime.Context) -> str:
        """A page not in the nav: its kind's shell, filled in (see the module docstring)."""
        page: MkDocsPage = context["page"]
        body = page.content or ""
        has_h1 = "\u003ch1" in body  # Material adds an <h1> to bodies without one
        base_url = context["base_url"]
        # Pages of one kind link to the assets and to every nav entry by the same relative
        # addresses (credentials/a/x/ and credentials/b/y/ do; browse/country/ie/ and
        # browse/level/eqf-5/ do not).
        kind = (base_url, self._nav_links(page, base_url), tuple(page.meta.get("hide", ())), has_h1)
        shell = self.shells.get(kind)
        if kind not in self.shells:
            shell = self.shells[kind] = self._make_shell(context, has_h1)
        if shell is None:
            return self._theme_html(context)
        values = (page.meta["title"], page.meta["description"], page.canonical_url or "")
        if any(mark in value for value in values for mark in _MARKUP):
            return self._theme_html(context)  # not escaped text: the audit must see it all
        filled = shell.fill(*values, body)
        if shell.checked < _TRUSTED_AFTER:
            if filled != self._theme_html(context):
                self.shells[kind] = None  # the theme varies in a way the shell cannot say
                return self._theme_html(context)
            shell.checked += 1
        self.shelled += 1
        self._filled.add(page.file.src_uri)
        return filled

    def _nav_links(self, page: MkDocsPage, base_url: str) -> tuple[str, ...]:
        """Every nav entry's address as the theme writes it on ``page``. A relative link
        depends only on the page's depth and on as many of its first segments as the
        deepest nav entry has, so pages sharing those share the links (11,000 pages times
        the nav's entries made this a tenth of MkDocs' time)."""
        parts = page.url.split("/")
        if "." in parts[-1] or "." in parts or ".." in parts:  # a file (404.html), or odd
            return tuple(normalize_url(url, page, base_url) for url in self.nav_urls)
        folders = [part for part in parts if part]  # what posixpath.relpath compares
        key = (base_url, len(folders), *folders[: self.nav_depth])
        links = self._nav_links_by_key.get(key)
        if links is None:
            links = tuple(normalize_url(url, page, base_url) for url in self.nav_urls)
            self._nav_links_by_key[key] = links
        return links

    def _theme_html(self, context: jinja2.runtime.Context) -> str:
        assert self.env is not None
        return self.env.get_template(_THEME_TEMPLATE).render(context.get_all())

    def _make_shell(self, context: jinja2.runtime.Context, has_h1: bool) -> _Shell | None:
        page: MkDocsPage = context["page"]
        saved = (page.meta, page.content, page.canonical_url)
        body_token = ("<h1" if has_h1 else "") + _BODY
        page.meta = {**page.meta, "title": _TITLE, "description": _DESCRIPTION}
        page.content, page.canonical_url = body_token, _URL
        try:
            html = self._theme_html(context)
        finally:
            page.meta, page.content, page.canonical_url = saved
        known = {_TITLE, _DESCRIPTION, _URL, body_token}
        if html.count(body_token) != 1 or not set(_PLACEHOLDER.findall(html)) <= known:
            return None  # the body printed twice, or a placeholder changed by a filter
        self._audit(f"{page.file.dest_uri} (the theme around it)", html)
        return _Shell(html, body_token)


def _render_empty_markdown(page: MkDocsPage, config: MkDocsConfig, files: Files) -> None:
    """What `Page.render` leaves for a generated page's empty Markdown (its body comes in
    `on_page_content`), without a Python-Markdown instance per page: building 11,000 of
    them took longer than the rest of MkDocs' work on those pages."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def build_with_mkdocs(
    config_file: Path, pages: list[Page], site_dir: Path, *, shells: bool = True
) -> GeneratedPages:
    """Run the MkDocs build of the project's mkdocs.yml plus the generated pages; returns
    the plugin (which says how many pages came from a shell)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(config_file), site_dir=str(site_dir), docs_dir=str(CONTENT_DIR))
    plugin = GeneratedPages(pages, shells=shells)
    config.plugins["credir-pages"] = plugin
    config.extra["credir_csp"] = meta_policy()  # site_overrides/main.html writes it
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return plugin


def site_url_of(config_file: Path) -> str:
    """The published address (mkdocs.yml's site_url, ending in /): the open-data exports use
    it for their absolute identifiers and links. ValueError when it is not set."""
    config = load_config(str(config_file), docs_dir=str(CONTENT_DIR))
    if not config.site_url:
        raise ValueError(f"{config_file}: set site_url, the open data needs the site's address")
    return config.site_url.rstrip("/") + "/"
