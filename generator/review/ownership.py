"""Who may change what: CODEOWNERS from the data, and the pull request ownership check.

A provider's folder belongs to the GitHub handles in its `_provider.yaml` `maintainers`;
the repository maintainers, listed once in `.github/maintainers.yml`, may change anything.
`credir codeowners` writes `.github/CODEOWNERS` from exactly that, so GitHub asks the right
people for review, and `credir check-ownership` fails a pull request that changes a folder
its author does not maintain. The check reads who owns what at the base commit, so a pull
request cannot grant itself the right to change a folder (a new folder is the exception:
it has no owner yet, and its author must list themselves).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.check.discover import CREDENTIALS_DIR, PROVIDER_FILE, name_problem
from generator.check.load import parse_document
from generator.check.problems import Problem
from generator.check.validate import check_provider
from generator.check.workflow_log import one_line
from generator.format.limits import MAX_FILE_BYTES
from generator.format.patterns import GITHUB_HANDLE
from generator.review import git

MAINTAINERS_FILE = ".github/maintainers.yml"
CODEOWNERS_FILE = ".github/CODEOWNERS"
CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024  # GitHub ignores a larger CODEOWNERS
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")


class OwnershipError(Exception):
    """The ownership configuration cannot be read; the message says what to fix."""


@dataclass(frozen=True)
class RepositoryConfig:
    """`.github/maintainers.yml`: the repository on GitHub and its maintainers."""

    repository: str  # owner/name, for links in the contributor guide
    maintainers: tuple[str, ...]  # GitHub handles, without @


def handle(text: str) -> str:
    """A GitHub handle as compared: without `@`, in lowercase (GitHub ignores case)."""
    return text.strip().removeprefix("@").lower()


def parse_config(raw: bytes | None, where: str = MAINTAINERS_FILE) -> RepositoryConfig:
    if raw is None:
        raise OwnershipError(
            f"{where} is missing: list the repository maintainers there "
            "(`repository: owner/name` and `maintainers: [handle, ...]`)"
        )
    document, problems = parse_document(raw, where)
    if document is None:
        raise OwnershipError("; ".join(str(p) for p in problems))
    data = document.data
    unknown = sorted(set(data) - {"repository", "maintainers"})
    if unknown:
        allowed = "allowed: repository, maintainers"
        raise OwnershipError(f"{where}: unknown field `{unknown[0]}` ({allowed})")
    repository = data.get("repository")
    if not isinstance(repository, str) or not _REPOSITORY.fullmatch(repository):
        raise OwnershipError(f"{where}: `repository` must be GitHub's owner/name, e.g. acme/credir")
    maintainers = data.get("maintainers")
    if not isinstance(maintainers, list) or not maintainers:
        raise OwnershipError(f"{where}: `maintainers` must list at least one GitHub handle")
    for item in maintainers:
        if not isinstance(item, str) or not re.fullmatch(GITHUB_HANDLE.regex, item):
            raise OwnershipError(
                f"{where}: `{item}` in `maintainers` is not {GITHUB_HANDLE.expected}"
            )
    return RepositoryConfig(repository, tuple(item.removeprefix("@") for item in maintainers))


def read_config(root: Path) -> RepositoryConfig:
    return parse_config(read_plain_file(root, MAINTAINERS_FILE))


def read_plain_file(root: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> bytes | None:
    """``rel`` under ``root`` as git would have committed it, or None when it is absent.

    The files may come from a pull request: a link (to a secret, or to /dev/zero), a
    linked folder on the way, a device or a file over ``max_bytes`` is refused, never read."""
    path = root
    for part in rel.split("/"):
        path = path / part
        if path.is_symlink():
            raise OwnershipError(f"{rel}: {path.relative_to(root)} is a symbolic link")
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise OwnershipError(f"{rel} is not a regular file")
    if info.st_size > max_bytes:
        raise OwnershipError(f"{rel} is larger than {max_bytes:,} bytes")
    return path.read_bytes()


# --- CODEOWNERS ---------------------------------------------------------------------------


def provider_maintainers(
    files: Mapping[str, bytes | None],
) -> tuple[dict[str, list[str]], list[Problem]]:
    """Each valid provider's `maintainers` (folder -> handles), and the problems of the rest.

    Only a provider file that validates counts: CODEOWNERS must not be built from a file
    the directory itself would refuse.
    """
    owners: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for path, raw in sorted(files.items()):
        parts = path.split("/")
        if len(parts) != 3 or parts[0] != CREDENTIALS_DIR or parts[2] != PROVIDER_FILE:
            continue
        refused_name = name_problem(parts[1], f"{CREDENTIALS_DIR}/{parts[1]}")
        if refused_name:  # a line break in a folder name would add a line to CODEOWNERS
            problems.append(refused_name)
            continue
        if raw is None:
            problems.append(Problem(path, 1, 1, "", "file is too large to read", code="too-large"))
            continue
        document, found = parse_document(raw, path)
        provider, more = check_provider(document) if document else (None, [])
        found = [p for p in found + more if p.is_error]
        problems += found
        if provider is not None and not found:
            owners[parts[1]] = [item.removeprefix("@") for item in provider.maintainers or []]
    return owners, problems


def codeowners_text(config: RepositoryConfig, owners: Mapping[str, list[str]]) -> str:
    """The CODEOWNERS file: repository maintainers own everything, and each provider folder
    also belongs to its maintainers (the last matching line wins, so both are listed)."""
    everyone = [f"@{name.removeprefix('@')}" for name in config.maintainers]
    lines = [
        "# Generated by `credir codeowners` from .github/maintainers.yml and the `maintainers`",
        "# of every credentials/<provider-id>/_provider.yaml. Do not edit: run the command.",
        "# GitHub uses the last matching line, so each line also names the repository",
        "# maintainers. A handle only counts if that person has access to the repository.",
        "",
        f"* {' '.join(everyone)}",
    ]
    for folder in sorted(owners):
        named = [f"@{name.removeprefix('@')}" for name in owners[folder]]
        seen = {handle(name) for name in named}
        named += [name for name in everyone if handle(name) not in seen]
        if owners[folder]:
            lines.append(f"/{CREDENTIALS_DIR}/{folder}/ {' '.join(named)}")
    return "\n".join(lines) + "\n"


def provider_files_on_disk(root: Path) -> dict[str, bytes | None]:
    """Every `credentials/*/_provider.yaml` in the working tree, read as git's files are:
    plain files in plain folders, never through a link (the files may be a pull request's);
    odd folder names are kept, for provider_maintainers to refuse."""
    base = root / CREDENTIALS_DIR
    if base.is_symlink():
        raise OwnershipError(f"{CREDENTIALS_DIR}/ is a symbolic link: commit the folder itself")
    if not base.is_dir():
        raise OwnershipError(f"no {CREDENTIALS_DIR}/ folder in {root}: pass --root DIR")
    found: dict[str, bytes | None] = {}
    for folder in sorted(os.scandir(base), key=lambda entry: entry.name):
        path = Path(folder.path) / PROVIDER_FILE
        if not folder.is_dir(follow_symlinks=False) or not path.is_file() or path.is_symlink():
            continue
        too_large = path.stat().st_size > MAX_FILE_BYTES
        found[path.relative_to(root).as_posix()] = None if too_large else path.read_bytes()
    return found


def expected_codeowners(root: Path) -> tuple[str, list[Problem]]:
    owners, problems = provider_maintainers(provider_files_on_disk(root))
    return codeowners_text(read_config(root), owners), problems


# --- the pull request check ---------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """One changed path the author may not change, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Verdict:
    author: str
    changed: list[str]
    refused: list[Refusal]

    @property
    def ok(self) -> bool:
        return not self.refused


def check_ownership(root: Path, base: str, author: str, head: str = "HEAD") -> Verdict:
    """Judge every path that base...head changes against who owns it at the base."""
    since = git.merge_base(root, base, head)
    changed = git.changed_paths(root, base, head)
    prefix = git.top_level(root).resolve()
    inside = root.resolve().relative_to(prefix).as_posix()
    inside = "" if inside == "." else inside + "/"
    config = parse_config(
        git.file_at(root, since, MAINTAINERS_FILE), f"{MAINTAINERS_FILE} at {base}"
    )
    who = handle(author)
    if who in {handle(name) for name in config.maintainers}:
        return Verdict(author, changed, [])

    before = git.files_at(root, since, CREDENTIALS_DIR)
    after: dict[str, bytes | None] | None = None  # read only when a new folder needs it
    owners_before = _loose_maintainers(before)
    refused: list[Refusal] = []
    for path in changed:
        if not path.startswith(inside):
            refused.append(Refusal(path, "outside the directory: only repository maintainers"))
            continue
        rel = path.removeprefix(inside)
        parts = rel.split("/")
        if len(parts) >= 3 and parts[0] == CREDENTIALS_DIR:
            folder = parts[1]
            provider_file = f"{CREDENTIALS_DIR}/{folder}/{PROVIDER_FILE}"
            if provider_file in before:
                owners = owners_before.get(folder, [])
                source = f"its maintainers at {base}"
            else:  # a folder the branch creates: its own _provider.yaml names the owners
                if after is None:
                    after = git.files_at(root, head, CREDENTIALS_DIR)
                owners = _loose_maintainers(after).get(folder, [])
                source = "the maintainers in its new _provider.yaml"
            if who in {handle(name) for name in owners}:
                continue
            listed = ", ".join(f"@{name}" for name in owners) or "nobody"
            refused.append(Refusal(path, f"provider `{folder}`: {source} are {listed}"))
        elif rel == CODEOWNERS_FILE and _is_generated_codeowners(root, head):
            continue  # derived from files that are checked here too; anyone may refresh it
        else:
            refused.append(Refusal(path, "outside credentials/: only repository maintainers"))
    return Verdict(author, changed, refused)


def _loose_maintainers(files: Mapping[str, bytes | None]) -> dict[str, list[str]]:
    """`maintainers` of every provider file that loads, valid or not: a folder's owners must
    not lose their rights because another field of their provider file has an error."""
    owners: dict[str, list[str]] = {}
    for path, raw in files.items():
        parts = path.split("/")
        if len(parts) != 3 or parts[2] != PROVIDER_FILE or raw is None:
            continue
        document, _ = parse_document(raw, path)
        listed = document.data.get("maintainers") if document else None
        if isinstance(listed, list):
            owners[parts[1]] = [
                item.removeprefix("@")
                for item in listed
                if isinstance(item, str) and re.fullmatch(GITHUB_HANDLE.regex, item)
            ]
    return owners


def _is_generated_codeowners(root: Path, head: str) -> bool:
    """CODEOWNERS at head is exactly what `credir codeowners` makes from head's files."""
    try:
        config = parse_config(git.file_at(root, head, MAINTAINERS_FILE))
    except OwnershipError:
        return False
    owners, problems = provider_maintainers(git.files_at(root, head, CREDENTIALS_DIR))
    written = git.file_at(root, head, CODEOWNERS_FILE)
    return not problems and written == codeowners_text(config, owners).encode()


def render_verdict(verdict: Verdict, base: str) -> str:
    if verdict.ok:
        count = len(verdict.changed)
        return (
            f"ownership ok: @{verdict.author.removeprefix('@')} may change "
            f"{'all ' if count > 1 else ''}{count} changed file{'s' * (count != 1)} "
            f"against {base}\n"
        )
    lines = [
        f"ownership: @{verdict.author.removeprefix('@')} may not change "
        f"{len(verdict.refused)} of the {len(verdict.changed)} files this branch changes "
        f"against {base}:"
    ]
    # A changed path is any name a pull request chose: one line each, after a `-`, so
    # that none is read as a workflow command (generator/check/workflow_log.py).
    lines += [one_line(f"  - {refusal.path}  ({refusal.reason})") for refusal in verdict.refused]
    lines.append(
        "Change only the folders you maintain (your handle under `maintainers` in their "
        "_provider.yaml); ask a repository maintainer (see "
        f"{MAINTAINERS_FILE}) for anything else."
    )
    return "\n".join(lines) + "\n"
