"""The directory as typed objects, and the pipeline that makes it from files.

load_directory runs discover -> load -> validate -> cross-check and returns the
`Directory` only when nothing is wrong, with every problem of every file collected.
Derived facts that the site and the exports share (free or paid, ECTS equivalent,
completeness, stale) live here, once.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check.crosscheck import (
    Reference,
    Titled,
    check_claims,
    check_provider_names,
    check_references,
    check_titles,
    provider_of,
    references,
)
from generator.check.discover import Layout, discover
from generator.check.load import Document, load_document
from generator.check.problems import Problem, has_errors
from generator.check.refcache import CACHE_MIN_FILES, Links, ReferenceCache
from generator.format.clock import today  # re-exported: the date stale checks use
from generator.format.completeness import missing_annex_i
from generator.parallel.forked import Forked, Inbox

if TYPE_CHECKING:
    from generator.format.models import Credential, ExternalQualification, Provider

# The models (generator.check.validate, which imports pydantic and builds them: most of a one-file
# check's time) are imported where files are validated, so that `credir validate PATH` can
# import them in a child while this process finds the files (see _ModelChecks).

HOURS_PER_ECTS = 27.5  # the ECTS Users' Guide: 1 ECTS is 25 to 30 hours; the midpoint


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
        """Annex I elements with nothing to show (the rule validate warns with)."""
        return missing_annex_i(self.credential)

    @property
    def text_language(self) -> str:
        """The language the file's text is written in (docs/format.md): its own
        `text_language`, else its provider's, else the first language of instruction."""
        return (
            self.credential.text_language
            or self.provider.text_language
            or self.credential.languages[0]
        )

    @property
    def text_languages(self) -> list[str]:
        """Every language the listing can be read in: the text's own, then its
        translations' in the file's order."""
        return [self.text_language, *(self.credential.translations or {})]

    def text_in(self, language: str) -> ListingText:
        """The title, summary, description and outcomes to show in ``language``: the
        translation's where it gives them, the original's otherwise (also for a language
        the listing has no translation in)."""
        credential = self.credential
        translation = (credential.translations or {}).get(language)
        if language == self.text_language or translation is None:
            return ListingText(
                self.text_language,
                credential.title,
                credential.summary,
                credential.description,
                list(credential.learning_outcomes),
                self.provider_text_in(language).name,
            )
        return ListingText(
            language,
            translation.title or credential.title,
            translation.summary or credential.summary,
            translation.description or credential.description,
            list(translation.learning_outcomes or credential.learning_outcomes),
            self.provider_text_in(language).name,
            translated=tuple(
                name for name in type(translation).model_fields if getattr(translation, name)
            ),
        )

    def provider_text_in(self, language: str) -> ProviderText:
        """The provider's name and description in ``language``, the original's where its
        translation leaves one out."""
        provider = self.provider
        translation = (provider.translations or {}).get(language)
        if translation is None:
            return ProviderText(provider.name, provider.description)
        return ProviderText(
            translation.name or provider.name, translation.description or provider.description
        )


@dataclass(frozen=True)
class ProviderText:
    """A provider's name and description as shown in one language."""

    name: str
    description: str | None


@dataclass(frozen=True)
class ListingText:
    """A listing's text as shown in one language. ``language``: the translation's, or the
    original's when there is no translation in the language asked for. ``translated``: the
    fields the translation gave; the others are the original's (in the listing's
    `text_language`), which a page can mark as such."""

    language: str
    title: str
    summary: str
    description: str | None
    learning_outcomes: list[str]
    provider_name: str
    translated: tuple[str, ...] = ()


