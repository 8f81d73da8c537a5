"""Cross-file checks: what no single file can tell (references, cycles, duplicates)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.load import Document
from generator.patterns import DIRECTORY_KEY
from generator.problems import Problem, format_field


@dataclass(frozen=True)
class Reference:
    """One directory key named in a credential file, and where."""

    source: str  # key of the credential that names it
    target: str
    field: tuple[str | int, ...]
    document: Document


def references(key: str, document: Document) -> list[Reference]:
    data = document.data
    found: list[Reference] = []
    stackability = data.get("stackability")
    if isinstance(stackability, dict) and isinstance(stackability.get("contributes_to"), list):
        for index, item in enumerate(stackability["contributes_to"]):
            if _is_key(item):
                loc = ("stackability", "contributes_to", index)
                found.append(Reference(key, item, loc, document))
    if _is_key(data.get("superseded_by")):
        found.append(Reference(key, data["superseded_by"], ("superseded_by",), document))
    return found


def _is_key(value: object) -> bool:
    """A well-formed directory key; a malformed one is already the model's error."""
    return isinstance(value, str) and re.fullmatch(DIRECTORY_KEY.regex, value) is not None


def check_references(refs: Iterable[Reference], known_keys: set[str]) -> list[Problem]:
    """Every key named exists, none names itself, and `contributes_to` has no cycle."""
    problems: list[Problem] = []
    edges: dict[str, list[Reference]] = {}
    for ref in refs:
        line, col = ref.document.locate(ref.field)
        where = (ref.document.path, line, col, format_field(ref.field))
        if ref.target == ref.source:
            problems.append(
                Problem(
                    *where,
                    "a credential cannot refer to itself",
                    "name another credential's key",
                    code="self-reference",
                )
            )
        elif ref.target not in known_keys:
            problems.append(
                Problem(
                    *where,
                    f"no credential `{ref.target}` in the directory",
                    "check the key: `provider-id/credential-id`, as in "
                    "credentials/<provider-id>/<credential-id>.yaml",
                    code="unknown-key",
                )
            )
        elif ref.field[0] == "stackability":
            edges.setdefault(ref.source, []).append(ref)
    problems.extend(_cycles(edges))
    return problems


def _cycles(edges: dict[str, list[Reference]]) -> list[Problem]:
    """Report each `contributes_to` cycle once, at the reference that closes it."""
    problems = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(edges):
        if state.get(start):
            continue
        path: list[str] = [start]
        state[start] = 1
        stack = [(start, iter(edges.get(start, [])))]
        while stack:
            node, pending = stack[-1]
            ref = next(pending, None)
            if ref is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            target = ref.target
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                line, col = ref.document.locate(ref.field)
                problems.append(
                    Problem(
                        ref.document.path,
                        line,
                        col,
                        format_field(ref.field),
                        "contributes_to makes a cycle: " + " -> ".join(cycle),
                        "a credential cannot count towards itself: remove one of the links",
                        code="cycle",
                    )
                )
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append((target, iter(edges.get(target, []))))
    return problems
