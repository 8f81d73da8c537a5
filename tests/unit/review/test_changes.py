"""`credir changes`: per-credential report of what a branch changes, on real git repositories."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.format.limits import MAX_PROBLEMS_PER_FILE
from generator.review.changes import changes_between, diff_values, load_snapshot, render_markdown
from generator.review.git import GitError
from support.cli import credir
from support.git import GitRepo

ACME = "credentials/acme/data-basics.yaml"
NEW = "credentials/acme/data-advanced.yaml"


def _replace(repo: GitRepo, relpath: str, old: str, new: str) -> str:
    text = repo.read(relpath)
    assert old in text, f"{old!r} not in {relpath}"
    return text.replace(old, new)


def _new_credential(repo: GitRepo, **swaps: str) -> str:
    """A second credential, from the first, without an EQF level and with an http:// url."""
    text = repo.read(ACME).replace("data-basics", "data-advanced")
    text = text.replace("title: Data Basics", "title: Data Advanced")
    text = text.replace("https://acme.example/", "http://acme.example/")
    text = text.replace("level:\n  eqf: 5\n", "")
    for old, new in swaps.items():
        text = text.replace(old, new)
    return text


def _report(repo: GitRepo, *args: str) -> dict:
    result = credir("changes", "--root", repo.root, "--base", "main", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def branch(git_repo: GitRepo) -> GitRepo:
    """A branch that changes data-basics and adds data-advanced."""
    git_repo.branch("feature")
    changed = _replace(git_repo, ACME, "ects: 2", "ects: 3")
    changed = changed.replace(
        "  - Clean a small tabular dataset\n",
        "  - Clean a small tabular dataset\n  - Summarise it in a chart\n",
    )
    git_repo.commit("Update and add", {ACME: changed, NEW: _new_credential(git_repo)})
    return git_repo


def test_changed_credential_has_a_field_level_diff(branch: GitRepo) -> None:
    report = _report(branch)
    changed = [e for e in report["credentials"] if e["status"] == "changed"]
    assert [e["key"] for e in changed] == ["acme/data-basics"]
    assert changed[0]["fields"] == [  # in the order of the file
        {"field": "learning_outcomes[1]", "change": "added", "new": "Summarise it in a chart"},
        {"field": "workload.ects", "change": "changed", "old": 2, "new": 3},
    ]
    assert changed[0]["errors"] == []
    assert changed[0]["missing_annex_i"] == []  # the minimal case has an EQF level


def test_added_credential_with_completeness_and_warnings(branch: GitRepo) -> None:
    report = _report(branch)
    added = [e for e in report["credentials"] if e["status"] == "added"]
    assert [e["key"] for e in added] == ["acme/data-advanced"]
    entry = added[0]
    assert entry["title"] == "Data Advanced"
    assert entry["path"] == NEW
    assert entry["missing_annex_i"] == ["level"]
    assert [w["code"] for w in entry["warnings"]] == ["incomplete", "plain-http"]
    assert {"field": "title", "change": "added", "new": "Data Advanced"} in entry["fields"]
    assert {"field": "workload.ects", "change": "added", "new": 2} in entry["fields"]


def test_complete_credential_reports_nothing_missing(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    text = _new_credential(git_repo, **{"workload:": "level: {eqf: 5}\nworkload:"})
    git_repo.commit("Add", {NEW: text.replace("http://", "https://")})
    entry = _report(git_repo)["credentials"][0]
    assert entry["missing_annex_i"] == []
    assert entry["warnings"] == [] and entry["errors"] == []


def test_removed_credential(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    git_repo.commit("Add", {NEW: _new_credential(git_repo)})
    git_repo.checkout("main")
    git_repo.commit("Add on main too", {NEW: _new_credential(git_repo)})
    git_repo.branch("cleanup")
    git_repo.commit("Remove", {NEW: None})
    report = _report(git_repo)
    assert [(e["key"], e["status"]) for e in report["credentials"]] == [
        ("acme/data-advanced", "removed")
    ]
    assert report["credentials"][0]["title"] == "Data Advanced"


def test_changes_on_the_base_after_the_branch_left_it_are_not_reported(branch: GitRepo) -> None:
    branch.checkout("main")
    branch.commit("Main moves on", {ACME: _replace(branch, ACME, "Data Basics", "Data Basics 2")})
    branch.checkout("feature")
    keys = {e["key"]: e for e in _report(branch)["credentials"]}
    assert {f["field"] for f in keys["acme/data-basics"]["fields"]} == {
        "learning_outcomes[1]",
        "workload.ects",
    }


def test_comment_only_change_is_not_reported(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    git_repo.commit("Comment", {ACME: "# A comment\n" + git_repo.read(ACME)})
    report = _report(git_repo)
    assert report["credentials"] == [] and report["providers"] == []
    markdown = credir("changes", "--root", git_repo.root, "--base", "main").stdout
    assert "No credential or provider file changes." in markdown


def test_invalid_file_at_head_lists_its_errors(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    git_repo.commit("Break", {ACME: _replace(git_repo, ACME, "mode: online", "mode: onlin")})
    entry = _report(git_repo)["credentials"][0]
    assert entry["missing_annex_i"] is None
    assert [(e["field"], e["line"]) for e in entry["errors"]] == [("participation.mode", 17)]
    assert "did you mean `online`?" in entry["errors"][0]["hint"]
    assert {
        "field": "participation.mode",
        "change": "changed",
        "old": "online",
        "new": "onlin",
    } in (entry["fields"])


def test_file_that_does_not_load_is_reported_without_a_diff(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    git_repo.commit("Break", {ACME: _replace(git_repo, ACME, "title: Data Basics", 'title: "Data')})
    entry = _report(git_repo)["credentials"][0]
    assert entry["loads"] is False and entry["fields"] == []
    assert entry["errors"][0]["code"] == "syntax"


def test_broken_reference_shows_on_the_credential_that_names_it(git_repo: GitRepo) -> None:
    git_repo.commit("Add", {NEW: _new_credential(git_repo, **{"status: active": "status: ceased"})})
    text = git_repo.read(NEW) + "superseded_by: acme/data-basics\n"
    git_repo.commit("Supersede", {NEW: text})
    git_repo.branch("feature")
    git_repo.commit("Remove the target", {ACME: None})
    entries = {e["key"]: e for e in _report(git_repo)["credentials"]}
    assert entries["acme/data-basics"]["status"] == "removed"
    # data-advanced did not change, but now names a credential that is gone: it is listed.
    referring = entries["acme/data-advanced"]
    assert referring["status"] == "changed" and referring["fields"] == []
    assert [e["field"] for e in referring["errors"]] == ["superseded_by"]


def test_provider_changes_are_reported(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    provider = "credentials/acme/_provider.yaml"
    git_repo.commit("Rename", {provider: _replace(git_repo, provider, "Acme Training", "Acme")})
    report = _report(git_repo)
    assert report["credentials"] == []
    assert report["providers"][0]["fields"] == [
        {"field": "name", "change": "changed", "old": "Acme Training", "new": "Acme"}
    ]


def test_provider_passing_for_another_is_an_error_in_the_report(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    provider = git_repo.read("credentials/acme/_provider.yaml").replace("id: acme", "id: beta")
    credential = git_repo.read(ACME)
    git_repo.commit(
        "Impostor",
        {
            "credentials/beta/_provider.yaml": provider.replace("Acme Training", "ACME  training"),
            "credentials/beta/data-basics.yaml": credential,
        },
    )
    report = _report(git_repo)
    providers = {e["key"]: e for e in report["providers"]}
    assert providers["beta"]["status"] == "added"
    assert [e["field"] for e in providers["beta"]["errors"]] == ["name"]
    # the provider passed for is listed too: its file did not change, its verdict did
    assert providers["acme"]["status"] == "changed" and providers["acme"]["fields"] == []
    assert "credentials/beta/_provider.yaml" in providers["acme"]["errors"][0]["message"]
    (listing,) = report["credentials"]
    assert listing["missing_annex_i"] is None  # not assessed under a provider with errors


def test_markdown_for_the_job_summary(branch: GitRepo) -> None:
    result = credir("changes", "--root", branch.root, "--base", "main")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("## Directory changes against `main`")
    assert "### Added credentials" in text and "### Changed credentials" in text
    assert "| `workload.ects` | `2` | `3` |" in text
    assert "| `learning_outcomes[1]` | — | `Summarise it in a chart` |" in text
    assert "EU Annex I: missing `level`" in text
    assert "warning at line 5, `url`: plain http:// address" in text


def test_markdown_keeps_values_from_a_pull_request_inert(git_repo: GitRepo) -> None:
    git_repo.branch("feature")
    hostile = 'title: "![x](https://evil.example/t.png) <img src=x> | `code`"'
    git_repo.commit("Hostile", {ACME: _replace(git_repo, ACME, "title: Data Basics", hostile)})
    text = credir("changes", "--root", git_repo.root, "--base", "main").stdout
    raw = [line for line in text.splitlines() if re.search(r"(?<!\\)(?:!\[|<img)", line)]
    span = "`` ![x](https://evil.example/t.png) <img src=x> \\| `code` ``"
    assert raw == [f"| `title` | `Data Basics` | {span} |"]  # a code span shows it as text
    assert "\\!\\[x\\]\\(https://evil\\.example/t\\.png\\) \\<img src=x\\>" in text
    # in the table, the value is a code span that a backtick or a pipe cannot end
    assert "`` ![x](https://evil.example/t.png) <img src=x> \\| `code` ``" in text


def test_head_other_than_the_checked_out_branch(branch: GitRepo) -> None:
    branch.checkout("main")
    report = _report(branch, "--head", "feature")
    assert {e["key"] for e in report["credentials"]} == {"acme/data-basics", "acme/data-advanced"}
    assert report["head"] == "feature"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--base", "no-such-branch"], "`no-such-branch` is not a commit"),
        (["--base", "origin/main"], "fetch it first"),
        (["--base=--version"], "is not a git ref"),
    ],
)
def test_bad_refs_are_clear_errors(git_repo: GitRepo, args: list[str], message: str) -> None:
    result = credir("changes", "--root", git_repo.root, *args)
    assert result.returncode == 1
    assert message in result.stderr


def test_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "credentials").mkdir()
    result = credir("changes", "--root", tmp_path, "--base", "main")
    assert result.returncode == 1
    assert "is not inside a git repository" in result.stderr


def test_unrelated_histories(git_repo: GitRepo) -> None:
    git_repo.git("checkout", "--quiet", "--orphan", "other")
    git_repo.commit("Unrelated")
    with pytest.raises(GitError, match="no common history"):
        changes_between(git_repo.root, "main", "other")


def test_list_diff_matches_items_rather_than_positions() -> None:
    old = {"learning_outcomes": ["a", "b", "c"]}
    new = {"learning_outcomes": ["new", "a", "b", "c"]}
    changes = diff_values(old, new)
    assert [(c.field, c.kind, c.new) for c in changes] == [("learning_outcomes[0]", "added", "new")]


def test_group_added_or_removed_reports_its_fields() -> None:
    assert [
        (c.field, c.kind) for c in diff_values({}, {"cost": {"amount": 5, "currency": "EUR"}})
    ] == [
        ("cost.amount", "added"),
        ("cost.currency", "added"),
    ]
    assert [(c.field, c.kind) for c in diff_values({"level": {"eqf": 5}}, {})] == [
        ("level.eqf", "removed")
    ]


def test_a_number_written_differently_counts_as_a_change() -> None:
    assert [c.field for c in diff_values({"ects": 5}, {"ects": 5.5})] == ["ects"]
    assert diff_values({"ects": 5}, {"ects": 5}) == []


def test_snapshot_refuses_too_large_files_without_reading_them() -> None:
    snapshot = load_snapshot({ACME: None})
    state = snapshot.credentials["acme/data-basics"]
    assert state.data is None and state.problems[0].code == "too-large"


def test_report_in_process_matches_the_cli(branch: GitRepo) -> None:
    found = changes_between(branch.root, "main")
    assert (
        render_markdown(found) == credir("changes", "--root", branch.root, "--base", "main").stdout
    )


def test_a_file_with_thousands_of_problems_keeps_the_summary_small(git_repo: GitRepo) -> None:
    """The job summary (1 MiB at most) shows the first problems and fields, then counts."""
    git_repo.branch("feature")
    unknown = "".join(f"x{number:04}: 1\n" for number in range(2_000))
    git_repo.commit("Flood", {ACME: git_repo.read(ACME) + unknown})
    markdown = credir("changes", "--root", git_repo.root, "--base", "main").stdout
    assert markdown.count("- **error** at line") == MAX_PROBLEMS_PER_FILE + 1
    assert f"and {2_000 - MAX_PROBLEMS_PER_FILE:,} more problems in this file" in markdown
    assert markdown.count("| `x") == 100
    assert "and 1,900 more changed fields in this file" in markdown
    assert len(markdown) < 60_000
    entry = _report(git_repo)["credentials"][0]
    assert len(entry["errors"]) == MAX_PROBLEMS_PER_FILE + 1
    assert entry["errors"][-1]["code"] == "more-problems"


def test_markdown_keeps_line_breaks_in_values_on_their_line(git_repo: GitRepo) -> None:
    """A line break in a value would end a table row or a heading: it is shown as `\\n`."""
    git_repo.branch("feature")
    hostile = 'title: "Data\\nBasics\\r\\n::notice::x\\u2028y"'
    git_repo.commit("Hostile", {ACME: _replace(git_repo, ACME, "title: Data Basics", hostile)})
    text = credir("changes", "--root", git_repo.root, "--base", "main").stdout
    assert "| `title` | `Data Basics` | `Data\\nBasics\\r\\n::notice::x\\u2028y` |" in text
    assert "— Data\\\\nBasics\\\\r\\\\n::notice::x\\\\u2028y (changed)" in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
