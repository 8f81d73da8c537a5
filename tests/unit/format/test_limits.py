"""Documented limits: each one has a clear error at limit + 1, none at the limit, and a line
in docs/security.md with that error.

Limits already tested elsewhere are not repeated here: file size (tests/unit/check/test_load.py
test_file_at_the_size_limit_is_read, test_oversized_file_is_refused_unread;
tests/cases/test_cases.py test_oversized_file), nesting depth (tests/unit/check/test_load.py
test_nesting_at_the_limit_is_accepted, case invalid/deep-nesting), title length
(tests/unit/check/test_validate.py test_text_too_long_counts_characters, case
invalid/string-too-long) and list length (tests/unit/check/test_validate.py test_list_too_long).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.check.discover
from generator.check.run import load_directory
from generator.format import limits
from support import REPO_ROOT
from support.documents import (
    CREDENTIAL,
    PROVIDER,
    changed,
    credential_problems,
    provider_problems,
    refused,
)

SECURITY_DOC = REPO_ROOT / "docs" / "security.md"


def _long(field: str, length: int, *, base: str = CREDENTIAL) -> str:
    """The minimal file with ``field`` set to ``length`` characters (in quotes)."""
    value = "a" * length
    for line in base.splitlines():
        if line.startswith(f"{field}:"):
            return changed(base, line, f'{field}: "{value}"')
    return base.rstrip("\n") + f'\n{field}: "{value}"\n'


@pytest.mark.parametrize(
    "field,limit",
    [
        ("summary", 300),
        ("prerequisites", 2000),
        ("description", limits.MAX_TEXT_CHARS),
        ("further_information", limits.MAX_TEXT_CHARS),
    ],
)
def test_text_length_limits(field: str, limit: int) -> None:
    assert credential_problems(_long(field, limit)) == []
    problems = credential_problems(_long(field, limit + 1))
    assert [(p.field, p.message) for p in problems] == [
        (field, f"is {limit + 1} characters; at most {limit} are allowed")
    ]


def test_provider_text_length_limits() -> None:
    assert provider_problems(_long("name", 200, base=PROVIDER)) == []
    problems = provider_problems(_long("description", 2001, base=PROVIDER))
    assert [(p.field, p.message) for p in problems] == [
        ("description", "is 2001 characters; at most 2000 are allowed")
    ]


def test_id_length_limit(tmp_path: Path) -> None:
    """Ids are slugs of at most 80 characters: they become folder names and URLs."""
    root = tmp_path / "root"
    folder = root / "credentials" / "acme"
    folder.mkdir(parents=True)
    (folder / "_provider.yaml").write_text(PROVIDER, "utf-8")
    for length in (80, 81):
        slug = "d" * length
        text = changed(CREDENTIAL, "id: data-basics", f"id: {slug}")
        text = changed(text, "title: Data Basics", f"title: Data Basics {length}")
        (folder / f"{slug}.yaml").write_text(text, "utf-8")
    problems = load_directory(root).problems
    assert [(p.path, p.field, p.message) for p in problems] == [
        (f"credentials/acme/{'d' * 81}.yaml", "id", "is 81 characters; at most 80 are allowed")
    ]


def test_file_count_limit(minimal_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MAX_FILES is 200,000; a smaller one shows the same check without writing 200,000."""
    folder = minimal_root / "credentials" / "acme"
    for number in range(3):
        text = changed(CREDENTIAL, "id: data-basics", f"id: extra-{number}")
        text = changed(text, "title: Data Basics", f"title: Extra {number}")
        (folder / f"extra-{number}.yaml").write_text(text, "utf-8")
    monkeypatch.setattr(generator.check.discover, "MAX_FILES", 5)
    assert load_directory(minimal_root).ok  # 5 files: at the limit
    text = changed(CREDENTIAL, "id: data-basics", "id: extra-9")
    (folder / "extra-9.yaml").write_text(changed(text, "title: Data Basics", "title: Extra 9"))
    checked = load_directory(minimal_root)
    assert not checked.ok
    assert [p.message for p in checked.problems] == ["more than 5 files"]
    assert checked.problems[0].hint == "the directory is over its documented limit"


