"""What learners read about a listing: labels, short facts, search filters and sort keys.

One place for every learner-facing wording of a value, so the fact sheet, the result
cards, the browse pages and the search filters always say the same thing, in the language
being rendered (generator.render.i18n): constants here are English, marked ``N_`` for the
catalogue, and translated with ``_()`` where a function returns them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.directory import HOURS_PER_ECTS, Listing, ListingText, provider_text_in
from generator.format.clock import today
from generator.format.vocabularies import (
    ASSESSMENT_METHOD_TO_ELM,
    CREDENTIAL_TYPE_LABELS,
    LABELS,
    PACE_LABELS,
    PARTICIPATION_MODE_TO_ELM,
    RECOGNITION_TYPE_LABELS,
    STATUS_LABELS,
    STATUSES,
    isced_broad_field,
    isced_fields,
)
from generator.format.vocabularies.labels import country_label, language_label, vocabulary_label
from generator.render import i18n
from generator.urls import ROOT_LANGUAGE

if TYPE_CHECKING:
    from generator.format.models import Provider
from generator.render.i18n import N_, _, ngettext

# Search filters, in the order the search page shows them (names are part of the URL), with
# the name a learner reads: the search page gets both from here (generator.render.search).
FILTER_LABELS = {
    "provider": N_("Provider"),
    "country": N_("Country"),
    "language": N_("Language"),
    # Translators: a search filter: online, on site, blended or work-based.
    "mode": N_("Participation"),
    "pace": N_("Pace"),
    # Translators: a search filter: when a credential starts (a month, or any time).
    "starts": N_("Starts"),
    "level": N_("Level"),
    "type": N_("Type"),
    "cost": N_("Cost"),
    "workload": N_("Workload"),
    "field": N_("Field of education"),
    "recognition": N_("Recognised for"),
    "stackable": N_("Stackable"),
    "status": N_("Status"),
    "skill": N_("Skill"),
}
FILTERS = tuple(FILTER_LABELS)
SORTS = ("title", "workload", "cost", "next_start")
WORKLOAD_BUCKETS = (
    (1, N_("under 1 ECTS")),
    (5, N_("1–5 ECTS")),
    (10, N_("5–10 ECTS")),
    (None, N_("10+ ECTS")),
)
STARTS_ANY_TIME = N_("Any time (self-paced)")
COUNTS_TOWARDS = N_("Counts towards another credential")
STACKABLE_NO_PATHWAY = N_("Stackable, no pathway listed")
# The Annex I elements a listing can leave unsaid (generator.format.completeness), by the
# name the fact sheet gives them.
ANNEX_I_ELEMENTS = {"level": N_("level")}


def field_name(code: str) -> str:
    """An ISCED-F field's official name in the language being rendered (EU Vocabularies'
    translation; the English one where there is none)."""
    return vocabulary_label("isced-f", code, i18n.current_language()).text


def country_name(code: str) -> str:
    """A country's name in the language being rendered (generator.format.vocabularies.labels:
    ISO's name in English, the ISO catalogue's or CLDR's translation in the others)."""
    try:
        return country_label(code, i18n.current_language()).text
    except KeyError:
        return code


def language_name(code: str) -> str:
    """A language's name in the language being rendered (as country_name says)."""
    try:
        return language_label(code, i18n.current_language()).text
    except KeyError:
        return code


def number(value: float) -> str:
    """5.0 -> "5", 2.5 -> "2.5", 1500 -> "1,500": how people write amounts (in German
    "2,5" and "1.500")."""
    return i18n.format_number(value)


def hours_text(hours: float) -> str:
    """20 -> "20 hours", 1 -> "1 hour"."""
    return ngettext("%(num)s hour", "%(num)s hours", i18n.plural_count(hours)) % {
        "num": number(hours)
    }


def workload_text(listing: Listing) -> str:
    workload = listing.credential.workload
    parts = []
    if workload.ects is not None:
        parts.append(f"{number(workload.ects)} ECTS")
    if workload.hours is not None:
        parts.append(hours_text(workload.hours))
    return " · ".join(parts)


def ects_note(listing: Listing) -> str:
    """Says how the ECTS figure used for filtering was reached when none was given."""
    if not listing.ects_is_estimated:
        return ""
    hours = listing.credential.workload.hours or 0
    return ngettext(
        "about %(ects)s ECTS, estimated from %(num)s hour at %(rate)s hours per ECTS",
        "about %(ects)s ECTS, estimated from %(num)s hours at %(rate)s hours per ECTS",
        i18n.plural_count(hours),
    ) % {"ects": number(listing.ects), "num": number(hours), "rate": number(HOURS_PER_ECTS)}


