"""Import a CTDL credential (a Registry document: one node, or an @graph) into credential
fields. Reads what generator.export.ctdl writes and the same properties in Registry data."""

from __future__ import annotations

import re
from typing import Any

from generator.export import ctdl as out
from generator.export.values import iso_duration, language_alpha2
from generator.importers.common import (
    Imported,
    ImportFailure,
    as_list,
    credential_id_from_key,
    index_nodes,
    is_key,
    key_from_url,
    languages_of,
    node_id,
    node_types,
    one_line,
    split_summary,
    text,
)
from generator.models import Provider
from generator.patterns import ESCO_OCCUPATION, ESCO_SKILL
from generator.vocabularies import PACE_LABELS, PARTICIPATION_MODE_LABELS, isced_fields

CLASSES_BACK = {value: key for key, value in out.CREDENTIAL_CLASSES.items()}
LIFE_CYCLE_BACK = {life: status for status, (_, life) in out.STATUSES.items()}
CREDENTIAL_STATUS_BACK = {"Active": "active", "Suspended": "suspended", "Deprecated": "ceased"}
DELIVERY_BACK = {"OnlineOnly": "online", "InPerson": "onsite", "BlendedDelivery": "blended"}
ORGANISATIONS = {"ceterms:CredentialOrganization", "ceterms:QACredentialOrganization",
                 "ceterms:Organization"}  # fmt: skip
HANDLED = {
    "@id", "@type", "@context", "ceterms:ctid", "ceterms:identifier", "ceterms:name",
    "ceterms:description", "ceterms:subjectWebpage", "ceterms:ownedBy", "ceterms:offeredBy",
    "ceterms:credentialStatusType", "ceterms:lifeCycleStatusType", "ceterms:inLanguage",
    "ceterms:learningDeliveryType", "ceterms:deliveryType", "ceterms:deliveryTypeDescription",
    "ceterms:instructionalProgramType", "ceterms:creditValue", "ceterms:requires",
    "ceterms:assessmentDeliveryType", "ceterms:audienceLevelType", "ceterms:estimatedDuration",
    "ceterms:estimatedCost", "ceterms:financialAssistance", "ceterms:occupationType",
    "ceterms:keyword", "ceterms:isPartOf", "ceterms:hasPart",
}  # fmt: skip


def find_credential(document: dict[str, Any]) -> dict[str, Any]:
    candidates = as_list(document.get("@graph")) or [document]
    for node in candidates:
        if isinstance(node, dict) and set(node_types(node)) & set(CLASSES_BACK):
            return node
    for node in candidates:
        types = set(node_types(node))
        if isinstance(node, dict) and node.get("ceterms:ctid") and not types & ORGANISATIONS:
            return node
    raise ImportFailure(
        "this is not a CTDL credential: expected a node with `@type` such as "
        "ceterms:MicroCredential and a ceterms:ctid (alone or in an @graph)"
    )


def _concept(value: Any) -> str:
    """The local name of a CredentialAlignmentObject's target node: credentialStat:Active ->
    Active, https://purl.org/ctdl/vocabs/deliveryType/InPerson -> InPerson."""
    node = value[0] if isinstance(value, list) and value else value
    target = node.get("ceterms:targetNode") if isinstance(node, dict) else node
    return re.split(r"[:/]", str(target or ""))[-1]


def convert(document: dict[str, Any], provider: Provider) -> Imported:
    node = find_credential(document)
    nodes = index_nodes(document)
    result = Imported()
    data = result.data
    lang = languages_of(node.get("ceterms:name"))
    for key in sorted(set(node) - HANDLED):
        result.note(f"{key}: CTDL property with no credir field; not imported")
    for identifier in as_list(node.get("ceterms:identifier")):
        value = str(identifier.get("ceterms:identifierValueCode") or "")
        if text(identifier.get("ceterms:identifierTypeName")) == out.KEY_IDENTIFIER and is_key(
            value
        ):
            data["id"] = credential_id_from_key(value)
    if "id" not in data and key_from_url(str(node.get("@id") or "")):
        data["id"] = credential_id_from_key(key_from_url(node["@id"]))
    title = text(node.get("ceterms:name"), lang)
    if title:
        data["title"] = one_line(title)
    kind = next((CLASSES_BACK[t] for t in node_types(node) if t in CLASSES_BACK), None)
    data["type"] = kind or "other"
    if kind is None:
        result.note(f"@type {node_types(node)}: no credir type matches; set to `other`")
    description = text(node.get("ceterms:description"), lang)
    if description:
        data["summary"], rest = split_summary(description, result)
        if rest:
            data["description"] = rest
    url = node.get("ceterms:subjectWebpage")
    if isinstance(url, str) and url.startswith("https://"):
        data["url"] = url
    owners = [nodes.get(node_id(o) or "", {}) for o in as_list(node.get("ceterms:ownedBy"))]
    names = [one_line(n) for o in owners if (n := text(o.get("ceterms:name"), lang))]
    if names and names != [provider.name]:
        data["awarding_bodies"] = names
    languages = [language_alpha2(str(code)) for code in as_list(node.get("ceterms:inLanguage"))]
    if any(languages):
        data["languages"] = list(dict.fromkeys(code for code in languages if code))
    _outcomes_and_prerequisites(node, lang, result)
    _workload(node, result)
    fields = []
    for item in as_list(node.get("ceterms:instructionalProgramType")):
        code = str(item.get("ceterms:codedNotation") or _concept(item))
        if code in isced_fields() and len(code) >= 2:
            fields.append(code)
    if fields:
        data["fields_of_education"] = fields
    if node.get("ceterms:audienceLevelType"):
        result.note("audienceLevelType: CTDL has no EQF level; add level.eqf if there is one")
    _participation(node, result)
    for profile in as_list(node.get("ceterms:estimatedDuration"))[:1]:
        duration = profile.get("ceterms:exactDuration")
        if isinstance(duration, str) and iso_duration(duration):
            data["duration"] = iso_duration(duration)
    _cost(node, lang, result)
    status = LIFE_CYCLE_BACK.get(_concept(node.get("ceterms:lifeCycleStatusType")))
    status = status or CREDENTIAL_STATUS_BACK.get(
        _concept(node.get("ceterms:credentialStatusType"))
    )
    if status:
        data["status"] = status
    occupations = []
    for item in as_list(node.get("ceterms:occupationType")):
        label = text(item.get("ceterms:targetNodeName"), lang)
        target = str(item.get("ceterms:targetNode") or "")
        if label:
            occupation = {"label": one_line(label)}
            if re.match(ESCO_OCCUPATION.regex, target):
                occupation["esco"] = target
            occupations.append(occupation)
    if occupations:
        data["occupations"] = occupations
    keywords = node.get("ceterms:keyword")
    found = keywords.get(lang[0]) if isinstance(keywords, dict) and lang else None
    if found is None and isinstance(keywords, dict) and keywords:
        found = next(iter(keywords.values()))
    if found:
        data["keywords"] = [one_line(k) for k in as_list(found) if str(k).strip()]
    stack: dict[str, Any] = {}
    part_of = [key_from_url(str(url)) for url in as_list(node.get("ceterms:isPartOf"))]
    if [key for key in part_of if key]:
        stack["contributes_to"] = [key for key in part_of if key]
    # The parts listed are the ones this provider recognises: other providers' it `accepts`.
    parts = [key_from_url(str(url)) for url in as_list(node.get("ceterms:hasPart"))]
    accepts = [key for key in parts if key and not key.startswith(provider.id + "/")]
    if accepts:
        stack["accepts"] = accepts
    if stack:
        data["stackability"] = stack
    return result


