"""Text printed where GitHub Actions reads it as commands: every credir output in CI.

A workflow log is also a command channel. A line that starts with `::` (after spaces) is a
workflow command, and `##[` anywhere in a line starts the older form of one: `::error`
makes an annotation, `::add-mask` hides text, `##[stop-commands]` silences every later
annotation. File names, keys and values come from pull requests anyone can open, so none
may start a line or carry `##[` as it is:

* `one_line` makes any text one inert line of a report (text output, the ownership
  verdict, error messages): control characters and line separators are written as escapes
  such as `\\n`, and `##[` is broken as `##\\[`;
* `workflow_command` is the only place that writes a command, with the escaping GitHub
  documents (`%`, CR and LF in the message; also `:` and `,` in a property).
"""

from __future__ import annotations

import re

# What can end or hide a line: C0 and C1 controls (CR, LF, NEL...), the Unicode line and
# paragraph separators, and the bidirectional controls that reorder what is shown.
# Lone surrogates stand for the bytes of a file name that is not UTF-8: written as escapes,
# they cannot fail the output's encoder.
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff]|##\["
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """``text`` as one line that no log reader takes for a command."""
    if not _UNSAFE.search(text):
        return text  # nearly always: nothing to do
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    found = match.group()
    if found == "##[":
        return "##\\["
    if found in _NAMED:
        return _NAMED[found]
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def workflow_command(name: str, message: str, **properties: str | int) -> str:
    """`::name key=value,...::message`, escaped as GitHub's runner unescapes it, so no
    value can end the line, the property list or the command."""
    listed = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' if listed else ''}{listed}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    if not text.isprintable():  # a lone surrogate (a name that is not UTF-8) as an escape
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