@dataclass
class Directory:
    """Every provider and listing, sorted by key, so all outputs are deterministic."""

    providers: dict[str, Provider]
    listings: dict[str, Listing]
    provider_paths: dict[str, str] = field(default_factory=dict)

    def listings_of(self, provider_id: str) -> list[Listing]:
        return list(self._by_provider.get(provider_id, ()))

    @cached_property
    def _by_provider(self) -> dict[str, list[Listing]]:
        """Listings per provider, in key order: one pass, not one per provider (quadratic)."""
        found: dict[str, list[Listing]] = {}
        for listing in self.listings.values():
            found.setdefault(listing.provider.id, []).append(listing)
        return found

    @cached_property
    def _contributors(self) -> dict[str, list[Listing]]:
        found: dict[str, list[Listing]] = {}
        for listing in self.listings.values():
            for target in self.counts_towards(listing):
                found.setdefault(target, []).append(listing)
        return found

    def contributors_to(self, key: str) -> list[Listing]:
        """Listings that count towards ``key``, as its provider recognises them: the
        reverse of the confirmed contributes_to links."""
        return self._contributors.get(key, [])

    def is_confirmed(self, source: str, target: str) -> bool:
        """Whether ``target``'s provider recognises that ``source`` counts towards it:
        always within one provider (one set of maintainers), else when ``target`` lists
        ``source`` in `stackability.accepts`. Recognition is the receiving provider's
        decision, so an unconfirmed link is shown on the claimant's page alone."""
        if provider_of(source) == provider_of(target):
            return True
        listing = self.listings.get(target)
        stackability = listing.credential.stackability if listing else None
        return stackability is not None and source in (stackability.accepts or ())

    def counts_towards(self, listing: Listing) -> list[str]:
        """The directory keys ``listing`` counts towards, confirmed by their providers:
        the links the target's pages, the pathways and the exports show."""
        return [
            key
            for key in contributes_to_keys(listing.credential)
            if key in self.listings and self.is_confirmed(listing.key, key)
        ]

    def contributions(self, listing: Listing) -> list[str | ExternalQualification]:
        """What ``listing`` counts towards as the pathways show it: its contributes_to in
        the file's order, keys confirmed by their providers and qualifications outside
        the directory (`ExternalQualification`), without the unconfirmed claims."""
        stackability = listing.credential.stackability
        return [
            item
            for item in (stackability.contributes_to or [] if stackability else [])
            if not isinstance(item, str) or self.is_confirmed(listing.key, item)
        ]

    def unconfirmed_claims(self, listing: Listing) -> list[str]:
        """The directory keys ``listing`` says it counts towards whose providers have not
        confirmed it: shown on its own page only, marked as not confirmed."""
        return [
            key
            for key in contributes_to_keys(listing.credential)
            if key in self.listings and not self.is_confirmed(listing.key, key)
        ]


def contributes_to_keys(credential: Credential) -> list[str]:
    """Every directory key a credential names in contributes_to, confirmed or not: what
    its file says (see Directory.counts_towards for what the directory shows)."""
    stackability = credential.stackability
    if stackability is None or not stackability.contributes_to:
        return []
    return [item for item in stackability.contributes_to if isinstance(item, str)]


@dataclass(frozen=True)
class Pathway:
    """Credentials linked by `contributes_to`, each once: the tops (which count towards no
    other credential in the directory) first, then each credential after every one it
    counts towards."""

    tops: list[Listing]
    members: list[Listing]


def pathways(directory: Directory) -> list[Pathway]:
    """Every pathway, in the order of its first top's key: a group of credentials linked by
    `contributes_to` either way, or one credential that counts only towards qualifications
    outside the directory. Credentials without a link are in none.

    Each credential and link is visited once, by loops, never by recursion: a directory
    that validates can hold a chain 100,000 long, or layers of credentials that each count
    towards every one of the next layer, which have exponentially many paths."""
    listings = directory.listings
    # Only links the target's provider confirmed: an unconfirmed claim is not its pathway.
    targets = {
        key: list(dict.fromkeys(directory.counts_towards(item))) for key, item in listings.items()
    }
    sources: dict[str, list[str]] = {}
    for key, found in targets.items():
        for target in found:
            sources.setdefault(target, []).append(key)
    seen: set[str] = set()
    out = []
    for start, listing in listings.items():
        linked = targets[start] or start in sources or _contributes_outside(listing.credential)
        if start in seen or not linked:
            continue
        seen.add(start)
        component = [start]
        for key in component:  # grows while it is walked: the whole group, both ways
            for other in (*targets[key], *sources.get(key, ())):
                if other not in seen:
                    seen.add(other)
                    component.append(other)
        out.append(_top_down(component, targets, sources, listings))
    out.sort(key=lambda pathway: pathway.tops[0].key)
    return out


def _top_down(
    component: list[str],
    targets: dict[str, list[str]],
    sources: dict[str, list[str]],
    listings: dict[str, Listing],
) -> Pathway:
    """A topological order (Kahn's): a credential comes once all it counts towards have."""
    waiting = {key: len(targets[key]) for key in component}
    order = sorted(key for key in component if not waiting[key])
    tops = list(order)
    for key in order:  # grows while it is walked
        for source in sources.get(key, ()):
            waiting[source] -= 1
            if not waiting[source]:
                order.append(source)
    if len(order) < len(component):  # a cycle: only in a directory that failed validation
        placed = set(order)
        order += sorted(key for key in component if key not in placed)
        tops = tops or order[:1]
    return Pathway([listings[key] for key in tops], [listings[key] for key in order])