def _outcomes_and_prerequisites(node: dict, lang: list[str], result: Imported) -> None:
    outcomes, skills = [], []
    for condition in as_list(node.get("ceterms:requires")):
        name = text(condition.get("ceterms:name"), ["en"])
        if name == out.PREREQUISITES_CONDITION:
            prerequisites = text(condition.get("ceterms:description"), lang)
            if prerequisites:
                result.data["prerequisites"] = prerequisites.strip()
            continue
        for item in as_list(condition.get("ceterms:targetCompetency")):
            label = text(item.get("ceterms:targetNodeName"), lang)
            target = str(item.get("ceterms:targetNode") or "")
            if label and re.match(ESCO_SKILL.regex, target):
                skills.append({"label": one_line(label), "esco": target})
            elif label:
                outcomes.append(label.strip())
        if name != out.OUTCOMES_CONDITION and not condition.get("ceterms:targetCompetency"):
            result.note(f"condition `{name}`: not learning outcomes or prerequisites; not imported")
    if outcomes:
        result.data["learning_outcomes"] = outcomes
    if skills:
        result.data["skills"] = skills


def _workload(node: dict, result: Imported) -> None:
    workload: dict[str, Any] = {}
    for value in as_list(node.get("ceterms:creditValue")):
        unit = text(value.get("ceterms:creditUnitTypeDescription"), ["en"]) or _concept(
            value.get("ceterms:creditUnitType")
        )
        amount = value.get("schema:value")
        if not isinstance(amount, int | float):
            continue
        if unit == out.ECTS_UNIT:
            workload["ects"] = amount
        elif unit in (out.HOURS_UNIT, "ClockHour"):
            workload["hours"] = amount
        else:
            result.note(f"creditValue {amount} {unit}: not ECTS or hours; not imported")
    if workload:
        result.data["workload"] = workload


def _participation(node: dict, result: Imported) -> None:
    delivery = node.get("ceterms:learningDeliveryType") or node.get("ceterms:deliveryType")
    participation: dict[str, Any] = {}
    mode = DELIVERY_BACK.get(_concept(delivery))
    if mode:
        participation["mode"] = mode
    words = text(node.get("ceterms:deliveryTypeDescription"), ["en"]) or ""
    # The export writes "<mode label>[, <pace label>][; <location>]" (see delivery_description).
    head, _, location = words.partition("; ")
    label, _, pace_label = head.partition(", ")
    for known, mode_label in PARTICIPATION_MODE_LABELS.items():
        if label == mode_label:
            participation["mode"] = known
            for pace, pace_text in PACE_LABELS.items():
                if pace_label == pace_text.lower():
                    participation["pace"] = pace
            if location:
                participation["location"] = location
    if participation:
        result.data["participation"] = participation


def _cost(node: dict, lang: list[str], result: Imported) -> None:
    cost: dict[str, Any] = {}
    for profile in as_list(node.get("ceterms:estimatedCost"))[:1]:
        price = profile.get("ceterms:price")
        if isinstance(price, int | float):
            cost["amount"] = price
            currency = profile.get("ceterms:currency")
            if isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency):
                cost["currency"] = currency
            elif currency:
                result.note(f"currency `{currency}`: not an ISO 4217 code; add cost.currency")
    funding = [
        one_line(found)
        for item in as_list(node.get("ceterms:financialAssistance"))
        if (found := text(item.get("ceterms:name"), lang))
    ]
    if funding:
        cost["funding"] = funding
    if cost:
        result.data["cost"] = cost
