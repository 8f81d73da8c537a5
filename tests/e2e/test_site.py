"""End to end: `credir build` on real data with real MkDocs and Pagefind, output inspected."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markupsafe import escape

from generator.check.run import load_directory
from generator.directory import provider_text_in
from generator.site.pagefind import BUNDLE
from generator.site.pagefind import _read as read_index_file
from generator.urls import ROOT_LANGUAGE
from support import REPO_ROOT
from support.cases import CASES_DIR
from support.cli import build_site_cli, site_root
from support.html import parse, tree_digest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def directory():
    checked = load_directory(REPO_ROOT)
    assert checked.directory is not None
    return checked.directory


def test_every_credential_and_provider_has_its_page(example_site: Path, directory) -> None:
    for key, listing in directory.listings.items():
        page = example_site / "credentials" / key / "index.html"
        assert page.is_file(), key
        html = page.read_text(encoding="utf-8")
        # English pages show the English translation where the provider gave one, else the
        # original; either way the words carry their language.
        text = listing.text_in("en")
        lang = text.language if "title" in text.translated else listing.text_language
        assert f'<h1 lang="{lang}">{_escaped(text.title)}</h1>' in html
        assert f'data-compare-key="{_escaped(key)}"' in html
        for outcome in text.learning_outcomes:
            assert _escaped(outcome) in html
    for provider_id, provider in directory.providers.items():
        html = (example_site / "providers" / provider_id / "index.html").read_text("utf-8")
        assert _escaped(provider_text_in(provider, "en").name) in html
        for listing in directory.listings_of(provider_id):
            assert f'href="../../credentials/{listing.key}/"' in html


def test_fact_sheet_labels_the_eu_annex_i_elements(example_site: Path, directory) -> None:
    listing = next(iter(directory.listings.values()))
    html = (example_site / "credentials" / listing.key / "index.html").read_text("utf-8")
    for label in (
        "Learning outcomes",
        "Notional workload",
        "Type of assessment",
        "Form of participation",
        "Type of quality assurance",
        "Awarding body",
    ):
        pattern = (
            rf'<dt>(<a href="[^"]*glossary/#[a-z-]+">)?{label}(</a>)? '
            r'<span class="credir-annex">Annex I</span>'
        )
        assert re.search(pattern, html), label


def test_home_page_explains_and_lists(example_site: Path, directory) -> None:
    home = parse(example_site / "index.html")
    text = (example_site / "index.html").read_text("utf-8")
    assert "EU Council Recommendation on micro-credentials" in text
    assert f"{len(directory.listings)} micro-credentials" in text
    linked = {link for link in home.links if link.startswith("credentials/")}
    assert len(linked) >= 5


def test_every_internal_link_resolves(example_site: Path) -> None:
    broken = []
    for html_file in sorted(example_site.rglob("*.html")):
        for link in parse(html_file).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "//", "mailto:")):
                continue
            base = example_site if parts.path.startswith("/") else html_file.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html_file.relative_to(example_site)} -> {link}")
    assert not broken, "\n".join(broken[:20])


def test_credential_pages_stay_out_of_the_navigation(example_site: Path, directory) -> None:
    # With every credential in the nav, every page would repeat them all (quadratic build).
    html = (example_site / "about" / "index.html").read_text("utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert not any(f"credentials/{key}/" in nav for key in directory.listings)


def test_pagefind_indexes_exactly_the_credential_pages(example_site: Path, directory) -> None:
    entry = json.loads((example_site / "pagefind" / "pagefind-entry.json").read_text())
    counts = [language["page_count"] for language in entry["languages"].values()]
    assert sum(counts) == len(directory.listings)
    assert (example_site / "pagefind" / "pagefind.js").is_file()
    # Material's own search is replaced: no search index of its own is published.
    assert not (example_site / "search" / "search_index.json").exists()


def test_schemas_are_published_at_stable_urls(example_site: Path) -> None:
    for name in ("credential.schema.json", "provider.schema.json"):
        published = (example_site / "schema" / name).read_bytes()
        assert published == (REPO_ROOT / "schema" / name).read_bytes()


def test_build_is_deterministic(example_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build_site_cli(REPO_ROOT, again).returncode == 0
    assert tree_digest(again) == tree_digest(example_site)


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    root = site_root(tmp_path / "root", CASES_DIR / "valid" / "minimal" / "credentials")
    out = tmp_path / "site"
    assert build_site_cli(root, out).returncode == 0
    before = tree_digest(out)
    broken = next((root / "credentials").glob("*/[!_]*.yaml"))
    broken.write_text(broken.read_text("utf-8").replace("title:", "titel:"), "utf-8")
    result = build_site_cli(root, out)
    assert result.returncode == 1
    assert "unknown field `titel`" in result.stderr
    assert "left as it was" in result.stderr
    assert tree_digest(out) == before
    assert not list(tmp_path.glob(".site-building-*")), "staging folder left behind"


def test_hostile_text_never_becomes_markup(tmp_path: Path) -> None:
    root = site_root(tmp_path / "root", CASES_DIR / "site" / "hostile" / "credentials")
    out = tmp_path / "site"
    result = build_site_cli(root, out)
    assert result.returncode == 0, result.stderr
    for html_file in out.rglob("*.html"):
        page = parse(html_file)
        where = html_file.relative_to(out)
        for tag, attributes in page.elements:
            assert tag not in ("iframe", "svg") or "pwned" not in str(attributes), where
            for name, value in attributes.items():
                assert not name.startswith("on") or "pwned" not in (value or ""), (where, tag)
                if name in ("href", "src"):
                    assert not (value or "").strip().lower().startswith(("javascript:", "data:")), (
                        where,
                        tag,
                        value,
                    )
            assert tag != "img" or "evil.example" not in (attributes.get("src") or ""), where
        for kind, body in page.scripts:
            if kind == "application/ld+json":
                # Data, not code: it must stay one JSON value that no text can close early.
                json.loads(body)
                assert "<" not in body, where
            else:
                assert "pwned" not in body, where
    # A label cannot smuggle an attribute into the page, nor a filter into the search index.
    html = (out / "credentials/evil-provider/payloads/index.html").read_text("utf-8")
    assert 'data-pagefind-filter="provider:Injected' not in html
    entry = json.loads((out / BUNDLE / "pagefind-entry.json").read_text("utf-8"))
    meta_hash = entry["languages"][ROOT_LANGUAGE]["hash"]
    meta = read_index_file(out / BUNDLE / f"pagefind.{meta_hash}.pf_meta")
    filters = [name for name, _ in meta[3]]
    assert "provider" in filters and not any("Injected" in name for name in filters)
    assert "{{ 7*7 }}" in html and ">49<" not in html


def _escaped(text: str) -> str:
    """Text as the autoescaping templates write it."""
    return str(escape(text))
