"""Markdown for GitHub job summaries, where values from a pull request must stay inert.

Titles, keys and field values come from files anyone can propose; written into a summary
as they are, they could add links, images or HTML. These helpers make them plain text.
"""

from __future__ import annotations

from generator.check.workflow_log import one_line

# What `credir changes` and `credir stale` write: a job summary, or the same as JSON.
SUMMARY_FORMATS = ("markdown", "json")

_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~")


def code(text: str) -> str:
    """A code span that no value can break out of (backticks, pipes, line breaks)."""
    text = one_line(text).replace("|", "\\|")
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def escape(text: str) -> str:
    """Plain text: every character that could start markup is escaped, and line breaks
    and control characters are written as escapes (`\\n`), as in every credir report."""
    text = one_line(text)
    return "".join("\\" + char if char in _MARKDOWN_SPECIALS else char for char in text)
