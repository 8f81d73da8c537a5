"""Load: YAML bytes to positioned documents, refusing what YAML 1.1 would silently change.

PyYAML's C parser gives the event stream; composing the values here (instead of
``yaml.load``) lets one pass keep every value's line and column, reject duplicate keys,
anchors, aliases and absurd nesting before they cost anything, and flag the YAML 1.1
readings (``NO`` as false, ``0613`` as octal) that a provider never means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from generator.check.problems import Problem
from generator.check.text import describe, hidden_in_file, invisible_characters, kind_of
from generator.check.workflow_log import one_line
from generator.format.limits import MAX_FILE_BYTES, MAX_NESTING_DEPTH

try:  # libyaml is part of the PyYAML wheels; the pure-Python parser is the fallback
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_EXPLICIT_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_PLAIN_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?")
_CANONICAL_BOOL = {"true", "false"}


@dataclass(slots=True)
class Node:
    """Where a value stands in its file, and how YAML read it."""

    line: int  # 1-based
    col: int  # 1-based
    kind: str  # "str", "int", "float", "bool", "null", "timestamp", "map", "seq"
    text: str | None = None  # the scalar as written, for hints
    plain: bool = False  # written without quotes
    keys: dict[str, Node] = field(default_factory=dict)  # map: key -> the key's own node
    items: dict[str, Node] | list[Node] = field(default_factory=dict)  # map values or seq items

    def child(self, part: str | int) -> tuple[Node | None, Node | None]:
        """The key node and the value node for one step of an error's path."""
        if self.kind == "map" and isinstance(part, str) and isinstance(self.items, dict):
            return self.keys.get(part), self.items.get(part)
        is_index = isinstance(part, int) and isinstance(self.items, list)
        if self.kind == "seq" and is_index and 0 <= part < len(self.items):
            return None, self.items[part]
        return None, None


class Document:
    """One YAML file: its values, and the node tree that says where each came from.

    Most files have nothing wrong, and nothing ever asks where their values stand, so a
    sound file is read without its node tree; the tree is composed from the text the first
    time a position is asked for (a problem to report), and is then the same tree a full
    read gives."""

    __slots__ = ("_root", "_text", "data", "path")

    def __init__(
        self, path: str, data: dict[str, Any], root: Node | None, text: str | None = None
    ) -> None:
        if root is None and text is None:
            raise ValueError("a document needs its node tree or the text to compose it from")
        self.path = path  # relative to the directory root, with forward slashes
        self.data = data
        self._root = root
        self._text = text

    @property
    def root(self) -> Node:
        if self._root is None:
            composed = _compose(self._text or "")
            if composed is None:  # pragma: no cover - the text was read once already
                raise ValueError(f"{self.path}: the text no longer composes")
            self._root, self._text = composed[0], None
        return self._root

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, data={self.data!r}, root={self.root!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.path, self.data, self.root) == (other.path, other.data, other.root)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it replaces

    def locate(self, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the deepest node on ``loc`` (its key when ``key`` is set)."""
        node = self.root
        key_node: Node | None = None
        for part in loc:
            step_key, value = node.child(part)
            if value is None:
                # The path ends at something absent (a missing field): point at its parent.
                anchor = key_node or node
                return anchor.line, anchor.col
            key_node, node = step_key, value
        if key and key_node is not None:
            return key_node.line, key_node.col
        return node.line, node.col


class _ComposeError(Exception):
    def __init__(self, line: int, col: int, message: str, hint: str, code: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.hint, self.code = line, col, message, hint, code

    @classmethod
    def at(cls, mark: yaml.Mark, message: str, hint: str, code: str) -> _ComposeError:
        """At a parser mark (0-based) as the 1-based position a provider reads."""
        return cls(mark.line + 1, mark.column + 1, message, hint, code)


def load_document(path: Path, relpath: str) -> tuple[Document | None, list[Problem]]:
    """Read one file; a document comes back only when the YAML itself is sound."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    relpath,
                    1,
                    1,
                    "",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                    "a listing needs far less: shorten the description or split it",
                    code="too-large",
                )
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(relpath, 1, 1, "", f"cannot read file: {error.strerror}", code="io")]
    return parse_document(raw, relpath)


