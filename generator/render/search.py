"""What the search index holds for each credential: its words, filters and result card.

One record per credential, built from the listing with the same functions as the fact
sheet (generator.render.facts), so a filter value, a result card and the page always say
the same thing. The words are what a learner searches for: the credential's own text and
names, not the fact sheet's labels, which every page repeats.

The search page's own settings (its filters and their order, its sorts, which words of a
query name a filter value, Pagefind's ranking) come from here too, as JSON in the page
(`search_settings`), so search.js never keeps a copy of a Python list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.directory import Directory, Listing
from generator.format.vocabularies import STATUS_LABELS
from generator.render import facts, i18n
from generator.render.i18n import N_, _
from generator.urls import ROOT_LANGUAGE, credential_url

PAGE_SIZE = 20  # results the search page shows before "Show more results"
# Ceased credentials stay out of default results; the status filter brings them back.
DEFAULT_STATUSES = ("active", "upcoming", "suspended")
HIDDEN_STATUS = "ceased"
# A hidden filter (not on the page, not in the URL): listings that relevance order puts after
# the others, because they cannot be joined now or were not re-confirmed in time.
LATER_FILTER = "later"
SORT_OPTIONS = (
    ("", N_("Relevance")),
    ("title:asc", N_("Title (A–Z)")),
    ("workload:asc", N_("Workload (smallest first)")),
    ("workload:desc", N_("Workload (largest first)")),
    ("cost:asc", N_("Cost (lowest first)")),
    ("next_start:asc", N_("Next start (soonest first)")),
)
# Pagefind's ranking (its JS API's `ranking` option). termSimilarity well above its default
# of 1: a whole-word match ("care", "AI") must outrank a longer word it is the start of
# ("career", "airtightness"), which Pagefind also matches.
RANKING = {"termSimilarity": 8.0, "pageLength": 0.5, "termSaturation": 1.4, "termFrequency": 1.0}
# Filters whose values a learner may type as words ("free online EQF 6 English"): small
# closed vocabularies whose values are rarely a subject on their own. Further ways of saying
# a value, beyond its label (English: the values are translated where the phrases are made):
QUERY_FILTERS = ("cost", "mode", "pace", "level", "language", "recognition")
NOT_FROM_WORDS = ("Paid", "EQF not stated")  # "paid internship" is not a filter
ALIASES = {
    "mode": {"On site": ["onsite", "in person"]},
    "recognition": {
        "Continuing professional development": ["cpd"],
        "Licence renewal": ["license renewal"],
    },
}

# Words a learner writes that say nothing about a credential ("licence renewal for social
# workers"): Pagefind wants every word of a query in a result, so the page leaves these out
# when the query has other words. English words: a query in another language keeps its own.
# Word endings the search page takes off a query's words, by index language: Pagefind
# stems the words of the indexes it has a stemmer for (English, German, French, Norwegian)
# and matches a query word as the start of an indexed one, but has no Ukrainian stemmer. So
# "розробка" becomes "розробк", which starts "розробки" and "розробку" alike. Noun and
# adjective endings, longest first; a stem keeps at least QUERY_STEM_MIN letters.
QUERY_ENDINGS = {
    "uk": (
        "ями", "ами", "ого", "ому", "ими", "ові", "еві", "ів", "ах", "ях", "ою", "ею", "ом",
        "ем", "их", "им", "ої", "ий", "ій", "ям", "ам", "а", "я", "у", "ю", "і", "и", "е",
        "о", "ь", "й", "ї", "є",
    ),
}  # fmt: skip
QUERY_STEM_MIN = 4

STOP_WORDS = (
    "a",
    "an",
    "and",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "about",
    "course",
    "courses",
)

# British and American spellings stem apart ("analys", "analyz"): each form of a word is
# indexed with the other, so either finds the credential.
_SPELLINGS = re.compile(
    r"\b(\w{2,}?)(is|iz|ys|yz)(e|es|ed|er|ers|ing|ation|ations)\b|\b(licen)(c|s)(e|es|ed)\b",
    re.IGNORECASE,
)
_SWAP = {"is": "iz", "iz": "is", "ys": "yz", "yz": "ys", "c": "s", "s": "c"}

# Markdown to words: a link keeps its text, not its address; markup characters go.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|]+")


def plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(" ", _LINK_TARGET.sub("]", markdown)).replace("[", " ").split())


def spelling_variants(text: str) -> list[str]:
    """The other spelling of each word that has a British and an American one
    ("analyse" -> "analyze", "organization" -> "organisation", "license" -> "licence")."""
    found = []
    for match in _SPELLINGS.finditer(text):
        if match[1]:
            found.append(match[1] + _SWAP[match[2].lower()] + match[3])
        else:
            found.append(match[4] + _SWAP[match[5].lower()] + match[6])
    return found


def search_record(listing: Listing) -> dict[str, Any]:
    """Pagefind's record for one credential: url, content, meta (the result card) and
    filters."""
    c = listing.credential
    shown = facts.shown_text(listing)  # in the index's language where the provider gave it
    provider_name = listing.provider_text_in(shown.language).name
    words: list[str] = [shown.title, shown.summary, provider_name]
    words += listing.awarding_bodies
    words += [facts.country_name(code) for code in listing.countries]
    words += [facts.language_name(code) for code in c.languages]
    words += shown.learning_outcomes
    words += facts.field_labels(listing)
    own = {facts.field_name(code) for code in c.fields_of_education}  # field_labels has these
    words += [name for name in facts.field_words(listing) if name not in own]
    words += [facts.label("credential.type", c.type), facts.workload_text(listing)]
    words += [facts.level_label(listing), facts.label("participation.mode", c.participation.mode)]
    words += facts.pace_label(listing) + facts.recognition_labels(listing)
    stackable = facts.stackable_value(listing)
    words += [_(facts.FILTER_LABELS["stackable"]), *stackable] if stackable else []
    words.append(facts.cost_text(listing))
    if c.level and c.level.nqf:
        words.append(c.level.nqf)
    if shown.description:
        words.append(plain(shown.description))
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
    content = " ".join(words)
    variants = spelling_variants(content)
    if variants:
        content += " " + " ".join(dict.fromkeys(variants))
    stale = listing.is_stale()
    filters = {name: values for name, values in facts.facets(listing).items() if values}
    if stale or c.status not in ("active", "upcoming"):
        filters[LATER_FILTER] = ["yes"]
    return {
        "url": "/" + credential_url(listing.key),
        "content": content,
        "meta": {
            "title": shown.title,
            "summary": shown.summary,
            "lang": facts.field_language(listing, shown, "title"),
            "provider": provider_name,
            "workload": facts.workload_text(listing),
            "level": facts.level_label(listing),
            "mode": facts.label("participation.mode", c.participation.mode),
            "cost": facts.cost_text(listing),
            "starts": facts.start_text(listing),
            "status": c.status,
            "status_label": facts.status_label(listing),
            "stale": "yes" if stale else "no",
            "key": listing.key,
        },
        "filters": filters,
    }


def search_records(directory: Directory) -> Iterator[dict[str, Any]]:
    for listing in directory.listings.values():
        yield search_record(listing)


def sort_values(directory: Directory) -> dict[str, dict[str, str]]:
    """Each credential's sort keys (the search page's sort options), by credential key."""
    return {key: facts.sort_keys(listing) for key, listing in directory.listings.items()}


def query_phrases(directory: Directory) -> list[list[Any]]:
    """``[phrase, filter, values]`` for each way of typing a value of QUERY_FILTERS that some
    listing has (and "stackable", for both stackable values), longest phrase first, so "eqf
    6" is read before a shorter phrase could be. The search page reads these words of a
    query as that filter."""
    present: dict[str, set[str]] = {name: set() for name in (*QUERY_FILTERS, "stackable")}
    for listing in directory.listings.values():
        values = facts.facets(listing)
        for name in present:
            present[name].update(values[name])
    phrases: dict[str, tuple[str, list[str]]] = {}
    not_from_words = {_(value) for value in NOT_FROM_WORDS}
    for name in QUERY_FILTERS:
        aliases = {_(label): words for label, words in ALIASES.get(name, {}).items()}
        for value in sorted(present[name] - not_from_words):
            ways = [value, value.replace("-", " "), *aliases.get(value, [])]
            if name == "level" and value.startswith("EQF "):
                ways.append(facts.eqf_level_text(int(value.removeprefix("EQF "))))
            for way in ways:
                phrases.setdefault(way.casefold(), (name, [value]))
    stackable = [
        value for value in facts.value_order()["stackable"] if value in present["stackable"]
    ]
    if stackable:
        phrases["stackable"] = ("stackable", stackable)
    ordered = sorted(phrases.items(), key=lambda item: (-len(item[0].split()), item[0]))
    return [[phrase, name, values] for phrase, (name, values) in ordered]


def search_settings(directory: Directory) -> dict[str, Any]:
    """What the search page needs to know before its first search (JSON in the page)."""
    lang = i18n.current_language()
    english = lang == ROOT_LANGUAGE
    order = facts.value_order()
    order["starts"] = facts.starts_order(list(directory.listings.values()))
    return {
        "filters": [
            {"name": name, "label": _(label), "order": order.get(name)}
            for name, label in facts.FILTER_LABELS.items()
        ],
        "sorts": [[value, _(label)] for value, label in SORT_OPTIONS],
        "defaultStatuses": [_(STATUS_LABELS[status]) for status in DEFAULT_STATUSES],
        "hiddenStatus": _(STATUS_LABELS[HIDDEN_STATUS]),
        "laterFilter": LATER_FILTER,
        "pageSize": PAGE_SIZE,
        "ranking": RANKING,
        "phrases": query_phrases(directory),
        # English words and spellings only where the index is English.
        "stopWords": list(STOP_WORDS) if english else [],
        "englishSpellings": english,
        "queryEndings": list(QUERY_ENDINGS.get(lang, ())),
        "queryStemMin": QUERY_STEM_MIN,
    }
