"""Official labels of the controlled vocabularies in the reader's language.

Every label comes from its standard's own translations, never from a list of ours: ISCED-F,
EQF, Europass modes and assessment types from the EU Vocabularies (through ``elm.json``),
countries and languages from the ISO catalogues pycountry ships (Debian's iso-codes), and
where those lack a name (pycountry's Bokmål catalogue has no "norsk bokmål"), from Unicode's
CLDR (through Babel). Where no source has a label in the language asked for, the English one
stands in, and the returned ``Label`` says so, so that a page can mark it ``lang="en"``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from gettext import NullTranslations, translation
from typing import Final, NamedTuple

import babel
import pycountry

from generator.format.vocabularies import elm_translations, elm_vocabulary

__all__ = ["ENGLISH", "Label", "country_label", "language_label", "vocabulary_label"]

#: The language every standard here publishes, and so the fallback.
ENGLISH: Final = "en"

#: ISO 639-1 code -> pycountry's locale folder, where the two differ (Bokmål is nb_NO there).
_PYCOUNTRY_LOCALES: Final = {"nb": "nb_NO"}


class Label(NamedTuple):
    """A label's text and the ISO 639-1 language that text is in (``en`` when it fell back)."""

    text: str
    lang: str


def vocabulary_label(vocabulary: str, code: str, lang: str) -> Label:
    """Official label of an ELM concept ("isced-f" "0613", "eqf" "7", "modes", ...) in ``lang``.

    Raises KeyError for an unknown vocabulary or code.
    """
    concept = elm_vocabulary(vocabulary).get(code)
    if concept is None:
        raise KeyError(f"{code!r} is not a code of the official {vocabulary} vocabulary")
    text = elm_translations(vocabulary)[code].get(lang)
    return Label(text, lang) if text else Label(concept.label, ENGLISH)


@cache
def country_label(code: str, lang: str) -> Label:
    """Name of an ISO 3166-1 alpha-2 country in ``lang``, the common name where there is one.

    In English this is the name the site has always shown ("Bolivia", not "Bolivia,
    Plurinational State of"). Raises KeyError for an unknown code.
    """
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    common = getattr(country, "common_name", None)
    # The common name's translation first, else the official name's, else English.
    names = [common, country.name] if common else [country.name]
    return _translated("iso3166-1", names, lang, lambda cldr: cldr.territories.get(code))


@cache
def language_label(code: str, lang: str) -> Label:
    """Name of an ISO 639-1 language in ``lang``; raises KeyError for an unknown code.

    The ISO 639 name, as the site has always shown it in English (pycountry's one common
    name for a 639-1 language, "Bangla" for Bengali, is not used, to keep those pages as
    they are).
    """
    language = pycountry.languages.get(alpha_2=code)
    if language is None:
        raise KeyError(f"{code!r} is not an ISO 639-1 language code")
    return _translated("iso639-3", [language.name], lang, lambda cldr: cldr.languages.get(code))


class _NotTranslated(LookupError):
    """The catalogue has no entry for a name (told apart from one translated to the same
    text, such as German "Taiwan", which comparing strings would mistake for English)."""


class _Untranslated(NullTranslations):
    """The last fallback of a catalogue: reports a missing entry instead of echoing it."""

    def gettext(self, message: str) -> str:
        raise _NotTranslated(message)


@cache
def _catalogue(domain: str, lang: str) -> NullTranslations:
    """pycountry's gettext catalogue for one domain and language, opened once."""
    locale = _PYCOUNTRY_LOCALES.get(lang, lang)
    catalogue = translation(domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True)
    catalogue.add_fallback(_Untranslated())
    return catalogue


def _translated(
    domain: str, names: list[str], lang: str, cldr: Callable[[babel.Locale], str | None]
) -> Label:
    """The first of ``names`` (English msgids) that has a translation in ``lang``, else
    CLDR's name in ``lang``, else the first name itself, in English."""
    if lang != ENGLISH:
        for name in names:
            try:
                return Label(_catalogue(domain, lang).gettext(name), lang)
            except _NotTranslated:
                continue
        locale = _cldr_locale(lang)
        text = cldr(locale) if locale is not None else None
        if text:
            return Label(text, lang)
    return Label(names[0], ENGLISH)


@cache
def _cldr_locale(lang: str) -> babel.Locale | None:
    try:
        return babel.Locale.parse(lang)
    except (ValueError, babel.UnknownLocaleError):
        return None
