"""Check a whole directory: discover -> load -> validate -> cross-check -> the Directory.

`load_directory` returns the `Directory` (generator.directory, the model) only when
nothing is wrong, with every problem of every file collected. `load_directory(root, only)`
reports on some files alone, still cross-checked against the rest.

These are the serial functions, the reference: the one execution strategy used here
(loading the credential files in parts, generator.parallel.parts) calls
`load_credentials` on parts of the list and must give what one call on the whole gives.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check.crosscheck import (
    Reference,
    Titled,
    check_claims,
    check_provider_names,
    check_references,
    check_titles,
    references,
)
from generator.check.discover import Layout, discover
from generator.check.load import Document, load_document
from generator.check.problems import Problem, has_errors
from generator.check.refcache import CACHE_MIN_FILES, Links, ReferenceCache
from generator.directory import Directory, Listing
from generator.parallel.parts import in_parts

if TYPE_CHECKING:
    from generator.format.models import Credential, Provider

# The models (generator.check.validate imports pydantic and builds them) are imported in
# the functions that validate, so that the CLI's other commands do not pay for them.


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
    collector would scan a growing heap again and again for nothing: pause it while
    loading; nothing loaded forms a cycle."""
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


@dataclass
class Loaded:
    """What loading some credential files gave, in their order. Plain data (no parsed
    document), so that a forked child can send it back."""

    credentials: list[tuple[str, Credential]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    links: list[tuple[str, Links]] = field(default_factory=list)  # files that parsed
    titles: dict[str, str | None] = field(default_factory=dict)  # the same files' titles


def load_credentials(root: Path, paths: Sequence[str]) -> Loaded:
    """Parse and validate each credential file of ``paths`` (relative to ``root``) on its
    own; the cross-checks come after, on what every part gave."""
    from generator.check.validate import check_credential

    loaded = Loaded()
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


def _load_all(root: Path, layout: Layout) -> Checked:
    problems = list(layout.problems)
    providers, found = _load_providers(root, layout)
    problems += found
    cache = ReferenceCache(root) if len(layout.credentials) >= CACHE_MIN_FILES else None

    listings: dict[str, Listing] = {}
    refs: list[Reference] = []
    titled: list[Titled] = []
    keys = {_key_of(rel) for rel in layout.credentials}
    for loaded in in_parts(functools.partial(load_credentials, root), layout.credentials):
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
    from generator.check.validate import check_credential

    layout = discover(root)
    problems = list(layout.problems)
    concerns = _concerning(wanted)
    if any(concerns(rel) for rel in layout.providers.values()):
        # Provider problems concern provider files only; their names are checked
        # against each other, so all are read when one is reported on.
        problems += _load_providers(root, layout)[1]
    cache = ReferenceCache.read(root) if len(layout.credentials) >= CACHE_MIN_FILES else None

    refs: list[Reference] = []
    titled: list[Titled] = []
    keys: set[str] = set()
    reported: list[str] = []
    for rel in layout.credentials:
        key = _key_of(rel)
        keys.add(key)
        stamp = layout.stamps[rel]
        is_reported = concerns(rel)
        if not is_reported:
            entry = cache.entry(rel, stamp) if cache is not None else None
            if entry is not None:
                links, title = entry
                source = _FileAt(root, rel)
                refs += [Reference(key, target, loc, source) for target, loc in links]
                if title is not None:
                    titled.append(Titled(key, title, source))
                continue
        document, found = load_document(root / rel, rel)
        if is_reported:
            reported.append(rel)
            more = check_credential(document)[1] if document is not None else []
            problems += _merge(found, more)
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

    problems = sorted(p for p in problems if concerns(p.path))
    reported_on = len(reported) + sum(map(concerns, layout.providers.values()))
    return Checked(None, problems, reported_on)


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
