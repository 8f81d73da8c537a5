"""European Learning Model v3: each credential as a `LearningOpportunity` with its
`LearningAchievementSpecification`, what Europass and EU systems read.

The EU Annex I elements are placed as the Commission's own sample micro-credential
(Sample-MC-Annex1-unsigned.jsonld) places them, within the LOQ application profile
(LOQ-constraints.ttl), whose SHACL shapes every export must pass:

* title, learning outcomes (with ESCO skills), ISCED-F fields, EQF level (educationLevel),
  ECTS (creditPoint), notional hours (volumeOfLearning), mode, languages, entry requirements
  and the assessment (provenBy) are ELM properties with the official vocabulary URIs;
* the awarding body and the country of the issuer are the awarding opportunity's
  Organisations and their addresses;
* text the provider translated (title, summary, description, learning outcomes; its own name
  and description) is one language map per property, the original first, then every
  translation (generator.export.language_maps); the rest of the provider's words are in the
  listing's `text_language`, and `language` stays the languages of instruction;
* elements ELM keeps for an awarded credential or has no property for in the profile (type of
  quality assurance, supervision and identity verification, national level, stackability
  notes, further information) are `additionalNote`s whose `subject` is a Concept labelled
  with the Annex I element, so both people and the import can find them.

Shapes are closed, so nothing outside the profile is added; every node that a shape checks
with `sh:class` carries its type. Identifiers the format has no field for are derived from
the directory key and the site URL: `<export URL>#opportunity`, `#specification`, ...
"""

from __future__ import annotations

from typing import Any

from generator.directory import Directory, Listing
from generator.export.language_maps import (
    listing_map,
    outcome_maps,
    provider_language,
    provider_map,
)
from generator.export.values import (
    country_alpha3,
    hours_duration,
    language_alpha3,
    plain_number,
    xsd_duration,
)
from generator.format.vocabularies import (
    ASSESSMENT_METHOD_LABELS,
    ASSESSMENT_METHOD_TO_ELM,
    PACE_LABELS,
    PARTICIPATION_MODE_TO_ELM,
    QA_TYPE_LABELS,
    SUPERVISION_LEVEL_LABELS,
    elm_assessment_types,
    elm_learning_opportunity_types,
    elm_modes,
    eqf_label,
    eqf_uri,
    isced_label,
    isced_uri,
)
from generator.urls import absolute, credential_url, export_path, provider_url

CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"

# EU Publications Office authority tables, as the Commission's sample names them.
COUNTRY_TABLE = "http://publications.europa.eu/resource/authority/country"
LANGUAGE_TABLE = "http://publications.europa.eu/resource/authority/language"
CURRENCY_TABLE = "http://publications.europa.eu/resource/authority/currency"
# The ECTS concept of the Europass education-credit vocabulary, as in the sample (this one
# concept is all credir needs of that vocabulary, so it is not in generator.format.vocabularies).
ECTS_FRAMEWORK = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
ECTS_LABEL = "European Credit Transfer System"
# Europass concept schemes are the vocabulary's folder plus this id, as in the sample.
EUROPASS_SCHEME_ID = "25831c2"

# The scheme name of the identifier that carries the directory key (and the provider id).
KEY_SCHEME = "credir directory key"
PROVIDER_SCHEME = "credir provider id"

# credir type -> Europass learning-opportunity type code; types that are no kind of learning
# programme (a licence, a certification exam) get none rather than a wrong one.
LEARNING_OPPORTUNITY_TYPES: dict[str, str] = {
    "micro-credential": "74a4a268e8",  # Short learning programme
    "certificate": "74a4a268e8",  # Short learning programme
    "short-course": "05053c1cbe",  # Course
    "digital-badge": "05053c1cbe",  # Course
}

# Subjects of the notes that carry Annex I elements without an ELM property (English labels:
# they name the element, the note's text is in the credential's language where it is the
# provider's own words).
NOTE_NQF = "National qualifications framework level"
NOTE_QA_TYPE = "Type of quality assurance"
NOTE_QA_BODY = "Quality assurance body"
NOTE_QA_DESCRIPTION = "Quality assurance"
NOTE_SUPERVISION = "Supervision and identity verification"
NOTE_PACE = "Pace"
NOTE_LOCATION = "Location"
NOTE_STACKABLE = "Stackable"
NOTE_STACKABILITY = "Integration and stackability"
NOTE_CONTRIBUTES_TO = "Counts towards"
NOTE_FURTHER = "Further information"
NOTE_FUNDING = "Funding"
NOTE_ACCREDITATION = "Accreditation"
NOTE_PROVIDER = "About the provider"


def text(value: str, lang: str) -> dict[str, str]:
    return {lang: value}


