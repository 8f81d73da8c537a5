"""Every controlled vocabulary credir uses, in one place.

Two kinds live here:

* Official ELM vocabularies (ISCED-F, EQF, Europass modes, assessment, learning-opportunity and
  learning-setting types), loaded from ``elm.json``, which ``refresh.py`` generates from the
  official XSDs and the EU Vocabularies' translations, so no URI or label is typed by hand.
  ``labels.py`` looks labels up in the reader's language.
* credir's own enums from ``docs/format.md``, with a short human label per
  value and, where ELM has a matching concept, the mapping to it.

Models, the JSON schema, the validator, filters and exports import from here rather than
keeping their own copies. Lookups of unknown codes raise ``KeyError``. Returned mappings are
read-only views (cached and shared); use ``dict(...)`` for a mutable or JSON-serialisable copy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Final, NamedTuple

from generator.format.translatable import N_

__all__ = [
    "ASSESSMENT_METHODS",
    "ASSESSMENT_METHOD_LABELS",
    "ASSESSMENT_METHOD_TO_ELM",
    "CREDENTIAL_TYPES",
    "CREDENTIAL_TYPE_LABELS",
    "ENUMS",
    "ISSUED_AS",
    "ISSUED_AS_LABELS",
    "LABELS",
    "OFFERED_STATUSES",
    "PACES",
    "PACE_LABELS",
    "PARTICIPATION_MODES",
    "PARTICIPATION_MODE_LABELS",
    "PARTICIPATION_MODE_TO_ELM",
    "PROVIDER_TYPES",
    "PROVIDER_TYPE_LABELS",
    "QA_TYPES",
    "QA_TYPE_LABELS",
    "RECOGNITION_TYPES",
    "RECOGNITION_TYPE_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "SUPERVISION_LEVELS",
    "SUPERVISION_LEVEL_LABELS",
    "VOCABULARY_NAMES",
    "Concept",
    "elm_assessment_type",
    "elm_assessment_types",
    "elm_learning_opportunity_types",
    "elm_learning_setting_types",
    "elm_mode",
    "elm_modes",
    "elm_translations",
    "elm_vocabulary",
    "eqf_label",
    "eqf_levels",
    "eqf_uri",
    "isced_broad_field",
    "isced_fields",
    "isced_label",
    "isced_uri",
]


class Concept(NamedTuple):
    """One official concept: its URI (what exports emit) and English label (what people read)."""

    uri: str
    label: str


# --------------------------------------------------------------------------------------------
# Official ELM vocabularies (from elm.json)
# --------------------------------------------------------------------------------------------

#: Keys of elm.json, i.e. the names accepted by elm_vocabulary().
VOCABULARY_NAMES: Final = (
    "isced-f",
    "eqf",
    "modes",
    "assessment-types",
    "learning-opportunity-types",
    "learning-setting-types",
)


@cache
def _elm() -> dict[str, list[dict]]:
    # Loaded lazily so that `python -m generator.format.vocabularies.refresh` works without
    # elm.json.
    text = files(__name__).joinpath("elm.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def elm_vocabulary(name: str) -> Mapping[str, Concept]:
    """Code (last URI segment) -> Concept for one vocabulary in VOCABULARY_NAMES, file order."""
    if name not in VOCABULARY_NAMES:
        raise KeyError(f"unknown vocabulary {name!r}; expected one of {VOCABULARY_NAMES}")
    return MappingProxyType({c["code"]: Concept(c["uri"], c["label"]) for c in _elm()[name]})


@cache
def elm_translations(name: str) -> Mapping[str, Mapping[str, str]]:
    """Code -> {ISO 639-1 language: official label} for one vocabulary, English not included.

    Only what the EU Vocabularies publish: a language the concept has no label in is absent.
    """
    elm_vocabulary(name)  # reject unknown vocabulary names the same way
    return MappingProxyType({c["code"]: MappingProxyType(dict(c["labels"])) for c in _elm()[name]})


def _lookup(name: str, code: str) -> Concept:
    try:
        return elm_vocabulary(name)[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a code of the official {name} vocabulary") from None


# ISCED-F 2013 fields of education and training --------------------------------------------


@cache
def isced_fields() -> Mapping[str, str]:
    """ISCED-F code ("06", "061", "0613") -> official English label, in official order."""
    return MappingProxyType({code: c.label for code, c in elm_vocabulary("isced-f").items()})


def isced_uri(code: str) -> str:
    """Official URI of an ISCED-F code, e.g. http://data.europa.eu/snb/isced-f/0613."""
    return _lookup("isced-f", code).uri


def isced_label(code: str) -> str:
    """Official English label of an ISCED-F code."""
    return _lookup("isced-f", code).label


def isced_broad_field(code: str) -> tuple[str, str]:
    """The 2-digit broad field containing a 2, 3 or 4 digit code, and its label (for facets)."""
    _lookup("isced-f", code)  # reject codes that are not in the vocabulary at all
    broad = code[:2]
    return broad, _lookup("isced-f", broad).label


# EQF levels --------------------------------------------------------------------------------