def parse_document(raw: bytes, relpath: str) -> tuple[Document | None, list[Problem]]:
    """Parse bytes already read: UTF-8, one YAML document, a mapping at the top."""

    def fail(line: int, col: int, message: str, hint: str, code: str):
        return None, [Problem(relpath, line, col, "", message, hint, code=code)]

    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return fail(
            line,
            col,
            "file is not valid UTF-8",
            "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
            "encoding",
        )
    if not text.strip():
        return fail(1, 1, "file is empty", "fill in the fields from the template", "empty")
    tab = text.find("\t")
    if tab >= 0:
        line = text.count("\n", 0, tab) + 1
        col = tab - (text.rfind("\n", 0, tab) + 1) + 1
        return fail(
            line, col, "tab character", "YAML needs spaces: replace the tab with spaces", "tab"
        )
    hidden = _hidden_characters(text, relpath)
    if hidden:  # anywhere, comments included: what a reviewer reads must be what is there
        return None, hidden
    data = _sound_values(text)
    if data is not None:  # the usual case: nothing to report, positions composed on demand
        return Document(relpath, data, None, text), []
    try:
        root = _compose(text)
    except _ComposeError as error:
        return fail(error.line, error.col, error.message, error.hint, error.code)
    except yaml.reader.ReaderError as error:
        # libyaml refuses control characters before any token, so its error has no mark.
        index = text.find(chr(error.character))
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return fail(
            line,
            col,
            f"control character U+{error.character:04X} is not allowed",
            "the file contains an invisible control character, often pasted in: delete it",
            "syntax",
        )
    except yaml.MarkedYAMLError as error:
        if "exceeded maximum nesting depth" in (error.problem or ""):
            # libyaml 0.2.6 (PyYAML 6.0.3+) stops flow nesting at 1,000 levels itself, while
            # scanning ahead of the events that would have reached our own limit.
            mark = error.problem_mark
            return fail(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, *_TOO_DEEP)
        opened = _unclosed_quote(text, error)
        if opened is not None:
            line, col, runs_to = opened
            return fail(
                line,
                col,
                "YAML syntax: a quoted value is not closed",
                f"add the closing quote; without it the value runs on to {runs_to}",
                "syntax",
            )
        culprit = _syntax_culprit(text, error)
        if culprit is not None:  # a common mistake, said where it is and in plain words
            return fail(*culprit, "syntax")
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or str(error)
        return fail(
            line, col, f"YAML syntax: {problem}", syntax_hint(problem, error.context), "syntax"
        )
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        return fail(1, 1, f"YAML syntax: {error}", "fix the YAML syntax", "syntax")
    if root is None:
        return fail(1, 1, "file holds no data, only comments", "fill in the fields", "empty")
    node, data, surprises, escaped = root
    if node.kind != "map":
        return fail(
            node.line,
            node.col,
            "the file must be a mapping of fields (key: value lines)",
            "start each line with a field name such as `id:`",
            "not-mapping",
        )
    problems = [
        Problem(relpath, n.line, n.col, field_, msg, hint, code="yaml11")
        for n, field_, msg, hint in surprises
    ]
    problems += [
        Problem(relpath, n.line, n.col, field_, msg, hint, code="invisible")
        for n, field_, msg, hint in escaped
    ]
    return Document(relpath, data, node), problems


_MAX_HIDDEN_REPORTED = 20  # a file full of them needs one fix, not thousands of lines


def _hidden_characters(text: str, relpath: str) -> list[Problem]:
    """Every invisible or direction-changing character written into the file."""
    found = hidden_in_file(text)
    problems = []
    for index in found[:_MAX_HIDDEN_REPORTED]:
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        kind, hint = kind_of(text[index])
        message = f"{kind} {describe(text[index])} is not allowed"
        # Control characters are what YAML itself refuses: they keep the syntax code.
        code = "syntax" if kind == "control character" else "invisible"
        problems.append(Problem(relpath, line, col, "", message, hint, code=code))
    if len(found) > _MAX_HIDDEN_REPORTED:
        rest = len(found) - _MAX_HIDDEN_REPORTED
        problems.append(
            Problem(
                relpath,
                problems[-1].line,
                problems[-1].col,
                "",
                f"and {rest:,} more such characters",
                "retype the text, or paste it as plain text",
                code="invisible",
            )
        )
    return problems


