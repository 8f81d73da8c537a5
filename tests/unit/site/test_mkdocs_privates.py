"""The MkDocs internals credir relies on (generator/site/mkdocs/privates.py) still behave
as they did when checked: a MkDocs release that changes them fails here, before a build
gives different pages."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import url_filter

from generator.site.mkdocs.build import CONTENT_DIR
from generator.site.mkdocs.privates import skip_markdown, theme_url
from support import REPO_ROOT


class _RecordingPage(Page):
    """A page that notes the attributes assigned to it while ``assigned`` is a set."""

    assigned: set[str] | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        if self.assigned is not None:
            self.assigned.add(name)
        super().__setattr__(name, value)


def _rendered(replaced: bool) -> tuple[set[str], dict[str, Any]]:
    """A generated page's empty Markdown rendered by MkDocs, or by the replacement: the
    attributes rendering assigned, and the page's values afterwards."""
    config = load_config(str(REPO_ROOT / "mkdocs.yml"), docs_dir=str(CONTENT_DIR))
    file = File(
        "credentials/a/b.md",
        src_dir=None,
        dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
        inclusion=InclusionLevel.NOT_IN_NAV,
    )
    file.content = ""  # what the plugin's File.generated gives, outside a plugin event
    page = _RecordingPage(None, file, config)
    page.markdown = ""
    page.meta["title"] = "B"  # as the plugin sets it
    if replaced:
        skip_markdown(page)
    assigned: set[str] = set()
    page.assigned = assigned
    page.render(config, Files([file]))
    page.assigned = None
    assigned.discard("assigned")
    values = {name: getattr(page, name) for name in assigned if name != "toc"}
    values["toc"] = [str(item) for item in page.toc]
    values["title"] = page.title
    return assigned, values


def test_the_replaced_render_sets_what_mkdocs_render_sets() -> None:
    mkdocs_logger = logging.getLogger("mkdocs")
    level = mkdocs_logger.level
    mkdocs_logger.setLevel(logging.WARNING)  # as the build sets it
    try:
        theirs, ours = _rendered(False), _rendered(True)
    finally:
        mkdocs_logger.setLevel(level)
    assert ours[0] == theirs[0]
    assert ours[1] == theirs[1]
    assert "_title_from_render" in ours[0]  # the private one is among them


def test_theme_url_is_the_theme_s_url_filter() -> None:
    for page_url, base in (("", "."), ("credentials/a/b/", "../../.."), ("404.html", ".")):
        page = SimpleNamespace(url=page_url)
        for target in ("", "search/", "credentials/a/b/", "assets/x.css", "https://e.org/"):
            context = {"page": page, "base_url": base}
            assert theme_url(target, page, base) == url_filter(context, target)
