"""Problems are values: every check returns positioned problems, and the CLI exits once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from generator.check.workflow_log import one_line
from generator.format.limits import MAX_PROBLEMS_PER_FILE

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file, with the fix in plain words."""

    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    code: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}: {self.severity}: "
        what = f"{self.field}: {self.message}" if self.field else self.message
        # One line, whatever the path or a quoted value holds: it may be read in a CI log.
        return one_line(where + what + (f" ({self.hint})" if self.hint else ""))

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def has_errors(problems: list[Problem]) -> bool:
    return any(problem.is_error for problem in problems)


def capped(problems: Sequence[Problem], per_file: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The first ``per_file`` problems of each file, in their order, then one that says how
    many more the file has, where the first of them is. A broken file is fixed from its
    first problems, and 13,000 lines about one file (6 MB of log) would bury every other
    file's; the count says how much is left. An error among those left makes it an error,
    so the verdict read from the report stays the same."""
    counts = Counter(problem.path for problem in problems)
    if not counts or max(counts.values()) <= per_file:
        return list(problems)  # nearly always
    seen: Counter[str] = Counter()
    hidden_errors: Counter[str] = Counter()
    for problem in problems:
        seen[problem.path] += 1
        if seen[problem.path] > per_file and problem.is_error:
            hidden_errors[problem.path] += 1
    shown: list[Problem] = []
    seen.clear()
    for problem in problems:
        seen[problem.path] += 1
        if seen[problem.path] <= per_file:
            shown.append(problem)
        elif seen[problem.path] == per_file + 1:
            more = counts[problem.path] - per_file
            shown.append(
                Problem(
                    problem.path,
                    problem.line,
                    problem.col,
                    "",
                    f"and {more:,} more problem{'s' * (more != 1)} in this file, the first here",
                    f"only the first {per_file} of a file are shown: fix them and check again, "
                    "many problems often share one cause",
                    "error" if hidden_errors[problem.path] else "warning",
                    code="more-problems",
                )
            )
    return shown


def format_field(loc: tuple[str | int, ...]) -> str:
    """`('skills', 0, 'esco')` -> `skills[0].esco`: the path a provider can find in the file."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    # A key is whatever the file wrote, line breaks included: one problem stays one line.
    return one_line(text)
