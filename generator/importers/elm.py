"""Import an ELM learning opportunity (or a bare learning achievement specification, or the
specification claimed in a European Digital Credential) into credential fields.

Reads what generator.export.elm writes, and the same properties where the Commission's
sample puts them (`id`/`type` aliases, `eqfLevel`, `nqfLevel`, `awardedBy`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from generator.export import elm as out
from generator.export.values import country_alpha2, duration_hours, iso_duration, language_alpha2
from generator.importers.common import (
    Imported,
    ImportFailure,
    as_list,
    credential_id_from_key,
    index_nodes,
    is_key,
    languages_of,
    node_id,
    node_types,
    one_line,
    split_summary,
    text,
)
from generator.models import Provider
from generator.patterns import ESCO_SKILL
from generator.vocabularies import (
    ASSESSMENT_METHOD_LABELS,
    ASSESSMENT_METHOD_TO_ELM,
    PACE_LABELS,
    PARTICIPATION_MODE_TO_ELM,
    QA_TYPE_LABELS,
    STATUSES,
    SUPERVISION_LEVEL_LABELS,
    elm_assessment_types,
    elm_learning_opportunity_types,
    elm_modes,
    isced_fields,
)

MODES_BACK = {elm_modes()[code].uri: mode for mode, code in PARTICIPATION_MODE_TO_ELM.items()}
METHODS_BACK = {
    elm_assessment_types()[code].uri: method
    for method, code in ASSESSMENT_METHOD_TO_ELM.items()
    if code
}
# A learning-opportunity type says less than a credir type; the nearest one is taken.
TYPES_BACK = {
    elm_learning_opportunity_types()["74a4a268e8"].uri: "micro-credential",  # Short programme
    elm_learning_opportunity_types()["05053c1cbe"].uri: "short-course",  # Course
}
_CONTRIBUTION = re.compile(r"^(?P<title>.+) <(?P<url>https://\S+)>$")


class _Reader:
    """Finds values in one document: follows references, picks text in its language."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.nodes = index_nodes(document)
        self.lang: list[str] = []

    def node(self, value: Any) -> dict[str, Any]:
        if isinstance(value, dict) and len(value) > 1:
            return value
        return self.nodes.get(node_id(value) or "", value if isinstance(value, dict) else {})

    def all(self, value: Any) -> list[dict[str, Any]]:
        return [self.node(item) for item in as_list(value)]

    def text(self, value: Any) -> str | None:
        found = text(value, self.lang)
        return found.strip() if found else None

    def get(self, node: dict[str, Any], *names: str) -> Any:
        for name in names:
            if name in node:
                return node[name]
        return None


def find_parts(document: dict[str, Any], reader: _Reader) -> tuple[dict, dict]:
    """The learning opportunity (may be empty) and its learning achievement specification."""
    if isinstance(document.get("@graph"), list):
        for item in document["@graph"]:
            if "LearningOpportunity" in node_types(item):
                document = item
                break
    types = node_types(document)
    if "LearningOpportunity" in types:
        spec = reader.node(document.get("learningAchievementSpecification"))
        if not spec:
            raise ImportFailure("the learning opportunity has no learningAchievementSpecification")
        return document, spec
    if {"LearningAchievementSpecification", "Qualification"} & set(types):
        return {}, document
    claim = reader.node((document.get("credentialSubject") or {}).get("hasClaim"))
    spec = reader.node(claim.get("specifiedBy")) if claim else {}
    if spec:
        # In a credential the awarding body is on the claim (the learner's achievement).
        return {"awardedBy": claim["awardedBy"]} if claim.get("awardedBy") else {}, spec
    raise ImportFailure(
        "this is not an ELM learning opportunity: expected `@type` LearningOpportunity with "
        "a learningAchievementSpecification (or a specification, or a European Digital "
        "Credential with one)"
    )


