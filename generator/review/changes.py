"""What a branch changes in the directory, per credential, for a pull request's reviewer.

Both sides are read from git into memory (nothing is checked out) and go through the same
load -> validate -> cross-check steps as `credir validate`, so the report shows what the
validator sees: each credential added, removed or changed, a field-level diff on the
loaded values (old -> new), and for every added or changed credential its EU Annex I
completeness and any problems. The markdown is written for a PR's job summary; values
from the files are escaped there, since the authors of a PR are not trusted.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.check.crosscheck import Reference, check_provider_names, check_references, references
from generator.check.discover import CREDENTIALS_DIR, PROVIDER_FILE
from generator.check.load import Document, parse_document
from generator.check.problems import Problem, capped, format_field
from generator.check.validate import check_credential, check_provider
from generator.directory import Listing
from generator.format.limits import MAX_FILE_BYTES
from generator.format.models import Credential, Provider
from generator.review import git
from generator.review.job_summary import code, escape

Status = Literal["added", "removed", "changed"]
_ABSENT = object()  # a field not in the file, as opposed to one left empty (None)
_MAX_SHOWN_CHARS = 160
# A job summary holds at most 1 MiB: a file of thousands of fields (or problems, see
# generator.check.problems.capped) is shown by its first ones and a count.
_MAX_FIELD_ROWS = 100


@dataclass
class FileState:
    """One listing file at one commit: its values, its problems, and what it became."""

    path: str
    data: dict[str, Any] | None  # None when the YAML itself does not load
    problems: list[Problem] = field(default_factory=list)
    listing: Listing | None = None  # credentials only, when it and its provider are valid


@dataclass
class Snapshot:
    """The directory's files at one commit, checked as `credir validate` checks them."""

    providers: dict[str, FileState]  # provider id (folder) -> its _provider.yaml
    credentials: dict[str, FileState]  # key `provider-id/credential-id` -> file


def load_snapshot(files: Mapping[str, bytes | None]) -> Snapshot:
    """Check files held in memory (path relative to the root -> bytes, None if too large)."""
    providers: dict[str, FileState] = {}
    models: dict[str, Provider] = {}
    credentials: dict[str, FileState] = {}
    checked: dict[str, Credential | None] = {}
    refs: list[Reference] = []
    provider_documents: list[Document] = []
    for path, raw in sorted(files.items()):
        folder, name = _split(path)
        if folder is None or not name.endswith(".yaml"):
            continue  # not a listing file: `credir validate` reports strays on its own
        state, document = _load(path, raw)
        if name == PROVIDER_FILE:
            if document is not None:
                provider, more = check_provider(document)
                state.problems = state.problems + more
                provider_documents.append(document)
                if provider is not None:
                    models[folder] = provider
            providers[folder] = state
            continue
        key = f"{folder}/{name.removesuffix('.yaml')}"
        if document is not None:
            checked[key], more = check_credential(document)
            state.problems = state.problems + more
            refs += references(key, document)
        credentials[key] = state
    for problem in check_provider_names(provider_documents):  # as load_directory does
        providers[problem.path.split("/")[1]].problems.append(problem)
    for folder, state in providers.items():
        state.problems.sort()
        if _has_errors(state):
            models.pop(folder, None)  # its listings are not assessed until it is fixed
    for problem in check_references(refs, set(credentials)):
        key = problem.path.removeprefix(CREDENTIALS_DIR + "/").removesuffix(".yaml")
        credentials[key].problems.append(problem)
    for key, state in credentials.items():
        state.problems.sort()
        credential = checked.get(key)
        folder = key.split("/", 1)[0]
        if credential is not None and folder in models and not _has_errors(state):
            state.listing = Listing(key, state.path, models[folder], credential)
    return Snapshot(providers, credentials)


def _split(path: str) -> tuple[str | None, str]:
    """`credentials/<folder>/<name>` -> (folder, name); anything else -> (None, '')."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != CREDENTIALS_DIR:
        return None, ""
    return parts[1], parts[2]


def _load(path: str, raw: bytes | None) -> tuple[FileState, Document | None]:
    if raw is None:
        too_large = f"file is larger than {MAX_FILE_BYTES:,} bytes"
        return FileState(path, None, [Problem(path, 1, 1, "", too_large, code="too-large")]), None
    document, problems = parse_document(raw, path)
    return FileState(path, document.data if document else None, problems), document


def _has_errors(state: FileState) -> bool:
    return any(problem.is_error for problem in state.problems)


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One value that differs: `workload.hours` 30 -> 40; a side is _ABSENT when missing."""

    field: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is _ABSENT:
            return "added"
        return "removed" if self.new is _ABSENT else "changed"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "change": self.kind}
        if self.old is not _ABSENT:
            out["old"] = _plain(self.old)
        if self.new is not _ABSENT:
            out["new"] = _plain(self.new)
        return out


