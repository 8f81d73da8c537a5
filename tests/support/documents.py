"""The minimal case's two files as text, changed one piece at a time and checked."""

from __future__ import annotations

from generator.check.load import parse_document
from generator.check.problems import Problem
from generator.check.validate import check_credential, check_provider
from support.cases import CASES_DIR

MINIMAL = CASES_DIR / "valid/minimal/credentials/acme"
CREDENTIAL = (MINIMAL / "data-basics.yaml").read_text(encoding="utf-8")
PROVIDER = (MINIMAL / "_provider.yaml").read_text(encoding="utf-8")
CREDENTIAL_PATH = "credentials/acme/data-basics.yaml"
PROVIDER_PATH = "credentials/acme/_provider.yaml"


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def credential_problems(text: str, path: str = CREDENTIAL_PATH) -> list[Problem]:
    document, problems = parse_document(text.encode("utf-8"), path)
    assert document is not None and not problems, problems
    return check_credential(document)[1]


def provider_problems(text: str, path: str = PROVIDER_PATH) -> list[Problem]:
    document, problems = parse_document(text.encode("utf-8"), path)
    assert document is not None and not problems, problems
    return check_provider(document)[1]


def refused(raw: bytes) -> tuple[int, int, str, str]:
    """(line, col, code, message + hint) of the one problem that refuses ``raw``."""
    document, problems = parse_document(raw, CREDENTIAL_PATH)
    assert document is None, "expected the file to be refused"
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.path == CREDENTIAL_PATH and problem.severity == "error"
    assert problem.hint, "every refusal says how to fix it"
    assert "\n" not in problem.message + problem.hint, "one problem, one line"
    return problem.line, problem.col, problem.code, f"{problem.message} ({problem.hint})"
