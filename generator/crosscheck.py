"""Cross-file checks: what no single file can tell (references, cycles, duplicates)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from generator.load import Document
from generator.patterns import DIRECTORY_KEY
from generator.problems import Problem, format_field
from generator.text import name_keys


class Located(Protocol):
    """A file that can say where a value stands: a Document, or a file whose references
    came from generator.refcache and is read only if a problem must be placed in it."""

    @property
    def path(self) -> str: ...

    def locate(self, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]: ...


CONTRIBUTES_TO = "contributes_to"
ACCEPTS = "accepts"  # the other side of a cross-provider contributes_to: the target confirms it


@dataclass(frozen=True)
class Reference:
    """One directory key named in a credential file, and where."""

    source: str  # key of the credential that names it
    target: str
    field: tuple[str | int, ...]
    document: Located


def references(key: str, document: Document) -> list[Reference]:
    data = document.data
    found: list[Reference] = []
    stackability = data.get("stackability")
    if isinstance(stackability, dict):
        for name in (CONTRIBUTES_TO, ACCEPTS):
            if isinstance(stackability.get(name), list):
                for index, item in enumerate(stackability[name]):
                    if _is_key(item):
                        found.append(Reference(key, item, ("stackability", name, index), document))
    if _is_key(data.get("superseded_by")):
        found.append(Reference(key, data["superseded_by"], ("superseded_by",), document))
    return found


def _is_key(value: object) -> bool:
    """A well-formed directory key; a malformed one is already the model's error."""
    return isinstance(value, str) and re.fullmatch(DIRECTORY_KEY.regex, value) is not None


def check_references(
    refs: Iterable[Reference], known_keys: set[str], placed_in: set[str] | None = None
) -> list[Problem]:
    """Every key named exists, none names itself, and `contributes_to` has no cycle.
    ``placed_in``: when only some files are checked (`credir validate PATH`), the keys of
    those files; a cycle through one of them is reported in it, wherever it closes."""
    problems: list[Problem] = []
    edges: dict[str, list[Reference]] = {}
    for ref in refs:
        if _names(ref) == ACCEPTS:
            continue  # a wrong acceptance shows nothing: check_claims warns about it
        if ref.target == ref.source:
            problems.append(
                Problem(
                    *_where(ref),
                    "a credential cannot refer to itself",
                    "name another credential's key",
                    code="self-reference",
                )
            )
        elif ref.target not in known_keys:
            problems.append(
                Problem(
                    *_where(ref),
                    f"no credential `{ref.target}` in the directory",
                    "check the key: `provider-id/credential-id`, as in "
                    "credentials/<provider-id>/<credential-id>.yaml",
                    code="unknown-key",
                )
            )
        elif _names(ref) == CONTRIBUTES_TO:
            edges.setdefault(ref.source, []).append(ref)
    problems.extend(_cycles(edges, placed_in))
    return problems


def _names(ref: Reference) -> str:
    """Which list a reference stands in: contributes_to, accepts, or superseded_by."""
    return str(ref.field[1]) if ref.field[0] == "stackability" else str(ref.field[0])


def provider_of(key: str) -> str:
    return key.split("/", 1)[0]


def check_claims(refs: Iterable[Reference], known_keys: set[str]) -> list[Problem]:
    """Counting towards another provider's credential is that provider's decision: a
    `contributes_to` across providers is confirmed only by the target's `accepts`. An
    unconfirmed one is shown on the claimant's page alone, so it is a warning, as is an
    `accepts` entry that confirms nothing (it shows nothing either)."""
    contributions: set[tuple[str, str]] = set()
    acceptances: list[Reference] = []
    crossing: list[Reference] = []
    for ref in refs:
        kind = _names(ref)
        if kind == CONTRIBUTES_TO:
            contributions.add((ref.source, ref.target))
            if provider_of(ref.source) != provider_of(ref.target) and ref.target in known_keys:
                crossing.append(ref)
        elif kind == ACCEPTS:
            acceptances.append(ref)
    confirmed = {(ref.target, ref.source) for ref in acceptances}
    problems = [
        _warning(
            ref,
            f"`{ref.target}` belongs to another provider, `{provider_of(ref.target)}`, "
            "which has not confirmed that this credential counts towards it: the link "
            "shows only on this credential's page, marked as not confirmed",
            f"`{provider_of(ref.target)}` confirms it by adding `{ref.source}` to "
            f"`stackability.{ACCEPTS}` in credentials/{ref.target}.yaml",
            "unconfirmed-claim",
        )
        for ref in crossing
        if (ref.source, ref.target) not in confirmed
    ]
    for ref in acceptances:
        if provider_of(ref.target) == provider_of(ref.source):
            problems.append(
                _warning(
                    ref,
                    f"`{ref.target}` is your own provider's credential: links within one "
                    "provider need no confirmation",
                    f"remove it; its `{CONTRIBUTES_TO}` is enough",
                    "accepts-own",
                )
            )
        elif ref.target not in known_keys:
            problems.append(
                _warning(
                    ref,
                    f"no credential `{ref.target}` in the directory, so this confirms nothing",
                    "check the key: `provider-id/credential-id`, as in "
                    "credentials/<provider-id>/<credential-id>.yaml; or remove the entry",
                    "accepts-unknown",
                )
            )
        elif (ref.target, ref.source) not in contributions:
            problems.append(
                _warning(
                    ref,
                    f"`{ref.target}` does not name this credential in its "
                    f"`stackability.{CONTRIBUTES_TO}`, so this confirms nothing",
                    f"the link shows once `{provider_of(ref.target)}` adds `{ref.source}` "
                    f"to `stackability.{CONTRIBUTES_TO}` in credentials/{ref.target}.yaml; "
                    "or remove the entry",
                    "accepts-unclaimed",
                )
            )
    return problems