def concept(uri: str, label: str) -> dict[str, Any]:
    """An official concept with its label and scheme, typed so the shapes can check it."""
    folder = uri.rsplit("/", 1)[0]
    scheme = (
        folder
        if folder.startswith("http://publications.europa.eu/")
        else (f"{folder}/{EUROPASS_SCHEME_ID}")
    )
    return {
        "@id": uri,
        "@type": "Concept",
        "prefLabel": {"en": label},
        "inScheme": {"@id": scheme, "@type": "ConceptScheme"},
    }


def country_concept(alpha2: str) -> dict[str, Any]:
    import pycountry

    name = pycountry.countries.get(alpha_2=alpha2).name
    return concept(f"{COUNTRY_TABLE}/{country_alpha3(alpha2)}", name)


def language_concept(alpha2: str) -> dict[str, Any]:
    import pycountry

    name = pycountry.languages.get(alpha_2=alpha2).name
    return concept(f"{LANGUAGE_TABLE}/{language_alpha3(alpha2).upper()}", name)


def note(subject: str, literal: str, lang: str) -> dict[str, Any]:
    """A Note about one Annex I element: the element is the subject, found by its label."""
    return note_in(subject, {lang: literal})


def note_in(subject: str, literals: dict[str, str]) -> dict[str, Any]:
    """A Note whose text is a language map (one text in several languages)."""
    return {
        "@type": "Note",
        "noteLiteral": literals,
        "subject": {"@type": "Concept", "prefLabel": {"en": subject}},
    }


def web_resource(url: str) -> dict[str, Any]:
    return {"@type": "WebResource", "contentURL": url}


def location(alpha2: str) -> dict[str, Any]:
    return {
        "@type": "Location",
        "address": {"@type": "Address", "countryCode": country_concept(alpha2)},
    }


def mode_concept(mode: str) -> dict[str, Any]:
    found = elm_modes()[PARTICIPATION_MODE_TO_ELM[mode]]
    return concept(found.uri, found.label)


def provider_iri(site_url: str, provider_id: str) -> str:
    return absolute(site_url, provider_url(provider_id)) + "#organisation"


def provider_organisation(listing: Listing, site_url: str) -> dict[str, Any]:
    """The provider, its name in every language its file gives it; its description (which
    the Organisation shape has no property for) a note beside its accreditation."""
    provider = listing.provider
    org: dict[str, Any] = {
        "@id": provider_iri(site_url, provider.id),
        "@type": "Organisation",
        "identifier": {
            "@type": "Identifier",
            "notation": provider.id,
            "schemeName": PROVIDER_SCHEME,
        },
        "legalName": provider_map(listing, "name"),
        "location": location(provider.country),
        "homepage": web_resource(provider.url),
    }
    if provider.contact:
        if "://" in provider.contact:
            contact = {"@type": "ContactPoint", "contactForm": web_resource(provider.contact)}
        else:
            contact = {
                "@type": "ContactPoint",
                "emailAddress": {"@id": f"mailto:{provider.contact}", "@type": "Mailbox"},
            }
        org["contactPoint"] = contact
    notes = []
    if provider.description:
        notes.append(note_in(NOTE_PROVIDER, provider_map(listing, "description")))
    if provider.accreditation:
        notes.append(note(NOTE_ACCREDITATION, provider.accreditation, provider_language(listing)))
    if notes:
        org["additionalNote"] = notes
    return org


def learning_outcomes(listing: Listing, base: str, lang: str) -> list[dict[str, Any]]:
    """The provider's outcomes, then one outcome per skill (ESCO-linked where it can be),
    as the sample links ESCO skills to learning outcomes."""
    c = listing.credential
    nodes = outcome_nodes(listing, base)
    for n, skill in enumerate(c.skills or [], 1):
        node: dict[str, Any] = {
            "@id": f"{base}#skill-{n}",
            "@type": "LearningOutcome",
            "title": text(skill.label, lang),
        }
        if skill.esco:
            node["relatedESCOSkill"] = {
                "@id": skill.esco,
                "@type": "Concept",
                "prefLabel": {lang: skill.label},
                "inScheme": {
                    "@id": "http://data.europa.eu/esco/concept-scheme/skills",
                    "@type": "ConceptScheme",
                },
            }
        else:
            node["relatedSkill"] = {"@type": "Concept", "prefLabel": {lang: skill.label}}
        nodes.append(node)
    return nodes


def outcome_nodes(listing: Listing, base: str) -> list[dict[str, Any]]:
    """The provider's learning outcomes, each in every language given."""
    return [
        {"@id": f"{base}#outcome-{n}", "@type": "LearningOutcome", "title": titles}
        for n, titles in enumerate(outcome_maps(listing), 1)
    ]