def _escaped_hidden(value: str) -> tuple[str, str] | None:
    """A refused character that an escape such as \\u202e put into a quoted value."""
    found = invisible_characters(value)
    if not found:
        return None
    char = value[found[0]]
    kind, hint = kind_of(char)
    return f"{kind} {describe(char)} is not allowed (written as an escape)", hint


_NO_CLOSING_QUOTE = re.compile(r"unexpected end of stream|unexpected document indicator")
_KEY_LINE = re.compile(r"\s*(?:- )?[A-Za-z_][\w-]*:(?:\s|$)")


_TOO_DEEP = (
    f"nested more than {MAX_NESTING_DEPTH} levels deep",
    "the format nests three levels at most: check the indentation",
    "depth",
)


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """Where an unclosed quote opened, when that is what broke the file.

    A quoted value may span lines, so libyaml reads an unclosed one on to the next quote
    (or the end of the file) and fails there, far from the provider's mistake.
    """
    if error.context and "quoted scalar" in error.context and error.context_mark:
        # libyaml gives this context to every error inside a quoted value; only these two
        # mean its end was never found (a wrong escape is another mistake: _bad_escape).
        if not _NO_CLOSING_QUOTE.search(error.problem or ""):
            return None
        return error.context_mark.line + 1, error.context_mark.column + 1, "the end of the file"
    end = error.problem_mark
    lines = text.splitlines()
    found = None
    try:
        for token in yaml.scan(text, Loader=_Parser):
            start = token.start_mark
            if end is not None and (start.line, start.column) >= (end.line, end.column):
                break
            spans = isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
            if spans and token.end_mark.line > start.line:
                swallowed = lines[start.line + 1 : token.end_mark.line + 1]
                if any(_KEY_LINE.match(line) for line in swallowed):  # it ate `key:` lines
                    found = (start.line + 1, start.column + 1, f"line {token.end_mark.line + 1}")
    except yaml.YAMLError:
        pass
    return found


_KEY_AND_VALUE = re.compile(r"(\s*)(?:- )?([A-Za-z_][\w-]*):[ ]+(\S.*)")
_KEY_NO_SPACE = re.compile(r"\s*(?:- )?([A-Za-z_][\w-]*):([^\s/].*)")
_BLOCK_INDICATOR = re.compile(r".*:\s*[|>][-+0-9]*\s*(?:#.*)?")
_QUOTED_THEN_MORE = re.compile(r"\s*(?:- )?([A-Za-z_][\w-]*):\s*([\"'])(.*?)\2\s*[^\s#]")


_KEY_ALONE = re.compile(r"(\s*)(- )?([A-Za-z_][\w-]*):\s*(?:#.*)?")
_LIST_ITEM = re.compile(r"(\s*)- .*")


def _list_item_hint(here: str, above: str) -> str:
    """The item as it should stand: below the field it follows (`methods:` then `    - quiz`)
    or in line with the items above it; a general rule only when neither is there."""
    item = here.strip()
    key = _KEY_ALONE.fullmatch(above)
    if key:
        indent = " " * (len(key.group(1)) + len(key.group(2) or "") + 2)
        return f"indent it below `{key.group(3)}:` by two spaces: `{indent}{item}`"
    listed = _LIST_ITEM.fullmatch(above)
    if listed and len(listed.group(1)) > len(here) - len(here.lstrip()):
        return f"indent it as the items above it: `{listed.group(1)}{item}`"
    return (
        "put list items below their field and indent them, e.g. `languages:` "
        "then `  - en` on the next line"
    )


