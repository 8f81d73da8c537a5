"""Import a CTDL credential (a Registry document: one node, or an @graph) into credential
fields. Reads what generator.export.ctdl writes and the same properties in Registry data."""

from __future__ import annotations

import re
from typing import Any

from generator.export import ctdl as out
from generator.export.values import iso_duration, language_alpha2
from generator.format.models import Provider
from generator.format.patterns import ESCO_OCCUPATION, ESCO_SKILL
from generator.format.vocabularies import PACE_LABELS, PARTICIPATION_MODE_LABELS, isced_fields
from generator.importers.common import (
    Imported,
    ImportFailure,
    as_list,
    credential_id_from_key,
    currency_code,
    describe,
    index_nodes,
    is_key,
    is_provider,
    key_from_url,
    languages_of,
    mark_all,
    node_id,
    node_types,
    one_line,
    split_summary,
    text,
    web_page,
)

CLASSES_BACK = {value: key for key, value in out.CREDENTIAL_CLASSES.items()}
LIFE_CYCLE_BACK = {life: status for status, (_, life) in out.STATUSES.items()}
LIFE_CYCLE_BACK |= {"Deprecated": "ceased", "Retired": "ceased"}
CREDENTIAL_STATUS_BACK = {"Active": "active", "Suspended": "suspended", "Deprecated": "ceased"}
DELIVERY_BACK = {"OnlineOnly": "online", "InPerson": "onsite", "BlendedDelivery": "blended"}
ORGANISATIONS = {"ceterms:CredentialOrganization", "ceterms:QACredentialOrganization",
                 "ceterms:Organization"}  # fmt: skip


def reason(path: str, focus: str) -> tuple[str, bool]:
    """Why a property was not imported (CTDL documents hold no learner's data)."""
    if path.endswith("ceterms:ctid"):
        return "the Registry's identifier; credir makes its own on export", False
    if path.startswith("@graph[") and path.count(".") == 0:
        return "another node of the graph, not the credential", False
    return "credir has no field for it", False


def find_credential(document: dict[str, Any]) -> dict[str, Any]:
    graph = dict.get(document, "@graph")
    candidates = as_list(graph) or [document]
    if graph is not None:
        document.get("@graph")
    for node in candidates:
        if isinstance(node, dict) and set(node_types(dict(node))) & set(CLASSES_BACK):
            return node
    for node in candidates:
        types = set(node_types(dict(node))) if isinstance(node, dict) else set()
        if types & ORGANISATIONS or not isinstance(node, dict):
            continue
        if dict.get(node, "ceterms:ctid") or any(t.startswith("ceterms:") for t in types):
            return node
    if graph is not None:
        found = ", ".join(
            f"{'/'.join(node_types(dict(n))) or 'untyped'} "
            f"({text(dict.get(n, 'ceterms:name')) or node_id(dict(n)) or 'no name'})"
            for n in candidates
            if isinstance(n, dict)
        )
        raise ImportFailure(
            f"no credential in this @graph (it has: {found or 'nothing'}); `credir import "
            "ctdl` expects a node with `@type` such as ceterms:MicroCredential"
        )
    raise ImportFailure(
        f"this is {describe(document)}; `credir import ctdl` expects a credential or learning "
        "opportunity with `@type` such as ceterms:MicroCredential and a ceterms:ctid (alone "
        "or in an @graph)"
    )


def _concept(value: Any) -> str:
    """The local name of a CredentialAlignmentObject's target node: credentialStat:Active ->
    Active, https://purl.org/ctdl/vocabs/deliveryType/InPerson -> InPerson."""
    node = value[0] if isinstance(value, list) and value else value
    if isinstance(node, dict):
        target = node.get("ceterms:targetNode") or node.get("@id")
        target = node_id(target) if isinstance(target, dict) else target
    else:
        target = node
    return re.split(r"[:/]", str(target or ""))[-1]


