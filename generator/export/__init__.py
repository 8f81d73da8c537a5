"""Open data: every credential in every standard format, from the one YAML file.

`write_exports` is the one entry point the site build calls. It writes, under the built
site (paths in generator.urls, part of the public API):

* /api/v1/credentials.json, /api/v1/providers.json, /api/v1/credentials.csv (records)
* /api/v1/credentials/<provider>/<id>.json, .ob3.json, .elm.jsonld, .ctdl.jsonld
* /api/v1/providers/<provider>.json (what a page that shows one credential's JSON, such as
  the compare page, needs of its provider, without the whole providers.json)
* /api/v1/openapi.json, /feed.xml and providers/<id>/feed.xml

Every file is deterministic: sorted keys, the directory's stable order, and no dates but
those of the files' own history.
"""

from __future__ import annotations

from pathlib import Path

from generator.directory import Directory
from generator.export import ctdl, elm, feeds, ob3, openapi, records
from generator.export.output import json_bytes, json_text, write_file
from generator.urls import (
    CREDENTIALS_CSV,
    CREDENTIALS_JSON,
    OPENAPI_JSON,
    PROVIDERS_JSON,
    export_path,
    provider_path,
)


def _write(site_dir: Path, path: str, content: str | bytes, made: set[str]) -> None:
    data = content.encode() if isinstance(content, str) else content
    write_file(f"{site_dir}/{path}", data, made)


def write_exports(root: Path, directory: Directory, site_dir: Path, site_url: str) -> None:
    """Write every open-data file of ``directory`` into ``site_dir``; ``site_url`` (the
    published address, ending in /) makes the identifiers and links inside them absolute."""
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
