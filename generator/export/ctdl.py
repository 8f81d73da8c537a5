"""CTDL (Credential Engine): each credential as a CTDL credential for the Credential Registry.

The document has the Registry's own shape (`@graph` of the credential and its owning
organisation, language maps, CredentialAlignmentObjects for concepts, compact `ceterms:`
names under the official context URL), with what the Registry requires of a credential:
a CTID, name, description, subject webpage, owning/offering organisation, status and
language, plus duration, cost, delivery, audience level, credit and stackability.

Text the provider translated (the credential's name, description and learning outcomes,
the provider's name and description) is one language map per property (`@container:
@language` in the official context), keyed by ISO 639-1 code: the original first, then
every translation (generator.export.language_maps). `ceterms:inLanguage` stays the languages
of instruction; the provider's other words are in the listing's `text_language`.

Every property sits on a class in its `schema:domainIncludes` of the official schema
(standards/ctdl/ctdl-schema.json; the tests check each one). Credit values and the life
cycle are not properties of a credential in CTDL: they go on what earning it requires, the
"Learning outcomes" condition, and on the learning opportunity that condition targets.
"""

from __future__ import annotations

import uuid
from typing import Any

import pycountry

from generator.directory import Directory, Listing
from generator.export.language_maps import listing_map, outcome_maps, provider_map
from generator.export.values import plain_number, xsd_duration
from generator.format.vocabularies import (
    PACE_LABELS,
    PARTICIPATION_MODE_LABELS,
    isced_label,
    isced_uri,
)
from generator.urls import absolute, export_path, provider_url

CONTEXT = "https://credreg.net/ctdl/schema/context/json"

# CTIDs are `ce-` + a UUID. credir derives them as UUIDv5 of the directory key in this
# namespace, so a credential keeps its CTID across builds and site moves. Never change it.
CTID_NAMESPACE = uuid.UUID("acc2fa19-8a1e-4462-b656-d22ce11e88b3")

# credir type -> CTDL credential class (one each, so the import can map back).
CREDENTIAL_CLASSES: dict[str, str] = {
    "micro-credential": "ceterms:MicroCredential",
    "digital-badge": "ceterms:DigitalBadge",
    "certificate": "ceterms:Certificate",
    "short-course": "ceterms:CertificateOfCompletion",
    "professional-certification": "ceterms:Certification",
    "license": "ceterms:License",
    "other": "ceterms:Credential",
}

# status -> (CredentialStatus concept, LifeCycleStatus concept). CredentialStatus has no
# "not yet offered"; an upcoming credential is Active there and Developing in its life cycle.
STATUSES: dict[str, tuple[str, str]] = {
    "active": ("Active", "Active"),
    "upcoming": ("Active", "Developing"),
    "suspended": ("Suspended", "Suspended"),
    "ceased": ("Deprecated", "Ceased"),
}

# participation.mode / supervision -> CTDL Delivery concept. Work-based learning happens in
# person; the delivery description keeps the credir word so the import can tell.
DELIVERY: dict[str, tuple[str, str]] = {
    "online": ("OnlineOnly", "Online Only"),
    "onsite": ("InPerson", "In Person Only"),
    "blended": ("BlendedDelivery", "Blended Delivery"),
    "work-based": ("InPerson", "In Person Only"),
}
ASSESSMENT_DELIVERY: dict[str, str] = {
    "supervised-id-check-online": "online",
    "supervised-id-check-onsite": "onsite",
}

# EQF level -> CTDL AudienceLevel concept (the nearest; CTDL has no EQF property).
AUDIENCE_LEVELS: dict[int, tuple[str, str]] = {
    1: ("BeginnerLevel", "Beginner Level"),
    2: ("BeginnerLevel", "Beginner Level"),
    3: ("SecondaryLevel", "Secondary School or Equivalent"),
    4: ("SecondaryLevel", "Secondary School or Equivalent"),
    5: ("AssociatesDegreeLevel", "Associates Degree Level"),
    6: ("BachelorsDegreeLevel", "Bachelors Degree Level"),
    7: ("MastersDegreeLevel", "Masters Degree Level"),
    8: ("DoctoralDegreeLevel", "Doctoral Degree Level"),
}

ESCO_SKILLS = "http://data.europa.eu/esco/concept-scheme/skills"
ESCO_OCCUPATIONS = "http://data.europa.eu/esco/concept-scheme/occupations"
ISCED_SCHEME = "http://data.europa.eu/snb/isced-f/25831c2"

# The directory key travels as an IdentifierValue, so an import finds the same id again.
KEY_IDENTIFIER = "credir directory key"
# Names of the condition profiles and credit units, which the import reads back.
OUTCOMES_CONDITION = "Learning outcomes"
PREREQUISITES_CONDITION = "Prerequisites"
ECTS_UNIT = "ECTS credits"
HOURS_UNIT = "Notional learning hours"
# The nearest CreditUnit concepts: ECTS credits count towards degrees; notional hours are a
# measure of time ("figuratively or literally", as the concept says).
# (creditUnitType's range is a skos:Concept, so the concept itself, not an alignment.)
CREDIT_UNITS: dict[str, str] = {ECTS_UNIT: "DegreeCredit", HOURS_UNIT: "TimeBasedCredit"}


