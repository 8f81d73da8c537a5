"""The directory as typed objects: what every page, export and search record is made from.

Derived facts that the site and the exports share (free or paid, ECTS equivalent,
completeness, stale, pathways, confirmed links) live here, once. generator.check.run
makes a `Directory` from the files (discover -> load -> validate -> cross-check).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from generator.format.clock import today  # re-exported: the date stale checks use
from generator.format.completeness import missing_annex_i

if TYPE_CHECKING:
    from generator.format.models import Credential, ExternalQualification, Provider

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
    def contributes_to(self) -> list[str | ExternalQualification]:
        """What its file says it counts towards, in the file's order: directory keys
        (confirmed by their providers or not: see Directory.counts_towards) and
        qualifications outside the directory. The one reader of
        `stackability.contributes_to`."""
        stackability = self.credential.stackability
        return list(stackability.contributes_to or []) if stackability else []

    @property
    def contributes_to_keys(self) -> list[str]:
        """The directory keys among `contributes_to`, confirmed or not."""
        return [item for item in self.contributes_to if isinstance(item, str)]

    @property
    def contributes_outside(self) -> list[ExternalQualification]:
        """The qualifications outside the directory among `contributes_to`."""
        return [item for item in self.contributes_to if not isinstance(item, str)]

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
        return provider_text_in(self.provider, language)


def provider_text_in(provider: Provider, language: str) -> ProviderText:
    """The provider's name and description in ``language``, the original's where its
    translation leaves one out."""
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
            for key in listing.contributes_to_keys
            if key in self.listings and self.is_confirmed(listing.key, key)
        ]

    def contributions(self, listing: Listing) -> list[str | ExternalQualification]:
        """What ``listing`` counts towards as the pathways show it: its contributes_to in
        the file's order, keys confirmed by their providers and qualifications outside
        the directory (`ExternalQualification`), without the unconfirmed claims."""
        return [
            item
            for item in listing.contributes_to
            if not isinstance(item, str) or self.is_confirmed(listing.key, item)
        ]

    def unconfirmed_claims(self, listing: Listing) -> list[str]:
        """The directory keys ``listing`` says it counts towards whose providers have not
        confirmed it: shown on its own page only, marked as not confirmed."""
        return [
            key
            for key in listing.contributes_to_keys
            if key in self.listings and not self.is_confirmed(listing.key, key)
        ]


def provider_of(key: str) -> str:
    """The provider of a directory key: its first folder (`acme/data-basics` -> `acme`)."""
    return key.split("/", 1)[0]


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
        linked = targets[start] or start in sources or listing.contributes_outside
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
