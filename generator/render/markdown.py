"""Provider Markdown to HTML that cannot carry markup, script or tracking.

Provider text is untrusted. Python-Markdown (already installed with MkDocs) renders it
with its raw-HTML and image handling removed, and every link that survives points to
https:, http: or mailto:. Text is escaped by the serializer, so `<script>` stays text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"https", "http", "mailto"}
_REMOVED_INLINE = ("html", "image_link", "image_reference", "short_image_ref")


def is_safe_url(url: str) -> bool:
    """True for https/http/mailto addresses; anything with control or odd characters fails."""
    if any(ord(char) < 0x21 or char in "\\\"'<>`" for char in url):
        return False
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


class _LinkFilter(Treeprocessor):
    """Unwrap links with unsafe targets; mark the rest as user content for search engines."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag != "a":
                    continue
                href = child.get("href", "")
                if is_safe_url(href):
                    child.attrib = {"href": href, "rel": "nofollow noopener ugc"}
                else:
                    child.tag = "span"
                    child.attrib = {}


@cache
def _renderer() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in _REMOVED_INLINE:
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_LinkFilter(md), "credir_links", 0)
    # Headings inside a fact sheet would break its outline: render them as strong paragraphs.
    md.parser.blockprocessors.deregister("hashheader")
    md.parser.blockprocessors.deregister("setextheader")
    return md


def render_markdown(text: str) -> str:
    """Safe HTML for one Markdown field."""
    md = _renderer()
    md.reset()
    return md.convert(text)
