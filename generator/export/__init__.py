"""Open data: every credential in every standard format, from the one YAML file.

`write_exports` is the one entry point the site build calls. It writes, under the built
site (paths in generator.export.links, part of the public API):

* /api/v1/credentials.json, /api/v1/providers.json, /api/v1/credentials.csv (records)
* /api/v1/credentials/<provider>/<id>.json, .ob3.json, .elm.jsonld, .ctdl.jsonld
* /api/v1/providers/<provider>.json (what a page that shows one credential's JSON, such as
  the compare page, needs of its provider, without the whole providers.json)
* /api/v1/openapi.json, /feed.xml and providers/<id>/feed.xml

Every file is deterministic: sorted keys, the directory's stable order, and no dates but
those of the files' own history.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from generator.directory import Directory
from generator.export.links import (
    CREDENTIALS_CSV,
    CREDENTIALS_JSON,
    OPENAPI_JSON,
    PROVIDERS_JSON,
    export_path,
    provider_path,
)
from generator.export.output import write_file


def json_text(value: Any) -> str:
    """The JSON of every export: UTF-8, sorted keys, two-space indent, final newline.

    The bytes of ``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)`` (the
    tests compare the two), written by orjson: with an indent the standard library falls
    back to its pure-Python encoder, and 40,000 export files made that the cost of the
    export stage. The one difference is the spelling of numbers the exports never hold
    (floats under 0.0001 and non-finite ones). What orjson refuses (keys that are not
    text, integers beyond 64 bits) goes to ``json.dumps`` itself."""
    return json_bytes(value).decode()


def json_bytes(value: Any) -> bytes:
    """`json_text`, encoded: what the export files hold."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS) + b"\n"
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


_ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def _write(site_dir: Path, path: str, content: str | bytes, made: set[str]) -> None:
    data = content.encode() if isinstance(content, str) else content
    write_file(f"{site_dir}/{path}", data, made)


def write_exports(root: Path, directory: Directory, site_dir: Path, site_url: str) -> None:
    """Write every open-data file of ``directory`` into ``site_dir``; ``site_url`` (the
    published address, ending in /) makes the identifiers and links inside them absolute."""
    # Imported here, not at the top: the writers use the page URLs of generator.render, and
    # the pages import generator.export.links, so a top-level import would be circular.
    from generator.export import ctdl, elm, feeds, ob3, openapi, records

    site_url = site_url.rstrip("/") + "/"
    made: set[str] = set()
    providers = {pid: records.provider_data(item) for pid, item in directory.providers.items()}
    (site_dir / CREDENTIALS_JSON).parent.mkdir(parents=True, exist_ok=True)
    # Written as the credentials go: 100,000 records need not be in memory at once.
    with open(site_dir / CREDENTIALS_JSON, "wb") as out:
        everything = records.CredentialsJson(out, len(directory.listings))
        for key, listing in directory.listings.items():
            data = records.credential_data(listing.credential)
            outputs = {
                "json": data,
                "ob3": ob3.achievement(listing, site_url),
                "elm": elm.learning_opportunity(listing, directory, site_url),
                "ctdl": ctdl.document(listing, directory, site_url),
            }
            for fmt, value in outputs.items():
                _write(site_dir, export_path(key, fmt), json_bytes(value), made)
            provider = providers[listing.provider.id]
            everything.add(records.credential_record(listing, directory, site_url, data, provider))
        everything.close()
    for pid, data in providers.items():
        _write(site_dir, provider_path(pid), json_bytes(data), made)
    _write(
        site_dir, PROVIDERS_JSON, json_text(records.providers_document(directory, site_url)), made
    )
    with open(site_dir / CREDENTIALS_CSV, "w", encoding="utf-8", newline="") as text:
        records.write_credentials_csv(directory, site_url, text)
    _write(site_dir, OPENAPI_JSON, json_text(openapi.openapi(site_url)), made)
    feeds.write_feeds(root, directory, site_dir, site_url)