def convert(document: dict[str, Any], provider: Provider) -> Imported:
    node = find_credential(document)
    nodes = index_nodes(document)
    result = Imported(focus=node)
    data = result.data
    lang = languages_of(dict.get(node, "ceterms:name"))
    for identifier in as_list(dict.get(node, "ceterms:identifier")):
        value = str(dict.get(identifier, "ceterms:identifierValueCode") or "")
        kind = text(dict(dict.get(identifier, "ceterms:identifierTypeName") or {}))
        if kind == out.KEY_IDENTIFIER and is_key(value):
            node.get("ceterms:identifier")
            mark_all(identifier)
            data["id"] = credential_id_from_key(value)
    if "id" not in data and key_from_url(str(dict.get(node, "@id") or "")):
        data["id"] = credential_id_from_key(key_from_url(node["@id"]))
    title = text(node.get("ceterms:name"), lang)
    if title:
        data["title"] = one_line(title)
    kind = next((CLASSES_BACK[t] for t in node_types(node) if t in CLASSES_BACK), None)
    if kind:
        data["type"] = kind
    else:
        result.default(
            "type",
            "other",
            f"@type {', '.join(node_types(node))}: no credir type matches; check it",
        )
    description = text(node.get("ceterms:description"), lang)
    if description:
        data["summary"], rest = split_summary(description, result)
        if rest:
            data["description"] = rest
    web_page(
        dict.get(node, "ceterms:subjectWebpage"), result, "url", node, "ceterms:subjectWebpage"
    )
    owned = dict.get(node, "ceterms:ownedBy")
    owners = [nodes.get(node_id(o) or "", o if isinstance(o, dict) else {}) for o in as_list(owned)]
    names = [one_line(n) for o in owners if (n := text(o.get("ceterms:name"), lang))]
    if names:
        node.get("ceterms:ownedBy")
    if names and not is_provider(names, provider):
        data["awarding_bodies"] = names
    given = as_list(node.get("ceterms:inLanguage"))
    languages = [language_alpha2(str(code).split("-")[0]) for code in given]
    for code, found in zip(given, languages, strict=True):
        if not found:
            result.skip("ceterms:inLanguage", code, "not a language of ISO 639-1")
    if any(languages):
        data["languages"] = list(dict.fromkeys(code for code in languages if code))
    _outcomes_and_prerequisites(node, lang, result)
    _workload(node, result)
    fields = []
    programs = as_list(dict.get(node, "ceterms:instructionalProgramType"))
    for item in programs:
        code = str(dict.get(item, "ceterms:codedNotation") or _concept(dict(item)))
        if code in isced_fields() and len(code) >= 2:
            fields.append(code)
            mark_all(item)
        else:  # CIP and other programme codes: no mapping to ISCED-F that could be trusted
            name = text(dict(item).get("ceterms:targetNodeName"), lang) or ""
            result.skip(
                "ceterms:instructionalProgramType",
                f"{code} {name}".strip(),
                "a programme code that is not ISCED-F (e.g. CIP); give the ISCED-F "
                "field in fields_of_education",
            )
            result.hints["fields_of_education"] = f"programme code {code} {name}".strip()
            mark_all(item)
    if programs:
        node.get("ceterms:instructionalProgramType")
    if fields:
        data["fields_of_education"] = fields
    for item in as_list(node.get("ceterms:audienceLevelType")):
        name = (
            text(dict(item).get("ceterms:targetNodeName"), lang) if isinstance(item, dict) else item
        )
        mark_all(item)
        result.skip(
            "ceterms:audienceLevelType",
            name or _concept(item),
            "a CTDL audience level is not an EQF level; add level.eqf if there is one",
        )
    _participation(node, result)
    for profile in as_list(node.get("ceterms:estimatedDuration"))[:1]:
        duration = dict.get(profile, "ceterms:exactDuration")
        if isinstance(duration, str) and iso_duration(duration):
            profile.mark("ceterms:exactDuration")
            data["duration"] = iso_duration(duration)
    _cost(node, lang, result)
    life = node.get("ceterms:lifeCycleStatusType") or _offering_life_cycle(node)
    said = node.get("ceterms:credentialStatusType")
    status = LIFE_CYCLE_BACK.get(_concept(life)) or CREDENTIAL_STATUS_BACK.get(_concept(said))
    if said and CREDENTIAL_STATUS_BACK.get(_concept(said)) not in (None, status):
        result.skip("ceterms:credentialStatusType", _concept(said), "differs from the life cycle")
    if status:
        data["status"] = status
    elif life or said:
        result.skip(
            "ceterms:lifeCycleStatusType", _concept(life or said), "no credir status matches"
        )
    occupations = []
    for item in as_list(node.get("ceterms:occupationType")):
        label = text(item.get("ceterms:targetNodeName"), lang)
        target = str(dict.get(item, "ceterms:targetNode") or "")
        if label:
            occupation = {"label": one_line(label)}
            if re.match(ESCO_OCCUPATION.regex, target):
                item.mark("ceterms:targetNode")
                occupation["esco"] = target
            occupations.append(occupation)
    if occupations:
        data["occupations"] = [
            dict(t) for t in dict.fromkeys(tuple(o.items()) for o in occupations)
        ]
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
    """`requires` holds our learning outcomes and prerequisites (by condition name); any
    other condition, and every `entryCondition`, is a prerequisite in the source's words."""
    outcomes, skills, prerequisites = [], [], []
    for condition in as_list(node.get("ceterms:requires")):
        name = text(condition.get("ceterms:name"), ["en"])
        competencies = as_list(condition.get("ceterms:targetCompetency"))
        for item in competencies:
            label = text(item.get("ceterms:targetNodeName"), lang)
            target = str(item.get("ceterms:targetNode") or "")
            if label and re.match(ESCO_SKILL.regex, target):
                skills.append({"label": one_line(label), "esco": target})
            elif label:
                outcomes.append(label.strip())
        if name == out.OUTCOMES_CONDITION or (competencies and name != out.PREREQUISITES_CONDITION):
            continue
        said = _condition_text(condition, lang)
        if name == out.PREREQUISITES_CONDITION:
            prerequisites.append(said.removeprefix(f"{name}: "))
        elif said:
            prerequisites.append(said)
    for condition in as_list(node.get("ceterms:entryCondition")):
        said = _condition_text(condition, lang)
        if said:
            prerequisites.append(said)
    if prerequisites:
        result.data["prerequisites"] = "\n\n".join(p.strip() for p in prerequisites)
    if outcomes:
        result.data["learning_outcomes"] = outcomes
    if skills:
        result.data["skills"] = skills


