"""Publish a finished build in one step, and tidy up after builds that were killed.

A build writes into a staging folder beside the output, named with its process id
(`.site-building-<pid>-xxxx`). Publishing exchanges the two folders in one rename
(Linux `renameat2(RENAME_EXCHANGE)`), so at every instant `site/` is either the last good
build or the new one, never missing or half-written. Where the exchange is not available
the old folder is first moved aside (`.site-old-<pid>`), and a later build puts it back if
the process died between the two renames. A killed build leaves its staging folder behind;
the next build removes every such folder whose process is gone.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_folder(out: Path) -> Path:
    """A new, empty folder beside ``out`` to build into."""
    return Path(tempfile.mkdtemp(prefix=f".{out.name}-building-{os.getpid()}-", dir=out.parent))


def _leftovers(out: Path) -> list[tuple[Path, int, str]]:
    pattern = re.compile(rf"\.{re.escape(out.name)}-(building|old)-(\d+)(?:-.*)?")
    found = []
    for entry in sorted(out.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink():
            found.append((entry, int(match[2]), match[1]))
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale(out: Path) -> list[Path]:
    """Remove what killed builds left beside ``out``; restore ``out`` if a build died while
    it was moved aside. Folders of builds still running are left alone. Returns what went."""
    removed = []
    for folder, pid, kind in _leftovers(out):
        if _alive(pid):
            continue
        if kind == "old" and not out.exists():
            os.replace(folder, out)  # the last good site, moved aside by a build that died
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def swap(staging: Path, out: Path) -> None:
    """Make ``staging`` the new ``out`` in one step; the previous output is deleted."""
    staging.chmod(0o755)  # mkdtemp made it private; a published site is world-readable
    if not out.exists():
        os.replace(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    old = out.with_name(f".{out.name}-old-{os.getpid()}")
    os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (not Linux, old kernel,
    a file system without the flag)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def move_into(source: Path, target: Path) -> None:
    """Move everything under ``source`` to the same place under ``target`` (a folder
    ``target`` lacks moves in one rename); ``source`` is removed. A file that exists in
    both is an error: the two halves of a build must not write the same path."""
    for entry in sorted(source.iterdir()):
        there = target / entry.name
        if entry.is_dir() and not entry.is_symlink() and there.is_dir():
            move_into(entry, there)
        elif there.exists() or there.is_symlink():
            raise FileExistsError(f"{there} written twice")
        else:
            os.replace(entry, there)
    source.rmdir()