def _syntax_culprit(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str, str] | None:
    """Line, column, message and hint for the mistakes providers make most, which libyaml
    reports at a later line or in parser words: a missing space after a colon, a line
    without `key:`, unindented block text, text after a closing quote, over-indentation."""
    lines = text.splitlines()
    problem, context = error.problem or "", error.context or ""

    def previous(index: int) -> int | None:
        for before in range(min(index, len(lines)) - 1, -1, -1):
            if lines[before].strip() and not lines[before].lstrip().startswith("#"):
                return before
        return None

    def start(index: int) -> int:
        return len(lines[index]) - len(lines[index].lstrip()) + 1

    if "could not find expected ':'" in problem and "simple key" in context:
        index = error.context_mark.line if error.context_mark else -1
        if not 0 <= index < len(lines):
            return None
        where = (index + 1, start(index))
        no_space = _KEY_NO_SPACE.fullmatch(lines[index])
        if no_space:
            key, value = no_space.groups()
            return (
                *where,
                "YAML syntax: no space after the colon",
                f"put a space after the colon: `{key}: {value.strip()}`",
            )
        above = previous(index)
        if above is not None and _BLOCK_INDICATOR.fullmatch(lines[above]):
            return (
                *where,
                "YAML syntax: the text after `|` or `>` is not indented",
                "indent each line of the text by two spaces more than its field",
            )
        return (
            *where,
            "YAML syntax: this line is not `key: value`",
            "if it continues the value above, indent it by two spaces more than its field "
            "(or put the whole value on one line, in quotes); otherwise add the `key:`",
        )
    mark = error.problem_mark
    if mark is None or not 0 <= mark.line < len(lines):
        return None
    here = lines[mark.line]
    if _BAD_ESCAPE.search(problem):
        return _bad_escape(here, mark.line, mark.column, problem)
    if "did not find expected key" in problem:
        quoted = _QUOTED_THEN_MORE.match(here)
        if quoted:
            key = quoted.group(1)
            value = here.split(":", 1)[1].strip().replace("'", "''")
            return (
                mark.line + 1,
                mark.column + 1,
                "YAML syntax: text after the closing quote",
                f"quote the whole value: {key}: '{value}'",
            )
        if here.lstrip().startswith("- "):
            return (
                mark.line + 1,
                mark.column + 1,
                "YAML syntax: a list item is not under a field",
                _list_item_hint(here, lines[above] if (above := previous(mark.line)) else ""),
            )
    if "mapping values are not allowed" in problem:
        above = previous(mark.line)
        if above is None:
            return None
        no_space = _KEY_NO_SPACE.fullmatch(lines[above])
        if no_space:  # `ects:2` ran on into the next line's key
            key, value = no_space.groups()
            return (
                above + 1,
                start(above),
                "YAML syntax: no space after the colon",
                f"put a space after the colon: `{key}: {value.strip()}`",
            )
        if ":" not in lines[above] and not lines[above].lstrip().startswith("-"):
            return (
                above + 1,
                start(above),
                "YAML syntax: this line is not `key: value`",
                "add the colon after the field name, e.g. `id: data-basics`",
            )
        this, that = _KEY_AND_VALUE.fullmatch(here), _KEY_AND_VALUE.fullmatch(lines[above])
        if this and that and len(this.group(1)) > len(that.group(1)):
            return (
                mark.line + 1,
                mark.column + 1,
                f"YAML syntax: {problem}",
                f"`{this.group(2)}:` is indented more than the line above: start it in the "
                f"same column as `{that.group(2)}:`",
            )
    return None


# What libyaml says of a backslash escape it refuses in a double-quoted value.
_BAD_ESCAPE = re.compile(r"unknown escape|Unicode character escape|hexdecimal number")
_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = re.compile(r"[0-9A-Fa-f]*")
_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def _bad_escape(line: str, index: int, column: int, problem: str) -> tuple[int, int, str, str]:
    """A refused escape, said as written: a Windows path's `C:\\Data`, an escape with too
    few digits, or JSON's way of writing an emoji as two halves (`\\ud83d\\ude00`)."""
    start = max(line.rfind("\\", 0, column + 1), 0)
    letter = line[start + 1 : start + 2]
    digits = _HEX_DIGITS.match(line, start + 2, start + 2 + _ESCAPE_DIGITS.get(letter, 0))
    escape = line[start : digits.end()]  # `\D`, or `\x`/`\u`/`\U` and the digits given
    where = (index + 1, start + 1)
    if "unknown escape" in problem:
        return (
            *where,
            f"YAML syntax: `{escape}` is not an escape",
            "in double quotes a backslash starts an escape such as \\n: write `\\\\` for a "
            "backslash, or put the value in single quotes, where a backslash is plain text",
        )
    if "hexdecimal" in problem:
        return (
            *where,
            f"YAML syntax: `{escape}` is not a complete escape",
            f"`\\{letter}` takes {_ESCAPE_DIGITS.get(letter, 2)} hexadecimal digits; or write "
            "the character itself (the file is UTF-8)",
        )
    pair = _SURROGATE_PAIR.match(line, start)
    if pair:
        high, low = (int(half, 16) for half in pair.groups())
        whole = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return (
            *where,
            f"YAML syntax: `{escape}` is half of a character (a UTF-16 surrogate)",
            f"write `{chr(whole)}` itself, or the whole character's code `\\U{whole:08X}`",
        )
    return (
        *where,
        f"YAML syntax: `{escape}` is not a character",
        "write the character itself (the file is UTF-8), or its code: `\\u` and four "
        "digits, or `\\U` and eight up to `\\U0010FFFF`, never a UTF-16 surrogate half",
    )


