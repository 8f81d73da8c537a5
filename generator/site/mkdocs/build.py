"""The MkDocs build the site build calls: the only module running MkDocs' commands.

MkDocs' Python entry points used here (``load_config``, ``commands.build.build``, the
plugin collection's ``on_startup``/``on_shutdown``, which the ``mkdocs`` command line
calls around a build) are what a successor reading the same mkdocs.yml replaces.
"""

from __future__ import annotations

import logging
from importlib.resources import files as package_files
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.render.pages import Page
from generator.site.csp import meta_policy
from generator.site.languages import localise
from generator.site.mkdocs.plugin import GeneratedPages
from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE

CONTENTS = Path(str(package_files("generator.site") / "content"))  # one folder per language
CONTENT_DIR = CONTENTS / ROOT_LANGUAGE


def build_with_mkdocs(
    config_file: Path,
    pages: list[Page],
    site_dir: Path,
    *,
    lang: str = ROOT_LANGUAGE,
    languages: tuple[str, ...] = INTERFACE_LANGUAGES,
    shells: bool = True,
) -> GeneratedPages:
    """Run the MkDocs build of the project's mkdocs.yml plus the generated pages, as
    ``lang``'s copy of the site (call it inside ``i18n.rendering_in(lang)``); returns the
    plugin (what the CSP audit found, the fact sheets' keys, how many pages came from a
    shell). ``shells=False`` has the theme render every page (for the tests)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(config_file), site_dir=str(site_dir), docs_dir=str(CONTENTS / lang))
    localise(config, lang, _root_url(config, config_file), languages)
    plugin = GeneratedPages(pages, shells=shells)
    # Added after mkdocs.yml's plugins, so its on_post_page sees each file as written.
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
    return _root_url(load_config(str(config_file), docs_dir=str(CONTENT_DIR)), config_file)


def _root_url(config: MkDocsConfig, config_file: Path) -> str:
    if not config.site_url:
        raise ValueError(f"{config_file}: set site_url, the open data needs the site's address")
    return config.site_url.rstrip("/") + "/"
