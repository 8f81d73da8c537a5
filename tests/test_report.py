"""Reporters: text for people, GitHub workflow commands, JSON for tools."""

from __future__ import annotations

import json
import re

import pytest

from generator.problems import Problem
from generator.report import FORMATS, render
from generator.workflow_log import one_line, workflow_command

ERROR = Problem(
    "credentials/acme/data-basics.yaml",
    4,
    8,
    "country",
    "YAML 1.1 reads `NO` as false",
    'quote it if it is text: "NO"',
    code="yaml11",
)
WARNING = Problem(
    "credentials/acme/_provider.yaml",
    5,
    6,
    "url",
    "plain http:// address",
    "use https:// if the site supports it",
    severity="warning",
    code="plain-http",
)
LAYOUT = Problem("credentials/acme/README.md", 1, 1, "", "only .yaml files", "", code="layout")


def unescape_data(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


# --- text -------------------------------------------------------------------------------------


def test_text_line_format() -> None:
    lines = render([ERROR, WARNING, LAYOUT], "text", checked_files=7).splitlines()
    assert lines == [
        "credentials/acme/data-basics.yaml:4:8: error: country: YAML 1.1 reads `NO` as false "
        '(quote it if it is text: "NO")',
        "credentials/acme/_provider.yaml:5:6: warning: url: plain http:// address "
        "(use https:// if the site supports it)",
        "credentials/acme/README.md:1:1: error: only .yaml files",
        "2 errors, 1 warning in 7 files",
    ]


@pytest.mark.parametrize(
    "problems,summary",
    [
        ([], "3 files valid"),
        ([WARNING], "3 files valid, 1 warning"),
        ([WARNING, WARNING], "3 files valid, 2 warnings"),
        ([ERROR], "1 error, 0 warnings in 3 files"),
    ],
)
def test_text_summary(problems: list[Problem], summary: str) -> None:
    assert render(problems, "text", checked_files=3).splitlines()[-1] == summary


# --- github -----------------------------------------------------------------------------------


def test_github_workflow_command() -> None:
    out = render([ERROR, WARNING], "github", checked_files=2)
    assert out.splitlines() == [
        "::error file=credentials/acme/data-basics.yaml,line=4,col=8::country: YAML 1.1 reads "
        '`NO` as false (quote it if it is text: "NO")',
        "::warning file=credentials/acme/_provider.yaml,line=5,col=6::url: plain http:// "
        "address (use https:// if the site supports it)",
    ]


def test_github_escapes_data() -> None:
    """In the message, only % CR LF need escaping (and % first, or the others double)."""
    problem = Problem("a.yaml", 1, 2, "f", "100% sure\nsecond line\r", "a: b, c")
    (line,) = render([problem], "github", checked_files=1).splitlines()
    message = line.removeprefix("::error ").split("::", 1)[1]
    assert message == "f: 100%25 sure%0Asecond line%0D (a: b, c)"
    assert unescape_data(message) == "f: 100% sure\nsecond line\r (a: b, c)"


def test_github_escapes_properties() -> None:
    """In file=..., a `,` would start the next property and a `:` could end the list."""
    problem = Problem("credentials/a,b/c:d%e.yaml", 3, 4, "", "m")
    (line,) = render([problem], "github", checked_files=1).splitlines()
    match = re.fullmatch(r"::error file=([^,:]*),line=3,col=4::m", line)
    assert match, line
    assert match[1] == "credentials/a%2Cb/c%3Ad%25e.yaml"
    assert unescape_property(match[1]) == problem.path


def test_github_output_is_one_line_per_problem() -> None:
    problems = [Problem("x.yaml", i, 1, "", "a\nb\nc") for i in range(1, 4)]
    assert len(render(problems, "github", checked_files=1).splitlines()) == 3


def test_github_output_is_empty_when_all_is_well() -> None:
    assert render([], "github", checked_files=5) == ""


# --- json -------------------------------------------------------------------------------------


def test_json_round_trips() -> None:
    data = json.loads(render([ERROR, WARNING, LAYOUT], "json", checked_files=3))
    assert [Problem(**item) for item in data] == [ERROR, WARNING, LAYOUT]
    assert data[0] == {
        "path": "credentials/acme/data-basics.yaml",
        "line": 4,
        "col": 8,
        "severity": "error",
        "field": "country",
        "code": "yaml11",
        "message": "YAML 1.1 reads `NO` as false",
        "hint": 'quote it if it is text: "NO"',
    }


def test_json_keeps_unicode_readable() -> None:
    problem = Problem("credentials/stepova/курс.yaml", 1, 1, "", "назва")
    out = render([problem], "json", checked_files=1)
    assert "курс" in out and json.loads(out)[0]["message"] == "назва"


def test_json_of_nothing_is_an_empty_list() -> None:
    assert json.loads(render([], "json", checked_files=0)) == []


def test_formats() -> None:
    assert set(FORMATS) == {"text", "github", "json"}


def test_problem_text_without_field_or_hint() -> None:
    assert str(Problem("p", 1, 2, "", "m")) == "p:1:2: error: m"


# --- logs: nothing a file or a file name holds becomes a workflow command -----------------------

HOSTILE = "x\n::add-mask::y\r::notice::z\x85w\u2028v ##[stop-commands]t \x1b[31m"


def commands_in(log: str) -> list[str]:
    """The lines GitHub's runner would act on: `::` first (after spaces), `##[` anywhere.
    Python splits lines at more characters than the runner does: a stricter test."""
    return [line for line in log.splitlines() if line.lstrip().startswith("::") or "##[" in line]


def test_text_output_carries_no_command() -> None:
    problems = [Problem(f"credentials/acme/{HOSTILE}.yaml", 1, 1, HOSTILE, HOSTILE, HOSTILE)]
    out = render(problems, "text", checked_files=1)
    assert commands_in(out) == []
    assert len(out.splitlines()) == 2  # the problem and the summary
    assert "x\\n::add-mask::y\\r::notice::z\\x85w\\u2028v ##\\[stop-commands]t \\x1b[31m" in out


def test_github_output_makes_exactly_one_command_per_problem() -> None:
    problems = [Problem(f"credentials/{HOSTILE}.yaml", 2, 3, "", HOSTILE, HOSTILE)] * 2
    lines = render(problems, "github", checked_files=1).split("\n")[:-1]
    assert len(lines) == 2
    for line in lines:
        match = re.fullmatch(r"::error file=([^,:]*),line=2,col=3::(.*)", line)
        assert match, line
        assert unescape_property(match[1]) == problems[0].path
        assert unescape_data(match[2]) == f"{HOSTILE} ({HOSTILE})"


def test_one_line_escapes_what_could_start_a_line_or_a_command() -> None:
    assert one_line("plain text: a, b; ü 中文 \\n") == "plain text: a, b; ü 中文 \\n"
    assert one_line("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert one_line("\x00\x7f\x85\u2028\u2029\u202e") == "\\x00\\x7f\\x85\\u2028\\u2029\\u202e"
    assert one_line("##[error]x ##[") == "##\\[error]x ##\\["
    assert one_line(one_line(HOSTILE)) == one_line(HOSTILE)  # escaping twice changes nothing


def test_workflow_command_escapes_data_and_properties() -> None:
    line = workflow_command("warning", "50%\nnext", file="a,b:c%\n.yaml", line=3)
    assert line == "::warning file=a%2Cb%3Ac%25%0A.yaml,line=3::50%25%0Anext"
    assert workflow_command("notice", "m") == "::notice::m"
