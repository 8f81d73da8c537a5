"""Open Badges 3.0: each credential as an `Achievement`, what wallets and badge platforms read.

An Achievement describes what is recognised, not one learner's award, so it is the part of
OB 3.0 a directory entry maps to; a badge platform copies it into the AchievementCredentials
it issues. Checked against `$defs/Achievement` of the official JSON Schema in the tests.

OB 3.0 has no language maps: `name`, `description` and the criteria are plain strings. They
carry the file's original text, and `inLanguage` (schema.org's, which the official context
defines on Achievement) names its language, the listing's `text_language`, not a language
of instruction. Translations are in the other formats (credir JSON, ELM, CTDL).
"""

from __future__ import annotations

from typing import Any

from generator.directory import Listing
from generator.format.vocabularies import eqf_label, eqf_uri, isced_label, isced_uri
from generator.urls import absolute, export_path, provider_url

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]

# credir type -> OB 3.0 achievementType (one each, so the import can map back).
ACHIEVEMENT_TYPES: dict[str, str] = {
    "micro-credential": "MicroCredential",
    "digital-badge": "Badge",
    "certificate": "Certificate",
    "short-course": "Course",
    "professional-certification": "Certification",
    "license": "License",
    "other": "Achievement",
}

# Alignment framework names; the import recognises alignments by these and by their URLs.
ESCO_FRAMEWORK = "ESCO"
ISCED_FRAMEWORK = "ISCED-F 2013"
EQF_FRAMEWORK = "European Qualifications Framework"
ESCO_SKILL_TYPE = "ext:ESCOSkill"
ESCO_OCCUPATION_TYPE = "ext:ESCOOccupation"
# The directory key travels as an IdentifierEntry, so an import finds the same id again.
KEY_IDENTIFIER_TYPE = "systemId"

CRITERIA_INTRO = "Holders of this credential can:"


def criteria_narrative(outcomes: list[str]) -> str:
    """The learning outcomes as a Markdown list: OB 3.0 criteria say what earning it means."""
    return CRITERIA_INTRO + "\n\n" + "\n".join(f"- {outcome}" for outcome in outcomes)


def achievement(listing: Listing, site_url: str) -> dict[str, Any]:
    c = listing.credential
    provider = listing.provider
    creator: dict[str, Any] = {
        "id": absolute(site_url, provider_url(provider.id)),
        "type": ["Profile"],
        "name": provider.name,
        "url": provider.url,
        "address": {"type": ["Address"], "addressCountryCode": provider.country},
    }
    if provider.description:
        creator["description"] = provider.description.strip()
    if provider.contact and "@" in provider.contact and "://" not in provider.contact:
        creator["email"] = provider.contact
    alignment: list[dict[str, Any]] = []
    for code in c.fields_of_education:
        alignment.append(
            {
                "type": ["Alignment"],
                "targetName": isced_label(code),
                "targetUrl": isced_uri(code),
                "targetCode": code,
                "targetFramework": ISCED_FRAMEWORK,
            }
        )
    if c.level and c.level.eqf is not None:
        alignment.append(
            {
                "type": ["Alignment"],
                "targetName": f"EQF {eqf_label(c.level.eqf)}",
                "targetUrl": eqf_uri(c.level.eqf),
                "targetCode": str(c.level.eqf),
                "targetFramework": EQF_FRAMEWORK,
            }
        )
    for skill in c.skills or []:
        if skill.esco:
            alignment.append(
                {
                    "type": ["Alignment"],
                    "targetName": skill.label,
                    "targetUrl": skill.esco,
                    "targetFramework": ESCO_FRAMEWORK,
                    "targetType": ESCO_SKILL_TYPE,
                }
            )
    for occupation in c.occupations or []:
        if occupation.esco:
            alignment.append(
                {
                    "type": ["Alignment"],
                    "targetName": occupation.label,
                    "targetUrl": occupation.esco,
                    "targetFramework": ESCO_FRAMEWORK,
                    "targetType": ESCO_OCCUPATION_TYPE,
                }
            )
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": absolute(site_url, export_path(listing.key, "ob3")),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[c.type],
        "name": c.title,
        "description": c.summary,
        "criteria": {"id": c.url, "narrative": criteria_narrative(list(c.learning_outcomes))},
        "fieldOfStudy": "; ".join(isced_label(code) for code in c.fields_of_education),
        "inLanguage": listing.text_language,  # of the text above (OB3 has one)
        "creator": creator,
        "otherIdentifier": [
            {
                "type": "IdentifierEntry",
                "identifier": listing.key,
                "identifierType": KEY_IDENTIFIER_TYPE,
            }
        ],
    }
    if c.workload.ects is not None:
        # creditsAvailable is a bare number; ECTS is the unit the EU format asks for.
        data["creditsAvailable"] = c.workload.ects
    if alignment:
        data["alignment"] = alignment
    if c.keywords:
        data["tag"] = list(c.keywords)
    return data
