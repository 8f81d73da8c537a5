"""Freshness: the `stale` warning in `credir validate`, and the `credir stale` report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.check.run import load_directory
from generator.review.stale import due_listings, render_markdown
from support.cases import CASES_DIR
from support.cli import credir

CREDENTIAL = "credentials/acme/data-basics.yaml"  # review_by: 2027-09-30
_LINES = (CASES_DIR / "valid/minimal" / CREDENTIAL).read_text(encoding="utf-8").splitlines()
REVIEW_LINE = next(n for n, line in enumerate(_LINES, 1) if line.startswith("review_by:"))


def _set_review_by(root: Path, date: str, relpath: str = CREDENTIAL) -> None:
    path = root / relpath
    path.write_text(
        path.read_text(encoding="utf-8").replace("review_by: 2027-09-30", f"review_by: {date}"),
        encoding="utf-8",
    )


def _add_listing(root: Path, stem: str, review_by: str) -> None:
    text = (root / CREDENTIAL).read_text(encoding="utf-8")
    text = text.replace("id: data-basics", f"id: {stem}").replace("Data Basics", stem.title())
    (root / f"credentials/acme/{stem}.yaml").write_text(text, encoding="utf-8")
    _set_review_by(root, review_by, f"credentials/acme/{stem}.yaml")


# --- the warning in validate --------------------------------------------------------------------


def test_past_review_date_is_a_warning_at_review_by(minimal_root: Path) -> None:
    result = credir("validate", "--root", minimal_root, today="2027-10-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{CREDENTIAL}:{REVIEW_LINE}:12: warning: review_by: review date 2027-09-30 has passed: "
        "the listing is shown as stale (check the details are still right, then set a future date, "
        "e.g. review_by: 2028-09-30)"
    )
    assert lines[-1] == "2 files valid, 1 warning"


@pytest.mark.parametrize("today", ["2027-09-30", "2027-01-01"])
def test_review_date_today_or_ahead_is_no_warning(minimal_root: Path, today: str) -> None:
    result = credir("validate", "--root", minimal_root, today=today)
    assert result.stdout.strip() == "2 files valid"


def test_stale_warning_as_a_github_annotation_and_in_json(minimal_root: Path) -> None:
    github = credir("validate", "--root", minimal_root, "--format", "github", today="2028-01-01")
    assert github.returncode == 0
    assert github.stdout.startswith(
        f"::warning file={CREDENTIAL},line={REVIEW_LINE},col=12::review_by: "
    )
    problems = json.loads(
        credir("validate", "--root", minimal_root, "--format", "json", today="2028-01-01").stdout
    )
    assert [(p["code"], p["severity"], p["field"]) for p in problems] == [
        ("stale", "warning", "review_by")
    ]


def test_quoted_review_date_is_checked_too(minimal_root: Path) -> None:
    _set_review_by(minimal_root, '"2020-01-01"')
    result = credir("validate", "--root", minimal_root, "--format", "json")
    assert [p["code"] for p in json.loads(result.stdout)] == ["stale"]


def test_stale_warning_agrees_with_the_site_badge(minimal_root: Path, monkeypatch) -> None:
    for today, stale in (("2027-09-30", False), ("2027-10-01", True)):
        monkeypatch.setenv("CREDIR_TODAY", today)
        checked = load_directory(minimal_root)
        assert checked.directory is not None
        assert checked.directory.listings["acme/data-basics"].is_stale() is stale
        assert any(p.code == "stale" for p in checked.problems) is stale


def test_a_bad_review_date_is_an_error_not_a_stale_warning(minimal_root: Path) -> None:
    _set_review_by(minimal_root, "2020-02-30")
    problems = json.loads(credir("validate", "--root", minimal_root, "--format", "json").stdout)
    assert [(p["severity"], p["field"]) for p in problems] == [("error", "review_by")]


# --- credir stale -------------------------------------------------------------------------------


@pytest.fixture
def dated(minimal_root: Path) -> Path:
    """Listings due on 2026-05-01 (stale), 2026-06-01 (today), 2026-07-15 and 2027-09-30."""
    _add_listing(minimal_root, "overdue", "2026-05-01")
    _add_listing(minimal_root, "due-today", "2026-06-01")
    _add_listing(minimal_root, "due-soon", "2026-07-15")
    return minimal_root


def test_stale_report_as_markdown(dated: Path) -> None:
    result = credir("stale", "--root", dated, today="2026-06-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "## Listings to re-confirm (2026-06-01)"
    assert lines[2].startswith("1 stale, 2 due within 60 days.")
    rows = [line for line in lines if line.startswith("| ") and "`acme/" in line]
    assert [row.split("`")[1] for row in rows] == [
        "acme/overdue",
        "acme/due-today",
        "acme/due-soon",
    ]
    assert "| 2026-05-01 | **stale** for 31 days |" in rows[0]
    assert "| due today |" in rows[1]
    assert "| due in 44 days |" in rows[2]
    assert all(row.endswith("| — |") for row in rows)  # acme lists no maintainers


def test_stale_report_window(dated: Path) -> None:
    narrow = json.loads(credir("stale", "--root", dated, "--days", "0", "--format", "json").stdout)
    assert [item["key"] for item in narrow["listings"]] == ["acme/overdue", "acme/due-today"]
    wide = json.loads(credir("stale", "--root", dated, "--days", "500", "--format", "json").stdout)
    assert len(wide["listings"]) == 4
    assert wide["listings"][-1] == {
        "key": "acme/data-basics",
        "path": CREDENTIAL,
        "title": "Data Basics",
        "provider": "Acme Training",
        "review_by": "2027-09-30",
        "days": 486,
        "state": "due-soon",
        "maintainers": [],
    }
    assert wide["date"] == "2026-06-01" and wide["within_days"] == 500


def test_stale_report_names_the_maintainers_to_remind(dated: Path) -> None:
    provider = dated / "credentials/acme/_provider.yaml"
    provider.write_text(provider.read_text() + "maintainers: ['@ann-example', bob]\n")
    report = json.loads(credir("stale", "--root", dated, "--format", "json").stdout)
    assert report["listings"][0]["maintainers"] == ["ann-example", "bob"]
    assert "| @ann\\-example @bob |" in credir("stale", "--root", dated).stdout


def test_nothing_due(minimal_root: Path) -> None:
    result = credir("stale", "--root", minimal_root, "--days", "30")
    assert result.returncode == 0
    assert "No listing is stale or due for review in the next 30 days." in result.stdout


def test_stale_on_a_broken_directory_is_an_error(minimal_root: Path) -> None:
    _set_review_by(minimal_root, "soon")
    result = credir("stale", "--root", minimal_root)
    assert result.returncode == 1
    assert "credir stale: the directory has errors" in result.stderr
    assert f"{CREDENTIAL}:{REVIEW_LINE}:12: error: review_by" in result.stderr


def test_negative_days_is_a_usage_error(minimal_root: Path) -> None:
    result = credir("stale", "--root", minimal_root, "--days", "-1")
    assert result.returncode == 2 and "--days" in result.stderr


def test_example_directory_report_matches_is_stale() -> None:
    """On the real example data: exactly the listings the site marks stale are stale here."""
    checked = load_directory(Path(__file__).resolve().parents[3])
    assert checked.directory is not None
    dates = sorted(item.credential.review_by for item in checked.directory.listings.values())
    on = dates[0] + dt.timedelta(days=1)  # the day after the earliest review date
    due = due_listings(checked.directory, on, 60)
    stale = {item.key for item in due if item.stale}
    assert stale == {k for k, v in checked.directory.listings.items() if v.is_stale(on)}
    assert stale and len(stale) < len(dates)
    text = render_markdown(due, on=on, within_days=60)
    assert all(f"`{key}`" in text for key in stale)
