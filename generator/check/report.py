"""Reporters: the same problems as text for people, annotations for GitHub, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.check.problems import Problem, capped
from generator.check.workflow_log import workflow_command

FORMATS = ("text", "github", "json")


def render(problems: Sequence[Problem], fmt: str, *, checked_files: int) -> str:
    """Every format shows at most MAX_PROBLEMS_PER_FILE problems a file, then their count;
    the text summary still counts them all."""
    shown = capped(problems)
    if fmt == "json":
        return json.dumps([p.as_dict() for p in shown], indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return "".join(_github(p) + "\n" for p in shown)
    lines = [str(p) for p in shown]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        lines.append(
            f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in "
            f"{_count(checked_files, 'file')}"
        )
    else:
        lines.append(
            f"{_count(checked_files, 'file')} valid"
            + (f", {_count(warnings, 'warning')}" if warnings else "")
        )
    return "\n".join(lines) + "\n"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' * (number != 1)}"


def _github(problem: Problem) -> str:
    """A workflow command; GitHub shows it on the changed line of the pull request."""
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    if problem.hint:
        message += f" ({problem.hint})"
    return workflow_command(
        problem.severity, message, file=problem.path, line=problem.line, col=problem.col
    )
