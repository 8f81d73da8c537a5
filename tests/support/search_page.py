"""The search page as a learner drives it: results shown, counts, filter groups unfolded."""

from __future__ import annotations


def result_titles(page) -> list[str]:
    page.wait_for_selector(".credir-search__status:not(:empty)")
    page.wait_for_function(
        "() => !document.querySelector('.credir-search__status').textContent.includes('Load')"
    )
    return page.locator(".credir-search__results .credir-card__title").all_inner_texts()


def all_result_titles(page) -> list[str]:
    """Every result, pressing "Show more results" until there are no more."""
    titles = result_titles(page)
    more = page.locator(".credir-more")
    while more.is_visible():
        shown = len(titles)
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.credir-search__results > li').length > n",
            arg=shown,
        )
        titles = result_titles(page)
    return titles


def wait_for_count(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('.credir-search__status').textContent.startsWith(n + ' ')"
        " || (n === '0' && document.querySelector('.credir-search__status').textContent"
        ".startsWith('No '))",
        arg=str(count),
    )


def unfold(page, name: str):
    """The filter's group, its values shown: a filter the search does not use yet is folded
    until asked for, so the first search loads only the filter indexes it needs."""
    group = page.locator(f'fieldset[data-filter="{name}"]')
    show = group.locator("button.credir-facet__show")
    if show.count():
        show.click()
        group.locator("input").first.wait_for()
    return group
