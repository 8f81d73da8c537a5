"""What the search index says about a credential (issue #20): its filter values, its words,
its result card and sort keys, and the search page's settings, all from Python."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from generator.check.run import load_directory
from generator.directory import Directory, Listing
from generator.format.models import Credential
from generator.format.vocabularies import RECOGNITION_TYPE_LABELS
from generator.render import facts, search
from generator.render.pages import credential_page, search_page
from support.cases import CASES_DIR


@pytest.fixture(scope="module")
def minimal() -> Listing:
    checked = load_directory(CASES_DIR / "valid" / "minimal")
    assert checked.directory is not None
    return next(iter(checked.directory.listings.values()))


def variant(listing: Listing, **changes: Any) -> Listing:
    """``listing`` with its credential's fields replaced (nested ones given as dicts)."""
    data = listing.credential.model_dump(exclude_none=True)
    data.update(changes)
    credential = Credential.model_validate(data, strict=False)
    return Listing(listing.key, listing.path, listing.provider, credential)


def directory_of(*listings: Listing) -> Directory:
    keyed = {f"acme/c{n}": item for n, item in enumerate(listings)}
    return Directory(
        providers={"acme": listings[0].provider},
        listings={
            key: Listing(key, f"credentials/{key}.yaml", item.provider, item.credential)
            for key, item in keyed.items()
        },
    )


def test_every_filter_has_a_label_and_a_value_list(minimal: Listing) -> None:
    assert tuple(facts.FILTER_LABELS) == facts.FILTERS
    assert {"recognition", "stackable", "pace", "starts"} <= set(facts.FILTERS)
    assert list(facts.facets(minimal)) == list(facts.FILTERS)


def test_recognition_values_are_the_vocabulary_labels(minimal: Listing) -> None:
    listing = variant(
        minimal,
        recognition=[
            {"type": "licence-renewal", "body": "State Board of Social Work Examiners"},
            {"type": "cpd", "body": "Prairie Association"},
            {"type": "cpd", "body": "Another body"},
        ],
    )
    # Each once, in the vocabulary's order.
    assert facts.facets(listing)["recognition"] == [
        "Continuing professional development",
        "Licence renewal",
    ]
    assert facts.facets(minimal)["recognition"] == []
    assert facts.VALUE_ORDER["recognition"] == list(RECOGNITION_TYPE_LABELS.values())


@pytest.mark.parametrize(
    ("stackability", "expected"),
    [
        (None, []),
        ({"stackable": False}, []),
        ({"stackable": True}, [facts.STACKABLE_NO_PATHWAY]),
        ({"contributes_to": ["acme/bigger"]}, [facts.COUNTS_TOWARDS]),
        (
            {"stackable": True, "contributes_to": [{"title": "MSc", "url": "https://u.example/"}]},
            [facts.COUNTS_TOWARDS],
        ),
    ],
)
def test_stackable_says_whether_a_pathway_is_listed(minimal, stackability, expected) -> None:
    listing = variant(minimal, stackability=stackability) if stackability else minimal
    assert facts.facets(listing)["stackable"] == expected


def test_pace_and_starts(minimal: Listing) -> None:
    online = minimal.credential.participation.model_dump(exclude_none=True)
    self_paced = variant(minimal, participation={**online, "pace": "self-paced"})
    assert facts.facets(self_paced)["pace"] == ["Self-paced"]
    assert facts.facets(self_paced)["starts"] == [facts.STARTS_ANY_TIME]
    assert facts.start_text(self_paced) == "Starts any time"
    scheduled = variant(
        minimal, participation={**online, "pace": "scheduled"}, next_start="2029-03-04"
    )
    assert facts.facets(scheduled)["pace"] == ["Scheduled"]
    assert facts.facets(scheduled)["starts"] == ["March 2029"]
    assert facts.start_text(scheduled) == "Starts 4 March 2029"
    assert facts.facets(minimal)["pace"] == facts.facets(minimal)["starts"] == []
    assert facts.start_text(minimal) == "Start date not stated"


