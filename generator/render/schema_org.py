"""schema.org `Course` JSON-LD for each credential page, the format search engines read.

One text per language, as each language's fact sheet shows it (issue #22): `course(listing,
lang)` gives the translation in ``lang`` where the file has one, else the original, and
`inLanguage` says which; the languages of instruction are the `CourseInstance`'s. The
versions link each other: the original lists its translations (`workTranslation`), a
translation names its original (`translationOfWork`), each with the address of its fact
sheet (generator.urls.localised_url) where the site has pages in that language.

Built from the listing alone, so the page works under any base path: the links into the
site are relative to the fact sheet in ``lang`` (JSON-LD in a page resolves them against
its address), or absolute under ``site_url`` when one is given; every other URL in it is
absolute already (the provider's pages, ESCO).

It lives in the render stage, not with the open-data files of generator.export, because it
is part of a page (a <script> in the fact sheet) and no file of its own: so the pages need
nothing from the exports, the exports nothing from the pages, and both take their paths
from generator.urls below them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from generator.directory import HOURS_PER_ECTS, Listing
from generator.format.vocabularies import (
    CREDENTIAL_TYPE_LABELS,
    PARTICIPATION_MODE_LABELS,
    eqf_label,
    eqf_uri,
    isced_label,
    isced_uri,
)
from generator.urls import (
    INTERFACE_LANGUAGES,
    ROOT_LANGUAGE,
    absolute,
    credential_url,
    localised_url,
)

# courseMode takes text; Google's course guidelines name these words for the three modes.
COURSE_MODES = {"online": "online", "onsite": "onsite", "blended": "blended"}


def time_required(listing: Listing) -> str:
    """Notional workload as an ISO 8601 duration in hours; estimated from ECTS when only
    ECTS is given (HOURS_PER_ECTS), because timeRequired is about effort, not calendar time."""
    hours = listing.credential.workload.hours
    if hours is None:
        hours = listing.ects * HOURS_PER_ECTS
    return f"PT{_number(hours)}H"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


def fact_sheet(listing: Listing, lang: str) -> str | None:
    """The site path of ``listing``'s fact sheet in interface language ``lang``; None for a
    language the site has no pages in."""
    if lang not in INTERFACE_LANGUAGES:
        return None
    return localised_url(credential_url(listing.key), lang)


def _linker(listing: Listing, lang: str, site_url: str | None) -> Callable[[str], str | None]:
    """The addresses of ``listing``'s fact sheets as its JSON-LD in ``lang`` gives them:
    absolute under ``site_url``, else relative to the page the JSON-LD is on (the fact
    sheet in ``lang``; the English one for a language the site has no pages in)."""
    page = credential_url(listing.key)
    here = localised_url(page, lang if lang in INTERFACE_LANGUAGES else ROOT_LANGUAGE)

    def link(language: str) -> str | None:
        target = fact_sheet(listing, language)
        if target is None:
            return None
        if site_url is not None:
            return absolute(site_url, target)
        return posixpath.relpath(target, here) + "/"

    return link


def _version(listing: Listing, lang: str, link: Callable[[str], str | None]) -> dict[str, Any]:
    """The Course in another language, as a link: its title, language and address."""
    node: dict[str, Any] = {
        "@type": "Course",
        "name": listing.text_in(lang).title,
        "inLanguage": lang,
    }
    address = link(lang)
    if address:
        node["@id"] = node["url"] = address
    return node


def course(
    listing: Listing, lang: str | None = None, site_url: str | None = None
) -> dict[str, Any]:
    """The Course with the properties search engines use for course listings, in ``lang``
    (default: the language of the file's text): the translation when the file has one,
    else the original text (a field the translation leaves out is the original's, as on
    the page). ``site_url`` makes the links to the other languages absolute."""
    c = listing.credential
    lang = lang or listing.text_language
    text = listing.text_in(lang)
    provider = listing.provider
    mode = COURSE_MODES.get(c.participation.mode, PARTICIPATION_MODE_LABELS[c.participation.mode])
    organisation = {
        "@type": "EducationalOrganization"
        if provider.type in ("higher-education", "vocational", "school")
        else "Organization",
        "name": text.provider_name,
        "url": provider.url,
        "address": {"@type": "PostalAddress", "addressCountry": provider.country},
    }
    credential: dict[str, Any] = {
        "@type": "EducationalOccupationalCredential",
        "name": text.title,
        "credentialCategory": CREDENTIAL_TYPE_LABELS[c.type],
        "url": c.url,
    }
    if c.quality_assurance.bodies:
        credential["recognizedBy"] = [
            {"@type": "Organization", "name": body} for body in c.quality_assurance.bodies
        ]
    teaches: list[Any] = list(text.learning_outcomes)
    for skill in c.skills or []:
        term: dict[str, Any] = {"@type": "DefinedTerm", "name": skill.label}
        if skill.esco:
            term["url"] = skill.esco
            term["inDefinedTermSet"] = "http://data.europa.eu/esco/concept-scheme/skills"
        teaches.append(term)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": text.title,
        "description": text.summary,
        "url": c.url,
        "identifier": listing.key,
        "provider": organisation,
        "educationalCredentialAwarded": credential,
        "inLanguage": text.language,
        "courseMode": mode,
        "timeRequired": time_required(listing),
        "teaches": teaches,
        "numberOfCredits": {
            "@type": "StructuredValue",
            "value": _number(listing.ects),
            "unitText": "ECTS",
        },
        "about": [
            {
                "@type": "DefinedTerm",
                "name": isced_label(code),
                "termCode": code,
                "url": isced_uri(code),
            }
            for code in c.fields_of_education
        ],
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": mode,
            "inLanguage": list(c.languages),  # taught and assessed in
            "courseWorkload": time_required(listing),
        },
    }
    if c.next_start:
        data["hasCourseInstance"]["startDate"] = c.next_start.isoformat()
    if c.participation.location:
        data["hasCourseInstance"]["location"] = c.participation.location
    level = c.level
    if level and level.eqf is not None:
        data["educationalLevel"] = {
            "@type": "DefinedTerm",
            "name": f"EQF {eqf_label(level.eqf)}",
            "url": eqf_uri(level.eqf),
        }
    elif level and level.nqf:
        data["educationalLevel"] = level.nqf
    if c.cost and c.cost.amount is not None:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": _number(c.cost.amount),
            "category": "Free" if c.cost.amount == 0 else "Paid",
            "url": c.url,
        }
        if c.cost.currency:
            offer["priceCurrency"] = c.cost.currency
        data["offers"] = [offer]
    if c.prerequisites:
        data["coursePrerequisites"] = c.prerequisites
    if c.keywords:
        data["keywords"] = ", ".join(c.keywords)
    if c.duration:
        data["hasCourseInstance"]["duration"] = c.duration
    link = _linker(listing, lang, site_url)
    if text.language == listing.text_language:
        translations = [_version(listing, other, link) for other in listing.text_languages[1:]]
        if translations:
            data["workTranslation"] = translations
    else:
        data["translationOfWork"] = _version(listing, listing.text_language, link)
    return data
