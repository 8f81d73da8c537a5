"""Open Badges 3.0: every Achievement validates against the official JSON Schema."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from referencing import Registry, Resource

from generator.directory import Listing
from generator.export import ob3
from support import STANDARDS
from support.linked_data import EXPORT_SITE_URL
from support.translations import TRANSLATED


@pytest.fixture(scope="module")
def achievement_validator() -> jsonschema.Validator:
    """The official schema's `$defs/Achievement`, its internal $refs resolved in the file."""
    schema = json.loads((STANDARDS / "ob3" / "achievementcredential.schema.json").read_text())
    resource = Resource.from_contents(schema)
    registry = Registry().with_resource(schema["$id"], resource)
    target = {"$ref": f"{schema['$id']}#/$defs/Achievement"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(target, registry=registry, format_checker=cls.FORMAT_CHECKER)


def _errors(validator: jsonschema.Validator, instance: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def test_every_achievement_is_valid(example_directory, achievement_validator) -> None:
    assert len(example_directory.listings) == 35
    for key, listing in example_directory.listings.items():
        achievement = ob3.achievement(listing, EXPORT_SITE_URL)
        assert _errors(achievement_validator, achievement) == [], key


def test_the_validator_catches_a_broken_achievement(example_directory, achievement_validator):
    listing = next(iter(example_directory.listings.values()))
    good = ob3.achievement(listing, EXPORT_SITE_URL)
    for broken_by in ("criteria", "name", "description", "id"):
        broken = copy.deepcopy(good)
        del broken[broken_by]
        assert _errors(achievement_validator, broken), broken_by
    broken = copy.deepcopy(good)
    broken["achievementType"] = "Nonsense"
    assert _errors(achievement_validator, broken)
    broken = copy.deepcopy(good)
    broken["alignment"][0].pop("targetUrl")
    assert _errors(achievement_validator, broken)


def test_achievement_content(example_directory) -> None:
    listing = example_directory.listings["corrib-valley-tech/certificate-applied-data-analytics"]
    a = ob3.achievement(listing, EXPORT_SITE_URL)
    assert a["type"] == ["Achievement"]
    assert a["achievementType"] == "Certificate"
    assert a["creditsAvailable"] == 20
    assert a["inLanguage"] == "en"
    assert a["creator"]["name"] == "Corrib Valley Technological College"
    assert a["creator"]["address"]["addressCountryCode"] == "IE"
    for outcome in listing.credential.learning_outcomes:
        assert f"- {outcome}" in a["criteria"]["narrative"]
    esco = {x["targetUrl"] for x in a["alignment"] if x["targetFramework"] == ob3.ESCO_FRAMEWORK}
    assert "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742" in esco
    assert {"targetCode": "0613"}.items() <= a["alignment"][0].items()
    assert a["tag"] == ["data analytics", "special purpose award", "capstone", "part-time"]
    assert a["fieldOfStudy"].startswith("Software and applications development and analysis")


def test_every_credential_type_has_an_official_achievement_type() -> None:
    schema = json.loads((STANDARDS / "ob3" / "achievementcredential.schema.json").read_text())
    official = schema["$defs"]["Achievement"]["properties"]["achievementType"]["anyOf"][0]["enum"]
    assert set(ob3.ACHIEVEMENT_TYPES.values()) <= set(official)
    assert len(set(ob3.ACHIEVEMENT_TYPES.values())) == len(ob3.ACHIEVEMENT_TYPES)


@pytest.mark.parametrize("key", sorted(TRANSLATED))
def test_a_translated_listing_keeps_its_original_and_says_which_language(
    example_directory, achievement_validator, key: str
) -> None:
    """OB3 has one text per field: the original, with inLanguage its language."""
    listing = example_directory.listings[key]
    original, _ = TRANSLATED[key]
    a = ob3.achievement(listing, EXPORT_SITE_URL)
    assert (a["name"], a["description"]) == (listing.credential.title, listing.credential.summary)
    assert a["inLanguage"] == original
    assert a["creator"]["name"] == listing.provider.name
    assert _errors(achievement_validator, a) == []


def test_in_language_is_the_texts_not_the_first_language_of_instruction(example_directory):
    listing = example_directory.listings["corrib-valley-tech/gaeilge-san-ionad-oibre"]
    assert listing.credential.languages[0] == "ga"
    written_in_english = Listing(
        listing.key,
        listing.path,
        listing.provider,
        listing.credential.model_copy(update={"text_language": "en"}),
    )
    assert ob3.achievement(written_in_english, EXPORT_SITE_URL)["inLanguage"] == "en"
    assert ob3.achievement(listing, EXPORT_SITE_URL)["inLanguage"] == "ga"
