"""What learners read about a listing: labels, short facts, search filters and sort keys.

One place for every learner-facing wording of a value, so the fact sheet, the result
cards, the browse pages and the search filters always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from typing import Any

import pycountry

from generator.directory import HOURS_PER_ECTS, Listing
from generator.format.clock import today
from generator.format.vocabularies import (
    CREDENTIAL_TYPE_LABELS,
    LABELS,
    PACE_LABELS,
    PARTICIPATION_MODE_LABELS,
    RECOGNITION_TYPE_LABELS,
    STATUS_LABELS,
    STATUSES,
    isced_broad_field,
    isced_fields,
    isced_label,
)

# Search filters, in the order the search page shows them (names are part of the URL), with
# the name a learner reads: the search page gets both from here (generator.render.search).
FILTER_LABELS = {
    "provider": "Provider",
    "country": "Country",
    "language": "Language",
    "mode": "Participation",
    "pace": "Pace",
    "starts": "Starts",
    "level": "Level",
    "type": "Type",
    "cost": "Cost",
    "workload": "Workload",
    "field": "Field of education",
    "recognition": "Recognised for",
    "stackable": "Stackable",
    "status": "Status",
    "skill": "Skill",
}
FILTERS = tuple(FILTER_LABELS)
SORTS = ("title", "workload", "cost", "next_start")
WORKLOAD_BUCKETS = ((1, "under 1 ECTS"), (5, "1–5 ECTS"), (10, "5–10 ECTS"), (None, "10+ ECTS"))
STARTS_ANY_TIME = "Any time (self-paced)"
COUNTS_TOWARDS = "Counts towards another credential"
STACKABLE_NO_PATHWAY = "Stackable, no pathway listed"


@cache
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language is not None else code


def number(value: float) -> str:
    """5.0 -> "5", 2.5 -> "2.5", 1500 -> "1,500": how people write amounts."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def workload_text(listing: Listing) -> str:
    workload = listing.credential.workload
    parts = []
    if workload.ects is not None:
        parts.append(f"{number(workload.ects)} ECTS")
    if workload.hours is not None:
        parts.append(f"{number(workload.hours)} hours")
    return " · ".join(parts)


def ects_note(listing: Listing) -> str:
    """Says how the ECTS figure used for filtering was reached when none was given."""
    if not listing.ects_is_estimated:
        return ""
    return (
        f"about {number(listing.ects)} ECTS, estimated from "
        f"{number(listing.credential.workload.hours or 0)} hours at "
        f"{number(HOURS_PER_ECTS)} hours per ECTS"
    )


def workload_bucket(ects: float) -> str:
    for limit, label in WORKLOAD_BUCKETS:
        if limit is None or ects < limit:
            return label
    raise AssertionError("unreachable: the last bucket has no limit")


_DURATION_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day"}
_TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}


def duration_text(duration: str) -> str:
    """ "P10W" -> "10 weeks", "P1Y6M" -> "1 year 6 months", "PT20H" -> "20 hours"."""
    date_part, _, time_part = duration.removeprefix("P").partition("T")
    words = []
    for part, units in ((date_part, _DURATION_UNITS), (time_part, _TIME_UNITS)):
        amount = ""
        for char in part:
            if char.isdigit():
                amount += char
            else:
                words.append(f"{int(amount)} {units[char]}{'s' if int(amount) != 1 else ''}")
                amount = ""
    return " ".join(words)


def cost_text(listing: Listing) -> str:
    cost = listing.credential.cost
    if cost is None or cost.amount is None:
        return "Cost not stated"
    if cost.amount == 0:
        return "Free"
    return f"{number(cost.amount)} {cost.currency}"


def level_label(listing: Listing) -> str:
    level = listing.credential.level
    return f"EQF {level.eqf}" if level and level.eqf else "EQF not stated"


def level_short(listing: Listing) -> str:
    """The level on a card: the EQF level, else the national one, so a card never says
    "EQF not stated" about a credential that has a level."""
    level = listing.credential.level
    if level and level.eqf:
        return f"EQF {level.eqf}"
    if level and level.nqf:
        return level.nqf
    return "Level not stated"


def level_text(listing: Listing) -> str:
    """The level on a fact sheet: both frameworks, and that EQF is not stated said once."""
    level = listing.credential.level
    eqf = f"EQF level {level.eqf}" if level and level.eqf else None
    nqf = level.nqf if level and level.nqf else None
    if eqf and nqf:
        return f"{eqf} · {nqf}"
    if nqf:
        return f"{nqf} · EQF level not stated"
    return eqf or "Not stated"


def date_text(day: dt.date) -> str:
    """A day as learners read it, in English whatever the machine's locale."""
    return f"{day.day} {month_label(day)}"


