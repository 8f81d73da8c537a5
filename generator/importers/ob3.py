"""Import an Open Badges 3.0 Achievement (alone, or inside an AchievementCredential in a
Verifiable Credential 1.1 or 2.0 envelope), including the EU micro-credential profile that
Edubadges publishes (`ECTS`, an EQF alignment `targetType: ext:EQF`, participation,
assessment, supervision and quality assurance extensions)."""

from __future__ import annotations

import re
from typing import Any

from generator.export.ob3 import (
    ACHIEVEMENT_TYPES,
    CRITERIA_INTRO,
    EQF_FRAMEWORK,
    ISCED_FRAMEWORK,
    KEY_IDENTIFIER_TYPE,
)
from generator.export.values import language_alpha2
from generator.format.models import Provider
from generator.format.patterns import ESCO_OCCUPATION, ESCO_SKILL
from generator.format.vocabularies import PARTICIPATION_MODES, isced_fields
from generator.importers.common import (
    Imported,
    ImportFailure,
    as_list,
    assessment_method,
    credential_id_from_key,
    describe,
    is_key,
    is_provider,
    one_line,
    split_summary,
    supervision_level,
    web_page,
)

TYPES_BACK = {value: key for key, value in ACHIEVEMENT_TYPES.items()}
# Alignment target types that name a competency or skill: what a holder can do.
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
COMPETENCY_TYPES = {"CFItem", "ceasn:Competency", "Competency", "ext:Competency", "ext:Skill"}
LONG_TEXT = 2000


def reason(path: str, focus: str) -> tuple[str, bool]:
    """Why a property was not imported, and whether it is a learner's personal data."""
    if path.startswith("evidence") or (
        path.startswith("credentialSubject") and ".achievement" not in path
    ):
        return "about one learner's award, not the offering (value not copied)", True
    if path.startswith(("proof", "credentialStatus", "credentialSchema", "refreshService")):
        return "verification machinery of the issued credential", False
    if path.startswith("issuer"):
        return "the issuer of an award; the provider file says who offers it", False
    if focus and "." not in path and not path.startswith("credentialSubject"):
        return "about the issued credential (its envelope), not the offering", False
    if path.endswith(("image", ".endorsement")) or ".endorsement" in path:
        return "credir has no field for it", False
    return "credir has no field for it", False


def find_achievement(document: dict[str, Any]) -> dict[str, Any]:
    if "Achievement" in as_list(dict.get(document, "type")):
        return document
    for item in as_list(dict.get(document, "credentialSubject")):
        if isinstance(item, dict) and isinstance(dict.get(item, "achievement"), dict):
            document.get("credentialSubject")
            item.get("achievement")
            return item["achievement"]
    raise ImportFailure(
        f"this is {describe(document)}; `credir import ob3` expects an Open Badges 3.0 "
        'Achievement (`"type": ["Achievement"]`) or an OpenBadgeCredential / '
        "AchievementCredential with credentialSubject.achievement"
    )


