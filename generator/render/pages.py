"""Render the directory's pages as HTML fragments, one `Page` per URL.

Jinja2 (installed with MkDocs) with autoescaping is the only way text reaches the HTML;
provider Markdown goes through generator.render.markdown first. Links are relative, so
the site works from any base path (a GitHub Pages project site, a sub-folder).

Where pages and open-data files live comes from generator.urls, which the exports read
too; the schema.org JSON-LD a fact sheet embeds is made in this stage
(generator.render.schema_org). So the pages import nothing from generator.export, and
the exports nothing from here.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

import jinja2
from markupsafe import Markup, escape

from generator.directory import Directory, Listing, provider_text_in
from generator.format.clock import today
from generator.render import facts, i18n, schema_org
from generator.render.i18n import _
from generator.render.markdown import is_safe_url, render_markdown
from generator.urls import (
    ROOT_LANGUAGE,
    credential_src,
    credential_url,
    open_data_links,
    provider_src,
    provider_url,
    url_of,
)

PAGE_SIZE = 50  # items per page of every paginated list (see paginate)
HOME_SAMPLE = 12


@dataclass
class Page:
    """One generated page: where it goes, what it is called, and its HTML body."""

    src_uri: str  # MkDocs source path, e.g. "credentials/acme/data-basics.md"
    title: str  # plain text; escaped when it reaches HTML
    description: str
    # The HTML, or what renders it when the site build asks: 100,000 fact sheets need not
    # all be held in memory at once.
    body: str | Callable[[], str]
    # A credential's fact sheet: the build has MkDocs write these first (generator.site.build).
    # The search index is fed from records (generator.render.search), not from pages.
    indexed: bool = False

    @property
    def html(self) -> str:
        return self.body() if callable(self.body) else self.body

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


def linker(from_url: str) -> Callable[[str], str]:
    """Links from the page at ``from_url`` to other directory URLs that work under any base
    path: a page makes dozens of links, and a build a few hundred thousand, so what depends
    on the page alone is worked out once.

    Both URLs are as the English site has them. In another interface language's copy (under
    /<lang>/), a link to a page goes to that page in the same language, and a link to a file
    (the open data, written once) to the file at the root."""
    lang = i18n.current_language()
    if lang == ROOT_LANGUAGE:
        return _linker(from_url)
    within = _linker(f"{lang}/{from_url}")
    return lambda to_url: within(f"{lang}/{to_url}" if _is_page(to_url) else to_url)


def _is_page(url: str) -> bool:
    """Pages are folders ("", "credentials/acme/x/"); open-data files are not."""
    return url == "" or url.endswith("/")


def _linker(from_url: str) -> Callable[[str], str]:
    if not _PLAIN_URL.fullmatch(from_url):
        return functools.partial(_relpath, from_url)
    here = from_url.split("/")[:-1]
    ups = [".."] * len(here)

    def link(to_url: str) -> str:
        if to_url == from_url:
            return "."
        if not _PLAIN_TARGET.fullmatch(to_url):
            return _relpath(from_url, to_url)
        # What posixpath.relpath gives for such URLs, without its normalising.
        there = to_url.rstrip("/").split("/") if to_url else []
        common = 0
        for mine, theirs in zip(here, there, strict=False):
            if mine != theirs:
                break
            common += 1
        target = "/".join(ups[common:] + there[common:]) or "."
        return target + "/" if to_url[-1:] == "/" and target != "." else target

    return link


def _relpath(from_url: str, to_url: str) -> str:
    target = posixpath.relpath("/" + to_url, "/" + from_url)
    return target + ("/" if to_url.endswith("/") and target != "." else "")


# Directory URLs as the site makes them: "" or segments each ending in "/", no dots.
_PLAIN_URL = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*")
# ... or a file in such a folder (an export: "api/v1/credentials/acme/x.json").
_PLAIN_TARGET = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*)?")


def json_for_html(value: Any) -> Markup:
    """JSON that is safe inside <script> and attributes: no character can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, replacement in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, replacement)
    return Markup(text)


def script_messages(*scripts: str) -> Markup:
    """The translations the named scripts of site_overrides/assets/credir need, as a JSON data
    block that their ``t()`` reads (nothing in English, whose strings are the scripts' own).
    The header asks on every page: made once per language."""
    return _script_block(scripts, i18n.current_language())