def workload_bucket(ects: float) -> str:
    for limit, label in WORKLOAD_BUCKETS:
        if limit is None or ects < limit:
            return _(label)
    raise AssertionError("unreachable: the last bucket has no limit")


# The units of an ISO 8601 duration: each says its amount ("10 weeks").
_DURATION_UNITS: dict[str, Callable[[int], str]] = {
    "Y": lambda n: ngettext("%(num)s year", "%(num)s years", n),
    "M": lambda n: ngettext("%(num)s month", "%(num)s months", n),
    "W": lambda n: ngettext("%(num)s week", "%(num)s weeks", n),
    "D": lambda n: ngettext("%(num)s day", "%(num)s days", n),
}
_TIME_UNITS: dict[str, Callable[[int], str]] = {
    "H": lambda n: ngettext("%(num)s hour", "%(num)s hours", n),
    "M": lambda n: ngettext("%(num)s minute", "%(num)s minutes", n),
    "S": lambda n: ngettext("%(num)s second", "%(num)s seconds", n),
}


def duration_text(duration: str) -> str:
    """ "P10W" -> "10 weeks", "P1Y6M" -> "1 year 6 months", "PT20H" -> "20 hours"."""
    date_part, _t, time_part = duration.removeprefix("P").partition("T")
    words = []
    for part, units in ((date_part, _DURATION_UNITS), (time_part, _TIME_UNITS)):
        amount = ""
        for char in part:
            if char.isdigit():
                amount += char
            else:
                words.append(units[char](int(amount)) % {"num": int(amount)})
                amount = ""
    return " ".join(words)


def cost_text(listing: Listing) -> str:
    cost = listing.credential.cost
    if cost is None or cost.amount is None:
        return _("Cost not stated")
    if cost.amount == 0:
        return _("Free")
    return f"{number(cost.amount)} {cost.currency}"


def level_label(listing: Listing) -> str:
    level = listing.credential.level
    return f"EQF {level.eqf}" if level and level.eqf else _("EQF not stated")


def level_short(listing: Listing) -> str:
    """The level on a card: the EQF level, else the national one, so a card never says
    "EQF not stated" about a credential that has a level."""
    level = listing.credential.level
    if level and level.eqf:
        return f"EQF {level.eqf}"
    if level and level.nqf:
        return level.nqf
    return _("Level not stated")


def eqf_level_text(eqf: int) -> str:
    """ "EQF level 6", as a fact sheet and the browse pages name a level."""
    return _("EQF level %(level)s") % {"level": eqf}


def level_text(listing: Listing) -> str:
    """The level on a fact sheet: both frameworks, and that EQF is not stated said once."""
    level = listing.credential.level
    eqf = eqf_level_text(level.eqf) if level and level.eqf else None
    nqf = level.nqf if level and level.nqf else None
    if eqf and nqf:
        return f"{eqf} · {nqf}"
    if nqf:
        return nqf + " · " + _("EQF level not stated")
    return eqf or _("Not stated")


def date_text(day: dt.date) -> str:
    """A day as learners read it in the language being rendered ("4 March 2029", "4. März
    2029"), whatever the machine's locale."""
    return i18n.format_date(day)


# How a credential's start is said, case by case, in the order "Sort by next start" puts
# them. The compare page says it from a credential's JSON with these same words (wording()).
START_WORDS = {
    "any_time": N_("Starts any time"),
    # Translators: %(date)s is a day, such as "4 March 2029".
    "on": N_("Starts %(date)s"),
    "past": N_("Last start %(date)s: ask the provider"),
    "not_stated": N_("Start date not stated"),
    "suspended": N_("Not offered for now"),
    "ceased": N_("No longer offered"),
}
_START_RANKS = {case: str(rank) for rank, case in enumerate(START_WORDS)}


def _start(listing: Listing) -> tuple[str, dt.date | None]:
    """Which of START_WORDS says when a learner can start, and the date it names.

    Ceased and suspended listings cannot be started whatever their date says; a date still
    ahead is the next start, even of a self-paced credential; a self-paced one otherwise
    starts when the learner does; a date already past is not a "next" start."""
    credential = listing.credential
    if credential.status in ("ceased", "suspended"):
        return credential.status, None
    start = credential.next_start
    if start is not None and start >= today():
        return "on", start
    if credential.participation.pace == "self-paced":
        return "any_time", None
    return ("past", start) if start is not None else ("not_stated", None)


