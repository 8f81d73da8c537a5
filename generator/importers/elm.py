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
from generator.format.models import Provider
from generator.format.patterns import ESCO_SKILL
from generator.format.vocabularies import (
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
from generator.importers.common import (
    Imported,
    ImportFailure,
    as_list,
    assessment_method,
    credential_id_from_key,
    describe,
    index_nodes,
    is_key,
    is_provider,
    languages_of,
    node_id,
    node_types,
    one_line,
    split_summary,
    supervision_level,
    text,
    web_page,
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
LONG_TEXT = 2000
# What a claim in a European Digital Credential can be specified by: an offering's spec.
SPEC_TYPES = {
    "LearningAchievementSpecification", "Qualification", "LearningActivitySpecification",
    "LearningEntitlementSpecification",
}  # fmt: skip
_LEARNER = ("grade", "temporal", "awardingDate", "evidence", "workload", "hasPart")


def reason(path: str, focus: str) -> tuple[str, bool]:
    """Why a property was not imported, and whether it is a learner's personal data."""
    if path.startswith("evidence") or (
        path.startswith("credentialSubject") and not path.startswith("credentialSubject.hasClaim")
    ):
        return "about the learner, not the offering (value not copied)", True
    if path.startswith("credentialSubject.hasClaim") and path.rsplit(".", 1)[-1] in _LEARNER:
        return "one learner's result or dates, not the offering (value not copied)", True
    if path.startswith(
        (
            "issuer",
            "validFrom",
            "validUntil",
            "issuanceDate",
            "issued",
            "expirationDate",
            "credentialSchema",
            "credentialProfiles",
            "displayParameter",
            "identifier",
            "id",
            "proof",
            "credentialStatus",
        )
    ):
        return "about the issued credential, not the offering", False
    return "credir has no field for it", False


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


def find_parts(document: dict[str, Any], reader: _Reader) -> tuple[dict, dict, dict]:
    """The learning opportunity (may be empty), the specification of what is learnt, and
    the claim of a European Digital Credential (empty for an opportunity)."""
    if isinstance(dict.get(document, "@graph"), list):
        for item in document["@graph"]:
            if "LearningOpportunity" in node_types(item):
                document = item
                break
    types = node_types(document)
    if "LearningOpportunity" in types:
        spec = reader.node(document.get("learningAchievementSpecification"))
        if not spec:
            raise ImportFailure("the learning opportunity has no learningAchievementSpecification")
        return document, spec, {}
    if SPEC_TYPES & set(types):
        return {}, document, {}
    subject = dict.get(document, "credentialSubject")
    claims = []
    for item in as_list(dict.get(subject, "hasClaim") if isinstance(subject, dict) else None):
        claims.append(reader.node(item))  # ELM allows several claims
    claims = [claim for claim in claims if isinstance(claim, dict) and claim]
    if claims:
        document.get("credentialSubject")
        subject.get("hasClaim")
        with_spec = [c for c in claims if reader.node(dict.get(c, "specifiedBy"))]
        claim = (with_spec or claims)[0]
        spec = reader.node(claim.get("specifiedBy")) or claim
        # In a credential the awarding body is on the claim (the learner's achievement).
        return {"awardedBy": claim["awardedBy"]} if claim.get("awardedBy") else {}, spec, claim
    raise ImportFailure(
        f"this is {describe(document)}; `credir import elm` expects an ELM learning "
        "opportunity (`type` LearningOpportunity with a learningAchievementSpecification), a "
        "specification (LearningAchievementSpecification, Qualification), or a European "
        "Digital Credential whose credentialSubject.hasClaim has one"
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
    lo, spec, claim = find_parts(document, reader)
    result = Imported()
    data = result.data
    reader.lang = languages_of(dict.get(spec, "title")) or languages_of(dict.get(lo, "title"))
    for node in (spec, lo):
        for identifier in reader.all(dict.get(node, "identifier")):
            value = str(dict.get(identifier, "notation") or "")
            if dict.get(identifier, "schemeName") == out.KEY_SCHEME and is_key(value):
                node.get("identifier")
                identifier.get("notation"), identifier.get("schemeName")
                data["id"] = credential_id_from_key(value)
    title = reader.text(spec.get("title")) or reader.text(lo.get("title"))
    if lo and reader.text(dict.get(lo, "title")) == title:
        lo.get("title")  # the opportunity repeats its specification's title
    if claim and claim is not spec and reader.text(dict.get(claim, "title")) == title:
        claim.get("title")  # the claim repeats the specification's title
    if title:
        data["title"] = one_line(title)
    lo_type = node_id(reader.get(lo, "dcType")) or node_id(reader.get(spec, "dcType"))
    if node_id(dict.get(spec, "dcType")) == lo_type:
        node_id(spec.get("dcType"))  # the same kind, said twice
    if lo_type in TYPES_BACK:
        data["type"] = TYPES_BACK[lo_type]
        result.guessed("type", "ELM has no credir type; the nearest to the kind of learning "
                       "opportunity, check it")  # fmt: skip
    else:
        result.default("type", "other", "ELM has no credir type; check it")
    summary = reader.text(lo.get("description"))
    description = reader.text(spec.get("description"))
    if not summary and not description and claim:
        summary = _claim_description(reader, claim, spec, result)
    if summary and len(one_line(summary)) <= 300:
        data["summary"] = one_line(summary)
        if description:
            data["description"] = description
    elif summary or description:
        data["summary"], rest = split_summary(summary or description or "", result)
        if rest:
            data["description"] = rest
    homepage = reader.node(lo.get("homepage") or spec.get("homepage"))
    if homepage:
        web_page(dict.get(homepage, "contentURL"), result, "url", homepage, "contentURL")
    _awarding(reader, lo, spec, provider, result)
    languages = []
    for concept in as_list(spec.get("language")):
        code = str(node_id(concept)).rsplit("/", 1)[-1]
        languages.append(language_alpha2(code))
        if not language_alpha2(code):
            result.skip("language", concept, "not a language of ISO 639-1")
    default = node_id(lo.get("elm:defaultLanguage") or lo.get("defaultLanguage"))
    if default:
        first = language_alpha2(default.rsplit("/", 1)[-1])
        languages = [first, *[code for code in languages if code != first]]
    if [code for code in languages if code]:
        data["languages"] = list(dict.fromkeys(code for code in languages if code))
    _outcomes(reader, spec, result)
    _workload(reader, spec, claim, result)
    level = reader.node(reader.get(spec, "educationLevel", "eqfLevel"))
    annex = notes(reader, spec)
    eqf = node_id(level) or ""
    if re.fullmatch(r"http://data\.europa\.eu/snb/eqf/[1-8]", eqf):
        data["level"] = {"eqf": int(eqf.rsplit("/", 1)[-1])}
    elif level:
        result.skip("eqfLevel", level, "not an EQF level (1 to 8)")
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
        else:
            result.skip("thematicArea", concept, "not an ISCED-F field of two or more digits")
    if fields:
        data["fields_of_education"] = fields
    _assessment(reader, spec, claim, result)
    given = spec.get("mode") or lo.get("mode")
    if node_id(dict.get(lo, "mode")) == node_id(given):
        node_id(lo.get("mode"))  # the same mode, said twice
    mode = MODES_BACK.get(node_id(given) or "")
    participation: dict[str, Any] = {}
    if mode:
        participation["mode"] = mode
    elif given:
        result.skip("mode", given, "not a mode of the Europass vocabulary")
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
    longest = spec.get("maximumDuration")
    if "duration" not in data and isinstance(longest, str) and iso_duration(longest):
        data["duration"] = iso_duration(longest)
        result.guessed("duration", "the specification's maximumDuration; check it")
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
    names = list(dict.fromkeys(names))  # one body may be given on the claim and the spec
    if names and not is_provider(names, provider):
        result.data["awarding_bodies"] = names
    if "url" not in result.data:
        for body in bodies:
            page = reader.node(body.get("homepage"))
            if page and web_page(dict.get(page, "contentURL"), result, "url", page, "contentURL"):
                result.defaults["url"] = "the awarding body's home page (no page of the offering)"
                break
    if countries and countries != [provider.country]:
        result.data["countries"] = countries
    if not bodies:
        result.note("awarding body: none in the source; the provider is taken as awarding body")


def _outcomes(reader: _Reader, spec: dict, result: Imported) -> None:
    """Every outcome's title is a learning outcome (even when a skill has the same words:
    the outcome is what the holder can do, the skill a link to a classification); the
    skills it relates to are skills."""
    outcomes, skills = [], []
    for node in reader.all(spec.get("learningOutcome")):
        title = reader.text(node.get("title"))
        related = [("esco", c) for c in reader.all(node.get("relatedESCOSkill"))]
        related += [("other", c) for c in reader.all(node.get("relatedSkill"))]
        labels = [reader.text(dict.get(concept, "prefLabel")) for _, concept in related]
        # One skill titled by its own label is how a skill alone is written (our export
        # does so): a skill, not an outcome. Any other outcome keeps its title.
        skill_only = len(related) == 1 and labels[0] == title
        for kind, concept in related:
            label = reader.text(concept.get("prefLabel"))
            if not label:
                continue
            skill = {"label": one_line(label)}
            ident = node_id(concept) or ""
            if kind == "esco" and re.match(ESCO_SKILL.regex, ident):
                skill["esco"] = ident
            if skill not in skills:
                skills.append(skill)
        if title and title not in outcomes and not skill_only:
            outcomes.append(title)
    if outcomes:
        result.data["learning_outcomes"] = outcomes
    if skills:
        result.data["skills"] = skills


def _claim_description(reader: _Reader, claim: dict, spec: dict, result: Imported) -> str | None:
    """A credential's own words about the offering when its specification has none: the
    claim's description, else that of the learning activity it was influenced by."""
    found = reader.text(claim.get("description")) if claim is not spec else None
    if found:
        result.guessed("summary", "from the claim's description; check it")
        return found
    for activity in reader.all(dict.get(claim, "influencedBy")):
        found = reader.text(activity.get("description"))
        if found:
            claim.get("influencedBy")
            result.guessed("summary", "from the description of the learning activity; check it")
            return found
    return None


def _workload(reader: _Reader, spec: dict, claim: dict, result: Imported) -> None:
    workload: dict[str, Any] = {}
    for credit in reader.all(spec.get("creditPoint")):
        framework = node_id(credit.get("framework"))
        try:
            points = float(str(credit.get("point")))
        except ValueError:
            result.skip("creditPoint.point", credit.get("point"), "not a number")
            continue
        if framework == out.ECTS_FRAMEWORK:
            workload["ects"] = int(points) if points.is_integer() else points
        else:
            result.skip("creditPoint", f"{points} in {framework}", "not ECTS credits")
    volume = spec.get("volumeOfLearning")
    hours = duration_hours(volume) if isinstance(volume, str) else None
    if hours:
        workload["hours"] = int(hours) if float(hours).is_integer() else hours
    elif volume is not None:
        result.skip("volumeOfLearning", volume, "not a duration in hours or days")
    spent = dict.get(claim, "workload") if claim and claim is not spec else None
    hours = duration_hours(spent) if isinstance(spent, str) else None
    if not workload and hours:
        claim.get("workload")
        workload["hours"] = int(hours) if float(hours).is_integer() else hours
        result.guessed("workload", "hours: the learner's workload in the claim; check it")
    if workload:
        result.data["workload"] = workload


def _assessment(reader: _Reader, spec: dict, claim: dict, result: Imported) -> None:
    """provenBy (on the specification, or on the claim of a credential) is the assessment:
    its type gives the methods, its titles and grading scheme the description, its
    identity verification the supervision. Never `none` unless the source says so."""
    proofs = reader.all(spec.get("provenBy"))
    if claim and claim is not spec:
        proofs += reader.all(claim.get("provenBy"))
    assessment: dict[str, Any] = {}
    methods: list[str] = []
    words: list[str] = []
    unknown: list[str] = []
    none = ASSESSMENT_METHOD_LABELS["none"]
    for proof in proofs:
        specs = [proof, *reader.all(proof.get("specifiedBy"))]
        for node in specs:
            for concept in reader.all(node.get("dcType")):
                label = reader.text(concept.get("prefLabel")) or ""
                method = METHODS_BACK.get(node_id(concept) or "") or assessment_method(label)
                if method and method not in methods:
                    methods.append(method)
                elif not method and label:
                    unknown.append(label)
            for name in ("title", "description"):
                said = reader.text(node.get(name))
                if said and said not in words and not _names_methods(said):
                    words.append(said)
            for scheme in reader.all(node.get("gradingScheme")):
                for name in ("title", "description"):
                    said = reader.text(scheme.get(name))
                    if said and said not in words:
                        words.append(said)
            mode = MODES_BACK.get(node_id(node.get("mode")) or "")
            if mode and node is not proof:
                words.append(f"Mode of assessment: {mode}")
        verification = reader.node(proof.get("idVerification"))
        label = reader.text(verification.get("prefLabel")) if verification else None
        if label and supervision_level(label):
            assessment["supervision"] = supervision_level(label)
        elif label:
            words.append(f"Supervision: {label}")
        supervision = notes(reader, proof).get(out.NOTE_SUPERVISION, [])
        for level, level_label in SUPERVISION_LEVEL_LABELS.items():
            if level_label in supervision:
                assessment["supervision"] = level
    if proofs and not methods and text(dict.get(proofs[0], "title"), ["en"]) == none:
        methods = ["none"]
    if not proofs and "id" in result.data:
        # Our own export (it carries the directory key) writes no provenBy for `none`.
        methods = ["none"]
    if words:
        described = "\n\n".join(words)
        if len(described) <= LONG_TEXT:
            assessment["description"] = described
        else:
            result.skip("provenBy", described, "longer than assessment.description holds")
    if unknown and not methods:
        result.hints["assessment.methods"] = "type " + ", ".join(f"`{u}`" for u in unknown)
    if methods:
        assessment = {"methods": methods, **assessment}
    if assessment:
        result.data["assessment"] = assessment


def _names_methods(title: str) -> bool:
    """True for a title that only lists method labels ("Quiz, Project work"), as the export
    writes it: the methods say it already."""
    labels = {label.lower() for label in ASSESSMENT_METHOD_LABELS.values()}
    return all(part.strip().lower() in labels for part in title.split(","))


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