def assessment(listing: Listing, base: str, lang: str) -> dict[str, Any] | None:
    """One assessment specification typed with every method ELM has a concept for; none when
    there is no assessment and nothing to say about it (the import reads a missing provenBy
    as `none`; a specification titled "No assessment" says the same with a description)."""
    a = listing.credential.assessment
    methods = list(a.methods)
    if methods == ["none"] and not a.description and not a.supervision:
        return None
    types = []
    for method in methods:
        code = ASSESSMENT_METHOD_TO_ELM.get(method)
        if code:
            found = elm_assessment_types()[code]
            types.append(concept(found.uri, found.label))
    node: dict[str, Any] = {
        "@id": f"{base}#assessment",
        "@type": "LearningAssessmentSpecification",
        "title": {"en": ", ".join(ASSESSMENT_METHOD_LABELS[m] for m in methods)},
    }
    if types:
        node["dcType"] = types
    if a.description:
        node["description"] = text(a.description, lang)
    if a.supervision:
        node["additionalNote"] = note(
            NOTE_SUPERVISION, SUPERVISION_LEVEL_LABELS[a.supervision], "en"
        )
    return node


def shallow_specification(listing: Listing, site_url: str) -> dict[str, Any]:
    """Another credential's specification with what its shape requires, for isPartOf and
    hasPart: a shape checks every typed node in the graph, so a bare reference would fail."""
    c = listing.credential
    base = absolute(site_url, export_path(listing.key, "elm"))
    return {
        "@id": f"{base}#specification",
        "@type": "LearningAchievementSpecification",
        "identifier": {"@type": "Identifier", "notation": listing.key, "schemeName": KEY_SCHEME},
        "title": listing_map(listing, "title"),
        "homepage": web_resource(c.url),
        "thematicArea": [
            concept(isced_uri(code), isced_label(code)) for code in c.fields_of_education
        ],
        "language": [language_concept(code) for code in c.languages],
        "learningOutcome": outcome_nodes(listing, base),
    }


def specification(
    listing: Listing, directory: Directory, site_url: str, base: str, lang: str
) -> dict[str, Any]:
    c = listing.credential
    spec_id = f"{base}#specification"
    spec: dict[str, Any] = {
        "@id": spec_id,
        "@type": "LearningAchievementSpecification",
        "identifier": {"@type": "Identifier", "notation": listing.key, "schemeName": KEY_SCHEME},
        "title": listing_map(listing, "title"),
        "homepage": web_resource(c.url),
        "thematicArea": [
            concept(isced_uri(code), isced_label(code)) for code in c.fields_of_education
        ],
        "language": [language_concept(code) for code in c.languages],
        "mode": mode_concept(c.participation.mode),
        "learningOutcome": learning_outcomes(listing, base, lang),
    }
    if c.description:
        spec["description"] = listing_map(listing, "description")
    lo_type = LEARNING_OPPORTUNITY_TYPES.get(c.type)
    if lo_type:
        found = elm_learning_opportunity_types()[lo_type]
        spec["dcType"] = concept(found.uri, found.label)
    if c.workload.hours is not None:
        spec["volumeOfLearning"] = hours_duration(c.workload.hours)
    if c.workload.ects is not None:
        spec["creditPoint"] = {
            "@type": "CreditPoint",
            "framework": concept(ECTS_FRAMEWORK, ECTS_LABEL),
            "point": str(plain_number(c.workload.ects)),
        }
    if c.level and c.level.eqf is not None:
        spec["educationLevel"] = concept(eqf_uri(c.level.eqf), eqf_label(c.level.eqf))
    if c.prerequisites:
        spec["entryRequirement"] = {"@type": "Note", "noteLiteral": text(c.prerequisites, lang)}
    proven = assessment(listing, base, lang)
    if proven:
        spec["provenBy"] = proven
    spec["awardingOpportunity"] = awarding_opportunity(listing, site_url, base, lang, spec_id)
    # Only links the target's provider confirmed: isPartOf is the inverse of its hasPart.
    parts_of = [
        shallow_specification(directory.listings[key], site_url)
        for key in directory.counts_towards(listing)
    ]
    if parts_of:
        spec["isPartOf"] = parts_of
    parts = [
        shallow_specification(item, site_url) for item in directory.contributors_to(listing.key)
    ]
    if parts:
        spec["hasPart"] = parts
    notes = annex_notes(listing, lang)
    if notes:
        spec["additionalNote"] = notes
    return spec


