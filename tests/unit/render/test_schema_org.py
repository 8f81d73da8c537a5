"""schema.org JSON-LD per language: the text in the language asked for, `inLanguage` saying
which, and the versions linked to each other's fact sheets."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from generator.directory import Listing
from generator.format.models import CredentialTranslation
from generator.render.schema_org import course
from generator.urls import credential_url, localised_url
from support.translations import TRANSLATED

SITE = "https://credir.example/sub/"


def _resolved(link: str, listing: Listing, page_lang: str) -> str:
    """A link of the JSON-LD as a browser resolves it on the fact sheet in ``page_lang``."""
    return urljoin(SITE + localised_url(credential_url(listing.key), page_lang), link)


def _page(listing: Listing, lang: str) -> str:
    return SITE + localised_url(credential_url(listing.key), lang)


@pytest.mark.parametrize("key", sorted(TRANSLATED))
def test_the_original_lists_its_translation_with_the_address_of_its_page(
    example_directory, key: str
) -> None:
    listing = example_directory.listings[key]
    original, translated = TRANSLATED[key]
    c = listing.credential
    data = course(listing)
    assert course(listing, original) == data  # the default is the original
    assert (data["name"], data["description"]) == (c.title, c.summary)
    assert data["inLanguage"] == original
    assert data["teaches"][: len(c.learning_outcomes)] == list(c.learning_outcomes)
    assert data["hasCourseInstance"]["inLanguage"] == list(c.languages)
    assert "translationOfWork" not in data
    (version,) = data["workTranslation"]
    assert version["inLanguage"] == translated
    assert version["name"] == c.translations[translated].title
    assert _resolved(version["url"], listing, original) == _page(listing, translated)
    assert version["@id"] == version["url"]


@pytest.mark.parametrize("key", sorted(TRANSLATED))
def test_a_translation_is_in_its_language_and_names_its_original(
    example_directory, key: str
) -> None:
    listing = example_directory.listings[key]
    original, translated = TRANSLATED[key]
    given = listing.credential.translations[translated]
    data = course(listing, translated)
    assert data["inLanguage"] == translated
    assert data["name"] == data["educationalCredentialAwarded"]["name"] == given.title
    assert data["description"] == given.summary
    outcomes = given.learning_outcomes or listing.credential.learning_outcomes
    assert data["teaches"][: len(outcomes)] == list(outcomes)
    assert data["provider"]["name"] == listing.provider_text_in(translated).name
    assert "workTranslation" not in data
    version = data["translationOfWork"]
    assert (version["inLanguage"], version["name"]) == (original, listing.credential.title)
    assert _resolved(version["url"], listing, translated) == _page(listing, original)
    absolute = course(listing, translated, site_url=SITE)["translationOfWork"]
    assert absolute["url"] == absolute["@id"] == _page(listing, original)


def test_a_language_without_a_translation_gets_the_original(example_directory) -> None:
    """The French page of a Ukrainian listing translated into English: the Ukrainian text,
    said to be Ukrainian, with links that resolve from the French page."""
    listing = example_directory.listings["stepova-digital-academy/frontend-development-basics"]
    data = course(listing, "fr")
    assert (data["name"], data["inLanguage"]) == (listing.credential.title, "uk")
    (version,) = data["workTranslation"]
    assert _resolved(version["url"], listing, "fr") == _page(listing, "en")
    assert version["url"].startswith("../")  # relative: the site works under any base path


def test_an_untranslated_listing_is_in_its_text_language_and_links_nothing(
    example_directory,
) -> None:
    listing = example_directory.listings["corrib-valley-tech/gaeilge-san-ionad-oibre"]
    assert listing.credential.languages == ["ga", "en"]  # taught in both, written in Irish
    data = course(listing)
    assert data["inLanguage"] == listing.text_language == "ga"
    assert data["hasCourseInstance"]["inLanguage"] == ["ga", "en"]
    assert "workTranslation" not in data and "translationOfWork" not in data
    assert course(listing, "de") == data


def test_a_translation_into_a_language_without_pages_is_named_without_an_address(
    example_directory,
) -> None:
    listing = example_directory.listings["corrib-valley-tech/data-analytics-foundations"]
    translations = {**listing.credential.translations, "fi": CredentialTranslation(title="Data")}
    changed = Listing(
        listing.key,
        listing.path,
        listing.provider,
        listing.credential.model_copy(update={"translations": translations}),
    )
    versions = {item["inLanguage"]: item for item in course(changed)["workTranslation"]}
    assert list(versions) == ["uk", "fi"]
    assert versions["fi"] == {"@type": "Course", "name": "Data", "inLanguage": "fi"}
    assert "url" in versions["uk"]
    finnish = course(changed, "fi")
    assert (finnish["name"], finnish["inLanguage"]) == ("Data", "fi")
    # Shown on the English page (the site has no Finnish one), its links resolve from there.
    original = finnish["translationOfWork"]
    assert _resolved(original["url"], changed, "en") == _page(changed, "en")
