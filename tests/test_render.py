"""Render stage: every page has its own address, whatever ids providers choose."""

from __future__ import annotations

from conftest import CASES_DIR

from generator.directory import Directory, Listing, load_directory
from generator.render.browse import pathways_pages
from generator.render.pages import PAGE_SIZE, credential_page
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


# --- claims on another provider's credential ----------------------------------------------------

CLAIMS = CASES_DIR / "valid" / "stackability-unconfirmed-claim"


def claims_directory() -> Directory:
    """Acme says data-basics and data-certificate count towards Northwind's MSc in Data;
    Northwind accepts only data-basics."""
    checked = load_directory(CLAIMS)
    assert checked.directory is not None, checked.problems
    return checked.directory


def pathways_text(directory: Directory) -> str:
    return "".join(page.html for page in pathways_pages(directory))


def test_the_targets_page_shows_only_the_links_it_confirmed() -> None:
    directory = claims_directory()
    html = credential_page(directory, directory.listings["northwind/msc-data"]).html
    pathways = html[html.index('id="pathways"') :]
    assert "Data Basics" in pathways
    assert "Certificate in Data" not in pathways


def test_the_claimants_page_labels_an_unconfirmed_claim() -> None:
    directory = claims_directory()
    claimant = credential_page(directory, directory.listings["acme/data-certificate"]).html
    pathways = claimant[claimant.index('id="pathways"') :]
    assert "MSc in Data" in pathways
    assert "(not confirmed by Northwind Training)" in pathways
    confirmed = credential_page(directory, directory.listings["acme/data-basics"]).html
    assert "MSc in Data" in confirmed and "not confirmed" not in confirmed


def test_the_pathways_leave_out_an_unconfirmed_claim() -> None:
    text = pathways_text(claims_directory())
    assert "MSc in Data" in text and "Data Basics" in text
    assert "Certificate in Data" not in text


def test_a_provider_name_in_the_label_is_escaped() -> None:
    directory = claims_directory()
    target = directory.listings["northwind/msc-data"]
    provider = target.provider.model_copy(update={"name": "<b>North</b>"})
    listings = dict(directory.listings)
    listings[target.key] = Listing(target.key, target.path, provider, target.credential)
    changed = Directory(providers=directory.providers, listings=listings)
    html = credential_page(changed, listings["acme/data-certificate"]).html
    assert "(not confirmed by &lt;b&gt;North&lt;/b&gt;)" in html
