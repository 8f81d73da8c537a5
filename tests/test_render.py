"""Render stage: every page has its own address, whatever ids providers choose."""

from __future__ import annotations

import re

from conftest import CASES_DIR, linked_directory

from generator.directory import Directory, Listing, load_directory
from generator.render import browse, pages
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


# --- the pathways page (issue #18): each credential once, a bounded page ------------------------


def pathways_html(links: dict[str, list[object]]) -> list[str]:
    return [page.html for page in browse.pathways_pages(linked_directory(links))]


def entries(page_html: str) -> list[str]:
    """The credential each entry of a pathways page is about, in order."""
    return re.findall(r'<li><a href="[^"]*">(Title [^<]*)</a>', page_html)


def entry(page_html: str, title: str) -> str:
    """The entry of the credential titled ``title`` on a pathways page."""
    found = re.search(rf'<li><a href="[^"]*">{re.escape(title)}</a>.*?</li>', page_html, re.S)
    assert found, title
    return found.group()


def test_pathways_page_lists_each_credential_once_with_its_links() -> None:
    (html,) = pathways_html(
        {
            "acme/a": ["acme/b", "acme/c"],
            "acme/b": ["acme/d"],
            "acme/c": ["acme/d"],
            "acme/d": [{"title": "MSc Outside", "url": "https://uni.example/msc"}],
            "acme/e": [],
        }
    )
    assert entries(html) == ["Title d", "Title b", "Title c", "Title a"]
    assert '<h2 id="pathway-1">Title d</h2>' in html
    assert "4 credentials in this pathway" in html
    towards = r"Counts towards: <a [^>]*>Title b</a>; <a [^>]*>Title c</a>"
    assert re.search(towards, entry(html, "Title a"))
    assert "Built from" not in entry(html, "Title a")
    top = entry(html, "Title d")
    assert 'href="https://uni.example/msc" rel="noopener">MSc Outside</a>' in top
    assert re.search(r"Built from: <a [^>]*>Title b</a>; <a [^>]*>Title c</a>", top)
    assert "Title e" not in html


def test_a_credential_with_many_links_shows_a_few_and_links_to_all() -> None:
    many = browse.LINKS_SHOWN + 15
    links: dict[str, list[object]] = {f"acme/s{i:02d}": ["acme/top"] for i in range(many)}
    (html,) = pathways_html({**links, "acme/top": []})
    top = entry(html, "Title top")
    assert top.count("<a ") == 1 + browse.LINKS_SHOWN + 1
    assert '<a href="../credentials/acme/top/#pathways">and 15 more</a>' in top


def test_a_long_pathway_goes_on_over_the_next_pages() -> None:
    n = 2 * pages.PAGE_SIZE + 1
    chain: dict[str, list[object]] = {f"acme/c{i:03d}": [f"acme/c{i + 1:03d}"] for i in range(n)}
    htmls = pathways_html({**chain, f"acme/c{n:03d}": []})
    assert len(htmls) == 3
    listed = [title for html in htmls for title in entries(html)]
    assert listed == [f"Title c{i:03d}" for i in reversed(range(n + 1))]
    assert "(continued)" not in htmls[0]
    assert all("(continued)" in html and 'rel="prev"' in html for html in htmls[1:])


# --- claims on another provider's credential ----------------------------------------------------

CLAIMS = CASES_DIR / "valid" / "stackability-unconfirmed-claim"


def claims_directory() -> Directory:
    """Acme says data-basics and data-certificate count towards Northwind's MSc in Data;
    Northwind accepts only data-basics."""
    checked = load_directory(CLAIMS)
    assert checked.directory is not None, checked.problems
    return checked.directory


def pathways_text(directory: Directory) -> str:
    return "".join(page.html for page in browse.pathways_pages(directory))


def test_the_targets_page_shows_only_the_links_it_confirmed() -> None:
    directory = claims_directory()
    html = pages.credential_page(directory, directory.listings["northwind/msc-data"]).html
    pathways = html[html.index('id="pathways"') :]
    assert "Data Basics" in pathways
    assert "Certificate in Data" not in pathways


def test_the_claimants_page_labels_an_unconfirmed_claim() -> None:
    directory = claims_directory()
    claimant = pages.credential_page(directory, directory.listings["acme/data-certificate"]).html
    pathways = claimant[claimant.index('id="pathways"') :]
    assert "MSc in Data" in pathways
    assert "(not confirmed by Northwind Training)" in pathways
    confirmed = pages.credential_page(directory, directory.listings["acme/data-basics"]).html
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
    html = pages.credential_page(changed, listings["acme/data-certificate"]).html
    assert "(not confirmed by &lt;b&gt;North&lt;/b&gt;)" in html
