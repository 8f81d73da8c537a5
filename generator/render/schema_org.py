"""schema.org `Course` JSON-LD for each credential page, the format search engines read.

Built from the listing alone (no site URL), so the page works under any base path: every
URL in it is absolute already (the provider's pages, ESCO) and nothing points into the site.

It lives in the render stage, not with the open-data files of generator.export, because it
is part of a page (a <script> in the fact sheet) and no file of its own: so the pages need
nothing from the exports, the exports nothing from the pages, and both take their paths
from generator.urls below them.
"""

from __future__ import annotations

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


def course(listing: Listing) -> dict[str, Any]:
    """The Course with the properties search engines use for course listings."""
    c = listing.credential
    provider = listing.provider
    mode = COURSE_MODES.get(c.participation.mode, PARTICIPATION_MODE_LABELS[c.participation.mode])
    organisation = {
        "@type": "EducationalOrganization"
        if provider.type in ("higher-education", "vocational", "school")
        else "Organization",
        "name": provider.name,
        "url": provider.url,
        "address": {"@type": "PostalAddress", "addressCountry": provider.country},
    }
    credential: dict[str, Any] = {
        "@type": "EducationalOccupationalCredential",
        "name": c.title,
        "credentialCategory": CREDENTIAL_TYPE_LABELS[c.type],
        "url": c.url,
    }
    if c.quality_assurance.bodies:
        credential["recognizedBy"] = [
            {"@type": "Organization", "name": body} for body in c.quality_assurance.bodies
        ]
    teaches: list[Any] = list(c.learning_outcomes)
    for skill in c.skills or []:
        term: dict[str, Any] = {"@type": "DefinedTerm", "name": skill.label}
        if skill.esco:
            term["url"] = skill.esco
            term["inDefinedTermSet"] = "http://data.europa.eu/esco/concept-scheme/skills"
        teaches.append(term)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": c.title,
        "description": c.summary,
        "url": c.url,
        "identifier": listing.key,
        "provider": organisation,
        "educationalCredentialAwarded": credential,
        "inLanguage": list(c.languages),
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
    return data
