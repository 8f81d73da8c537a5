"""The official standard files live in the repository, unchanged, and a clone needs nothing else.

A user's clone has only what git gives it: these tests copy the files a clone gets into a
folder with nothing beside it, and run the suite's collection and the tests that read the
official files there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
STANDARDS = REPO_ROOT / "standards"
CHECKSUMS = STANDARDS / "SHA256SUMS"
# The workspace folder beside the repository that the first sessions read the standards from.
WORKSPACE_FOLDER = "sha" + "red"  # in two parts, so that this guard does not find itself
# The tests that read standards/ (or docs/format.md): they must pass, unskipped, in a clone.
STANDARDS_TESTS = [
    "tests/e2e/test_standards.py::test_every_official_file_is_unchanged",
    "tests/unit/format/test_vocabularies.py",
    "tests/unit/format/test_labels.py",
    "tests/unit/export/test_export_elm.py",
    "tests/unit/export/test_export_ob3.py",
    "tests/unit/importers/test_import.py",
]


def _checksums() -> dict[str, str]:
    """``SHA256SUMS`` as {path inside standards/: hex digest}."""
    sums = {}
    for line in CHECKSUMS.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def test_every_official_file_is_unchanged() -> None:
    sums = _checksums()
    present = {
        path.relative_to(STANDARDS).as_posix()
        for path in STANDARDS.rglob("*")
        if path.is_file() and path.parent != STANDARDS
    }
    assert present == set(sums), "standards/ and SHA256SUMS disagree on which files there are"
    for name, digest in sums.items():
        actual = hashlib.sha256((STANDARDS / name).read_bytes()).hexdigest()
        assert actual == digest, f"standards/{name} differs from the official copy"


def test_every_official_file_names_its_source() -> None:
    readme = (STANDARDS / "README.md").read_text(encoding="utf-8")
    for name in _checksums():
        assert Path(name).name in readme, f"standards/README.md does not describe {name}"
    assert (STANDARDS / "elm" / "LICENSE-EUPL-1.2.txt").is_file()


def _files_a_clone_gets() -> list[str]:
    """Tracked files and new ones git would add (not ignored), as they are on disk now."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name and (REPO_ROOT / name).is_file()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository as a clone has it, in a folder with nothing beside it."""
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.fail("these tests need git and a git checkout of credir")
    target = tmp_path_factory.mktemp("fresh") / "credir"
    for name in _files_a_clone_gets():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, destination)
    assert not (target.parent / WORKSPACE_FOLDER).exists()
    return target


def _pytest_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _collected(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if "::" in line]


@pytest.mark.slow
def test_a_clone_alone_collects_the_whole_suite(clone: Path) -> None:
    in_clone = _pytest_in(clone, "--collect-only", "-q")
    assert in_clone.returncode == 0, in_clone.stdout[-3000:] + in_clone.stderr[-3000:]
    here = _pytest_in(REPO_ROOT, "--collect-only", "-q")
    assert _collected(in_clone) == _collected(here)
    assert len(_collected(in_clone)) > 1000


@pytest.mark.slow
def test_a_clone_alone_passes_the_tests_that_read_the_standards(clone: Path) -> None:
    imported = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(imported).is_relative_to(clone), "the clone's own package must be tested"
    result = _pytest_in(clone, "-q", "-rs", *STANDARDS_TESTS)
    report = result.stdout[-5000:] + result.stderr[-3000:]
    assert result.returncode == 0, report
    assert " passed" in result.stdout.splitlines()[-1], report
    assert "skipped" not in result.stdout.splitlines()[-1], report


def test_nothing_in_the_repository_reads_outside_it() -> None:
    """The folder beside the repository exists only in the workspace where credir was first
    written; code that reads it passes there and fails in every user's clone."""
    spellings = [f"../{WORKSPACE_FOLDER}", f'/ "{WORKSPACE_FOLDER}"', f'"{WORKSPACE_FOLDER}" /']
    readers = []
    for name in _files_a_clone_gets():
        if not name.endswith((".py", ".sh", ".toml", ".yml", ".yaml", ".cfg")) and not (
            name.startswith(".ci/")
        ):
            continue
        text = (REPO_ROOT / name).read_text(encoding="utf-8", errors="replace")
        if any(spelling in text for spelling in spellings):
            readers.append(name)
    assert readers == [], f"these files read a folder beside the repository: {readers}"
