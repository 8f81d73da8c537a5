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
from typing import Any, NamedTuple

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
    keys: dict[str, Node] = field(default_factory=dict)  # map: key -> its node (kind "str")
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
    file is read without its node tree; the same walk of the text records the tree the
    first time a position is asked for (a problem to report)."""

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
            walked = _walk(self._text or "", positions=True)
            if walked is None or walked.node is None:  # pragma: no cover - read once already
                raise ValueError(f"{self.path}: the text no longer composes")
            self._root, self._text = walked.node, None
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
        return cls(*_mark_position(mark), message, hint, code)


def _mark_position(mark: yaml.Mark | None) -> tuple[int, int]:
    """A parser mark (0-based, counting every YAML line break) as the 1-based line and
    column a provider reads; the file's start when the parser gave no mark."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _offset_position(text: str | bytes, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, for what is found before the parser
    reads the text (a byte that is not UTF-8 is placed in bytes, as nothing decodes it)."""
    if isinstance(text, bytes):
        text = text[:index].decode("latin-1")  # one character per byte
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


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
        return fail(
            *_offset_position(raw, error.start),
            "file is not valid UTF-8",
            "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
            "encoding",
        )
    if not text.strip():
        return fail(1, 1, "file is empty", "fill in the fields from the template", "empty")
    tab = text.find("\t")
    if tab >= 0:
        return fail(
            *_offset_position(text, tab),
            "tab character",
            "YAML needs spaces: replace the tab with spaces",
            "tab",
        )
    hidden = _hidden_characters(text, relpath)
    if hidden:  # anywhere, comments included: what a reviewer reads must be what is there
        return None, hidden
    try:
        try:
            walked = _walk(text, positions=False)  # Document.root walks again if asked
        except _NeedsNodes:
            walked = _walk(text, positions=True)
    except _ComposeError as error:
        return fail(error.line, error.col, error.message, error.hint, error.code)
    except yaml.reader.ReaderError as error:
        # libyaml refuses control characters before any token, so its error has no mark.
        return fail(
            *_offset_position(text, text.find(chr(error.character))),
            f"control character U+{error.character:04X} is not allowed",
            "the file contains an invisible control character, often pasted in: delete it",
            "syntax",
        )
    except yaml.MarkedYAMLError as error:
        if "exceeded maximum nesting depth" in (error.problem or ""):
            # libyaml 0.2.6 (PyYAML 6.0.3+) stops flow nesting at 1,000 levels itself, while
            # scanning ahead of the events that would have reached our own limit.
            return fail(*_mark_position(error.problem_mark), *_TOO_DEEP)
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
        problem = error.problem or str(error)
        return fail(
            *_mark_position(error.problem_mark or error.context_mark),
            f"YAML syntax: {problem}",
            syntax_hint(problem, error.context),
            "syntax",
        )
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        return fail(1, 1, f"YAML syntax: {error}", "fix the YAML syntax", "syntax")
    if walked is None:
        return fail(1, 1, "file holds no data, only comments", "fill in the fields", "empty")
    if walked.value.__class__ is not dict:
        assert walked.node is not None  # a walk without nodes raised _NeedsNodes
        return fail(
            walked.node.line,
            walked.node.col,
            "the file must be a mapping of fields (key: value lines)",
            "start each line with a field name such as `id:`",
            "not-mapping",
        )
    problems = [Problem(relpath, *found, code="yaml11") for found in walked.surprises]
    problems += [Problem(relpath, *found, code="invisible") for found in walked.escaped]
    # Walked with nodes only to report a refusal: a document's tree is composed on demand.
    return Document(relpath, walked.value, None, text), problems


_MAX_HIDDEN_REPORTED = 20  # a file full of them needs one fix, not thousands of lines


def _hidden_characters(text: str, relpath: str) -> list[Problem]:
    """Every invisible or direction-changing character written into the file."""
    found = hidden_in_file(text)
    problems = []
    for index in found[:_MAX_HIDDEN_REPORTED]:
        line, col = _offset_position(text, index)
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
        return *_mark_position(error.context_mark), "the end of the file"
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
                    found = (*_mark_position(start), f"line {token.end_mark.line + 1}")
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
                *_mark_position(mark),
                "YAML syntax: text after the closing quote",
                f"quote the whole value: {key}: '{value}'",
            )
        if here.lstrip().startswith("- "):
            return (
                *_mark_position(mark),
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
                *_mark_position(mark),
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


class _NeedsNodes(Exception):
    """A walk without nodes met what only the node tree can place: a duplicate key (where
    was the first?), or a collection used as a key or a top value that is not a mapping
    (where does it start?)."""


# The walk's frames are filled in field by field: a class with an __init__ costs a Python
# call for each of the many collections a directory holds, a bare slotted class does not.


class _MapFrame:
    """An open mapping: its values so far, and the key whose value comes next."""

    __slots__ = ("key", "key_node", "node", "values")
    node: Node | None  # its node, when the walk records positions
    values: dict[str, Any]
    key: str | None  # None while a key is awaited
    key_node: Node | None  # the pending key's node, when the walk records positions


class _SeqFrame:
    """An open sequence, or the walk's outermost frame, which holds the document's value."""

    __slots__ = ("node", "values")
    node: Node | None  # its node, when the walk records positions
    values: list[Any]


class _Found(NamedTuple):
    """A value the file is read with but that the provider likely did not mean."""

    line: int
    col: int
    field: str
    message: str
    hint: str


class _Walked(NamedTuple):
    value: Any  # the document's value: a mapping, for a file that can be a listing
    node: Node | None  # the value's node, when positions were recorded
    surprises: list[_Found]  # YAML 1.1 readings such as `NO` as false
    escaped: list[_Found]  # refused characters an escape put into a quoted value


def _walk(text: str, *, positions: bool) -> _Walked | None:
    """The values of a file's event stream, and its node tree when ``positions`` is set;
    None for a stream with no document (a file of comments).

    The one reading of YAML events, iterative (no recursion to exhaust), and the same with
    or without nodes: the same values, the same surprises, the same refusals (a
    `_ComposeError` where the parser's mark says), except that a walk without nodes raises
    `_NeedsNodes` where only a node can say where. Most files have nothing wrong and
    nothing ever asks where their values stand, so `parse_document` walks without nodes,
    and `Document.root` walks again with them when a problem needs a line and column.

    This loop runs once per YAML node of every file, so it is written for speed: events are
    told apart by their class (scalars, the most common, first), what a plain scalar reads
    as is cached by its text, and keys are taken as written without being read."""
    resolver = Resolver()
    surprises: list[_Found] = []
    escaped: list[_Found] = []
    outermost = _SeqFrame()
    outermost.values = []
    outermost.node = Node(0, 0, "seq", items=[]) if positions else None
    stack: list[_MapFrame | _SeqFrame] = [outermost]
    parent: _MapFrame | _SeqFrame = outermost  # the innermost open collection: stack[-1]
    documents = 0
    for event in yaml.parse(text, Loader=_Parser):
        kind = event.__class__
        if kind is _ScalarEvent:
            if event.anchor is not None:
                raise _ComposeError.at(event.start_mark, *_anchor(event.anchor))
            # The C parser gives "" as the style of a plain scalar, the Python one None.
            tag, written, quoted = event.tag, event.value, event.style
            tagged = tag is not None and tag != "!"
            if tagged and tag not in _ALLOWED_EXPLICIT_TAGS:
                raise _ComposeError.at(
                    event.start_mark,
                    f"YAML tag {tag} is not allowed",
                    "remove the tag: values are plain text, numbers, dates and lists",
                    "tag",
                )
            if parent.__class__ is _MapFrame and parent.key is None:  # a key, read as written
                if quoted and (hidden := _escaped_hidden(written)):
                    escaped.append(_found(event.start_mark, stack, hidden))
                if written in parent.values:
                    if parent.node is None:
                        raise _NeedsNodes
                    raise _ComposeError.at(
                        event.start_mark,
                        f"duplicate key `{written}` (first at line "
                        f"{parent.node.keys[written].line})",
                        "keep one of the two",
                        "duplicate-key",
                    )
                parent.key = written
                if positions:
                    start = _mark_position(event.start_mark)
                    parent.key_node = Node(*start, "str", written, not quoted)
                continue
            if tagged:
                read_as, value, surprise = _reading(tag, written, not quoted)
            elif quoted:
                read_as, value, surprise = "str", written, None
            else:
                read_as, value, surprise = _PLAIN_READINGS.get(written) or _plain_reading(
                    written, resolver
                )
            if surprise is not None:
                surprises.append(_found(event.start_mark, stack, surprise))
            if quoted and value.__class__ is str and (hidden := _escaped_hidden(value)):
                escaped.append(_found(event.start_mark, stack, hidden))
            if positions:
                node = Node(*_mark_position(event.start_mark), read_as, written, not quoted)
        elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
            frame = stack.pop()
            value, node = frame.values, frame.node
            parent = stack[-1]
            if parent.__class__ is _MapFrame and parent.key is None:
                if node is None:
                    raise _NeedsNodes
                raise _ComposeError(
                    node.line, node.col, "a key must be a plain name", "write `name: value`", "key"
                )
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            mark = event.start_mark
            if event.anchor is not None:
                raise _ComposeError.at(mark, *_anchor(event.anchor))
            if len(stack) > MAX_NESTING_DEPTH:  # the outermost frame is no level
                raise _ComposeError.at(mark, *_TOO_DEEP)
            is_map = kind is _MappingStartEvent
            if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                raise _ComposeError.at(
                    mark, f"YAML tag {event.tag} is not allowed", "remove the tag", "tag"
                )
            if is_map:
                opened: _MapFrame | _SeqFrame = _MapFrame()
                opened.values, opened.key = {}, None
                opened.node = Node(*_mark_position(mark), "map", items={}) if positions else None
            else:
                opened = _SeqFrame()
                opened.values = []
                opened.node = Node(*_mark_position(mark), "seq", items=[]) if positions else None
            stack.append(opened)
            parent = opened
            continue
        elif kind is _DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _ComposeError.at(
                    event.start_mark,
                    "more than one YAML document in the file",
                    "one file holds one listing: remove the `---` and what follows",
                    "documents",
                )
            continue
        elif kind is _AliasEvent:
            raise _ComposeError.at(
                event.start_mark,
                f"alias *{event.anchor} is not allowed",
                "write the value out in full",
                "alias",
            )
        else:  # the stream's start and end, a document's end
            continue
        # A value (a scalar, or a collection just closed) goes into the collection around it.
        if parent.__class__ is _SeqFrame:
            parent.values.append(value)
            if positions:
                parent.node.items.append(node)
        else:
            key = parent.key
            parent.values[key] = value
            if positions:
                parent.node.keys[key] = parent.key_node
                parent.node.items[key] = node
            parent.key = None
    if not outermost.values:
        return None
    value = outermost.values[0]
    if positions:
        return _Walked(value, outermost.node.items[0], surprises, escaped)
    if value.__class__ is not dict:
        raise _NeedsNodes
    return _Walked(value, None, surprises, escaped)


def _anchor(name: str) -> tuple[str, str, str]:
    return f"anchor &{name} is not allowed", "write each value out in full", "alias"


def _found(mark: yaml.Mark, stack: list[_MapFrame | _SeqFrame], said: tuple[str, str]) -> _Found:
    return _Found(*_mark_position(mark), _path_of(stack), *said)


_MAP_TAGS, _SEQ_TAGS = (None, "!", _TAG + "map"), (None, "!", _TAG + "seq")
_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent, _SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEndEvent, _SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent
_DocumentStartEvent, _AliasEvent = yaml.DocumentStartEvent, yaml.AliasEvent


def _path_of(stack: list[_MapFrame | _SeqFrame]) -> str:
    """The field path of the value about to be attached, e.g. `cost.amount` or `skills[2]`."""
    parts: list[str] = []
    for frame in stack[1:]:  # the outermost frame holds the document, which has no name
        if frame.__class__ is _SeqFrame:
            parts.append(f"[{len(frame.values)}]")
        elif frame.key is not None:
            parts.append(("." if parts else "") + frame.key)
    # Keys are whatever the file wrote, line breaks included: one problem stays one line.
    return one_line("".join(parts))
