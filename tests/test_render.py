"""Render stage: every page has its own address, whatever ids providers choose."""

from __future__ import annotations

from conftest import CASES_DIR

from generator.directory import Directory, Listing, load_directory
from generator.render.pages import PAGE_SIZE
from generator.render.site_pages import render_pages


def test_no_two_pages_share_an_address_even_with_awkward_ids() -> None:
    checked = load_directory(CASES_DIR / "valid" / "minimal")
    assert checked.directory is not None
    template = next(iter(checked.directory.listings.values()))
    # A provider called "page" with numbered credentials, and more listings than fit on
    # one index page, would collide with a `credentials/page/2/` index page.
    provider = template.provider.model_copy(update={"id": "page"})
    listings = {}
    for number in range(1, 2 * PAGE_SIZE + 2):
        credential = template.credential.model_copy(update={"id": str(number)})
        key = f"page/{number}"
        listings[key] = Listing(key, f"credentials/{key}.yaml", provider, credential)
    directory = Directory(providers={"page": provider}, listings=dict(sorted(listings.items())))
    urls = [page.url for page in render_pages(directory)]
    assert len(urls) == len(set(urls)), sorted(u for u in urls if urls.count(u) > 1)
    assert "credentials/page-2/" in urls and "credentials/page/2/" in urls
