"""Issue #20 in a real browser: compare from any card, headers that stay in view, costs in
different currencies, and the home page's first screen on a phone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from generator.directory import provider_text_in
from generator.render import facts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CARE = (  # two care credentials, in different currencies (EUR, USD)
    "hogeschool-polderland/zorgtechnologie-in-de-praktijk",
    "prairie-social-work-association/trauma-informed-practice-ce",
)
SAME_CURRENCY = (  # both in EUR
    "corrib-valley-tech/data-analytics-foundations",
    "hogeschool-polderland/zorgtechnologie-in-de-praktijk",
)
PHONE = {"width": 375, "height": 740}


def comparison(page) -> None:
    page.wait_for_selector("table.credir-compare-grid")


def compare_url(site_url: str, keys: tuple[str, ...]) -> str:
    return site_url + "compare/?" + urlencode([("c", key) for key in keys])


def cell(page, fact: str, column: int) -> str:
    return page.locator(f'tr[data-fact="{fact}"] td').nth(column).inner_text().strip()


def test_compare_two_care_credentials_from_their_cards(page, site_url, directory) -> None:
    """A learner browsing health and welfare compares two courses in four actions."""
    actions = 0
    page.goto(site_url + "browse/field/09/")
    actions += 1
    for key in CARE:
        card = page.locator(".credir-card", has=page.locator(f'[data-compare-key="{key}"]'))
        card.get_by_role("button", name="Compare").click()
        actions += 1
    page.get_by_role("region", name="Compare").get_by_role("link", name="Compare now").click()
    actions += 1
    comparison(page)
    assert actions <= 6
    assert parse_qs(urlsplit(page.url).query)["c"] == list(CARE)
    heads = page.locator("table.credir-compare-grid thead th a").all_inner_texts()
    assert heads == [directory.listings[key].text_in("en").title for key in CARE]
    # The table says what the fact sheets say, in the same words.
    for column, key in enumerate(CARE):
        listing = directory.listings[key]
        assert cell(page, "cost", column).startswith(facts.cost_text(listing))
        assert cell(page, "start", column) == facts.start_text(listing)
        assert cell(page, "workload", column) == facts.workload_text(listing)
        assert cell(page, "level", column) == facts.level_text(listing)
        assert cell(page, "provider", column) == provider_text_in(listing.provider, "en").name


def test_costs_in_different_currencies_are_marked_not_comparable(page, site_url) -> None:
    page.goto(compare_url(site_url, CARE))
    comparison(page)
    note = page.locator(".credir-compare__note")
    assert note.is_visible()
    assert "different currencies (EUR, USD)" in note.inner_text()
    assert "not directly comparable" in page.locator('tr[data-fact="cost"] th').inner_text()
    page.goto(compare_url(site_url, SAME_CURRENCY))
    comparison(page)
    assert not page.locator(".credir-compare__note").is_visible()
    assert "currencies" not in page.locator('tr[data-fact="cost"] th').inner_text()


def test_differs_leaves_out_the_rows_that_always_differ(page, site_url, directory) -> None:
    page.goto(compare_url(site_url, CARE))
    comparison(page)
    providers = {provider_text_in(directory.listings[key].provider, "en").name for key in CARE}
    assert len(providers) == 2
    provider_row = page.locator('tr[data-fact="provider"]')
    assert "credir-diff" not in (provider_row.get_attribute("class") or "")
    assert "differs" not in provider_row.locator("th").inner_text()
    assert page.locator('tr[data-fact="title"]').count() == 0  # the titles head the columns
    # Both are scheduled: a row that agrees is not marked.
    pace = page.locator('tr[data-fact="pace"]')
    assert "credir-diff" not in (pace.get_attribute("class") or "")
    rows = page.locator("tbody tr").count()
    marked = page.locator("tbody tr.credir-diff").count()
    status = page.locator(".credir-compare__status").inner_text()
    assert f"{marked} of {rows - 1} facts differ" in status


def test_compare_headers_stay_in_view_while_scrolling(page, site_url) -> None:
    page.goto(compare_url(site_url, CARE))
    comparison(page)
    last = page.locator("tbody tr").last
    last.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.wait_for_function("() => window.scrollY > 600")
    header_bottom = page.evaluate(
        "document.querySelector('.md-header').getBoundingClientRect().bottom"
    )
    for index in (1, 2):
        head = page.locator("table.credir-compare-grid thead th").nth(index)
        box = head.bounding_box()
        assert box is not None
        assert header_bottom - 1 <= box["y"] < header_bottom + 40, box
        # Nothing covers it: the point at its middle belongs to the header cell.
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('th')?.cellIndex",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert on_top == index


@pytest.mark.parametrize("path", ["", "providers/hogeschool-polderland/", "browse/level/eqf-6/"])
def test_every_card_has_a_working_compare_button(page, site_url, path) -> None:
    page.goto(site_url + path)
    cards = page.locator(".credir-cards > li.credir-card")
    buttons = page.locator(".credir-cards .credir-compare-toggle")
    assert cards.count() >= 2 and buttons.count() == cards.count()
    assert all(buttons.nth(i).is_visible() for i in range(buttons.count()))
    buttons.first.click()
    assert buttons.first.get_attribute("aria-pressed") == "true"
    assert "1 credential picked" in page.get_by_role("region", name="Compare").inner_text()


def test_the_home_pages_first_screen_on_a_phone_says_what_to_do(browser, site_url) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(site_url)
    screen = PHONE["height"]
    for target in (
        page.locator("h1"),
        page.locator("#credir-home-query"),
        page.get_by_role("navigation", name="Ways to browse").get_by_role("link", name="By level"),
        page.get_by_role("navigation", name="Ways to browse").get_by_role(
            "link", name="How to choose"
        ),
    ):
        box = target.bounding_box()
        assert box is not None and box["y"] + box["height"] <= screen, target
    assert "search" in page.locator(".credir-lead").first.inner_text().lower()
    about = page.get_by_role("heading", name="About this directory").bounding_box()
    assert about is not None and about["y"] > screen  # the provider/developer text is lower
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_the_header_search_is_usable_at_375_px(browser, site_url) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(site_url)
    field = page.locator("#credir-header-query")
    assert field.is_visible()
    # The placeholder fits: its text is no wider than the room inside the field.
    room, text = page.evaluate(
        """() => {
            const input = document.querySelector('#credir-header-query');
            const style = getComputedStyle(input);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            return [input.clientWidth - padding, context.measureText(input.placeholder).width];
        }"""
    )
    assert text <= room, (text, room)
    field.fill("social work")
    field.press("Enter")
    page.wait_for_url("**/search/?q=social+work")
    context.close()