def _eqf(level: int) -> Concept:
    if isinstance(level, bool) or not isinstance(level, int):
        raise KeyError(f"EQF level must be an int, not {level!r}")
    return _lookup("eqf", str(level))


@cache
def eqf_levels() -> tuple[int, ...]:
    """The official EQF levels (1..8)."""
    return tuple(int(code) for code in elm_vocabulary("eqf"))


def eqf_uri(level: int) -> str:
    """Official URI of an EQF level, e.g. http://data.europa.eu/snb/eqf/7."""
    return _eqf(level).uri


def eqf_label(level: int) -> str:
    """Official label of an EQF level, e.g. "Level 7"."""
    return _eqf(level).label


# Europass vocabularies used in ELM exports -------------------------------------------------


def elm_modes() -> Mapping[str, Concept]:
    """Modes of learning and assessment (Online, Presential, Blended, Workbased, ...)."""
    return elm_vocabulary("modes")


def elm_assessment_types() -> Mapping[str, Concept]:
    """Learning assessment types (written examination, portfolio, quiz, ...)."""
    return elm_vocabulary("assessment-types")


def elm_learning_opportunity_types() -> Mapping[str, Concept]:
    """Learning opportunity types (Course, MOOC, Short learning programme, ...)."""
    return elm_vocabulary("learning-opportunity-types")


def elm_learning_setting_types() -> Mapping[str, Concept]:
    """Learning setting types (formal learning, non-formal learning)."""
    return elm_vocabulary("learning-setting-types")


# --------------------------------------------------------------------------------------------
# credir enums (values exactly as in credential-format.md, in spec order) and their labels
# --------------------------------------------------------------------------------------------

PROVIDER_TYPES: Final = (
    "higher-education",
    "vocational",
    "school",
    "company",
    "professional-body",
    "online-platform",
    "public-body",
    "non-profit",
    "other",
)
CREDENTIAL_TYPES: Final = (
    "micro-credential",
    "digital-badge",
    "certificate",
    "short-course",
    "professional-certification",
    "license",
    "other",
)
ASSESSMENT_METHODS: Final = (
    "written-examination",
    "oral-examination",
    "practical-assessment",
    "project-work",
    "portfolio",
    "marked-assignment",
    "continuous-evaluation",
    "peer-assessment",
    "quiz",
    "attendance",
    "none",
)
SUPERVISION_LEVELS: Final = (
    "unsupervised-no-id-check",
    "supervised-no-id-check",
    "supervised-id-check-online",
    "supervised-id-check-onsite",
)
PARTICIPATION_MODES: Final = ("online", "onsite", "blended", "work-based")
PACES: Final = ("self-paced", "scheduled")
QA_TYPES: Final = (
    "internal",
    "external",
    "accredited-programme",
    "accredited-institution",
    "industry-endorsed",
    "none",
)
ISSUED_AS: Final = (
    "open-badges-3",
    "open-badges-2",
    "europass-edc",
    "verifiable-credential",
    "pdf-certificate",
    "paper-certificate",
)
STATUSES: Final = ("active", "upcoming", "suspended", "ceased")
OFFERED_STATUSES: Final = ("active", "upcoming")  # offered, or soon: no successor yet
RECOGNITION_TYPES: Final = (
    "credit-transfer",
    "cpd",
    "licence-renewal",
    "admission",
    "industry-recognition",
)

# Labels are per enum: a value can recur with another meaning ("none" assessment vs QA).
# They are English here (the data files, exports and validator say them so) and marked N_
# for the interface's catalogue: the pages translate them where they show them.
PROVIDER_TYPE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "higher-education": N_("Higher education institution"),
        "vocational": N_("Vocational education and training provider"),
        "school": N_("School"),
        "company": N_("Company"),
        "professional-body": N_("Professional body"),
        "online-platform": N_("Online learning platform"),
        "public-body": N_("Public body"),
        "non-profit": N_("Non-profit organisation"),
        "other": N_("Other"),
    }
)
CREDENTIAL_TYPE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "micro-credential": N_("Micro-credential"),
        "digital-badge": N_("Digital badge"),
        "certificate": N_("Certificate"),
        "short-course": N_("Short course"),
        "professional-certification": N_("Professional certification"),
        "license": N_("Licence"),
        "other": N_("Other"),
    }
)
ASSESSMENT_METHOD_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "written-examination": N_("Written examination"),
        "oral-examination": N_("Oral examination"),
        "practical-assessment": N_("Practical assessment"),
        "project-work": N_("Project work"),
        "portfolio": N_("Portfolio"),
        "marked-assignment": N_("Marked assignment"),
        "continuous-evaluation": N_("Continuous evaluation"),
        "peer-assessment": N_("Peer assessment"),
        "quiz": N_("Quiz"),
        "attendance": N_("Attendance"),
        "none": N_("No assessment"),
    }
)
SUPERVISION_LEVEL_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "unsupervised-no-id-check": N_("Unsupervised, no identity check"),
        "supervised-no-id-check": N_("Supervised, no identity check"),
        "supervised-id-check-online": N_("Supervised, identity checked online"),
        "supervised-id-check-onsite": N_("Supervised, identity checked on site"),
    }
)
PARTICIPATION_MODE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "online": N_("Online"),
        "onsite": N_("On site"),
        "blended": N_("Blended"),
        "work-based": N_("Work-based"),
    }
)
PACE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "self-paced": N_("Self-paced"),
        "scheduled": N_("Scheduled"),
    }
)
QA_TYPE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "internal": N_("Internal quality assurance"),
        "external": N_("External quality assurance"),
        "accredited-programme": N_("Accredited programme"),
        "accredited-institution": N_("Accredited institution"),
        "industry-endorsed": N_("Industry-endorsed"),
        "none": N_("No quality assurance"),
    }
)
ISSUED_AS_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "open-badges-3": N_("Open Badges 3.0"),
        "open-badges-2": N_("Open Badges 2.0"),
        "europass-edc": N_("European Digital Credential (Europass)"),
        "verifiable-credential": N_("W3C Verifiable Credential"),
        "pdf-certificate": N_("PDF certificate"),
        "paper-certificate": N_("Paper certificate"),
    }
)
STATUS_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "active": N_("Active"),
        "upcoming": N_("Upcoming"),
        "suspended": N_("Suspended"),
        "ceased": N_("Ceased"),
    }
)
RECOGNITION_TYPE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "credit-transfer": N_("Credit transfer"),
        "cpd": N_("Continuing professional development"),
        "licence-renewal": N_("Licence renewal"),
        "admission": N_("Admission"),
        "industry-recognition": N_("Industry recognition"),
    }
)