@dataclass
class Entry:
    """One credential (or provider) the branch adds, removes or changes."""

    key: str
    path: str
    status: Status
    title: str | None
    fields: list[FieldChange]
    problems: list[Problem]  # at head; empty for a removed file
    missing_annex_i: list[str] | None  # at head; None when the listing is not valid there
    loads: bool = True  # False when the YAML does not load on one side

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "path": self.path,
            "status": self.status,
            "title": self.title,
            "loads": self.loads,
            "fields": [change.as_dict() for change in self.fields],
            "missing_annex_i": self.missing_annex_i,
            "errors": [p.as_dict() for p in capped(self.problems) if p.is_error],
            "warnings": [p.as_dict() for p in capped(self.problems) if not p.is_error],
        }


@dataclass
class Changes:
    base: str
    head: str
    base_commit: str
    head_commit: str
    credentials: list[Entry]
    providers: list[Entry]

    def as_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "head": self.head,
            "base_commit": self.base_commit,
            "head_commit": self.head_commit,
            "credentials": [entry.as_dict() for entry in self.credentials],
            "providers": [entry.as_dict() for entry in self.providers],
        }


def changes_between(root: Path, base: str, head: str = "HEAD") -> Changes:
    """Compare the directory where the branch left ``base`` (their merge base) with ``head``."""
    since = git.merge_base(root, base, head)
    head_commit = git.commit_of(root, head)
    before = load_snapshot(git.files_at(root, since, CREDENTIALS_DIR))
    after = load_snapshot(git.files_at(root, head_commit, CREDENTIALS_DIR))
    return Changes(
        base,
        head,
        since,
        head_commit,
        _compare(before.credentials, after.credentials, title_field="title"),
        _compare(before.providers, after.providers, title_field="name"),
    )


def _compare(
    before: dict[str, FileState], after: dict[str, FileState], *, title_field: str
) -> list[Entry]:
    entries = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old.data == new.data and _same(old, new):
            continue
        status: Status = "added" if old is None else "removed" if new is None else "changed"
        shown = new if new is not None else old
        assert shown is not None
        title = (shown.data or {}).get(title_field)
        old_data = old.data if old is not None else {}
        new_data = new.data if new is not None else {}
        loads = (old is None or old.data is not None) and (new is None or new.data is not None)
        entries.append(
            Entry(
                key=key,
                path=shown.path,
                status=status,
                title=title if isinstance(title, str) else None,
                fields=diff_values(old_data or {}, new_data or {}) if loads else [],
                problems=list(new.problems) if new is not None else [],
                missing_annex_i=(
                    list(new.listing.missing_annex_i) if new and new.listing else None
                ),
                loads=loads,
            )
        )
    return entries


def _same(old: FileState, new: FileState) -> bool:
    """Same values and the same verdict: a file whose problems changed is worth a look."""
    return [(p.severity, p.code, p.message) for p in old.problems] == [
        (p.severity, p.code, p.message) for p in new.problems
    ]