# libyaml's messages name parser states, not fixes: (words in its problem, words in its
# context, what to do). The first row whose words are all there gives the hint.
_SYNTAX_HINTS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        ("mapping values are not allowed",),
        (),
        "a value contains ': ' or the indentation is off: quote the value, "
        'e.g. title: "Data: the basics"',
    ),
    (
        ("could not find expected ':'",),
        (),
        "a line is missing its `key: value` colon, or a quote is not closed",
    ),
    (
        ("did not find expected key",),
        (),
        "check the indentation: fields at the same level must start in the same column",
    ),
    (
        ("expected <block end>",),
        (),
        "check the indentation: fields at the same level must start in the same column",
    ),
    (("did not find expected '-'",), (), "list items must all start with '- ' in the same column"),
    (
        ("unexpected end of stream",),
        ("quoted",),
        "a quoted value is not closed: add the closing quote",
    ),
    (("expected ',' or ']'",), (), "a [list] or {mapping} is not closed, or its items lack commas"),
    (("expected ',' or '}'",), (), "a [list] or {mapping} is not closed, or its items lack commas"),
    (
        ("cannot start any token",),
        (),
        "values cannot start with this character: put the value in quotes",
    ),
    (("unacceptable character",), (), "the file contains a control character: delete it"),
    (("special characters",), (), "the file contains a control character: delete it"),
    (
        (),
        ("while scanning an alias",),
        "'*' and '&' start aliases and anchors: put the value in quotes",
    ),
    ((), ("anchor",), "'*' and '&' start aliases and anchors: put the value in quotes"),
    ((), ("block scalar",), "after '|' or '>' the text must be indented on the following lines"),
    (("block scalar",), (), "after '|' or '>' the text must be indented on the following lines"),
    (
        ("expected <document start>",),
        (),
        "top-level fields must start in the first column, with no spaces before them",
    ),
)


def syntax_hint(problem: str, context: str | None) -> str:
    """Plain words for a libyaml message (see _SYNTAX_HINTS)."""
    context = context or ""
    for in_problem, in_context, hint in _SYNTAX_HINTS:
        if all(words in problem for words in in_problem) and all(
            words in context for words in in_context
        ):
            return hint
    return "fix the YAML syntax at this position; quoting the value often helps"


def _scalar(
    event: yaml.ScalarEvent, resolver: Resolver
) -> tuple[Node, Any, tuple[str, str] | None]:
    """One scalar: its value as YAML 1.1 reads it, and a warning when that is a surprise."""
    mark = event.start_mark
    text = event.value
    plain = not event.style  # the C parser says "" for plain, the Python one None
    if event.tag not in (None, "!"):
        if event.tag not in _ALLOWED_EXPLICIT_TAGS:
            raise _ComposeError.at(
                mark,
                f"YAML tag {event.tag} is not allowed",
                "remove the tag: values are plain text, numbers, dates and lists",
                "tag",
            )
        kind, value, surprise = _reading(event.tag, text, plain)
    elif plain:
        kind, value, surprise = _plain_reading(text, resolver)
    else:
        kind, value, surprise = "str", text, None
    return Node(mark.line + 1, mark.column + 1, kind, text, plain), value, surprise


_Reading = tuple[str, Any, tuple[str, str] | None]  # kind, value, surprise
_PLAIN_READINGS: dict[str, _Reading] = {}  # short plain scalars repeat: codes, enums, numbers
_CACHED_TEXT = 40  # characters: longer plain text is read each time (it rarely repeats)
_CACHED_READINGS = 50_000  # a bound on the cache, whatever the directory holds


