"""Builds that cannot lose the published site or a listing.

* Atomic: `credir build` killed with SIGKILL in the middle leaves the last good site as it
  was; the next build removes the staging folder the killed one left.
* Nothing lost: a built output missing a page, a search entry or an API record fails the
  check that ends every build; a build that would overwrite a page fails.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.export import json_text
from generator.render.pages import Page
from generator.site.atomic import clean_stale, staging_folder, swap
from generator.site.integrity import LostListingsError, check_nothing_lost
from generator.site.mkdocs.plugin import GeneratedPages
from support.cases import CASES_DIR
from support.cli import build_env, build_site_cli, site_root
from support.html import tree_digest

pytestmark = pytest.mark.slow

MINIMAL = CASES_DIR / "valid" / "minimal" / "credentials"


# --- atomic publishing -----------------------------------------------------------------------


def test_killed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    root = site_root(tmp_path / "root", MINIMAL)
    out = tmp_path / "site"
    assert build_site_cli(root, out).returncode == 0
    before = tree_digest(out)
    listing = root / "credentials/acme/data-basics.yaml"
    listing.write_text(listing.read_text("utf-8").replace("Data Basics", "Data Advanced"), "utf-8")

    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out)],
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".site-building-*")) and build.poll() is None:
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.005)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL, "the build finished before it could be killed"

    assert tree_digest(out) == before, "a killed build changed the published site"
    left = list(tmp_path.glob(".site-building-*"))
    assert left, "SIGKILL leaves its staging folder: the next build must clean it"

    result = build_site_cli(root, out)
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob(".site-*")), "stale staging folders were not removed"
    assert "Data Advanced" in (out / "credentials/acme/data-basics/index.html").read_text("utf-8")


def test_swap_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old")
    (out / "gone.html").write_text("old only")
    staging = staging_folder(out)
    (staging / "index.html").write_text("new")
    swap(staging, out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "new"
    assert oct(out.stat().st_mode & 0o777) == oct(0o755)
    assert list(tmp_path.iterdir()) == [out]


def _dead_pid() -> str:
    """The id of a process that has exited."""
    return subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_stale_folders_of_dead_builds_go_and_running_ones_stay(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    dead = _dead_pid()
    runner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / f".site-building-{dead}-abc").mkdir()
        (tmp_path / f".site-building-{dead}-abc-data").mkdir()  # the data half's folder
        (tmp_path / f".site-old-{dead}").mkdir()
        (tmp_path / f".site-building-{runner.pid}-xyz").mkdir()
        (tmp_path / ".other-building-1-x").mkdir()  # another output's: not ours to touch
        removed = clean_stale(out)
        assert sorted(p.name for p in removed) == [
            f".site-building-{dead}-abc",
            f".site-building-{dead}-abc-data",
            f".site-old-{dead}",
        ]
        assert (tmp_path / f".site-building-{runner.pid}-xyz").is_dir()
        assert (tmp_path / ".other-building-1-x").is_dir()
    finally:
        runner.kill()
        runner.wait()


def test_site_moved_aside_by_a_dead_build_is_restored(tmp_path: Path) -> None:
    """Without an atomic exchange, a build dying between its two renames leaves the site
    at `.site-old-<pid>`; the next build puts it back before anything else."""
    out = tmp_path / "site"
    dead = _dead_pid()
    aside = tmp_path / f".site-old-{dead}"
    aside.mkdir()
    (aside / "index.html").write_text("last good")
    clean_stale(out)
    assert (out / "index.html").read_text() == "last good"


# --- nothing lost ----------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path, example_site: Path) -> Path:
    """A writable copy of the example site, as the check sees it before publishing."""
    copy = tmp_path / "site"
    shutil.copytree(example_site, copy)
    return copy


REPO = Path(__file__).resolve().parents[2]
KEY = "corrib-valley-tech/data-analytics-foundations"


def test_complete_output_passes(built: Path) -> None:
    check_nothing_lost(REPO, built)


def test_a_missing_page_fails(built: Path) -> None:
    shutil.rmtree(built / "credentials" / KEY)
    with pytest.raises(LostListingsError, match=f"credential pages: .*1 missing \\({KEY}\\)"):
        check_nothing_lost(REPO, built)


def test_a_page_showing_another_credential_fails(built: Path) -> None:
    page = built / "credentials" / KEY / "index.html"
    other = "corrib-valley-tech/gaeilge-san-ionad-oibre"
    page.write_text((built / "credentials" / other / "index.html").read_text("utf-8"), "utf-8")
    with pytest.raises(LostListingsError, match=r"1 missing .*1 unexpected or repeated"):
        check_nothing_lost(REPO, built)


def _fragments(built: Path) -> dict[Path, dict]:
    found = {}
    for path in (built / "pagefind" / "fragment").glob("*.pf_fragment"):
        found[path] = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
    return found


def test_a_missing_search_entry_fails(built: Path) -> None:
    path = next(p for p, data in _fragments(built).items() if data["meta"]["key"] == KEY)
    path.unlink()
    with pytest.raises(
        LostListingsError, match=f"search entries: 34 for 35 files, 1 missing \\({KEY}\\)"
    ):
        check_nothing_lost(REPO, built)


def test_a_wrong_search_page_count_fails(built: Path) -> None:
    entry = built / "pagefind" / "pagefind-entry.json"
    data = json.loads(entry.read_text("utf-8"))
    data["languages"]["en"]["page_count"] -= 1
    entry.write_text(json.dumps(data), "utf-8")
    with pytest.raises(LostListingsError, match="declares 34 pages for 35 files"):
        check_nothing_lost(REPO, built)


def test_a_missing_api_record_fails(built: Path) -> None:
    records = built / "api/v1/credentials.json"
    if not records.exists():
        pytest.fail("the build publishes api/v1/credentials.json (issue #5): it must be checked")
    data = json.loads(records.read_text("utf-8"))
    data["credentials"] = [r for r in data["credentials"] if r["key"] != KEY]
    data["total"] -= 1
    records.write_text(json_text(data), "utf-8")
    with pytest.raises(LostListingsError, match=f"API records: .*1 missing \\({KEY}\\)"):
        check_nothing_lost(REPO, built)


def _records_edited(text: str) -> str:
    """Ways a credentials.json could be broken or laid out otherwise: each is unreadable
    to the check (it reads the file record by record), never a pass."""
    data = json.loads(text)
    return {
        "compact": json.dumps(data),
        "truncated": text[: len(text) // 2],
        "wrong total": text.replace(f'"total": {data["total"]}', '"total": 99'),
        "no tail": text[: text.rindex("]") + 1] + "\n}\n",
        "empty": "",
        "a list": "[]",
    }


@pytest.mark.parametrize(
    "how", ["compact", "truncated", "wrong total", "no tail", "empty", "a list"]
)
def test_an_api_records_file_out_of_shape_fails(built: Path, how: str) -> None:
    records = built / "api/v1/credentials.json"
    records.write_text(_records_edited(records.read_text("utf-8"))[how], "utf-8")
    with pytest.raises(LostListingsError, match=r"API records: .*unreadable"):
        check_nothing_lost(REPO, built)


def test_an_api_records_file_with_no_records_counts_none(built: Path) -> None:
    records = built / "api/v1/credentials.json"
    empty = {"credentials": [], "format_version": "1", "total": 0}
    records.write_text(json_text(empty), "utf-8")
    with pytest.raises(LostListingsError, match=r"API records: 0 for 35 files, 35 missing"):
        check_nothing_lost(REPO, built)


def test_awkward_ids_cannot_take_an_index_page_address(tmp_path: Path) -> None:
    """Provider `page`, credential `2`, and more than one index page of listings: once the
    credential's URL was the index's second page. Both pages must now exist side by side."""
    root = site_root(tmp_path / "root", MINIMAL)
    folder = root / "credentials" / "page"
    folder.mkdir()
    provider = (root / "credentials/acme/_provider.yaml").read_text("utf-8")
    (folder / "_provider.yaml").write_text(
        provider.replace("id: acme", "id: page").replace("Acme Training", "Page Learning"), "utf-8"
    )
    listing = (root / "credentials/acme/data-basics.yaml").read_text("utf-8")
    for number in range(2, 60):
        text = listing.replace("id: data-basics", f'id: "{number}"')
        (folder / f"{number}.yaml").write_text(text.replace("Data Basics", f"Data {number}"))
    out = tmp_path / "site"
    result = build_site_cli(root, out)
    assert result.returncode == 0, result.stderr
    assert "Data 2" in (out / "credentials/page/2/index.html").read_text("utf-8")
    assert "All credentials" in (out / "credentials/page-2/index.html").read_text("utf-8")


def test_two_pages_at_one_address_are_refused() -> None:
    """The guard behind it: should two pages ever share an address, the build stops
    instead of silently keeping one of them."""
    pages = [
        Page("credentials/a/b.md", "One", "", "<p>one</p>"),
        Page("credentials/a/b.md", "Two", "", "<p>two</p>"),
    ]
    with pytest.raises(ValueError, match=r"two pages at the same address: credentials/a/b\.md"):
        GeneratedPages(pages)


def test_page_count_mismatch_in_a_real_build_fails(tmp_path: Path) -> None:
    """End to end through `credir build`: a credential file whose page the build does not
    produce (here a file appearing after the pages were rendered) fails the whole build."""
    root = site_root(tmp_path / "root", MINIMAL)
    out = tmp_path / "site"
    env = build_env()
    script = (
        "import sys, pathlib\n"
        "from generator.site import build\n"
        "real = build.check_nothing_lost\n"
        "def late(root, site_dir, *rest):\n"
        "    src = pathlib.Path(sys.argv[1]) / 'credentials/acme/data-basics.yaml'\n"
        "    (src.parent / 'late-arrival.yaml').write_text(src.read_text().replace("
        "'id: data-basics', 'id: late-arrival'))\n"
        "    real(root, site_dir, *rest)\n"
        "build.check_nothing_lost = late\n"
        "raise SystemExit(build.build_site(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(root), str(out)],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(REPO)},
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "nothing-lost check" in result.stderr
    assert "acme/late-arrival" in result.stderr
    assert not out.exists(), "a build that failed the check must publish nothing"
    assert os.listdir(tmp_path) == ["root"]