#: Spec field path -> allowed values. "provider.type" is in _provider.yaml; the rest are
#: credential fields ("recognition.type" is the `type` of each recognition entry).
ENUMS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "provider.type": PROVIDER_TYPES,
        "credential.type": CREDENTIAL_TYPES,
        "assessment.methods": ASSESSMENT_METHODS,
        "assessment.supervision": SUPERVISION_LEVELS,
        "participation.mode": PARTICIPATION_MODES,
        "participation.pace": PACES,
        "quality_assurance.types": QA_TYPES,
        "issued_as": ISSUED_AS,
        "status": STATUSES,
        "recognition.type": RECOGNITION_TYPES,
    }
)

#: Spec field path (same keys as ENUMS) -> value -> human label.
LABELS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "provider.type": PROVIDER_TYPE_LABELS,
        "credential.type": CREDENTIAL_TYPE_LABELS,
        "assessment.methods": ASSESSMENT_METHOD_LABELS,
        "assessment.supervision": SUPERVISION_LEVEL_LABELS,
        "participation.mode": PARTICIPATION_MODE_LABELS,
        "participation.pace": PACE_LABELS,
        "quality_assurance.types": QA_TYPE_LABELS,
        "issued_as": ISSUED_AS_LABELS,
        "status": STATUS_LABELS,
        "recognition.type": RECOGNITION_TYPE_LABELS,
    }
)

# --------------------------------------------------------------------------------------------
# credir enum -> ELM code (last URI segment); the tests check every code exists in elm.json
# --------------------------------------------------------------------------------------------

#: participation.mode -> Europass "modes of learning and assessment" code.
#: There is no mapping to learning-setting types: formal vs non-formal learning says whether
#: the learning leads to a recognised qualification, which the mode does not tell us, and no
#: v1 field states it outright, so exports should leave learning setting out (or ask for it).
PARTICIPATION_MODE_TO_ELM: Final[Mapping[str, str]] = MappingProxyType(
    {
        "online": "920fbb3cbe",  # Online
        "onsite": "9191af2ed9",  # Presential
        "blended": "e92d221e4d",  # Blended
        "work-based": "729f3bed4b",  # Workbased
    }
)

#: assessment.methods -> Europass learning assessment type code, or None where ELM has no
#: concept. credir's list follows the ELM one, so each method maps to its namesake.
ASSESSMENT_METHOD_TO_ELM: Final[Mapping[str, str | None]] = MappingProxyType(
    {
        "written-examination": "6e6cb2cc78",  # written examination
        "oral-examination": "d30284d7df",  # oral examination
        "practical-assessment": "6a4db9f11d",  # practical assessment
        "project-work": "795dac4096",  # project work
        "portfolio": "4f03b91c0e",  # portfolio
        "marked-assignment": "2939dae15f",  # marked assignment
        "continuous-evaluation": "3484bd7e51",  # continuous evaluation
        "peer-assessment": "19a2e5e671",  # peer assessment (not 812e3b0ae1 "peer review")
        "quiz": "b1b68f6735",  # quiz
        "attendance": "7331eb4762",  # level of attendance
        "none": None,  # no assessment is not an assessment type: emit nothing
    }
)


def elm_mode(mode: str) -> Concept:
    """Europass mode concept for a participation.mode value."""
    return _lookup("modes", PARTICIPATION_MODE_TO_ELM[mode])


def elm_assessment_type(method: str) -> Concept | None:
    """Europass assessment type for an assessment.methods value; None if ELM has no concept."""
    code = ASSESSMENT_METHOD_TO_ELM[method]
    return None if code is None else _lookup("assessment-types", code)