def _warning(ref: Reference, message: str, hint: str, code: str) -> Problem:
    return Problem(*_where(ref), message, hint, severity="warning", code=code)


def _where(ref: Reference) -> tuple[str, int, int, str]:
    """Path, line, column and field of a reference: asked only when it is a problem, since
    a position costs the file's node tree (see generator.load.Document)."""
    line, col = ref.document.locate(ref.field)
    return ref.document.path, line, col, format_field(ref.field)


def _cycles(edges: dict[str, list[Reference]], placed_in: set[str] | None) -> list[Problem]:
    """Report each `contributes_to` cycle once, at the reference that closes it (or, with
    ``placed_in``, at its first reference made in one of those files)."""
    problems = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(edges):
        if state.get(start):
            continue
        path: list[str] = [start]
        via: list[Reference] = []  # via[i] leads from path[i] to path[i + 1]
        state[start] = 1
        stack = [(start, iter(edges.get(start, [])))]
        while stack:
            node, pending = stack[-1]
            ref = next(pending, None)
            if ref is None:
                state[node] = 2
                stack.pop()
                path.pop()
                if via:
                    via.pop()
                continue
            target = ref.target
            if state.get(target) == 1:
                first = path.index(target)
                cycle = [*path[first:], target]
                at = _placed([*via[first:], ref], placed_in)
                line, col = at.document.locate(at.field)
                problems.append(
                    Problem(
                        at.document.path,
                        line,
                        col,
                        format_field(at.field),
                        "contributes_to makes a cycle: " + " -> ".join(cycle),
                        "a credential cannot count towards itself: remove one of the links",
                        code="cycle",
                    )
                )
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                via.append(ref)
                stack.append((target, iter(edges.get(target, []))))
    return problems


def _placed(cycle: list[Reference], placed_in: set[str] | None) -> Reference:
    """Where a cycle is reported: the reference that closed it (the last), unless only
    some files are checked and it does not lie in one of them."""
    if placed_in is None or cycle[-1].source in placed_in:
        return cycle[-1]
    return next((ref for ref in cycle if ref.source in placed_in), cycle[-1])


def check_provider_names(documents: Iterable[Document]) -> list[Problem]:
    """No two providers whose names look the same once case, spacing, compatibility forms,
    invisible characters and lookalike letters are folded: a pull request must not be able
    to list credentials under another provider's name."""
    named = [d for d in documents if isinstance(d.data.get("name"), str) and d.data["name"]]
    holders: dict[str, list[int]] = {}
    for index, document in enumerate(named):
        for key in name_keys(document.data["name"]):
            holders.setdefault(key, []).append(index)
    problems = []
    for index, document in enumerate(named):
        alike = sorted(
            {other for key in name_keys(document.data["name"]) for other in holders[key]} - {index}
        )
        if alike:
            # A few are enough to find them; a hostile PR of 10,000 copies stays linear.
            others = ", ".join(f"`{named[i].data['name']}` ({named[i].path})" for i in alike[:3])
            others += f" and {len(alike) - 3:,} more" if len(alike) > 3 else ""
            line, col = document.locate(("name",))
            problems.append(
                Problem(
                    document.path,
                    line,
                    col,
                    "name",
                    f"looks the same as the name of another provider: {others}".replace(
                        "\n", "\\n"
                    ),
                    "each provider needs a name readers can tell apart: use the full "
                    "official name, e.g. with the city or country",
                    code="same-name",
                )
            )
    return problems
