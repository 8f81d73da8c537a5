"""The interface's languages: message catalogues, and dates and numbers as each locale writes
them.

Every string of ours that a learner reads is marked where it is written: ``_("...")`` in
Python and in templates, ``N_("...")`` for a constant translated where it is shown, and
``t("...")`` (``tn()`` for a plural) in the site's JavaScript, which reads its translations
from the page (``script_messages``). ``python -m generator.render.i18n`` extracts them
(Babel) into ``locales/messages.pot`` and merges new ones into each language's
``locales/<lang>/LC_MESSAGES/messages.po``; the build reads the ``.po`` files as they are
(compiled in memory, so no generated ``.mo`` is committed). A test fails when the catalogue
lags behind the code or a translation is missing.

Which language is being rendered is a context variable, set by ``rendering_in(lang)``
around each language's part of the build: the page code below it asks ``_()`` and never
passes a language around.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from pathlib import Path

import babel
import babel.dates
import babel.numbers
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# Marks a constant for the catalogue; it is translated with ``_()`` where it is shown. The
# stages below this one mark their labels with the same function.
from generator.format.translatable import N_ as N_

# The interface languages, English (the language the strings are written in, at the site's
# root) first: generator.urls, which says where each language's pages are.
from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE

DOMAIN = "messages"
# Dates and numbers in English as an EU directory writes them ("4 March 2029", "1,500"), not
# as the United States does.
_BABEL_LOCALES = {"en": "en_GB"}

# The catalogues' header dates: fixed, so that regenerating them changes a file only when its
# strings change.
_CATALOGUE_DATE = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
_CATALOGUE_HEADER = {
    "project": "credir",
    "copyright_holder": "credir contributors",
    "creation_date": _CATALOGUE_DATE,
    "revision_date": _CATALOGUE_DATE,
    "fuzzy": False,
}

_current: ContextVar[str] = ContextVar("credir_language", default=ROOT_LANGUAGE)


def locales_dir() -> Path:
    return Path(str(files("generator.render") / "locales"))


@contextmanager
def rendering_in(lang: str) -> Iterator[None]:
    """Everything rendered inside speaks ``lang``."""
    if lang not in INTERFACE_LANGUAGES:
        raise ValueError(f"{lang!r} is not an interface language: {', '.join(INTERFACE_LANGUAGES)}")
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def current_language() -> str:
    return _current.get()


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations of one language, read from its .po file (English needs none)."""
    if lang == ROOT_LANGUAGE:
        return gettext.NullTranslations()
    path = locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        messages = read_po(po, locale=babel_locale(lang), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """``message`` in the language being rendered."""
    return catalogue(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` in the language being rendered (languages differ in how many
    plural forms they have: Ukrainian has three)."""
    return catalogue(_current.get()).ngettext(singular, plural, count)


def plural_count(value: float) -> int:
    """The count that picks the plural form for ``value``: itself when whole, else 2, whose
    form is the one each of the interface's languages uses for a fraction ("2.5 hours",
    "2,5 Stunden", "2,5 години")."""
    return int(value) if float(value).is_integer() else 2


# --------------------------------------------------------------------------------------------
# The site's JavaScript: its strings, translated, as data in the page
# --------------------------------------------------------------------------------------------

SCRIPTS_DIR = "site_overrides/assets/credir"
# Counts tried for a sample of each plural category: a category no whole number up to 200
# falls in (French "many": a million) is found among the large ones.
_PLURAL_SAMPLES = (*range(201), 1000, 10**6, 10**7)


@cache
def _script_msgids(script: str) -> tuple[str | tuple[str, ...], ...]:
    """The messages of one of the site's scripts (``t()`` and ``tn()``), as messages.pot
    locates them: the catalogue a test keeps equal to the code."""
    where = f"{SCRIPTS_DIR}/{script}"
    with (locales_dir() / f"{DOMAIN}.pot").open("rb") as pot:
        template = read_po(pot, domain=DOMAIN)
    found = [m.id for m in template if m.id and any(file == where for file, _line in m.locations)]
    if not found:
        raise KeyError(f"messages.pot has no message of {where}")
    return tuple(found)


def script_messages(*scripts: str) -> dict[str, object]:
    """What the named scripts need to speak the language being rendered: each ``t()`` string
    translated, and each ``tn()`` plural as its form for each CLDR plural category (the script
    picks the category with ``Intl.PluralRules``). Nothing in English: a script's own
    strings are English."""
    msgids = [msgid for script in scripts for msgid in _script_msgids(script)]
    lang = _current.get()
    if lang == ROOT_LANGUAGE:
        return {}
    locale = babel_locale(lang)
    samples: dict[str, int] = {}
    for count in _PLURAL_SAMPLES:
        samples.setdefault(locale.plural_form(count), count)
    messages: dict[str, object] = {}
    for msgid in msgids:
        if isinstance(msgid, str):
            messages[msgid] = _(msgid)
        else:
            singular, plural = msgid[0], msgid[1]
            messages[singular] = {
                category: ngettext(singular, plural, count)
                for category, count in sorted(samples.items())
            }
    return {"lang": str(locale).replace("_", "-"), "messages": messages}


def babel_locale(lang: str | None = None) -> babel.Locale:
    lang = lang or _current.get()
    return babel.Locale.parse(_BABEL_LOCALES.get(lang, lang))


def format_date(day: object, format: str = "long") -> str:
    """A day as the language writes it ("4 March 2029", "4. März 2029")."""
    return babel.dates.format_date(day, format, locale=babel_locale())  # type: ignore[arg-type]


def format_month(day: object) -> str:
    """A month and year on its own, as a filter value says it ("March 2029", "März 2029")."""
    return babel.dates.format_date(day, "LLLL y", locale=babel_locale())  # type: ignore[arg-type]


def format_number(value: float) -> str:
    """5.0 -> "5", 2.5 -> "2.5" ("2,5" in German), 1500 -> "1,500" ("1.500")."""
    return babel.numbers.format_decimal(value, format="#,##0.##", locale=babel_locale())


@cache
def language_autonym(lang: str) -> str:
    """A language's name in itself, as a language switcher lists it ("Deutsch")."""
    name = babel.Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


# --------------------------------------------------------------------------------------------
# Extraction: what the catalogue must hold
# --------------------------------------------------------------------------------------------

# Where marked strings live, relative to the repository, and how Babel reads each kind.
SOURCES = (
    ("generator/**.py", "python"),
    ("generator/render/templates/**.html", "jinja2"),
    ("site_overrides/**.html", "jinja2"),
    ("site_overrides/assets/credir/**.js", "javascript"),
)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "t": None, "tn": (1, 2)}


def extract(repo: Path) -> Catalog:
    """Every marked string of the code, plus mkdocs.yml's site description and nav titles
    (the site's menu), as a fresh catalogue."""
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(domain=DOMAIN, charset="utf-8", **_CATALOGUE_HEADER)
    method_map = list(SOURCES)
    options = {pattern: {"extensions": "jinja2.ext.i18n"} for pattern, _m in SOURCES}
    for filename, lineno, message, comments, context in extract_from_dir(
        repo,
        method_map=method_map,
        options_map=options,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            locations=[(filename, lineno)],
            auto_comments=comments,
            context=context,
            flags=("python-format",) if "%(" in str(message) else (),
        )
    for title in site_strings(repo / "mkdocs.yml"):
        catalog.add(title, locations=[("mkdocs.yml", 0)])
    return catalog


def site_strings(config_file: Path) -> list[str]:
    """The strings of mkdocs.yml a learner reads: the site's description and its menu."""
    import yaml

    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    found = [config["site_description"]] if config.get("site_description") else []

    def walk(items: object) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                for title, value in item.items():
                    found.append(title)
                    walk(value)

    walk(config.get("nav"))
    return found


def update(repo: Path) -> None:
    """Write messages.pot afresh and merge it into every language's .po (new strings come
    in untranslated, gone ones are dropped)."""
    from babel.messages.pofile import write_po

    template = extract(repo)
    folder = locales_dir()
    with (folder / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, template, sort_output=True, width=100, include_lineno=False)
    for lang in INTERFACE_LANGUAGES:
        if lang == ROOT_LANGUAGE:
            continue
        path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=babel_locale(lang), domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=babel_locale(lang), domain=DOMAIN, **_CATALOGUE_HEADER)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        catalog.revision_date = _CATALOGUE_DATE
        with path.open("wb") as out:
            write_po(out, catalog, sort_output=True, width=100, include_lineno=False)


if __name__ == "__main__":  # python -m generator.render.i18n [REPO]
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
