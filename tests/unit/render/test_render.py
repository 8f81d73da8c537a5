"""Render stage: every page has its own address, whatever ids providers choose."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from generator.check.run import load_directory
from generator.directory import Directory, Listing
from generator.format.vocabularies import isced_label
from generator.render import browse, facts, i18n, pages
from generator.render.pages import PAGE_SIZE
from generator.render.site_pages import render_pages
from generator.urls import export_path, provider_path
from support.cases import CASES_DIR
from support.directories import linked_directory


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


# --- issue #20: what learners ask first, on cards, fact sheets, home and providers -------------

TODAY = "2026-06-01"


@pytest.fixture
def full_directory(monkeypatch: pytest.MonkeyPatch) -> Directory:
    """The `full` case (every field used), on a pinned day."""
    monkeypatch.setenv("CREDIR_TODAY", TODAY)
    checked = load_directory(CASES_DIR / "valid" / "full")
    assert checked.directory is not None
    return checked.directory


def with_fields(listing: Listing, **update: object) -> Listing:
    """``listing`` with credential fields replaced (nested models as dicts of their fields)."""
    credential = listing.credential
    values: dict[str, object] = {}
    for name, value in update.items():
        current = getattr(credential, name)
        values[name] = current.model_copy(update=value) if isinstance(value, dict) else value
    return dataclasses.replace(listing, credential=credential.model_copy(update=values))


def card(listing: Listing) -> str:
    return str(pages._card_macro(pages._card_facts(listing), pages.linker("credentials/")))


def chips(html: str) -> list[str]:
    found = re.search(r'<ul class="credir-chips" aria-label="Key facts">(.*?)</ul>', html, re.S)
    assert found, html
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li[^>]*>.*?</li>", found[1])]


def first(directory: Directory) -> Listing:
    """The case's listing with every field, as a credential still offered (in the case it
    has ceased, replaced by another)."""
    return with_fields(directory.listings["acme/data-basics"], status="active", superseded_by=None)


@pytest.mark.parametrize(
    ("update", "start", "badge"),
    [
        ({"next_start": dt.date(2026, 9, 7)}, "Starts 7 September 2026", None),
        ({"next_start": None, "participation": {"pace": "self-paced"}}, "Starts any time", None),
        (
            {"next_start": dt.date(2026, 1, 5), "participation": {"pace": "scheduled"}},
            "Last start 5 January 2026: ask the provider",
            None,
        ),
        ({"next_start": None, "participation": {"pace": None}}, "Start date not stated", None),
        (
            {"status": "upcoming", "next_start": dt.date(2026, 9, 7)},
            "Starts 7 September 2026",
            "Upcoming",
        ),
        (
            {"status": "suspended", "next_start": dt.date(2026, 9, 7)},
            "Not offered for now",
            "Suspended",
        ),
        ({"status": "ceased"}, "No longer offered", "Ceased"),
    ],
)
def test_a_card_says_when_it_starts_its_status_and_its_cost(
    full_directory: Directory, update: dict, start: str, badge: str | None
) -> None:
    listing = with_fields(first(full_directory), **update)
    facts_shown = chips(card(listing))
    assert start in facts_shown
    assert facts.cost_text(listing) in facts_shown
    assert (
        (badge in facts_shown)
        if badge
        else not {"Upcoming", "Suspended", "Ceased"} & set(facts_shown)
    )


def test_a_card_has_a_compare_button_for_its_listing(full_directory: Directory) -> None:
    html = card(first(full_directory))
    assert re.search(
        r'<button type="button" class="credir-compare-toggle" data-compare-key="acme/data-basics"'
        r' aria-pressed="false" hidden>Compare</button>',
        html,
    )


@pytest.mark.parametrize(
    ("level", "short", "full"),
    [
        ({"eqf": 6, "nqf": "NFQ Level 7"}, "EQF 6", "EQF level 6 · NFQ Level 7"),
        ({"eqf": None, "nqf": "RQF Level 5"}, "RQF Level 5", "RQF Level 5 · EQF level not stated"),
        ({"eqf": None, "nqf": None}, "Level not stated", "Not stated"),
    ],
)
def test_a_national_level_is_shown_when_eqf_is_not_stated(
    full_directory: Directory, level: dict, short: str, full: str
) -> None:
    listing = with_fields(first(full_directory), level=level)
    assert short in chips(card(listing))
    assert "EQF not stated" not in card(listing)
    sheet = pages.credential_html(full_directory, listing)
    values = re.findall(r'<div data-fact="level"><dt>.*?</dt><dd>(.*?)</dd>', sheet)
    assert values == [full, full]  # at a glance, and in the EU standard elements
    assert "Not stated; " not in sheet


def sections(html: str) -> list[str]:
    return re.findall(r'<section aria-labelledby="([a-z-]+)">', html)


def test_the_fact_sheet_answers_learners_first(full_directory: Directory) -> None:
    listing = first(full_directory)
    html = pages.credential_html(full_directory, listing)
    assert sections(html)[:3] == ["at-a-glance", "details", "annex-i"]
    glance = html.split('<section aria-labelledby="at-a-glance">')[1].split("</section>")[0]
    facts_at_a_glance = re.findall(r'<div data-fact="([a-z-]+)">', glance)
    assert facts_at_a_glance[:5] == ["what", "cost", "start", "workload", "level"]
    assert {"recognition", "counts-towards"} <= set(facts_at_a_glance)
    assert "Credit transfer: Example University (5 ECTS towards the MSc Data Science)" in glance
    button = re.search(
        r'<a class="md-button md-button--primary" href="([^"]+)"[^>]*>([^<]+)</a>', html
    )
    assert button and button.groups() == (listing.credential.url, "Course page at Acme Training")


def test_skills_and_occupations_search_this_site_with_esco_beside(
    full_directory: Directory,
) -> None:
    html = pages.credential_html(full_directory, first(full_directory))
    skills = re.search(r'<div data-fact="skills">.*?</div>', html, re.S)
    assert skills
    # The search page reads its filters from the URL (search.js): `skill` is one, `q` the text.
    assert '<a href="../../../search/?skill=Python%20%28computer%20programming%29"' in skills[0]
    assert (
        'href="http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"' in skills[0]
    )
    assert '<a href="../../../search/?skill=spreadsheet%20data%20cleaning"' in skills[0]
    assert skills[0].count("ESCO<") == 1  # only the skill with an ESCO URI has the link
    occupations = re.search(r'<div data-fact="occupations">.*?</div>', html, re.S)
    assert occupations and '<a href="../../../search/?q=data%20analyst"' in occupations[0]


@pytest.mark.parametrize(
    ("update", "on", "ticked"),
    [
        ({}, TODAY, True),
        ({"status": "suspended"}, TODAY, False),
        ({"status": "ceased"}, TODAY, False),
        ({}, "2031-01-01", False),  # stale: the provider has not re-confirmed it
    ],
)
def test_the_completeness_mark_says_what_it_means_and_is_no_tick_when_not_offered(
    full_directory: Directory, monkeypatch: pytest.MonkeyPatch, update: dict, on: str, ticked: bool
) -> None:
    monkeypatch.setenv("CREDIR_TODAY", on)
    html = pages.credential_html(full_directory, with_fields(first(full_directory), **update))
    mark = re.search(r'<p class="credir-completeness([^"]*)">(.*?)</p>', html)
    assert mark
    assert ("credir-completeness--complete" in mark[1]) is ticked
    text = re.sub(r"<[^>]+>", "", mark[2])
    assert text.startswith("Described with all EU standard elements.")
    assert "not a quality seal" in text


def test_the_home_page_says_what_to_do_before_anything_else(full_directory: Directory) -> None:
    html = pages.home_page(full_directory).html
    order = [
        html.index("<h1>"),
        html.index('role="search"'),
        html.index('<nav class="credir-home-browse"'),
        html.index("<h2>Starting soon</h2>"),
        html.index("EU Council Recommendation"),
        html.index("pull requests"),
    ]
    assert order == sorted(order)
    browse = html.split('<nav class="credir-home-browse"')[1].split("</nav>")[0]
    targets = re.findall(r'href="([^"]+)"', browse)
    assert targets == ["browse/level/", "browse/field/", "browse/mode/", "pathways/", "choosing/"]


def test_starting_soon_lists_only_what_can_be_started(full_directory: Directory) -> None:
    listings = {
        "acme/soon": {"next_start": dt.date(2026, 7, 1), "participation": {"pace": "scheduled"}},
        "acme/later": {"next_start": dt.date(2026, 12, 1), "participation": {"pace": "scheduled"}},
        "acme/any-time": {"next_start": None, "participation": {"pace": "self-paced"}},
        "acme/past": {"next_start": dt.date(2026, 1, 1), "participation": {"pace": "scheduled"}},
        "acme/paused": {"status": "suspended", "next_start": dt.date(2026, 7, 1)},
        "acme/gone": {"status": "ceased", "next_start": dt.date(2026, 7, 1)},
    }
    template = first(full_directory)
    made = {}
    for key, update in listings.items():
        cid = key.split("/")[1]
        listing = with_fields(template, id=cid, title=f"Title {cid}", **update)
        made[key] = dataclasses.replace(listing, key=key)
    directory = Directory(providers=full_directory.providers, listings=made)
    titles = re.findall(
        r'class="credir-card__title"><a [^>]*>([^<]+)<', pages.home_page(directory).html
    )
    assert titles == ["Title soon", "Title later", "Title any-time"]


def test_providers_are_listed_by_name_whatever_the_accents_and_case(
    full_directory: Directory,
) -> None:
    template = next(iter(full_directory.providers.values()))
    names = {"z": "Zeta Academy", "e": "École Nord", "a": "alpha Institute", "b": "Ångström Lab"}
    providers = {
        pid: template.model_copy(update={"id": pid, "name": n}) for pid, n in names.items()
    }
    directory = Directory(providers=dict(sorted(providers.items())), listings={})
    (page,) = pages.providers_index(directory)
    shown = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', page.html)
    assert shown == ["alpha Institute", "Ångström Lab", "École Nord", "Zeta Academy"]
    assert 'class="credir-table credir-table--providers"' in page.html


def test_the_compare_page_carries_where_the_json_is_and_the_wording(full_directory) -> None:
    html = browse.compare_page().html
    found = re.search(
        r'<script type="application/json" id="credir-compare-data">(.*?)</script>', html
    )
    assert found
    data = json.loads(found[1])
    # Relative to the compare page, in every language leading to the root's open data.
    assert data["credential_json"].replace("{key}", "acme/x") == "../" + export_path(
        "acme/x", "json"
    )
    assert data["provider_json"].replace("{provider}", "acme") == "../" + provider_path("acme")
    assert data["labels"]["participation.mode"]["onsite"] == "On site"
    assert data["countries"]["IE"] == "Ireland" and data["languages"]["nl"] == "Dutch"
    assert data["fields"]["0923"] == isced_label("0923")
    # compare.js says a start in the fact sheets' words (facts.start_text's cases).
    assert data["start_words"] == facts.START_WORDS
    with i18n.rendering_in("uk"):
        data = json.loads(re.search(r'compare-data">(.*?)</script>', browse.compare_page().html)[1])
    assert data["provider_json"].replace("{provider}", "acme") == "../../" + provider_path("acme")


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


def test_at_a_glance_labels_an_unconfirmed_claim_too() -> None:
    directory = claims_directory()
    html = pages.credential_html(directory, directory.listings["acme/data-certificate"])
    glance = html.split('<section aria-labelledby="at-a-glance">')[1].split("</section>")[0]
    row = re.search(r'<div data-fact="counts-towards">.*?</div>', glance, re.S)
    assert row and "MSc in Data" in row[0]
    assert "(not confirmed by Northwind Training)" in row[0]


# --- the one pager -------------------------------------------------------------------------------


def test_paginate_splits_at_page_size_and_links_the_neighbours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    split = pages.paginate(list("abcde"), "things/index.md", "things/page-{n}.md")
    assert [(p.src, p.items) for p in split] == [
        ("things/index.md", ["a", "b"]),
        ("things/page-2.md", ["c", "d"]),
        ("things/page-3.md", ["e"]),
    ]
    assert [(p.previous, p.next) for p in split] == [
        (None, "things/page-2/"),
        ("things/", "things/page-3/"),
        ("things/page-2/", None),
    ]
    assert split[2].pager == {
        "number": 3,
        "pages": 3,
        "previous": "things/page-2/",
        "next": None,
    }
    assert [p.title("Things") for p in split] == ["Things", "Things (page 2)", "Things (page 3)"]


def test_an_empty_list_still_has_its_first_page() -> None:
    (only,) = pages.paginate([], "things.md", "things/page-{n}.md")
    assert (only.src, only.items, only.pages, only.previous, only.next) == (
        "things.md",
        [],
        1,
        None,
        None,
    )
