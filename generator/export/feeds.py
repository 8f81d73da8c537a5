"""Atom feeds of credentials added or changed: one for the directory, one per provider.

Entries are dated from git history (the commit that added the file and the last commit that
changed it) or, outside a git checkout or for files git does not know, the file's mtime, so
two builds of the same commit write the same feed.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from generator.directory import Directory, Listing
from generator.format.vocabularies import CREDENTIAL_TYPE_LABELS
from generator.urls import (
    FEED,
    absolute,
    credential_url,
    export_path,
    provider_feed_path,
    provider_url,
)

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100  # entries per feed: readers want what is new, not the whole directory
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Dates:
    """When a file was first published and last changed."""

    added: dt.datetime
    changed: dt.datetime


def file_dates(root: Path, paths: list[str]) -> dict[str, Dates]:
    """Dates for each path (relative to ``root``): git history first, mtime otherwise."""
    found = _git_dates(root)
    dates = {}
    for path in paths:
        if path in found:
            dates[path] = found[path]
            continue
        try:
            stamp = (root / path).stat().st_mtime
        except OSError:
            stamp = 0
        moment = dt.datetime.fromtimestamp(int(stamp), dt.UTC)
        dates[path] = Dates(moment, moment)
    return dates


def _git_dates(root: Path) -> dict[str, Dates]:
    """One `git log` over credentials/ (not one per file: the directory may hold thousands)."""
    try:
        output = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "-c",
                "core.quotePath=false",
                "log",
                "--format=%x00%cI",
                "--name-only",
                "--relative",
                "--",
                "credentials",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, Dates] = {}
    moment = _EPOCH
    for line in output.splitlines():
        if line.startswith("\x00"):
            moment = dt.datetime.fromisoformat(line[1:]).astimezone(dt.UTC)
        elif line.strip():
            # Newest commits come first: the first date seen is the last change, the last
            # one seen is when the file was added.
            earlier = found.get(line)
            found[line] = Dates(moment, earlier.changed if earlier else moment)
    return found


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(
    listings: list[Listing],
    dates: dict[str, Dates],
    site_url: str,
    feed_path: str,
    title: str,
    alternate: str,
) -> bytes:
    """An Atom 1.0 feed of ``listings``, newest change first."""
    ET.register_namespace("", ATOM)
    ordered = sorted(listings, key=lambda item: (-dates[item.path].changed.timestamp(), item.key))
    ordered = ordered[:FEED_LIMIT]
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed_url = absolute(site_url, feed_path)
    _sub(feed, "id", feed_url)
    _sub(feed, "title", title)
    updated = max((dates[item.path].changed for item in ordered), default=_EPOCH)
    _sub(feed, "updated", _stamp(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute(site_url, alternate))
    author = _sub(feed, "author")
    _sub(author, "name", "credir")
    _sub(feed, "generator", "credir")
    for item in ordered:
        c = item.credential
        page = absolute(site_url, credential_url(item.key))
        entry = _sub(feed, "entry")
        _sub(entry, "id", page)
        _sub(entry, "title", c.title)
        _sub(entry, "updated", _stamp(dates[item.path].changed))
        _sub(entry, "published", _stamp(dates[item.path].added))
        _sub(entry, "link", rel="alternate", type="text/html", href=page)
        _sub(
            entry,
            "link",
            rel="alternate",
            type="application/json",
            href=absolute(site_url, export_path(item.key, "json")),
        )
        entry_author = _sub(entry, "author")
        _sub(entry_author, "name", item.provider.name)
        _sub(entry_author, "uri", absolute(site_url, provider_url(item.provider.id)))
        _sub(entry, "category", term=c.type, label=CREDENTIAL_TYPE_LABELS[c.type])
        _sub(entry, "summary", c.summary)
    ET.indent(feed)
    return xml_bytes(feed)


def xml_bytes(element: ET.Element) -> bytes:
    """``ET.tostring(element, encoding="utf-8", xml_declaration=True)`` and a final newline,
    without the text wrapper that call puts around each of a feed's thousands of writes."""
    return (_XML_DECLARATION + ET.tostring(element, encoding="unicode") + "\n").encode()


_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def write_feeds(root: Path, directory: Directory, site_dir: Path, site_url: str) -> None:
    """/feed.xml for the whole directory and providers/<id>/feed.xml for each provider."""
    listings = list(directory.listings.values())
    dates = file_dates(root, [item.path for item in listings])
    (site_dir / FEED).write_bytes(
        atom_feed(listings, dates, site_url, FEED, "credir: new and changed credentials", "")
    )
    for provider_id, provider in directory.providers.items():
        path = provider_feed_path(provider_id)
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(
            atom_feed(
                directory.listings_of(provider_id),
                dates,
                site_url,
                path,
                f"credir: credentials of {provider.name}",
                provider_url(provider_id),
            )
        )
