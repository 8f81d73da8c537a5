"""Load: YAML bytes to a positioned Document, refusing what is unsafe or ambiguous."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.check.load import Document, load_document, parse_document
from generator.format.limits import MAX_FILE_BYTES, MAX_NESTING_DEPTH
from support.documents import refused

PATH = "credentials/acme/data-basics.yaml"


def loaded(raw: bytes) -> tuple[Document, list]:
    document, problems = parse_document(raw, PATH)
    assert document is not None, problems
    return document, problems


# --- refusals: (bytes, line, col, code, fragment of message + hint) ----------------------------

NEST = MAX_NESTING_DEPTH  # the top mapping is level 1
REFUSALS = {
    "tab-indent": (b"id: x\nworkload:\n\tects: 2\n", 3, 1, "tab", "tab character"),
    "tab-in-value": (b"id: x\ntitle: a\tb\n", 2, 9, "tab", "replace the tab with spaces"),
    "not-utf8": (b"id: x\ntitle: ok\nsummary: caf\xe9\n", 3, 13, "encoding", "not valid UTF-8"),
    "latin1-first-line": (b"\xe9: x\n", 1, 1, "encoding", "save the file as UTF-8"),
    "empty": (b"", 1, 1, "empty", "file is empty"),
    "whitespace-only": (b"  \n\n   \n", 1, 1, "empty", "file is empty"),
    "bom-only": (b"\xef\xbb\xbf", 1, 1, "empty", "file is empty"),
    "comments-only": (b"# id: x\n\n# title: y\n", 1, 1, "empty", "only comments"),
    "list-at-top": (b"- id: x\n- title: y\n", 1, 1, "not-mapping", "must be a mapping"),
    "text-at-top": (b"\n\njust some words\n", 3, 1, "not-mapping", "`id:`"),
    "two-documents": (b"id: x\n---\nid: y\n", 2, 1, "documents", "remove the `---`"),
    "three-dashes-twice": (b"---\nid: x\n---\n", 3, 1, "documents", "more than one"),
    "anchor-on-scalar": (b"id: x\ntitle: &t T\n", 2, 8, "alias", "anchor &t is not allowed"),
    "anchor-on-list": (b"a: &l [x]\n", 1, 4, "alias", "anchor &l"),
    "anchor-on-map": (b"a: &m\n  b: 1\n", 1, 4, "alias", "anchor &m"),
    "alias": (b"id: x\nkeywords: *k\n", 2, 11, "alias", "alias *k is not allowed"),
    "alias-in-list": (b"keywords: [a, *k]\n", 1, 15, "alias", "write the value out in full"),
    "alias-bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        + b"c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
        1,
        4,
        "alias",
        "anchor &a",
    ),
    "python-tag": (
        b"id: !!python/object/apply:os.system [ls]\n",
        1,
        5,
        "tag",
        "python/object/apply:os.system is not allowed",
    ),
    "python-name-tag": (b"id: !!python/name:os.system x\n", 1, 5, "tag", "remove the tag"),
    "local-tag": (b"id: x\ntitle: !secret T\n", 2, 8, "tag", "YAML tag !secret"),
    "binary-tag": (b"a: !!binary aGk=\n", 1, 4, "tag", "binary is not allowed"),
    "set-tag": (b"a: !!set {b}\n", 1, 4, "tag", "set is not allowed"),
    "complex-key": (b"? [a, b]\n: c\n", 1, 3, "key", "a key must be a plain name"),
    "duplicate-key": (b"id: x\ntitle: a\nid: y\n", 3, 1, "duplicate-key", "(first at line 1)"),
    "duplicate-nested-key": (
        b"id: x\nworkload:\n  ects: 2\n  ects: 3\n",
        4,
        3,
        "duplicate-key",
        "duplicate key `ects` (first at line 3) (keep one of the two)",
    ),
    "too-deep": (
        b"a: " + b"[" * NEST + b"x" + b"]" * NEST + b"\n",
        1,
        3 + NEST,
        "depth",
        f"nested more than {NEST} levels deep",
    ),
    "unclosed-double-quote": (
        b'id: x\ntitle: "Data\ntype: micro-credential\nsummary: "Hi"\n',
        2,
        8,
        "syntax",
        "a quoted value is not closed (add the closing quote; without it the value runs "
        "on to line 4)",
    ),
    "unclosed-quote-at-end": (
        b"id: x\ntitle: 'Data\n",
        2,
        8,
        "syntax",
        "runs on to the end of the file",
    ),
    "bad-indentation": (
        b"id: x\nparticipation:\n  mode: online\n pace: scheduled\n",
        4,
        2,
        "syntax",
        "check the indentation",
    ),
    "over-indented-key": (b"id: x\nworkload:\n  ects: 2\n   hours: 5\n", 4, 9, "syntax", ""),
    "colon-in-value": (b"title: Data: Basics\n", 1, 12, "syntax", 'quote the value, e.g. title: "'),
    "a-b-c": (b"a: b: c\n", 1, 5, "syntax", "mapping values are not allowed"),
    "unclosed-flow-list": (b"languages: [en\nid: x\n", 2, 3, "syntax", "[list] or {mapping}"),
    "at-sign": (b"title: @home\n", 1, 8, "syntax", "put the value in quotes"),
    "backtick": (b"title: `x`\n", 1, 8, "syntax", "cannot start any token"),
    "control-character": (b"id: x\ntitle: Da\x07ta\n", 2, 10, "syntax", "U+0007"),
    "control-character-after-umlaut": (
        "id: x\ntitle: Grüße\x1b\n".encode(),
        2,
        13,
        "syntax",
        "control character U+001B is not allowed",
    ),
}


@pytest.mark.parametrize("raw,line,col,code,fragment", REFUSALS.values(), ids=REFUSALS.keys())
def test_refusal(raw: bytes, line: int, col: int, code: str, fragment: str) -> None:
    assert refused(raw)[:3] == (line, col, code)
    assert fragment in refused(raw)[3]


def test_nesting_at_the_limit_is_accepted() -> None:
    depth = NEST - 1  # plus the top mapping
    document, problems = loaded(b"a: " + b"[" * depth + b"x" + b"]" * depth + b"\n")
    assert problems == []
    value = document.data["a"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == ["x"]


def test_no_recursion_limit_on_hostile_nesting() -> None:
    line, _, code, _ = refused(b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    assert (line, code) == (1, "depth")


def test_billion_laughs_is_refused_quickly() -> None:
    rows = [b"l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]".encode() for i in range(1, 10)]
    assert refused(b"\n".join(rows) + b"\n")[2] == "alias"


# --- accepted: values and YAML 1.1 surprises -------------------------------------------------


def test_plain_values_keep_their_types() -> None:
    document, problems = loaded(
        b"id: x\nects: 2.5\neqf: 7\nfree: true\nnone: null\nstart: 2027-01-25\n"
        b'code: "0613"\nlist: [a, "b"]\nmap: {k: v}\n'
    )
    assert problems == []
    assert document.data == {
        "id": "x",
        "ects": 2.5,
        "eqf": 7,
        "free": True,
        "none": None,
        "start": dt.date(2027, 1, 25),
        "code": "0613",
        "list": ["a", "b"],
        "map": {"k": "v"},
    }


def test_byte_order_mark_and_document_markers_are_fine() -> None:
    document, problems = loaded(b"\xef\xbb\xbf---\nid: x\n...\n")
    assert (document.data, problems) == ({"id": "x"}, [])
    assert (document.root.line, document.root.col) == (2, 1)


def test_plain_tags_of_core_types_are_allowed() -> None:
    document, problems = loaded(b'a: !!str 0613\nb: !!int "5"\nc: !!map {d: 1}\n')
    assert problems == []
    assert document.data == {"a": "0613", "b": 5, "c": {"d": 1}}


def test_impossible_date_is_left_as_text_for_the_model() -> None:
    document, problems = loaded(b"review_by: 2027-02-30\n")
    assert problems == []
    assert document.data["review_by"] == "2027-02-30"
    assert document.root.items["review_by"].kind == "str"


SURPRISES = {
    "NO": (b"country: NO\n", "country", "`NO` as false", '"NO"'),
    "yes": (b"title: yes\n", "title", "`yes` as true", 'quote it if it is text: "yes"'),
    "On": (b"title: On\n", "title", "`On` as true", "write true if you mean that"),
    "off": (b"a: off\n", "a", "`off` as false", '"off"'),
    "octal-isced": (b"f: [0613]\n", "f[0]", "`0613` as an octal number, 395", '"0613"'),
    "octal-ects": (b"w:\n  ects: 010\n", "w.ects", "`010` as an octal number, 8", "decimal"),
    "negative-octal": (b"a: -010\n", "a", "`-010` as an octal number, -8", '"-010"'),
    "hex": (b"a: 0x1F\n", "a", "`0x1F` as a number, 31", '"0x1F"'),
    "binary": (b"a: 0b101\n", "a", "`0b101` as a number, 5", ""),
    "underscores": (b"a: 1_000\n", "a", "`1_000` as a number, 1000", ""),
    "sexagesimal": (b"duration: 1:30\n", "duration", "`1:30` as a number, 90", '"1:30"'),
    "in-nested-list": (
        b"skills:\n  - label: a\n  - label: no\n",
        "skills[1].label",
        "`no` as false",
        "",
    ),
}


@pytest.mark.parametrize("raw,field,message,hint", SURPRISES.values(), ids=SURPRISES.keys())
def test_yaml11_surprise(raw: bytes, field: str, message: str, hint: str) -> None:
    _, problems = loaded(raw)
    assert len(problems) == 1
    (problem,) = problems
    assert (problem.code, problem.field, problem.severity) == ("yaml11", field, "error")
    assert message in problem.message and hint in problem.hint
    # The problem points at the value as written.
    text = raw.decode()
    lines = text.splitlines()
    written = message.split("`")[1]
    assert lines[problem.line - 1][problem.col - 1 :].startswith(written)


@pytest.mark.parametrize(
    "raw",
    [
        b'country: "NO"\n',
        b"country: 'no'\n",
        b"stackable: true\n",
        b"stackable: false\n",
        b'f: ["0613"]\n',
        b"ects: 10\n",
        b"ects: -1.5\n",
        b"ects: +2\n",
        b"ects: 1.0e+3\n",
        b"yes: 1\nNO: 2\n",  # keys are always read as written
        b"title: Norway\n",
    ],
)
def test_no_surprise(raw: bytes) -> None:
    assert loaded(raw)[1] == []


def test_keys_are_read_as_written() -> None:
    document, _ = loaded(b"yes: 1\nNO: 2\n010: 3\n")
    assert list(document.data) == ["yes", "NO", "010"]


# --- positions: Document.locate ---------------------------------------------------------------

LOCATE_SOURCE = b"""\
id: data-basics
workload:
  ects: 2
  hours: 50