def ctid(key: str) -> str:
    """The stable CTID of a directory key (a credential key, or `provider/<id>`)."""
    return f"ce-{uuid.uuid5(CTID_NAMESPACE, key)}"


def alignment(
    framework: str, framework_name: str, node: str, node_name: str, lang: str = "en"
) -> dict[str, Any]:
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": framework,
        "ceterms:frameworkName": {"en": framework_name},
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": {lang: node_name},
    }


def _ctdl_concept(scheme: str, scheme_name: str, prefix: str, code: str, label: str) -> dict:
    return alignment(
        f"https://credreg.net/ctdl/terms/{scheme}", scheme_name, f"{prefix}:{code}", label
    )


def organization(listing: Listing, site_url: str) -> dict[str, Any]:
    provider = listing.provider
    country = pycountry.countries.get(alpha_2=provider.country)
    org: dict[str, Any] = {
        "@id": absolute(site_url, provider_url(provider.id)),
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": ctid(f"provider/{provider.id}"),
        "ceterms:name": provider_map(listing, "name"),
        "ceterms:subjectWebpage": provider.url,
        "ceterms:address": [
            {"@type": "ceterms:Place", "ceterms:addressCountry": {"en": country.name}}
        ],
    }
    if provider.description:
        org["ceterms:description"] = provider_map(listing, "description")
    if provider.contact and "://" not in provider.contact:
        org["ceterms:email"] = [provider.contact]
    return org


def credential(listing: Listing, directory: Directory, site_url: str) -> dict[str, Any]:
    c = listing.credential
    lang = listing.text_language  # of the provider's words no translation gives
    org_id = absolute(site_url, provider_url(listing.provider.id))
    credential_status, _ = STATUSES[c.status]
    node: dict[str, Any] = {
        "@id": absolute(site_url, export_path(listing.key, "ctdl")),
        "@type": CREDENTIAL_CLASSES[c.type],
        "ceterms:ctid": ctid(listing.key),
        "ceterms:identifier": [
            {
                "@type": "ceterms:IdentifierValue",
                "ceterms:identifierTypeName": {"en": KEY_IDENTIFIER},
                "ceterms:identifierValueCode": listing.key,
            }
        ],
        "ceterms:name": listing_map(listing, "title"),
        "ceterms:description": descriptions(listing),
        "ceterms:subjectWebpage": c.url,
        "ceterms:ownedBy": [org_id],
        "ceterms:offeredBy": [org_id],
        "ceterms:credentialStatusType": _ctdl_concept(
            "CredentialStatus",
            "Credential Status",
            "credentialStat",
            credential_status,
            credential_status,
        ),
        "ceterms:inLanguage": list(c.languages),
        "ceterms:learningDeliveryType": [delivery(c.participation.mode)],
        "ceterms:learningDeliveryDescription": {"en": delivery_description(listing)},
        "ceterms:instructionalProgramType": [
            {
                **alignment(ISCED_SCHEME, "ISCED-F 2013", isced_uri(code), isced_label(code)),
                "ceterms:codedNotation": code,
            }
            for code in c.fields_of_education
        ],
        "ceterms:requires": conditions(listing, org_id, lang),
    }
    assessed = ASSESSMENT_DELIVERY.get(c.assessment.supervision or "", c.participation.mode)
    if c.assessment.methods != ["none"]:
        node["ceterms:assessmentDeliveryType"] = [delivery(assessed)]
    if c.level and c.level.eqf is not None:
        code, label = AUDIENCE_LEVELS[c.level.eqf]
        node["ceterms:audienceLevelType"] = [
            _ctdl_concept("AudienceLevel", "Audience Level", "audLevel", code, label)
        ]
    if c.duration:
        node["ceterms:estimatedDuration"] = [
            {"@type": "ceterms:DurationProfile", "ceterms:exactDuration": xsd_duration(c.duration)}
        ]
    if c.cost and c.cost.amount is not None:
        cost: dict[str, Any] = {
            "@type": "ceterms:CostProfile",
            "ceterms:name": {"en": "Cost"},
            "ceterms:price": plain_number(c.cost.amount),
            "ceterms:directCostType": _ctdl_concept(
                "CostType", "Cost Type", "costType", "AggregateCost", "Aggregate Cost"
            ),
        }
        if c.cost.currency:
            cost["ceterms:currency"] = c.cost.currency
        node["ceterms:estimatedCost"] = [cost]
    if c.cost and c.cost.funding:
        node["ceterms:financialAssistance"] = [
            {"@type": "ceterms:FinancialAssistanceProfile", "ceterms:name": {lang: item}}
            for item in c.cost.funding
        ]
    if c.occupations:
        node["ceterms:occupationType"] = [
            occupation_alignment(item.label, item.esco, lang) for item in c.occupations
        ]
    if c.keywords:
        node["ceterms:keyword"] = {lang: list(c.keywords)}
    # Only links the target's provider confirmed: isPartOf is the inverse of its hasPart.
    part_of = [
        absolute(site_url, export_path(key, "ctdl")) for key in directory.counts_towards(listing)
    ]
    if part_of:
        node["ceterms:isPartOf"] = part_of
    parts = [
        absolute(site_url, export_path(item.key, "ctdl"))
        for item in directory.contributors_to(listing.key)
    ]
    if parts:
        node["ceterms:hasPart"] = parts
    return node


