"""The interface's catalogues and locale formats (generator/render/i18n.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.messages.pofile import read_po

from generator.render import i18n
from generator.urls import INTERFACE_LANGUAGES
from support import REPO_ROOT


def _msgids(path) -> set[str]:
    with path.open("rb") as po:
        return {message.id for message in read_po(po) if message.id}


def test_the_catalogue_holds_every_marked_string_and_nothing_else() -> None:
    """Run `python -m generator.render.i18n` after marking or changing a string."""
    extracted = {message.id for message in i18n.extract(REPO_ROOT) if message.id}
    assert extracted == _msgids(i18n.locales_dir() / "messages.pot")


@pytest.mark.parametrize("lang", [lang for lang in INTERFACE_LANGUAGES if lang != "en"])
def test_each_language_has_the_catalogue_s_strings(lang: str) -> None:
    po = i18n.locales_dir() / lang / "LC_MESSAGES" / "messages.po"
    assert _msgids(po) == _msgids(i18n.locales_dir() / "messages.pot")


def test_the_nav_titles_of_mkdocs_yml_are_in_the_catalogue() -> None:
    titles = i18n.site_strings(REPO_ROOT / "mkdocs.yml")
    assert {"Home", "Browse", "By country", "Glossary"} <= set(titles)
    assert set(titles) <= _msgids(i18n.locales_dir() / "messages.pot")


def test_rendering_in_sets_the_language_and_restores_it() -> None:
    assert i18n.current_language() == "en"
    with i18n.rendering_in("de"):
        assert i18n.current_language() == "de"
        with i18n.rendering_in("uk"):
            assert i18n.current_language() == "uk"
        assert i18n.current_language() == "de"
    assert i18n.current_language() == "en"
    with pytest.raises(ValueError, match="not an interface language"):
        i18n.rendering_in("xx").__enter__()


@pytest.mark.parametrize(
    ("lang", "date", "month", "number"),
    [
        ("en", "4 March 2029", "March 2029", "1,500.5"),
        ("de", "4. März 2029", "März 2029", "1.500,5"),
        ("fr", "4 mars 2029", "mars 2029", "1\u202f500,5"),
        ("uk", "4 березня 2029\u202fр.", "березень 2029", "1\xa0500,5"),
        ("nb", "4. mars 2029", "mars 2029", "1\xa0500,5"),
    ],
)
def test_dates_and_numbers_are_written_as_each_locale_writes_them(
    lang: str, date: str, month: str, number: str
) -> None:
    with i18n.rendering_in(lang):
        assert i18n.format_date(dt.date(2029, 3, 4)) == date
        assert i18n.format_month(dt.date(2029, 3, 4)) == month
        assert i18n.format_number(1500.5) == number
        assert i18n.format_number(5.0) == "5"


def test_the_switcher_names_each_language_in_itself() -> None:
    names = [i18n.language_autonym(lang) for lang in INTERFACE_LANGUAGES]
    assert names == ["English", "Deutsch", "Français", "Українська", "Norsk bokmål"]
