"""Every use of MkDocs internals, in one place (checked against MkDocs 1.6.1, Material 9.8.2).

What the rest of the package uses is MkDocs' plugin events and documented page, file and
config attributes. What follows is not documented API; each is checked by a test
(tests/unit/site/test_mkdocs_privates.py and the shells-against-theme byte comparison):

* ``Page.render`` replaced on each generated page (``skip_markdown``). A generated page's
  Markdown is empty (its HTML comes from the plugin), and ``Page.render`` builds a
  ``markdown.Markdown`` instance with the site's extensions for every page, which is most
  of MkDocs' own work on a large directory. The replacement sets what ``Page.render`` sets
  for empty Markdown:
  - ``page.content`` (documented) to "";
  - ``page.toc`` (documented) to ``mkdocs.structure.toc.get_toc([])``, the empty table
    of contents (``get_toc`` is not documented);
  - ``page._title_from_render`` (private) to None: no ``<h1>`` in the Markdown, so the
    title comes from ``page.meta["title"]``, which the plugin sets;
  - ``page.present_anchor_ids`` and ``page.links_to_anchors`` (undocumented, read by
    ``Page.validate_anchor_links``) to empty: no anchors, no links.
* ``mkdocs.utils.normalize_url`` (``theme_url``): the function behind the theme's
  ``url`` filter, so the shells can work out the nav links a page's theme output holds
  without rendering the theme.

A successor that renders pages differently needs only this module changed (and the
MkDocs calls in ``build``); if MkDocs' ``Page.render`` changes what it sets, the test
comparing it with ``skip_markdown`` fails.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def skip_markdown(page: Page) -> None:
    """Have MkDocs take ``page``'s Markdown as empty without a Python-Markdown run."""
    page.render = functools.partial(_render_empty_markdown, page)  # type: ignore[method-assign]


def _render_empty_markdown(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` leaves for empty Markdown (see the module docstring)."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def theme_url(url: str, page: object, base_url: str) -> str:
    """``url`` as the theme's ``url`` filter writes it on ``page`` (anything with a
    ``url``: the shells' tests pass stand-ins)."""
    return normalize_url(url, page, base_url)  # type: ignore[arg-type]
