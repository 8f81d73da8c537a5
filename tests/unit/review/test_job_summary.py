"""The one Markdown escaper of the job summaries: its stated character set, and its users."""

from __future__ import annotations

import string

from generator.review.job_summary import MARKDOWN_SPECIALS, code, escape
from generator.review.linkcheck import Place, Result, render


def test_every_special_character_gets_a_backslash_and_nothing_else_does() -> None:
    assert set(string.punctuation) >= MARKDOWN_SPECIALS  # CommonMark escapes only these
    for char in string.printable.strip():
        assert escape(f"a{char}b") == (f"a\\{char}b" if char in MARKDOWN_SPECIALS else f"a{char}b")


def test_what_starts_markup_on_github_is_in_the_set() -> None:
    """Emphasis, code, links, images, raw HTML, headings, lists, tables, strikethrough and
    character references (`&lt;` would show a `<`)."""
    assert set("*_`[]()!<>#-+.|~&\\") <= MARKDOWN_SPECIALS


def test_a_value_from_a_pull_request_stays_one_inert_line() -> None:
    said = "![x](https://evil.example/t.png) <img src=x> &lt;b&gt;\n# heading"
    assert escape(said) == (
        "\\!\\[x\\]\\(https://evil\\.example/t\\.png\\) \\<img src=x\\> \\&lt;b\\&gt;"
        "\\\\n\\# heading"  # the line break, written `\\n`, keeps its backslash
    )


def test_the_link_report_escapes_with_it_and_puts_places_in_code_spans() -> None:
    place = Place("credentials/acme/a_b.yaml", 3, 6, "url")
    results = [Result("https://acme.example/[x]", "dead", "<b>gone</b> & *away*", [place])]
    markdown = render(results, "markdown")
    assert "`credentials/acme/a_b.yaml:3:6`" in markdown  # no backslash inside a code span
    assert escape("https://acme.example/[x]") in markdown
    assert escape("<b>gone</b> & *away*") in markdown
    assert code("a`b") == "``a`b``"
