"""The vocabularies module matches the official ELM files and the credential-format spec."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.format import vocabularies as v
from generator.format.vocabularies import refresh

REPO_ROOT = Path(__file__).resolve().parents[3]
# Both live in the repository, so these tests never skip: standards/ holds the official
# files copied unchanged, docs/format.md the format specification.
STANDARDS = REPO_ROOT / "standards"
SPEC = REPO_ROOT / "docs" / "format.md"


# --- elm.json is generated from, and identical to, the official files -----------------------


def test_elm_json_is_up_to_date() -> None:
    expected = refresh.render(refresh.build(STANDARDS))
    actual = refresh.OUTPUT.read_text(encoding="utf-8")
    assert actual == expected, (
        "elm.json is stale: run python -m generator.format.vocabularies.refresh"
    )


def test_refresh_check_mode_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert refresh.main(["--standards", str(STANDARDS), "--check"]) == 0


def test_elm_json_has_every_vocabulary() -> None:
    assert tuple(refresh.SOURCES) == v.VOCABULARY_NAMES
    for name in v.VOCABULARY_NAMES:
        concepts = v.elm_vocabulary(name)
        assert concepts, name
        for code, concept in concepts.items():
            assert concept.uri.endswith("/" + code)
            assert concept.label == " ".join(concept.label.split()) != ""


def test_unknown_vocabulary_is_rejected() -> None:
    with pytest.raises(KeyError):
        v.elm_vocabulary("nace")


# --- known codes resolve --------------------------------------------------------------------


def test_isced_known_codes() -> None:
    fields = v.isced_fields()
    assert "0613" in fields
    assert v.isced_uri("0613") == "http://data.europa.eu/snb/isced-f/0613"
    assert v.isced_label("0613") == fields["0613"]
    broad, label = v.isced_broad_field("0613")
    assert broad == "06"
    assert label == fields["06"]
    assert "Communication Technologies" in label
    assert v.isced_broad_field("061")[0] == v.isced_broad_field("06")[0] == "06"
    assert v.isced_broad_field("0923")[1] == fields["09"]


def test_isced_codes_are_2_3_or_4_digits_and_nested() -> None:
    for code in v.isced_fields():
        assert re.fullmatch(r"\d{2,4}", code), code
        assert code[:2] in v.isced_fields(), f"{code} has no broad field"


@pytest.mark.parametrize("code", ["0614", "6", "06130", "", "ICT"])
def test_isced_unknown_codes_raise(code: str) -> None:
    with pytest.raises(KeyError):
        v.isced_uri(code)
    with pytest.raises(KeyError):
        v.isced_broad_field(code)


def test_eqf_levels() -> None:
    assert v.eqf_levels() == tuple(range(1, 9))
    for level in range(1, 9):
        assert v.eqf_uri(level) == f"http://data.europa.eu/snb/eqf/{level}"
        assert v.eqf_label(level)


@pytest.mark.parametrize("level", [0, 9, True, "7"])
def test_eqf_bad_levels_raise(level: object) -> None:
    with pytest.raises(KeyError):
        v.eqf_uri(level)  # type: ignore[arg-type]


def test_europass_accessors() -> None:
    assert v.elm_modes() is v.elm_vocabulary("modes")
    assert v.elm_assessment_types() is v.elm_vocabulary("assessment-types")
    assert v.elm_learning_opportunity_types() is v.elm_vocabulary("learning-opportunity-types")
    assert v.elm_learning_setting_types() is v.elm_vocabulary("learning-setting-types")
    assert v.elm_mode("online").label == "Online"
    assert v.elm_assessment_type("quiz") is not None
    assert v.elm_assessment_type("none") is None


def test_returned_mappings_are_read_only() -> None:
    with pytest.raises(TypeError):
        v.isced_fields()["0613"] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        v.STATUS_LABELS["active"] = "changed"  # type: ignore[index]


# --- credir -> ELM mappings point at real concepts -------------------------------------------


def test_participation_modes_map_to_real_europass_modes() -> None:
    assert set(v.PARTICIPATION_MODE_TO_ELM) == set(v.PARTICIPATION_MODES)
    for mode, code in v.PARTICIPATION_MODE_TO_ELM.items():
        assert code in v.elm_modes(), f"{mode} -> {code} is not an official mode"
        assert v.elm_mode(mode).uri == f"http://data.europa.eu/snb/learning-assessment/{code}"


def test_assessment_methods_map_to_real_assessment_types() -> None:
    assert set(v.ASSESSMENT_METHOD_TO_ELM) == set(v.ASSESSMENT_METHODS)
    for method, code in v.ASSESSMENT_METHOD_TO_ELM.items():
        if code is None:
            continue
        assert code in v.elm_assessment_types(), f"{method} -> {code} is not an official type"
        # credir's methods are named after the ELM concepts; keep it that way.
        label = v.elm_assessment_types()[code].label
        assert method.split("-")[0] in label, f"{method} -> {label!r} looks wrong"
    mapped = [c for c in v.ASSESSMENT_METHOD_TO_ELM.values() if c is not None]
    assert len(mapped) == len(set(mapped)), "two methods map to the same ELM type"


# --- credir enums: spec values, spec order, and a label for each ---------------------------


def test_every_enum_value_has_a_label() -> None:
    assert set(v.ENUMS) == set(v.LABELS)
    for field, values in v.ENUMS.items():
        assert len(values) == len(set(values)), field
        assert tuple(v.LABELS[field]) == values, f"{field}: labels not in enum order"
        for value in values:
            label = v.LABELS[field][value]
            assert label.strip() == label != "", f"{field}={value} has no label"


def test_labels_requested_by_the_site() -> None:
    assert v.ASSESSMENT_METHOD_LABELS["written-examination"] == "Written examination"
    assert v.RECOGNITION_TYPE_LABELS["cpd"] == "Continuing professional development"
    assert v.ISSUED_AS_LABELS["open-badges-3"] == "Open Badges 3.0"
    assert (
        v.SUPERVISION_LEVEL_LABELS["supervised-id-check-online"]
        == "Supervised, identity checked online"
    )


def _spec_enums(text: str) -> dict[str, tuple[str, ...]]:
    """Enum values per field, read from the spec's tables, keyed like vocabularies.ENUMS."""
    provider, credential = text.split("## Credential", 1)
    provider = provider.split("## Provider", 1)[1]
    found: dict[str, tuple[str, ...]] = {}
    for section, prefix in ((provider, "provider."), (credential, "credential.")):
        for line in section.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 3 or not cells[0].startswith("`"):
                continue
            field = cells[0].strip("`")
            if field == "recognition":
                values_text = cells[-1].split("`type`:", 1)[1].split(";", 1)[0]
                field = "recognition.type"
            elif "enum" in cells[2]:
                values_text = cells[-1]
            else:
                continue
            if field == "type":
                field = prefix + field
            found[field] = tuple(re.findall(r"`([a-z0-9-]+)`", values_text))
    return found


def test_enums_match_the_spec_exactly() -> None:
    spec = _spec_enums(SPEC.read_text(encoding="utf-8"))
    assert spec == dict(v.ENUMS)


def test_iso_codes_read_from_the_data_files_are_pycountry_s() -> None:
    """The models read pycountry's data files directly (faster to import): the same codes
    as pycountry's own objects give."""
    import pycountry

    from generator.format.models import country_codes, currency_codes, language_codes

    assert country_codes() == tuple(sorted(c.alpha_2 for c in pycountry.countries))
    assert currency_codes() == tuple(sorted(c.alpha_3 for c in pycountry.currencies))
    languages = tuple(sorted(x.alpha_2 for x in pycountry.languages if hasattr(x, "alpha_2")))
    assert language_codes() == languages
    assert {"IE", "DE"} <= set(country_codes()) and "en" in language_codes()
    assert len(country_codes()) > 240 and len(language_codes()) > 180
