"""WCAG 2.2 AA with axe-core on every kind of page the site has, in the light and the dark
scheme, on a desktop and on a phone, with a ceased, a suspended and a stale listing present
(issue #20). One site is built for the whole matrix and one browser drives it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from generator.check.run import load_directory
from generator.directory import Directory
from support import REPO_ROOT
from support.axe import AXE, SCHEMES, WIDTHS, context_for, violations
from support.cli import PINNED_TODAY, build_site_cli, site_root
from support.web import serve_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass(frozen=True)
class Examples:
    """The listings the matrix needs, by key."""

    active: str
    ceased: str
    suspended: str
    stale: str
    stale_path: str  # its file, relative to the repository
    provider_with_ceased: str
    compared: tuple[str, ...]


def _pick(directory: Directory) -> Examples:
    by_status: dict[str, list[str]] = {}
    for key, listing in directory.listings.items():
        by_status.setdefault(listing.credential.status, []).append(key)
    assert by_status.get("ceased") and by_status.get("suspended"), by_status.keys()
    ceased = by_status["ceased"][0]
    return Examples(
        active=by_status["active"][0],
        ceased=ceased,
        suspended=by_status["suspended"][0],
        stale=by_status["active"][1],
        stale_path=directory.listings[by_status["active"][1]].path,
        provider_with_ceased=ceased.split("/")[0],
        compared=(by_status["active"][0], ceased, by_status["suspended"][0]),
    )


@pytest.fixture(scope="module")
def examples() -> Examples:
    checked = load_directory(REPO_ROOT)
    assert checked.directory is not None
    return _pick(checked.directory)


@pytest.fixture(scope="module")
def a11y_site_url(tmp_path_factory: pytest.TempPathFactory, examples: Examples):
    """The example directory with one active listing made stale (its review date a year
    before the build's pinned today), built and served once for the whole matrix. The shipped
    examples stay current; only this copy has a stale listing."""
    base = tmp_path_factory.mktemp("a11y")
    root = site_root(base / "root", REPO_ROOT / "credentials")
    relpath = examples.stale_path
    text = (root / relpath).read_text(encoding="utf-8")
    past = dt.date.fromisoformat(PINNED_TODAY) - dt.timedelta(days=365)
    stale_text, count = re.subn(r"(?m)^review_by: .*$", f"review_by: {past.isoformat()}", text)
    assert count == 1, relpath
    (root / relpath).write_text(stale_text, encoding="utf-8")
    result = build_site_cli(root, base / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve_folder(base / "site")
    yield url
    server.shutdown()


# --- page kinds: where each is, and what must be on it before axe looks ----------------------


def _search_with_filters_open(page) -> None:
    """Results shown, "Show more results" offered, the filter panel open (it starts folded on
    a phone) and every filter group unfolded, so every checkbox is checked too."""
    page.wait_for_selector(".credir-search__results > li")
    page.locator(".credir-more").wait_for(state="visible")
    page.evaluate("document.querySelector('details.credir-facets-box').open = true")
    while (show := page.locator("button.credir-facet__show")).count():
        before = show.count()
        show.first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('button.credir-facet__show').length < n", arg=before
        )
    assert page.locator(".credir-facet input[type=checkbox]").first.is_visible()


def _compare_grid(page) -> None:
    page.wait_for_selector("table.credir-compare-grid")


def _notice(selector: str) -> Callable:
    def check(page) -> None:
        assert page.locator(selector).count(), f"{selector} is missing: the matrix lost its case"

    return check


@dataclass(frozen=True)
class Kind:
    path: Callable[[Examples], str]
    ready: Callable = lambda page: None


KINDS = {
    "home": Kind(lambda e: ""),
    "search": Kind(lambda e: "search/", _search_with_filters_open),
    "credential-active": Kind(lambda e: f"credentials/{e.active}/"),
    "credential-ceased": Kind(
        lambda e: f"credentials/{e.ceased}/", _notice(".credir-badge--ceased")
    ),
    "credential-suspended": Kind(
        lambda e: f"credentials/{e.suspended}/", _notice(".credir-badge--suspended")
    ),
    "credential-stale": Kind(lambda e: f"credentials/{e.stale}/", _notice(".credir-notice--stale")),
    "provider-with-ceased": Kind(
        lambda e: f"providers/{e.provider_with_ceased}/", _notice(".credir-card--ceased")
    ),
    "providers-table": Kind(lambda e: "providers/"),
    "all-credentials": Kind(lambda e: "credentials/"),
    "browse-hub": Kind(lambda e: "browse/"),
    "browse-index": Kind(lambda e: "browse/level/"),
    "pathways": Kind(lambda e: "pathways/"),
    "compare-empty": Kind(lambda e: "compare/"),
    "compare": Kind(
        lambda e: "compare/?" + urlencode([("c", key) for key in e.compared]), _compare_grid
    ),
    "glossary": Kind(lambda e: "glossary/"),
    "choosing": Kind(lambda e: "choosing/"),
    "not-found": Kind(lambda e: "no/such/page/"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_wcag_22_aaviolations(browser, a11y_site_url, examples, kind, scheme, width) -> None:
    context = context_for(browser, scheme, width)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(a11y_site_url + KINDS[kind].path(examples))
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == SCHEMES[scheme]
        KINDS[kind].ready(page)
        found = violations(page)
    finally:
        context.close()
    assert not errors, errors
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_buttons_and_compare_tray_keep_contrast_in_use(browser, a11y_site_url, scheme) -> None:
    """States a page load never shows: a hovered or focused button, and the compare tray
    that appears once a credential is picked."""
    context = context_for(browser, scheme, "desktop")
    page = context.new_page()
    found = []
    try:
        page.goto(a11y_site_url + "search/")
        page.locator(".credir-more").wait_for(state="visible")
        for selector in (
            ".credir-more",
            ".credir-search-form .md-button--primary",
            ".credir-search__results .credir-compare-toggle",
        ):
            button = page.locator(selector).first
            button.hover()
            found += [f"hovered: {line}" for line in violations(page, selector)]
            page.mouse.move(0, 0)
            button.focus()
            found += [f"focused: {line}" for line in violations(page, selector)]
            button.blur()
        toggles = page.locator(".credir-search__results .credir-compare-toggle")
        toggles.nth(0).click()
        toggles.nth(1).click()
        page.locator(".credir-compare-tray").wait_for(state="visible")
        found += [f"tray: {line}" for line in violations(page, ".credir-compare-tray")]
        found += [f"picked: {line}" for line in violations(page, ".credir-search__results")]
    finally:
        context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_navigation_drawer(browser, a11y_site_url, scheme) -> None:
    """The drawer a phone opens from the header, on a page inside a section (Browse), so it
    shows the section's title band as well as its links."""
    context = context_for(browser, scheme, "phone")
    page = context.new_page()
    try:
        page.goto(a11y_site_url + "browse/level/")
        page.locator(".md-header label[for=__drawer]").click()
        page.locator(".md-nav__title[for]").filter(has_text="Browse").wait_for(state="visible")
        found = violations(page, ".md-sidebar--primary")
    finally:
        context.close()
    assert not found, "\n".join(found)


def test_the_stale_copy_leaves_the_shipped_examples_alone(examples) -> None:
    # The stale listing exists only in the matrix's copy: the repository's stays current.
    text = (REPO_ROOT / examples.stale_path).read_text(encoding="utf-8")
    review_by = re.search(r"(?m)^review_by: (\S+)$", text)
    assert review_by and review_by[1] > PINNED_TODAY
    assert Path(AXE).exists(), "`bash .ci/dev test` installs axe-core into tests/node_modules"
