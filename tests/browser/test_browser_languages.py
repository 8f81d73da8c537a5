"""The scripts' words in a real browser: t() and tn() (assets/credir/i18n.js) read the
translations a page carries, pick a plural form by the language's rules as the Python side
does, and fall back to the English they are written in."""

from __future__ import annotations

import pytest

from generator.render import i18n, pages

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
