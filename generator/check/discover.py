"""Find the files of a directory, and refuse anything that is not where the layout says.

`credentials/<provider-id>/_provider.yaml` and `credentials/<provider-id>/<id>.yaml`:
everything else (stray files, sub-folders, links, `.yml`, names differing only in
case, names Windows cannot check out, names with control characters, a `credentials/`
that is itself a link) is an error, never silently skipped, so nothing in a PR goes
unchecked.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.problems import Problem
from generator.check.refcache import Stamp, stamp_of
from generator.check.text import describe
from generator.format.limits import MAX_FILES

CREDENTIALS_DIR = "credentials"
PROVIDER_FILE = "_provider.yaml"


@dataclass
class Layout:
    """The files found, as paths relative to the root (forward slashes)."""

    root: Path
    providers: dict[str, str] = field(default_factory=dict)  # folder -> provider file
    credentials: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stamps: dict[str, Stamp] = field(default_factory=dict)  # listing file -> its stat data


def is_directory_root(folder: Path) -> bool:
    """Whether ``folder`` is a directory's repository: it has a credentials/ folder, and that
    folder is not a provider's (a provider may be called `credentials`: its folder then holds
    a _provider.yaml, which the directory's credentials/ never does)."""
    base = folder / CREDENTIALS_DIR
    return base.is_dir() and not (base / PROVIDER_FILE).exists()


