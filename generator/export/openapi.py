"""An OpenAPI 3.1 description of /api/v1/: static files, GET only.

The record schemas come from the models (the same source as /schema/*.json), hoisted into
`components` so the description is one self-contained file that tools can read offline.
How each format carries a listing's languages (LANGUAGES) is said once, in its description.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from generator.format.models import FORMAT_VERSION, Credential, Provider
from generator.format.patterns import SLUG
from generator.urls import API, FORMAT_LABELS, FORMATS, MEDIA_TYPES, absolute

OB3_ACHIEVEMENT_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/achievementcredentialv3p0.schema.json"
)

# How the text of a listing in several languages reaches each file (docs/format.md,
# "Languages and translations"), for the API's readers.
LANGUAGES = (
    "A credential's text (title, summary, description, learning outcomes; its provider's "
    "name and description) is written in one language, its text language (ISO 639-1), and "
    "may have translations. credir JSON carries both as written: `text_language` and "
    "`translations` (keyed by language) in the credential and the provider, and in "
    "credentials.json `derived.text_language` (also when the file leaves it to its default) "
    "and `derived.text_languages`. ELM and CTDL carry every language: each text is a "
    "language map keyed by ISO 639-1 code, the original first. Open Badges 3.0 has no "
    "language maps: an Achievement carries the original text only, and `inLanguage` names "
    "its language. In every format the languages a course is taught in are separate "
    "(`languages`, ELM `language`, CTDL `ceterms:inLanguage`)."
)


def _hoisted(model: type[BaseModel], name: str, schemas: dict[str, Any]) -> None:
    """Put a model's schema and its $defs into ``schemas`` with component references."""
    text = json.dumps(model.model_json_schema(mode="validation"))
    body = json.loads(text.replace('"#/$defs/', '"#/components/schemas/'))
    for def_name, definition in body.pop("$defs", {}).items():
        schemas[def_name] = definition
    body.pop("$comment", None)
    schemas[name] = body


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _get(summary: str, description: str, media_type: str, schema: dict[str, Any]) -> dict:
    return {
        "get": {
            "summary": summary,
            "description": description,
            "responses": {
                "200": {"description": summary, "content": {media_type: {"schema": schema}}},
                "404": {"description": "No such file."},
            },
        }
    }


