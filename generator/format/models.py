"""Model: the credential format v1.1 as pydantic models, the one source of truth.

Field names follow docs/format.md (the format specification) and are binding. The JSON Schemas
in schema/ are generated from these classes (generator.format.schema), so editors, CI and the
site all read the same rules. Models are strict: YAML values are never coerced, so a
provider's `title: yes` is an error rather than the text "True".
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib.util
import json
import os
import re
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from generator.format import patterns
from generator.format.limits import MAX_AMOUNT, MAX_LIST_ITEMS, MAX_TEXT_CHARS
from generator.format.vocabularies import (
    ASSESSMENT_METHODS,
    CREDENTIAL_TYPES,
    ISSUED_AS,
    OFFERED_STATUSES,
    PACES,
    PARTICIPATION_MODES,
    PROVIDER_TYPES,
    QA_TYPES,
    RECOGNITION_TYPES,
    STATUSES,
    SUPERVISION_LEVELS,
    isced_fields,
)

FORMAT_VERSION = "1.1"


# pycountry's data folder, found without importing pycountry (whose import reads every
# installed package's metadata for its version).
_PYCOUNTRY = importlib.util.find_spec("pycountry")
assert _PYCOUNTRY is not None and _PYCOUNTRY.origin is not None, "pycountry is a dependency"
_PYCOUNTRY_DATA = os.path.join(os.path.dirname(_PYCOUNTRY.origin), "databases")


def _codes(database: str, code: str) -> tuple[str, ...]:
    """Every ``code`` (alpha_2, alpha_3) of one of pycountry's ISO databases, read from its
    data file: pycountry's own objects index every entry on every attribute first, a cost
    at import that `credir validate PATH` would pay on every run (docs/benchmarks.md)."""
    with open(os.path.join(_PYCOUNTRY_DATA, f"iso{database}.json"), "rb") as file:
        entries = json.load(file)[database]
    return tuple(sorted(entry[code] for entry in entries if code in entry))


@cache
def country_codes() -> tuple[str, ...]:
    return _codes("3166-1", "alpha_2")


@cache
def language_codes() -> tuple[str, ...]:
    return _codes("639-3", "alpha_2")


@cache
def currency_codes() -> tuple[str, ...]:
    return _codes("4217", "alpha_3")


def _text(max_length: int, *, multiline: bool = False) -> Any:
    """Non-blank text up to ``max_length`` characters; one line unless ``multiline``."""
    regex = patterns.HAS_TEXT.regex if multiline else r"^[^\n\r]*\S[^\n\r]*$"
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length, pattern=regex)]


def _matching(pattern: patterns.Pattern, max_length: int = 2000) -> Any:
    return Annotated[str, StringConstraints(pattern=pattern.regex, max_length=max_length)]


# Python's fromisoformat also takes week dates (2027-W39-4) and other digits than 0-9;
# the format, like JSON Schema's `date`, means YYYY-MM-DD only.
_YYYY_MM_DD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """YAML gives a date for `2027-09-30`; a quoted ISO date is fine too, nothing else is."""
    if isinstance(value, dt.datetime):
        raise ValueError("give a date without a time, e.g. 2027-09-30")
    if isinstance(value, str):
        if not _YYYY_MM_DD.fullmatch(value):
            _bad_date(value)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            _bad_date(value)
    return value


def _bad_date(value: str) -> Any:
    raise ValueError(date_mistake(value))


def date_mistake(text: str) -> str:
    """Why ``text`` is not a date, in the words that fix it: a day that does not exist is
    named as such (its shape, YYYY-MM-DD, was right), anything else gets the shape."""
    if _YYYY_MM_DD.fullmatch(text):
        year, month, day = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12:
            return f"`{text}` has no month {month:02d}: months are 01 to 12"
        if year == 0:
            return f"`{text}` has no year 0000"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            name = calendar.month_name[month]
            return f"`{text}` does not exist: {name} {year} has days 01 to {days}"
    return f"`{text}` is not a calendar date; write it as YYYY-MM-DD, e.g. 2027-09-30"


Slug = _matching(patterns.SLUG, 80)
DirectoryKey = _matching(patterns.DIRECTORY_KEY, 161)
WebUrl = _matching(patterns.WEB_URL)
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Country = Literal[country_codes()]  # type: ignore[valid-type]
Language = Literal[language_codes()]  # type: ignore[valid-type]
Currency = Literal[currency_codes()]  # type: ignore[valid-type]
IscedCode = Literal[tuple(code for code in isced_fields() if len(code) >= 2)]  # type: ignore[valid-type]
ShortText = _text(200)
LongText = _text(2000, multiline=True)
Markdown = _text(MAX_TEXT_CHARS, multiline=True)


def _list(item: Any, *, min_length: int = 0) -> Any:
    return Annotated[list[item], Field(min_length=min_length, max_length=MAX_LIST_ITEMS)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _one_of(names: tuple[str, ...]) -> dict[str, Any]:
    """JSON Schema for "at least one of ``names`` is given" (a value, not null), as the
    model's own rule says it."""
    return {
        "anyOf": [
            {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in names
        ]
    }


class _Translation(_Strict):
    """A text in another language: at least one field, each under the original's rules."""

    @model_validator(mode="after")
    def _not_empty(self) -> _Translation:
        if all(getattr(self, name) is None for name in type(self).model_fields):
            raise ValueError("give at least one of: " + ", ".join(type(self).model_fields))
        return self


class ProviderTranslation(_Translation):
    """The provider's name and description in another language."""

    model_config = ConfigDict(json_schema_extra=_one_of(("name", "description")))

    name: ShortText | None = Field(None, description="The name in this language.")
    description: LongText | None = Field(
        None, description="The description in this language, in Markdown without HTML."
    )


class CredentialTranslation(_Translation):
    """A listing's text in another language; what is left out shows in the original."""

    model_config = ConfigDict(
        json_schema_extra=_one_of(("title", "summary", "description", "learning_outcomes"))
    )

    title: ShortText | None = Field(None, description="The title in this language.")
    summary: _text(300) | None = Field(  # type: ignore[valid-type]
        None, description="The summary in this language (at most 300 characters)."
    )
    description: Markdown | None = Field(
        None, description="The description in this language, in Markdown."
    )
    learning_outcomes: _list(LongText, min_length=1) | None = Field(
        None,
        description="The learning outcomes in this language: as many as the original, "
        "in the same order.",
    )


def _translations_fit(
    translations: dict[str, _Translation] | None, info: ValidationInfo
) -> dict[str, _Translation] | None:
    """The rules a map of translations follows beside the file's other fields: the text's
    own language is named (a translation is from something), no translation repeats it, and
    translated outcomes pair one to one with the original's. Every break is reported at its
    own key, all at once."""
    if translations is None:
        return None
    own = info.data.get("text_language", _UNKNOWN)  # absent when it was itself wrong
    errors: list[InitErrorDetails] = []
    if own is None:
        example = next(iter(info.data.get("languages") or []), "en")
        errors.append(
            _error(
                (),
                translations,
                "translations need the language of the text they translate",
                f"add `text_language: {example}` before `translations:`, naming the language "
                "the fields above are written in",
            )
        )
    outcomes = info.data.get("learning_outcomes")
    for language, translation in translations.items():
        if language == own:
            errors.append(
                _error(
                    (language,),
                    translation,
                    f"`{language}` is the text's own language (`text_language: {language}`), "
                    "not a translation",
                    "write that text in the fields above, and remove this translation",
                )
            )
        translated = getattr(translation, "learning_outcomes", None)
        if outcomes is not None and translated is not None and len(translated) != len(outcomes):
            errors.append(
                _error(
                    (language, "learning_outcomes"),
                    translated,
                    f"{_count(translated, 'learning outcome')} here, "
                    f"but {len(outcomes)} in the original",
                    "translate each outcome once, in the original's order",
                )
            )
    if errors:
        raise ValidationError.from_exception_data("translations", errors)
    return translations


_UNKNOWN = object()


def _count(items: list[Any], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _error(loc: tuple[str | int, ...], value: Any, message: str, hint: str) -> InitErrorDetails:
    """One error at ``loc`` below the field; the hint travels in its context for the report."""
    return InitErrorDetails(
        type=PydanticCustomError("translation", "{message}", {"message": message, "hint": hint}),
        loc=loc,
        input=value,
    )


# As the model: a map of translations (not null) needs the text's own language (not null).
_TRANSLATIONS_NEED_TEXT_LANGUAGE = {
    "if": {"properties": {"translations": {"type": "object"}}, "required": ["translations"]},
    "then": {"required": ["text_language"], "properties": {"text_language": {"type": "string"}}},
}


class Provider(_Strict):
    """A provider's `_provider.yaml`: who offers the credentials in its folder."""

    model_config = ConfigDict(
        title="credir provider",
        json_schema_extra={
            "$comment": (
                f"credir credential format v{FORMAT_VERSION}; "
                "generated from generator/format/models.py"
            ),
            **_TRANSLATIONS_NEED_TEXT_LANGUAGE,
        },
    )

    id: Slug = Field(description="Equals the folder name, e.g. `shannon-tech`.")
    name: ShortText = Field(description="Official name of the provider (at most 200 characters).")
    type: Literal[PROVIDER_TYPES] = Field(description="Kind of provider.")  # type: ignore[valid-type]
    country: Country = Field(description="Seat of the provider: ISO 3166-1 alpha-2 code, e.g. IE.")
    url: WebUrl = Field(description=f"Home page, an https:// address; {patterns.HTTP_RULE}.")
    description: LongText | None = Field(
        None, description="About the provider, in Markdown without HTML (at most 2000 characters)."
    )
    accreditation: LongText | None = Field(
        None, description="Who accredits or recognises the provider."
    )
    contact: _matching(patterns.EMAIL_OR_URL) | None = Field(  # type: ignore[valid-type]
        None, description=f"Email address or https:// contact page; {patterns.HTTP_RULE}."
    )
    maintainers: _list(_matching(patterns.GITHUB_HANDLE, 40)) | None = Field(  # type: ignore[valid-type]
        None, description="GitHub handles of the people who may change this folder (CODEOWNERS)."
    )
    text_language: Language | None = Field(  # type: ignore[valid-type]
        None,
        description="Language the provider's texts are written in: an ISO 639-1 code, e.g. "
        "uk; its listings' default. Needed when `translations` are given.",
    )
    translations: dict[Language, ProviderTranslation] | None = Field(  # type: ignore[valid-type]
        None,
        description="The name and description in other languages, by ISO 639-1 code, e.g. "
        "`en: {name: ..., description: ...}`; not in the text's own language.",
    )

    @field_validator("translations")
    @classmethod
    def _translations_fit(cls, value: dict[str, Any] | None, info: ValidationInfo) -> Any:
        return _translations_fit(value, info)


class Workload(_Strict):
    """Notional workload: ECTS where possible, hours otherwise (EU Annex I, mandatory)."""

    model_config = ConfigDict(
        # "Given" means a number, as in the model: `ects:` left empty (null) does not count.
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "number"}}}
                for name in ("ects", "hours")
            ]
        }
    )

    ects: float | None = Field(
        None,
        gt=0,
        le=60,
        allow_inf_nan=False,
        description="ECTS credits (more than 0, at most 60).",
    )
    hours: float | None = Field(
        None,
        gt=0,
        le=1800,
        allow_inf_nan=False,
        description="Notional learning hours (more than 0, at most 1800).",
    )

    @model_validator(mode="after")
    def _one_of_the_two(self) -> Workload:
        if self.ects is None and self.hours is None:
            raise ValueError("give `ects`, `hours` or both")
        return self