# How a credential's start is said, case by case, in the order "Sort by next start" puts
# them. The compare page says it from a credential's JSON with these same words (wording()).
START_WORDS = {
    "any_time": "Starts any time",
    "on": "Starts {date}",
    "past": "Last start {date}: ask the provider",
    "not_stated": "Start date not stated",
    "suspended": "Not offered for now",
    "ceased": "No longer offered",
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
    return START_WORDS[case].format(date=date_text(day) if day else "")


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
    return [f"{isced_label(code)} ({code})" for code in listing.credential.fields_of_education]


def broad_fields(listing: Listing) -> list[str]:
    return sorted({isced_broad_field(code)[1] for code in listing.credential.fields_of_education})


def status_label(listing: Listing) -> str:
    return STATUS_LABELS[listing.credential.status]


def text_language(listing: Listing) -> str:
    """The language the provider's texts are in, as an HTML `lang` value (so a screen reader
    reads them in its voice): the first language of instruction, in which a credential
    taught in several is described."""
    return listing.credential.languages[0]


def field_words(listing: Listing) -> list[str]:
    """Every ISCED-F name a listing's fields sit under (broad, narrow and detailed), so a
    learner's "health care" or "social work" finds it whichever level the provider chose."""
    codes = {
        code[:length]
        for code in listing.credential.fields_of_education
        for length in (2, 3, 4)
        if len(code) >= length
    }
    return [isced_label(code) for code in sorted(codes)]


def recognition_labels(listing: Listing) -> list[str]:
    """What the credential is recognised for, in the vocabulary's words, each once."""
    types = {item.type for item in listing.credential.recognition or []}
    return [label for value, label in RECOGNITION_TYPE_LABELS.items() if value in types]


def stackable_value(listing: Listing) -> list[str]:
    """Whether it counts towards another credential (a pathway is listed), or is only said
    to be stackable."""
    if listing.contributes_to:
        return [COUNTS_TOWARDS]
    stackability = listing.credential.stackability
    return [STACKABLE_NO_PATHWAY] if stackability and stackability.stackable else []


def pace_label(listing: Listing) -> list[str]:
    pace = listing.credential.participation.pace
    return [PACE_LABELS[pace]] if pace else []


# English month names whatever the machine's locale (strftime's %B follows it).
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def starts_value(listing: Listing) -> list[str]:
    """When a learner can start: any time when self-paced, else the month of next_start."""
    credential = listing.credential
    if credential.participation.pace == "self-paced":
        return [STARTS_ANY_TIME]
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
    return [STARTS_ANY_TIME] + [month_label(dt.date(year, month, 1)) for year, month in months]


# Values whose order is not alphabetical: the search page lists them in this order.
VALUE_ORDER = {
    "workload": [label for _, label in WORKLOAD_BUCKETS],
    "status": [STATUS_LABELS[status] for status in STATUSES],
    "recognition": list(RECOGNITION_TYPE_LABELS.values()),
    "stackable": [COUNTS_TOWARDS, STACKABLE_NO_PATHWAY],
    "pace": list(PACE_LABELS.values()),
}


def facets(listing: Listing) -> dict[str, list[str]]:
    """Pagefind filter values for one listing, by filter name."""
    credential = listing.credential
    values = {
        "provider": [listing.provider.name],
        "country": sorted({country_name(code) for code in listing.countries}),
        "language": sorted({language_name(code) for code in credential.languages}),
        "mode": [PARTICIPATION_MODE_LABELS[credential.participation.mode]],
        "level": [level_label(listing)],
        "type": [CREDENTIAL_TYPE_LABELS[credential.type]],
        "pace": pace_label(listing),
        "starts": starts_value(listing),
        "cost": [] if listing.is_free is None else ["Free" if listing.is_free else "Paid"],
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
        "title": credential.title.casefold(),
        "workload": f"{listing.ects:09.2f}",
        "cost": f"{amount:015.2f}",
        "next_start": start_sort_key(listing),
    }


def wording() -> dict[str, Any]:
    """What a page that shows a credential from its JSON export (the compare page) needs
    to say its values the way the fact sheets do: every label of every vocabulary. Its
    size is fixed by the vocabularies, never by the directory."""
    from generator.format.models import country_codes, language_codes  # pydantic: only when asked

    return {
        "labels": {name: dict(values) for name, values in LABELS.items()},
        "countries": {code: country_name(code) for code in country_codes()},
        "languages": {code: language_name(code) for code in language_codes()},
        "fields": dict(isced_fields()),
        "hours_per_ects": HOURS_PER_ECTS,
        "start_words": START_WORDS,
    }
