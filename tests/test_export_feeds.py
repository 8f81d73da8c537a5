"""Atom feeds: parsed back, newest first, dated from git history or file mtime."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import EXPORT_SITE_URL, REPO_ROOT

from generator.directory import load_directory
from generator.export import feeds
from generator.export.links import FEED, provider_feed_path

A = "{http://www.w3.org/2005/Atom}"


def _entries(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed"
    return root.findall(f"{A}entry")


def _copy(tmp_path: Path, keys: list[str]) -> Path:
    """A root with the example providers of ``keys`` and just those credentials."""
    root = tmp_path / "root"
    for key in keys:
        provider, _ = key.split("/")
        folder = root / "credentials" / provider
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            REPO_ROOT / "credentials" / provider / "_provider.yaml", folder / "_provider.yaml"
        )
        shutil.copyfile(
            REPO_ROOT / "credentials" / f"{key}.yaml", root / "credentials" / f"{key}.yaml"
        )
    return root


def _git(root: Path, *args: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_directory_feed_and_provider_feeds(example_directory, tmp_path: Path) -> None:
    feeds.write_feeds(REPO_ROOT, example_directory, tmp_path, EXPORT_SITE_URL)
    entries = _entries(tmp_path / FEED)
    assert len(entries) == len(example_directory.listings) == 35
    updated = [e.findtext(f"{A}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    ids = {e.findtext(f"{A}id") for e in entries}
    assert ids == {f"{EXPORT_SITE_URL}credentials/{key}/" for key in example_directory.listings}
    for provider_id in example_directory.providers:
        mine = _entries(tmp_path / provider_feed_path(provider_id))
        assert len(mine) == len(example_directory.listings_of(provider_id))
        assert {e.find(f"{A}author").findtext(f"{A}name") for e in mine} == {
            example_directory.providers[provider_id].name
        }


def test_dates_come_from_git_history(tmp_path: Path) -> None:
    keys = [
        "escuela-alboran/espanol-para-el-entorno-laboral",
        "escuela-alboran/competencias-digitales-basicas",
    ]
    root = _copy(tmp_path, keys)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    _git(root, "add", "-A", when="2025-01-10T10:00:00+00:00")
    _git(root, "commit", "-qm", "add", when="2025-01-10T10:00:00+00:00")
    changed = root / "credentials" / f"{keys[1]}.yaml"
    changed.write_text(changed.read_text("utf-8") + "# changed\n", "utf-8")
    _git(root, "commit", "-qam", "change", when="2025-03-05T08:30:00+02:00")
    directory = load_directory(root).directory
    assert directory is not None
    out = tmp_path / "site"
    out.mkdir()
    feeds.write_feeds(root, directory, out, EXPORT_SITE_URL)
    entries = _entries(out / FEED)
    assert [e.findtext(f"{A}id").split("/")[-2] for e in entries] == [
        "competencias-digitales-basicas",  # changed last: first
        "espanol-para-el-entorno-laboral",
    ]
    first, second = entries
    assert first.findtext(f"{A}updated") == "2025-03-05T06:30:00Z"
    assert first.findtext(f"{A}published") == "2025-01-10T10:00:00Z"
    assert (
        second.findtext(f"{A}updated")
        == second.findtext(f"{A}published")
        == ("2025-01-10T10:00:00Z")
    )


def test_dates_fall_back_to_mtime_without_git(tmp_path: Path) -> None:
    keys = ["kuusela-uas/open-data-literacy"]
    root = _copy(tmp_path, keys)
    path = root / "credentials" / f"{keys[0]}.yaml"
    stamp = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))
    dates = feeds.file_dates(root, [f"credentials/{keys[0]}.yaml"])
    assert dates[f"credentials/{keys[0]}.yaml"].changed == dt.datetime(
        2024, 6, 1, 12, tzinfo=dt.UTC
    )


def test_feed_is_limited_and_escapes_text(example_directory) -> None:
    listings = list(example_directory.listings.values())
    dates = {item.path: feeds.Dates(feeds._EPOCH, feeds._EPOCH) for item in listings}
    xml = feeds.atom_feed(listings * 5, dates, EXPORT_SITE_URL, FEED, "a < b & c", "")
    root = ET.fromstring(xml)
    assert root.findtext(f"{A}title") == "a < b & c"
    assert len(root.findall(f"{A}entry")) == feeds.FEED_LIMIT


def test_feed_path_is_public_api() -> None:
    assert provider_feed_path("acme") == "providers/acme/feed.xml"
    assert FEED == "feed.xml"
