"""Reporters: text for people, GitHub workflow commands, JSON for tools."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.check.problems import Problem, capped
from generator.check.report import FORMATS, render
from generator.check.workflow_log import one_line, workflow_command
from generator.format.limits import MAX_FILE_BYTES, MAX_PROBLEMS_PER_FILE
from support.cli import run_cli

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


# --- a file with thousands of problems: the first 50, then how many more -------------------------


def test_capped_keeps_the_first_of_each_file_then_counts_the_rest() -> None:
    a = [Problem("a.yaml", line, 1, "", "w", severity="warning") for line in range(1, 6)]
    b = [Problem("b.yaml", line, 2, "", "e") for line in range(1, 4)]
    mixed = [a[0], b[0], a[1], b[1], a[2], a[3], b[2], a[4]]
    shown = capped(mixed, per_file=2)
    assert shown[:4] == [a[0], b[0], a[1], b[1]]
    more_a, more_b = shown[4], shown[5]
    assert len(shown) == 6
    assert (more_a.path, more_a.line, more_a.severity) == ("a.yaml", 3, "warning")
    assert more_a.message == "and 3 more problems in this file, the first here"
    assert (more_b.path, more_b.line, more_b.severity) == ("b.yaml", 3, "error")
    assert more_b.message == "and 1 more problem in this file, the first here"
    assert capped(mixed, per_file=5) == mixed


def test_a_hidden_error_keeps_the_count_an_error() -> None:
    problems = [
        Problem("a.yaml", 1, 1, "", "w", severity="warning"),
        Problem("a.yaml", 2, 1, "", "e"),
    ]
    (_, more) = capped(problems, per_file=1)
    assert more.is_error and more.code == "more-problems"


@pytest.fixture
def huge_broken_file(minimal_root: Path) -> Path:
    """One big file with one problem a line (HUGE unknown fields),
    and a second broken file after it whose problem must not be buried."""
    folder = minimal_root / "credentials/acme"
    text = (folder / "data-basics.yaml").read_text(encoding="utf-8")
    unknown = "".join(f"x{number:05}: 1\n" for number in range(HUGE))
    (folder / "data-basics.yaml").write_text(text + unknown, encoding="utf-8")
    assert (folder / "data-basics.yaml").stat().st_size <= MAX_FILE_BYTES
    later = text.replace("data-basics", "later").replace("title: Data Basics", "title: Later")
    (folder / "later.yaml").write_text(later + "zz: 1\n")
    return minimal_root


HUGE = 2_000  # well over the cap, and quick to check three times


def test_a_huge_broken_file_is_reported_in_bounded_text(huge_broken_file: Path) -> None:
    result = run_cli("validate", "--root", huge_broken_file)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    first = [line for line in lines if line.startswith("credentials/acme/data-basics.yaml:")]
    assert len(first) == MAX_PROBLEMS_PER_FILE + 1
    valid_lines = len((huge_broken_file / "credentials/acme/later.yaml").read_text().splitlines())
    first_hidden = valid_lines + MAX_PROBLEMS_PER_FILE  # `later` has one line more, 1-based
    assert first[-1].startswith(f"credentials/acme/data-basics.yaml:{first_hidden}:1: error: ")
    assert f"and {HUGE - MAX_PROBLEMS_PER_FILE:,} more problems in this file" in first[-1]
    assert any(line.startswith("credentials/acme/later.yaml:") for line in lines)
    assert lines[-1] == f"{HUGE + 1} errors, 0 warnings in 3 files"  # the summary counts all
    assert len(result.stderr) < 60_000  # uncapped: about 900,000


def test_a_huge_broken_file_is_reported_in_bounded_annotations_and_json(
    huge_broken_file: Path,
) -> None:
    github = run_cli("validate", "--root", huge_broken_file, "--format", "github")
    lines = github.stdout.splitlines()
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 2
    assert lines[-2].startswith("::error file=credentials/acme/data-basics.yaml,")
    assert lines[-2].endswith(
        f"::and {HUGE - MAX_PROBLEMS_PER_FILE:,} more problems in this file, "
        "the first here (only the first 50 of a file are shown: fix them "
        "and check again, many problems often share one cause)"
    )
    assert lines[-1].startswith("::error file=credentials/acme/later.yaml,")
    data = json.loads(run_cli("validate", "--root", huge_broken_file, "--format", "json").stdout)
    assert len(data) == MAX_PROBLEMS_PER_FILE + 2
    more = data[MAX_PROBLEMS_PER_FILE]
    assert more["code"] == "more-problems" and more["severity"] == "error"
    assert more["message"].startswith(f"and {HUGE - MAX_PROBLEMS_PER_FILE:,} more problems")


def test_a_file_name_that_is_not_utf8_is_written_as_an_escape() -> None:
    """os.scandir gives such a name's bytes as lone surrogates, which no UTF-8 output takes."""
    problem = Problem("credentials/acme/data-\udcff.yaml", 1, 1, "", "m")
    assert str(problem) == "credentials/acme/data-\\udcff.yaml:1:1: error: m"
    (line,) = render([problem], "github", checked_files=1).splitlines()
    assert line == "::error file=credentials/acme/data-\\udcff.yaml,line=1,col=1::m"
    line.encode("utf-8")  # does not raise