class Level(_Strict):
    eqf: int | None = Field(
        None, ge=1, le=8, description="European Qualifications Framework level, 1 to 8."
    )
    nqf: ShortText | None = Field(None, description='National framework level, e.g. "NFQ Level 8".')


class Assessment(_Strict):
    methods: _list(Literal[ASSESSMENT_METHODS], min_length=1) = Field(  # type: ignore[valid-type]
        description="Type of assessment (EU Annex I, mandatory)."
    )
    description: LongText | None = Field(None, description="How the assessment works.")
    supervision: Literal[SUPERVISION_LEVELS] | None = Field(  # type: ignore[valid-type]
        None, description="Supervision and identity verification during assessment."
    )


class Participation(_Strict):
    mode: Literal[PARTICIPATION_MODES] = Field(  # type: ignore[valid-type]
        description="Form of participation (EU Annex I, mandatory)."
    )
    pace: Literal[PACES] | None = Field(None, description="Self-paced or scheduled.")  # type: ignore[valid-type]
    location: ShortText | None = Field(
        None, description="Where it takes place; expected when mode is onsite or blended."
    )


class QualityAssurance(_Strict):
    types: _list(Literal[QA_TYPES], min_length=1) = Field(  # type: ignore[valid-type]
        description="Type of quality assurance (EU Annex I, mandatory)."
    )
    bodies: _list(ShortText) | None = Field(
        None, description='Quality assurance bodies, e.g. "Quality and Qualifications Ireland".'
    )
    description: LongText | None = Field(None, description="How quality is assured.")