def find_root(start: Path) -> Path | None:
    """The directory's repository that ``start`` is in, found upward as git finds its own:
    ``start`` itself, or its nearest parent that is one; None when there is none. Only
    credentials/ marks it: validating needs nothing else (building also needs mkdocs.yml,
    and says so)."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if is_directory_root(folder)), None)


def discover(root: Path) -> Layout:
    layout = Layout(root)
    base = root / CREDENTIALS_DIR
    if base.is_symlink():
        layout.problems.append(
            _stray(
                CREDENTIALS_DIR,
                f"{CREDENTIALS_DIR}/ is a symbolic link: it would read files outside the "
                "repository",
                f"commit the {CREDENTIALS_DIR}/ folder itself",
            )
        )
        return layout
    if not base.is_dir():
        layout.problems.append(
            Problem(
                CREDENTIALS_DIR,
                1,
                1,
                "",
                f"no {CREDENTIALS_DIR}/ folder in {root}",
                "run the command in the directory's repository, or pass --root DIR",
                code="layout",
            )
        )
        return layout
    count = 0
    for entry in _sorted_entries(base, layout, CREDENTIALS_DIR):
        rel = f"{CREDENTIALS_DIR}/{entry.name}"
        refused_name = name_problem(entry.name, rel)
        if refused_name:
            layout.problems.append(refused_name)
            continue
        if entry.is_symlink():
            layout.problems.append(
                _stray(rel, "symbolic links are not allowed", "commit the folder itself")
            )
            continue
        if not entry.is_dir(follow_symlinks=False):
            layout.problems.append(
                _stray(
                    rel,
                    "only provider folders belong in credentials/",
                    "move the file into its provider's folder",
                )
            )
            continue
        layout.folders.append(entry.name)
        for item in _sorted_entries(Path(entry.path), layout, rel):
            item_rel = f"{rel}/{item.name}"
            count += 1
            if count > MAX_FILES:
                layout.problems.append(
                    _stray(
                        item_rel,
                        f"more than {MAX_FILES:,} files",
                        "the directory is over its documented limit",
                    )
                )
                return layout
            info = item.stat(follow_symlinks=False)  # one lstat: the checks and the stamp
            problem = _refuse(item.name, info, item_rel)
            if problem:
                layout.problems.append(problem)
            elif item.name == PROVIDER_FILE:
                layout.providers[entry.name] = item_rel
            else:
                layout.credentials.append(item_rel)
                layout.stamps[item_rel] = stamp_of(info)
        if entry.name not in layout.providers:
            layout.problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "",
                    f"the folder has no {PROVIDER_FILE}",
                    f"add {rel}/{PROVIDER_FILE} describing the provider",
                    code="no-provider",
                )
            )
    return layout


def _sorted_entries(folder: Path, layout: Layout, rel: str) -> list[os.DirEntry[str]]:
    """Entries sorted by name, with names that differ only in case reported."""
    with os.scandir(folder) as scan:
        entries = list(scan)
    if all(entry.name == entry.name.casefold() for entry in entries):
        entries.sort(key=_name)  # the usual case: the order below is then the names' order
    else:
        # Of names equal but for case, the lowercase one (the valid slug) comes first and
        # is kept; the other is the one reported.
        entries.sort(key=lambda e: (e.name.casefold(), e.name != e.name.lower(), e.name))
    seen: dict[str, str] = {}
    kept = []
    for entry in entries:
        folded = entry.name.casefold()
        if folded in seen:
            layout.problems.append(
                _stray(
                    f"{rel}/{entry.name}",
                    f"the name differs from `{seen[folded]}` only in case",
                    "names must be lowercase slugs: keep one of the two",
                )
            )
            continue
        seen[folded] = entry.name
        kept.append(entry)
    return kept


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _refuse(name: str, info: os.stat_result, rel: str) -> Problem | None:
    """Why this entry of a provider folder (``info``: its lstat) is not a listing file, or
    None if it is one."""
    if (
        stat.S_ISREG(info.st_mode)
        and info.st_nlink == 1
        and name.endswith(".yaml")
        # Printable, no space, and a stem too long for a device name (CON, COM1): the
        # name rules hold, told without a Python step per character.
        and name.isprintable()
        and " " not in name
        and name.find(".") > 4
    ):
        return None  # what nearly every entry is, told at once
    refused_name = name_problem(name, rel)
    if refused_name:
        return refused_name
    if stat.S_ISLNK(info.st_mode):
        return _stray(rel, "symbolic links are not allowed", "commit the file itself")
    if stat.S_ISDIR(info.st_mode):
        return _stray(
            rel,
            "sub-folders are not allowed in a provider folder",
            "put every file directly in the provider folder",
        )
    if not stat.S_ISREG(info.st_mode):
        return _stray(rel, "not a regular file", "commit a plain text file")
    if info.st_nlink > 1:
        return _stray(rel, "hard links are not allowed", "commit an independent copy of the file")
    if name.endswith(".yml"):
        return _stray(rel, "listing files end in .yaml", f"rename it to {name[:-4]}.yaml")
    if not name.endswith(".yaml"):
        return _stray(
            rel,
            "only .yaml listing files belong in a provider folder",
            "remove the file, or describe it in the listing's YAML",
        )
    return None


# Device names that Windows reserves whatever the extension (`con.yaml` is CON, and so is
# `con .yaml`): a clone of the repository fails there.
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"
}


def name_problem(name: str, rel: str) -> Problem | None:
    """Why a file or folder cannot have this name in the directory, or None.

    Such names pass git and Linux but break elsewhere: a line break or control character
    in a name could start a new line (or command) in a CI log, Windows cannot check out its
    device names, and it silently drops a trailing dot or space (so `a.yaml.` is `a.yaml`)."""
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
            what = "a line break" if char in "\n\r" else "an invisible or control character"
            return _stray(
                rel,
                f"the name holds {describe(char)}, {what}",
                "rename it with letters a-z, digits and hyphens only",
            )
    device = name.partition(".")[0].rstrip(" ").upper()
    if device in _DEVICES:
        return _stray(
            rel,
            f"`{device}` is a device name that Windows reserves, with any extension",
            "rename it: the repository could not be checked out on Windows",
        )
    if name.endswith((".", " ")):
        return _stray(
            rel,
            "the name ends in a dot or a space, which Windows drops",
            "rename it without the trailing dot or space",
        )
    return None


def _stray(rel: str, message: str, hint: str) -> Problem:
    return Problem(rel, 1, 1, "", message, hint, code="layout")
