"""The directory as typed objects, and the pipeline that makes it from files.

load_directory runs discover -> load -> validate -> cross-check and returns the
`Directory` only when nothing is wrong, with every problem of every file collected.
Derived facts that the site and the exports share (free or paid, ECTS equivalent,
completeness, stale) live here, once.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.crosscheck import Reference, check_references, references
from generator.discover import discover
from generator.load import load_document
from generator.models import Credential, Provider
from generator.problems import Problem, has_errors
from generator.validate import check_credential, check_provider

HOURS_PER_ECTS = 27.5  # the ECTS Users' Guide: 1 ECTS is 25 to 30 hours; the midpoint


def today() -> dt.date:
    """The date stale checks use; CREDIR_TODAY pins it for reproducible builds and tests."""
    pinned = os.environ.get("CREDIR_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


# EU Annex I mandatory elements that an offering can carry, and how to tell they are there.
ANNEX_I_MANDATORY = (
    "title",
    "awarding_bodies",
    "countries",
    "learning_outcomes",
    "workload",
    "level",
    "assessment",
    "participation",
    "quality_assurance",
)


@dataclass(frozen=True)
class Listing:
    """A credential with its provider: what a page, a record or a search entry is about."""

    key: str
    path: str
    provider: Provider
    credential: Credential

    @property
    def awarding_bodies(self) -> list[str]:
        return list(self.credential.awarding_bodies or [self.provider.name])

    @property
    def countries(self) -> list[str]:
        return list(self.credential.countries or [self.provider.country])

    @property
    def is_free(self) -> bool | None:
        cost = self.credential.cost
        return None if cost is None or cost.amount is None else cost.amount == 0

    @property
    def ects(self) -> float:
        """ECTS as given, or converted from hours at HOURS_PER_ECTS."""
        workload = self.credential.workload
        if workload.ects is not None:
            return workload.ects
        return round((workload.hours or 0) / HOURS_PER_ECTS, 1)

    @property
    def ects_is_estimated(self) -> bool:
        return self.credential.workload.ects is None

    def is_stale(self, on: dt.date | None = None) -> bool:
        return self.credential.review_by < (on or today())

    @property
    def missing_annex_i(self) -> list[str]:
        """Annex I elements with nothing to show; the level counts only when EQF is given."""
        missing = []
        if self.credential.level is None or self.credential.level.eqf is None:
            missing.append("level")
        return missing


@dataclass
class Directory:
    """Every provider and listing, sorted by key, so all outputs are deterministic."""

    providers: dict[str, Provider]
    listings: dict[str, Listing]
    provider_paths: dict[str, str] = field(default_factory=dict)

    def listings_of(self, provider_id: str) -> list[Listing]:
        return [item for item in self.listings.values() if item.provider.id == provider_id]

    @cached_property
    def _contributors(self) -> dict[str, list[Listing]]:
        found: dict[str, list[Listing]] = {}
        for listing in self.listings.values():
            for target in contributes_to_keys(listing.credential):
                found.setdefault(target, []).append(listing)
        return found

    def contributors_to(self, key: str) -> list[Listing]:
        """Listings that count towards ``key``: the reverse of contributes_to."""
        return self._contributors.get(key, [])


def contributes_to_keys(credential: Credential) -> list[str]:
    stackability = credential.stackability
    if stackability is None or not stackability.contributes_to:
        return []
    return [item for item in stackability.contributes_to if isinstance(item, str)]


@dataclass
class Checked:
    """What checking a directory gives: the directory if sound, and every problem."""

    directory: Directory | None
    problems: list[Problem]
    files: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def load_directory(root: Path, only: Sequence[Path] | None = None) -> Checked:
    """Check every file under credentials/ (or report only on ``only``, still cross-checked
    against the rest) and build the Directory when there is no error."""
    root = root.resolve()
    layout = discover(root)
    problems = list(layout.problems)
    wanted = _relative(root, only) if only is not None else None

    providers: dict[str, Provider] = {}
    for folder, rel in layout.providers.items():
        document, found = load_document(root / rel, rel)
        provider, more = check_provider(document) if document else (None, [])
        problems += _merge(found, more)
        if provider is not None:
            providers[folder] = provider

    listings: dict[str, Listing] = {}
    refs: list[Reference] = []
    keys = {rel.removeprefix("credentials/").removesuffix(".yaml") for rel in layout.credentials}
    for rel in layout.credentials:
        key = rel.removeprefix("credentials/").removesuffix(".yaml")
        document, found = load_document(root / rel, rel)
        credential, more = check_credential(document) if document else (None, [])
        problems += _merge(found, more)
        if document is not None:
            refs += references(key, document)
        folder = key.split("/", 1)[0]
        if credential is not None and folder in providers:
            listings[key] = Listing(key, rel, providers[folder], credential)
    problems += check_references(refs, keys)

    if wanted is not None:
        problems = [p for p in problems if _concerns(p.path, wanted)]
    problems.sort()
    if has_errors(problems) or (wanted is None and len(listings) != len(layout.credentials)):
        return Checked(None, problems, len(layout.credentials) + len(layout.providers))
    directory = Directory(
        providers=dict(sorted(providers.items())),
        listings=dict(sorted(listings.items())),
        provider_paths=dict(sorted(layout.providers.items())),
    )
    return Checked(directory, problems, len(layout.credentials) + len(layout.providers))


def _merge(parse_problems: list[Problem], model_problems: list[Problem]) -> list[Problem]:
    """A YAML 1.1 surprise already explains the type error at the same place: keep one."""
    taken = {(p.line, p.col) for p in parse_problems if p.code == "yaml11"}
    return parse_problems + [p for p in model_problems if (p.line, p.col) not in taken]


def _relative(root: Path, paths: Iterable[Path]) -> list[str]:
    out = []
    for path in paths:
        absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
        try:
            out.append(absolute.relative_to(root).as_posix())
        except ValueError:
            out.append(absolute.as_posix())
    return out


def _concerns(problem_path: str, wanted: list[str]) -> bool:
    return any(problem_path == w or problem_path.startswith(w.rstrip("/") + "/") for w in wanted)
