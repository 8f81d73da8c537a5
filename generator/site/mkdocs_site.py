"""Everything MkDocs-specific, in one module (moving to a successor touches only this).

The project's mkdocs.yml sets the theme, palette and navigation. Generated pages never
touch the disk: a plugin adds them as in-memory files and swaps in their HTML after
MkDocs has rendered an empty Markdown body, so provider text never passes through
Python-Markdown's raw-HTML handling, and 10,000 pages cost no file writes or reads.
"""

from __future__ import annotations

import logging
from importlib.resources import files as package_files
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from generator.render.pages import Page, escape_meta
from generator.site.csp import meta_policy

CONTENT_DIR = Path(str(package_files("generator.site") / "content"))


class GeneratedPages(BasePlugin):
    """Adds the generated pages to the build and supplies their finished HTML."""

    def __init__(self, pages: list[Page]) -> None:
        super().__init__()
        self.pages = {page.src_uri: page for page in pages}
        if len(self.pages) != len(pages):  # one page would silently replace another
            seen: set[str] = set()
            twice = sorted({p.src_uri for p in pages if p.src_uri in seen or seen.add(p.src_uri)})
            raise ValueError("two pages at the same address: " + ", ".join(twice[:5]))

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

    def on_page_markdown(self, markdown: str, page: MkDocsPage, **_: object) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        # Theme templates print meta values unescaped, so they are escaped here.
        page.meta["title"] = escape_meta(generated.title)
        page.meta["description"] = escape_meta(generated.description)
        page.meta["hide"] = ["toc"] if generated.src_uri != "index.md" else ["toc", "navigation"]
        return ""

    def on_page_content(self, html: str, page: MkDocsPage, **_: object) -> str:
        generated = self.pages.get(page.file.src_uri)
        return generated.html if generated is not None else html


def build_with_mkdocs(config_file: Path, pages: list[Page], site_dir: Path) -> None:
    """Run the MkDocs build of the project's mkdocs.yml plus the generated pages."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(config_file), site_dir=str(site_dir), docs_dir=str(CONTENT_DIR))
    config.plugins["credir-pages"] = GeneratedPages(pages)
    config.extra["credir_csp"] = meta_policy()  # site_overrides/main.html writes it
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def site_url_of(config_file: Path) -> str:
    """The published address (mkdocs.yml's site_url, ending in /): the open-data exports use
    it for their absolute identifiers and links. ValueError when it is not set."""
    config = load_config(str(config_file), docs_dir=str(CONTENT_DIR))
    if not config.site_url:
        raise ValueError(f"{config_file}: set site_url, the open data needs the site's address")
    return config.site_url.rstrip("/") + "/"