def notes(reader: _Reader, *nodes: dict[str, Any]) -> dict[str, list[str]]:
    """Annex I notes by subject label (see generator.export.elm)."""
    found: dict[str, list[str]] = {}
    for node in nodes:
        for item in reader.all(node.get("additionalNote")):
            subject = reader.node(item.get("subject"))
            label = text(subject.get("prefLabel"), ["en"]) if subject else None
            literal = reader.text(item.get("noteLiteral"))
            if literal:
                found.setdefault(label or "", []).append(literal)
    return found


def convert(document: dict[str, Any], provider: Provider) -> Imported:
    reader = _Reader(document)
    lo, spec = find_parts(document, reader)
    result = Imported()
    data = result.data
    reader.lang = languages_of(spec.get("title")) or languages_of(lo.get("title"))
    for node in (spec, lo):
        for identifier in reader.all(node.get("identifier")):
            value = str(identifier.get("notation") or "")
            if identifier.get("schemeName") == out.KEY_SCHEME and is_key(value):
                data["id"] = credential_id_from_key(value)
    title = reader.text(spec.get("title")) or reader.text(lo.get("title"))
    if title:
        data["title"] = one_line(title)
    lo_type = node_id(reader.get(lo, "dcType")) or node_id(reader.get(spec, "dcType"))
    data["type"] = TYPES_BACK.get(lo_type or "", "other")
    result.note(f"type: ELM has no credir type; set to `{data['type']}` from the kind of "
                "learning opportunity, check it")  # fmt: skip
    summary = reader.text(lo.get("description"))
    description = reader.text(spec.get("description"))
    if summary and len(one_line(summary)) <= 300:
        data["summary"] = one_line(summary)
        if description:
            data["description"] = description
    elif summary or description:
        data["summary"], rest = split_summary(summary or description or "", result)
        if rest:
            data["description"] = rest
    homepage = reader.node(lo.get("homepage") or spec.get("homepage"))
    url = homepage.get("contentURL") if homepage else None
    if isinstance(url, str) and url.startswith("https://"):
        data["url"] = url
    _awarding(reader, lo, spec, provider, result)
    languages = [
        language_alpha2(str(node_id(c)).rsplit("/", 1)[-1]) for c in as_list(spec.get("language"))
    ]
    default = node_id(lo.get("elm:defaultLanguage") or lo.get("defaultLanguage"))
    if default:
        first = language_alpha2(default.rsplit("/", 1)[-1])
        languages = [first, *[code for code in languages if code != first]]
    if [code for code in languages if code]:
        data["languages"] = list(dict.fromkeys(code for code in languages if code))
    _outcomes(reader, spec, result)
    _workload(reader, spec, result)
    level = reader.node(reader.get(spec, "educationLevel", "eqfLevel"))
    annex = notes(reader, spec)
    eqf = node_id(level) or ""
    if eqf.startswith("http://data.europa.eu/snb/eqf/"):
        data["level"] = {"eqf": int(eqf.rsplit("/", 1)[-1])}
    nqf = list(annex.get(out.NOTE_NQF, []))
    if not nqf and spec.get("nqfLevel"):  # the sample's way: a national framework concept
        nqf = [reader.text(reader.node(spec["nqfLevel"]).get("prefLabel")) or ""]
    if nqf and nqf[0]:
        data.setdefault("level", {})["nqf"] = nqf[0]
    fields = []
    for concept in as_list(spec.get("thematicArea")):
        code = str(node_id(concept) or "").rsplit("/", 1)[-1]
        if code in isced_fields() and len(code) >= 2:
            fields.append(code)
    if fields:
        data["fields_of_education"] = fields
    _assessment(reader, spec, result)
    mode = MODES_BACK.get(node_id(spec.get("mode") or lo.get("mode")) or "")
    participation: dict[str, Any] = {}
    if mode:
        participation["mode"] = mode
    pace_notes = notes(reader, {"additionalNote": lo.get("scheduleInformation")}).get(
        out.NOTE_PACE, []
    )
    for pace, label in PACE_LABELS.items():
        if label in pace_notes:
            participation["pace"] = pace
    lo_notes = notes(reader, lo)
    if lo_notes.get(out.NOTE_LOCATION):
        participation["location"] = lo_notes[out.NOTE_LOCATION][0]
    if participation:
        data["participation"] = participation
    quality: dict[str, Any] = {}
    by_label = {label: qa_type for qa_type, label in QA_TYPE_LABELS.items()}
    types = [by_label[label] for label in annex.get(out.NOTE_QA_TYPE, []) if label in by_label]
    if types:
        quality["types"] = types
    if annex.get(out.NOTE_QA_BODY):
        quality["bodies"] = annex[out.NOTE_QA_BODY]
    if annex.get(out.NOTE_QA_DESCRIPTION):
        quality["description"] = annex[out.NOTE_QA_DESCRIPTION][0]
    if quality:
        data["quality_assurance"] = quality
    duration = lo.get("duration")
    if isinstance(duration, str) and iso_duration(duration):
        data["duration"] = iso_duration(duration)
    _cost(reader, lo, result)
    entry = reader.node(spec.get("entryRequirement"))
    if entry and reader.text(entry.get("noteLiteral")):
        data["prerequisites"] = reader.text(entry.get("noteLiteral"))
    _stackability(reader, spec, annex, provider, result)
    status = lo.get("status")
    if status in STATUSES:
        data["status"] = status
    start = reader.node(lo.get("temporal")).get("startDate") if lo.get("temporal") else None
    if isinstance(start, str):
        try:
            data["next_start"] = dt.date.fromisoformat(start[:10])
        except ValueError:
            result.note(f"temporal.startDate `{start}`: not a date; not imported")
    if annex.get(out.NOTE_FURTHER):
        data["further_information"] = annex[out.NOTE_FURTHER][0]
    return result