def test_next_start_sorts_as_the_card_says(
    minimal: Listing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any time first, then the dates ahead (a self-paced one with a date ahead among them,
    as its card names that date), a start already past, no date, then not offered."""
    monkeypatch.setenv("CREDIR_TODAY", "2029-01-01")
    online = minimal.credential.participation.model_dump(exclude_none=True)
    self_paced = {**online, "pace": "self-paced"}
    any_time = variant(minimal, participation=self_paced)
    soon = variant(minimal, next_start="2029-01-12")
    later_self_paced = variant(minimal, participation=self_paced, next_start="2029-08-30")
    far = variant(minimal, next_start="2031-02-01")
    past = variant(minimal, next_start="2028-05-01")
    unknown = minimal
    suspended = variant(minimal, status="suspended", next_start="2029-01-02")
    ceased = variant(minimal, status="ceased")
    expected = [any_time, soon, later_self_paced, far, past, unknown, suspended, ceased]
    order = sorted(reversed(expected), key=lambda item: facts.sort_keys(item)["next_start"])
    assert order == expected
    assert [facts.start_text(item) for item in order] == [
        "Starts any time",
        "Starts 12 January 2029",
        "Starts 30 August 2029",
        "Starts 1 February 2031",
        "Last start 1 May 2028: ask the provider",
        "Start date not stated",
        "Not offered for now",
        "No longer offered",
    ]


def test_starts_values_are_ordered_by_date_not_by_name(minimal: Listing) -> None:
    listings = [
        variant(minimal, next_start=day) for day in ("2029-08-30", "2029-02-01", "2030-01-05")
    ]
    assert facts.starts_order(listings) == [
        facts.STARTS_ANY_TIME,
        "February 2029",
        "August 2029",
        "January 2030",
    ]


def test_workload_values_are_in_numeric_order() -> None:
    order = facts.VALUE_ORDER["workload"]
    assert order == ["under 1 ECTS", "1–5 ECTS", "5–10 ECTS", "10+ ECTS"]
    assert [facts.workload_bucket(ects) for ects in (0.5, 1, 5, 10, 60)] == [
        order[0],
        order[1],
        order[2],
        order[3],
        order[3],
    ]


def test_the_words_hold_labels_fields_and_bodies(minimal: Listing) -> None:
    listing = variant(
        minimal,
        fields_of_education=["0923"],
        recognition=[{"type": "licence-renewal", "body": "State Board of Social Work Examiners"}],
        quality_assurance={"types": ["external"], "bodies": ["ASWB ACE program"]},
        stackability={"stackable": True},
    )
    content = search.search_record(listing)["content"]
    for words in (
        "Licence renewal",
        "State Board of Social Work Examiners",
        "ASWB ACE program",
        "Health and welfare",  # broad
        "Welfare",  # narrow
        "Social work and counselling",  # detailed
        "Stackable",
        "Acme Training",
    ):
        assert words in content, words


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("Analyse data", "Analyze"),
        ("analyzed", "analysed"),
        ("organisation", "organization"),
        ("realizing", "realising"),
        ("licence", "license"),
        ("Licensed", "Licenced"),
    ],
)
def test_both_spellings_are_indexed(text: str, other: str) -> None:
    assert other in search.spelling_variants(text)


def test_spelling_leaves_other_words_alone() -> None:
    assert search.spelling_variants("this crisis is basic") == []


def test_suspended_stale_and_ceased_listings_rank_later(minimal: Listing) -> None:
    later = search.LATER_FILTER
    assert later not in search.search_record(minimal)["filters"]
    assert later not in facts.FILTERS  # hidden: not on the page, not in the URL
    for listing in (
        variant(minimal, status="suspended"),
        variant(minimal, status="ceased"),
        variant(minimal, review_by="2020-01-01"),
    ):
        assert search.search_record(listing)["filters"][later] == ["yes"]


def test_the_result_card_says_start_status_cost_and_language(
    minimal: Listing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREDIR_TODAY", "2029-06-01")
    listing = variant(minimal, status="upcoming", next_start="2029-09-01", languages=["nl", "en"])
    meta = search.search_record(listing)["meta"]
    assert meta["starts"] == facts.start_text(listing) == "Starts 1 September 2029"
    assert meta["status"] == "upcoming" and meta["status_label"] == "Upcoming"
    assert meta["cost"] == "Cost not stated"
    assert meta["lang"] == "nl"


def test_words_that_name_a_filter_value(minimal: Listing) -> None:
    online = minimal.credential.participation.model_dump(exclude_none=True)
    listings = [
        variant(minimal, cost={"amount": 0}, level={"eqf": 6}, languages=["en", "de"]),
        variant(
            minimal,
            cost={"amount": 90, "currency": "EUR"},
            participation={**online, "pace": "self-paced"},
            recognition=[{"type": "licence-renewal", "body": "Board"}],
            stackability={"contributes_to": ["acme/c0"]},
        ),
    ]
    phrases = {
        phrase: (name, values)
        for phrase, name, values in search.query_phrases(directory_of(*listings))
    }
    assert phrases["free"] == ("cost", ["Free"])
    assert "paid" not in phrases  # "paid internship" is a subject, not a price
    assert phrases["eqf 6"] == phrases["eqf level 6"] == ("level", ["EQF 6"])
    assert phrases["english"] == ("language", ["English"])
    assert phrases["german"] == ("language", ["German"])
    assert phrases["online"] == ("mode", ["Online"])
    assert phrases["self-paced"] == phrases["self paced"] == ("pace", ["Self-paced"])
    assert (
        phrases["licence renewal"]
        == phrases["license renewal"]
        == ("recognition", ["Licence renewal"])
    )
    assert phrases["stackable"] == ("stackable", [facts.COUNTS_TOWARDS])
    assert "eqf 7" not in phrases  # no listing has it: a filter to nothing is no help
    ordered = [phrase for phrase, _, _ in search.query_phrases(directory_of(*listings))]
    lengths = [len(phrase.split()) for phrase in ordered]
    assert lengths == sorted(lengths, reverse=True)


def test_the_search_page_carries_its_settings(minimal: Listing) -> None:
    directory = directory_of(variant(minimal, next_start="2029-05-01"))
    settings = search.search_settings(directory)
    html = search_page(1, settings).html
    found = re.search(
        r'<script type="application/json" class="credir-search-settings">(.*?)</script>', html
    )
    assert found and json.loads(found[1]) == json.loads(json.dumps(settings))
    assert [item["name"] for item in settings["filters"]] == list(facts.FILTERS)
    assert [item["label"] for item in settings["filters"]] == list(facts.FILTER_LABELS.values())
    orders = {item["name"]: item["order"] for item in settings["filters"]}
    assert orders["workload"] == facts.VALUE_ORDER["workload"]
    assert orders["starts"] == [facts.STARTS_ANY_TIME, "May 2029"]
    assert settings["sorts"][0] == ["", "Relevance"]
    sort_keys = {value.split(":")[0] for value, _ in settings["sorts"] if value}
    assert sort_keys == set(facts.SORTS)
    assert settings["hiddenStatus"] not in settings["defaultStatuses"]


def test_start_dates_sort_as_dates_whatever_the_year(
    minimal: Listing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREDIR_TODAY", "0001-01-01")
    keys = [
        facts.start_sort_key(variant(minimal, next_start=day))
        for day in ("0001-01-02", "2029-01-01", "9999-12-31")
    ]
    assert keys == sorted(keys)
    assert keys[-1] < facts.start_sort_key(minimal)  # no date, after the latest one


def test_the_fact_sheet_marks_the_providers_words_with_their_language(minimal: Listing) -> None:
    listing = variant(minimal, languages=["nl", "en"], description="Leer *data* opschonen.")
    html = credential_page(
        directory_of(listing), next(iter(directory_of(listing).listings.values()))
    ).html
    for start in ('<h1 lang="nl">', '<p class="credir-lead" lang="nl">', '<ul lang="nl"><li>Clean'):
        assert start in html, start
    assert '<div class="credir-description" lang="nl">' in html
    # The site's own words stay in the site's language: no lang on the fact labels.
    assert "<dt lang=" not in html
