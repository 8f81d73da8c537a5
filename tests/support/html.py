"""Built pages read back: links, elements and scripts of an HTML file, and a folder's digest."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE


class ParsedPage(HTMLParser):
    """Links, elements and script bodies of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[str, str]] = []  # (type, body)
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append((attributes.get("type") or "", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)


def parse(path: Path) -> ParsedPage:
    page = ParsedPage()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def pages_to_visit(site: Path) -> list[str]:
    """What a test opening a built site's pages in a browser visits: every English page, and
    in each other interface language one page of each kind (the same templates make them;
    what a language adds is its words, which carry no markup: tests/unit/render/test_i18n.py),
    its search page with results among them."""
    english = sorted(
        str(path.parent.relative_to(site)).removeprefix(".") + "/"
        for path in site.rglob("index.html")
        if "pagefind" not in path.parts and path.relative_to(site).parts[0] not in OTHERS
    )
    kinds: dict[tuple[str, int], str] = {}  # by section and depth: a fact sheet, an index...
    for page in english:
        parts = page.split("/")
        kinds.setdefault((parts[0], len(parts)), page)
    return (
        english
        + [f"{lang}/{page.lstrip('/')}" for lang in OTHERS for page in kinds.values()]
        + [f"{lang}/search/?q=data" for lang in OTHERS]
    )


OTHERS = [lang for lang in INTERFACE_LANGUAGES if lang != ROOT_LANGUAGE]