def _condition_text(condition: dict, lang: list[str]) -> str:
    """A condition profile in words: "name: description (condition; condition)"."""
    name = text(condition.get("ceterms:name"), lang)
    description = text(condition.get("ceterms:description"), lang)
    items = condition.get("ceterms:condition")
    listed = [one_line(str(c)) for c in as_list(text_list(items, lang))]
    words = ": ".join(w for w in (name, description) if w)
    if listed:
        words += f" ({'; '.join(listed)})" if words else "; ".join(listed)
    return words


def text_list(value: Any, lang: list[str]) -> list[str]:
    """Every string of a language map whose values are lists (CTDL's `condition`)."""
    if isinstance(value, dict):
        for key in [*lang, "en"]:
            for tag in dict.keys(value):
                if tag.split("-")[0].lower() == key:
                    return [str(v) for v in as_list(value[tag])]
        return [str(v) for tag in list(value) for v in as_list(value[tag])]
    return [str(v) for v in as_list(value)]


def _offering_life_cycle(node: dict) -> Any:
    """The life cycle of the learning opportunity a `requires` condition targets: where
    CTDL (and credir's export) keeps it, since a credential has none."""
    for condition in as_list(node.get("ceterms:requires")):
        for opportunity in as_list(dict.get(condition, "ceterms:targetLearningOpportunity")):
            if isinstance(opportunity, dict) and dict.get(
                opportunity, "ceterms:lifeCycleStatusType"
            ):
                condition.get("ceterms:targetLearningOpportunity")
                # Its name and page are the credential's own (credir's export writes them so).
                opportunity.mark("ceterms:name", "ceterms:subjectWebpage")
                return opportunity.get("ceterms:lifeCycleStatusType")
    return None


def _credit_values(node: dict) -> list[tuple[Any, str]]:
    """(value, unit name) of every credit value: on the credential (older exports, other
    publishers) or on a condition it requires (CTDL's place for them)."""
    found = []
    for holder in [node, *as_list(node.get("ceterms:requires"))]:
        if not isinstance(holder, dict):
            continue
        unit_of_holder = text(dict.get(holder, "ceterms:creditUnitTypeDescription"), ["en"])
        for value in as_list(dict.get(holder, "ceterms:creditValue")):
            holder.get("ceterms:creditValue")
            if unit_of_holder:
                holder.get("ceterms:creditUnitTypeDescription")
            unit = (
                text(value.get("ceterms:creditUnitTypeDescription"), ["en"])
                or text(value.get("schema:description"), ["en"])
                or unit_of_holder
                or _concept(value.get("ceterms:creditUnitType"))
            )
            value.mark("ceterms:creditUnitType")
            found.append((value, unit))
    return found


def _workload(node: dict, result: Imported) -> None:
    workload: dict[str, Any] = {}
    for value, unit in _credit_values(node):
        amount = value.get("schema:value")
        if not isinstance(amount, int | float):
            result.skip("ceterms:creditValue", value, "no number of credits")
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
    elif delivery:
        result.skip("ceterms:deliveryType", _concept(delivery), "no participation mode matches")
    said_in = next(
        (
            name
            for name in ("ceterms:learningDeliveryDescription", "ceterms:deliveryTypeDescription")
            if dict.get(node, name)
        ),
        "ceterms:learningDeliveryDescription",
    )
    words = text(node.get(said_in), ["en"]) or ""
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
    if words and label not in PARTICIPATION_MODE_LABELS.values():
        result.skip(
            said_in,
            words,
            "credir keeps the mode (and pace, place), not a description of delivery",
        )
    if participation:
        result.data["participation"] = participation


def _cost(node: dict, lang: list[str], result: Imported) -> None:
    cost: dict[str, Any] = {}
    for profile in as_list(node.get("ceterms:estimatedCost"))[:1]:
        price = profile.get("ceterms:price")
        if isinstance(price, int | float):
            amount = int(price) if float(price).is_integer() else price
            currency = profile.get("ceterms:currency")
            code = currency_code(currency) if isinstance(currency, str) else None
            if code or not amount:
                cost["amount"] = amount
            if code:
                cost["currency"] = code
                if code != currency:
                    result.note(f"cost.currency: `{currency}` in the source, read as {code}")
            elif amount:  # a price in an unknown currency is no price: listed, not guessed
                result.skip(
                    "ceterms:estimatedCost",
                    f"{amount} {currency or '(no currency)'}",
                    "not an ISO 4217 currency; give cost.amount and cost.currency",
                )
    funding = [
        one_line(found)
        for item in as_list(node.get("ceterms:financialAssistance"))
        if (found := text(item.get("ceterms:name"), lang))
    ]
    if funding:
        cost["funding"] = funding
    if cost:
        result.data["cost"] = cost
