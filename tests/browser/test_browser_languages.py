"""The scripts' words in a real browser: t() and tn() (assets/credir/i18n.js) read the
translations a page carries, pick a plural form by the language's rules as the Python side
does, and fall back to the English they are written in."""

from __future__ import annotations

import pytest

from generator.render import i18n, pages
from support.axe import context_for, violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAY = """async ([url, counts]) => {
  const { t, tn } = await import(url);
  return [
    t("Filters"),
    counts.map((n) => tn("%(num)s credential found.", "%(num)s credentials found.", n)),
    t("Search for “%(word)s”", { word: "data" }),
  ];
}"""


def test_an_english_page_carries_no_translations(page, site_url) -> None:
    page.goto(site_url + "search/")
    assert page.locator("script.credir-messages").count() == 0
    said = page.evaluate(SAY, [site_url + "assets/credir/i18n.js", [1, 3]])
    assert said == ["Filters", ["1 credential found.", "3 credentials found."], "Search for “data”"]


@pytest.mark.parametrize(
    ("lang", "counts", "expected"),
    [
        (
            "uk",
            [1, 3, 5, 21, 2.5],
            [
                "Знайдено 1 кваліфікацію.",
                "Знайдено 3 кваліфікації.",
                "Знайдено 5 кваліфікацій.",
                "Знайдено 21 кваліфікацію.",
                "Знайдено 2.5 кваліфікації.",  # a fraction takes the form of 2, as in Python
            ],
        ),
        ("fr", [0, 2, 1000000], None),
    ],
)
def test_the_scripts_speak_the_language_the_page_carries(
    page, site_url, lang: str, counts: list[float], expected: list[str] | None
) -> None:
    page.goto(site_url + "about/")
    with i18n.rendering_in(lang):
        block = str(pages.script_messages("search.js"))
        filters = i18n._("Filters")
        search_for = i18n._("Search for “%(word)s”") % {"word": "data"}
        python = [
            i18n.ngettext("%(num)s credential found.", "%(num)s credentials found.", int(n))
            % {"num": n}
            for n in counts
        ]
    page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", block)
    # A fresh copy of the module: it reads the page's translations when first asked.
    said = page.evaluate(SAY, [site_url + f"assets/credir/i18n.js?{lang}", counts])
    assert said[0] == filters != "Filters"
    assert said[1] == (expected or python)
    assert said[2] == search_for


# --- the site in each language, as a learner uses it ------------------------------------------

STEPOVA = "credentials/stepova-digital-academy/frontend-development-basics/"


def test_the_switcher_keeps_the_learner_on_the_same_fact_sheet(page, site_url) -> None:
    page.goto(site_url + STEPOVA)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Frontend Development Basics"  # translated
    assert page.locator(".credir-notice--language").count() == 0
    for lang, autonym in (("de", "Deutsch"), ("uk", "Українська"), ("en", "English")):
        page.locator(".md-select").first.hover()
        page.get_by_role("link", name=autonym).click()
        page.wait_for_url(f"{site_url}{'' if lang == 'en' else lang + '/'}{STEPOVA}")
        assert page.locator("html").get_attribute("lang") == lang
        heading = page.locator("h1")
        if lang == "de":  # no German translation: the original, marked as Ukrainian
            assert heading.inner_text() == "Основи фронтенд-розробки"
            assert heading.get_attribute("lang") == "uk"
            note = page.locator(".credir-notice--language")
            assert "Nicht übersetzt" in note.inner_text() and "Ukrainisch" in note.inner_text()
        elif lang == "uk":
            assert heading.get_attribute("lang") == "uk"
            assert page.locator(".credir-notice--language").count() == 0


def test_the_switcher_works_from_the_keyboard(page, site_url) -> None:
    page.goto(site_url + "uk/" + STEPOVA)
    button = page.locator(".md-select button").first
    button.focus()
    page.keyboard.press("Tab")  # into the list Material shows while the select has focus
    focused = page.evaluate("document.activeElement.getAttribute('hreflang')")
    assert focused == "en"
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + STEPOVA)


# A word in another form than the listing has it, so only stemming (or, for Ukrainian, the
# search page's ending rule) finds it; and the title the result must show in that language.
SEARCHES = {
    "en": ("installing", "Heat Pump Installation Awareness"),
    "de": ("Führungskraft", "Künstliche Intelligenz im Mittelstand – Einstieg für Führungskräfte"),
    "fr": ("installations", "Heat Pump Installation Awareness"),
    "uk": ("розробка", "Основи фронтенд-розробки"),
    "nb": ("varmepumpe", "Installasjon av varmepumper – grunnleggende innsikt"),
}


@pytest.mark.parametrize("lang", list(SEARCHES))
def test_search_finds_in_each_language_by_its_own_rules(page, site_url, lang: str) -> None:
    word, title = SEARCHES[lang]
    root = site_url + ("" if lang == "en" else f"{lang}/")
    page.goto(f"{root}search/?q={word}")
    page.wait_for_selector(".credir-search__results .credir-card__title")
    titles = page.locator(".credir-search__results .credir-card__title").all_inner_texts()
    assert title in titles, titles
    # The result links stay in the page's language.
    first = page.locator(".credir-search__results .credir-card__title a").first
    assert first.get_attribute("href").startswith(root.removeprefix(site_url.rstrip("/")))


@pytest.mark.parametrize("lang", ["de", "fr", "uk", "nb"])
def test_translated_pages_pass_axe_and_name_their_languages(browser, site_url, lang) -> None:
    """axe's language rules (html-has-lang, valid-lang) among WCAG 2.2 AA, on a phone in
    the dark and on a desktop in the light."""
    found: list[str] = []
    for scheme, width in (("dark", "phone"), ("light", "desktop")):
        context = context_for(browser, scheme, width)
        page = context.new_page()
        try:
            for path in ("", STEPOVA, "search/?q=data", "glossary/"):
                page.goto(f"{site_url}{lang}/{path}")
                if path.startswith("search/"):
                    page.wait_for_selector(".credir-search__results .credir-card")
                assert page.locator("html").get_attribute("lang") == lang
                found += [
                    f"{path or 'home'} ({scheme}, {width}): {line}" for line in violations(page)
                ]
        finally:
            context.close()
    assert not found, "\n".join(found)


def test_the_compare_page_shows_each_credential_in_the_page_s_language(page, site_url) -> None:
    keys = "c=stepova-digital-academy/frontend-development-basics"
    keys += "&c=stepova-digital-academy/digital-safety-for-educators"
    for lang, expected in (
        ("en", "Frontend Development Basics"),  # the provider's English translation
        ("de", "Основи фронтенд-розробки"),  # no German one: the original
        ("uk", "Основи фронтенд-розробки"),
    ):
        root = site_url + ("" if lang == "en" else f"{lang}/")
        page.goto(f"{root}compare/?{keys}")
        page.wait_for_selector("table.credir-compare-grid")
        heads = page.locator("table.credir-compare-grid thead th a").all_inner_texts()
        assert heads[0] == expected, heads
