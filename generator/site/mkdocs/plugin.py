"""The plugin that puts the generated pages into the MkDocs build.

It adds each page as an in-memory file with empty Markdown, gives MkDocs the page's HTML
just before the page is written, and reports on every page written: what the CSP audit
found, and the keys each fact sheet carries (for the nothing-lost check). It uses plugin
events and documented attributes only; what needs MkDocs internals is in ``privates``,
the theme shells in ``shells``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from generator.render import i18n
from generator.render.pages import Page, escape_meta, script_messages
from generator.site.csp import inline_code
from generator.site.integrity import key_marks
from generator.site.mkdocs.privates import skip_markdown
from generator.site.mkdocs.shells import PAGE_PATH, SHELL_TEMPLATE, NavLinks, Shells

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process, not once per language: each
    language's MkDocs build makes a Jinja environment of its own, configured alike (same
    loaders, extensions and syntax), and Jinja keys each entry by the template's name and
    file and checks its source's checksum before using it."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


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
        self.nav_links = NavLinks([])
        self.shells: Shells | None = None  # made in on_env when use_shells
        self.inline_code: list[str] = []  # what the CSP audit found in the pages written
        self.audited: set[Path] = set()  # the files those pages were written to
        # Fact sheet file -> the keys it carries, for the nothing-lost check; a file
        # written twice keeps the last, as the disk does.
        self.key_marks: dict[str, list[str]] = {}

    @property
    def shelled(self) -> int:
        """Pages filled from a shell (the tests read it)."""
        return self.shells.shelled if self.shells is not None else 0

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            # Generated pages stay out of the nav unless mkdocs.yml names them: with every
            # page in the nav, every page would carry the whole nav (quadratic build).
            files.append(
                File.generated(
                    config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
        return files

    def on_nav(self, nav: Navigation, **_: object) -> Navigation:
        self.in_nav = {item.file.src_uri for item in nav.pages}
        self.nav_links = NavLinks([item.url for item in nav.pages])
        return nav

    def on_env(self, env: jinja2.Environment, **_: object) -> jinja2.Environment:
        # site_overrides' own words go through the same catalogue as the pages'.
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=i18n._, ngettext=i18n.ngettext, newstyle=True
        )
        env.bytecode_cache = _COMPILED
        # ... and the header carries the translations of the words tray.js shows on every page.
        env.globals["script_messages"] = script_messages
        if self.use_shells:
            self.shells = Shells(env, self.nav_links, self._audit)
        return env

    def on_page_markdown(self, markdown: str, page: MkDocsPage, **_: object) -> str:
        page.meta[PAGE_PATH] = page.url  # for the language links (site_overrides)
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        # Theme templates print meta values unescaped, so they are escaped here.
        page.meta["title"] = escape_meta(generated.title)
        page.meta["description"] = escape_meta(generated.description)
        page.meta["hide"] = ["toc"] if generated.src_uri != "index.md" else ["toc", "navigation"]
        if self.use_shells:
            skip_markdown(page)
            if page.file.src_uri not in self.in_nav:
                page.meta["template"] = SHELL_TEMPLATE
        return ""

    def on_page_content(self, html: str, page: MkDocsPage, **_: object) -> str:
        # MkDocs reads every page's content before it writes the first file, so a
        # generated body is made only in on_page_context, just before its page is
        # written: the bodies are never all in memory at once.
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
        shelled = self.shells is not None and src_uri in self.shells.filled
        self._audit(page.file.dest_uri, page.content or "" if shelled else output)
        self.audited.add(Path(page.file.abs_dest_path))
        if page.file.dest_uri.startswith("credentials/"):
            self.key_marks[page.file.dest_uri] = key_marks(output)
        if src_uri in self.pages:
            page.content = None  # written: the bodies need not stay in memory
        return output

    def _audit(self, where: str, text: str) -> None:
        self.inline_code += [f"{where}: {found}" for found in inline_code(text)]
