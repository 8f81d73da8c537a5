"""Where everything the site publishes lives: its pages and its open-data files.

Both the pages (generator.render) and the exports (generator.export) name these paths: a
record links to its fact sheet, a fact sheet to its exports, a feed entry to both. So the
paths are spelled once, here, below both stages, and neither imports the other for them.
The /api/v1/ paths are part of the public API (people link to them and tools fetch them).

A page is named by its MkDocs source path ("credentials/acme/x.md"); `url_of` gives the
directory URL MkDocs publishes it at ("credentials/acme/x/"). Every path here is relative
to the site's root; `absolute` puts one under the published address.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.format.translatable import N_

# --- pages ---------------------------------------------------------------------------------


def url_of(src_uri: str) -> str:
    """The directory URL MkDocs gives a source path ("a/b.md" -> "a/b/", "a/index.md" -> "a/")."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def credential_src(key: str) -> str:
    """The source path of a credential's fact sheet, e.g. credentials/acme/data-basics.md."""
    return f"credentials/{key}.md"


def provider_src(provider_id: str) -> str:
    """The source path of a provider's page, e.g. providers/acme.md."""
    return f"providers/{provider_id}.md"


def credential_url(key: str) -> str:
    """The URL of a credential's fact sheet, e.g. credentials/acme/data-basics/."""
    return url_of(credential_src(key))


def provider_url(provider_id: str) -> str:
    """The URL of a provider's page, e.g. providers/acme/."""
    return url_of(provider_src(provider_id))


# The interface languages, each with its own copy of the site: English (ROOT_LANGUAGE) at the
# root, the others under /<lang>/ (issue #22).
INTERFACE_LANGUAGES = ("en", "de", "fr", "uk", "nb")
ROOT_LANGUAGE = "en"


def localised_url(url: str, lang: str) -> str:
    """A page's URL in interface language ``lang``: English pages at the root, the others
    under their language ("credentials/a/b/", "uk" -> "uk/credentials/a/b/")."""
    if lang not in INTERFACE_LANGUAGES:
        raise ValueError(f"{lang!r} is not an interface language: {', '.join(INTERFACE_LANGUAGES)}")
    return url if lang == ROOT_LANGUAGE else f"{lang}/{url}"


def absolute(site_url: str, path: str) -> str:
    """A site-root-relative path as a full URL under ``site_url`` (which ends in /)."""
    return site_url.rstrip("/") + "/" + path


# --- open data (/api/v1/ and the feeds) ----------------------------------------------------

API = "api/v1"

# Per-credential export suffixes, in the order pages list them.
FORMATS: dict[str, str] = {
    "json": ".json",
    "ob3": ".ob3.json",
    "elm": ".elm.jsonld",
    "ctdl": ".ctdl.jsonld",
}
FORMAT_LABELS: dict[str, str] = {
    "json": "credir JSON",
    "ob3": "Open Badges 3.0 Achievement",
    "elm": "European Learning Model (Europass)",
    "ctdl": "CTDL (Credential Engine)",
}
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "ob3": "application/json",
    "elm": "application/ld+json",
    "ctdl": "application/ld+json",
}

CREDENTIALS_JSON = f"{API}/credentials.json"
CREDENTIALS_CSV = f"{API}/credentials.csv"
PROVIDERS_JSON = f"{API}/providers.json"
OPENAPI_JSON = f"{API}/openapi.json"
FEED = "feed.xml"


class ExportLink(NamedTuple):
    """One link a credential page shows: what it is and its site-root-relative path."""

    format: str
    label: str
    path: str
    media_type: str


def export_path(key: str, fmt: str) -> str:
    """Site-root-relative path of one credential's export, e.g. api/v1/credentials/a/b.ob3.json."""
    return f"{API}/credentials/{key}{FORMATS[fmt]}"


def provider_path(provider_id: str) -> str:
    """Site-root-relative path of one provider's record, e.g. api/v1/providers/acme.json."""
    return f"{API}/providers/{provider_id}.json"


def provider_feed_path(provider_id: str) -> str:
    """Site-root-relative path of one provider's Atom feed, next to its page."""
    return f"providers/{provider_id}/feed.xml"


def open_data_links(key: str) -> list[ExportLink]:
    """Every export of one credential, its provider's feed and the API description, for the
    "Open data" section of its page."""
    links = [
        ExportLink(fmt, FORMAT_LABELS[fmt], export_path(key, fmt), MEDIA_TYPES[fmt])
        for fmt in FORMATS
    ]
    links.append(
        ExportLink(
            "feed",
            N_("Atom feed of this provider's credentials"),
            provider_feed_path(key.split("/", 1)[0]),
            "application/atom+xml",
        )
    )
    links.append(
        ExportLink("openapi", N_("API description (OpenAPI)"), OPENAPI_JSON, "application/json")
    )
    return links
