"""The built site in real headless Chromium: search as a learner uses it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.check.run import load_directory
from support import REPO_ROOT
from support.cases import CASES_DIR
from support.cli import build_site_cli, site_root
from support.html import pages_to_visit
from support.web import serve_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def listings():
    checked = load_directory(REPO_ROOT)
    assert checked.directory is not None
    return checked.directory.listings


def _result_titles(page) -> list[str]:
    page.wait_for_selector(".credir-search__status:not(:empty)")
    return page.locator(".credir-search__results .credir-card__title").all_inner_texts()


def test_header_search_box_finds_the_credential(page, site_url: str, listings) -> None:
    listing = next(item for item in listings.values() if item.credential.status == "active")
    query = listing.text_in("en").title
    page.goto(site_url)
    box = page.get_by_role("search").first.get_by_label("Search credentials")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    titles = _result_titles(page)
    assert titles and titles[0] == listing.text_in("en").title, titles


def test_a_word_from_the_learning_outcomes_finds_it(page, site_url: str, listings) -> None:
    # "pandas" appears in one credential's outcomes, not in its title.
    holders = [
        item.text_in("en").title
        for item in listings.values()
        if any("pandas" in outcome.lower() for outcome in item.credential.learning_outcomes)
    ]
    assert holders, "the example data should mention pandas in some outcome"
    page.goto(site_url + "search/?q=pandas")
    assert set(holders) <= set(_result_titles(page))


def test_a_filter_narrows_results_and_lives_in_the_url(page, site_url: str, listings) -> None:
    page.goto(site_url + "search/")
    everyone = _result_titles(page)
    free = [
        item for item in listings.values() if item.is_free and item.credential.status != "ceased"
    ]
    # Filters the search does not use yet are folded until asked for (search.js).
    page.locator('fieldset[data-filter="cost"] button.credir-facet__show').click()
    page.locator('fieldset[data-filter="cost"]').get_by_label("Free").check()
    page.wait_for_function(
        "n => document.querySelector('.credir-search__status').textContent.startsWith(n + ' ')",
        arg=str(len(free)),
    )
    assert parse_qs(urlsplit(page.url).query) == {"cost": ["Free"]}
    shown = set(_result_titles(page))
    assert shown == {item.text_in("en").title for item in free}
    assert len(everyone) >= len(shown)
    # The URL alone restores the same state: a filtered search can be shared.
    page.goto(page.url)
    assert set(_result_titles(page)) == shown
    assert page.locator('fieldset[data-filter="cost"]').get_by_label("Free").is_checked()


@pytest.mark.parametrize("path", ["", "search/?q=data", "credentials/", "providers/"])
def test_no_horizontal_scrolling_on_a_phone(browser, site_url: str, listings, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    for url in [site_url + path, site_url + f"credentials/{next(iter(listings))}/"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} is {width}px wide"
    context.close()


def test_hostile_listing_runs_no_script(browser, tmp_path: Path) -> None:
    root = site_root(tmp_path / "root", CASES_DIR / "site" / "hostile" / "credentials")
    out = tmp_path / "site"
    assert build_site_cli(root, out).returncode == 0
    server, url = serve_folder(out)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in [*pages_to_visit(out), "search/?q=pwned", "search/?q=script"]:
            page.goto(url + path.lstrip("/"))
            page.wait_for_load_state("networkidle")
            # Fire the events an injected handler would wait for, on every element.
            page.evaluate(
                """() => { for (const el of document.querySelectorAll('*'))
                    for (const type of ['mouseover', 'mouseenter', 'focus', 'pointerover'])
                        el.dispatchEvent(new Event(type)); }"""
            )
            assert page.evaluate("window.__pwned") is None, path
        assert not dialogs
    finally:
        context.close()
        server.shutdown()