languages: [en, ga]
skills:
  - label: Python
    esco: http://example.invalid
  - label: SQL
cost: {amount: 5, currency: EUR}
title: >
  Folded
  text
"""


@pytest.mark.parametrize(
    "loc,key,position",
    [
        (("id",), False, (1, 5)),
        (("id",), True, (1, 1)),
        (("workload",), False, (3, 3)),
        (("workload",), True, (2, 1)),
        (("workload", "hours"), False, (4, 10)),
        (("workload", "hours"), True, (4, 3)),
        (("languages", 1), False, (5, 17)),
        (("skills", 1), False, (9, 5)),
        (("skills", 1, "label"), False, (9, 12)),
        (("skills", 0, "esco"), True, (8, 5)),
        (("cost", "currency"), False, (10, 29)),
        (("title",), False, (11, 8)),
        # Absent on the path: the nearest key that is there.
        (("workload", "credits"), False, (2, 1)),
        (("skills", 1, "esco"), False, (9, 5)),
        (("skills", 5), False, (6, 1)),
        (("level", "eqf"), False, (1, 1)),
        ((), False, (1, 1)),
    ],
)
def test_locate(loc: tuple, key: bool, position: tuple[int, int]) -> None:
    document, _ = loaded(LOCATE_SOURCE)
    assert document.locate(loc, key=key) == position


def test_locate_reads_the_written_text() -> None:
    document, _ = loaded(LOCATE_SOURCE)
    lines = LOCATE_SOURCE.decode().splitlines()
    for loc, text in [
        (("workload", "ects"), "2"),
        (("skills", 0, "esco"), "http://example.invalid"),
        (("languages", 0), "en"),
        (("cost", "amount"), "5"),
    ]:
        line, col = document.locate(loc)
        assert lines[line - 1][col - 1 :].startswith(text), loc


def test_positions_count_characters_not_bytes() -> None:
    document, _ = loaded("title: Grüße an Ольга\nid: x\nsummary: Ольга ok\n".encode())
    assert document.locate(("summary",)) == (3, 10)
    assert document.locate(("id",)) == (2, 5)


def test_document_keeps_the_relative_path() -> None:
    document, _ = loaded(b"id: x\n")
    assert document.path == PATH


# --- load_document: files on disk -------------------------------------------------------------


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    head = b"id: x\ndescription: "
    path.write_bytes(head + b"y" * (MAX_FILE_BYTES - len(head) - 1) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    document, problems = load_document(path, "credentials/acme/big.yaml")
    assert document is not None and problems == []


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"id: x\ndescription: " + b"y" * MAX_FILE_BYTES + b"\n")
    document, problems = load_document(path, "credentials/acme/big.yaml")
    assert document is None
    (problem,) = problems
    assert (problem.path, problem.line, problem.col, problem.code) == (
        "credentials/acme/big.yaml",
        1,
        1,
        "too-large",
    )
    assert f"{path.stat().st_size:,} bytes" in problem.message
    assert f"{MAX_FILE_BYTES:,}" in problem.message


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like-a-file.yaml"
    folder.mkdir()
    document, problems = load_document(folder, "credentials/acme/looks-like-a-file.yaml")
    assert document is None
    assert [p.code for p in problems] == ["io"]
    assert problems[0].message.startswith("cannot read file")