def openapi(site_url: str) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    _hoisted(Credential, "Credential", schemas)
    _hoisted(Provider, "Provider", schemas)
    schemas["Derived"] = {
        "type": "object",
        "description": "Values the directory works out from the file, as the site shows them.",
        "properties": {
            "text_language": {
                "type": "string",
                "description": "ISO 639-1 code of the language the credential's text is "
                "written in: its `text_language`, else its provider's, else the first of "
                "its `languages`",
            },
            "text_languages": {
                "type": "array",
                "items": {"type": "string"},
                "description": "every language the text can be read in: `text_language`, "
                "then the keys of `translations`",
            },
            "awarding_bodies": {"type": "array", "items": {"type": "string"}},
            "countries": {"type": "array", "items": {"type": "string"}},
            "is_free": {"type": ["boolean", "null"], "description": "null when no cost is given"},
            "ects": {"type": "number", "description": "ECTS, or hours / 27.5 when none given"},
            "ects_is_estimated": {"type": "boolean"},
            "annex_i_complete": {"type": "boolean"},
            "annex_i_missing": {"type": "array", "items": {"type": "string"}},
            "stale": {"type": "boolean", "description": "review_by has passed"},
            "contributes_to_unconfirmed": {
                "type": "array",
                "items": {"type": "string"},
                "description": "contributes_to keys that their provider has not confirmed "
                "(in its `stackability.accepts`); shown on this credential's page only",
            },
        },
        "required": [
            "text_language",
            "text_languages",
            "awarding_bodies",
            "countries",
            "is_free",
            "ects",
            "ects_is_estimated",
            "annex_i_complete",
            "annex_i_missing",
            "stale",
            "contributes_to_unconfirmed",
        ],
    }
    schemas["CredentialRecord"] = {
        "type": "object",
        "properties": {
            "key": {"type": "string", "description": "provider-id/credential-id"},
            "page_url": {"type": "string", "format": "uri"},
            "exports": {
                "type": "object",
                "description": "URL of each per-credential export",
                "properties": {fmt: {"type": "string", "format": "uri"} for fmt in FORMAT_LABELS},
            },
            "provider": _ref("Provider"),
            "credential": _ref("Credential"),
            "derived": _ref("Derived"),
        },
        "required": ["key", "page_url", "exports", "provider", "credential", "derived"],
    }
    schemas["CredentialList"] = {
        "type": "object",
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "total": {"type": "integer"},
            "credentials": {"type": "array", "items": _ref("CredentialRecord")},
        },
        "required": ["format_version", "total", "credentials"],
    }
    schemas["ProviderRecord"] = {
        "allOf": [
            _ref("Provider"),
            {
                "type": "object",
                "properties": {
                    "page_url": {"type": "string", "format": "uri"},
                    "credentials": {"type": "array", "items": {"type": "string"}},
                },
            },
        ]
    }
    schemas["ProviderList"] = {
        "type": "object",
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "total": {"type": "integer"},
            "providers": {"type": "array", "items": _ref("ProviderRecord")},
        },
        "required": ["format_version", "total", "providers"],
    }
    slug = {"type": "string", "pattern": SLUG.regex}
    key_parameters = [
        {"name": "provider", "in": "path", "required": True, "schema": slug},
        {"name": "id", "in": "path", "required": True, "schema": slug},
    ]
    linked_data = {"type": "object", "description": "JSON-LD document"}
    per_credential = {
        "json": (
            "credir JSON, exactly as validated, with `text_language` and `translations` "
            "when the file gives them",
            _ref("Credential"),
        ),
        "ob3": (
            f"Open Badges 3.0 Achievement (validates against $defs/Achievement of "
            f"{OB3_ACHIEVEMENT_SCHEMA}). OB3 has no language maps: the original text only, "
            "`inLanguage` its language (the credential's text language); translations are "
            "in the other formats",
            {"type": "object"},
        ),
        "elm": (
            "ELM v3 LearningOpportunity with its LearningAchievementSpecification; conforms "
            "to the LOQ SHACL shapes; @context http://data.europa.eu/snb/model/context/edc-ap. "
            "Title, descriptions, learning outcomes and the provider's name and description "
            "are language maps with the original and every translation; "
            "`elm:defaultLanguage` is the original's language",
            linked_data,
        ),
        "ctdl": (
            "CTDL credential and its owning organisation (@graph); @context "
            "https://credreg.net/ctdl/schema/context/json. `ceterms:name`, "
            "`ceterms:description`, the learning outcomes and the organisation's name and "
            "description are language maps with the original and every translation",
            linked_data,
        ),
    }
    paths: dict[str, Any] = {
        "/credentials.json": _get(
            "Every credential",
            "One record per credential file: the provider, all fields (with `text_language` "
            "and `translations` when the file gives them), the page URL, the exports and "
            "derived values (with the text language and every language the text can be "
            "read in).",
            "application/json",
            _ref("CredentialList"),
        ),
        "/credentials.csv": _get(
            "Every credential as CSV",
            "One row per credential, flat columns, UTF-8 with a header row; lists in one "
            "cell are joined with ' | '. A cell whose text starts with =, +, -, @, a tab or "
            "a carriage return starts with an added single quote ('), so that a spreadsheet "
            "shows it as text instead of running it as a formula (OWASP, CSV Injection); "
            "strip that quote to get the text as written.",
            "text/csv",
            {"type": "string"},
        ),
        "/providers.json": _get(
            "Every provider",
            "Each provider with its credential keys.",
            "application/json",
            _ref("ProviderList"),
        ),
        "/providers/{provider}.json": {
            **_get(
                "One provider",
                "The provider exactly as validated (its file _provider.yaml).",
                "application/json",
                _ref("Provider"),
            ),
            "parameters": key_parameters[:1],
        },
        "/openapi.json": _get(
            "This description",
            "OpenAPI 3.1 description of /api/v1/.",
            "application/json",
            {"type": "object"},
        ),
    }
    for fmt, (description, schema) in per_credential.items():
        operation = _get(FORMAT_LABELS[fmt], description, MEDIA_TYPES[fmt], schema)
        operation["parameters"] = key_parameters
        paths[f"/credentials/{{provider}}/{{id}}{FORMATS[fmt]}"] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "credir open data",
            "version": FORMAT_VERSION,
            "description": "Static files published with the site: GET only, no authentication. "
            "Paths under /api/v1/ are stable.\n\n" + LANGUAGES,
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": absolute(site_url, API)}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
