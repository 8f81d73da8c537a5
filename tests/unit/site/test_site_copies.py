"""Each interface language's copy of the site (generator/site/languages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from generator.render.i18n import rendering_in
from generator.site.languages import (
    LANGUAGES_ENV,
    alternates,
    built_languages,
    localise,
    prefix,
    site_folder,
)
from generator.site.mkdocs.build import CONTENT_DIR
from generator.urls import INTERFACE_LANGUAGES
from support import REPO_ROOT

SITE = "https://credir.example/"


def test_english_is_at_the_root_and_the_others_below_it(tmp_path: Path) -> None:
    assert [prefix(lang) for lang in INTERFACE_LANGUAGES] == ["", "de/", "fr/", "uk/", "nb/"]
    assert site_folder(tmp_path, "en") == tmp_path
    assert site_folder(tmp_path, "uk") == tmp_path / "uk"


def test_the_switcher_links_each_copy_from_where_the_reader_is() -> None:
    from_german = {alt["lang"]: alt for alt in alternates("de", SITE)}
    assert from_german["en"]["link"] == "../" and from_german["fr"]["link"] == "../fr/"
    assert from_german["en"]["site_url"] == SITE and from_german["nb"]["site_url"] == SITE + "nb/"
    assert [alt["name"] for alt in alternates("en", SITE)][:2] == ["English", "Deutsch"]
    assert [alt["link"] for alt in alternates("en", SITE, ("en", "uk"))] == ["", "uk/"]


def test_localise_turns_mkdocs_yml_into_the_language_s_site() -> None:
    config = load_config(str(REPO_ROOT / "mkdocs.yml"), docs_dir=str(CONTENT_DIR))
    with rendering_in("de"):
        localise(config, "de", SITE)
    assert config.theme["language"] == "de"
    assert config.site_url == SITE + "de/"
    titles = [next(iter(item)) for item in config.nav]
    assert titles[0] == "Startseite" and "Home" not in titles, titles
    (browse,) = [item["Stöbern"] for item in config.nav if "Stöbern" in item]
    assert "Nach Land" in [next(iter(entry)) for entry in browse]
    assert config.extra["credir_language"] == "de"
    assert [alt["lang"] for alt in config.extra["alternate"]] == list(INTERFACE_LANGUAGES)


def test_credir_languages_builds_fewer_languages_english_always(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(LANGUAGES_ENV, raising=False)
    assert built_languages() == INTERFACE_LANGUAGES
    monkeypatch.setenv(LANGUAGES_ENV, "uk, de")
    assert built_languages() == ("en", "de", "uk")
    monkeypatch.setenv(LANGUAGES_ENV, "en,xx")
    with pytest.raises(ValueError, match="xx not interface languages"):
        built_languages()
