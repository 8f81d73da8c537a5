"""End to end: the real `credir build` publishes the open data beside the pages."""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from generator.export.records import provider_data
from generator.render.pages import credential_page
from generator.urls import FORMATS, export_path, provider_path
from support import REPO_ROOT

pytestmark = pytest.mark.slow

KEYS = sorted(
    f"{p.parent.name}/{p.stem}"
    for p in (REPO_ROOT / "credentials").glob("*/*.yaml")
    if p.name != "_provider.yaml"
)
COURSE_REQUIRED = (
    "name",
    "description",
    "provider",
    "educationalCredentialAwarded",
    "inLanguage",
    "courseMode",
    "timeRequired",
    "teaches",
    "numberOfCredits",
)


class _Scripts(HTMLParser):
    """JSON-LD script bodies and link targets of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.jsonld: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("type") == "application/ld+json":
            self._in = True
            self.jsonld.append("")
        if tag == "a" and found.get("data-format"):
            self.links.append((found["data-format"] or "", found.get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.jsonld[-1] += data


def _page(site: Path, key: str) -> _Scripts:
    parser = _Scripts()
    parser.feed((site / "credentials" / key / "index.html").read_text("utf-8"))
    return parser


def test_api_files_one_per_yaml_file(example_site: Path) -> None:
    data = json.loads((example_site / "api/v1/credentials.json").read_text("utf-8"))
    assert data["total"] == len(KEYS) == 35
    assert sorted(record["key"] for record in data["credentials"]) == KEYS
    for key in KEYS:
        for fmt in FORMATS:
            path = example_site / export_path(key, fmt)
            assert json.loads(path.read_text("utf-8")), path
    csv_lines = (example_site / "api/v1/credentials.csv").read_text("utf-8").splitlines()
    assert len(csv_lines) == len(KEYS) + 1
    providers = json.loads((example_site / "api/v1/providers.json").read_text("utf-8"))
    assert providers["total"] == 11


def test_each_provider_has_its_record_as_validated(example_site: Path, example_directory) -> None:
    """What the compare page reads beside a credential's JSON: its provider, alone."""
    for provider_id, provider in example_directory.providers.items():
        path = example_site / provider_path(provider_id)
        assert json.loads(path.read_text("utf-8")) == provider_data(provider), path


def test_openapi_description_is_valid_and_matches_the_files(example_site: Path) -> None:
    spec = json.loads((example_site / "api/v1/openapi.json").read_text("utf-8"))
    validate(spec)  # raises on an invalid OpenAPI 3.1 document
    assert spec["servers"] == [{"url": "https://credir.example/api/v1"}]
    provider, credential = KEYS[0].split("/")
    for template, item in spec["paths"].items():
        assert set(item) - {"parameters"} == {"get"}  # static files: GET only
        path = template.replace("{provider}", provider).replace("{id}", credential)
        assert (example_site / "api/v1" / path.lstrip("/")).is_file(), template


def test_feed_and_sitemap(example_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(example_site / "feed.xml").getroot()
    assert len(feed.findall(f"{atom}entry")) == len(KEYS)
    assert (example_site / "providers" / "kuusela-uas" / "feed.xml").is_file()
    sitemap = ET.parse(example_site / "sitemap.xml").getroot()
    locations = {
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    for key in KEYS:
        assert f"https://credir.example/credentials/{key}/" in locations, key
    assert "https://credir.example/providers/kuusela-uas/" in locations


def test_schemas_published_at_stable_urls(example_site: Path) -> None:
    for name in ("credential.schema.json", "provider.schema.json"):
        published = (example_site / "schema" / name).read_bytes()
        assert published == (REPO_ROOT / "schema" / name).read_bytes()
        assert json.loads(published)["$id"] == f"https://credir.example/schema/{name}"


def test_every_page_embeds_course_jsonld_and_links_each_export(example_site: Path) -> None:
    for key in KEYS:
        page = _page(example_site, key)
        assert len(page.jsonld) == 1, key
        course = json.loads(page.jsonld[0])
        assert course["@context"] == "https://schema.org" and course["@type"] == "Course"
        missing = [name for name in COURSE_REQUIRED if not course.get(name)]
        assert not missing, (key, missing)
        credential = course["educationalCredentialAwarded"]
        assert credential["@type"] == "EducationalOccupationalCredential"
        assert re.fullmatch(r"PT\d+(\.\d+)?H", course["timeRequired"])
        formats = dict(page.links)
        assert set(FORMATS) <= set(formats)
        for fmt, href in page.links:
            target = posixpath.normpath(posixpath.join(f"credentials/{key}/", href))
            assert (example_site / target).is_file(), (key, fmt, href)
            assert not href.startswith("/")  # relative: works under a sub-path


def test_offers_and_level_when_the_file_has_them(example_site: Path, example_directory) -> None:
    for key in KEYS:
        course = json.loads(_page(example_site, key).jsonld[0])
        c = example_directory.listings[key].credential
        assert ("offers" in course) == (c.cost is not None and c.cost.amount is not None)
        assert ("educationalLevel" in course) == bool(c.level and (c.level.eqf or c.level.nqf))


def test_provider_text_cannot_close_the_jsonld_script(example_directory) -> None:
    from generator.directory import Listing

    listing = example_directory.listings[KEYS[0]]
    hostile = "</script><script>alert(1)</script> & <b>"
    changed = Listing(
        listing.key,
        listing.path,
        listing.provider,
        listing.credential.model_copy(update={"title": hostile, "summary": hostile}),
    )
    html = credential_page(example_directory, changed).html
    parser = _Scripts()
    parser.feed(html)
    assert len(parser.jsonld) == 1
    assert json.loads(parser.jsonld[0])["name"] == hostile
    assert "alert(1)</script>" not in parser.jsonld[0]


def test_build_without_site_url_fails_clearly(tmp_path: Path) -> None:
    from support.cli import build_site_cli, site_root

    root = site_root(tmp_path / "root", REPO_ROOT / "credentials")
    config = root / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines(keepends=True)
    config.write_text("".join(line for line in lines if not line.startswith("site_url:")))
    result = build_site_cli(root, tmp_path / "site")
    assert result.returncode == 1
    assert "set site_url, the open data needs the site's address" in result.stderr
    assert not (tmp_path / "site").exists()
