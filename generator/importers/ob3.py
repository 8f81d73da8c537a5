"""Import an Open Badges 3.0 Achievement (alone, or inside an AchievementCredential)."""

from __future__ import annotations

import re
from typing import Any

from generator.export.ob3 import (
    ACHIEVEMENT_TYPES,
    EQF_FRAMEWORK,
    ISCED_FRAMEWORK,
    KEY_IDENTIFIER_TYPE,
)
from generator.export.values import language_alpha2
from generator.importers.common import (
    Imported,
    ImportFailure,
    as_list,
    credential_id_from_key,
    https_url,
    is_key,
    one_line,
    split_summary,
)
from generator.models import Provider
from generator.patterns import ESCO_OCCUPATION, ESCO_SKILL
from generator.vocabularies import isced_fields

TYPES_BACK = {value: key for key, value in ACHIEVEMENT_TYPES.items()}
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
HANDLED = {
    "@context", "id", "type", "achievementType", "name", "description", "criteria",
    "creditsAvailable", "fieldOfStudy", "inLanguage", "@language", "creator", "alignment",
    "tag", "otherIdentifier",
}  # fmt: skip


def find_achievement(document: dict[str, Any]) -> dict[str, Any]:
    if "Achievement" in as_list(document.get("type")):
        return document
    subject = document.get("credentialSubject")
    for item in as_list(subject):
        if isinstance(item, dict) and isinstance(item.get("achievement"), dict):
            return item["achievement"]
    raise ImportFailure(
        'this is not an Open Badges 3.0 Achievement: expected `"type": ["Achievement"]` '
        "or an AchievementCredential with credentialSubject.achievement"
    )


def outcomes_from(narrative: str) -> list[str]:
    """Learning outcomes from criteria: the items of its Markdown list, else the whole text."""
    items = [m[1].strip() for line in narrative.splitlines() if (m := _LIST_ITEM.match(line))]
    return items or ([narrative.strip()] if narrative.strip() else [])


def convert(document: dict[str, Any], provider: Provider) -> Imported:
    achievement = find_achievement(document)
    result = Imported()
    data = result.data
    for key in sorted(set(achievement) - HANDLED):
        result.note(f"{key}: OB 3.0 property with no credir field; not imported")
    for entry in as_list(achievement.get("otherIdentifier")):
        value = entry.get("identifier") if isinstance(entry, dict) else None
        if entry.get("identifierType") == KEY_IDENTIFIER_TYPE and is_key(value or ""):
            data["id"] = credential_id_from_key(value)
    name = achievement.get("name")
    if isinstance(name, str) and name.strip():
        data["title"] = one_line(name)
    kind = achievement.get("achievementType")
    if kind in TYPES_BACK:
        data["type"] = TYPES_BACK[kind]
    else:
        data["type"] = "other"
        if kind:
            result.note(f"achievementType `{kind}`: no credir type matches; set to `other`")
    description = achievement.get("description")
    if isinstance(description, str) and description.strip():
        data["summary"], rest = split_summary(description, result)
        if rest:
            data["description"] = rest
    criteria = achievement.get("criteria") or {}
    url = https_url(criteria.get("id"))
    if url:
        data["url"] = url
    creator = achievement.get("creator") or {}
    if "url" not in data and https_url(creator.get("url")):
        data["url"] = creator["url"]
        result.note("url: the criteria have no web page; used the creator's home page")
    language = achievement.get("inLanguage") or achievement.get("@language")
    if isinstance(language, str) and language_alpha2(language):
        data["languages"] = [language_alpha2(language)]
    outcomes = outcomes_from(criteria.get("narrative") or "")
    if outcomes:
        data["learning_outcomes"] = outcomes
    credits = achievement.get("creditsAvailable")
    if isinstance(credits, int | float) and 0 < credits <= 60:
        data["workload"] = {"ects": credits}
        result.note("creditsAvailable: read as ECTS credits; check the unit")
    _alignments(achievement, result)
    tags = [t for t in as_list(achievement.get("tag")) if isinstance(t, str) and t.strip()]
    if tags:
        data["keywords"] = tags
    creator_name = creator.get("name") if isinstance(creator, dict) else None
    if creator_name and creator_name != provider.name:
        data["awarding_bodies"] = [creator_name]
    country = (creator.get("address") or {}).get("addressCountryCode") if creator else None
    if country and country != provider.country:
        data["countries"] = [country]
    return result


def _alignments(achievement: dict[str, Any], result: Imported) -> None:
    data = result.data
    fields: list[str] = []
    for item in as_list(achievement.get("alignment")):
        if not isinstance(item, dict):
            continue
        target = str(item.get("targetUrl") or "")
        label = str(item.get("targetName") or "").strip()
        framework = item.get("targetFramework")
        code = str(item.get("targetCode") or target.rsplit("/", 1)[-1])
        if framework == ISCED_FRAMEWORK or target.startswith("http://data.europa.eu/snb/isced-f/"):
            if code in isced_fields() and len(code) >= 2 and code not in fields:
                fields.append(code)
        elif framework == EQF_FRAMEWORK or target.startswith("http://data.europa.eu/snb/eqf/"):
            if code.isdigit() and 1 <= int(code) <= 8:
                data.setdefault("level", {})["eqf"] = int(code)
        elif re.match(ESCO_SKILL.regex, target):
            data.setdefault("skills", []).append({"label": label, "esco": target})
        elif re.match(ESCO_OCCUPATION.regex, target):
            data.setdefault("occupations", []).append({"label": label, "esco": target})
        else:
            result.note(f"alignment `{label or target}`: not ISCED-F, EQF or ESCO; not imported")
    if fields:
        data["fields_of_education"] = fields
    elif achievement.get("fieldOfStudy"):
        codes = []
        for part in str(achievement["fieldOfStudy"]).split(";"):
            matching = [
                c for c, name in isced_fields().items() if name.lower() == part.strip().lower()
            ]
            if matching:
                codes.append(max(matching, key=len))  # the most specific code of that name
        if codes:
            data["fields_of_education"] = list(dict.fromkeys(codes))
            result.note("fieldOfStudy: matched to ISCED-F codes by name; check them")
        else:
            result.note(f"fieldOfStudy `{achievement['fieldOfStudy']}`: no ISCED-F field matches")