def _plain_reading(text: str, resolver: Resolver) -> _Reading:
    """How YAML 1.1 reads an unquoted scalar; cached, since the reading depends on the text
    alone and the values (numbers, dates, booleans, text) are immutable."""
    found = _PLAIN_READINGS.get(text)
    if found is None:
        found = _reading(resolver.resolve(yaml.ScalarNode, text, (True, False)), text, True)
        if len(text) <= _CACHED_TEXT and len(_PLAIN_READINGS) < _CACHED_READINGS:
            _PLAIN_READINGS[text] = found
    return found


def _reading(tag: str, text: str, plain: bool) -> _Reading:
    kind = tag.removeprefix(_TAG)
    value: Any = text
    if kind != "str":
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
        except (ValueError, TypeError, KeyError, yaml.YAMLError):
            kind, value = "str", text  # e.g. 2027-02-30: leave it to the field's own check
    surprise = None
    if plain and kind == "bool" and text.lower() not in _CANONICAL_BOOL:
        surprise = (
            f"YAML 1.1 reads `{text}` as {str(value).lower()}",
            f'quote it if it is text: "{text}"; write {str(value).lower()} if you mean that',
        )
    elif plain and kind in ("int", "float") and not _PLAIN_DECIMAL.fullmatch(text):
        reading = "an octal number" if re.fullmatch(r"[-+]?0[0-7]+", text) else "a number"
        surprise = (
            f"YAML 1.1 reads `{text}` as {reading}, {value}",
            f'quote it if it is text: "{text}"; write a plain decimal if it is a number',
        )
    return kind, value, surprise


_CONSTRUCTOR = SafeConstructor()


_Found = list[tuple[Node, str, str, str]]  # node, field path, message, hint


def _compose(text: str) -> tuple[Node, Any, _Found, _Found] | None:
    """Build values and nodes from the event stream, iteratively (no recursion to exhaust).

    This loop runs once per YAML node of every file, so it is written for speed: events are
    told apart by their class (scalars, the most common, first), and what a scalar reads as
    is cached by its text."""
    resolver = Resolver()
    surprises: _Found = []
    escaped: _Found = []
    # Stack of open collections: (node, value, pending key text, pending key node)
    stack: list[list[Any]] = []
    result: tuple[Node, Any] | None = None
    documents = 0

    def attach(node: Node, value: Any) -> None:
        nonlocal result
        if not stack:
            result = (node, value)
            return
        frame = stack[-1]
        parent, container = frame[0], frame[1]
        if parent.kind == "seq":
            parent.items.append(node)
            container.append(value)
            return
        if frame[2] is None:  # this node is a key
            if node.kind in ("map", "seq"):
                raise _ComposeError(
                    node.line, node.col, "a key must be a plain name", "write `name: value`", "key"
                )
            key = node.text or ""
            if key in parent.keys:
                first = parent.keys[key]
                raise _ComposeError(
                    node.line,
                    node.col,
                    f"duplicate key `{key}` (first at line {first.line})",
                    "keep one of the two",
                    "duplicate-key",
                )
            frame[2], frame[3] = key, node
            return
        key, key_node = frame[2], frame[3]
        parent.keys[key] = key_node
        parent.items[key] = node
        container[key] = value
        frame[2] = frame[3] = None

    for event in yaml.parse(text, Loader=_Parser):
        kind = type(event)
        if kind is _ScalarEvent:
            if event.anchor is not None:
                mark = event.start_mark
                raise _ComposeError.at(
                    mark,
                    f"anchor &{event.anchor} is not allowed",
                    "write each value out in full",
                    "alias",
                )
            node, value, surprise = _scalar(event, resolver)
            if surprise and stack and not (stack[-1][0].kind == "map" and stack[-1][2] is None):
                surprises.append((node, _path_of(stack), *surprise))
            if not node.plain and value.__class__ is str:
                hidden = _escaped_hidden(value)
                if hidden:
                    escaped.append((node, _path_of(stack), *hidden))
            attach(node, value)
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            mark = event.start_mark
            if event.anchor is not None:
                raise _ComposeError.at(
                    mark,
                    f"anchor &{event.anchor} is not allowed",
                    "write each value out in full",
                    "alias",
                )
            if len(stack) >= MAX_NESTING_DEPTH:
                raise _ComposeError.at(mark, *_TOO_DEEP)
            is_map = kind is _MappingStartEvent
            if event.tag not in (None, "!", _TAG + ("map" if is_map else "seq")):
                raise _ComposeError.at(
                    mark,
                    f"YAML tag {event.tag} is not allowed",
                    "remove the tag",
                    "tag",
                )
            node = Node(
                mark.line + 1,
                mark.column + 1,
                "map" if is_map else "seq",
                items={} if is_map else [],
            )
            stack.append([node, {} if is_map else [], None, None])
        elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
            node, value = stack.pop()[:2]
            attach(node, value)
        elif kind is _DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise _ComposeError.at(
                    mark,
                    "more than one YAML document in the file",
                    "one file holds one listing: remove the `---` and what follows",
                    "documents",
                )
        elif kind is _AliasEvent:
            mark = event.start_mark
            raise _ComposeError.at(
                mark,
                f"alias *{event.anchor} is not allowed",
                "write the value out in full",
                "alias",
            )
    if result is None:
        return None
    return result[0], result[1], surprises, escaped


