"""The pages in another interface language: every label, date, number and cached card in the
language being rendered (generator.render.i18n), and English as before when it is over."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po

from generator.directory import Directory
from generator.render import browse, facts, i18n, pages, search
from generator.render.site_pages import render_pages

KEY = "corrib-valley-tech/data-analytics-foundations"  # online, scheduled, next start ahead


def visible(html: str) -> str:
    """The text a reader sees: no tags, no JSON data."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_german_fact_sheet_has_german_labels_dates_and_names(example_directory) -> None:
    listing = example_directory.listings[KEY]
    with i18n.rendering_in("de"):
        html = pages.credential_page(example_directory, listing).html
        review_by = i18n.format_date(listing.credential.review_by)
    text = visible(html)
    for german in ("Auf einen Blick", "Lernergebnisse", "Anhang I", "Arbeitsaufwand", "Irland"):
        assert german in text
    assert "Micro-Credential von" in text and "auf Englisch" in text
    assert "Online, zu festen Terminen" in text  # the pace inside a sentence keeps its nouns
    assert re.fullmatch(r"\d+\. \w+ 20\d\d", review_by)  # "30. Juni 2029"
    assert f"Eintrag bestätigt bis {review_by}" in text
    for english in ("At a glance", "Learning outcomes", "Annex I", "Country of", " hours"):
        assert english not in text
    # English again once the German part is over.
    assert "At a glance" in pages.credential_page(example_directory, listing).html


def test_no_interface_string_is_left_in_english(example_directory) -> None:
    """Every page of the example directory in German: no English sentence of the catalogue
    (the providers' own texts are in their languages, and none repeats one)."""
    with (i18n.locales_dir() / "de" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        english = {
            message.id
            for message in read_po(po)
            if isinstance(message.id, str)
            and message.string != message.id
            and "%" not in message.id
            and len(message.id.split()) >= 3
        }
    with i18n.rendering_in("de"):
        text = " ".join(visible(page.html) for page in render_pages(example_directory))
    assert not sorted(sentence for sentence in english if sentence in text)


def test_each_language_gets_its_own_cards(example_directory) -> None:
    """A card is rendered once and cached: in each language, not once for all."""
    listing = example_directory.listings[KEY]
    directory = Directory(
        providers={listing.provider.id: listing.provider}, listings={KEY: listing}
    )
    english = pages.provider_page(directory, listing.provider.id).html
    with i18n.rendering_in("de"):
        german = pages.provider_page(directory, listing.provider.id).html
    with i18n.rendering_in("uk"):
        ukrainian = pages.provider_page(directory, listing.provider.id).html
    assert ">Compare</button>" in english and "Starts " in english
    assert ">Vergleichen</button>" in german and "Beginnt am " in german
    assert ">Порівняти</button>" in ukrainian and "Початок " in ukrainian
    assert pages.provider_page(directory, listing.provider.id).html == english


@pytest.mark.parametrize(
    ("lang", "country", "language", "number"),
    [
        ("en", "Germany", "German", "1,500.5"),
        ("de", "Deutschland", "Deutsch", "1.500,5"),
        ("uk", "Німеччина", "німецька", "1\xa0500,5"),
    ],
)
def test_names_and_numbers_are_each_language_s(
    lang: str, country: str, language: str, number: str
) -> None:
    with i18n.rendering_in(lang):
        assert (facts.country_name("DE"), facts.language_name("de")) == (country, language)
        assert facts.number(1500.5) == number
    assert facts.country_name("DE") == "Germany"


def test_durations_and_hours_take_each_language_s_plural() -> None:
    assert facts.duration_text("P1Y6M") == "1 year 6 months"
    with i18n.rendering_in("de"):
        assert facts.duration_text("P1Y6M") == "1 Jahr 6 Monate"
        assert facts.hours_text(2.5) == "2,5 Stunden"
    with i18n.rendering_in("uk"):
        assert facts.duration_text("P2W") == "2 тижні"
        assert facts.duration_text("P5W") == "5 тижнів"
        assert facts.hours_text(1) == "1 година"


def test_the_search_filters_and_settings_speak_the_same_language(example_directory) -> None:
    """A filter value the index holds is one the search page names (its order, its default
    statuses), in the language the page is in."""
    with i18n.rendering_in("fr"):
        records = list(search.search_records(example_directory))
        settings = search.search_settings(example_directory)
    statuses = {value for record in records for value in record["filters"]["status"]}
    assert statuses <= {*settings["defaultStatuses"], settings["hiddenStatus"]}
    assert "Active" in settings["defaultStatuses"] and settings["hiddenStatus"] == "Arrêtée"
    order = {item["name"]: item["order"] for item in settings["filters"]}
    workloads = {value for record in records for value in record["filters"]["workload"]}
    assert workloads <= set(order["workload"])
    assert [item["label"] for item in settings["filters"]][:3] == ["Prestataire", "Pays", "Langue"]
    assert ["en ligne", "mode", ["En ligne"]] in settings["phrases"]
    assert order["starts"][0] == "À tout moment (à son rythme)"


def test_the_compare_page_words_values_in_its_language() -> None:
    with i18n.rendering_in("nb"):
        html = browse.compare_page().html
    data = re.search(r'id="credir-compare-data">(.*?)</script>', html)
    assert data
    wording = json.loads(data[1])
    assert wording["locale"] == "nb"
    # The mode as the EU Vocabularies say it in Norwegian, not our own translation.
    assert wording["labels"]["participation.mode"]["online"] == "På nettet"
    assert wording["start_words"]["on"] == "Starter %(date)s"
    # The script's own strings come with the page, for exactly its script.
    block = re.search(r'<script [^>]*class="credir-messages">(.*?)</script>', html)
    assert block and '"Sammenlign nå"' not in block[1] and '"Fjern"' in block[1]
    assert "credir-messages" not in browse.compare_page().html  # English needs none


def test_modes_and_assessment_types_read_as_the_eu_vocabularies_translate_them() -> None:
    assert facts.label("participation.mode", "onsite") == "On site"  # the format's English
    with i18n.rendering_in("de"):
        assert facts.label("participation.mode", "onsite") == "Präsenz"
        assert facts.label("assessment.methods", "written-examination") == "Schriftliche Prüfung"
        # No ELM concept for "no assessment": our catalogue's words.
        assert facts.label("assessment.methods", "none") == i18n._("No assessment")
    with i18n.rendering_in("uk"):  # the EU Vocabularies have no Ukrainian: the catalogue's
        onsite = facts.label("participation.mode", "onsite")
        assert onsite == i18n._("On site") and onsite != "On site"