class Cost(_Strict):
    model_config = ConfigDict(
        json_schema_extra={
            # As the model: an amount above 0 (not 0, not null) needs a currency (not null).
            "if": {
                "properties": {"amount": {"type": "number", "exclusiveMinimum": 0}},
                "required": ["amount"],
            },
            "then": {"required": ["currency"], "properties": {"currency": {"type": "string"}}},
        }
    )

    # YAML reads 1.0e+400 as infinity and .nan as not-a-number: neither is a price, and
    # both would reach the exports ("inf EUR", JSON-LD `Infinity`, which is not JSON).
    amount: float | None = Field(
        None,
        ge=0,
        le=MAX_AMOUNT,
        allow_inf_nan=False,
        description="Price for the learner; 0 means free.",
    )
    currency: Currency | None = Field(None, description="ISO 4217 currency code, e.g. EUR.")  # type: ignore[valid-type]
    funding: _list(LongText) | None = Field(
        None, description='Subsidies, e.g. "80% funded for eligible learners".'
    )

    @model_validator(mode="after")
    def _currency_with_amount(self) -> Cost:
        if self.amount and self.currency is None:
            raise ValueError("a cost above 0 needs its `currency`, e.g. EUR")
        return self


class ExternalQualification(_Strict):
    """A qualification outside the directory that a credential counts towards."""

    title: ShortText = Field(description="Name of the qualification.")
    url: WebUrl = Field(description=f"Its page, an https:// address; {patterns.HTTP_RULE}.")