def _awarding(reader: _Reader, lo: dict, spec: dict, provider: Provider, result: Imported) -> None:
    bodies: list[dict[str, Any]] = []
    for opportunity in reader.all(spec.get("awardingOpportunity")):
        bodies += reader.all(opportunity.get("awardingBody"))
    for process in reader.all(spec.get("awardedBy")) + reader.all(lo.get("awardedBy")):
        bodies += reader.all(process.get("awardingBody"))
    names, countries = [], []
    for body in bodies:
        name = reader.text(body.get("legalName"))
        if name:
            names.append(one_line(name))
        for place in reader.all(body.get("location")):
            address = reader.node(place.get("address"))
            code = country_alpha2(str(node_id(address.get("countryCode")) or "").rsplit("/", 1)[-1])
            if code and code not in countries:
                countries.append(code)
    if names and names != [provider.name]:
        result.data["awarding_bodies"] = names
    if countries and countries != [provider.country]:
        result.data["countries"] = countries
    if not bodies:
        result.note("awarding body: none in the source; the provider is taken as awarding body")


def _outcomes(reader: _Reader, spec: dict, result: Imported) -> None:
    outcomes, skills = [], []
    for node in reader.all(spec.get("learningOutcome")):
        title = reader.text(node.get("title"))
        related = [("esco", c) for c in reader.all(node.get("relatedESCOSkill"))]
        related += [("other", c) for c in reader.all(node.get("relatedSkill"))]
        labels = []
        for kind, concept in related:
            label = reader.text(concept.get("prefLabel")) or title
            if not label:
                continue
            labels.append(label)
            skill = {"label": one_line(label)}
            ident = node_id(concept) or ""
            if kind == "esco" and re.match(ESCO_SKILL.regex, ident):
                skill["esco"] = ident
            skills.append(skill)
        if title and title not in labels:
            outcomes.append(title)
    if outcomes:
        result.data["learning_outcomes"] = outcomes
    if skills:
        result.data["skills"] = skills


def _workload(reader: _Reader, spec: dict, result: Imported) -> None:
    workload: dict[str, Any] = {}
    for credit in reader.all(spec.get("creditPoint")):
        framework = node_id(credit.get("framework"))
        try:
            points = float(str(credit.get("point")))
        except ValueError:
            continue
        if framework == out.ECTS_FRAMEWORK:
            workload["ects"] = int(points) if points.is_integer() else points
        else:
            result.note(f"creditPoint {points} in {framework}: not ECTS; not imported")
    volume = spec.get("volumeOfLearning")
    hours = duration_hours(volume) if isinstance(volume, str) else None
    if hours:
        workload["hours"] = int(hours) if float(hours).is_integer() else hours
    if workload:
        result.data["workload"] = workload


