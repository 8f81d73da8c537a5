"""The interface's catalogues and locale formats (generator/render/i18n.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from generator.render import i18n
from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE
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


# --- the translations ---------------------------------------------------------------------------

TRANSLATED = [lang for lang in INTERFACE_LANGUAGES if lang != ROOT_LANGUAGE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Forms of a plural: Ukrainian one, few and many; French one, many (a million) and other.
PLURAL_FORMS = {"de": 2, "fr": 3, "uk": 3, "nb": 2}


def _catalogue(lang: str):
    with (i18n.locales_dir() / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=i18n.babel_locale(lang))


def _messages(lang: str) -> list:
    return [message for message in _catalogue(lang) if message.id]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_is_translated_and_none_is_fuzzy(lang: str) -> None:
    untranslated = [
        message.id
        for message in _messages(lang)
        if not message.string
        or (isinstance(message.string, tuple) and not all(message.string))
        or message.fuzzy
    ]
    assert not untranslated


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_catalogue_says_its_language_and_has_its_plural_forms(lang: str) -> None:
    catalogue = _catalogue(lang)
    assert str(catalogue.locale) == lang
    assert catalogue.num_plurals == PLURAL_FORMS[lang]
    text = (i18n.locales_dir() / lang / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    assert f'"Language: {lang}\\n"' in text
    for message in catalogue:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == catalogue.num_plurals, message.id


def test_ukrainian_says_one_few_and_many() -> None:
    with i18n.rendering_in("uk"):
        said = [i18n.ngettext("%(num)s hour", "%(num)s hours", n) % {"num": n} for n in (1, 3, 5)]
    assert said == ["1 година", "3 години", "5 годин"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders_and_add_no_markup(lang: str) -> None:
    """Python fills %(name)s by name: a missing or extra one fails at render time. Templates
    treat a translation as markup (Jinja's newstyle gettext), so it may add none."""
    for message in _messages(lang):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[0])) | set(PLACEHOLDER.findall(ids[-1])))
        for string in strings:
            assert sorted(set(PLACEHOLDER.findall(string))) == wanted, (message.id, string)
            assert string.count("%") == len(PLACEHOLDER.findall(string)), string
            for char in "<>&":
                assert char not in string or char in ids[0], (message.id, string)


def test_every_vocabulary_label_is_in_the_catalogue() -> None:
    from generator.format.vocabularies import LABELS

    labels = {label for values in LABELS.values() for label in values.values()}
    assert labels <= _msgids(i18n.locales_dir() / "messages.pot")


# --- the scripts' strings -----------------------------------------------------------------------

SCRIPTS = REPO_ROOT / i18n.SCRIPTS_DIR
# A t("...") or tn("...", ...) call in a script, outside comments.
_CALL = re.compile(r'\b(?:t|tn)\(\s*"((?:[^"\\]|\\.)*)"')


def _script_calls(script: str) -> set[str]:
    lines = (SCRIPTS / script).read_text("utf-8").splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
    return {text.replace('\\"', '"') for text in _CALL.findall(code)}


@pytest.mark.parametrize("script", sorted(path.name for path in SCRIPTS.glob("*.js")))
def test_the_catalogue_places_every_string_of_a_script_in_that_script(script: str) -> None:
    """The page carries a script's translations by where messages.pot says its strings are:
    a string Babel's reader misses (inside a template literal, or as another call's argument)
    would stay English on every page."""
    with (i18n.locales_dir() / "messages.pot").open("rb") as pot:
        located = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(pot)
            if any(file == f"{i18n.SCRIPTS_DIR}/{script}" for file, _line in message.locations)
        }
    assert _script_calls(script) == located


def test_a_script_s_translations_are_its_strings_with_plurals_by_category() -> None:
    assert i18n.script_messages("search.js") == {}  # English: the scripts' own words
    with i18n.rendering_in("uk"):
        data = i18n.script_messages("search.js")
    assert data["lang"] == "uk"
    assert set(data["messages"]) == _script_calls("search.js")
    assert data["messages"]["Filters"] == "Фільтри"
    assert data["messages"]["%(num)s credential found."] == {
        "few": "Знайдено %(num)s кваліфікації.",
        "many": "Знайдено %(num)s кваліфікацій.",
        "one": "Знайдено %(num)s кваліфікацію.",
    }
    with i18n.rendering_in("fr"):
        forms = i18n.script_messages("tray.js")["messages"]["%(num)s credential picked."]
    assert set(forms) == {"one", "many", "other"}
    with pytest.raises(KeyError, match="no message"):
        i18n.script_messages("md-scope.js")
