"""Every generated page of the site, in a stable order (the render stage's one entry point)."""

from __future__ import annotations

from generator.directory import Directory
from generator.render.browse import browse_pages, compare_page, pathways_pages
from generator.render.pages import (
    Page,
    credential_page,
    home_page,
    index_pages,
    provider_page,
    providers_index,
    search_page,
)
from generator.render.search import search_settings


def render_pages(directory: Directory, search_shards: int = 1) -> list[Page]:
    """``search_shards``: how many Pagefind indexes the search page merges."""
    pages = [
        home_page(directory),
        search_page(search_shards, search_settings(directory)),
        *providers_index(directory),
    ]
    pages += index_pages(
        "credentials",
        "All credentials",
        "Every credential in the directory, by provider.",
        list(directory.listings.values()),
    )
    pages += browse_pages(directory)
    pages += [*pathways_pages(directory), compare_page()]
    pages += [provider_page(directory, pid) for pid in directory.providers]
    pages += [credential_page(directory, item) for item in directory.listings.values()]
    return pages
