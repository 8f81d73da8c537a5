"""The YAML mistakes providers make most: each is said where it is, with what to do.

libyaml reports several of them a line late (`could not find expected ':'` on the line after
a missing space) or in parser words (`did not find expected key`); the loader points at the
line the provider has to change and says the fix in plain words.
"""

from __future__ import annotations

import pytest

from generator.check.load import parse_document

MISTAKES = {
    # name: (file, line, col, words of the message or hint)
    "no-space-after-colon": (
        "id: x\ntitle:Data Basics\nsummary: s\n",
        2,
        1,
        "put a space after the colon: `title: Data Basics`",
    ),
    "no-space-after-colon-nested": (
        "id: x\nworkload:\n  ects:2\n  hours: 3\n",
        3,
        3,
        "put a space after the colon: `ects: 2`",
    ),
    "text-wrapped-onto-a-new-line": (
        "id: x\nsummary: A long summary\nthat wraps\ntitle: t\n",
        3,
        1,
        "if it continues the value above, indent it by two spaces more than its field",
    ),
    "line-without-a-key": (
        "id: x\ntitle Data\nsummary: s\n",
        2,
        1,
        "this line is not `key: value`",
    ),
    "equals-instead-of-colon": (
        "id = x\ntitle: t\n",
        1,
        1,
        "add the colon after the field name",
    ),
    "block-text-not-indented": (
        "id: x\ndescription: |\nSome text\ntitle: t\n",
        3,
        1,
        "indent each line of the text by two spaces more than its field",
    ),
    "text-after-a-closing-quote": (
        'id: x\ntitle: "Data" basics\nsummary: s\n',
        2,
        15,
        "quote the whole value: title: '\"Data\" basics'",
    ),
    "list-item-without-a-field": (
        "id: x\n- en\n",
        2,
        1,
        "put list items below their field and indent them",
    ),
    "list-item-at-column-1-below-a-nested-field": (
        "id: x\nassessment:\n  methods:\n- quiz\n",
        4,
        1,
        "indent it below `methods:` by two spaces: `    - quiz`",
    ),
    "list-item-less-indented-than-the-items-above": (
        "id: x\nlearning_outcomes:\n  - Clean data\n- Chart it\n",
        4,
        1,
        "indent it as the items above it: `  - Chart it`",
    ),
    "over-indented-field": (
        "id: x\nworkload:\n  ects: 2\n   hours: 5\n",
        4,
        9,
        "`hours:` is indented more than the line above: start it in the same column as `ects:`",
    ),
    "indented-first-line": (
        "  id: x\ntitle: t\n",
        2,
        1,
        "top-level fields must start in the first column",
    ),
    # A closed double-quoted value with an escape libyaml refuses: not an unclosed quote.
    "windows-path-in-double-quotes": (
        'id: x\ntitle: "C:\\Data"\n',
        2,
        11,
        "`\\D` is not an escape (in double quotes a backslash starts an escape such as \\n: "
        "write `\\\\` for a backslash, or put the value in single quotes",
    ),
    "bad-escape-after-an-escaped-backslash": (
        'title: "a\\\\b \\q"\n',
        1,
        14,
        "`\\q` is not an escape",
    ),
    "lone-surrogate-escape": ('title: "a \\ud800 b"\n', 1, 11, "`\\ud800` is not a character"),
    "escape-beyond-unicode": ('title: "a \\U0011ffff b"\n', 1, 11, "`\\U0011ffff` is not a"),
    "short-unicode-escape": (
        'title: "caf\\u00e"\n',
        1,
        12,
        "`\\u00e` is not a complete escape (`\\u` takes 4 hexadecimal digits",
    ),
    # Mistakes that already had a good message keep it:
    "colon-in-value": (
        "title: Data: Basics\n",
        1,
        12,
        'quote the value, e.g. title: "Data: the basics"',
    ),
    "unclosed-quote": ('id: x\ntitle: "Data\n', 2, 8, "add the closing quote"),
    "unclosed-list": ("languages: [en\nid: x\n", 2, 3, "a [list] or {mapping} is not closed"),
    "value-starting-with-at": ("contact: @ann\n", 1, 10, "put the value in quotes"),
    "tab": ("id: x\nworkload:\n\tects: 2\n", 3, 1, "replace the tab with spaces"),
}


@pytest.mark.parametrize("text,line,col,words", MISTAKES.values(), ids=MISTAKES.keys())
def test_mistake_is_explained_where_it_is(text: str, line: int, col: int, words: str) -> None:
    document, problems = parse_document(text.encode(), "f.yaml")
    assert document is None
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.col) == (line, col), str(problem)
    assert words in f"{problem.message} ({problem.hint})", str(problem)
    assert "simple key" not in str(problem) and "<block end>" not in str(problem)


def test_a_url_with_no_space_after_the_colon_is_shown_whole() -> None:
    _, problems = parse_document(b"id: x\nurl:https://acme.example/x\nsummary: s\n", "f.yaml")
    assert problems[0].hint == "put a space after the colon: `url: https://acme.example/x`"
