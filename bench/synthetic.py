"""A deterministic synthetic directory: N credentials across N/20 providers.

    python -m bench.synthetic N OUT_DIR [--seed S]

The shape follows the example directory in credentials/: which optional fields a file
has, how long each text is, how many items each list holds and which enum values occur
are drawn from what the example files show, so the benchmark measures data that looks
like real listings, not a best case. On top of that: several languages (each provider
writes in its own, some credentials also in English), skills and occupations from shared
pools (so search filters have realistic numbers of values), and stackability links that
only point to credentials generated later, so they never form a cycle.

OUT_DIR becomes a buildable repository: credentials/ plus the project's mkdocs.yml,
site_overrides/ and schema/. Every file passes `credir validate`; the same N and seed
give the same bytes (and the same file times, which the feeds read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import sys
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.format.limits import MAX_LIST_ITEMS
from generator.format.vocabularies import isced_fields

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "credentials"
PER_PROVIDER = 20
PROJECT_FILES = ("mkdocs.yml", "site_overrides", "schema")
FILE_TIME = 1_700_000_000  # every file's mtime: feeds date files without git history by it
CREDENTIAL_MODELINE = "# yaml-language-server: $schema=../../schema/credential.schema.json\n"
PROVIDER_MODELINE = "# yaml-language-server: $schema=../../schema/provider.schema.json\n"


# ---------------------------------------------------------------------------------------------
# What the example files look like
# ---------------------------------------------------------------------------------------------


@dataclass
class Profile:
    """Field presence, text lengths, list sizes and values seen in the example files.

    Paths name list items with `[]`: `skills[].label`, `learning_outcomes[]`."""

    files: int = 0
    seen: Counter[str] = field(default_factory=Counter)
    lengths: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    values: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))

    def share(self, path: str) -> float:
        """How often a field is present, among files whose parent is present."""
        parent = path.rsplit(".", 1)[0] if "." in path else ""
        base = self.seen[parent] if parent else self.files
        return self.seen[path] / base if base else 0.0

    def add(self, value: Any, path: str = "") -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                self.seen[child] += 1
                self.add(item, child)
        elif isinstance(value, list):
            self.counts[path].append(len(value))
            for item in value:
                self.add(item, path + "[]")
        elif isinstance(value, str):
            self.lengths[path].append(len(value))
            self.values[path].append(value)
        else:
            self.values[path].append(value)


def example_profiles(examples: Path = EXAMPLES) -> tuple[Profile, Profile]:
    """Profiles of the example credential files and provider files, read in sorted order."""
    credentials, providers = Profile(), Profile()
    for path in sorted(examples.glob("*/*.yaml")):
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        profile = providers if path.name == "_provider.yaml" else credentials
        profile.files += 1
        profile.add(data)
    if not credentials.files or not providers.files:
        raise SystemExit(f"no example files under {examples}: the profile needs them")
    return credentials, providers


# ---------------------------------------------------------------------------------------------
# Words, per language
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Locale:
    language: str
    country: str
    currency: str
    words: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


LOCALES = (
    Locale(
        "en",
        "IE",
        "EUR",
        _words(
            "data analysis practice applied digital skills safety learners work project "
            "methods assessment professional foundations introduction advanced care systems "
            "management design evidence quality planning team community energy cloud secure "
            "software testing health education teaching research reporting workplace "
            "sustainable policy language practical support tools operations network"
        ),
    ),
    Locale("en", "GB", "GBP", ()),  # the English locales share one word list (below)
    Locale("en", "US", "USD", ()),
    Locale("en", "AU", "AUD", ()),
    Locale(
        "de",
        "DE",
        "EUR",
        _words(
            "Grundlagen Weiterbildung Praxis digitale Verwaltung Daten Analyse Sicherheit "
            "Kompetenzen Arbeit Projekt Methoden Prüfung berufliche Einführung Pflege Systeme "
            "Management Gestaltung Qualität Planung Team Energie Software Gesundheit Bildung "
            "Unterricht Forschung Bericht Betrieb nachhaltige Sprache Werkzeuge Netzwerk"
        ),
    ),
    Locale(
        "nl",
        "NL",
        "EUR",
        _words(
            "basis praktijk digitale vaardigheden gegevens analyse veiligheid werk project "
            "methoden toetsing professionele inleiding zorg systemen beheer ontwerp kwaliteit "
            "planning team energie software gezondheid onderwijs onderzoek rapportage duurzame "
            "taal gereedschap netwerk geletterdheid technologie"
        ),
    ),
    Locale(
        "es",
        "ES",
        "EUR",
        _words(
            "competencias digitales básicas datos análisis seguridad trabajo proyecto métodos "
            "evaluación profesional introducción cuidados sistemas gestión diseño calidad "
            "planificación equipo energía software salud educación enseñanza investigación "
            "informe sostenible lengua herramientas red entorno laboral"
        ),
    ),
    Locale(
        "fi",
        "FI",
        "EUR",
        _words(
            "perusteet kiertotalous digitaaliset taidot tiedot analyysi turvallisuus työ "
            "projekti menetelmät arviointi ammatillinen johdanto hoito järjestelmät johtaminen "
            "suunnittelu laatu tiimi energia ohjelmisto terveys koulutus opetus tutkimus "
            "raportointi kestävä kieli työkalut verkosto"
        ),
    ),
    Locale(
        "uk",
        "UA",
        "UAH",
        _words(
            "основи цифрові навички дані аналіз безпека робота проєкт методи оцінювання "
            "професійний вступ догляд системи управління дизайн якість планування команда "
            "енергія програмне забезпечення здоровʼя освіта навчання дослідження звіт "
            "стійкий мова інструменти мережа"
        ),
    ),
    Locale(
        "ga",
        "IE",
        "EUR",
        _words(
            "bunús scileanna digiteacha sonraí anailís sábháilteacht obair tionscadal modhanna "
            "measúnú gairmiúil réamhrá cúram córais bainistíocht dearadh cáilíocht pleanáil "
            "foireann fuinneamh bogearraí sláinte oideachas teagasc taighde tuairisc "
            "inbhuanaithe teanga uirlisí líonra ionad oibre"
        ),
    ),
    Locale(
        "fr",
        "FR",
        "EUR",
        _words(
            "fondamentaux compétences numériques données analyse sécurité travail projet "
            "méthodes évaluation professionnelle introduction soins systèmes gestion conception "
            "qualité planification équipe énergie logiciel santé éducation enseignement "
            "recherche rapport durable langue outils réseau"
        ),
    ),
    Locale(
        "pl",
        "PL",
        "PLN",
        _words(
            "podstawy umiejętności cyfrowe dane analiza bezpieczeństwo praca projekt metody "
            "ocena zawodowy wprowadzenie opieka systemy zarządzanie projektowanie jakość "
            "planowanie zespół energia oprogramowanie zdrowie edukacja nauczanie badania "
            "raport zrównoważony język narzędzia sieć"
        ),
    ),
)
# The English locales share one word list.
LOCALES = tuple(
    Locale(loc.language, loc.country, loc.currency, loc.words or LOCALES[0].words)
    for loc in LOCALES
)
# How often each locale is a provider's: mostly English, as in most national directories.
LOCALE_WEIGHTS = (30, 8, 14, 6, 8, 6, 5, 4, 4, 3, 5, 4)

TOPICS = _words(
    "data analytics cloud security nursing welding teaching retrofit solar safety python "
    "sql accounting logistics marketing leadership coaching robotics farming forestry "
    "tourism childcare pharmacy radiography networking testing design ethics law finance "
    "hydrogen batteries construction carpentry plumbing electrical machining inclusion "
    "languages translation journalism archiving statistics biology chemistry"
)
SKILL_VERBS = _words(
    "apply analyse assess coordinate design develop document evaluate install maintain "
    "manage monitor operate plan report supervise test use write"
)
PROVIDER_KINDS = _words("Academy College Institute Centre School University Labs Training")


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, as providers write Markdown."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # `languages: [en]` for short codes and words; one `- item` per line for sentences.
    short = all(isinstance(item, str | int | float) and len(str(item)) <= 30 for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(list, _represent_list)


class Maker:
    """Draws values for one directory from the example profile with one seeded RNG."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.credentials, self.providers = example_profiles()
        fields = sorted(code for code in isced_fields() if len(code) == 4)
        examples = sorted({v for v in self.credentials.values["fields_of_education[]"]})
        self.fields = examples * 4 + fields  # the example codes are more common
        # Shared pools: skills and occupations repeat across providers, as ESCO labels do.
        pool = max(100, min(3000, n // 3))
        self.skills = [self._skill_label() for _ in range(pool)]
        self.occupations = [self._occupation_label() for _ in range(max(50, pool // 6))]

    # --- draws from the profile ---------------------------------------------------------

    def has(self, path: str, profile: Profile | None = None) -> bool:
        return self.rng.random() < (profile or self.credentials).share(path)

    def length(self, path: str, default: int = 60, profile: Profile | None = None) -> int:
        seen = (profile or self.credentials).lengths.get(path)
        return self.rng.choice(seen) if seen else default

    def count(self, path: str, default: int = 2) -> int:
        seen = self.credentials.counts.get(path)
        return self.rng.choice(seen) if seen else default

    def pick(self, path: str, profile: Profile | None = None) -> Any:
        return self.rng.choice((profile or self.credentials).values[path])

    def picks(self, path: str) -> list[Any]:
        """A list of distinct values as long as the example lists of ``path``."""
        wanted = self.count(path, 1)
        found: list[Any] = []
        for _ in range(wanted * 4):
            value = self.pick(path + "[]")
            if value not in found:
                found.append(value)
            if len(found) == wanted:
                break
        return found

    def text(self, words: tuple[str, ...], length: int, *, cap: int, sentence: bool = False) -> str:
        """Words up to about ``length`` characters (at most ``cap``), first letter capital."""
        limit = min(max(3, length), cap - 1)
        text = self.rng.choice(words)
        while len(text) < limit:
            word = self.rng.choice(words)
            if len(text) + 1 + len(word) > limit:
                break
            text += " " + word
        text = text[:limit]
        text = text[0].upper() + text[1:]
        return text + "." if sentence and len(text) < cap else text

    def markdown(self, words: tuple[str, ...], length: int) -> str:
        """Paragraphs wrapped at 90 columns, sometimes a list, a link and some emphasis."""
        blocks: list[str] = []
        size = 0
        while size < length:
            if blocks and self.rng.random() < 0.3:
                items = [
                    "- " + self.text(words, self.rng.randint(20, 60), cap=80)
                    for _ in range(self.rng.randint(3, 5))
                ]
                block = "\n".join(items)
            else:
                paragraph = self.text(words, self.rng.randint(120, 400), cap=600, sentence=True)
                if self.rng.random() < 0.3:
                    first, _, rest = paragraph.partition(" ")
                    paragraph = f"**{first}** {rest}"
                if self.rng.random() < 0.2:
                    paragraph += " See [the course page](https://www.example.org/more)."
                block = _wrap(paragraph, 90)
            blocks.append(block)
            size += len(block) + 2
        return "\n\n".join(blocks) + "\n"

    def _skill_label(self) -> str:
        return f"{self.rng.choice(SKILL_VERBS)} {self.rng.choice(TOPICS)} " + " ".join(
            self.rng.sample(LOCALES[0].words, self.rng.randint(1, 2))
        )

    def _occupation_label(self) -> str:
        return f"{self.rng.choice(TOPICS)} {self.rng.choice(('specialist', 'technician', 'officer', 'analyst', 'teacher', 'nurse', 'engineer', 'coordinator'))}"  # noqa: E501

    def esco(self, kind: str, label: str) -> str:
        digest = hashlib.sha256(f"{kind}:{label}".encode()).digest()
        return f"http://data.europa.eu/esco/{kind}/{uuid.UUID(bytes=digest[:16])}"

    def date(self, start: dt.date, days: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(days))

    # --- files --------------------------------------------------------------------------

    def provider(self, index: int, locale: Locale) -> dict[str, Any]:
        p = self.providers
        pid = f"{self.rng.choice(TOPICS)}-{locale.country.lower()}-{index:05d}"
        name = (
            f"{' '.join(w.capitalize() for w in self.rng.sample(LOCALES[0].words, 2))} "
            f"{self.rng.choice(PROVIDER_KINDS)} {index}"
        )
        data: dict[str, Any] = {
            "id": pid,
            "name": name,
            "type": self.pick("type", p),
            "country": locale.country,
            "url": f"https://www.{pid}.example/",
        }
        if self.has("description", p):
            data["description"] = self.markdown(locale.words, self.length("description", 300, p))
        if self.has("accreditation", p):
            data["accreditation"] = self.text(
                locale.words, self.length("accreditation", 80, p), cap=2000
            )
        if self.has("contact", p):
            data["contact"] = f"courses@{pid}.example"
        if self.has("maintainers", p):
            data["maintainers"] = [f"maintainer-{index}-{i}" for i in range(self.rng.randint(1, 2))]
        return data

    def credential(
        self, index: int, cid: str, provider: dict[str, Any], locale: Locale, later: list[str]
    ) -> dict[str, Any]:
        """One credential; ``later`` are keys generated after it (safe link targets)."""
        words = locale.words
        url = provider["url"] + f"courses/{cid}"
        data: dict[str, Any] = {
            "id": cid,
            "title": self.text(words, self.length("title", 40), cap=200),
            "type": self.pick("type"),
            "summary": self.text(words, self.length("summary", 120), cap=300, sentence=True),
        }
        if self.has("description"):
            data["description"] = self.markdown(words, self.length("description", 600))
        data["url"] = url
        if self.has("awarding_bodies"):
            data["awarding_bodies"] = [provider["name"], f"Partner Board {index}"]
        if self.has("countries"):
            data["countries"] = sorted({locale.country, self.rng.choice(LOCALES).country})
        languages = [locale.language]
        if locale.language != "en" and self.rng.random() < 0.3:
            languages.append("en")
        data["languages"] = languages
        data["learning_outcomes"] = [
            self.text(words, self.length("learning_outcomes[]", 70), cap=2000)
            for _ in range(self.count("learning_outcomes", 3))
        ]
        workload: dict[str, Any] = {}
        if self.has("workload.ects"):
            workload["ects"] = self.pick("workload.ects")
        if self.has("workload.hours") or not workload:
            workload["hours"] = self.pick("workload.hours")
        data["workload"] = workload
        if self.has("level"):
            level: dict[str, Any] = {}
            if self.has("level.eqf"):
                level["eqf"] = self.pick("level.eqf")
            if self.has("level.nqf") or not level:
                level["nqf"] = self.pick("level.nqf")
            data["level"] = level
        data["fields_of_education"] = sorted(
            set(self.rng.sample(self.fields, self.count("fields_of_education", 1)))
        )
        assessment: dict[str, Any] = {"methods": self.picks("assessment.methods")}
        if self.has("assessment.description"):
            assessment["description"] = self.text(
                words, self.length("assessment.description"), cap=2000, sentence=True
            )
        if self.has("assessment.supervision"):
            assessment["supervision"] = self.pick("assessment.supervision")
        data["assessment"] = assessment
        participation: dict[str, Any] = {"mode": self.pick("participation.mode")}
        if self.has("participation.pace"):
            participation["pace"] = self.pick("participation.pace")
        if self.has("participation.location"):
            participation["location"] = self.text(
                words, self.length("participation.location", 30), cap=200
            )
        data["participation"] = participation
        qa: dict[str, Any] = {"types": self.picks("quality_assurance.types")}
        if self.has("quality_assurance.bodies"):
            qa["bodies"] = [self.pick("quality_assurance.bodies[]")]
        if self.has("quality_assurance.description"):
            qa["description"] = self.text(
                words, self.length("quality_assurance.description"), cap=2000, sentence=True
            )
        data["quality_assurance"] = qa
        if self.has("duration"):
            data["duration"] = self.pick("duration")
        if self.has("cost"):
            amount = self.pick("cost.amount")
            cost: dict[str, Any] = {"amount": amount}
            if amount or self.has("cost.currency"):
                cost["currency"] = locale.currency
            if self.has("cost.funding"):
                cost["funding"] = [
                    self.text(words, self.length("cost.funding[]"), cap=2000)
                    for _ in range(self.count("cost.funding", 1))
                ]
            data["cost"] = cost
        if self.has("prerequisites"):
            data["prerequisites"] = self.text(
                words, self.length("prerequisites"), cap=2000, sentence=True
            )
        if self.has("stackability"):
            data["stackability"] = self.stackability(words, later)
        if self.has("recognition"):
            data["recognition"] = [
                {
                    "type": self.pick("recognition[].type"),
                    "body": self.text(words, self.length("recognition[].body", 30), cap=200),
                    **(
                        {"detail": self.text(words, self.length("recognition[].detail"), cap=2000)}
                        if self.has("recognition[].detail")
                        else {}
                    ),
                }
                for _ in range(self.count("recognition", 1))
            ]
        if self.has("skills"):
            data["skills"] = self.labelled("skill", self.skills, self.count("skills", 3))
        if self.has("occupations"):
            data["occupations"] = self.labelled(
                "occupation", self.occupations, self.count("occupations", 1)
            )
        if self.has("issued_as"):
            data["issued_as"] = self.picks("issued_as")
        status = self.pick("status")
        if status == "ceased" and later and self.rng.random() < 0.5:
            data["superseded_by"] = self.rng.choice(later[:PER_PROVIDER])
        data["status"] = status
        if self.has("next_start") and status in ("active", "upcoming"):
            data["next_start"] = self.date(dt.date(2031, 1, 1), 365)
        data["review_by"] = self.date(dt.date(2032, 1, 1), 365)
        if "superseded_by" in data:
            data["superseded_by"] = data.pop("superseded_by")  # the examples' field order
        if self.has("keywords"):
            data["keywords"] = sorted(
                {self.rng.choice(words).lower() for _ in range(self.count("keywords", 4))}
            )
        if self.has("further_information"):
            data["further_information"] = self.markdown(
                words, self.length("further_information", 200)
            )
        return data

    def stackability(self, words: tuple[str, ...], later: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.has("stackability.stackable"):
            found["stackable"] = True
        if self.has("stackability.contributes_to"):
            targets: list[Any] = []
            # Mostly towards one of the provider's next credentials (a certificate they
            # build up to), sometimes towards a qualification outside the directory.
            for _ in range(self.rng.choice((1, 1, 1, 2))):
                if later and self.rng.random() < 0.75:
                    key = self.rng.choice(later[: min(len(later), 6)])
                    if key not in targets:
                        targets.append(key)
                else:
                    targets.append(
                        {
                            "title": self.text(words, self.length("title", 40), cap=200),
                            "url": "https://www.example.org/qualifications/"
                            + str(self.rng.randrange(10**6)),
                        }
                    )
            found["contributes_to"] = targets
        if self.has("stackability.recognition"):
            found["recognition"] = self.text(
                words, self.length("stackability.recognition"), cap=2000
            )
        return found or {"stackable": False}

    def labelled(self, kind: str, pool: list[str], count: int) -> list[dict[str, str]]:
        # A skewed draw: a few labels are very common, most are rare (as in ESCO use).
        chosen: list[str] = []
        for _ in range(count * 3):
            label = pool[int(len(pool) * self.rng.random() ** 2)]
            if label not in chosen:
                chosen.append(label)
            if len(chosen) == count:
                break
        out = []
        for label in chosen:
            item = {"label": label}
            if self.has(f"{kind}s[].esco"):
                item["esco"] = self.esco(kind, label)
            out.append(item)
        return out


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _slug(words: list[str]) -> str:
    return "-".join(words)


def generate(n: int, out: Path, seed: int = 0) -> int:
    """Write the directory; returns the number of credential files written."""
    if n < 1:
        raise ValueError("N must be at least 1")
    maker = Maker(n, seed)
    base = out / "credentials"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    providers = max(1, n // PER_PROVIDER)
    plan: list[tuple[int, dict[str, Any], Locale, list[str]]] = []
    for index in range(providers):
        locale = maker.rng.choices(LOCALES, weights=LOCALE_WEIGHTS)[0]
        provider = maker.provider(index, locale)
        share = n // providers + (1 if index < n % providers else 0)
        ids = [
            f"{_slug(maker.rng.sample(TOPICS, maker.rng.randint(1, 3)))}-{index:05d}-{i:02d}"
            for i in range(share)
        ]
        plan.append((index, provider, locale, ids))
    written = 0
    claims: dict[str, list[str]] = {}  # a key -> the other providers' keys counting towards it
    for index, provider, locale, ids in plan:
        folder = base / provider["id"]
        folder.mkdir()
        _write(folder / "_provider.yaml", PROVIDER_MODELINE, provider)
        keys = [f"{provider['id']}/{cid}" for cid in ids]
        following = [f"{p['id']}/{c}" for _, p, _, cs in plan[index + 1 : index + 2] for c in cs]
        for position, cid in enumerate(ids):
            later = keys[position + 1 :] + following
            data = maker.credential(written, cid, provider, locale, later)
            if keys[position] in claims:
                data = _accepting(data, claims.pop(keys[position]))
            for target in (data.get("stackability") or {}).get("contributes_to", []):
                if isinstance(target, str) and not target.startswith(provider["id"] + "/"):
                    claims.setdefault(target, []).append(keys[position])
            _write(folder / f"{cid}.yaml", CREDENTIAL_MODELINE, data)
            written += 1
    copy_project_files(out)
    return written


# Fields after `stackability` in the format's order: where a new stackability group goes.
AFTER_STACKABILITY = (
    "recognition",
    "skills",
    "occupations",
    "issued_as",
    "status",
)


def _accepting(data: dict[str, Any], claimants: list[str]) -> dict[str, Any]:
    """``data`` confirming the other providers' credentials that count towards it (its
    `stackability.accepts`), as a provider would: every link in the directory is confirmed,
    so `credir validate` passes without a warning."""
    # Others count towards it, so it is stackable (the default group says `false`).
    given = {**(data.get("stackability") or {}), "stackable": True, "accepts": claimants}
    order = ("stackable", "contributes_to", "accepts", "recognition")
    stack = {name: given[name] for name in order if name in given}
    if "stackability" in data:
        return {**data, "stackability": stack}
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name in AFTER_STACKABILITY and "stackability" not in out:
            out["stackability"] = stack
        out[name] = value
    return out


def generate_layers(out: Path, layers: int, width: int, seed: int = 0) -> int:
    """A hostile directory that still validates: ``layers`` layers of ``width`` credentials,
    each counting towards every credential of the next layer. There are width ** layers
    paths from the first layer to the last, and with width 1 it is one chain ``layers``
    long: what any walk along paths, or recursion over links, cannot survive (issue #18).
    Returns the number of credential files written (layers * width)."""
    if layers < 1 or not 1 <= width <= MAX_LIST_ITEMS:
        raise ValueError(f"need at least one layer and a width of 1 to {MAX_LIST_ITEMS}")
    maker = Maker(layers * width, seed)
    base = out / "credentials"
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    count = layers * width
    providers: list[tuple[dict[str, Any], Locale]] = []
    for index in range(-(-count // PER_PROVIDER)):
        locale = maker.rng.choices(LOCALES, weights=LOCALE_WEIGHTS)[0]
        provider = maker.provider(index, locale)
        providers.append((provider, locale))
        (base / provider["id"]).mkdir()
        _write(base / provider["id"] / "_provider.yaml", PROVIDER_MODELINE, provider)

    def key(position: int) -> str:  # the position-th credential, layer by layer
        provider = providers[position // PER_PROVIDER][0]
        return f"{provider['id']}/layer-{position // width:05d}-{position % width:03d}"

    for position in range(count):
        provider, locale = providers[position // PER_PROVIDER]
        cid = key(position).split("/")[1]
        data = maker.credential(position, cid, provider, locale, later=[])
        following = (position // width + 1) * width
        targets = [key(p) for p in range(following, min(following + width, count))]
        # The previous layer counts towards this credential: those of other providers are
        # confirmed, as their provider would, so no link is a warning and none is dropped.
        previous = range(max(0, (position // width - 1) * width), position // width * width)
        accepts = [key(p) for p in previous if p // PER_PROVIDER != position // PER_PROVIDER]
        data.pop("stackability", None)
        stack = {"stackable": True, "contributes_to": targets, "accepts": accepts}
        if targets or accepts:
            data["stackability"] = {name: value for name, value in stack.items() if value}
        _write(base / provider["id"] / f"{cid}.yaml", CREDENTIAL_MODELINE, data)
    copy_project_files(out)
    return count


def copy_project_files(out: Path) -> None:
    """The project's site settings (mkdocs.yml, theme overrides, schemas) as they are now."""
    for name in PROJECT_FILES:
        source, target = REPO_ROOT / name, out / name
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)


def _write(path: Path, modeline: str, data: dict[str, Any]) -> None:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    path.write_text(modeline + text, encoding="utf-8")
    os.utime(path, (FILE_TIME, FILE_TIME))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__)
    parser.add_argument("n", type=int, metavar="N", help="number of credentials")
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="where to write the directory")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    written = generate(args.n, args.out, args.seed)
    print(f"wrote {written:,} credentials into {args.out / 'credentials'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
