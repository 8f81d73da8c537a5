"""Vocabulary labels in the interface languages come from the standards' own translations,
fall back to English where a standard has none, and say which language they are in."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from generator.format import vocabularies as v
from generator.format.models import country_codes, language_codes
from generator.format.vocabularies import refresh
from generator.format.vocabularies.labels import (
    Label,
    country_label,
    language_label,
    vocabulary_label,
)
from generator.render import facts
from support import STANDARDS

INTERFACE_LANGUAGES = ("en", "de", "fr", "uk", "nb")
# The vocabularies the pages show (learning-opportunity and -setting types only go to exports).
SHOWN = ("isced-f", "eqf", "modes", "assessment-types")


# --- countries and languages (pycountry's ISO catalogues) ---------------------------------


def test_english_names_are_those_the_site_shows_today() -> None:
    for code in country_codes():
        assert country_label(code, "en") == Label(facts.country_name(code), "en")
    for code in language_codes():
        assert language_label(code, "en") == Label(facts.language_name(code), "en")


def test_names_in_the_reader_s_language() -> None:
    assert country_label("IE", "de") == Label("Irland", "de")
    assert language_label("uk", "uk") == Label("українська", "uk")
    assert country_label("UA", "fr").lang == "fr"
    assert country_label("NO", "nb").lang == "nb"  # Bokmål is pycountry's nb_NO


def test_the_common_name_is_translated_where_the_catalogue_has_it() -> None:
    # English shows "South Korea", not "Korea, Republic of": the other languages follow.
    german = country_label("KR", "de")
    assert german.lang == "de"
    assert german.text != country_label("KR", "en").text
    assert "," not in german.text


def test_a_name_translated_to_the_same_text_is_not_a_fallback() -> None:
    # German writes "Taiwan" too: it is in the catalogue, so it is German, not English.
    assert country_label("TW", "de") == Label("Taiwan", "de")


def test_every_name_says_its_language() -> None:
    for lang in INTERFACE_LANGUAGES:
        for code in country_codes():
            label = country_label(code, lang)
            assert label.text and label.lang in {lang, "en"}
            if label.lang == "en":
                assert label == country_label(code, "en")
        for code in language_codes():
            label = language_label(code, lang)
            assert label.text and label.lang in {lang, "en"}
            if label.lang == "en":
                assert label == language_label(code, "en")


def test_cldr_names_what_the_iso_catalogue_lacks_and_english_stands_in_last() -> None:
    # pycountry's Bokmål catalogue of languages is partial ("Norwegian Bokmål" itself is
    # missing): CLDR names those.
    assert language_label("nb", "nb") == Label("norsk bokmål", "nb")
    assert all(language_label(code, "nb").lang == "nb" for code in ("nb", "uk", "en", "de"))
    # A language neither source knows: English, said to be English.
    assert country_label("IE", "zz") == Label(country_label("IE", "en").text, "en")
    assert language_label("de", "zz") == Label("German", "en")


@pytest.mark.parametrize("code", ["XX", "", "IRL", "1"])
def test_unknown_country_codes_raise(code: str) -> None:
    with pytest.raises(KeyError):
        country_label(code, "de")


@pytest.mark.parametrize("code", ["xx", "", "ukr", "u"])
def test_unknown_language_codes_raise(code: str) -> None:
    with pytest.raises(KeyError):
        language_label(code, "de")


# --- ELM vocabularies (EU Vocabularies' labels through elm.json) -------------------------


def test_english_vocabulary_labels_are_the_official_english_ones() -> None:
    for name in v.VOCABULARY_NAMES:
        for code, concept in v.elm_vocabulary(name).items():
            assert vocabulary_label(name, code, "en") == Label(concept.label, "en")


def test_every_shown_code_has_a_label_in_every_interface_language() -> None:
    for name in SHOWN:
        for code, concept in v.elm_vocabulary(name).items():
            for lang in INTERFACE_LANGUAGES:
                label = vocabulary_label(name, code, lang)
                assert label.text.strip() == label.text != ""
                assert label.lang in {lang, "en"}
                if label.lang == "en":
                    assert label.text == concept.label


def test_isced_f_is_official_in_every_interface_language() -> None:
    for code in v.isced_fields():
        for lang in INTERFACE_LANGUAGES:
            assert vocabulary_label("isced-f", code, lang).lang == lang, (code, lang)
    software = "0613"
    assert vocabulary_label("isced-f", software, "de").text != v.isced_label(software)
    assert vocabulary_label("isced-f", software, "uk") == Label(
        "Розробка та аналіз програмного забезпечення та додатків", "uk"
    )


def test_a_language_the_vocabulary_does_not_publish_falls_back_to_english() -> None:
    # The EU Vocabularies have no Ukrainian modes, and EQF's levels are English only here.
    online = v.PARTICIPATION_MODE_TO_ELM["online"]
    assert vocabulary_label("modes", online, "uk") == Label(v.elm_mode("online").label, "en")
    assert vocabulary_label("modes", online, "fr") == Label("En ligne", "fr")
    assert vocabulary_label("eqf", "7", "de") == Label(v.eqf_label(7), "en")


def test_labels_match_the_official_catalogues() -> None:
    """What elm.json carries is, label for label, what the vendored catalogues say."""
    for name, stem in refresh.TRANSLATIONS.items():
        for path in sorted((STANDARDS / "eu-vocabularies").glob(f"{stem}.*.po")):
            lang = path.name.split(".")[-2]
            with path.open("rb") as handle:
                catalog = read_po(handle)
            for code, concept in v.elm_vocabulary(name).items():
                official = catalog.get(concept.label)
                assert official is not None and official.string, (name, code, lang)
                expected = " ".join(official.string.split())
                assert vocabulary_label(name, code, lang) == Label(expected, lang)


@pytest.mark.parametrize(
    ("vocabulary", "code"),
    [("isced-f", "0614"), ("isced-f", ""), ("eqf", "9"), ("modes", "online"), ("nace", "01")],
)
def test_unknown_vocabulary_codes_raise(vocabulary: str, code: str) -> None:
    with pytest.raises(KeyError):
        vocabulary_label(vocabulary, code, "de")


# --- refresh.py reads the catalogues it is given, and only those -------------------------


def test_elm_json_labels_are_keyed_by_iso_639_1_and_leave_english_out() -> None:
    for name in v.VOCABULARY_NAMES:
        for languages in v.elm_translations(name).values():
            assert "en" not in languages
            assert set(languages) <= set(language_codes())


def test_a_catalogue_whose_language_disagrees_with_its_name_is_refused(tmp_path) -> None:
    (tmp_path / "isced-f.de.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Education"\nmsgstr "Éducation"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="Language"):
        refresh.read_translations(tmp_path, "isced-f")


def test_a_concept_missing_from_a_catalogue_gets_no_label_in_that_language() -> None:
    concepts = [{"label": "Education"}, {"label": "Not in any catalogue"}]
    refresh.add_labels(concepts, {"de": {"Education": "Erziehungswissenschaften"}})
    assert concepts[0]["labels"] == {"de": "Erziehungswissenschaften"}
    assert concepts[1]["labels"] == {}
