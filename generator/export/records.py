"""credir's own records: every credential and provider as JSON, and a flat CSV.

These are the exports analysts and scripts read first, so nothing is dropped: one record
per YAML file, all fields exactly as validated (the text's `translations` among them), the
provider embedded, the page URL and the derived values the site shows (free or paid, ECTS
equivalent, completeness, stale, the text language when the file leaves it to its default).
"""

from __future__ import annotations

import csv
from typing import Any, BinaryIO, TextIO

from generator.directory import Directory, Listing
from generator.export.output import json_bytes
from generator.format.models import FORMAT_VERSION, Credential, Provider
from generator.urls import FORMATS, absolute, credential_url, export_path, provider_url

# Lists inside one CSV cell are joined with this; " | " is rare in provider text and reads well.
CSV_LIST_SEPARATOR = " | "


def credential_data(credential: Credential) -> dict[str, Any]:
    """The credential as validated, as JSON values (dates as YYYY-MM-DD, unset fields left out)."""
    return credential.model_dump(mode="json", exclude_none=True)


def provider_data(provider: Provider) -> dict[str, Any]:
    return provider.model_dump(mode="json", exclude_none=True)


def derived(listing: Listing, directory: Directory) -> dict[str, Any]:
    """Values the directory works out from the file, as the site shows them."""
    missing = listing.missing_annex_i
    return {
        # The file's text language even where it is left to its default (docs/format.md),
        # and every language it can be read in: the text's, then its translations'.
        "text_language": listing.text_language,
        "text_languages": listing.text_languages,
        "awarding_bodies": listing.awarding_bodies,
        "countries": listing.countries,
        "is_free": listing.is_free,
        "ects": listing.ects,
        "ects_is_estimated": listing.ects_is_estimated,
        "annex_i_complete": not missing,
        "annex_i_missing": missing,
        "stale": listing.is_stale(),
        # contributes_to keys whose provider has not confirmed them (its `accepts`): this
        # credential's own claim, which the target's pages and records do not show.
        "contributes_to_unconfirmed": directory.unconfirmed_claims(listing),
    }


def credential_record(
    listing: Listing,
    directory: Directory,
    site_url: str,
    data: dict[str, Any],
    provider: dict[str, Any],
) -> dict[str, Any]:
    """One entry of credentials.json. ``data`` and ``provider``: the credential's and its
    provider's `credential_data` / `provider_data`, made once for every export."""
    return {
        "key": listing.key,
        "page_url": absolute(site_url, credential_url(listing.key)),
        "exports": {fmt: absolute(site_url, export_path(listing.key, fmt)) for fmt in FORMATS},
        "provider": provider,
        "credential": data,
        "derived": derived(listing, directory),
    }


class CredentialsJson:
    """credentials.json, written one record at a time into ``out``: the bytes
    `json_bytes` gives for the whole document ``{"credentials": [...], "format_version": ...,
    "total": ...}``, without that document in memory (at 100,000 credentials it is over a
    gigabyte of Python objects). Safe because JSON text never holds a raw newline: each
    record's lines are indented two levels deeper as they are written."""

    def __init__(self, out: BinaryIO, total: int) -> None:
        self._out = out
        self._total = total
        self._written = 0
        out.write(b'{\n  "credentials": [')

    def add(self, record: dict[str, Any]) -> None:
        lines = json_bytes(record).rstrip(b"\n").replace(b"\n", b"\n    ")
        self._out.write((b",\n    " if self._written else b"\n    ") + lines)
        self._written += 1

    def close(self) -> None:
        if self._written != self._total:
            raise ValueError(f"credentials.json: {self._written} records, {self._total} expected")
        end = b"\n  ]" if self._written else b"]"
        version = json_bytes(FORMAT_VERSION).rstrip(b"\n")
        self._out.write(end + b',\n  "format_version": ' + version)
        self._out.write(b',\n  "total": ' + str(self._total).encode() + b"\n}\n")


def providers_document(directory: Directory, site_url: str) -> dict[str, Any]:
    records = []
    for provider_id, provider in directory.providers.items():
        keys = [item.key for item in directory.listings_of(provider_id)]
        records.append(
            {
                **provider_data(provider),
                "page_url": absolute(site_url, provider_url(provider_id)),
                "credentials": keys,
            }
        )
    return {"format_version": FORMAT_VERSION, "total": len(records), "providers": records}


