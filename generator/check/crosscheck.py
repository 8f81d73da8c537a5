"""Cross-file checks: what no single file can tell (references, cycles, duplicates)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from generator.check.load import Document
from generator.check.problems import Problem, format_field
from generator.check.text import name_keys
from generator.directory import provider_of
from generator.format.patterns import DIRECTORY_KEY


class Located(Protocol):
    """A file that can say where a value stands: a Document, or a file whose references
    came from generator.check.refcache and is read only if a problem must be placed in it."""

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
    """Every key named exists, none names itself, and neither `contributes_to` nor
    `superseded_by` makes a cycle. ``placed_in``: when only some files are checked
    (`credir validate PATH`), the keys of those files; a cycle through one of them is
    reported in it, wherever it closes."""
    problems: list[Problem] = []
    edges: dict[str, dict[str, list[Reference]]] = {"stackability": {}, "superseded_by": {}}
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
        else:
            edges[str(ref.field[0])].setdefault(ref.source, []).append(ref)
    for field, links in edges.items():
        problems.extend(_cycles(links, placed_in, _CYCLE_WORDS[field]))
    return problems


# What a cycle is called, per field: the message's start and the hint.
_CYCLE_WORDS = {
    "stackability": (
        "contributes_to makes a cycle",
        "a credential cannot count towards itself: remove one of the links",
    ),
    "superseded_by": (
        "superseded_by makes a cycle",
        "a credential cannot be replaced by one it replaces: only the older ones name "
        "their successor; remove superseded_by from the newest",
    ),
}


def _names(ref: Reference) -> str:
    """Which list a reference stands in: contributes_to, accepts, or superseded_by."""
    return str(ref.field[1]) if ref.field[0] == "stackability" else str(ref.field[0])


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
    a position costs the file's node tree (see generator.check.load.Document)."""
    line, col = ref.document.locate(ref.field)
    return ref.document.path, line, col, format_field(ref.field)


def _cycles(
    edges: dict[str, list[Reference]], placed_in: set[str] | None, words: tuple[str, str]
) -> list[Problem]:
    """Report each cycle once, at the reference that closes it (or, with ``placed_in``, at
    its first reference made in one of those files). A loop, not recursion, and constant
    work per cycle found: a chain can be as long as the directory, and a hostile one can
    close on itself from every step."""
    problems = []
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        path: list[str] = [start]
        at_step = {start: 0}  # where each credential on the path stands in it
        via: list[Reference] = []  # via[i] leads from path[i] to path[i + 1]
        placed_steps: list[int] = []  # the steps i whose via[i] lies in ``placed_in``
        stack = [iter(edges.get(start, []))]
        while stack:
            ref = next(stack[-1], None)
            if ref is None:
                stack.pop()
                node = path.pop()
                del at_step[node]
                done.add(node)
                if via:
                    via.pop()
                    if placed_steps and placed_steps[-1] == len(via):
                        placed_steps.pop()
                continue
            target = ref.target
            first = at_step.get(target)
            if first is not None:
                at = _placed(ref, via, placed_steps, first, placed_in)
                line, col = at.document.locate(at.field)
                problems.append(
                    Problem(
                        at.document.path,
                        line,
                        col,
                        format_field(at.field),
                        f"{words[0]}: {_steps(path, first, target)}",
                        words[1],
                        code="cycle",
                    )
                )
            elif target not in done:
                if placed_in is not None and ref.source in placed_in:
                    placed_steps.append(len(via))
                at_step[target] = len(path)
                path.append(target)
                via.append(ref)
                stack.append(iter(edges.get(target, [])))
    return problems


CYCLE_STEPS_SHOWN = 12  # a cycle as long as the directory is told by its ends


def _steps(path: list[str], first: int, target: str) -> str:
    """The cycle path[first:] -> target, in words, with a long middle left out."""
    length = len(path) - first
    if length <= CYCLE_STEPS_SHOWN:
        return " -> ".join([*path[first:], target])
    half = CYCLE_STEPS_SHOWN // 2
    left_out = length - 2 * half
    return " -> ".join([*path[first : first + half], f"({left_out:,} more)", *path[-half:], target])


def _placed(
    closing: Reference,
    via: list[Reference],
    placed_steps: list[int],
    first: int,
    placed_in: set[str] | None,
) -> Reference:
    """Where a cycle is reported: the reference that closes it, unless only some files are
    checked and it does not lie in one of them; then the cycle's first one that does."""
    if placed_in is None or closing.source in placed_in:
        return closing
    index = bisect.bisect_left(placed_steps, first)
    return via[placed_steps[index]] if index < len(placed_steps) else closing


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


@dataclass(frozen=True)
class Titled:
    """A credential file's title, and where to place a problem about it."""

    key: str  # provider-id/credential-id
    title: str
    document: Located


def title_key(title: str) -> str:
    """A title as a reader compares two in a result list: case and spacing do not count."""
    return " ".join(title.casefold().split())


def check_titles(titled: Iterable[Titled], placed_in: set[str] | None = None) -> list[Problem]:
    """The same title twice, in one provider's folder or across providers, is a warning:
    `credir new` refuses it at the keyboard, and readers cannot tell such listings apart.
    ``placed_in``: when only some files are checked, the keys reported on."""
    holders: dict[str, list[Titled]] = {}
    for entry in titled:
        holders.setdefault(title_key(entry.title), []).append(entry)
    problems = []
    for same in holders.values():
        if len(same) < 2:
            continue
        for entry in same:
            if placed_in is not None and entry.key not in placed_in:
                continue
            others = [other for other in same if other is not entry]
            provider = entry.key.split("/", 1)[0]
            in_folder = any(other.key.split("/", 1)[0] == provider for other in others)
            # A few are enough to find them; a hostile PR of 10,000 copies stays linear.
            named = ", ".join(f"`{other.key}`" for other in others[:3])
            named += f" and {len(others) - 3:,} more" if len(others) > 3 else ""
            hint = (
                "one credential in two files? keep one; otherwise make the titles tell them "
                "apart, e.g. with the level or the year"
                if in_folder
                else "readers see both in one result list: add what sets this one apart, "
                "e.g. the level, the year or the specialisation"
            )
            line, col = entry.document.locate(("title",))
            problems.append(
                Problem(
                    entry.document.path,
                    line,
                    col,
                    "title",
                    _one_line(f"the same title as {named}"),
                    hint,
                    severity="warning",
                    code="same-title",
                )
            )
    return problems


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")
