"""Acceptance tests driven by folders of cases: tests/cases/{valid,invalid}/<case>/.

Each case is a tiny directory (`credentials/...`) and, beside it, `expected.txt`: one
`PATH:LINE:COL: FRAGMENT` line per problem the validator must report, at exactly that
position, with FRAGMENT somewhere in its text. Nothing else may be reported. Adding a case
is adding a folder. Cases that a git checkout cannot carry (links, names differing only in
case, huge files) are built at test time below.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator.check.problems import Problem
from generator.check.run import load_directory
from generator.format.limits import MAX_FILE_BYTES
from generator.format.models import Credential, Provider
from support.cases import (
    CASES_DIR,
    EXPECTED_FILE,
    INVALID_CASES,
    VALID_CASES,
    Expected,
    case_id,
    copy_case,
    mismatches,
    read_expected,
    write_tree,
)
from support.cli import run_cli
from support.models import data_as_editors_see_it, model_field_paths, used_field_paths

TEXT_LINE = re.compile(
    r"(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<rest>.+)"
)
GITHUB_LINE = re.compile(
    r"::(?P<severity>error|warning) file=(?P<path>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)"
    r"::(?P<message>.+)"
)

pytestmark = pytest.mark.usefixtures("cases_today")


def listing_files(root: Path) -> list[Path]:
    return [p for p in (root / "credentials").rglob("*.yaml") if p.name != "_provider.yaml"]


# --- the case folders themselves -------------------------------------------------------------


def test_there_are_cases_of_both_kinds() -> None:
    assert len(VALID_CASES) >= 8
    assert len(INVALID_CASES) >= 50


@pytest.mark.parametrize("case", VALID_CASES + INVALID_CASES, ids=case_id)
def test_case_folder_is_well_formed(case: Path) -> None:
    assert (case / "credentials").is_dir()
    extra = {p.name for p in case.iterdir()} - {"credentials", EXPECTED_FILE, "schema-skip.txt"}
    assert not extra, f"unexpected files in the case folder: {extra}"
    for item in read_expected(case):
        assert (case / item.path).exists(), f"{item}: no such file in the case"


# --- valid cases -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", VALID_CASES, ids=case_id)
def test_valid_case(case: Path) -> None:
    checked = load_directory(case)
    expected = read_expected(case)  # warnings only
    assert mismatches(checked.problems, expected) == []
    assert checked.ok
    assert all(p.severity == "warning" for p in checked.problems)
    assert checked.directory is not None
    files = listing_files(case)
    assert len(checked.directory.listings) == len(files)
    assert {listing.path for listing in checked.directory.listings.values()} == {
        p.relative_to(case).as_posix() for p in files
    }


def test_full_case_uses_every_field() -> None:
    """The `full` case exercises the whole format; a new field needs adding there too."""
    folder = CASES_DIR / "valid/full/credentials/acme"
    provider = data_as_editors_see_it((folder / "_provider.yaml").read_bytes())
    credential = data_as_editors_see_it((folder / "data-basics.yaml").read_bytes())
    assert model_field_paths(Provider) - used_field_paths(provider) == set()
    assert model_field_paths(Credential) - used_field_paths(credential) == set()


# --- invalid cases ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", INVALID_CASES, ids=case_id)
def test_invalid_case(case: Path) -> None:
    expected = read_expected(case)
    assert expected, f"{case.name}: an invalid case needs {EXPECTED_FILE}"
    checked = load_directory(case)
    assert mismatches(checked.problems, expected) == []
    assert not checked.ok
    assert checked.directory is None, "a directory with errors must never be built"


@pytest.mark.parametrize("case", INVALID_CASES, ids=case_id)
def test_invalid_case_with_the_cli(case: Path) -> None:
    """What a provider sees: exit code 1 and one `PATH:LINE:COL: error: ...` line a problem."""
    result = run_cli("validate", "--root", case)
    assert result.returncode == 1, result.stderr
    *lines, summary = result.stderr.splitlines()
    assert re.fullmatch(r"\d+ errors?, \d+ warnings? in \d+ files?", summary)
    parsed = [TEXT_LINE.fullmatch(line) for line in lines]
    assert all(parsed), lines
    for want in read_expected(case):
        prefix = f"{want.path}:{want.line}:{want.col}: "
        assert any(line.startswith(prefix) and want.fragment in line for line in lines), want
    assert len(lines) == len(read_expected(case))


# --- cases a git checkout cannot carry: built in tmp_path ------------------------------------


def expect(root: Path, *lines: str) -> None:
    """Check the directory at ``root`` against expected.txt-style lines."""
    checked = load_directory(root)
    wanted = []
    for line in lines:
        path, number, col, fragment = line.split(":", 3)
        wanted.append(Expected(path, int(number), int(col), fragment.strip()))
    assert mismatches(checked.problems, wanted) == []
    assert not checked.ok


def test_symlinked_listing(minimal_root: Path) -> None:
    os.symlink("data-basics.yaml", minimal_root / "credentials/acme/data-copy.yaml")
    expect(minimal_root, "credentials/acme/data-copy.yaml:1:1: symbolic links are not allowed")


def test_dangling_symlink(minimal_root: Path) -> None:
    os.symlink("/nonexistent/x.yaml", minimal_root / "credentials/acme/gone.yaml")
    expect(minimal_root, "credentials/acme/gone.yaml:1:1: symbolic links are not allowed")


def test_symlinked_provider_folder(minimal_root: Path) -> None:
    os.symlink("acme", minimal_root / "credentials/mirror")
    expect(minimal_root, "credentials/mirror:1:1: symbolic links are not allowed")


def test_hard_link(minimal_root: Path) -> None:
    folder = minimal_root / "credentials/acme"
    os.link(folder / "data-basics.yaml", folder / "data-copy.yaml")
    expect(
        minimal_root,
        "credentials/acme/data-basics.yaml:1:1: hard links are not allowed",
        "credentials/acme/data-copy.yaml:1:1: hard links are not allowed",
    )


def _distinct_names(folder: Path) -> None:
    if len(list(folder.iterdir())) < 2:
        pytest.skip("case-insensitive file system: cannot hold names differing only in case")


def test_file_names_differing_only_in_case(minimal_root: Path) -> None:
    folder = minimal_root / "credentials/acme"
    text = (folder / "data-basics.yaml").read_text(encoding="utf-8")
    (folder / "Data-Basics.yaml").write_text(text, encoding="utf-8")
    _distinct_names(folder)
    # The lowercase name is the valid slug, so the other one is reported (and not validated).
    expect(
        minimal_root,
        "credentials/acme/Data-Basics.yaml:1:1: differs from `data-basics.yaml` only in case",
    )


def test_folder_names_differing_only_in_case(minimal_root: Path) -> None:
    base = minimal_root / "credentials"
    (base / "ACME").mkdir()
    _distinct_names(base)
    (base / "ACME/_provider.yaml").write_bytes((base / "acme/_provider.yaml").read_bytes())
    expect(minimal_root, "credentials/ACME:1:1: the name differs from `acme` only in case")


def test_symlinked_credentials_folder(minimal_root: Path) -> None:
    """`credentials/` itself a link would have the checks read files outside the repository."""
    outside = minimal_root.parent / "outside"
    (minimal_root / "credentials").rename(outside)
    os.symlink(outside, minimal_root / "credentials")
    expect(minimal_root, "credentials:1:1: credentials/ is a symbolic link")
    assert load_directory(minimal_root).files == 0  # nothing behind the link was read


WINDOWS_DEVICE = "`{}` is a device name that Windows reserves"


@pytest.mark.parametrize(
    "name,device",
    [
        ("con.yaml", "CON"),
        ("CON.yaml", "CON"),
        ("aux.yaml", "AUX"),
        ("Nul.yaml", "NUL"),
        ("prn.tar.yaml", "PRN"),
        ("com1.yaml", "COM1"),
        ("lpt9.yaml", "LPT9"),
        ("com¹.yaml", "COM¹"),
        ("nul .yaml", "NUL"),
        ("aux.yml", "AUX"),
    ],
)
def test_windows_device_names_are_refused(minimal_root: Path, name: str, device: str) -> None:
    folder = minimal_root / "credentials/acme"
    (folder / name).write_bytes((folder / "data-basics.yaml").read_bytes())
    expect(minimal_root, f"credentials/acme/{name}:1:1: {WINDOWS_DEVICE.format(device)}")


def test_a_provider_folder_named_as_a_windows_device(minimal_root: Path) -> None:
    (minimal_root / "credentials/acme").rename(minimal_root / "credentials/aux")
    expect(minimal_root, f"credentials/aux:1:1: {WINDOWS_DEVICE.format('AUX')}")


@pytest.mark.parametrize("name", ["console.yaml", "com10.yaml", "nullable.yaml", "lpt.yaml"])
def test_names_that_only_begin_like_a_device_are_fine(minimal_root: Path, name: str) -> None:
    folder = minimal_root / "credentials/acme"
    (folder / name).write_bytes((folder / "data-basics.yaml").read_bytes())
    layout_problems = [p for p in load_directory(minimal_root).problems if p.code == "layout"]
    assert layout_problems == []


@pytest.mark.parametrize("name", ["data.yaml.", "data.yaml ", "data.", "data "])
def test_names_ending_in_a_dot_or_space_are_refused(minimal_root: Path, name: str) -> None:
    folder = minimal_root / "credentials/acme"
    (folder / name).write_bytes((folder / "data-basics.yaml").read_bytes())
    expect(minimal_root, f"credentials/acme/{name}:1:1: the name ends in a dot or a space")


@pytest.mark.parametrize(
    "char,said",
    [
        ("\n", "U+000A, a line break"),
        ("\r", "U+000D, a line break"),
        ("\t", "U+0009, an invisible or control character"),
        ("\x1b", "U+001B, an invisible or control character"),
        ("\x85", "U+0085, an invisible or control character"),
        ("\u2028", "U+2028 LINE SEPARATOR"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ],
)
def test_names_with_control_characters_are_refused(
    minimal_root: Path, char: str, said: str
) -> None:
    folder = minimal_root / "credentials/acme"
    name = f"data{char}::notice::x.yaml"
    (folder / name).write_bytes((folder / "data-basics.yaml").read_bytes())
    checked = load_directory(minimal_root)
    (problem,) = checked.problems
    assert (problem.path, problem.line, problem.col) == (f"credentials/acme/{name}", 1, 1)
    assert f"the name holds {said}" in problem.message
    # Printed, the name stays on its line: no log reader takes it for a command.
    result = run_cli("validate", "--root", minimal_root)
    assert result.returncode == 1
    lines = result.stderr.split("\n")
    assert len(lines) == 3 and lines[0].startswith("credentials/acme/data\\")
    assert not any(line.lstrip().startswith("::") for line in lines)


def test_a_provider_folder_name_with_a_line_break(minimal_root: Path) -> None:
    (minimal_root / "credentials/acme").rename(minimal_root / "credentials/ac\nme")
    expect(minimal_root, "credentials/ac\nme:1:1: the name holds U+000A, a line break")


def test_oversized_file(minimal_root: Path) -> None:
    path = minimal_root / "credentials/acme/data-basics.yaml"
    text = path.read_text(encoding="utf-8")
    filler = "\n".join("  " + "x" * 70 for _ in range(MAX_FILE_BYTES // 72 + 1))
    path.write_text(text + "further_information: |\n" + filler + "\n", encoding="utf-8")
    size = path.stat().st_size
    assert size > MAX_FILE_BYTES
    expect(
        minimal_root,
        f"credentials/acme/data-basics.yaml:1:1: file is {size:,} bytes; the limit is "
        f"{MAX_FILE_BYTES:,}",
    )


def test_every_file_is_reported_not_just_the_first(minimal_root: Path) -> None:
    """A bad file never hides the others: problems of all files come back together."""
    folder = minimal_root / "credentials/acme"
    text = (folder / "data-basics.yaml").read_text(encoding="utf-8")
    write_tree(
        folder,
        {
            "broken-yaml.yaml": "id: broken-yaml\ttitle: x\n",
            "bad-field.yaml": text.replace("data-basics", "bad-field")
            .replace("title: Data Basics", "title: Bad Field")
            .replace("status: active", "status: retired"),
            "notes.txt": "draft\n",
        },
    )
    checked = load_directory(minimal_root)
    assert {p.path for p in checked.problems} == {
        "credentials/acme/broken-yaml.yaml",
        "credentials/acme/bad-field.yaml",
        "credentials/acme/notes.txt",
    }


def test_provider_with_errors_keeps_its_listings_out(minimal_root: Path) -> None:
    provider = minimal_root / "credentials/acme/_provider.yaml"
    provider.write_text(provider.read_text().replace("type: company", "type: firm"))
    checked = load_directory(minimal_root)
    assert [p.field for p in checked.problems] == ["type"]
    assert checked.directory is None


# --- the command line ------------------------------------------------------------------------

CLI_CASES = [
    CASE
    for CASE in INVALID_CASES
    if CASE.name
    in {"yaml11-country-no", "unknown-key", "cycle-of-three", "not-utf8", "colon-in-value"}
]


def test_cli_cases_exist() -> None:
    assert len(CLI_CASES) == 5


def _unescape(text: str, *, is_property: bool = False) -> str:
    if is_property:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


@pytest.mark.parametrize("case", CLI_CASES, ids=case_id)
def test_cli_github_format(case: Path) -> None:
    """`::error file=PATH,line=L,col=C::FIELD: MESSAGE (HINT)`, one line a problem."""
    result = run_cli("validate", "--root", case, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    parsed = [GITHUB_LINE.fullmatch(line) for line in lines]
    assert all(parsed), lines
    problems = [
        # The annotation's text is the text format's `FIELD: MESSAGE (HINT)`.
        Problem(
            _unescape(m["path"], is_property=True),
            int(m["line"]),
            int(m["col"]),
            "",
            _unescape(m["message"]),
            severity=m["severity"],
        )
        for m in parsed
        if m
    ]
    assert mismatches(problems, read_expected(case)) == []


@pytest.mark.parametrize("case", CLI_CASES, ids=case_id)
def test_cli_json_format(case: Path) -> None:
    result = run_cli("validate", "--root", case, "--format", "json")
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert isinstance(items, list) and items
    for item in items:
        assert {"path", "line", "col", "message", "severity", "field", "hint"} <= item.keys()
        assert isinstance(item["line"], int) and isinstance(item["col"], int)
    problems = [Problem(**item) for item in items]
    assert mismatches(problems, read_expected(case)) == []


@pytest.mark.parametrize("case", VALID_CASES[:3], ids=case_id)
def test_cli_valid_case(case: Path) -> None:
    result = run_cli("validate", "--root", case)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ files? valid", result.stdout.strip())


def test_cli_valid_case_with_a_warning() -> None:
    case = next(c for c in VALID_CASES if read_expected(c))
    result = run_cli("validate", "--root", case)
    assert result.returncode == 0
    *lines, summary = result.stdout.splitlines()
    assert summary.endswith("1 warning")
    want = read_expected(case)[0]
    assert lines[0].startswith(f"{want.path}:{want.line}:{want.col}: warning: ")


def test_cli_paths_limit_the_report(minimal_root: Path) -> None:
    folder = minimal_root / "credentials/acme"
    text = (folder / "data-basics.yaml").read_text(encoding="utf-8")
    (folder / "bad.yaml").write_text(text.replace("data-basics", "bad").replace("ects: 2", "x: 1"))
    good = run_cli("validate", "credentials/acme/data-basics.yaml", cwd=minimal_root)
    assert good.returncode == 0, good.stderr
    bad = run_cli("validate", "--root", minimal_root, folder / "bad.yaml", "--format", "json")
    assert bad.returncode == 1
    assert {p["path"] for p in json.loads(bad.stdout)} == {"credentials/acme/bad.yaml"}


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["validate", "credentials/acme/nothing-here.yaml"], id="nonexistent-path"),
        pytest.param(["validate", "expected-outside.txt"], id="path-outside-credentials"),
        pytest.param(["validate", "--root", "no-such-root"], id="nonexistent-root"),
        pytest.param(["validate", "--format", "xml"], id="unknown-format"),
        pytest.param(["validate", "--no-such-option"], id="unknown-option"),
        pytest.param([], id="no-command"),
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], minimal_root: Path) -> None:
    (minimal_root / "expected-outside.txt").write_text("not a listing\n")
    result = run_cli(*args, cwd=minimal_root)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("usage: credir")


def test_cli_without_credentials_folder(tmp_path: Path) -> None:
    result = run_cli("validate", "--root", tmp_path)
    assert result.returncode == 2  # a usage error, not a problem of the directory's files
    assert "not a credir directory, it has no credentials/ folder" in result.stderr


def test_cli_valid_case_copied_elsewhere(tmp_path: Path) -> None:
    """Running from the repository's root directory with --root works from any cwd."""
    root = copy_case(VALID_CASES[0], tmp_path / "somewhere")
    result = run_cli("validate", "--root", root, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# --- validate PATH: one file, cross-checked against the rest ----------------------------------


@pytest.mark.parametrize("case", INVALID_CASES, ids=case_id)
def test_validate_path_reports_what_the_whole_check_reports_in_that_file(case: Path) -> None:
    everything = load_directory(case).problems
    for path in sorted({p.path for p in everything}):
        if not (case / path).is_file():
            continue  # a folder or a missing file: reported against the directory
        alone = load_directory(case, only=[case / path]).problems
        assert alone == [p for p in everything if p.path == path], path


@pytest.mark.parametrize("case", [c for c in VALID_CASES if read_expected(c)], ids=case_id)
def test_validate_path_reports_the_warnings_of_that_file(case: Path) -> None:
    """A warning that pairs two files (a claim on another provider's credential and its
    acceptance) is found from either file alone, as the whole check finds it."""
    everything = load_directory(case).problems
    for path in sorted({p.path for p in everything}):
        alone = load_directory(case, only=[case / path]).problems
        assert alone == [p for p in everything if p.path == path], path


@pytest.mark.parametrize("case_name", ["cycle-of-two", "cycle-of-three"])
def test_validate_path_of_any_file_in_a_cycle_reports_it(case_name: str) -> None:
    """The whole check names a cycle once, where it closes; a check of any one file on the
    cycle must name it too, or a pull request could pass by touching only that file."""
    case = CASES_DIR / "invalid" / case_name
    (whole,) = [p for p in load_directory(case).problems if p.code == "cycle"]
    files = sorted(case.glob("credentials/*/*.yaml"))
    on_cycle = [f for f in files if f.name != "_provider.yaml"]
    assert len(on_cycle) >= 2
    for file in on_cycle:
        path = file.relative_to(case).as_posix()
        (alone,) = load_directory(case, only=[file]).problems
        assert (alone.path, alone.code, alone.message) == (path, "cycle", whole.message)
        assert alone.field.startswith("stackability.contributes_to")
