"""The directory keys each credential file names, remembered between runs.

`credir validate PATH` reports on one file but still cross-checks it against the whole
directory: every key must exist (file names say that) and `contributes_to` must have no
cycle, which needs the links of every other file. Reading 10,000 files for their links
would cost most of a full validation, so the links of each file are kept in
`.credir-cache/references.json` under the directory's root, keyed like git's index by the
file's size, modification and change times and inode: a file whose stat data is unchanged
has unchanged links. Entries for files changed in the last seconds are not written (git's
"racy" rule: a change within the same clock tick would keep the stat data), and anything
unreadable or from another version is ignored. The cache only ever saves time: without it
the files are read again.

Small directories gain nothing from it, so it is written only from CACHE_MIN_FILES files
up; the folder carries its own `.gitignore`, as pytest's and ruff's caches do.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

CACHE_DIR = ".credir-cache"
CACHE_FILE = "references.json"
CACHE_VERSION = 2  # bump when what `crosscheck.references` returns changes
CACHE_MIN_FILES = 1000
RACY_SECONDS = 2

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Links = list[tuple[str, tuple[str | int, ...]]]  # (target key, field path) per reference


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class ReferenceCache:
    """Links by file path, valid while the file's stamp is unchanged."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        # Path -> [stamp, [[target, field path], ...]], as the file holds them: read back
        # as they are and turned into tuples only for the file asked about (10,000 entries
        # made into tuples took as long as reading them).
        self.files: dict[str, Any] = {}
        self.changed = False

    @classmethod
    def read(cls, root: Path) -> ReferenceCache:
        cache = cls(root)
        try:
            stored = json.loads(cache.path.read_text(encoding="utf-8"))
            if stored.get("version") == CACHE_VERSION and isinstance(stored["files"], dict):
                cache.files = stored["files"]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # unreadable or foreign: start afresh
        return cache

    def links(self, path: str, stamp: Stamp) -> Links | None:
        """The links of ``path`` if it is unchanged since they were stored (None for an
        entry in any other shape: the file is read again)."""
        try:
            stored_stamp, links = self.files[path]
            if stored_stamp != [*stamp]:
                return None
            return [(target, tuple(field)) for target, field in links]
        except (KeyError, TypeError, ValueError):
            return None

    def store(self, path: str, stamp: Stamp, links: Links) -> None:
        if time.time_ns() - max(stamp[1], stamp[2]) < RACY_SECONDS * 1_000_000_000:
            return  # changed just now: the same stamp could hide another change
        entry = [[*stamp], [[target, [*field]] for target, field in links]]
        if self.files.get(path) != entry:
            self.files[path] = entry
            self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone."""
        gone = self.files.keys() - paths
        for path in gone:
            del self.files[path]
        self.changed = self.changed or bool(gone)

    def write(self) -> None:
        """Save, if anything changed; a cache that cannot be written is simply not kept."""
        if not self.changed:
            return
        folder = self.path.parent
        files = dict(sorted(self.files.items()))
        try:
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by credir: a cache, never committed\n*\n")
            partial = folder / f"{CACHE_FILE}.{os.getpid()}.tmp"
            partial.write_text(
                json.dumps({"version": CACHE_VERSION, "files": files}, separators=(",", ":")),
                encoding="utf-8",
            )
            os.replace(partial, self.path)
        except OSError:
            return
        self.changed = False