def _assessment(reader: _Reader, spec: dict, result: Imported) -> None:
    proofs = reader.all(spec.get("provenBy"))
    assessment: dict[str, Any] = {}
    methods: list[str] = []
    for proof in proofs:
        for concept in as_list(proof.get("dcType")):
            method = METHODS_BACK.get(node_id(concept) or "")
            if method and method not in methods:
                methods.append(method)
        description = reader.text(proof.get("description"))
        if description and "description" not in assessment:
            assessment["description"] = description
        supervision = notes(reader, proof).get(out.NOTE_SUPERVISION, [])
        for level, label in SUPERVISION_LEVEL_LABELS.items():
            if label in supervision:
                assessment["supervision"] = level
    none = ASSESSMENT_METHOD_LABELS["none"]
    if proofs and not methods and text(proofs[0].get("title"), ["en"]) == none:
        methods = ["none"]
    if not proofs:
        methods = ["none"]
        result.note("assessment: none in the source; methods set to `none`, check it")
    elif not methods:
        result.note("assessment: no type from the Europass vocabulary; add assessment.methods")
    if methods:
        result.data["assessment"] = {"methods": methods, **assessment}


def _cost(reader: _Reader, lo: dict, result: Imported) -> None:
    for detail in reader.all(lo.get("priceDetail"))[:1]:
        cost: dict[str, Any] = {}
        amount = reader.node(detail.get("amount"))
        value = amount.get("rdf:value", amount.get("value")) if amount else None
        if isinstance(value, dict):
            value = value.get("@value")
        if value is not None:
            number = float(str(value))
            cost["amount"] = int(number) if number.is_integer() else number
            unit = str(node_id(amount.get("unit")) or "").rsplit("/", 1)[-1]
            if unit:
                cost["currency"] = unit
        elif text(detail.get("prefLabel"), ["en"]) == "Free":
            cost["amount"] = 0
        funding = notes(reader, detail).get(out.NOTE_FUNDING)
        if funding:
            cost["funding"] = funding
        if cost:
            result.data["cost"] = cost


def _stackability(
    reader: _Reader,
    spec: dict,
    annex: dict[str, list[str]],
    provider: Provider,
    result: Imported,
) -> None:
    stack: dict[str, Any] = {}
    if annex.get(out.NOTE_STACKABLE):
        stack["stackable"] = annex[out.NOTE_STACKABLE][0] == "yes"
    contributes: list[Any] = list(_directory_keys(reader, spec.get("isPartOf")))
    for item in annex.get(out.NOTE_CONTRIBUTES_TO, []):
        match = _CONTRIBUTION.match(item)
        if match:
            contributes.append({"title": match["title"], "url": match["url"]})
    if contributes:
        stack["contributes_to"] = contributes
    # The parts the export lists are the ones this credential's provider recognises: those
    # of other providers are what it `accepts` (its own need no confirmation).
    accepts = [
        key
        for key in _directory_keys(reader, spec.get("hasPart"))
        if not key.startswith(provider.id + "/")
    ]
    if accepts:
        stack["accepts"] = accepts
    if annex.get(out.NOTE_STACKABILITY):
        stack["recognition"] = annex[out.NOTE_STACKABILITY][0]
    if stack:
        result.data["stackability"] = stack


def _directory_keys(reader: _Reader, specifications: Any) -> Iterator[str]:
    """The directory keys of linked specifications (isPartOf, hasPart), from the identifier
    in the credir key scheme that the export gives each."""
    for other in reader.all(specifications):
        for identifier in reader.all(other.get("identifier")):
            value = str(identifier.get("notation") or "")
            if identifier.get("schemeName") == out.KEY_SCHEME and is_key(value):
                yield value
