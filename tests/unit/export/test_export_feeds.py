"""Atom feeds: parsed back, newest first, dated from git history or file mtime."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.check.run import load_directory
from generator.export import feeds
from generator.urls import FEED, provider_feed_path
from support import REPO_ROOT
from support.linked_data import EXPORT_SITE_URL

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


# A title, summary and provider name as odd as validate accepts: markup characters, an emoji
# sequence with a variation selector and joiners, no-break spaces, a tab, a line separator
# (written as an escape, so visible in the file), right-to-left text.
ODD_TITLE = (
    'Data <b>&amp; "Basics" ]]> \u2764\ufe0f \U0001f469\u200d\U0001f4bb\u00a0\t\u2028 '
    "\u05e0\u05d9\u05d4\u05d5\u05dc"
)


def _escaped(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that spells every non-ASCII character."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + "".join(c if c.isascii() else f"\\U{ord(c):08X}" for c in body) + '"'


def test_feeds_are_well_formed_whatever_text_validate_accepts(tmp_path: Path) -> None:
    from support.cases import CASES_DIR, copy_case

    root = copy_case(CASES_DIR / "valid" / "minimal", tmp_path / "root")
    credential = root / "credentials/acme/data-basics.yaml"
    text = credential.read_text("utf-8").replace(
        "title: Data Basics", f"title: {_escaped(ODD_TITLE)}"
    )
    credential.write_text(text, "utf-8")
    provider = root / "credentials/acme/_provider.yaml"
    provider.write_text(
        provider.read_text("utf-8").replace("Acme Training", '"Acme & <Sons> \\u2764\\ufe0f"'),
        "utf-8",
    )
    checked = load_directory(root)
    assert checked.ok, checked.problems
    site = tmp_path / "site"
    site.mkdir()
    feeds.write_feeds(root, checked.directory, site, EXPORT_SITE_URL)
    for path in (site / FEED, site / provider_feed_path("acme")):
        (entry,) = _entries(path)  # a strict XML 1.0 parser: it refuses what is not well-formed
        assert entry.findtext(f"{A}title") == ODD_TITLE
        assert entry.findtext(f"{A}author/{A}name") == "Acme & <Sons> \u2764\ufe0f"


def test_no_character_xml_cannot_hold_passes_the_text_checks() -> None:
    """XML 1.0 holds tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and
    U+10000 up; it discourages the other controls and the noncharacters. The text checks
    refuse every one of those in any text field, so no listing can break a feed."""
    from generator.check.text import invisible_characters

    illegal = [*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0)]
    illegal += [plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)]
    passing = [
        f"U+{code:04X}"
        for code in illegal
        if code not in (0x09, 0x0A, 0x0D) and invisible_characters(f"a{chr(code)}b") == []
    ]
    assert passing == []