def _contributes_outside(credential: Credential) -> bool:
    stackability = credential.stackability
    return stackability is not None and any(
        not isinstance(item, str) for item in stackability.contributes_to or []
    )


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
    against the rest) and build the Directory when there is no error.

    A check limited to ``only`` gives its problems but no Directory: the other credential
    files are read only for the keys they name (see generator.check.refcache), not validated."""
    root = root.resolve()
    with _collector_paused():
        if only is not None:
            return _load_only(root, _relative(root, only))
        return _load_all(root, discover(root))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds millions of small objects that all stay alive, so Python's cycle
    collector would scan a growing heap again and again for nothing (about a tenth of the
    time): pause it while loading; nothing loaded forms a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_providers(root: Path, layout: Layout) -> tuple[dict[str, Provider], list[Problem]]:
    from generator.check.validate import check_provider

    providers: dict[str, Provider] = {}
    problems: list[Problem] = []
    provider_documents = []
    for folder, rel in layout.providers.items():
        document, found = load_document(root / rel, rel)
        provider, more = check_provider(document) if document else (None, [])
        problems += _merge(found, more)
        if provider is not None:
            providers[folder] = provider
        if document is not None:
            provider_documents.append(document)
    problems += check_provider_names(provider_documents)
    return providers, problems


def _key_of(rel: str) -> str:
    return rel.removeprefix("credentials/").removesuffix(".yaml")


# Below this many files per part, loading in one process is faster than forking.
PARALLEL_MIN_FILES = 500


@dataclass
class _Loaded:
    """What loading some credential files gave, in their order. Plain data (no parsed
    document), so that a forked child can send it back."""

    credentials: list[tuple[str, Credential]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    links: list[tuple[str, Links]] = field(default_factory=list)  # files that parsed
    titles: dict[str, str | None] = field(default_factory=dict)  # the same files' titles


def _load_credentials(root: Path, paths: Sequence[str]) -> _Loaded:
    from generator.check.validate import check_credential

    loaded = _Loaded()
    for rel in paths:
        document, found = load_document(root / rel, rel)
        credential, more = check_credential(document) if document else (None, [])
        loaded.problems += _merge(found, more)
        if document is not None:
            named = references(_key_of(rel), document)
            loaded.links.append((rel, [(ref.target, ref.field) for ref in named]))
            loaded.titles[rel] = _title_of(document)
        if credential is not None:
            loaded.credentials.append((rel, credential))
    return loaded


def _load_in_parts(root: Path, paths: list[str]) -> list[_Loaded]:
    """Load the files in consecutive parts, one per core: the first here, the others in
    forked children meanwhile. Parsing and validating are pure CPU and each file stands
    alone, so n cores load n parts in the time of one (plus sending the models back)."""
    count = min(_cores(), len(paths) // PARALLEL_MIN_FILES)
    if count < 2 or not _can_fork():
        return [_load_credentials(root, paths)]
    size = -(-len(paths) // count)
    parts = [paths[start : start + size] for start in range(0, len(paths), size)]
    children = [Forked(functools.partial(_load_credentials, root, part)) for part in parts[1:]]
    try:
        return [_load_credentials(root, parts[0])] + [child.result() for child in children]
    finally:
        for child in children:
            child.stop()


def _can_fork() -> bool:
    return hasattr(os, "fork")  # not on Windows


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _load_all(root: Path, layout: Layout) -> Checked:
    problems = list(layout.problems)
    providers, found = _load_providers(root, layout)
    problems += found
    cache = ReferenceCache(root) if len(layout.credentials) >= CACHE_MIN_FILES else None

    listings: dict[str, Listing] = {}
    refs: list[Reference] = []
    titled: list[Titled] = []
    keys = {_key_of(rel) for rel in layout.credentials}
    for loaded in _load_in_parts(root, layout.credentials):
        problems += loaded.problems
        for rel, links in loaded.links:
            source = _FileAt(root, rel)  # parsed again only to place a problem
            refs += [Reference(_key_of(rel), target, loc, source) for target, loc in links]
            title = loaded.titles[rel]
            if title is not None:
                titled.append(Titled(_key_of(rel), title, source))
            if cache is not None:
                cache.store(rel, layout.stamps[rel], links, title)
        for rel, credential in loaded.credentials:
            key = _key_of(rel)
            folder = key.split("/", 1)[0]
            if folder in providers:
                listings[key] = Listing(key, rel, providers[folder], credential)
    problems += check_references(refs, keys)
    problems += check_claims(refs, keys)
    problems += check_titles(titled)
    if cache is not None:
        cache.keep_only(set(layout.credentials))
        cache.write()

    problems.sort()
    files = len(layout.credentials) + len(layout.providers)
    if has_errors(problems) or len(listings) != len(layout.credentials):
        return Checked(None, problems, files)
    directory = Directory(
        providers=dict(sorted(providers.items())),
        listings=dict(sorted(listings.items())),
        provider_paths=dict(sorted(layout.providers.items())),
    )
    return Checked(directory, problems, files)


def _load_only(root: Path, wanted: list[str]) -> Checked:
    """Validate the ``wanted`` files; take the other files' references from the cache (or
    read them for their references alone), so the cross-checks see the whole directory."""
    with _ModelChecks(root) as model_checks:
        layout = discover(root)
        problems = list(layout.problems)
        concerns = _concerning(wanted)
        reported = [rel for rel in layout.credentials if concerns(rel)]
        model_checks.ask(reported)
        if any(concerns(rel) for rel in layout.providers.values()):
            # Provider problems concern provider files only; their names are checked
            # against each other, so all are read when one is reported on.
            problems += _load_providers(root, layout)[1]
        cache = ReferenceCache.read(root) if len(layout.credentials) >= CACHE_MIN_FILES else None

        refs: list[Reference] = []
        titled: list[Titled] = []
        keys: set[str] = set()
        parse_problems: dict[str, list[Problem]] = {}
        is_reported = set(reported)
        for rel in layout.credentials:
            key = _key_of(rel)
            keys.add(key)
            stamp = layout.stamps[rel]
            if rel not in is_reported:
                entry = cache.entry(rel, stamp) if cache is not None else None
                if entry is not None:
                    links, title = entry
                    source = _FileAt(root, rel)
                    refs += [Reference(key, target, loc, source) for target, loc in links]
                    if title is not None:
                        titled.append(Titled(key, title, source))
                    continue
            document, found = load_document(root / rel, rel)
            if rel in is_reported:
                parse_problems[rel] = found
            if document is not None:
                named = references(key, document)
                refs += named
                title = _title_of(document)
                if title is not None:
                    titled.append(Titled(key, title, document))
                if cache is not None:
                    cache.store(rel, stamp, [(r.target, r.field) for r in named], title)
        placed_in = {_key_of(rel) for rel in reported}
        problems += check_references(refs, keys, placed_in=placed_in)
        problems += check_claims(refs, keys)
        problems += check_titles(titled, placed_in=placed_in)
        if cache is not None:
            cache.keep_only(set(layout.credentials))
            cache.write()
        model_problems = model_checks.answer()

    for rel, found in parse_problems.items():
        problems += _merge(found, model_problems[rel])
    problems = sorted(p for p in problems if concerns(p.path))
    reported_on = len(reported) + sum(map(concerns, layout.providers.values()))
    return Checked(None, problems, reported_on)


class _ModelChecks:
    """The model checks of the files reported on, made in a child forked at once when the
    models are not imported yet: importing them (pydantic, and building the models) is
    most of a one-file check, and the child does it while this process finds the files
    and reads the others' references. Here, after all, without `fork` (Windows) or when
    the models are imported already (a test, the build)."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._paths: list[str] = []
        self._inbox: Inbox | None = None
        self._child: Forked | None = None
        if _models_in_a_child():
            self._inbox = Inbox()
            self._child = Forked(functools.partial(_model_problems_when_told, root, self._inbox))

    def ask(self, paths: list[str]) -> None:
        """The files to check, known once the layout is (the child starts checking)."""
        self._paths = paths
        if self._inbox is not None:
            self._inbox.send(paths)

    def answer(self) -> dict[str, list[Problem]]:
        """Each asked file's model problems (none for a file that does not parse)."""
        if self._child is None:
            return _model_problems(self._root, self._paths)
        return self._child.result()

    def __enter__(self) -> _ModelChecks:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._child is not None:
            self._inbox.close()
            self._child.stop()


