"""Markdown for GitHub job summaries, where values from a pull request must stay inert.

Titles, keys and field values come from files anyone can propose; written into a summary
as they are, they could add links, images or HTML. These helpers make them plain text.
"""

from __future__ import annotations

from generator.check.workflow_log import one_line

# What `credir changes` and `credir stale` write: a job summary, or the same as JSON.
SUMMARY_FORMATS = ("markdown", "json")

# The characters `escape` puts a backslash before: every ASCII punctuation character that
# can begin or end markup in GitHub's Markdown (emphasis, code, links and images, HTML,
# headings, lists, tables, strikethrough, character references). CommonMark lets any
# ASCII punctuation be escaped this way, and the backslash then shows nothing.
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~&")


def code(text: str) -> str:
    """A code span that no value can break out of (backticks, pipes, line breaks)."""
    text = one_line(text).replace("|", "\\|")
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def escape(text: str) -> str:
    """Plain text, the one Markdown escaper of credir's reports: each of MARKDOWN_SPECIALS
    gets a backslash, and line breaks and control characters are written as escapes
    (`\\n`), as in every credir report."""
    text = one_line(text)
    return "".join("\\" + char if char in MARKDOWN_SPECIALS else char for char in text)
