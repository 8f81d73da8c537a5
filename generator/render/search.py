"""What the search index holds for each credential: its words, filters and result card.

One record per credential, built from the listing with the same functions as the fact
sheet (generator.render.facts), so a filter value, a result card and the page always say
the same thing. The words are what a learner searches for: the credential's own text and
names, not the fact sheet's labels, which every page repeats.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.directory import Directory, Listing
from generator.render import facts
from generator.render.pages import credential_src, url_of
from generator.vocabularies import LABELS

# Markdown to words: a link keeps its text, not its address; markup characters go.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|]+")


def plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(" ", _LINK_TARGET.sub("]", markdown)).replace("[", " ").split())


def search_record(listing: Listing) -> dict[str, Any]:
    """Pagefind's record for one credential: url, content, meta (the result card) and
    filters."""
    c = listing.credential
    words: list[str] = [c.title, c.summary, listing.provider.name]
    words += listing.awarding_bodies
    words += [facts.country_name(code) for code in listing.countries]
    words += [facts.language_name(code) for code in c.languages]
    words += c.learning_outcomes
    words += facts.field_labels(listing)
    words += [LABELS["credential.type"][c.type], facts.workload_text(listing)]
    words += [facts.level_label(listing), LABELS["participation.mode"][c.participation.mode]]
    if c.level and c.level.nqf:
        words.append(c.level.nqf)
    if c.description:
        words.append(plain(c.description))
    for text in (
        c.assessment.description,
        c.participation.location,
        c.quality_assurance.description,
        c.prerequisites,
        c.stackability.recognition if c.stackability else None,
    ):
        if text:
            words.append(text)
    words += c.quality_assurance.bodies or []
    words += [f"{item.body} {item.detail or ''}" for item in c.recognition or []]
    words += [skill.label for skill in c.skills or []]
    words += [occupation.label for occupation in c.occupations or []]
    words += c.keywords or []
    if c.further_information:
        words.append(plain(c.further_information))
    return {
        "url": "/" + url_of(credential_src(listing.key)),
        "content": " ".join(words),
        "meta": {
            "title": c.title,
            "summary": c.summary,
            "provider": listing.provider.name,
            "workload": facts.workload_text(listing),
            "level": facts.level_label(listing),
            "mode": LABELS["participation.mode"][c.participation.mode],
            "cost": facts.cost_text(listing),
            "status": c.status,
            "stale": "yes" if listing.is_stale() else "no",
            "key": listing.key,
        },
        "filters": {name: values for name, values in facts.facets(listing).items() if values},
    }


def search_records(directory: Directory) -> Iterator[dict[str, Any]]:
    for listing in directory.listings.values():
        yield search_record(listing)


def sort_values(directory: Directory) -> dict[str, dict[str, str]]:
    """Each credential's sort keys (the search page's sort options), by credential key."""
    return {key: facts.sort_keys(listing) for key, listing in directory.listings.items()}
