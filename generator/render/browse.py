"""Browse pages that work without JavaScript, the pathways page, and the compare page.

Each browse dimension (country, EQF level, field of education, participation mode) gets
an index of its groups and one paginated listing per group; providers have their own
pages already. Group slugs are stable: they are part of the URLs learners bookmark.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.directory import Directory, Listing, Pathway, pathways
from generator.format.vocabularies import (
    PARTICIPATION_MODES,
    isced_broad_field,
)
from generator.render import facts
from generator.render.i18n import N_, _
from generator.render.pages import (
    Page,
    deferred,
    index_pages,
    json_for_html,
    linker,
    paginate,
    render_template,
)
from generator.urls import credential_url, export_path, provider_path, url_of


@dataclass(frozen=True)
class Dimension:
    """One way to browse: how to name it, and which groups a listing belongs to. Its words
    are English, marked for the catalogue, and translated where a page shows them."""

    slug: str
    title: str  # "By country"
    heading: str  # "Credentials by country": its index page's title
    description: str  # "Credentials grouped by country.": its index page's description
    noun: str  # "Country": the heading of its index's group column
    intro: str  # "Credentials whose country is %(group)s.": a group's page says what it is
    groups: Callable[[Listing], list[tuple[str, str]]]  # [(group slug, group label)]
    order: Callable[[tuple[str, str]], object] = lambda group: group[1].casefold()


def _countries(listing: Listing) -> list[tuple[str, str]]:
    return [(code.lower(), facts.country_name(code)) for code in listing.countries]


def _level(listing: Listing) -> list[tuple[str, str]]:
    level = listing.credential.level
    if level is None or level.eqf is None:
        return [("not-stated", _("EQF level not stated"))]
    return [(f"eqf-{level.eqf}", facts.eqf_level_text(level.eqf))]


def _fields(listing: Listing) -> list[tuple[str, str]]:
    broad = {isced_broad_field(code)[0] for code in listing.credential.fields_of_education}
    return sorted((code, facts.field_name(code)) for code in broad)


def _mode(listing: Listing) -> list[tuple[str, str]]:
    mode = listing.credential.participation.mode
    return [(mode, facts.label("participation.mode", mode))]


DIMENSIONS = (
    Dimension(
        "country",
        N_("By country"),
        N_("Credentials by country"),
        N_("Credentials grouped by country."),
        N_("Country"),
        N_("Credentials whose country is %(group)s."),
        _countries,
    ),
    Dimension(
        "level",
        N_("By level"),
        N_("Credentials by level"),
        N_("Credentials grouped by level."),
        N_("EQF level"),
        N_("Credentials whose EQF level is %(group)s."),
        _level,
        order=lambda g: (g[0] == "not-stated", g[0]),
    ),
    Dimension(
        "field",
        N_("By field of education"),
        N_("Credentials by field of education"),
        N_("Credentials grouped by field of education."),
        N_("Field of education"),
        N_("Credentials whose field of education is %(group)s."),
        _fields,
        order=lambda group: group[0],
    ),
    Dimension(
        "mode",
        N_("By form of participation"),
        N_("Credentials by form of participation"),
        N_("Credentials grouped by form of participation."),
        N_("Form of participation"),
        N_("Credentials whose form of participation is %(group)s."),
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
            {"title": _(dimension.title), "url": url_of(f"{base}/index.md"), "count": len(groups)}
        )
        yield Page(
            f"{base}/index.md",
            _(dimension.heading),
            _(dimension.description),
            deferred(
                "browse_index.html",
                url_of(f"{base}/index.md"),
                title=_(dimension.heading),
                noun=_(dimension.noun),
                rows=rows,
            ),
        )
        for slug, label in groups:
            yield from index_pages(
                f"{base}/{slug}",
                label,
                _(dimension.intro) % {"group": label},
                members[(slug, label)],
            )
    yield Page(
        "browse/index.md",
        _("Browse"),
        _("Browse credentials by country, level, field and mode."),
        deferred("browse_hub.html", "browse/", rows=hub_rows, providers=len(directory.providers)),
    )


# On the pathways page, each credential shows at most this many links each way; its fact
# sheet lists them all. With PAGE_SIZE credentials a page, no page grows with the directory.
LINKS_SHOWN = 10
TOPS_NAMED = 3  # in a pathway's heading


def pathways_pages(directory: Directory) -> list[Page]:
    """Every pathway (generator.directory.pathways), each credential in it listed once
    with what it counts towards and what counts towards it: linear in credentials and
    links, where nested trees grew with the number of paths. PAGE_SIZE credentials to a
    page; a long pathway goes on over the next pages."""
    entries = [
        (number, pathway, listing)
        for number, pathway in enumerate(pathways(directory), start=1)
        for listing in pathway.members
    ]
    return [
        Page(
            page.src,
            page.title(_("Pathways")),
            _("Which credentials stack into which."),
            functools.partial(_pathways_html, directory, page.items, url_of(page.src), page.pager),
        )
        for page in paginate(entries, "pathways.md", "pathways/page-{n}.md")
    ]


def _pathways_html(
    directory: Directory,
    chunk: list[tuple[int, Pathway, Listing]],
    page_url: str,
    pager: dict[str, Any],
) -> str:
    groups: list[dict[str, Any]] = []
    for number, pathway, listing in chunk:
        if not groups or groups[-1]["number"] != number:
            tops = [top.credential.title for top in pathway.tops]
            groups.append(
                {
                    "number": number,
                    "tops": tops[:TOPS_NAMED],
                    "more_tops": len(tops) - len(tops[:TOPS_NAMED]),
                    "size": len(pathway.members),
                    "continued": listing is not pathway.members[0],
                    "entries": [],
                }
            )
        groups[-1]["entries"].append(_pathway_entry(directory, listing))
    return render_template("pathways.html", page_url, groups=groups, **pager)


def _pathway_entry(directory: Directory, listing: Listing) -> dict[str, Any]:
    """One credential on the pathways page, with its links each way (LINKS_SHOWN each)."""
    listings = directory.listings
    towards = []
    named: set[str] = set()
    for item in directory.contributions(listing):  # without unconfirmed claims
        if not isinstance(item, str):
            towards.append({"title": item.title, "url": item.url, "external": True})
        elif item in listings and item not in named:
            named.add(item)
            target = listings[item].credential.title
            towards.append({"title": target, "url": credential_url(item), "external": False})
    sources = list(dict.fromkeys(source.key for source in directory.contributors_to(listing.key)))
    built_from = [
        {
            "title": listings[key].credential.title,
            "url": credential_url(key),
            "external": False,
        }
        for key in sources[:LINKS_SHOWN]
    ]
    return {
        "listing": listing,
        "url": credential_url(listing.key),
        "workload": facts.workload_text(listing),
        "towards": towards[:LINKS_SHOWN],
        "more_towards": max(0, len(towards) - LINKS_SHOWN),
        "built_from": built_from,
        "more_built_from": len(sources) - len(built_from),
    }


def compare_page() -> Page:
    """The compare page reads each credential's JSON export (and its provider's): the data
    island tells it where they are and how the fact sheets word their values."""
    # Relative to the page, so they lead to the one copy of the open data, at the site's
    # root, from every language's compare page.
    link = linker("compare/")
    data = {
        **facts.wording(),
        "credential_json": link(export_path("{key}", "json")),
        "provider_json": link(provider_path("{provider}")),
    }
    body = deferred("compare.html", "compare/", data=json_for_html(data))
    return Page(
        "compare.md",
        _("Compare credentials"),
        _("Compare two to four credentials side by side."),
        body,
    )