def _contribution_kind(value: Any) -> str:
    return "key" if isinstance(value, str) else "external"


Contribution = Annotated[
    Annotated[DirectoryKey, Tag("key")] | Annotated[ExternalQualification, Tag("external")],
    Discriminator(_contribution_kind),
]


class Stackability(_Strict):
    stackable: bool | None = Field(None, description="Can be combined with other credentials.")
    contributes_to: _list(Contribution) | None = Field(  # type: ignore[valid-type]
        None,
        description="Larger credentials this one counts towards: a directory key "
        "`provider-id/credential-id` or `{title, url}` for one outside the directory. "
        "Another provider's credential shows the link only once it `accepts` this one.",
    )
    accepts: _list(DirectoryKey) | None = Field(
        None,
        description="Other providers' credentials you recognise as counting towards this "
        "one, each naming it in its `contributes_to`. Links within one provider need no "
        "such confirmation.",
    )
    recognition: LongText | None = Field(
        None, description='What it counts for, e.g. "5 ECTS towards the MSc Data Science".'
    )


class Recognition(_Strict):
    type: Literal[RECOGNITION_TYPES] = Field(description="What it is recognised for.")  # type: ignore[valid-type]
    body: ShortText = Field(description="Who recognises it.")
    detail: LongText | None = Field(None, description='E.g. "10 CE hours".')


