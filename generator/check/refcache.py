"""The directory keys each credential file names, and its title, remembered between runs.

`credir validate PATH` reports on one file but still cross-checks it against the whole
directory: every key must exist (file names say that) and `contributes_to` must have no
cycle, which needs the links of every other file (and no two titles may be the same, which
needs every other file's title). Reading 10,000 files for their links
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
CACHE_VERSION = 3  # bump when what `crosscheck.references` returns changes (2: titles, 3: accepts)
CACHE_MIN_FILES = 1000
RACY_SECONDS = 2

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Links = list[tuple[str, tuple[str | int, ...]]]  # (target key, field path) per reference


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class ReferenceCache:
    """Links and title by file path, valid while the file's stamp is unchanged."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        # Path -> [stamp, [[target, field path], ...], title or null], as the file holds
        # them: read back as they are and turned into tuples only for the file asked about
        # (10,000 entries made into tuples took as long as reading them).
        self.files: dict[str, Any] = {}
        self.changed = False

    @classmethod
    def read(cls, root: Path) -> ReferenceCache:
        cache = cls(root)
        if cache._linked():
            return cache
        try:
            stored = json.loads(cache.path.read_text(encoding="utf-8"))
            if stored.get("version") == CACHE_VERSION and isinstance(stored["files"], dict):
                cache.files = stored["files"]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # unreadable or foreign: start afresh
        return cache

    def entry(self, path: str, stamp: Stamp) -> tuple[Links, str | None] | None:
        """The links and title of ``path`` if it is unchanged since they were stored (None
        for an entry in any other shape: the file is read again)."""
        try:
            stored_stamp, links, title = self.files[path]
            if stored_stamp != [*stamp] or not isinstance(title, str | None):
                return None
            return [(target, tuple(field)) for target, field in links], title
        except (KeyError, TypeError, ValueError):
            return None

    def store(self, path: str, stamp: Stamp, links: Links, title: str | None) -> None:
        if time.time_ns() - max(stamp[1], stamp[2]) < RACY_SECONDS * 1_000_000_000:
            return  # changed just now: the same stamp could hide another change
        entry = [[*stamp], [[target, [*field]] for target, field in links], title]
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
        data = json.dumps({"version": CACHE_VERSION, "files": files}, separators=(",", ":"))
        if self._linked():
            return
        try:
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists() and not ignore.is_symlink():
                _write_new(ignore, b"# written by credir: a cache, never committed\n*\n")
            partial = folder / f"{CACHE_FILE}.{os.getpid()}.tmp"
            partial.unlink(missing_ok=True)  # a dead run's, or a link: removed, not followed
            _write_new(partial, data.encode("utf-8"))
            os.replace(partial, self.path)  # replaces a link itself, never what it points to
        except OSError:
            return
        self.changed = False

    def _linked(self) -> bool:
        """The cache folder or file is a link: a checkout (a pull request's) may hold one,
        to have the cache read or written outside the root. It is then not used."""
        return self.path.parent.is_symlink() or self.path.is_symlink()


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that does not exist yet: never through a link left in its place."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(path, flags, 0o666)
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)
