"""The shipped credentials/ directory: valid, varied, and exercising the whole format."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.authoring.guide import EXAMPLE_CREDENTIAL
from generator.check.load import load_document
from generator.check.run import Checked, load_directory
from generator.format.models import Credential, Provider
from support import REPO_ROOT
from support.models import model_field_paths, used_field_paths

REQUIRED_COUNTRIES = {"IE", "US", "GB", "UA", "NL", "AU"}
URL_IN_TEXT = re.compile(r"https?://[^\s)>\]\"'`]+")
EMAIL = re.compile(r"[^@\s]+@([A-Za-z0-9.-]+)")


@pytest.fixture(scope="module")
def checked() -> Checked:
    return load_directory(REPO_ROOT)


@pytest.fixture(scope="module")
def raw_data() -> dict[str, dict[str, Any]]:
    """Each file's values as written (defaults not filled in), by path."""
    found = {}
    for path in sorted((REPO_ROOT / "credentials").rglob("*.yaml")):
        rel = path.relative_to(REPO_ROOT).as_posix()
        document, problems = load_document(path, rel)
        assert document is not None, problems
        found[rel] = document.data
    return found


def test_example_directory_is_valid(checked: Checked) -> None:
    """Not a warning either: the examples show a provider what a clean file looks like
    (complete for the EU mark, a location where one is expected, a review date ahead)."""
    assert [str(p) for p in checked.problems] == []
    assert checked.ok and checked.directory is not None


# Dates in the shipped examples that turn into a warning (review_by) or look out of date
# (next_start) once passed; examples in the guide are dates written in YAML text.
_EXAMPLE_DATE = re.compile(r"^\s*(review_by|next_start): ([0-9]{4}-[0-9]{2}-[0-9]{2})", re.M)


def _example_dates(raw_data: dict[str, dict[str, Any]]) -> list[tuple[str, str, dt.date]]:
    found = []
    for path, data in raw_data.items():
        for name in ("review_by", "next_start"):
            value = data.get(name)
            if value is not None:
                found.append((path, name, dt.date.fromisoformat(str(value))))
    texts = [REPO_ROOT / "CONTRIBUTING.md", REPO_ROOT / "README.md"]
    texts += sorted((REPO_ROOT / "docs").glob("**/*.md"))
    for text in texts:
        for match in _EXAMPLE_DATE.finditer(text.read_text(encoding="utf-8")):
            rel = text.relative_to(REPO_ROOT).as_posix()
            found.append((rel, match[1], dt.date.fromisoformat(match[2])))
    example = EXAMPLE_CREDENTIAL["review_by"]
    found.append(("generator/authoring/guide.py EXAMPLE_CREDENTIAL", "review_by", example))
    return found


def test_examples_stay_current_for_a_year(raw_data: dict[str, dict[str, Any]]) -> None:
    """On the real date, not a pinned one: this fails a year before any shipped example
    would warn as stale, so the dates are moved on long before a provider copies one."""
    year_ahead = dt.date.today() + dt.timedelta(days=365)
    dates = _example_dates(raw_data)
    assert any(path == "CONTRIBUTING.md" for path, _, _ in dates), "the guide's example is seen"
    soon = [f"{path}: {name} {day}" for path, name, day in dates if day <= year_ahead]
    assert soon == [], f"move these dates past {year_ahead}"


def test_enough_providers_in_enough_countries(checked: Checked) -> None:
    assert checked.directory is not None
    providers = checked.directory.providers
    countries = {p.country for p in providers.values()}
    assert len(providers) >= 8
    assert len(countries) >= 6
    assert countries >= REQUIRED_COUNTRIES, f"missing: {REQUIRED_COUNTRIES - countries}"


def test_enough_credentials(checked: Checked) -> None:
    assert checked.directory is not None
    assert len(checked.directory.listings) >= 24
    assert all(checked.directory.listings_of(pid) for pid in checked.directory.providers), (
        "every provider lists at least one credential"
    )


def test_every_provider_field_is_used(raw_data: dict[str, dict[str, Any]]) -> None:
    used: set[str] = set()
    for path, data in raw_data.items():
        if path.endswith("/_provider.yaml"):
            used |= used_field_paths(data)
    assert model_field_paths(Provider) - used == set()


def test_every_credential_field_is_used(raw_data: dict[str, dict[str, Any]]) -> None:
    used: set[str] = set()
    for path, data in raw_data.items():
        if not path.endswith("/_provider.yaml"):
            used |= used_field_paths(data)
    assert model_field_paths(Credential) - used == set()


def test_field_paths_come_from_the_models() -> None:
    """The coverage checks above see nested fields, so a new optional field counts."""
    paths = model_field_paths(Credential)
    assert {"workload.hours", "skills.esco", "stackability.contributes_to.url"} <= paths
    assert "recognition.detail" in paths and "cost.funding" in paths
    assert all(path.split(".")[0] in Credential.model_fields for path in paths)


def test_every_enum_value_shows_up_somewhere(checked: Checked) -> None:
    """Modes and statuses drive the site's filters: each should have at least one example."""
    assert checked.directory is not None
    listings = checked.directory.listings.values()
    modes = {x.credential.participation.mode for x in listings}
    assert modes >= {"online", "onsite", "blended"}
    statuses = {x.credential.status for x in listings}
    assert {"active", "ceased"} <= statuses


def _strings(value: Any, loc: tuple = ()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, loc)
    elif isinstance(value, str):
        yield loc, value


def test_only_example_domains(raw_data: dict[str, dict[str, Any]]) -> None:
    """Fictional providers must not link to real sites: every address is under .example,
    except ESCO's URIs, which identify skills and occupations."""
    wrong = []
    for path, data in raw_data.items():
        for loc, text in _strings(data):
            for url in URL_IN_TEXT.findall(text):
                host = urlsplit(url).hostname or ""
                if loc[-1] == "esco" and host == "data.europa.eu":
                    continue
                if not host.endswith(".example"):
                    wrong.append(f"{path}: {'.'.join(loc)}: {url}")
            email = EMAIL.fullmatch(text) if loc == ("contact",) else None
            if email and not email[1].endswith(".example"):
                wrong.append(f"{path}: contact: {text}")
    assert wrong == []


def test_providers_use_example_domains(checked: Checked) -> None:
    assert checked.directory is not None
    for provider in checked.directory.providers.values():
        assert (urlsplit(provider.url).hostname or "").endswith(".example"), provider.id
        assert provider.url.startswith("https://"), provider.id


def test_listing_urls_are_https(checked: Checked) -> None:
    assert checked.directory is not None
    for key, listing in checked.directory.listings.items():
        assert listing.credential.url.startswith("https://"), key


def test_examples_are_translated_between_english_and_other_languages(checked: Checked) -> None:
    """The multilingual site (issue #22) is shown on these: each pair at least once, both ways
    round for Ukrainian, with every translated field and a provider's name translated."""
    assert checked.directory is not None
    pairs = {
        (listing.text_language, language)
        for listing in checked.directory.listings.values()
        for language in listing.text_languages[1:]
    }
    assert {("uk", "en"), ("en", "uk"), ("de", "en"), ("en", "nb")} <= pairs
    translated_providers = [p for p in checked.directory.providers.values() if p.translations]
    assert {p.text_language for p in translated_providers} >= {"en", "de"}
