"""Each interface language's guide pages (generator/site/content/<lang>/) are the English
pages translated: the same files, the same heading anchors and the same links. Fact sheets
link to glossary/#ects and the like in whichever language the site is built, and the toc
extension makes an id from a heading's text, so a translated heading that loses its
explicit {#id} would break those links without any build error."""

from __future__ import annotations

from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from generator.site.mkdocs.build import CONTENTS
from support import REPO_ROOT

SOURCE = "en"
# Issue #22's interface languages besides English: each needs its own guide pages.
TRANSLATED = ("de", "fr", "uk", "nb")
LANGUAGES = sorted(folder.name for folder in CONTENTS.iterdir() if folder.is_dir())
TRANSLATIONS = [language for language in LANGUAGES if language != SOURCE]
PAGES = sorted(path.name for path in (CONTENTS / SOURCE).glob("*.md"))


class _Anchors(HTMLParser):
    """The ids and link targets of rendered HTML, leaving out the toc's permalinks (they
    only repeat their heading's id)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href") and values.get("class") != "headerlink":
            self.links[str(values["href"])] += 1


@cache
def _extensions() -> tuple[list[object], dict[str, dict[str, object]]]:
    """The Markdown extensions and their settings as MkDocs builds the pages: mkdocs.yml's
    markdown_extensions plus MkDocs' defaults (load_config adds those)."""
    config = load_config(str(REPO_ROOT / "mkdocs.yml"), docs_dir=str(CONTENTS / SOURCE))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def _rendered(path: Path) -> _Anchors:
    extensions, configs = _extensions()
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs)
    parser = _Anchors()
    parser.feed(converter.convert(path.read_text(encoding="utf-8")))
    return parser


def _relative(links: Counter[str]) -> Counter[str]:
    """Links to pages of this site (relative, as MkDocs resolves them per language)."""
    return Counter({href: n for href, n in links.items() if "://" not in href})


def test_every_interface_language_has_guide_pages() -> None:
    assert PAGES, f"no guide pages in {CONTENTS / SOURCE}"
    assert set(TRANSLATED) <= set(TRANSLATIONS), f"content folders: {LANGUAGES}"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_language_has_the_same_pages_as_english(language: str) -> None:
    found = sorted(path.name for path in (CONTENTS / language).iterdir())
    assert found == PAGES


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translated_page_keeps_the_english_anchors(language: str, page: str) -> None:
    english = _rendered(CONTENTS / SOURCE / page).ids
    translated = _rendered(CONTENTS / language / page).ids
    assert translated == english, (
        f"{language}/{page}: missing {sorted(english - translated)}, "
        f"extra {sorted(translated - english)} (give the heading an explicit {{#id}})"
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translated_page_keeps_the_english_links(language: str, page: str) -> None:
    english = _relative(_rendered(CONTENTS / SOURCE / page).links)
    translated = _relative(_rendered(CONTENTS / language / page).links)
    assert translated == english


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_between_guide_pages_reach_an_anchor_of_the_same_language(language: str) -> None:
    folder = CONTENTS / language
    anchors = {path.stem: _rendered(path).ids for path in folder.glob("*.md")}
    for path in folder.glob("*.md"):
        for href in _relative(_rendered(path).links):
            target, _, fragment = href.partition("#")
            name = target.strip("./").removesuffix(".md") if target else path.stem
            if fragment and name in anchors:
                assert fragment in anchors[name], f"{language}/{path.name}: {href}"
