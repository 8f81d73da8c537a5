"""Browse pages that work without JavaScript, the pathways page, and the compare page.

Each browse dimension (country, EQF level, field of education, participation mode) gets
an index of its groups and one paginated listing per group; providers have their own
pages already. Group slugs are stable: they are part of the URLs learners bookmark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.directory import Directory, Listing
from generator.render import facts
from generator.render.pages import (
    PAGE_SIZE,
    Page,
    credential_src,
    deferred,
    index_pages,
    paged,
    url_of,
)
from generator.vocabularies import PARTICIPATION_MODE_LABELS, PARTICIPATION_MODES, isced_broad_field


@dataclass(frozen=True)
class Dimension:
    """One way to browse: how to name it, and which groups a listing belongs to."""

    slug: str
    title: str  # "By country"
    noun: str  # "country"
    groups: Callable[[Listing], list[tuple[str, str]]]  # [(group slug, group label)]
    order: Callable[[tuple[str, str]], object] = lambda group: group[1].casefold()


def _countries(listing: Listing) -> list[tuple[str, str]]:
    return [(code.lower(), facts.country_name(code)) for code in listing.countries]


def _level(listing: Listing) -> list[tuple[str, str]]:
    level = listing.credential.level
    if level is None or level.eqf is None:
        return [("not-stated", "EQF level not stated")]
    return [(f"eqf-{level.eqf}", f"EQF level {level.eqf}")]


def _fields(listing: Listing) -> list[tuple[str, str]]:
    broad = {isced_broad_field(code) for code in listing.credential.fields_of_education}
    return sorted(broad)


def _mode(listing: Listing) -> list[tuple[str, str]]:
    mode = listing.credential.participation.mode
    return [(mode, PARTICIPATION_MODE_LABELS[mode])]


DIMENSIONS = (
    Dimension("country", "By country", "country", _countries),
    Dimension(
        "level", "By level", "EQF level", _level, order=lambda g: (g[0] == "not-stated", g[0])
    ),
    Dimension(
        "field",
        "By field of education",
        "field of education",
        _fields,
        order=lambda group: group[0],
    ),
    Dimension(
        "mode",
        "By form of participation",
        "form of participation",
        _mode,
        order=lambda group: PARTICIPATION_MODES.index(group[0]),
    ),
)


def browse_pages(directory: Directory) -> Iterator[Page]:
    """The browse hub, each dimension's index, and each group's paginated listing."""
    hub_rows = []
    for dimension in DIMENSIONS:
        members: dict[tuple[str, str], list[Listing]] = {}
        for listing in directory.listings.values():
            for group in dimension.groups(listing):
                members.setdefault(group, []).append(listing)
        groups = sorted(members, key=dimension.order)
        base = f"browse/{dimension.slug}"
        rows = [
            {
                "label": label,
                "url": url_of(f"{base}/{slug}/index.md"),
                "count": len(members[(slug, label)]),
            }
            for slug, label in groups
        ]
        hub_rows.append(
            {"title": dimension.title, "url": url_of(f"{base}/index.md"), "count": len(groups)}
        )
        yield Page(
            f"{base}/index.md",
            f"Credentials {dimension.title.lower()}",
            f"Credentials grouped {dimension.title.lower()}.",
            deferred(
                "browse_index.html",
                url_of(f"{base}/index.md"),
                title=f"Credentials {dimension.title.lower()}",
                noun=dimension.noun,
                rows=rows,
            ),
        )
        for slug, label in groups:
            yield from index_pages(
                f"{base}/{slug}",
                label,
                f"Credentials whose {dimension.noun} is {label}.",
                members[(slug, label)],
            )
    yield Page(
        "browse/index.md",
        "Browse",
        "Browse credentials by country, level, field and mode.",
        deferred("browse_hub.html", "browse/", rows=hub_rows, providers=len(directory.providers)),
    )


def pathways_pages(directory: Directory) -> list[Page]:
    """Every stackable chain: trees topped by a credential that counts towards nothing
    else in the directory, with what counts towards it nested below; PAGE_SIZE trees to a
    page."""
    listings = directory.listings

    def tree(key: str, seen: frozenset[str]) -> dict[str, object]:
        listing = listings[key]
        children = [
            tree(item.key, seen | {key})
            for item in directory.contributors_to(key)
            if item.key not in seen
        ]
        stackability = listing.credential.stackability
        external = [
            item
            for item in (stackability.contributes_to or [] if stackability else [])
            if not isinstance(item, str)
        ]
        return {
            "listing": listing,
            "url": url_of(credential_src(key)),
            "children": children,
            "external": external,
        }

    tops = [
        key
        for key, listing in listings.items()
        if directory.contributors_to(key)
        and not any(isinstance(item, str) for item in directory.contributions(listing))
    ]
    # A credential that leads only outside the directory is a pathway of its own.
    topped = set(tops)  # a set: `in` on the list made this quadratic (33 s at 100,000)
    tops += [
        key
        for key, listing in listings.items()
        if key not in topped
        and not directory.contributors_to(key)
        and directory.contributions(listing)
        and not any(isinstance(item, str) for item in directory.contributions(listing))
    ]
    tops = sorted(tops)
    out = []
    for index, (src, pager) in enumerate(paged("pathways.md", "pathways/page-{n}.md", len(tops))):
        chunk = tops[index * PAGE_SIZE : (index + 1) * PAGE_SIZE]
        trees = [tree(key, frozenset()) for key in chunk]
        body = deferred("pathways.html", url_of(src), trees=trees, **pager)
        title = "Pathways" if pager["number"] == 1 else f"Pathways (page {pager['number']})"
        out.append(Page(src, title, "Which credentials stack into which.", body))
    return out


def compare_page() -> Page:
    body = deferred("compare.html", "compare/")
    return Page(
        "compare.md", "Compare credentials", "Compare two to four credentials side by side.", body
    )