def descriptions(listing: Listing) -> dict[str, str]:
    """The summary, then the description, in every language: CTDL has one description.
    A translation gives the parts it translates (its summary alone when the original's
    description is not translated), never the original's words under its language."""
    summaries = listing_map(listing, "summary")
    details = listing_map(listing, "description")
    found = {}
    for language in listing.text_languages:
        parts = [text for text in (summaries.get(language), details.get(language)) if text]
        if parts:
            found[language] = "\n\n".join(parts)
    return found


def delivery(mode: str) -> dict[str, Any]:
    code, label = DELIVERY[mode]
    return _ctdl_concept("Delivery", "Delivery Type", "deliveryType", code, label)


def delivery_description(listing: Listing) -> str:
    """The credir words for how learners take part (CTDL's concepts are coarser)."""
    p = listing.credential.participation
    words = PARTICIPATION_MODE_LABELS[p.mode]
    if p.pace:
        words += f", {PACE_LABELS[p.pace].lower()}"
    if p.location:
        words += f"; {p.location}"
    return words


def occupation_alignment(label: str, esco: str | None, lang: str) -> dict[str, Any]:
    if esco:
        return alignment(ESCO_OCCUPATIONS, "ESCO", esco, label, lang)
    return {"@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNodeName": {lang: label}}


def credit_values(listing: Listing) -> list[dict[str, Any]]:
    """ECTS and notional hours, each named exactly (`schema:description`) beside the nearest
    CreditUnit concept."""
    workload = listing.credential.workload
    given = [(ECTS_UNIT, workload.ects), (HOURS_UNIT, workload.hours)]
    return [
        {
            "@type": "ceterms:ValueProfile",
            "schema:value": plain_number(amount),
            "schema:description": {"en": unit},
            "ceterms:creditUnitType": [f"creditUnit:{CREDIT_UNITS[unit]}"],
        }
        for unit, amount in given
        if amount is not None
    ]


def offering(listing: Listing) -> dict[str, Any]:
    """The listing as the learning opportunity that leads to the credential, with its life
    cycle (an upcoming credential is Developing), which CTDL gives learning opportunities."""
    c = listing.credential
    _, life_cycle = STATUSES[c.status]
    return {
        "@type": "ceterms:LearningOpportunityProfile",
        "ceterms:name": listing_map(listing, "title"),
        "ceterms:subjectWebpage": c.url,
        "ceterms:lifeCycleStatusType": _ctdl_concept(
            "LifeCycleStatus", "Life Cycle Status", "lifeCycle", life_cycle, life_cycle
        ),
    }


def conditions(listing: Listing, org_id: str, lang: str) -> list[dict[str, Any]]:
    """What earning it takes: the learning outcomes (with ESCO skills) and prerequisites."""
    c = listing.credential
    competencies: list[dict[str, Any]] = [
        {"@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNodeName": names}
        for names in outcome_maps(listing)
    ]
    competencies += [
        alignment(ESCO_SKILLS, "ESCO", skill.esco, skill.label, lang)
        for skill in c.skills or []
        if skill.esco
    ]
    outcomes: dict[str, Any] = {
        "@type": "ceterms:ConditionProfile",
        "ceterms:name": {"en": OUTCOMES_CONDITION},
        "ceterms:assertedBy": [org_id],
        "ceterms:targetCompetency": competencies,
        "ceterms:targetLearningOpportunity": [offering(listing)],
    }
    credits = credit_values(listing)
    if credits:
        outcomes["ceterms:creditValue"] = credits
    found = [outcomes]
    if c.prerequisites:
        found.append(
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:name": {"en": PREREQUISITES_CONDITION},
                "ceterms:assertedBy": [org_id],
                "ceterms:description": {lang: c.prerequisites},
            }
        )
    return found


def document(listing: Listing, directory: Directory, site_url: str) -> dict[str, Any]:
    """The CTDL document: the credential first, then the organisation that owns it."""
    return {
        "@context": CONTEXT,
        "@graph": [credential(listing, directory, site_url), organization(listing, site_url)],
    }
