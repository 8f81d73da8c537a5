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

from generator.limits import MAX_FILE_BYTES, MAX_NESTING_DEPTH
from generator.problems import Problem

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


@dataclass(slots=True)
class Document:
    """One YAML file: its values, and the node tree that says where each came from."""

    path: str  # relative to the directory root, with forward slashes
    data: dict[str, Any]
    root: Node

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
    node, data, surprises = root
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
    return Document(relpath, data, node), problems


_KEY_LINE = re.compile(r"\s*(?:- )?[A-Za-z_][\w-]*:(?:\s|$)")


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """Where an unclosed quote opened, when that is what broke the file.

    A quoted value may span lines, so libyaml reads an unclosed one on to the next quote
    (or the end of the file) and fails there, far from the provider's mistake.
    """
    if error.context and "quoted scalar" in error.context and error.context_mark:
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


def syntax_hint(problem: str, context: str | None) -> str:
    """Plain words for libyaml's messages, which name parser states, not fixes."""
    context = context or ""
    if "mapping values are not allowed" in problem:
        return (
            "a value contains ': ' or the indentation is off: quote the value, "
            'e.g. title: "Data: the basics"'
        )
    if "could not find expected ':'" in problem:
        return "a line is missing its `key: value` colon, or a quote is not closed"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation: fields at the same level must start in the same column"
    if "did not find expected '-'" in problem:
        return "list items must all start with '- ' in the same column"
    if "unexpected end of stream" in problem and "quoted" in context:
        return "a quoted value is not closed: add the closing quote"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "a [list] or {mapping} is not closed, or its items lack commas"
    if "cannot start any token" in problem:
        return "values cannot start with this character: put the value in quotes"
    if "unacceptable character" in problem or "special characters" in problem:
        return "the file contains a control character: delete it"
    if "while scanning an alias" in context or "anchor" in context:
        return "'*' and '&' start aliases and anchors: put the value in quotes"
    if "block scalar" in context or "block scalar" in problem:
        return "after '|' or '>' the text must be indented on the following lines"
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
            raise _ComposeError(
                mark.line + 1,
                mark.column + 1,
                f"YAML tag {event.tag} is not allowed",
                "remove the tag: values are plain text, numbers, dates and lists",
                "tag",
            )
        tag = event.tag
    elif plain:
        tag = resolver.resolve(yaml.ScalarNode, text, (True, False))
    else:
        tag = _TAG + "str"
    kind = tag.removeprefix(_TAG)
    value: Any = text
    if kind != "str":
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
        except (ValueError, TypeError, KeyError, yaml.YAMLError):
            kind, value = "str", text  # e.g. 2027-02-30: leave it to the field's own check
    node = Node(mark.line + 1, mark.column + 1, kind, text, plain)
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
    return node, value, surprise


_CONSTRUCTOR = SafeConstructor()


def _compose(text: str) -> tuple[Node, Any, list[tuple[Node, str, str, str]]] | None:
    """Build values and nodes from the event stream, iteratively (no recursion to exhaust)."""
    resolver = Resolver()
    surprises: list[tuple[Node, str, str, str]] = []
    # Stack of open collections: (node, value, pending key text, pending key node, field path)
    stack: list[list[Any]] = []
    result: tuple[Node, Any] | None = None
    documents = 0

    def attach(node: Node, value: Any, event: yaml.Event) -> None:
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
        mark = event.start_mark
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _ComposeError(
                    mark.line + 1,
                    mark.column + 1,
                    "more than one YAML document in the file",
                    "one file holds one listing: remove the `---` and what follows",
                    "documents",
                )
        elif isinstance(event, yaml.AliasEvent):
            raise _ComposeError(
                mark.line + 1,
                mark.column + 1,
                f"alias *{event.anchor} is not allowed",
                "write the value out in full",
                "alias",
            )
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor is not None:
                raise _ComposeError(
                    mark.line + 1,
                    mark.column + 1,
                    f"anchor &{event.anchor} is not allowed",
                    "write each value out in full",
                    "alias",
                )
            if len(stack) >= MAX_NESTING_DEPTH:
                raise _ComposeError(
                    mark.line + 1,
                    mark.column + 1,
                    f"nested more than {MAX_NESTING_DEPTH} levels deep",
                    "the format nests three levels at most: check the indentation",
                    "depth",
                )
            is_map = isinstance(event, yaml.MappingStartEvent)
            if event.tag not in (None, "!", _TAG + ("map" if is_map else "seq")):
                raise _ComposeError(
                    mark.line + 1,
                    mark.column + 1,
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
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node, value = stack.pop()[:2]
            attach(node, value, event)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                raise _ComposeError(
                    mark.line + 1,
                    mark.column + 1,
                    f"anchor &{event.anchor} is not allowed",
                    "write each value out in full",
                    "alias",
                )
            node, value, surprise = _scalar(event, resolver)
            if surprise and stack and not (stack[-1][0].kind == "map" and stack[-1][2] is None):
                surprises.append((node, _path_of(stack), *surprise))
            attach(node, value, event)
    if result is None:
        return None
    return result[0], result[1], surprises


def _path_of(stack: list[list[Any]]) -> str:
    """The field path of the value about to be attached, e.g. `cost.amount` or `skills[2]`."""
    parts: list[str] = []
    for frame in stack:
        node, container = frame[0], frame[1]
        if node.kind == "map" and frame[2] is not None:
            parts.append(("." if parts else "") + frame[2])
        elif node.kind == "seq":
            parts.append(f"[{len(container)}]")
    return "".join(parts)