def awarding_opportunity(
    listing: Listing, site_url: str, base: str, lang: str, spec_id: str
) -> dict[str, Any]:
    """Who awards it, from where: the Annex I awarding body and country of the issuer."""
    provider = listing.provider
    bodies: list[dict[str, Any]] = []
    for n, name in enumerate(listing.awarding_bodies, 1):
        if name == provider.name and listing.countries == [provider.country]:
            bodies.append({"@id": provider_iri(site_url, provider.id)})
            continue
        bodies.append(
            {
                "@id": f"{base}#awarding-body-{n}",
                "@type": "Organisation",
                "legalName": text(name, lang),
                "location": [location(code) for code in listing.countries],
            }
        )
    return {
        "@id": f"{base}#awarding",
        "@type": "AwardingOpportunity",
        "awardingBody": bodies,
        "learningAchievementSpecification": {"@id": spec_id},
    }


def annex_notes(listing: Listing, lang: str) -> list[dict[str, Any]]:
    """Annex I elements the LOQ profile has no property for, one note per value."""
    c = listing.credential
    notes = []
    if c.level and c.level.nqf:
        notes.append(note(NOTE_NQF, c.level.nqf, lang))
    for qa_type in c.quality_assurance.types:
        notes.append(note(NOTE_QA_TYPE, QA_TYPE_LABELS[qa_type], "en"))
    for body in c.quality_assurance.bodies or []:
        notes.append(note(NOTE_QA_BODY, body, lang))
    if c.quality_assurance.description:
        notes.append(note(NOTE_QA_DESCRIPTION, c.quality_assurance.description, lang))
    stack = c.stackability
    if stack and stack.stackable is not None:
        notes.append(note(NOTE_STACKABLE, "yes" if stack.stackable else "no", "en"))
    if stack and stack.recognition:
        notes.append(note(NOTE_STACKABILITY, stack.recognition, lang))
    for item in listing.contributes_outside:
        notes.append(note(NOTE_CONTRIBUTES_TO, f"{item.title} <{item.url}>", lang))
    if c.further_information:
        notes.append(note(NOTE_FURTHER, c.further_information.strip(), lang))
    return notes


def price(listing: Listing, lang: str) -> dict[str, Any] | None:
    cost = listing.credential.cost
    if cost is None:
        return None
    detail: dict[str, Any] = {"@type": "PriceDetail"}
    if cost.amount is not None and cost.currency:
        detail["amount"] = {
            "@type": "Amount",
            "unit": concept(f"{CURRENCY_TABLE}/{cost.currency}", cost.currency),
            # The context maps `value` to elm:value, but the Amount shape asks for rdf:value.
            "rdf:value": {"@value": str(plain_number(cost.amount)), "@type": "xsd:decimal"},
        }
        detail["prefLabel"] = {"en": "Free" if cost.amount == 0 else "Fee"}
    elif cost.amount == 0:
        detail["prefLabel"] = {"en": "Free"}
    for funding in cost.funding or []:
        detail.setdefault("additionalNote", []).append(note(NOTE_FUNDING, funding, lang))
    return detail


def learning_opportunity(listing: Listing, directory: Directory, site_url: str) -> dict[str, Any]:
    """The ELM document of one credential (JSON-LD, compacted against the ELM context)."""
    c = listing.credential
    lang = listing.text_language  # of the provider's words no translation gives
    base = absolute(site_url, export_path(listing.key, "elm"))
    lo: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{base}#opportunity",
        "@type": "LearningOpportunity",
        "identifier": {"@type": "Identifier", "notation": listing.key, "schemeName": KEY_SCHEME},
        "title": listing_map(listing, "title"),
        "description": listing_map(listing, "summary"),
        "homepage": web_resource(c.url),
        "supplementaryDocument": web_resource(absolute(site_url, credential_url(listing.key))),
        "mode": mode_concept(c.participation.mode),
        "providedBy": provider_organisation(listing, site_url),
        "learningAchievementSpecification": specification(listing, directory, site_url, base, lang),
        # The ELM context has no term for defaultLanguage (the shape requires it): full name.
        # The language of the original text, which every language map holds.
        "elm:defaultLanguage": language_concept(lang),
        "status": c.status,
    }
    lo_type = LEARNING_OPPORTUNITY_TYPES.get(c.type)
    if lo_type:
        found = elm_learning_opportunity_types()[lo_type]
        lo["dcType"] = concept(found.uri, found.label)
    if c.duration:
        lo["duration"] = xsd_duration(c.duration)
    if c.next_start:
        lo["temporal"] = {
            "@type": "PeriodOfTime",
            "startDate": f"{c.next_start.isoformat()}T00:00:00Z",
        }
    if c.participation.pace:
        lo["scheduleInformation"] = note(NOTE_PACE, PACE_LABELS[c.participation.pace], "en")
    detail = price(listing, lang)
    if detail:
        lo["priceDetail"] = detail
    if c.participation.location:
        lo["additionalNote"] = note(NOTE_LOCATION, c.participation.location, lang)
    return lo