def start_text(listing: Listing) -> str:
    """When a learner can start: the question a card must answer before any other. The
    same words on every card (static or search result), the fact sheet and the compare
    page."""
    case, day = _start(listing)
    return _(START_WORDS[case]) % {"date": date_text(day) if day else ""}


def start_sort_key(listing: Listing) -> str:
    """What "Sort by next start" sorts by, as start_text says it: any time first, then the
    dates ahead, soonest first, then a start already past, then no start at all."""
    case, day = _start(listing)
    return f"{_START_RANKS[case]}:{day.isoformat() if day else ''}"


def folded(text: str) -> str:
    """A sort key that puts names in the order a reader of Latin-script languages expects
    whatever the machine's locale: accents and case ignored ("Ålborg" beside "Alborg",
    "école" beside "Ecole"), ties broken by the name as written, so the order is stable."""
    bare = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return bare.casefold()


def field_labels(listing: Listing) -> list[str]:
    return [f"{field_name(code)} ({code})" for code in listing.credential.fields_of_education]


def broad_fields(listing: Listing) -> list[str]:
    return sorted(
        {field_name(isced_broad_field(code)[0]) for code in listing.credential.fields_of_education}
    )


def status_label(listing: Listing) -> str:
    return _(STATUS_LABELS[listing.credential.status])


# credir's vocabularies whose values have an ELM concept: outside English a value reads as
# the concept's official label where the EU Vocabularies translate it into the page's
# language (English keeps the format's own wording: "On site", not ELM's "Presential").
_OFFICIAL_LABELS = {
    "participation.mode": ("modes", PARTICIPATION_MODE_TO_ELM),
    "assessment.methods": ("assessment-types", ASSESSMENT_METHOD_TO_ELM),
}


def label(vocabulary: str, value: str) -> str:
    """A value of one of credir's vocabularies as learners read it (KeyError if unknown):
    its official translation where there is one (_OFFICIAL_LABELS), else ours."""
    wording = LABELS[vocabulary][value]  # KeyError for an unknown value, in every language
    lang = i18n.current_language()
    if vocabulary in _OFFICIAL_LABELS and lang != ROOT_LANGUAGE:
        name, codes = _OFFICIAL_LABELS[vocabulary]
        code = codes[value]
        official = vocabulary_label(name, code, lang) if code is not None else None
        if official is not None and official.lang == lang:
            return official.text
    return _(wording)


def annex_i_missing(listing: Listing) -> list[str]:
    """The Annex I elements the listing leaves unsaid, by name."""
    return [_(ANNEX_I_ELEMENTS[name]) for name in listing.missing_annex_i]


TEXT_FIELDS = ("title", "summary", "description", "learning_outcomes")


def shown_text(listing: Listing) -> ListingText:
    """The listing's title, summary, description and outcomes as the page being rendered
    shows them: the provider's translation into the page's language where it gives one,
    the original otherwise."""
    return listing.text_in(i18n.current_language())


def title(listing: Listing) -> str:
    return shown_text(listing).title


def provider_name(provider: Provider) -> str:
    """A provider's name as the page being rendered shows it (its translation, if any)."""
    return provider_text_in(provider, i18n.current_language()).name


def field_language(listing: Listing, text: ListingText, field: str) -> str:
    """The language one field of ``text`` is in, as an HTML `lang` value (so a screen reader
    reads it in its voice, and search stems it as such)."""
    return text.language if field in text.translated else listing.text_language


def untranslated_note(listing: Listing, text: ListingText) -> str | None:
    """What a page says when some of the listing's text is not in the page's language: that
    it is the provider's own, and in which language; None when all of it is translated."""
    page = i18n.current_language()
    given = [field for field in TEXT_FIELDS if getattr(text, field)]
    other = [field for field in given if field_language(listing, text, field) != page]
    if not other:
        return None
    values = {"language": language_name(listing.text_language)}
    if len(other) == len(given):
        return _("Not translated: the provider describes this credential in %(language)s.") % values
    return (
        _("Partly translated: what has no translation is the provider's text in %(language)s.")
        % values
    )


def field_words(listing: Listing) -> list[str]:
    """Every ISCED-F name a listing's fields sit under (broad, narrow and detailed), so a
    learner's "health care" or "social work" finds it whichever level the provider chose."""
    codes = {
        code[:length]
        for code in listing.credential.fields_of_education
        for length in (2, 3, 4)
        if len(code) >= length
    }
    return [field_name(code) for code in sorted(codes)]


def recognition_labels(listing: Listing) -> list[str]:
    """What the credential is recognised for, in the vocabulary's words, each once."""
    types = {item.type for item in listing.credential.recognition or []}
    return [_(label) for value, label in RECOGNITION_TYPE_LABELS.items() if value in types]


