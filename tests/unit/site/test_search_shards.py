"""A large directory's search index comes in shards (generator/site/pagefind.py): several
Pagefind indexes built one after another, so Pagefind never holds more than one shard's
records, and merged in the learner's browser. The example directory is built here with
ten records per shard (four shards) and must search exactly as the one-index site does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.check.run import load_directory
from generator.site.integrity import search_keys, source_keys
from generator.site.pagefind import (
    SHARD_SIZE_ENV,
    SearchIndex,
    bundles,
    canonicalise,
    fragment_keys,
    shard_count,
)
from generator.site.pagefind import _read as read_index_file
from support import REPO_ROOT
from support.cli import build_site_cli
from support.search_page import all_result_titles, result_titles, unfold, wait_for_count
from support.web import serve_folder

PER_SHARD = 10


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sharded") / "site"
    result = build_site_cli(REPO_ROOT, out, **{SHARD_SIZE_ENV: str(PER_SHARD)})
    assert result.returncode == 0, result.stderr
    return out


def _meta(bundle: Path) -> list:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return read_index_file(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")


def test_shard_count() -> None:
    assert [shard_count(n, 10) for n in (0, 1, 10, 11, 35)] == [1, 1, 1, 2, 4]


def test_a_wrong_shard_size_is_a_clear_error(tmp_path: Path) -> None:
    result = build_site_cli(REPO_ROOT, tmp_path / "site", **{SHARD_SIZE_ENV: "ten"})
    assert result.returncode == 1
    assert f"{SHARD_SIZE_ENV} must be a whole number above 0" in result.stderr
    assert not (tmp_path / "site").exists()


def test_records_are_split_into_shards_of_the_set_size(sharded_site: Path) -> None:
    keys = source_keys(REPO_ROOT)
    folders = bundles(sharded_site)
    assert len(folders) == shard_count(sum(keys.values()), PER_SHARD) == 4
    counts = [len(_meta(folder)[1]) for folder in folders]
    assert counts == [10, 10, 10, sum(keys.values()) - 30]
    # Only the first index carries the scripts: the others are searched by them.
    assert (folders[0] / "pagefind.js").is_file()
    for folder in folders[1:]:
        assert not list(folder.glob("*.js")) and not list(folder.glob("*.pagefind"))
    found, declared = search_keys(sharded_site)
    assert found == keys and declared == sum(keys.values())
    page = (sharded_site / "search" / "index.html").read_text("utf-8")
    assert 'data-credir-shards="4"' in page


def test_sort_orders_name_each_result_of_every_shard_once(sharded_site: Path) -> None:
    ids = [page[0] for folder in bundles(sharded_site) for page in _meta(folder)[1]]
    assert len(ids) == len(set(ids))
    for order in (sharded_site / "search" / "sort").glob("*.json"):
        named = json.loads(order.read_text("utf-8"))
        assert len(named) == len(set(named)) and set(named) <= set(ids), order.name


def test_an_id_taken_by_an_earlier_shard_is_renamed(tmp_path: Path) -> None:
    # The same record in two indexes gets the same content-hash id in both.
    record = {
        "url": "/credentials/a/b/",
        "content": "Welding basics",
        "meta": {"title": "Welding", "key": "a/b"},
        "filters": {"mode": ["Online"]},
    }
    folders = [tmp_path / "one", tmp_path / "two"]
    for folder in folders:
        SearchIndex([record], "en").write(folder)
    first, second = (fragment_keys(folder) for folder in folders)
    assert first.keys() == second.keys()  # the clash this guards against
    taken: set[str] = set()
    for folder in folders:
        canonicalise(folder, taken)
    first, second = (fragment_keys(folder) for folder in folders)
    assert first.keys().isdisjoint(second.keys())
    assert list(second.values()) == ["a/b"]
    assert [page[0] for page in _meta(folders[1])[1]] == list(second)
    assert taken == first.keys() | second.keys()
    # Deterministic: the same clash in the same shard gets the same new name.
    again = tmp_path / "again" / "two"
    SearchIndex([record], "en").write(again)
    canonicalise(again, set(first))
    assert fragment_keys(again).keys() == second.keys()


def test_the_sharded_site_is_byte_identical_between_builds(
    sharded_site: Path, tmp_path: Path
) -> None:
    again = tmp_path / "site"
    result = build_site_cli(REPO_ROOT, again, **{SHARD_SIZE_ENV: str(PER_SHARD)})
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(sharded_site) for p in sharded_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (sharded_site / name).read_bytes() == (again / name).read_bytes(), name


# --- in the learner's browser: the shards search as one index --------------------------------


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path):
    server, url = serve_folder(sharded_site)
    yield url
    server.shutdown()


@pytest.mark.browser
@pytest.mark.slow
def test_every_shard_is_searched_and_sorted_as_one(page, sharded_url: str, site_url: str) -> None:
    # The one-index example site is the reference: same results, sorted in the same order.
    for query in ("search/?sort=title:asc", "search/?sort=workload:desc"):
        page.goto(site_url + query)
        expected = all_result_titles(page)
        page.goto(sharded_url + query)
        assert all_result_titles(page) == expected, query
    # Relevance is scored within each shard (word frequencies differ a little between
    # shards), so only the set of matches must be the same.
    page.goto(site_url + "search/?q=data")
    expected = all_result_titles(page)
    page.goto(sharded_url + "search/?q=data")
    assert sorted(all_result_titles(page)) == sorted(expected) and len(expected) > 1


@pytest.mark.browser
@pytest.mark.slow
def test_filter_counts_add_up_across_shards(page, sharded_url: str) -> None:
    directory = load_directory(REPO_ROOT).directory
    assert directory is not None
    online = [
        item
        for item in directory.listings.values()
        if item.credential.participation.mode == "online" and item.credential.status != "ceased"
    ]
    page.goto(sharded_url + "search/")
    result_titles(page)
    group = unfold(page, "mode")
    label = group.get_by_label(re.compile(r"^Online \(\d+\)$"))
    assert f"({len(online)})" in group.locator("label", has_text="Online").inner_text()
    label.check()
    wait_for_count(page, len(online))
    assert set(all_result_titles(page)) == {item.text_in("en").title for item in online}