@cache
def _script_block(scripts: tuple[str, ...], lang: str) -> Markup:
    with i18n.rendering_in(lang):
        messages = i18n.script_messages(*scripts)
    if not messages:
        return Markup("")
    return Markup('<script type="application/json" class="credir-messages">%s</script>') % (
        json_for_html(messages)
    )


@cache
def _environment() -> jinja2.Environment:
    """One environment for every language: its ``_()`` asks the language being rendered
    each time it is called (generator.render.i18n), so nothing compiled or cached in it
    holds a language."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # The templates are part of the package and do not change during a build: without
        # this, every page's template and each include is checked on disk (a stat each).
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n._, ngettext=i18n.ngettext, newstyle=True
    )
    env.filters["markdown"] = lambda text: Markup(render_markdown(text)) if text else ""
    env.filters["number"] = facts.number
    env.filters["country"] = facts.country_name
    env.filters["language"] = facts.language_name
    env.filters["safe_url"] = lambda url: url if url and is_safe_url(url) else None
    env.filters["jsonld"] = json_for_html
    env.filters["label"] = lambda value, vocabulary: facts.label(vocabulary, value)
    # A label inside a sentence: its first letter lower-cased, the rest as written (a German
    # noun keeps its capital: "im eigenen Tempo").
    env.filters["mid_sentence"] = lambda text: text[:1].lower() + text[1:]
    env.globals["facts"] = facts
    env.globals["card_html"] = _card_html
    env.globals["script_messages"] = script_messages
    return env


# A listing's card is on six or so index pages (all credentials, its provider, country,
# level, field, mode), at different folder depths, so its two links differ from page to
# page and nothing else does. It is rendered once, with a mark in place of each link, and
# each page puts its own links in. An entry keeps its listing object and serves only that
# one (never another build's listing of the same key), on the day it was made (stale
# badges and start dates depend on it) and in the language it was made in; the cache is
# emptied when it gets big. A card whose text happens to hold a mark is rendered whole on
# every page.
_CARDS: dict[tuple[int, dt.date, str], _Card] = {}
_CARDS_KEPT = 50_000
_CARD_LINK = "credirQcardQlinkQ7f3a"  # plain letters: escaping leaves them as they are


class _Card(NamedTuple):
    listing: Listing
    url: str  # the card's two link targets
    provider_url: str
    parts: list[str] | None  # the HTML around the two links, or None: render it whole


def _card_html(listing: Listing, link: Callable[[str], str]) -> Markup:
    key = (id(listing), today(), i18n.current_language())
    card = _CARDS.get(key)
    if card is None or card.listing is not listing:
        if len(_CARDS) >= _CARDS_KEPT:
            _CARDS.clear()
        card = _CARDS[key] = _card(listing)
    if card.parts is None:
        return _card_macro(_card_facts(listing), link)
    before, between, after = card.parts
    url, provider_url = escape(link(card.url)), escape(link(card.provider_url))
    return Markup("".join((before, url, between, provider_url, after)))


def _card(listing: Listing) -> _Card:
    item = _card_facts(listing)
    parts = str(_card_macro(item, lambda _: _CARD_LINK)).split(_CARD_LINK)
    return _Card(listing, item["url"], item["provider_url"], parts if len(parts) == 3 else None)


def _card_macro(item: dict[str, Any], link: Callable[[str], str]) -> Markup:
    macro = _environment().get_template("_macros.html").module.card  # type: ignore[attr-defined]
    return macro(item, link)


def _card_facts(listing: Listing) -> dict[str, Any]:
    """What the card macro (_macros.html) prints, worked out here: calls from inside a
    template cost several times more."""
    return {
        "listing": listing,
        "url": credential_url(listing.key),
        "provider_url": provider_url(listing.provider.id),
        "stale": listing.is_stale(),
        "countries": ", ".join(facts.country_name(code) for code in listing.countries),
        "workload": facts.workload_text(listing),
        "level": facts.level_short(listing),
        "mode": facts.label("participation.mode", listing.credential.participation.mode),
        "cost": facts.cost_text(listing),
        "start": facts.start_text(listing),
        "text": (text := facts.shown_text(listing)),
        "title_lang": facts.field_language(listing, text, "title"),
        "provider_name": facts.provider_name(listing.provider),
        "summary_lang": facts.field_language(listing, text, "summary"),
    }


def render_template(template: str, page_url: str, **context: Any) -> str:
    """One template rendered for the page at ``page_url``; ``link()`` makes relative URLs."""

    html_text = _environment().get_template(template).render(link=linker(page_url), **context)
    # Python-Markdown never sees this HTML (see generator.site), but blank lines are
    # still dropped so the output stays compact and diff-friendly.
    return "\n".join(line for line in html_text.splitlines() if line.strip())


def deferred(template: str, page_url: str, **context: Any) -> Callable[[], str]:
    """`render_template`, when the page's body is asked for: no body need be held in
    memory before MkDocs writes its page."""
    return functools.partial(render_template, template, page_url, **context)


def deferred_cards(
    template: str, page_url: str, listings: list[Listing], **context: Any
) -> Callable[[], str]:
    """`deferred`, for a page of cards (the card macro's ``items`` are the listings)."""
    return functools.partial(render_template, template, page_url, items=listings, **context)


def credential_page(directory: Directory, listing: Listing) -> Page:
    """The fact sheet; its HTML is rendered when asked for (see Page.body)."""
    text = facts.shown_text(listing)
    return Page(
        credential_src(listing.key),
        text.title,
        text.summary,
        lambda: credential_html(directory, listing),
        indexed=True,
    )


def credential_html(directory: Directory, listing: Listing) -> str:
    text = facts.shown_text(listing)
    src = credential_src(listing.key)
    url = url_of(src)
    credential = listing.credential
    contributes = []
    for item in listing.contributes_to:
        if isinstance(item, str):
            target = directory.listings[item]
            confirmed = directory.is_confirmed(listing.key, item)
            contributes.append(
                {
                    "title": facts.title(target),
                    "url": credential_url(item),
                    "external": False,
                    # The claim is this provider's word only: said so where it is shown.
                    "unconfirmed_by": None if confirmed else facts.provider_name(target.provider),
                }
            )
        else:
            contributes.append({"title": item.title, "url": item.url, "external": True})
    superseded_by = None
    if credential.superseded_by:
        successor = directory.listings[credential.superseded_by]
        superseded_by = {
            "title": facts.title(successor),
            "url": credential_url(successor.key),
        }
    return render_template(
        "credential.html",
        url,
        listing=listing,
        c=credential,
        text=text,
        untranslated=facts.untranslated_note(listing, text),
        provider=listing.provider,
        provider_url=provider_url(listing.provider.id),
        contributes=contributes,
        contributors=[
            (item, credential_url(item.key)) for item in directory.contributors_to(listing.key)
        ],
        superseded_by=superseded_by,
        # Shown more than once on the page: worked out once.
        workload=facts.workload_text(listing),
        level=facts.level_text(listing),
        cost=facts.cost_text(listing),
        start=facts.start_text(listing),
        mode=facts.label("participation.mode", credential.participation.mode),
        stale=listing.is_stale(),
        open_data=[item._replace(label=_(item.label)) for item in open_data_links(listing.key)],
        missing=facts.annex_i_missing(listing),
        jsonld=json_for_html(schema_org.course(listing, lang=i18n.current_language())),
    )


def provider_page(directory: Directory, provider_id: str) -> Page:
    provider = directory.providers[provider_id]
    src = provider_src(provider_id)
    url = url_of(src)
    listings = directory.listings_of(provider_id)
    text = provider_text_in(provider, i18n.current_language())
    body = deferred_cards(
        "provider.html", url, provider=provider, text=text, listings=listings, count=len(listings)
    )
    description = _("Credentials offered by %(provider)s") % {"provider": text.name}
    return Page(src, text.name, description, body)


def home_page(directory: Directory) -> Page:
    listings = list(directory.listings.values())
    sample = sorted(
        (item for item in listings if _can_start(item)),
        key=lambda item: (item.credential.next_start is None, item.credential.next_start, item.key),
    )[:HOME_SAMPLE]
    countries = sorted({code for item in listings for code in item.countries})
    body = deferred_cards(
        "home.html",
        "",
        count=len(listings),
        providers=len(directory.providers),
        countries=[facts.country_name(code) for code in countries],
        listings=sample,
    )
    return Page(
        "index.md",
        _("Micro-credentials directory"),
        _("Find, compare and follow pathways between micro-credentials."),
        body,
    )


def _can_start(listing: Listing) -> bool:
    """Whether a learner could start it from today: offered, and its next start ahead (or
    self-paced): what "Starting soon" may list."""
    credential = listing.credential
    if credential.status not in ("active", "upcoming"):
        return False
    if credential.next_start is not None and credential.next_start >= today():
        return True
    return credential.participation.pace == "self-paced"


T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list split at PAGE_SIZE: its source, its items, and its pager."""

    src: str
    items: list[T]
    number: int  # from 1
    pages: int
    previous: str | None  # URLs of the neighbouring pages
    next: str | None

    def title(self, title: str) -> str:
        """The page's title: ``title`` on the first page, "title (page N)" after."""
        if self.number == 1:
            return title
        return _("%(title)s (page %(number)s)") % {"title": title, "number": self.number}

    @property
    def pager(self) -> dict[str, Any]:
        """What _pager.html and the headings print."""
        return {
            "number": self.number,
            "pages": self.pages,
            "previous": self.previous,
            "next": self.next,
        }


def paginate(items: Sequence[T], first: str, later: str) -> list[Paged[T]]:
    """``items`` split at PAGE_SIZE, so no page grows with the directory: page 1 at source
    ``first``, page N at ``later.format(n=N)``. At least one page, empty for no items.

    ``later`` must not be an address anything else can take: each list puts its later
    pages one path segment deeper than any id can reach (see its callers)."""
    size = PAGE_SIZE
    count = max(1, -(-len(items) // size))
    srcs = [first, *(later.format(n=number) for number in range(2, count + 1))]
    return [
        Paged(
            src,
            list(items[index * size : (index + 1) * size]),
            index + 1,
            count,
            url_of(srcs[index - 1]) if index > 0 else None,
            url_of(srcs[index + 1]) if index + 1 < count else None,
        )
        for index, src in enumerate(srcs)
    ]


def index_pages(base: str, title: str, intro: str, listings: list[Listing]) -> Iterator[Page]:
    """A listing index split into pages of PAGE_SIZE, so no page grows with the directory.

    Later pages live at `<base>/page-N/`: one path segment below the base, so they can
    never take the address of a credential (`credentials/<provider>/<id>/`)."""
    for page in paginate(listings, f"{base}/index.md", f"{base}/page-{{n}}.md"):
        body = deferred_cards(
            "listing_index.html",
            url_of(page.src),
            title=title,
            intro=intro,
            listings=page.items,
            total=len(listings),
            **page.pager,
        )
        yield Page(page.src, page.title(title), intro, body)


def providers_index(directory: Directory) -> list[Page]:
    """Every provider by name, PAGE_SIZE to a page. Later pages are at providers/list/page-N/:
    two segments deep, so no provider id (providers/<id>/) can take their address.

    Names are ordered by facts.folded (accents and case ignored), not by the machine's
    locale (`locale.strxfrm`), which would make the build's output depend on where it ran,
    nor by full Unicode collation (pyuca, PyICU), which would add a dependency (PyICU a
    compiled one) for names that are almost all in Latin script."""
    rows = [
        {
            "provider": provider,
            "url": provider_url(pid),
            "count": len(directory.listings_of(pid)),
        }
        for pid, provider in sorted(
            directory.providers.items(),
            key=lambda item: (facts.folded(item[1].name), item[1].name, item[0]),
        )
    ]
    return [
        Page(
            page.src,
            page.title(_("Providers")),
            _("Everyone who lists credentials here."),
            deferred("providers_index.html", url_of(page.src), rows=page.items, **page.pager),
        )
        for page in paginate(rows, "providers/index.md", "providers/list/page-{n}.md")
    ]


def search_page(shards: int = 1, settings: dict[str, Any] | None = None) -> Page:
    """``settings``: the search page's filters, sorts and ranking
    (generator.render.search.search_settings), as JSON in the page for search.js."""
    body = deferred("search.html", "search/", settings=json_for_html(settings or {}), shards=shards)
    return Page("search.md", _("Search"), _("Search and filter every credential."), body)


def escape_meta(text: str) -> str:
    """Page titles and descriptions go into theme templates that do not escape: do it here."""
    return html.escape(text, quote=True)