def convert(document: dict[str, Any], provider: Provider) -> Imported:
    achievement = find_achievement(document)
    result = Imported(focus=achievement)
    data = result.data
    for entry in as_list(dict.get(achievement, "otherIdentifier")):
        value = dict.get(entry, "identifier") if isinstance(entry, dict) else None
        if dict.get(entry, "identifierType") == KEY_IDENTIFIER_TYPE and is_key(value or ""):
            entry.mark("identifier", "identifierType")
            achievement.mark("otherIdentifier")
            data["id"] = credential_id_from_key(value)
    name = achievement.get("name")
    if isinstance(name, str) and name.strip():
        data["title"] = one_line(name)
    kind = achievement.get("achievementType")
    if kind in TYPES_BACK:
        data["type"] = TYPES_BACK[kind]
    elif kind:
        result.default("type", "other", f"achievementType `{kind}` has no credir type; check it")
    else:
        result.default("type", "other", "no achievementType in the source; check it")
    description = achievement.get("description")
    if isinstance(description, str) and description.strip():
        data["summary"], rest = split_summary(description, result)
        if rest:
            data["description"] = rest
    criteria = achievement.get("criteria") or {}
    creator = achievement.get("creator") or {}
    if not web_page(dict.get(criteria, "id"), result, "url", criteria, "id") and web_page(
        dict.get(creator, "url"), result, "url", creator, "url"
    ):
        result.defaults["url"] = "the creator's home page (the criteria have no page)"
    language = achievement.get("inLanguage") or achievement.get("@language")
    if isinstance(language, str) and language_alpha2(language.split("-")[0]):
        data["languages"] = [language_alpha2(language.split("-")[0])]
    elif language:
        result.skip("inLanguage", language, "not a language of ISO 639-1")
    _assessment(achievement, criteria, result)
    credits = achievement.get("ECTS")  # the EU micro-credential profile says ECTS outright
    if isinstance(credits, int | float) and 0 < credits <= 60:
        data["workload"] = {"ects": credits}
    else:
        credits = achievement.get("creditsAvailable")
        if isinstance(credits, int | float) and 0 < credits <= 60:
            data["workload"] = {"ects": credits}
            result.guessed("workload", "creditsAvailable read as ECTS credits; check the unit")
        elif credits is not None:
            result.skip("creditsAvailable", credits, "not between 0 and 60 ECTS credits")
    _alignments(achievement, result)
    _participation(achievement, result)
    tags = [t for t in as_list(achievement.get("tag")) if isinstance(t, str) and t.strip()]
    if tags:
        data["keywords"] = tags
    creator_name = creator.get("name") if isinstance(creator, dict) else None
    if creator_name and not is_provider([creator_name], provider):
        data["awarding_bodies"] = [creator_name]
    address = creator.get("address") if isinstance(creator, dict) else None
    country = address.get("addressCountryCode") if isinstance(address, dict) else None
    if country and country != provider.country:
        data["countries"] = [country]
    return result


def _assessment(achievement: dict[str, Any], criteria: dict[str, Any], result: Imported) -> None:
    """How it is earned: criteria.narrative, results and the EU profile's assessment and
    supervision extensions describe the assessment (never the learning outcomes)."""
    parts: list[str] = []
    narrative = criteria.get("narrative") if isinstance(criteria, dict) else None
    if isinstance(narrative, str) and narrative.startswith(CRITERIA_INTRO):
        # Our own export lists the learning outcomes here, under its fixed introduction.
        items = [m[1].strip() for line in narrative.splitlines() if (m := _LIST_ITEM.match(line))]
        if items:
            result.data["learning_outcomes"] = items
            narrative = None
    if isinstance(narrative, str) and narrative.strip():
        parts.append(narrative.strip())
    for item in as_list(achievement.get("resultDescription")):
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            detail = [str(item.get("resultType") or "")]
            if item.get("requiredValue"):
                detail.append(f"required: {item['requiredValue']}")
            allowed = item.get("allowedValue")
            if allowed:
                detail.append("values: " + ", ".join(str(v) for v in as_list(allowed)))
            low, high = item.get("valueMin"), item.get("valueMax")
            if low is not None and high is not None:
                detail.append(f"from {low} to {high}")
            parts.append(f"Result: {item['name']} ({'; '.join(d for d in detail if d)})")
    assessment: dict[str, Any] = {}
    kind = achievement.get("assessmentType")
    if isinstance(kind, str) and kind.strip():
        method = assessment_method(kind)
        if method:
            assessment["methods"] = [method]
        else:
            result.hints["assessment.methods"] = f"assessmentType `{kind}`"
            parts.append(f"Assessment type: {kind}")
    supervision = achievement.get("supervisionType")
    checked = achievement.get("identityChecked")
    if isinstance(supervision, str):
        level = supervision_level(supervision, checked if isinstance(checked, bool) else None)
        if level:
            assessment["supervision"] = level
        else:
            parts.append(f"Supervision: {supervision}")
    elif isinstance(checked, bool):
        parts.append("Identity checked" if checked else "Identity not checked")
    text = "\n\n".join(parts)
    if text and len(text) <= LONG_TEXT:
        assessment["description"] = text
    elif text:
        result.data["description"] = "\n\n".join(
            filter(None, [result.data.get("description"), "## How to earn it", text])
        )
        result.note("criteria: longer than assessment.description holds; put in description")
    if assessment:
        result.data["assessment"] = {
            key: assessment[key]
            for key in ("methods", "description", "supervision")
            if key in assessment
        }
    if "methods" not in assessment and text:
        result.hints.setdefault("assessment.methods", "see assessment.description")