@pytest.mark.parametrize(
    "name,value",
    [
        ("MAX_FILE_BYTES", f"{limits.MAX_FILE_BYTES:,} bytes"),
        ("MAX_NESTING_DEPTH", f"{limits.MAX_NESTING_DEPTH} levels"),
        ("MAX_FILES", f"{limits.MAX_FILES:,} files"),
        ("MAX_LIST_ITEMS", f"{limits.MAX_LIST_ITEMS} items"),
        ("MAX_TEXT_CHARS", f"{limits.MAX_TEXT_CHARS:,} characters"),
        ("MAX_AMOUNT", f"{limits.MAX_AMOUNT:,}"),
        ("MAX_PROBLEMS_PER_FILE", f"{limits.MAX_PROBLEMS_PER_FILE} problems"),
    ],
)
def test_every_limit_is_documented(name: str, value: str) -> None:
    doc = SECURITY_DOC.read_text(encoding="utf-8")
    row = next((line for line in doc.splitlines() if f"`{name}`" in line), None)
    assert row is not None, f"docs/security.md does not document {name}"
    assert value in row, f"docs/security.md gives another value for {name}: {row}"


def _real_errors(tmp_path: Path) -> list[str]:
    """The errors a provider gets one past each limit, produced by the real code."""

    from generator.check.load import load_document

    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: x\ndescription: " + b"y" * limits.MAX_FILE_BYTES + b"\n")
    size_error = load_document(big, "big.yaml")[1][0].message
    nested = "a:\n" + "".join("  " * level + "- \n" for level in range(1, 12))
    words = ", ".join(f"w{i}" for i in range(limits.MAX_LIST_ITEMS + 1))
    return [
        size_error.replace(f"{big.stat().st_size:,}", "N"),
        refused(nested.encode())[3].split(" (")[0],
        credential_problems(_long("description", limits.MAX_TEXT_CHARS + 1))[0].message,
        credential_problems(_long("title", 201))[0].message,
        credential_problems(_long("summary", 301))[0].message,
        credential_problems(
            changed(CREDENTIAL, "status: active", f"keywords: [{words}]\nstatus: active")
        )[0].message,
        f"more than {limits.MAX_FILES:,} files",
        credential_problems(
            changed(
                CREDENTIAL,
                "status: active",
                f"cost: {{amount: {limits.MAX_AMOUNT + 1}, currency: EUR}}\nstatus: active",
            )
        )[0].message,
    ]


def test_the_documented_errors_are_the_real_ones(tmp_path: Path) -> None:
    """docs/security.md quotes each limit's error as the code words it."""
    doc = SECURITY_DOC.read_text(encoding="utf-8")
    for error in _real_errors(tmp_path):
        assert f"`{error}`" in doc, f"docs/security.md does not quote the error: {error}"


def test_every_test_and_case_the_doc_names_exists() -> None:
    """docs/security.md says which test fails when a defence goes: each must be real."""
    import re

    doc = SECURITY_DOC.read_text(encoding="utf-8")
    cases = REPO_ROOT / "tests" / "cases"
    named = 0
    for cell in re.split(r"\||\n", doc):
        current_file: Path | None = None
        current_cases: Path | None = None
        for token in re.findall(r"`([^`]+)`", cell):
            if match := re.fullmatch(r"tests/((?:\w+/)*test_\w+\.py)(?:::(\w+))?", token):
                current_file, current_cases = REPO_ROOT / "tests" / match[1], None
                assert current_file.is_file(), token
                token = match[2] or ""
            elif match := re.fullmatch(r"(valid|invalid)/([\w-]+)", token):
                current_cases, current_file = cases / match[1], None
                token = match[2]
            if token.startswith("test_") and current_file is not None:
                assert f"def {token}(" in current_file.read_text("utf-8"), (current_file, token)
                named += 1
            elif re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", token) and current_cases is not None:
                assert (current_cases / token).is_dir(), f"no case {current_cases.name}/{token}"
                named += 1
    assert named >= 40
