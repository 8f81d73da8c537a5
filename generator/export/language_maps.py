"""Language maps: one text of a listing in every language its file gives it, for the
formats that carry several languages side by side (ELM, CTDL: `{"uk": "...", "en": "..."}`).

A map holds the original under the listing's `text_language`, first (an import that reads
one language reads the file's own), then each translation that gives the field, in the
file's order. A translation that leaves a field out adds nothing to that field's map: the
original text is never tagged with a language it is not written in.
"""

from __future__ import annotations

from generator.directory import Listing

# The fields of a listing's text that translations may give (CredentialTranslation).
LISTING_FIELDS = ("title", "summary", "description")


def listing_map(listing: Listing, field: str) -> dict[str, str]:
    """``field`` (title, summary or description) in every language given; empty when the
    file has no such text. Descriptions lose their trailing newline (YAML block text)."""
    if field not in LISTING_FIELDS:
        raise ValueError(f"{field!r} is not a translated field: {', '.join(LISTING_FIELDS)}")
    original = getattr(listing.credential, field)
    if not original:
        return {}
    found = {listing.text_language: original.strip()}
    for language, translation in (listing.credential.translations or {}).items():
        text = getattr(translation, field)
        if text:
            found[language] = text.strip()
    return found


def outcome_maps(listing: Listing) -> list[dict[str, str]]:
    """Each learning outcome in every language given: the n-th translated outcome is the
    n-th original's (the format requires as many, in the same order)."""
    maps = [{listing.text_language: outcome} for outcome in listing.credential.learning_outcomes]
    for language, translation in (listing.credential.translations or {}).items():
        if translation.learning_outcomes:
            for found, outcome in zip(maps, translation.learning_outcomes, strict=True):
                found[language] = outcome
    return maps


def provider_language(listing: Listing) -> str:
    """The language of the provider's name and description: its own `text_language`, else
    the listing's (what a provider without one is taken to write in)."""
    return listing.provider.text_language or listing.text_language


def provider_map(listing: Listing, field: str) -> dict[str, str]:
    """The provider's ``field`` (name or description) in every language its file gives it;
    empty when it has none."""
    provider = listing.provider
    original = getattr(provider, field)
    if not original:
        return {}
    found = {provider_language(listing): original.strip()}
    for language, translation in (provider.translations or {}).items():
        text = getattr(translation, field)
        if text:
            found[language] = text.strip()
    return found
