"""Problems are values: every check returns positioned problems, and the CLI exits once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.workflow_log import one_line

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