def _models_in_a_child() -> bool:
    return _can_fork() and "generator.check.validate" not in sys.modules


def _model_problems_when_told(root: Path, inbox: Inbox) -> dict[str, list[Problem]]:
    import generator.check.validate  # noqa: F401 - the slow part, while the parent finds the files

    return _model_problems(root, inbox.receive())


def _model_problems(root: Path, paths: Sequence[str]) -> dict[str, list[Problem]]:
    from generator.check.validate import check_credential

    found: dict[str, list[Problem]] = {}
    for rel in paths:
        document, _ = load_document(root / rel, rel)
        found[rel] = check_credential(document)[1] if document is not None else []
    return found


def _title_of(document: Document) -> str | None:
    """The title as written, even in a file with other errors (as `credir new` reads it)."""
    title = document.data.get("title")
    return title if isinstance(title, str) else None


class _FileAt:
    """A credential file whose references came from the cache: parsed only if a problem
    has to be placed in it (a cycle it closes)."""

    def __init__(self, root: Path, path: str) -> None:
        self.root, self.path = root, path

    def locate(self, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        document, _ = load_document(self.root / self.path, self.path)
        return document.locate(loc, key=key) if document is not None else (1, 1)


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


def _concerning(wanted: list[str]) -> Callable[[str], bool]:
    """Whether a path is one of ``wanted`` or inside one (asked of every file)."""
    exact = set(wanted)
    folders = tuple(w.rstrip("/") + "/" for w in wanted)
    return lambda path: path in exact or path.startswith(folders)
