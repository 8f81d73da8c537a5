"""End to end: the built example site in every interface language (generator/site/languages.py).

Each language's copy sits under its own root with the same page addresses, names itself in
<html lang>, links every page to its counterparts (switcher, hreflang, sitemap), links the
open data at the site's root, and has a search index of its own language.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.site.languages import prefix, site_folder
from generator.site.pagefind import BUNDLE
from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE
from support.html import parse

pytestmark = pytest.mark.slow

SITE_URL = "https://credir.example/"
FACT_SHEET = "credentials/stepova-digital-academy/"
OTHERS = [lang for lang in INTERFACE_LANGUAGES if lang != ROOT_LANGUAGE]


def _pages(folder: Path) -> set[str]:
    return {
        str(page.relative_to(folder))
        for page in folder.rglob("index.html")
        if not any(part in INTERFACE_LANGUAGES for part in page.relative_to(folder).parts[:1])
    }


def test_every_language_has_every_page_at_the_same_address(example_site: Path) -> None:
    english = _pages(example_site)
    assert len(english) > 50
    for lang in OTHERS:
        assert _pages(example_site / lang) == english, lang


@pytest.mark.parametrize("lang", INTERFACE_LANGUAGES)
def test_a_page_names_its_language_and_its_counterparts(example_site: Path, lang: str) -> None:
    sheet = next((site_folder(example_site, lang) / FACT_SHEET).glob("*/index.html"))
    path = str(sheet.parent.relative_to(site_folder(example_site, lang))) + "/"
    elements = parse(sheet).elements
    assert next(attrs for tag, attrs in elements if tag == "html")["lang"] == lang
    # No <link rel=alternate> in <head>: Material's script would download the sitemap.xml
    # beside each on every page load (site_overrides/main.html); the sitemap names them.
    assert not [attrs for tag, attrs in elements if tag == "link" and attrs.get("hreflang")]
    # The switcher leads to this same page in each language, by relative links that work
    # under any base path; the current language is marked.
    switcher = [
        attrs
        for tag, attrs in elements
        if tag == "a" and "md-select__link" in (attrs.get("class") or "")
    ]
    assert [link["hreflang"] for link in switcher] == list(INTERFACE_LANGUAGES)
    here = f"{prefix(lang)}{path}"
    for link in switcher:
        target = urljoin("/" + here, link["href"])
        assert target == f"/{prefix(link['hreflang'])}{path}", link["href"]
        assert (link.get("aria-current") == "true") == (link["hreflang"] == lang)


@pytest.mark.parametrize("lang", OTHERS)
def test_open_data_links_lead_to_the_single_copy_at_the_root(example_site: Path, lang: str) -> None:
    sheet = next((example_site / lang / FACT_SHEET).glob("*/index.html"))
    where = "/" + str(sheet.relative_to(example_site))
    links = re.findall(r'href="([^"]+\.(?:json|jsonld|xml))"', sheet.read_text(encoding="utf-8"))
    assert links
    for link in links:
        target = urljoin(where, link)
        assert not target.startswith(f"/{lang}/"), link
        assert (example_site / target.lstrip("/")).is_file(), target


@pytest.mark.parametrize("lang", INTERFACE_LANGUAGES)
def test_the_sitemap_lists_each_page_with_its_alternates(example_site: Path, lang: str) -> None:
    sitemap = ElementTree.parse(site_folder(example_site, lang) / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = sitemap.findall("s:url", ns)
    assert len(urls) > 50
    for url in urls:
        loc = url.find("s:loc", ns).text
        assert loc.startswith(SITE_URL + prefix(lang))
        path = loc.removeprefix(SITE_URL + prefix(lang))
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        expected = {other: f"{SITE_URL}{prefix(other)}{path}" for other in INTERFACE_LANGUAGES}
        assert alternates == {**expected, "x-default": SITE_URL + path}


@pytest.mark.parametrize("lang", INTERFACE_LANGUAGES)
def test_each_language_searches_an_index_of_its_own_language(example_site: Path, lang: str) -> None:
    entry = json.loads(
        (site_folder(example_site, lang) / BUNDLE / "pagefind-entry.json").read_text()
    )
    assert list(entry["languages"]) == [lang]
    assert entry["languages"][lang]["page_count"] == len(
        list((example_site / "credentials").glob("*/*/index.html"))
    )