# --------------------------------------------------------------------------------------------
# CSV: one row per credential, flat columns
# --------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "key",
    "provider_id",
    "provider_name",
    "provider_type",
    "provider_country",
    "id",
    "title",
    "type",
    "summary",
    "url",
    "page_url",
    "awarding_bodies",
    "countries",
    "languages",
    "learning_outcomes",
    "workload_ects",
    "workload_hours",
    "ects_equivalent",
    "ects_is_estimated",
    "eqf_level",
    "nqf_level",
    "fields_of_education",
    "assessment_methods",
    "assessment_supervision",
    "participation_mode",
    "participation_pace",
    "participation_location",
    "quality_assurance_types",
    "quality_assurance_bodies",
    "duration",
    "cost_amount",
    "cost_currency",
    "is_free",
    "prerequisites",
    "stackable",
    "contributes_to",
    "contributes_to_unconfirmed",
    "skills",
    "skills_esco",
    "occupations",
    "occupations_esco",
    "issued_as",
    "status",
    "next_start",
    "review_by",
    "stale",
    "superseded_by",
    "annex_i_complete",
    "keywords",
)


def _joined(values: list[Any] | None) -> str:
    return CSV_LIST_SEPARATOR.join(str(value) for value in values or [])


# A spreadsheet opening the CSV runs a cell that starts with one of these as a formula
# (`=HYPERLINK(...)` in a title would be a link, or worse, on an analyst's machine):
# OWASP's "CSV Injection" advice is to start such a cell with a single quote, which
# spreadsheets show as text and scripts can strip.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """Empty for unknown, true/false for booleans, plain numbers without a trailing .0, and
    text that a spreadsheet would run as a formula made inert (see FORMULA_STARTS)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(listing: Listing, directory: Directory, site_url: str) -> dict[str, str]:
    c = listing.credential
    p = listing.provider
    stack = c.stackability
    contributes = [item if isinstance(item, str) else item.url for item in listing.contributes_to]
    row: dict[str, Any] = {
        "key": listing.key,
        "provider_id": p.id,
        "provider_name": p.name,
        "provider_type": p.type,
        "provider_country": p.country,
        "id": c.id,
        "title": c.title,
        "type": c.type,
        "summary": c.summary,
        "url": c.url,
        "page_url": absolute(site_url, credential_url(listing.key)),
        "awarding_bodies": _joined(listing.awarding_bodies),
        "countries": _joined(listing.countries),
        "languages": _joined(c.languages),
        "learning_outcomes": _joined(c.learning_outcomes),
        "workload_ects": c.workload.ects,
        "workload_hours": c.workload.hours,
        "ects_equivalent": listing.ects,
        "ects_is_estimated": listing.ects_is_estimated,
        "eqf_level": c.level.eqf if c.level else None,
        "nqf_level": c.level.nqf if c.level else None,
        "fields_of_education": _joined(c.fields_of_education),
        "assessment_methods": _joined(c.assessment.methods),
        "assessment_supervision": c.assessment.supervision,
        "participation_mode": c.participation.mode,
        "participation_pace": c.participation.pace,
        "participation_location": c.participation.location,
        "quality_assurance_types": _joined(c.quality_assurance.types),
        "quality_assurance_bodies": _joined(c.quality_assurance.bodies),
        "duration": c.duration,
        "cost_amount": c.cost.amount if c.cost else None,
        "cost_currency": c.cost.currency if c.cost else None,
        "is_free": listing.is_free,
        "prerequisites": c.prerequisites,
        "stackable": stack.stackable if stack else None,
        "contributes_to": _joined(contributes),
        "contributes_to_unconfirmed": _joined(directory.unconfirmed_claims(listing)),
        "skills": _joined([s.label for s in c.skills or []]),
        "skills_esco": _joined([s.esco for s in c.skills or [] if s.esco]),
        "occupations": _joined([o.label for o in c.occupations or []]),
        "occupations_esco": _joined([o.esco for o in c.occupations or [] if o.esco]),
        "issued_as": _joined(c.issued_as),
        "status": c.status,
        "next_start": c.next_start.isoformat() if c.next_start else None,
        "review_by": c.review_by.isoformat(),
        "stale": listing.is_stale(),
        "superseded_by": c.superseded_by,
        "annex_i_complete": not listing.missing_annex_i,
        "keywords": _joined(c.keywords),
    }
    return {column: _cell(row[column]) for column in CSV_COLUMNS}


def write_credentials_csv(directory: Directory, site_url: str, out: TextIO) -> None:
    """The CSV, row by row into ``out`` (opened with ``newline=""``): UTF-8 with a header
    row, RFC 4180 quoting, \\r\\n line ends."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for listing in directory.listings.values():
        writer.writerow(csv_row(listing, directory, site_url))
