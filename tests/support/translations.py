"""The example listings with translations, and what their files give in each language,
read from the models as written (not through the code under test)."""

from __future__ import annotations

from generator.directory import Listing

# Each translated example: its directory key, the language of its text and its translation.
TRANSLATED = {
    "stepova-digital-academy/frontend-development-basics": ("uk", "en"),
    "corrib-valley-tech/data-analytics-foundations": ("en", "uk"),
    "weiterbildung-nordheide/ki-im-mittelstand": ("de", "en"),
    "atlantic-green-skills/heat-pump-installation-awareness": ("en", "nb"),
}


def given(listing: Listing, field: str) -> dict[str, str]:
    """``field`` of the credential (title, summary, description) by language: the file's own
    text under its text language, and each translation that gives the field."""
    c = listing.credential
    found = {listing.text_language: getattr(c, field)} if getattr(c, field) else {}
    for language, translation in (c.translations or {}).items():
        if getattr(translation, field):
            found[language] = getattr(translation, field)
    return {language: text.strip() for language, text in found.items()}


def given_outcomes(listing: Listing) -> list[dict[str, str]]:
    """Each learning outcome by language, in the file's order."""
    c = listing.credential
    found: list[dict[str, str]] = []
    for n, outcome in enumerate(c.learning_outcomes):
        texts = {listing.text_language: outcome}
        for language, translation in (c.translations or {}).items():
            if translation.learning_outcomes:
                texts[language] = translation.learning_outcomes[n]
        found.append(texts)
    return found


def given_provider(listing: Listing, field: str) -> dict[str, str]:
    """The provider's ``field`` (name, description) by language; a provider without a
    `text_language` writes in its listing's."""
    p = listing.provider
    own = p.text_language or listing.text_language
    found = {own: getattr(p, field)} if getattr(p, field) else {}
    for language, translation in (p.translations or {}).items():
        if getattr(translation, field):
            found[language] = getattr(translation, field)
    return {language: text.strip() for language, text in found.items()}
