"""Case folders (tests/cases/{valid,invalid}/<case>/) and the problems expected beside them."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.check.problems import Problem
from support import REPO_ROOT

CASES_DIR = REPO_ROOT / "tests" / "cases"
VALID_CASES = sorted(p for p in (CASES_DIR / "valid").iterdir() if p.is_dir())
INVALID_CASES = sorted(p for p in (CASES_DIR / "invalid").iterdir() if p.is_dir())
EXPECTED_FILE = "expected.txt"
SCHEMA_SKIP_FILE = "schema-skip.txt"  # present when JSON Schema cannot see the case's rule


# "Today" for the cases: their review_by dates (2027-09-30) lie ahead of it, and the
# stale-review-date case's behind it, whatever the date the suite runs on.
CASES_TODAY = "2026-06-01"
_EXPECTED_LINE = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<fragment>.+)")


@dataclass(frozen=True)
class Expected:
    """One line of expected.txt: a position and a piece of the message that must be there."""

    path: str
    line: int
    col: int
    fragment: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.fragment}"


def read_expected(case: Path) -> list[Expected]:
    """`PATH:LINE:COL: FRAGMENT` lines; blank lines and `#` comments are ignored."""
    file = case / EXPECTED_FILE
    if not file.exists():
        return []
    found = []
    for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip() or text.startswith("#"):
            continue
        match = _EXPECTED_LINE.fullmatch(text)
        assert match, f"{file}:{number}: not `PATH:LINE:COL: FRAGMENT`: {text!r}"
        found.append(
            Expected(
                match["path"], int(match["line"]), int(match["col"]), match["fragment"].strip()
            )
        )
    return found


def described(problem: Problem) -> str:
    """What a problem says after its position: `error: field: message (hint)`."""
    return str(problem).removeprefix(f"{problem.path}:{problem.line}:{problem.col}: ")


def mismatches(problems: list[Problem], expected: list[Expected]) -> list[str]:
    """Each expected problem must be reported at its exact position with its fragment in the
    text, and nothing else may be reported. Empty when the two agree."""
    unmatched = list(problems)
    missing = []
    for want in expected:
        hit = next(
            (
                p
                for p in unmatched
                if (p.path, p.line, p.col) == (want.path, want.line, want.col)
                and want.fragment in described(p)
            ),
            None,
        )
        if hit is None:
            missing.append(f"missing:    {want}")
        else:
            unmatched.remove(hit)
    return missing + [f"unexpected: {p}" for p in unmatched]


def case_id(case: Path) -> str:
    return case.name


def copy_case(case: Path, destination: Path) -> Path:
    """A writable copy of a case's credentials/ folder; returns the new root."""
    shutil.copytree(case / "credentials", destination / "credentials", symlinks=True)
    return destination


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for relpath, content in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root
