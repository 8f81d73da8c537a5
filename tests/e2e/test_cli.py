"""The command line's own edges: which directory a command works on (found upward from the
current folder, or --root as given), the same for every command, and --version.
(Each command's behaviour is tested with its module; `serve`'s port in test_serve.py.)"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import pytest

from generator.check.discover import find_root
from generator.cli import _parser, main
from support import REPO_ROOT
from support.cli import run_cli

# What each command needs besides --root to get as far as using it: any command added later
# is checked too (with no arguments; give it some here if it requires them).
REQUIRED_ARGUMENTS = {
    "new": ["provider"],
    "import": ["ctdl", "document.json", "--provider", "acme"],
    "changes": ["--base", "main"],
    "check-ownership": ["--base", "main", "--author", "someone"],
}
COMMANDS = sorted(
    next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
)


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``argv`` in this process; it must stop as a usage error. Its message."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    stderr = capsys.readouterr().err
    assert stderr.startswith("usage: credir")
    return stderr


def _command(name: str, *root: str | Path) -> list[str]:
    return [name, *map(str, root), *REQUIRED_ARGUMENTS.get(name, [])]


# --- found upward, as git finds its repository -------------------------------------------------


@pytest.mark.parametrize("where", [".", "credentials", "credentials/acme"])
def test_validate_finds_the_root_upward(
    where: str, minimal_root: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(minimal_root / where)
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "2 files valid\n"


def test_validate_a_path_from_a_provider_folder(minimal_root: Path) -> None:
    """PATH is taken from the current folder; problems are still told from the root."""
    folder = minimal_root / "credentials/acme"
    text = (folder / "data-basics.yaml").read_text(encoding="utf-8")
    bad_text = text.replace("data-basics", "bad").replace("title: Data Basics", "title: Bad")
    (folder / "bad.yaml").write_text(bad_text.replace("ects: 2", "x: 1"))

    good = run_cli("validate", "data-basics.yaml", cwd=folder)
    assert (good.returncode, good.stderr) == (0, "")
    # The summary counts the files reported on, not the invalid neighbour it did not check.
    assert good.stdout == "1 file valid\n"
    bad = run_cli("validate", "bad.yaml", cwd=folder)
    assert bad.returncode == 1
    assert bad.stderr.startswith("credentials/acme/bad.yaml:"), bad.stderr
    assert bad.stderr.splitlines()[-1].endswith(" in 1 file")
    both = run_cli("validate", ".", cwd=folder)
    assert both.stderr.splitlines()[-1].endswith(" in 3 files")  # provider and two listings
    outside = run_cli("validate", "../../expected.txt", cwd=folder)
    assert outside.returncode == 2 and "no such file or folder" in outside.stderr


def test_outside_any_directory_is_a_usage_error(tmp_path: Path) -> None:
    assert find_root(tmp_path) is None  # nothing above the test's folder is a directory
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a credir directory: no credentials/ folder in" in result.stderr
    assert "pass --root DIR" in result.stderr
    assert "credentials:1:1" not in result.stderr


@pytest.mark.parametrize(
    ("layout", "start", "root"),
    [
        # A provider may be called `credentials`: its folder is not a directory's credentials/.
        ("repo/credentials/credentials/_provider.yaml", "repo/credentials", "repo"),
        ("repo/credentials/credentials/_provider.yaml", "repo/credentials/credentials", "repo"),
        # ... while a repository may well be cloned into a folder called credentials.
        (
            "credentials/credentials/acme/_provider.yaml",
            "credentials/credentials/acme",
            "credentials",
        ),
        ("repo/credentials/acme/_provider.yaml", "repo/credentials/acme", "repo"),
        ("repo/credentials/acme/_provider.yaml", "repo", "repo"),
    ],
)
def test_find_root_takes_the_nearest_directory(
    layout: str, start: str, root: str, tmp_path: Path
) -> None:
    (tmp_path / layout).parent.mkdir(parents=True)
    (tmp_path / layout).write_text("id: x\n")
    assert find_root(tmp_path / start) == tmp_path / root


def test_the_project_is_found_from_its_own_folders() -> None:
    assert find_root(REPO_ROOT / "generator" / "site") == REPO_ROOT
    assert find_root(REPO_ROOT / "credentials") == REPO_ROOT


# --- --root, the same for every command ----------------------------------------------------


def test_every_command_is_covered() -> None:
    assert {"validate", "build", "serve", "stale", "changes", "codeowners"} <= set(COMMANDS)
    assert set(REQUIRED_ARGUMENTS) <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_root_that_is_a_file(command: str, tmp_path: Path, capsys) -> None:
    file = tmp_path / "mkdocs.yml"
    file.write_text("site_name: x\n")
    stderr = _usage_error(_command(command, "--root", file), capsys)
    assert f"--root {file}: is a file, not a folder" in stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_root_that_does_not_exist(command: str, tmp_path: Path, capsys) -> None:
    stderr = _usage_error(_command(command, "--root", tmp_path / "nowhere"), capsys)
    assert f"--root {tmp_path / 'nowhere'}: no such folder" in stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_root_without_credentials(command: str, tmp_path: Path, capsys) -> None:
    stderr = _usage_error(_command(command, "--root", tmp_path), capsys)
    assert "not a credir directory, it has no credentials/ folder" in stderr
    assert not any(tmp_path.iterdir())  # nothing written, nothing built


@pytest.mark.parametrize("command", COMMANDS)
def test_no_root_found_upward(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    stderr = _usage_error(_command(command), capsys)
    assert "not a credir directory: no credentials/ folder in" in stderr
    assert not any(tmp_path.iterdir())


def test_root_is_taken_as_given_not_searched_upward(minimal_root: Path, capsys) -> None:
    """A script's --root means that folder; the repository it is in is only suggested."""
    provider = minimal_root / "credentials/acme"
    stderr = _usage_error(["validate", "--root", str(provider)], capsys)
    assert f"it is inside {minimal_root}: pass --root {minimal_root}" in stderr


# --- --version ---------------------------------------------------------------------------------


def test_version_is_the_package_version(capsys) -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"credir {project['project']['version']}\n"


def test_version_from_anywhere(tmp_path: Path) -> None:
    """No directory is needed to ask for the version."""
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("credir ")
