"""`credir import`: YAML -> export -> import -> YAML keeps every field each format can carry,
and the command gives clear errors, never a traceback."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXPORT_SITE_URL, REPO_ROOT, STANDARDS, run_cli

from generator.cli import main
from generator.export import ctdl, elm, ob3
from generator.export.values import xsd_duration
from generator.importers import convert, yaml_text
from generator.importers.common import split_summary
from generator.load import parse_document
from generator.validate import check_credential

EXPORTERS = {
    "ob3": lambda listing, directory: ob3.achievement(listing, EXPORT_SITE_URL),
    "elm": lambda listing, directory: elm.learning_opportunity(listing, directory, EXPORT_SITE_URL),
    "ctdl": lambda listing, directory: ctdl.document(listing, directory, EXPORT_SITE_URL),
}


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _esco_only(items: list[dict] | None) -> list[dict] | None:
    kept = [item for item in items or [] if item.get("esco")]
    return kept or None


def _keys_only(items: list[Any] | None) -> list[str] | None:
    kept = [item for item in items or [] if isinstance(item, str)]
    return kept or None


# What each format carries: field path -> how to compare (None: as is).
CARRIED: dict[str, dict[str, Any]] = {
    "ob3": {
        "id": None,
        "title": None,
        "type": None,
        "summary": None,
        "url": None,
        "languages": lambda v: v[:1],  # inLanguage is a single language
        "learning_outcomes": None,
        "workload.ects": None,
        "fields_of_education": None,
        "level.eqf": None,
        "keywords": None,
        "skills": _esco_only,  # alignments need a URL
        "occupations": _esco_only,
    },
    "elm": {
        "id": None,
        "title": None,
        "summary": None,
        "description": _strip,
        "url": None,
        "languages": None,
        "learning_outcomes": None,
        "workload": None,
        "level": None,
        "fields_of_education": None,
        "assessment": None,
        "participation": None,
        "quality_assurance": None,
        "duration": lambda v: v and xsd_duration(v),
        "cost": None,
        "prerequisites": None,
        "stackability": None,
        "skills": None,
        "status": None,
        "next_start": None,
        "further_information": _strip,
    },
    "ctdl": {
        "id": None,
        "title": None,
        "type": None,
        "summary": None,
        "description": _strip,
        "url": None,
        "languages": None,
        "learning_outcomes": None,
        "workload": None,
        "fields_of_education": None,
        "participation": None,
        "duration": lambda v: v and xsd_duration(v),
        "cost": None,
        "prerequisites": None,
        "stackability.contributes_to": _keys_only,
        "stackability.accepts": None,
        "skills": _esco_only,
        "occupations": None,
        "keywords": None,
        "status": None,
    },
}


def _view(data: dict[str, Any], fmt: str) -> dict[str, Any]:
    view = {}
    for path, normalise in CARRIED[fmt].items():
        value = _get(data, path)
        view[path] = normalise(value) if normalise else value
    return view


def _round_trip(listing, directory, fmt: str) -> dict[str, Any]:
    """Export, serialise as the site does, read back, import, write YAML, parse it."""
    exported = json.loads(json.dumps(EXPORTERS[fmt](listing, directory)))
    imported = convert(fmt, exported, listing.provider)
    relpath = f"credentials/{listing.key}.yaml"  # where the id and the file name agree
    document, problems = parse_document(yaml_text(imported.ordered()).encode(), relpath)
    assert document is not None, problems
    return document


@pytest.mark.parametrize("fmt", sorted(CARRIED))
def test_round_trip_keeps_every_carried_field(example_directory, fmt: str) -> None:
    assert len(example_directory.listings) == 35
    for key, listing in example_directory.listings.items():
        original = listing.credential.model_dump(exclude_none=True)
        back = _round_trip(listing, example_directory, fmt)
        assert _view(back.data, fmt) == _view(original, fmt), (fmt, key)


def test_elm_round_trip_gives_a_valid_file_with_the_same_derived_values(example_directory):
    for key, listing in example_directory.listings.items():
        document = _round_trip(listing, example_directory, "elm")
        credential, problems = check_credential(document)
        assert credential is not None and not problems, (key, problems)
        from generator.directory import Listing

        again = Listing(key, listing.path, listing.provider, credential)
        assert again.awarding_bodies == listing.awarding_bodies, key
        assert again.countries == listing.countries, key
        assert again.ects == listing.ects and again.is_free == listing.is_free


def test_round_trip_notices_a_change(example_directory) -> None:
    """The comparison can fail: a changed export comes back different."""
    listing = example_directory.listings["corrib-valley-tech/certificate-applied-data-analytics"]
    exported = elm.learning_opportunity(listing, example_directory, EXPORT_SITE_URL)
    changed = copy.deepcopy(exported)
    changed["learningAchievementSpecification"]["creditPoint"]["point"] = "19"
    imported = convert("elm", changed, listing.provider)
    assert imported.data["workload"]["ects"] == 19 != listing.credential.workload.ects


def test_import_of_the_commission_sample(example_directory) -> None:
    sample = json.loads((STANDARDS / "elm" / "Sample-MC-Annex1-unsigned.jsonld").read_text())
    provider = example_directory.providers["corrib-valley-tech"]
    data = convert("elm", sample, provider).data
    assert data["title"] == "Digital micro-credential creation"
    assert data["level"] == {"eqf": 6, "nqf": "RQF Level 6"}
    assert data["fields_of_education"] == ["003", "0688"]
    assert data["workload"] == {"ects": 2, "hours": 60}
    assert data["participation"] == {"mode": "blended"}
    assert data["awarding_bodies"] == ["University of Zed"]
    assert data["languages"] == ["en"]
    assert data["prerequisites"].startswith("The learner needs")
    esco = [skill["esco"] for skill in data["skills"] if "esco" in skill]
    assert "http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a" in esco


def test_long_descriptions_make_a_short_summary() -> None:
    from generator.importers.common import Imported

    notes = Imported()
    text = "First sentence is here. " * 20
    summary, rest = split_summary(text, notes)
    assert len(summary) <= 300 and summary.endswith(".")
    assert rest == text.strip() and notes.unmapped


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def import_root(tmp_path: Path) -> Path:
    """A copy of the example directory without one credential, to import it back."""
    root = tmp_path / "root"
    shutil.copytree(REPO_ROOT / "credentials", root / "credentials")
    (root / "credentials/corrib-valley-tech/certificate-applied-data-analytics.yaml").unlink()
    return root


def _export(example_directory, tmp_path: Path, fmt: str, key: str) -> Path:
    listing = example_directory.listings[key]
    path = tmp_path / f"source.{fmt}.json"
    path.write_text(json.dumps(EXPORTERS[fmt](listing, example_directory)), "utf-8")
    return path


def test_cli_writes_a_valid_file_with_the_modeline(example_directory, import_root, tmp_path):
    key = "corrib-valley-tech/certificate-applied-data-analytics"
    source = _export(example_directory, tmp_path, "elm", key)
    result = run_cli(
        "import", "elm", source, "--provider", "corrib-valley-tech", "--root", import_root
    )
    assert result.returncode == 0, result.stderr
    written = import_root / "credentials" / f"{key}.yaml"
    text = written.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/credential.schema.json\n")
    assert "is valid" in result.stderr
    assert "type: ELM has no credir type" in result.stderr  # what did not map is listed
    check = run_cli("validate", "--root", import_root)
    assert check.returncode == 0, check.stderr


def test_cli_reports_missing_fields_and_exits_1(example_directory, import_root, tmp_path):
    key = "corrib-valley-tech/certificate-applied-data-analytics"
    source = _export(example_directory, tmp_path, "ob3", key)
    result = run_cli(
        "import", "ob3", source, "--provider", "corrib-valley-tech", "--root", import_root
    )
    assert result.returncode == 1
    assert "assessment: required, and not in the source" in result.stderr
    assert "error: assessment: required field is missing" in result.stderr
    assert (import_root / "credentials" / f"{key}.yaml").exists()  # kept, for the provider


@pytest.mark.parametrize(
    ("content", "kind", "message"),
    [
        (None, "elm", "cannot read it"),
        ("{not json", "elm", "not valid JSON"),
        ("[1, 2]", "ctdl", "expected a JSON object"),
        ('{"type": ["Achievement"], "name": "x"}', "elm", "not an ELM learning opportunity"),
        ('{"@type": "LearningOpportunity"}', "ob3", "not an Open Badges 3.0 Achievement"),
        ('{"name": "x"}', "ctdl", "not a CTDL credential"),
        (
            '{"@type": "LearningOpportunity", "learningAchievementSpecification": '
            '{"@type": "LearningAchievementSpecification", "title": {"en": "T"}, '
            '"creditPoint": [1], "learningOutcome": [3]}}',
            "elm",
            "needs the fixes above",  # odd values are skipped, the gaps reported
        ),
        ('{"type": "Achievement", "name": "x", "criteria": "y"}', "ob3", "structure"),
    ],
)
def test_cli_errors_are_clear(import_root, tmp_path, capsys, content, kind, message) -> None:
    """In process (fast): an exception escaping main() would fail the test as well."""
    source = tmp_path / "source.json"
    if content is not None:
        source.write_text(content, "utf-8")
    code = main(
        [
            "import",
            kind,
            str(source),
            "--provider",
            "corrib-valley-tech",
            "--root",
            str(import_root),
        ]
    )
    assert code == 1
    assert message in capsys.readouterr().err


def test_cli_refuses_unknown_provider_and_overwrites(example_directory, import_root, tmp_path):
    source = _export(example_directory, tmp_path, "ctdl", "kuusela-uas/open-data-literacy")
    result = run_cli("import", "ctdl", source, "--provider", "nobody", "--root", import_root)
    assert result.returncode == 1 and "no provider `nobody`" in result.stderr
    result = run_cli("import", "ctdl", source, "--provider", "kuusela-uas", "--root", import_root)
    assert result.returncode == 1 and "exists already" in result.stderr
    out = tmp_path / "elsewhere" / "open-data-literacy.yaml"
    result = run_cli(
        "import", "ctdl", source, "--provider", "kuusela-uas", "--root", import_root, "--out", out
    )
    assert out.exists()
    assert "quality_assurance: required" in result.stderr
