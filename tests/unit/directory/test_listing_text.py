"""A listing's text language and its text in one language: the translation, or the original."""

from __future__ import annotations

from typing import Any

import pytest

from generator.check.run import load_directory
from generator.directory import Listing, ListingText, ProviderText
from generator.format.models import Credential, Provider
from support.cases import CASES_DIR
from support.models import data_as_editors_see_it

MINIMAL = CASES_DIR / "valid/minimal/credentials/acme"


def _model(model: type, path: str, **changes: Any) -> Any:
    data = data_as_editors_see_it((MINIMAL / path).read_bytes())
    data.update(changes)
    return model.model_validate(data, strict=False)  # dates as text, as editors see them


def listing(provider: dict[str, Any] | None = None, **credential: Any) -> Listing:
    return Listing(
        "acme/data-basics",
        "credentials/acme/data-basics.yaml",
        _model(Provider, "_provider.yaml", **(provider or {})),
        _model(Credential, "data-basics.yaml", **credential),
    )


@pytest.mark.parametrize(
    "provider,credential,expected",
    [
        ({}, {}, "en"),  # the first language of instruction
        ({}, {"languages": ["ga", "en"]}, "ga"),
        ({"text_language": "uk"}, {}, "uk"),  # the provider's
        ({"text_language": "uk"}, {"text_language": "de"}, "de"),  # the file's own
    ],
)
def test_text_language_defaults(provider: dict, credential: dict, expected: str) -> None:
    assert listing(provider, **credential).text_language == expected


TRANSLATED = {
    "text_language": "en",
    "description": "A short course.",
    "translations": {
        "uk": {"title": "Основи даних", "learning_outcomes": ["Очистити невеликий набір даних"]},
        "de": {"summary": "Einen kleinen Datensatz bereinigen und zusammenfassen."},
    },
}


def test_text_languages_are_the_original_then_the_translations_in_file_order() -> None:
    assert listing(**TRANSLATED).text_languages == ["en", "uk", "de"]
    assert listing().text_languages == ["en"]


def test_text_in_a_translated_language_falls_back_field_by_field() -> None:
    provider = {"text_language": "en", "translations": {"uk": {"name": "Акме Тренінг"}}}
    text = listing(provider, **TRANSLATED).text_in("uk")
    assert text == ListingText(
        "uk",
        "Основи даних",
        "Clean and summarise a small dataset.",  # the summary is not translated
        "A short course.",
        ["Очистити невеликий набір даних"],
        "Акме Тренінг",
        translated=("title", "learning_outcomes"),
    )
    german = listing(provider, **TRANSLATED).text_in("de")
    assert (german.title, german.provider_name) == ("Data Basics", "Acme Training")
    assert german.summary.startswith("Einen") and german.translated == ("summary",)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_text_in_the_original_or_an_untranslated_language_is_the_original(language: str) -> None:
    text = listing(**TRANSLATED).text_in(language)
    assert (text.language, text.title, text.translated) == ("en", "Data Basics", ())
    assert text.learning_outcomes == ["Clean a small tabular dataset"]


def test_provider_text_in() -> None:
    provider = {
        "text_language": "uk",
        "description": "Курси.",
        "translations": {"en": {"name": "Stepova"}},
    }
    item = listing(provider)
    assert item.provider_text_in("en") == ProviderText("Stepova", "Курси.")
    assert item.provider_text_in("uk") == ProviderText("Acme Training", "Курси.")


def test_the_translations_case_loads_with_its_languages() -> None:
    checked = load_directory(CASES_DIR / "valid/translations")
    assert checked.directory is not None
    listings = checked.directory.listings
    assert listings["stepova/data-basics"].text_languages == ["uk", "en", "no"]
    assert listings["stepova/data-tables"].text_language == "uk"  # the provider's, not `en`
    assert listings["stepova/data-basics"].text_in("no").title == "Grunnleggende dataarbeid"