def stackable_value(listing: Listing) -> list[str]:
    """Whether it counts towards another credential (a pathway is listed), or is only said
    to be stackable."""
    if listing.contributes_to:
        return [_(COUNTS_TOWARDS)]
    stackability = listing.credential.stackability
    return [_(STACKABLE_NO_PATHWAY)] if stackability and stackability.stackable else []


def pace_label(listing: Listing) -> list[str]:
    pace = listing.credential.participation.pace
    return [_(PACE_LABELS[pace])] if pace else []


def month_label(day: dt.date) -> str:
    """A month as a filter value says it ("March 2029"), whatever the machine's locale."""
    return i18n.format_month(day)


def starts_value(listing: Listing) -> list[str]:
    """When a learner can start: any time when self-paced, else the month of next_start."""
    credential = listing.credential
    if credential.participation.pace == "self-paced":
        return [_(STARTS_ANY_TIME)]
    return [month_label(credential.next_start)] if credential.next_start else []


def starts_order(listings: list[Listing]) -> list[str]:
    """The values of the `starts` filter, soonest first (their words do not sort so)."""
    months = sorted(
        {
            (c.next_start.year, c.next_start.month)
            for c in (item.credential for item in listings)
            if c.next_start and c.participation.pace != "self-paced"
        }
    )
    return [_(STARTS_ANY_TIME)] + [month_label(dt.date(year, month, 1)) for year, month in months]


# Values whose order is not alphabetical: the search page lists them in this order (in
# English here; value_order() says them in the language being rendered).
VALUE_ORDER = {
    "workload": [label for _limit, label in WORKLOAD_BUCKETS],
    "status": [STATUS_LABELS[status] for status in STATUSES],
    "recognition": list(RECOGNITION_TYPE_LABELS.values()),
    "stackable": [COUNTS_TOWARDS, STACKABLE_NO_PATHWAY],
    "pace": list(PACE_LABELS.values()),
}


def value_order() -> dict[str, list[str]]:
    """VALUE_ORDER as the filter values are said in the language being rendered."""
    return {name: [_(value) for value in values] for name, values in VALUE_ORDER.items()}


def facets(listing: Listing) -> dict[str, list[str]]:
    """Pagefind filter values for one listing, by filter name."""
    credential = listing.credential
    values = {
        "provider": [provider_name(listing.provider)],
        "country": sorted({country_name(code) for code in listing.countries}),
        "language": sorted({language_name(code) for code in credential.languages}),
        "mode": [label("participation.mode", credential.participation.mode)],
        "level": [level_label(listing)],
        "type": [_(CREDENTIAL_TYPE_LABELS[credential.type])],
        "pace": pace_label(listing),
        "starts": starts_value(listing),
        "cost": [] if listing.is_free is None else [_("Free") if listing.is_free else _("Paid")],
        "workload": [workload_bucket(listing.ects)],
        "field": broad_fields(listing),
        "recognition": recognition_labels(listing),
        "stackable": stackable_value(listing),
        "status": [status_label(listing)],
        "skill": sorted({skill.label for skill in credential.skills or []}),
    }
    return {name: values[name] for name in FILTERS}


def sort_keys(listing: Listing) -> dict[str, str]:
    """Every sort key on every page: Pagefind leaves a page out of a sort it lacks. The next
    start sorts as the card says it (start_sort_key)."""
    credential = listing.credential
    cost = credential.cost
    amount = cost.amount if cost is not None and cost.amount is not None else 10**9
    return {
        "title": title(listing).casefold(),
        "workload": f"{listing.ects:09.2f}",
        "cost": f"{amount:015.2f}",
        "next_start": start_sort_key(listing),
    }


def wording() -> dict[str, Any]:
    """What a page that shows a credential from its JSON export (the compare page) needs
    to say its values the way the fact sheets do, in the language being rendered: every
    label of every vocabulary, and the locale its dates and numbers are written in. Its size
    is fixed by the vocabularies, never by the directory."""
    from generator.format.models import country_codes, language_codes  # pydantic: only when asked

    return {
        "labels": {
            name: {value: label(name, value) for value in values} for name, values in LABELS.items()
        },
        "countries": {code: country_name(code) for code in country_codes()},
        "languages": {code: language_name(code) for code in language_codes()},
        "fields": {code: field_name(code) for code in isced_fields()},
        "hours_per_ects": HOURS_PER_ECTS,
        "start_words": {case: _(words) for case, words in START_WORDS.items()},
        "locale": str(i18n.babel_locale()).replace("_", "-"),
    }
