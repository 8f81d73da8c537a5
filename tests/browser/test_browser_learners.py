"""Issue #3 in a real browser: facets, sorting, URL state, compare, pathways, keyboard use,
and phones. WCAG checks with axe-core: test_browser_accessibility.py."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from generator.directory import Listing
from generator.render import facts
from support.search_page import all_result_titles, result_titles, unfold, wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def shown_by_default(listing: Listing) -> bool:
    return listing.credential.status != "ceased"


@pytest.mark.parametrize("name", facts.FILTERS)
def test_each_filter_narrows_to_exactly_its_listings(page, site_url, directory, name) -> None:
    candidates = [item for item in directory.listings.values() if shown_by_default(item)]
    values = sorted({value for item in candidates for value in facts.facets(item)[name]})
    assert values, f"no example listing has a value for {name}"
    value = values[0]
    expected = {
        item.text_in("en").title for item in candidates if value in facts.facets(item)[name]
    }
    page.goto(site_url + "search/")
    result_titles(page)
    group = unfold(page, name)
    group.get_by_label(re.compile("^" + re.escape(value) + r" \(\d+\)$")).check()
    wait_for_count(page, len(expected))
    assert parse_qs(urlsplit(page.url).query) == {name: [value]}
    assert set(all_result_titles(page)) == expected


def test_the_learners_question_in_one_url(page, site_url, directory) -> None:
    # "free, online, EQF 6, under 5 ECTS, in English, about data"
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if item.is_free
        and item.credential.participation.mode == "online"
        and item.credential.level
        and item.credential.level.eqf == 6
        and item.ects < 5
        and "en" in item.credential.languages
        and shown_by_default(item)
    }
    assert wanted
    query = [
        ("q", "data"),
        ("cost", "Free"),
        ("mode", "Online"),
        ("level", "EQF 6"),
        ("workload", "under 1 ECTS"),
        ("workload", "1–5 ECTS"),
        ("language", "English"),
    ]
    page.goto(site_url + "search/?" + urlencode(query))
    assert wanted <= set(result_titles(page))


def test_sort_by_title_and_by_workload(page, site_url, directory) -> None:
    visible = [item for item in directory.listings.values() if shown_by_default(item)]
    page.goto(site_url + "search/?sort=title:asc")
    titles = result_titles(page)
    assert len(titles) >= 10
    assert (
        titles
        == [
            item.text_in("en").title
            for item in sorted(visible, key=lambda i: i.text_in("en").title.casefold())
        ][: len(titles)]
    )
    page.get_by_label("Sort by").select_option("workload:asc")
    page.wait_for_function("() => location.search.includes('workload')")
    page.wait_for_timeout(300)
    first = page.locator(".credir-search__results .credir-card__title").first.inner_text()
    smallest = min(visible, key=lambda item: item.ects)
    assert first in {i.text_in("en").title for i in visible if i.ects == smallest.ects}


def test_ceased_listings_only_through_the_status_filter(page, site_url, directory) -> None:
    ceased = [item for item in directory.listings.values() if item.credential.status == "ceased"]
    assert ceased
    title = ceased[0].text_in("en").title
    page.goto(site_url + "search/?" + urlencode({"q": title}))
    assert title not in result_titles(page)
    page.goto(site_url + "search/?" + urlencode({"q": title, "status": "Ceased"}))
    assert title in result_titles(page)


def test_compare_three_from_results(page, site_url, directory) -> None:
    page.goto(site_url + "search/?q=data")
    result_titles(page)
    buttons = page.locator(".credir-search__results .credir-compare-toggle")
    assert buttons.count() >= 3
    picked = []
    for index in range(3):
        buttons.nth(index).click()
        picked.append(buttons.nth(index).get_attribute("data-compare-key"))
        assert buttons.nth(index).get_attribute("aria-pressed") == "true"
    tray = page.get_by_role("region", name="Compare")
    assert "3 credentials picked" in tray.inner_text()
    tray.get_by_role("link", name="Compare now").click()
    page.wait_for_selector("table.credir-compare-grid")
    assert parse_qs(urlsplit(page.url).query)["c"] == picked
    headers = page.locator("table.credir-compare-grid thead th").all_inner_texts()[1:]
    titles = [directory.listings[key].text_in("en").title for key in picked]
    assert [h.split(" Remove")[0].strip() for h in headers] == titles
    # Rows that differ are marked; rows that agree are not.
    workload = page.locator('tr[data-fact="workload"]')
    values = {directory.listings[k].credential.workload for k in picked}
    assert ("credir-diff" in (workload.get_attribute("class") or "")) == (len(values) > 1)
    assert page.locator("tr.credir-diff").count() >= 1
    # The URL alone restores the comparison, in a new browser without the stored pick.
    url = page.url
    other = page.context.browser.new_context()
    fresh = other.new_page()
    fresh.goto(url)
    fresh.wait_for_selector("table.credir-compare-grid")
    assert fresh.locator("table.credir-compare-grid thead th").count() == 4
    other.close()


def test_compare_works_on_a_phone(browser, site_url, directory) -> None:
    keys = list(directory.listings)[:3]
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "compare/?" + urlencode([("c", key) for key in keys]))
    page.wait_for_selector("table.credir-compare-grid")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_pathways_both_ways(page, site_url, directory) -> None:
    source = next(
        item
        for item in directory.listings.values()
        if item.credential.stackability
        and any(isinstance(t, str) for t in item.credential.stackability.contributes_to or [])
    )
    target_key = next(
        t for t in source.credential.stackability.contributes_to if isinstance(t, str)
    )
    target = directory.listings[target_key]
    page.goto(site_url + f"credentials/{source.key}/")
    pathways = page.locator("section[aria-labelledby=pathways]")
    pathways.get_by_role("link", name=target.text_in("en").title).click()
    page.wait_for_url(f"**/credentials/{target_key}/")
    pathways.get_by_role("link", name=source.text_in("en").title).click()
    page.wait_for_url(f"**/credentials/{source.key}/")
    page.goto(site_url + "pathways/")
    text = page.locator("article").inner_text()
    assert source.text_in("en").title in text and target.text_in("en").title in text


def test_keyboard_only_search_and_filter(page, site_url) -> None:
    page.goto(site_url + "search/")
    result_titles(page)
    page.locator("#credir-query").focus()
    page.keyboard.type("data")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('q=data')")
    page.locator('fieldset[data-filter="cost"] button.credir-facet__show').focus()
    page.keyboard.press("Enter")  # unfolds the group and moves focus to its first value
    page.wait_for_function("() => document.activeElement.name === 'cost'")
    box = page.locator('fieldset[data-filter="cost"] input').first
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('cost=')")
    assert box.is_checked()
    # Focus stays on the checkbox after results update, so the next Tab goes on from there.
    assert page.evaluate("document.activeElement.name") == "cost"
    toggle = page.locator(".credir-search__results .credir-compare-toggle").first
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"


def test_focus_in_the_filters_survives_new_results(page, site_url) -> None:
    """Results that arrive while a keyboard user is in the filters rebuild them; the focus
    must land on the same control again, not fall back to the top of the page."""
    page.goto(site_url + "search/")
    result_titles(page)
    page.locator('fieldset[data-filter="cost"] button.credir-facet__show').focus()
    page.evaluate(
        """() => new Promise((done) => {
            document.addEventListener("credir:results", done, { once: true });
            window.dispatchEvent(new PopStateEvent("popstate"));
        })"""
    )
    focused = page.evaluate(
        "[document.activeElement.classList.contains('credir-facet__show'),"
        " document.activeElement.closest('fieldset')?.dataset.filter]"
    )
    assert focused == [True, "cost"]
    assert page.locator('fieldset[data-filter="cost"] button.credir-facet__show').count() == 1


def test_browse_pages_work_without_javascript(browser, site_url, directory) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "browse/")
    for name in (
        "By provider",
        "By country",
        "By level",
        "By field of education",
        "By form of participation",
    ):
        assert page.get_by_role("link", name=name).count() >= 1, name
    page.get_by_role("link", name="By level").first.click()
    level6 = [
        i for i in directory.listings.values() if i.credential.level and i.credential.level.eqf == 6
    ]
    page.get_by_role("link", name="EQF level 6", exact=True).click()
    titles = page.locator(".credir-card__title").all_inner_texts()
    assert set(titles) == {item.text_in("en").title for item in level6}
    context.close()


@pytest.mark.parametrize(
    "path", ["browse/", "browse/country/", "pathways/", "glossary/", "choosing/", "compare/"]
)
def test_guide_and_browse_pages_fit_a_phone(browser, site_url, path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