def diff_values(old: Any, new: Any, loc: tuple[str | int, ...] = ()) -> list[FieldChange]:
    """Leaf-level differences between two loaded values; list items are matched, not indexed,
    so inserting one learning outcome reports one addition rather than a shifted list."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in [*old, *(k for k in new if k not in old)]:
            changes += diff_values(old.get(key, _ABSENT), new.get(key, _ABSENT), (*loc, key))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _diff_lists(old, new, loc)
    if old is _ABSENT and isinstance(new, dict) and new:  # a whole group added: its leaves
        return diff_values({}, new, loc)
    if new is _ABSENT and isinstance(old, dict) and old:
        return diff_values(old, {}, loc)
    if old == new and type(old) is type(new):
        return []
    return [FieldChange(format_field(loc), old, new)]


def _diff_lists(old: list[Any], new: list[Any], loc: tuple[str | int, ...]) -> list[FieldChange]:
    matcher = difflib.SequenceMatcher(
        a=[_fingerprint(item) for item in old], b=[_fingerprint(item) for item in new]
    )
    changes: list[FieldChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                changes += diff_values(old[i1 + offset], new[j1 + offset], (*loc, j1 + offset))
            continue
        changes += [FieldChange(format_field((*loc, i)), old[i], _ABSENT) for i in range(i1, i2)]
        changes += [FieldChange(format_field((*loc, j)), _ABSENT, new[j]) for j in range(j1, j2)]
    return changes


def _fingerprint(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False)


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, everything else as loaded."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# --- reporters ----------------------------------------------------------------------------


def render(changes: Changes, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(changes.as_dict(), indent=2, ensure_ascii=False) + "\n"
    return render_markdown(changes)


def render_markdown(changes: Changes) -> str:
    """The report as GitHub-flavoured markdown, for `$GITHUB_STEP_SUMMARY`."""
    lines = [
        f"## Directory changes against {code(changes.base)}",
        "",
        f"Compared {code(changes.base_commit[:12])} (where the branch left "
        f"{code(changes.base)}) with {code(changes.head_commit[:12])}.",
        "",
    ]
    if not changes.credentials and not changes.providers:
        lines.append("No credential or provider file changes.")
        return "\n".join(lines) + "\n"
    lines += [_counts(changes), ""]
    for status, heading in (("added", "Added"), ("changed", "Changed"), ("removed", "Removed")):
        entries = [e for e in changes.credentials if e.status == status]
        if entries:
            lines += [f"### {heading} credentials", ""]
            for entry in entries:
                lines += _entry_markdown(entry)
    if changes.providers:
        lines += ["### Providers", ""]
        for entry in changes.providers:
            lines += _entry_markdown(entry, annex=False)
    return "\n".join(lines).rstrip() + "\n"


def _counts(changes: Changes) -> str:
    parts = []
    for status in ("added", "changed", "removed"):
        count = sum(entry.status == status for entry in changes.credentials)
        if count:
            parts.append(f"{count} {status}")
    credentials = "Credentials: " + (", ".join(parts) if parts else "none changed") + "."
    errors = sum(p.is_error for e in changes.credentials + changes.providers for p in e.problems)
    warnings = sum(
        not p.is_error for e in changes.credentials + changes.providers for p in e.problems
    )
    verdict = (
        f"**{errors} error{'s' * (errors != 1)}** in the changed files"
        if errors
        else "No errors in the changed files"
    )
    return f"{credentials} Providers: {len(changes.providers)} changed. {verdict}, " + (
        f"{warnings} warning{'s' * (warnings != 1)}."
    )


def _entry_markdown(entry: Entry, *, annex: bool = True) -> list[str]:
    title = f" — {escape(entry.title)}" if entry.title else ""
    lines = [f"#### {code(entry.key)}{title} ({entry.status})", ""]
    if entry.status != "removed":
        facts = [f"File: {code(entry.path)}"]
        if annex:
            facts.append(_annex(entry))
        lines += [" · ".join(facts), ""]
    if not entry.loads:
        lines += ["The file does not load as YAML on one side, so no field diff is shown.", ""]
    elif entry.status == "changed" and not entry.fields:
        lines += ["No value in this file changed, but what the checks say about it did.", ""]
    if entry.fields and entry.status == "changed":
        lines += _field_table(entry.fields)
    elif entry.fields and entry.status == "added":
        lines += ["<details><summary>Values</summary>", ""]
        lines += _field_table(entry.fields)
        lines += ["</details>", ""]
    for problem in capped(entry.problems):  # a job summary holds at most 1 MiB
        lines.append(f"- {_problem_line(problem)}")
    if entry.problems:
        lines.append("")
    return lines


def _annex(entry: Entry) -> str:
    if entry.missing_annex_i is None:
        return "EU Annex I: not assessed until the errors below are fixed"
    if not entry.missing_annex_i:
        return "EU Annex I: complete"
    return "EU Annex I: missing " + ", ".join(code(name) for name in entry.missing_annex_i)


def _field_table(fields: list[FieldChange]) -> list[str]:
    rows = ["| field | before | after |", "|---|---|---|"]
    for change in fields[:_MAX_FIELD_ROWS]:
        rows.append(f"| {code(change.field)} | {_shown(change.old)} | {_shown(change.new)} |")
    if len(fields) > _MAX_FIELD_ROWS:
        more = len(fields) - _MAX_FIELD_ROWS
        rows += ["", f"and {more:,} more changed field{'s' * (more != 1)} in this file"]
    return [*rows, ""]


def _problem_line(problem: Problem) -> str:
    label = "**error**" if problem.is_error else "warning"
    where = f"line {problem.line}" + (f", {code(problem.field)}" if problem.field else "")
    text = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return f"{label} at {where}: {escape(text)}"


def _shown(value: Any) -> str:
    if value is _ABSENT:
        return "—"
    text = value if isinstance(value, str) else json.dumps(_plain(value), ensure_ascii=False)
    if len(text) > _MAX_SHOWN_CHARS:
        text = text[: _MAX_SHOWN_CHARS - 1] + "…"
    return code(text)