class Skill(_Strict):
    label: ShortText = Field(description="The skill in words.")
    esco: _matching(patterns.ESCO_SKILL) | None = Field(  # type: ignore[valid-type]
        None, description="ESCO skill URI, http://data.europa.eu/esco/skill/<uuid>."
    )


class Occupation(_Strict):
    label: ShortText = Field(description="The occupation in words.")
    esco: _matching(patterns.ESCO_OCCUPATION) | None = Field(  # type: ignore[valid-type]
        None, description="ESCO occupation URI, http://data.europa.eu/esco/occupation/<uuid>."
    )


class Credential(_Strict):
    """One credential offering: `credentials/<provider-id>/<credential-id>.yaml`."""

    model_config = ConfigDict(
        title="credir credential",
        json_schema_extra={
            "$comment": (
                f"credir credential format v{FORMAT_VERSION}; "
                "generated from generator/format/models.py"
            ),
            "allOf": [
                # As the model: a successor is named only for a credential no longer offered.
                {
                    "if": {
                        "properties": {"superseded_by": {"type": "string"}},
                        "required": ["superseded_by"],
                    },
                    "then": {"properties": {"status": {"not": {"enum": list(OFFERED_STATUSES)}}}},
                },
                _TRANSLATIONS_NEED_TEXT_LANGUAGE,
            ],
        },
    )

    id: Slug = Field(description="Equals the file name without .yaml, e.g. `data-basics`.")
    title: ShortText = Field(description="Title of the credential (EU Annex I, mandatory).")
    type: Literal[CREDENTIAL_TYPES] = Field(description="Kind of credential.")  # type: ignore[valid-type]
    summary: _text(300) = Field(  # type: ignore[valid-type]
        description="One or two plain sentences for result lists (at most 300 characters)."
    )
    description: Markdown | None = Field(
        None, description="Longer description in Markdown; raw HTML is not rendered."
    )
    url: WebUrl = Field(
        description=f"The offering's own page, an https:// address; {patterns.HTTP_RULE}."
    )
    awarding_bodies: _list(ShortText) | None = Field(
        None, description="Awarding body (EU Annex I, mandatory); defaults to the provider's name."
    )
    countries: _list(Country) | None = Field(  # type: ignore[valid-type]
        None,
        description="Country or region of the issuer (EU Annex I, mandatory); ISO 3166-1 "
        "alpha-2 codes; defaults to the provider's country.",
    )
    languages: _list(Language, min_length=1) = Field(  # type: ignore[valid-type]
        description="Languages of instruction and assessment: ISO 639-1 codes, e.g. [en, ga]."
    )
    text_language: Language | None = Field(  # type: ignore[valid-type]
        None,
        description="Language this file's texts are written in: an ISO 639-1 code; defaults "
        "to the provider's `text_language`, else the first of `languages`. Needed when "
        "`translations` are given.",
    )
    learning_outcomes: _list(LongText, min_length=1) = Field(
        description="What a holder can do (EU Annex I, mandatory); at least one."
    )
    workload: Workload = Field(description="Notional workload (EU Annex I, mandatory).")
    level: Level | None = Field(None, description="Level (EU Annex I, mandatory if applicable).")
    fields_of_education: _list(IscedCode, min_length=1) = Field(  # type: ignore[valid-type]
        description='ISCED-F 2013 field codes as quoted text, e.g. ["0613"]; at least one.'
    )
    assessment: Assessment = Field(description="How learners are assessed.")
    participation: Participation = Field(description="How learners take part.")
    quality_assurance: QualityAssurance = Field(description="How quality is assured.")
    duration: _matching(patterns.ISO_DURATION, 40) | None = Field(  # type: ignore[valid-type]
        None, description="Calendar length as an ISO 8601 duration: P12W, P3M, PT20H."
    )
    cost: Cost | None = Field(None, description="Price for the learner and any funding.")
    prerequisites: LongText | None = Field(
        None, description="Prerequisites (EU Annex I, optional)."
    )
    stackability: Stackability | None = Field(
        None, description="Integration and stackability (EU Annex I, optional)."
    )
    recognition: _list(Recognition) | None = Field(
        None, description="Who recognises it, and for what."
    )
    skills: _list(Skill) | None = Field(None, description="Skills, linked to ESCO where possible.")
    occupations: _list(Occupation) | None = Field(
        None, description="Occupations it prepares for, linked to ESCO where possible."
    )
    issued_as: _list(Literal[ISSUED_AS]) | None = Field(  # type: ignore[valid-type]
        None, description="How the award is issued to a learner."
    )
    status: Literal[STATUSES] = Field(description="Life-cycle status (CTDL).")  # type: ignore[valid-type]
    next_start: IsoDate | None = Field(None, description="Next intake, YYYY-MM-DD.")
    review_by: IsoDate = Field(
        description="The provider re-confirms the listing by this date, YYYY-MM-DD; "
        "past it the listing is marked stale."
    )
    superseded_by: DirectoryKey | None = Field(
        None,
        description="For a credential no longer offered (ceased or suspended): the key of the "
        "one that replaces it.",
    )
    keywords: _list(ShortText) | None = Field(None, description="Extra search words.")
    further_information: Markdown | None = Field(
        None, description="Further information (EU Annex I, optional), in Markdown."
    )
    translations: dict[Language, CredentialTranslation] | None = Field(  # type: ignore[valid-type]
        None,
        description="The title, summary, description and learning outcomes in other "
        "languages, by ISO 639-1 code, e.g. `uk: {title: ..., summary: ...}`; not in the "
        "text's own language. Fields left out show in the original.",
    )

    @field_validator("translations")
    @classmethod
    def _translations_fit(cls, value: dict[str, Any] | None, info: ValidationInfo) -> Any:
        return _translations_fit(value, info)

    @field_validator("superseded_by")
    @classmethod
    def _only_when_no_longer_offered(cls, value: str | None, info: ValidationInfo) -> str | None:
        status = info.data.get("status")  # absent when the status itself is wrong
        if value is not None and status in OFFERED_STATUSES:
            raise ValueError(
                f"a credential still offered (`status: {status}`) has no successor: "
                "set `status: ceased`, or remove superseded_by"
            )
        return value


_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def share_field_sets(model: BaseModel) -> None:
    """Give ``model`` and the models in it one shared set each for the fields they were
    given, instead of a set of their own: 100,000 credentials hold over a million of them,
    mostly equal, a quarter of a loaded credential's memory. Sharing is safe because the
    models are frozen: pydantic changes such a set only in ``model_copy``, on a copy. (A
    plain set, not a frozenset: pydantic-core's ``exclude_unset`` wants a set.)"""
    given = model.__pydantic_fields_set__
    shared = _FIELD_SETS.setdefault(frozenset(given), given)
    object.__setattr__(model, "__pydantic_fields_set__", shared)
    for value in model.__dict__.values():
        if isinstance(value, BaseModel):
            share_field_sets(value)
        elif isinstance(value, (list, tuple, dict)):
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, BaseModel):
                    share_field_sets(item)
