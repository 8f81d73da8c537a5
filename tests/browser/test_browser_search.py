"""Issue #20 in a real browser: the questions learners ask, each answered from the search
page in at most six actions (a click, a typed text and a key press count one each), and
what the page says when the answer is "none" or "not any more"."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from generator.directory import Listing
from generator.render import facts, i18n
from generator.render.search import search_record
from support.search_page import all_result_titles, result_titles, unfold, wait_for_count

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAX_ACTIONS = 6


def offered(listing: Listing) -> bool:
    """Shown without asking: every status but ceased."""
    return listing.credential.status != "ceased"


def mentions(listing: Listing, word: str) -> bool:
    """Whether the search index's words for the listing have a word starting with ``word``
    (Pagefind matches a word and the longer words it begins)."""
    content = search_record(listing)["content"]
    return re.search(r"(?<!\w)" + re.escape(word), content, re.IGNORECASE) is not None


class Learner:
    """The page, with every action counted."""

    def __init__(self, page, site_url: str) -> None:
        self.page = page
        self.actions = 0
        page.goto(site_url + "search/")
        result_titles(page)

    def search(self, words: str) -> None:
        box = self.page.locator("#credir-query")
        box.fill(words)
        self.expect_results()
        box.press("Enter")
        self.actions += 2
        self.settle()

    def click(self, locator) -> None:
        self.expect_results()
        locator.click()
        self.actions += 1
        self.settle()

    def follow(self, link) -> None:
        """A link to another page."""
        link.click()
        self.actions += 1
        self.page.wait_for_load_state()

    def expect_results(self) -> None:
        """Note the next "credir:results" (search.js sends it once new results are shown),
        so `settle` waits for those, not the ones already on the page."""
        self.page.evaluate(
            """() => { window.__credirResults = false; document.addEventListener(
                "credir:results", () => { window.__credirResults = true; }, { once: true }); }"""
        )

    def settle(self) -> None:
        self.page.wait_for_function("() => window.__credirResults === true")
        result_titles(self.page)


def test_free_online_data_eqf_6_in_english(page, site_url, directory) -> None:
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item)
        and item.is_free
        and item.credential.participation.mode == "online"
        and item.credential.level
        and item.credential.level.eqf == 6
        and "en" in item.credential.languages
        and mentions(item, "data")
    }
    assert wanted
    learner = Learner(page, site_url)
    learner.search("free online data EQF 6 English")
    assert set(all_result_titles(page)) == wanted
    assert learner.actions <= MAX_ACTIONS
    # The words that named a filter became filters, each a chip that removes it.
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "q": ["data"],
        "cost": ["Free"],
        "mode": ["Online"],
        "level": ["EQF 6"],
        "language": ["English"],
    }
    chips = page.locator(".credir-active__chip")
    assert chips.count() == 4
    assert "“free” as Cost: Free" in page.locator(".credir-search__read").inner_text()


def test_reading_words_as_filters_can_be_undone(page, site_url, directory) -> None:
    learner = Learner(page, site_url)
    learner.search("online data")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["data"], "mode": ["Online"]}
    learner.click(page.get_by_role("button", name="search the words instead"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["online data"], "words": ["all"]}
    titles = set(all_result_titles(page))
    assert titles == {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item) and mentions(item, "online") and mentions(item, "data")
    }
    assert page.locator(".credir-active__chip").count() == 0


def test_stackable_with_a_pathway(page, site_url, directory) -> None:
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item)
        and item.credential.stackability
        and item.credential.stackability.contributes_to
    }
    assert wanted
    learner = Learner(page, site_url)
    group = page.locator('fieldset[data-filter="stackable"]')
    learner.click(group.locator("button.credir-facet__show"))
    learner.click(group.get_by_label(re.compile(r"^Counts towards another credential \(\d+\)$")))
    wait_for_count(page, len(wanted))
    assert set(all_result_titles(page)) == wanted
    # The result leads to its pathway.
    first = page.locator(".credir-search__results .credir-card__title a").first
    learner.follow(first)
    towards = page.locator("section[aria-labelledby=pathways]").inner_text()
    assert "This credential counts towards" in towards
    assert learner.actions <= MAX_ACTIONS


def test_stackable_typed_is_the_filter_not_a_word(page, site_url, directory) -> None:
    """ "stackable" once found "stack loads" (a forklift course) and not one stackable badge."""
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item) and facts.stackable_value(item)
    }
    learner = Learner(page, site_url)
    learner.search("stackable")
    assert set(all_result_titles(page)) == wanted
    assert not any("Forklift" in title for title in wanted)


def test_licence_renewal_for_social_workers(page, site_url, directory) -> None:
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item)
        and any(r.type == "licence-renewal" for r in item.credential.recognition or [])
        and mentions(item, "social")
        and mentions(item, "workers")
    }
    assert len(wanted) >= 2
    learner = Learner(page, site_url)
    learner.search("licence renewal for social workers")
    assert set(all_result_titles(page)) == wanted
    assert learner.actions <= MAX_ACTIONS
    assert parse_qs(urlsplit(page.url).query)["recognition"] == ["Licence renewal"]


@pytest.mark.parametrize(
    "words",
    ["licence renewal", "license renewal", "continuing professional development", "CPD"],
)
def test_recognition_is_searchable(page, site_url, directory, words) -> None:
    kind = "cpd" if words in ("continuing professional development", "CPD") else "licence-renewal"
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item) and any(r.type == kind for r in item.credential.recognition or [])
    }
    assert wanted
    Learner(page, site_url).search(words)
    assert set(all_result_titles(page)) == wanted


def test_is_a_course_still_running(page, site_url, directory) -> None:
    ceased = next(
        item for item in directory.listings.values() if item.credential.status == "ceased"
    )
    learner = Learner(page, site_url)
    learner.search("cloud practitioner 2023")
    # Not among the default results, but the page says it is there and how to see it.
    assert ceased.text_in("en").title not in result_titles(page)
    note = page.locator(".credir-search__hidden")
    assert "1 ceased credential (no longer offered) also matches" in note.inner_text()
    learner.click(note.get_by_role("button"))
    card = page.locator(".credir-search__results > li", has_text=ceased.text_in("en").title)
    assert card.locator(".credir-badge--ceased").inner_text() == "Ceased"
    assert learner.actions <= MAX_ACTIONS
    # A suspended one shows its status on the card straight away.
    suspended = next(
        item for item in directory.listings.values() if item.credential.status == "suspended"
    )
    learner = Learner(page, site_url)
    learner.search(suspended.text_in("en").title)
    card = page.locator(".credir-search__results > li", has_text=suspended.text_in("en").title)
    assert card.locator(".credir-badge--suspended").inner_text() == "Suspended"


def test_every_card_shows_start_status_and_cost(page, site_url, directory) -> None:
    page.goto(
        site_url
        + "search/?"
        + urlencode({"status": ["Active", "Upcoming", "Suspended", "Ceased"]}, doseq=True)
    )
    result_titles(page)
    while page.locator(".credir-more").is_visible():
        page.locator(".credir-more").click()
        page.wait_for_timeout(200)
    by_title = {item.text_in("en").title: item for item in directory.listings.values()}
    cards = page.locator(".credir-search__results > li").all()
    assert len(cards) == len(directory.listings)
    for card in cards:
        listing = by_title[card.locator(".credir-card__title").inner_text()]
        facts_shown = card.locator(".credir-chips > li").all_inner_texts()
        assert facts.cost_text(listing) in facts_shown
        assert facts.start_text(listing) in facts_shown  # as the static cards say it
        status = listing.credential.status
        assert (facts.status_label(listing) in facts_shown) == (status != "active")
        # The provider's words carry their language: the English translation's, if any.
        text = listing.text_in("en")
        shown_in = text.language if "title" in text.translated else listing.text_language
        assert card.locator(".credir-card__title a").get_attribute("lang") == shown_in


def test_sort_by_next_start_sorts_by_what_the_cards_say(page, site_url, directory) -> None:
    page.goto(site_url + "search/?sort=next_start:asc")
    all_result_titles(page)
    # Each case of facts.START_WORDS as a pattern, in the order the sort puts them.
    cases = [
        re.compile(re.escape(words).replace(re.escape("%(date)s"), r"(\d+) (\w+) (\d{4})"))
        for words in facts.START_WORDS.values()
    ]
    # The month names of an English date ("4 March 2029"), by number.
    months = {
        name: number for number, name in i18n.babel_locale("en").months["format"]["wide"].items()
    }

    def when(card) -> tuple[int, str]:
        for fact in card.locator(".credir-chips > li").all_inner_texts():
            for rank, case in enumerate(cases):
                said = case.fullmatch(fact)
                if said and said.groups():
                    month = months[said[2]]
                    return rank, f"{said[3]}-{month:02d}-{int(said[1]):02d}"
                if said:
                    return rank, ""
        raise AssertionError("a card says nothing of its start")

    keys = [when(card) for card in page.locator(".credir-search__results > li").all()]
    assert keys == sorted(keys) and keys[0] == (0, "")
    assert any(key[1] for key in keys)


def test_suspended_and_stale_come_after_the_others_by_default(page, site_url, directory) -> None:
    page.goto(site_url + "search/")
    titles = all_result_titles(page)
    later = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item) and (item.credential.status == "suspended" or item.is_stale())
    }
    assert later
    positions = [titles.index(title) for title in later]
    assert min(positions) == len(titles) - len(later)


def test_exact_words_come_before_longer_ones(page, site_url, directory) -> None:
    # "AI" also matches "airtightness"; "care" also "career".
    for word in ("AI", "care"):
        page.goto(site_url + "search/?" + urlencode({"q": word}))
        titles = result_titles(page)
        by_title = {item.text_in("en").title: item for item in directory.listings.values()}
        exact = [
            re.search(rf"(?<!\w){word}(?!\w)", search_record(by_title[t])["content"], re.I)
            is not None
            for t in titles
        ]
        assert exact[0] and exact == sorted(exact, reverse=True), (word, titles)


def test_british_and_american_spellings_find_the_same(page, site_url) -> None:
    found = []
    for word in ("analyse", "analyze"):
        page.goto(site_url + "search/?" + urlencode({"q": word}))
        found.append(set(all_result_titles(page)))
    assert found[0] == found[1] and found[0]


def test_field_names_at_every_level_are_searchable(page, site_url, directory) -> None:
    # 0923 is "Social work and counselling", under "Welfare", under "Health and welfare".
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item)
        and any(code.startswith("09") for code in item.credential.fields_of_education)
    }
    page.goto(site_url + "search/?" + urlencode({"q": "health and welfare"}))
    assert wanted <= set(all_result_titles(page))


def test_no_results_says_what_to_drop(page, site_url, directory) -> None:
    page.goto(site_url + "search/?" + urlencode({"q": "data", "mode": "On site", "cost": "Free"}))
    wait_for_count(page, 0)
    suggestions = page.locator(".credir-search__suggest li")
    texts = suggestions.all_inner_texts()
    assert texts, "no way out of zero results"
    onsite_data = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item) and item.is_free and mentions(item, "data")
    }
    drop = next(text for text in texts if text.startswith("Drop Participation: On site"))
    assert drop.endswith(f"({len(onsite_data)} result{'s' if len(onsite_data) != 1 else ''})")
    # Browse pages are offered too.
    help_links = page.locator(".credir-search__help a")
    assert help_links.count() >= 4 and page.locator(".credir-search__help").is_visible()
    page.get_by_role("button", name=re.compile("^Drop Participation: On site")).click()
    wait_for_count(page, len(onsite_data))
    assert set(all_result_titles(page)) == onsite_data
    assert not page.locator(".credir-search__help").is_visible()


def test_no_results_for_words_says_which_word_to_drop(page, site_url, directory) -> None:
    # Both words are in the index, never in the same credential.
    page.goto(site_url + "search/?" + urlencode({"q": "kubernetes forklift"}))
    wait_for_count(page, 0)
    button = page.get_by_role("button", name=re.compile("^Search without “forklift”"))
    wanted = {
        item.text_in("en").title
        for item in directory.listings.values()
        if offered(item) and mentions(item, "kubernetes")
    }
    assert f"({len(wanted)} result" in button.inner_text()
    button.click()
    wait_for_count(page, len(wanted))


def test_active_filters_are_chips_with_clear_all(page, site_url) -> None:
    page.goto(site_url + "search/?" + urlencode({"mode": "Online", "cost": "Free"}))
    result_titles(page)
    chips = page.locator(".credir-active__chip")
    assert chips.count() == 2
    page.get_by_role("button", name="Remove filter Cost: Free").click()
    page.wait_for_function("() => !location.search.includes('cost')")
    assert parse_qs(urlsplit(page.url).query) == {"mode": ["Online"]}
    page.goto(site_url + "search/?" + urlencode({"mode": "Online", "cost": "Free"}))
    result_titles(page)
    page.get_by_role("button", name="Clear all filters").click()
    page.wait_for_function("() => location.search === ''")
    page.wait_for_function("() => !document.querySelector('.credir-active__chip')")


def test_filter_values_in_their_own_order_and_counts_that_hold(page, site_url, directory) -> None:
    page.goto(site_url + "search/")
    result_titles(page)
    workload = unfold(page, "workload")
    shown = [re.sub(r" \(\d+\)$", "", text) for text in workload.locator("label").all_inner_texts()]
    assert shown == [value for value in facts.VALUE_ORDER["workload"] if value in shown]
    # Every status count is what ticking it gives, ceased too (once "Ceased (0)" found 1).
    status = page.locator('fieldset[data-filter="status"]')
    for value in ("Ceased", "Suspended"):
        label = status.locator("label", has_text=value).inner_text()
        count = int(re.search(r"\((\d+)\)", label)[1])
        expected = sum(1 for i in directory.listings.values() if facts.status_label(i) == value)
        assert count == expected, label


def test_the_status_line_says_what_is_hidden(page, site_url, directory) -> None:
    ceased = sum(1 for item in directory.listings.values() if not offered(item))
    shown = len(directory.listings) - ceased
    page.goto(site_url + "search/")
    wait_for_count(page, shown)
    assert f"{ceased} ceased credential" in page.locator(".credir-search__hidden").inner_text()


def test_a_phone_reaches_the_results_from_the_filters(browser, site_url) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "search/?q=data")
    result_titles(page)
    assert page.locator(".credir-facets").is_visible()  # open on a desktop
    assert not page.locator(".credir-show-results").is_visible()
    context.close()
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "search/?q=data")
    result_titles(page)
    page.locator(".credir-facets-box > summary").click()
    button = page.get_by_role("button", name=re.compile(r"^Show \d+ results?$"))
    assert button.is_visible()
    total = int(re.search(r"\d+", button.inner_text())[0])
    assert page.locator(".credir-search__status").inner_text().startswith(f"{total} ")
    button.click()
    assert not page.locator(".credir-facets").is_visible()
    first = page.locator(".credir-search__results .credir-card__title").first
    box = first.bounding_box()
    assert box and 0 <= box["y"] < 740
    context.close()


def test_a_misspelt_word_is_named_with_its_likely_spelling(page, site_url) -> None:
    """Pagefind matches a word it has never seen to a similar one: the page says so, and
    offers the similar word as the spelling."""
    page.goto(site_url + "search/?" + urlencode({"q": "kubernettes"}))
    result_titles(page)
    note = page.locator(".credir-search__unknown")
    note.wait_for()
    assert "No credential has “kubernettes”" in note.inner_text()
    note.get_by_role("button", name="Search for “Kubernetes”").click()
    page.wait_for_function("() => location.search === '?q=Kubernetes'")
    page.wait_for_function("() => !document.querySelector('.credir-search__unknown')")
    page.goto(site_url + "search/?" + urlencode({"q": "data"}))
    result_titles(page)
    page.wait_for_timeout(300)
    assert page.locator(".credir-search__unknown").count() == 0


def test_a_removed_chip_takes_its_reading_with_it(page, site_url) -> None:
    learner = Learner(page, site_url)
    learner.search("free online data")
    note = page.locator(".credir-search__read")
    assert "“online” as Participation: Online" in note.inner_text()
    learner.click(page.get_by_role("button", name="Remove filter Participation: Online"))
    page.wait_for_function("() => !location.search.includes('mode=')")
    assert "online" not in note.inner_text() and "“free” as Cost: Free" in note.inner_text()
    learner.click(page.get_by_role("button", name="Remove filter Cost: Free"))
    page.wait_for_function("() => !document.querySelector('.credir-search__read')")


def test_compare_two_care_credentials_from_the_search_page(page, site_url, directory) -> None:
    """The learner task "compare two care credentials", started where learners start: the
    field filter (health and welfare), two Compare buttons, then the comparison."""
    care = [
        key
        for key, item in directory.listings.items()
        if offered(item)
        and any(code.startswith("09") for code in item.credential.fields_of_education)
    ]
    assert len(care) >= 2
    learner = Learner(page, site_url)
    group = page.locator('fieldset[data-filter="field"]')
    learner.click(group.locator("button.credir-facet__show"))
    learner.click(group.get_by_label(re.compile(r"^Health and welfare \(\d+\)$")))
    wait_for_count(page, len(care))
    picked = []
    for key in care[:2]:
        page.locator(f'.credir-search__results [data-compare-key="{key}"]').click()
        learner.actions += 1  # shows no new results, so not through learner.click
        picked.append(key)
    learner.follow(
        page.get_by_role("region", name="Compare").get_by_role("link", name="Compare now")
    )
    page.wait_for_selector("table.credir-compare-grid")
    assert learner.actions <= MAX_ACTIONS
    assert parse_qs(urlsplit(page.url).query)["c"] == picked
    heads = page.locator("table.credir-compare-grid thead th a").all_inner_texts()
    assert heads == [directory.listings[key].text_in("en").title for key in picked]