def _participation(achievement: dict[str, Any], result: Imported) -> None:
    words = achievement.get("participationType")
    if not isinstance(words, str):
        return
    mode = words.strip().lower().replace("on-site", "onsite").replace("on site", "onsite")
    if mode in PARTICIPATION_MODES:
        result.data["participation"] = {"mode": mode}
    else:
        result.hints["participation"] = f"participationType `{words}`"


def _alignments(achievement: dict[str, Any], result: Imported) -> None:
    data = result.data
    fields: list[str] = []
    outcomes: list[str] = []
    name = dict.get(achievement, "name")
    items = [item for item in as_list(dict.get(achievement, "alignment")) if isinstance(item, dict)]
    for item in items:
        target = str(dict.get(item, "targetUrl") or "")
        label = one_line(str(dict.get(item, "targetName") or ""))
        framework = str(dict.get(item, "targetFramework") or "")
        target_type = str(dict.get(item, "targetType") or "")
        code = str(dict.get(item, "targetCode") or target.rsplit("/", 1)[-1])
        used = ("targetUrl", "targetName", "targetFramework", "targetType", "targetCode")
        if framework == ISCED_FRAMEWORK or target.startswith("http://data.europa.eu/snb/isced-f/"):
            if code in isced_fields() and len(code) >= 2 and code not in fields:
                fields.append(code)
                item.mark(*used)
        elif (
            framework == EQF_FRAMEWORK
            or target_type == "ext:EQF"
            or target.startswith("http://data.europa.eu/snb/eqf/")
        ):
            level = code.rsplit(" ", 1)[-1]
            if level.isdigit() and 1 <= int(level) <= 8:
                data.setdefault("level", {})["eqf"] = int(level)
                item.mark(*used)
        elif re.match(ESCO_SKILL.regex, target):
            data.setdefault("skills", []).append({"label": label, "esco": target})
            item.mark(*used)
        elif re.match(ESCO_OCCUPATION.regex, target):
            data.setdefault("occupations", []).append({"label": label, "esco": target})
            item.mark(*used)
        elif target_type == "ext:QualityAssurance":
            words = [label, one_line(str(dict.get(item, "targetDescription") or "")), target]
            data["quality_assurance"] = {"description": "; ".join(w for w in words if w)}
            result.hints["quality_assurance.types"] = f"a quality assurance decision: {label}"
            item.mark(*used, "targetDescription")
        elif target_type in COMPETENCY_TYPES and label and label != name:
            outcomes.append(label)  # a competency the holder shows: a learning outcome
            item.mark("targetName", "targetType")
    if not outcomes and dict.get(achievement, "achievementType") == "Competency":
        for item in items:  # the badge is the competency it aligns to
            if dict.get(item, "targetType") in COMPETENCY_TYPES and dict.get(item, "targetName"):
                outcomes.append(one_line(item["targetName"]))
                item.mark("targetType")
    if outcomes and "learning_outcomes" not in data:
        data["learning_outcomes"] = list(dict.fromkeys(outcomes))
    elif data.get("skills") and "learning_outcomes" not in data:
        data["learning_outcomes"] = [skill["label"] for skill in data["skills"]]
        result.guessed("learning_outcomes", "the ESCO skills' labels; check them")
    if any(dict.get(item, "targetName") for item in items):
        achievement.mark("alignment")
    if fields:
        data["fields_of_education"] = fields
        achievement.get("fieldOfStudy")  # our export: the names of the same fields
    elif dict.get(achievement, "fieldOfStudy"):
        study = achievement["fieldOfStudy"]
        codes = []
        for part in str(study).split(";"):
            matching = [
                c for c, name in isced_fields().items() if name.lower() == part.strip().lower()
            ]
            if matching:
                codes.append(max(matching, key=len))  # the most specific code of that name
        if codes:
            data["fields_of_education"] = list(dict.fromkeys(codes))
            result.guessed("fields_of_education", "fieldOfStudy matched to ISCED-F by name; check")
        else:
            result.skip("fieldOfStudy", study, "no ISCED-F field has this name")
            result.hints["fields_of_education"] = f"fieldOfStudy `{study}`"
