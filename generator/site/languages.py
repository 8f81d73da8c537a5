"""One copy of the site per interface language: where it goes, and what its MkDocs
configuration says in that language.

English is at the site's root, each other language under ``/<lang>/`` with the same page
addresses below it, so every page has its counterpart in every language at a known
address: the language switcher and the ``hreflang`` alternates link a page to itself in the
other languages, not to their home pages. The open data is written once, at the root.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.render.i18n import _, language_autonym
from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE, localised_url

LANGUAGES_ENV = "CREDIR_LANGUAGES"  # e.g. "en" or "en,de": benchmarks and tests set it


def built_languages() -> tuple[str, ...]:
    """The languages a build makes: every interface language, or those CREDIR_LANGUAGES
    names (the benchmark compares a one-language build with the whole). English, at the
    root, is always made."""
    value = os.environ.get(LANGUAGES_ENV, "").strip()
    if not value:
        return INTERFACE_LANGUAGES
    asked = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(asked - set(INTERFACE_LANGUAGES))
    if unknown:
        raise ValueError(
            f"{LANGUAGES_ENV}: {', '.join(unknown)} not interface languages "
            f"({', '.join(INTERFACE_LANGUAGES)})"
        )
    return tuple(lang for lang in INTERFACE_LANGUAGES if lang in asked or lang == ROOT_LANGUAGE)


def prefix(lang: str) -> str:
    """Where a language's copy of the site starts, below the root ("" or "de/")."""
    return localised_url("", lang)


def site_folder(site_dir: Path, lang: str) -> Path:
    return site_dir / prefix(lang) if prefix(lang) else site_dir


def alternates(
    lang: str, site_url: str, languages: tuple[str, ...] = INTERFACE_LANGUAGES
) -> list[dict[str, str]]:
    """The language switcher's entries (Material's ``extra.alternate``), as seen from
    ``lang``'s copy: ``link`` is the other copy's root relative to this one's, ``site_url``
    its absolute address (for ``hreflang`` links and the sitemap)."""
    up = "../" if prefix(lang) else ""
    return [
        {
            "name": language_autonym(other),
            "lang": other,
            "link": up + prefix(other),
            "site_url": site_url + prefix(other),
        }
        for other in languages
    ]


def localise(
    config: Any, lang: str, site_url: str, languages: tuple[str, ...] = INTERFACE_LANGUAGES
) -> None:
    """Turn the MkDocs configuration of mkdocs.yml into ``lang``'s: Material's own strings
    (``theme.language``), the address, the menu and the description in that language, and
    the switcher. Call it inside ``i18n.rendering_in(lang)``."""
    config.theme["language"] = lang
    config.site_url = site_url + prefix(lang)
    if config.site_description:
        config.site_description = _(config.site_description)
    config.nav = _translated_nav(config.nav)
    config.extra["alternate"] = alternates(lang, site_url, languages)
    config.extra["credir_language"] = lang


def _translated_nav(items: Any) -> Any:
    """mkdocs.yml's nav with each title in the language being rendered."""
    if not isinstance(items, list):
        return items
    translated: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            translated.append({_(title): _translated_nav(value) for title, value in item.items()})
        else:
            translated.append(item)
    return translated
