"""Read a git repository's history without touching the working tree.

`credir changes` and `credir check-ownership` compare what a branch changes against a
base. They read files at a commit straight from git's object store (`git ls-tree`,
`git cat-file`), so nothing is checked out, stashed or written. Every failure becomes a
GitError with a sentence a maintainer can act on, never a traceback.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.format.limits import MAX_FILE_BYTES, MAX_FILES

_TIMEOUT_SECONDS = 120


class GitError(Exception):
    """git could not answer: not a repository, an unknown ref, git missing."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed (or not on PATH)") from error
    except subprocess.TimeoutExpired as error:
        raise GitError(f"git {args[0]} took longer than {_TIMEOUT_SECONDS} s") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout


def commit_of(root: Path, ref: str) -> str:
    """The commit a ref names, or a GitError that says which ref is unknown."""
    if ref.startswith("-"):  # never let a ref be read as an option
        raise GitError(f"`{ref}` is not a git ref")
    top_level(root)  # a folder outside any repository gets that said, not "unknown ref"
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        hint = "fetch it first (git fetch origin)" if "/" in ref else "check the spelling"
        raise GitError(f"`{ref}` is not a commit in {root}: {hint}") from None


def merge_base(root: Path, base: str, head: str) -> str:
    """Where the branch left base: what `base...head` compares against, as a PR does."""
    base_commit, head_commit = commit_of(root, base), commit_of(root, head)
    try:
        return _git(root, "merge-base", base_commit, head_commit).decode().strip()
    except GitError:
        raise GitError(f"`{base}` and `{head}` have no common history") from None


def top_level(root: Path) -> Path:
    """The repository's top folder; `root` may be the top or a folder inside it."""
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except GitError:
        raise GitError(f"{root} is not inside a git repository") from None


def changed_paths(root: Path, base: str, head: str) -> list[str]:
    """Paths (from the repository's top) that differ between base...head.

    Renames are split into a deletion and an addition, so both the old and the new path
    are judged (a move out of someone else's folder touches that folder).
    """
    since = merge_base(root, base, head)
    out = _git(root, "diff", "--name-only", "--no-renames", "-z", since, commit_of(root, head))
    return sorted(path for path in out.decode("utf-8", "surrogateescape").split("\0") if path)


def files_at(
    root: Path, ref: str, folder: str, *, max_bytes: int = MAX_FILE_BYTES
) -> dict[str, bytes | None]:
    """Every regular file under ``folder`` (relative to ``root``) at ``ref``, read in memory.

    Keys are paths relative to ``root`` with forward slashes, like the loader's paths; a
    file larger than ``max_bytes`` is not read at all and maps to None. Links and
    submodules are left out: the validator refuses them on its own.
    """
    commit = commit_of(root, ref)
    listing = _git(root, "ls-tree", "-r", "-z", "-l", "--full-name", commit, "--", folder)
    prefix = _prefix(root)
    wanted = folder.strip("/")
    sizes: dict[str, tuple[str, int]] = {}
    for entry in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, sha, size = meta.split()
        path = path.removeprefix(prefix)
        inside = path == wanted or path.startswith(wanted + "/")
        if kind != "blob" or mode not in ("100644", "100755") or not inside:
            continue
        sizes[path] = (sha, int(size))
        if len(sizes) > MAX_FILES:
            raise GitError(f"more than {MAX_FILES:,} files under {folder} at {ref}")
    readable = [path for path, (_, size) in sizes.items() if size <= max_bytes]
    contents = dict(zip(readable, _read_blobs(root, [sizes[p][0] for p in readable]), strict=True))
    return {path: contents.get(path) for path in sizes}


def file_at(root: Path, ref: str, path: str) -> bytes | None:
    """One file (relative to ``root``) at ``ref``; None when it is absent or too large."""
    return files_at(root, ref, path).get(path)


def _prefix(root: Path) -> str:
    """``root``'s path inside the repository, e.g. `directory/`, or '' at the top."""
    return _git(root, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").strip()


def _read_blobs(root: Path, shas: list[str]) -> list[bytes]:
    """Many blobs in one `git cat-file --batch` call instead of a process per file."""
    if not shas:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents, position = [], 0
    for sha in shas:
        header_end = out.index(b"\n", position)
        name, kind, size = out[position:header_end].decode().split()
        if name != sha or kind != "blob":  # pragma: no cover - git answers in order
            raise GitError(f"git returned {name} {kind} for {sha}")
        start = header_end + 1
        contents.append(out[start : start + int(size)])
        position = start + int(size) + 1  # each blob ends with a newline
    return contents