def _sound_values(text: str) -> dict[str, Any] | None:
    """The values of a file with nothing to report, read without building nodes; None as
    soon as anything needs a position (a syntax error, a duplicate key, an anchor, a tag, a
    YAML 1.1 surprise, an escaped invisible character, too deep a nesting, not a mapping):
    then `_compose` reads the file again and says where.

    The values are exactly those `_compose` gives: the same readings of the same events."""
    try:
        return _values_or_none(text)
    except yaml.YAMLError:
        return None


def _values_or_none(text: str) -> dict[str, Any] | None:
    resolver = Resolver()
    # Open collections: [container, pending key (maps; None while a key is awaited), is map]
    stack: list[list[Any]] = []
    result: Any = None
    documents = 0
    for event in yaml.parse(text, Loader=_Parser):
        kind = type(event)
        if kind is _ScalarEvent:
            if event.anchor is not None or event.tag not in (None, "!"):
                return None
            text_value = event.value
            if event.style:  # quoted or block text: a string, unless an escape hides a trick
                value: Any = text_value
                if _escaped_hidden(value):
                    return None
                is_key = bool(stack) and stack[-1][2] and stack[-1][1] is None
            else:
                is_key = bool(stack) and stack[-1][2] and stack[-1][1] is None
                if is_key:
                    value = text_value
                else:
                    _, value, surprise = _plain_reading(text_value, resolver)
                    if surprise and stack:
                        return None
            if not stack:
                result = value
            elif not stack[-1][2]:
                stack[-1][0].append(value)
            elif is_key:
                if text_value in stack[-1][0]:
                    return None  # a duplicate key: the full read reports both lines
                stack[-1][1] = text_value
            else:
                frame = stack[-1]
                frame[0][frame[1]] = value
                frame[1] = None
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            if event.anchor is not None or event.tag not in (None, "!"):
                return None
            if len(stack) >= MAX_NESTING_DEPTH:
                return None
            if stack and stack[-1][2] and stack[-1][1] is None:
                return None  # a collection as a key
            is_map = kind is _MappingStartEvent
            stack.append([{} if is_map else [], None, is_map])
        elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
            value = stack.pop()[0]
            if not stack:
                result = value
            elif not stack[-1][2]:
                stack[-1][0].append(value)
            else:
                frame = stack[-1]
                frame[0][frame[1]] = value
                frame[1] = None
        elif kind is _DocumentStartEvent:
            documents += 1
            if documents > 1:
                return None
        elif kind is _AliasEvent:
            return None
    return result if type(result) is dict else None


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent, _SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEndEvent, _SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent
_DocumentStartEvent, _AliasEvent = yaml.DocumentStartEvent, yaml.AliasEvent


def _path_of(stack: list[list[Any]]) -> str:
    """The field path of the value about to be attached, e.g. `cost.amount` or `skills[2]`."""
    parts: list[str] = []
    for frame in stack:
        node, container = frame[0], frame[1]
        if node.kind == "map" and frame[2] is not None:
            parts.append(("." if parts else "") + frame[2])
        elif node.kind == "seq":
            parts.append(f"[{len(container)}]")
    # Keys are whatever the file wrote, line breaks included: one problem stays one line.
    return one_line("".join(parts))
