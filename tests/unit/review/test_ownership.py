"""Ownership: CODEOWNERS from the data, and `credir check-ownership` on real git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.review.ownership import (
    CODEOWNERS_FILE,
    MAINTAINERS_FILE,
    OwnershipError,
    check_ownership,
    codeowners_text,
    parse_config,
    read_config,
)
from support import REPO_ROOT
from support.cli import credir
from support.git import REPO_MAINTAINER, GitRepo, maintainers_yml

ACME = "credentials/acme/data-basics.yaml"
ACME_PROVIDER = "credentials/acme/_provider.yaml"
OTHER_PROVIDER = "credentials/beta/_provider.yaml"
OTHER = "credentials/beta/intro.yaml"


def _check(repo: GitRepo, author: str):
    return credir("check-ownership", "--root", repo.root, "--base", "main", "--author", author)


def _edit(repo: GitRepo, relpath: str, old: str, new: str) -> dict[str, str | None]:
    text = repo.read(relpath)
    assert old in text
    return {relpath: text.replace(old, new)}


@pytest.fixture
def two_providers(git_repo: GitRepo) -> GitRepo:
    """acme (ann-example) and beta (bob-example) on main."""
    provider = git_repo.read(ACME_PROVIDER).replace("acme", "beta").replace("Acme", "Beta")
    provider = provider.replace("ann-example", "bob-example")
    credential = git_repo.read(ACME).replace("data-basics", "intro").replace("Data Basics", "Intro")
    git_repo.commit("Add beta", {OTHER_PROVIDER: provider, OTHER: credential})
    return git_repo


# --- the repository's own files ----------------------------------------------------------------


def test_codeowners_is_up_to_date_with_the_example_data() -> None:
    result = credir("codeowners", "--root", REPO_ROOT, "--check")
    assert result.returncode == 0, result.stderr


def test_codeowners_names_every_provider_with_maintainers() -> None:
    text = (REPO_ROOT / CODEOWNERS_FILE).read_text(encoding="utf-8")
    config = read_config(REPO_ROOT)
    owners = {"@" + name for name in config.maintainers}
    lines = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0] == ["*", *sorted(owners)]
    folders = sorted(p.name for p in (REPO_ROOT / "credentials").iterdir() if p.is_dir())
    assert [line[0] for line in lines[1:]] == [f"/credentials/{name}/" for name in folders]
    for line in lines[1:]:
        assert owners <= set(line[1:])  # repository maintainers keep their say everywhere
        assert len(line) > 1 + len(owners)  # and every example provider has its own people


# --- credir codeowners --------------------------------------------------------------------------


def test_codeowners_writes_then_checks(git_repo: GitRepo) -> None:
    root = git_repo.root
    assert credir("codeowners", "--root", root, "--check").returncode == 1
    written = credir("codeowners", "--root", root)
    assert written.returncode == 0, written.stderr
    assert (root / CODEOWNERS_FILE).read_text(encoding="utf-8").splitlines()[-2:] == [
        f"* @{REPO_MAINTAINER}",
        f"/credentials/acme/ @ann-example @{REPO_MAINTAINER}",
    ]
    assert credir("codeowners", "--root", root, "--check").returncode == 0


def test_codeowners_check_fails_when_maintainers_change(git_repo: GitRepo) -> None:
    root = git_repo.root
    credir("codeowners", "--root", root)
    git_repo.write(_edit(git_repo, ACME_PROVIDER, "[ann-example]", "[ann-example, cy-example]"))
    result = credir("codeowners", "--root", root, "--check")
    assert result.returncode == 1
    assert f"out of date: {CODEOWNERS_FILE}" in result.stderr
    assert f"/credentials/acme/ @ann-example @cy-example @{REPO_MAINTAINER}" in result.stderr


def test_codeowners_refuses_a_broken_provider_file(git_repo: GitRepo) -> None:
    git_repo.write(_edit(git_repo, ACME_PROVIDER, "type: company", "type: compny"))
    result = credir("codeowners", "--root", git_repo.root)
    assert result.returncode == 1
    assert "did you mean `company`?" in result.stderr
    assert not (git_repo.root / CODEOWNERS_FILE).exists()


def test_codeowners_never_reads_a_maintainer_hidden_behind_a_lone_carriage_return(
    git_repo: GitRepo,
) -> None:
    """`git diff` shows `type: company # note<CR>maintainers: [...]` as one commented line;
    YAML would read a second line that replaces the folder's maintainers."""
    hidden = "type: company # typo fixed\rmaintainers: [mallory-example]"
    git_repo.write(_edit(git_repo, ACME_PROVIDER, "type: company", hidden))
    result = credir("codeowners", "--root", git_repo.root)
    assert result.returncode == 1
    assert f"{ACME_PROVIDER}:3:27: error: lone carriage return U+000D" in result.stderr
    assert not (git_repo.root / CODEOWNERS_FILE).exists()


def test_codeowners_without_the_maintainers_file(git_repo: GitRepo) -> None:
    (git_repo.root / MAINTAINERS_FILE).unlink()
    result = credir("codeowners", "--root", git_repo.root)
    assert result.returncode == 1
    assert f"{MAINTAINERS_FILE} is missing" in result.stderr


def test_provider_without_maintainers_falls_to_the_repository_maintainers() -> None:
    config = parse_config(maintainers_yml("lead").encode())
    text = codeowners_text(config, {"acme": [], "beta": ["@Bob"]})
    assert "/credentials/acme/" not in text
    assert "/credentials/beta/ @Bob @lead\n" in text


@pytest.mark.parametrize(
    "raw,message",
    [
        (b"maintainers: [a]\n", "`repository` must be"),
        (b"repository: a/b\n", "at least one GitHub handle"),
        (b"repository: a/b\nmaintainers: [not a handle]\n", "is not a GitHub user name"),
        (b"repository: a/b\nmaintainers: [a]\nowners: [b]\n", "unknown field `owners`"),
        (b"repository: [\n", "YAML syntax"),
    ],
)
def test_maintainers_file_errors(raw: bytes, message: str) -> None:
    with pytest.raises(OwnershipError, match=message):
        parse_config(raw)


# --- credir check-ownership ------------------------------------------------------------------


def test_maintainer_may_change_their_folder(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    two_providers.commit("Update", _edit(two_providers, ACME, "ects: 2", "ects: 3"))
    result = _check(two_providers, "ann-example")
    assert result.returncode == 0, result.stderr
    assert "ownership ok: @ann-example may change 1 changed file" in result.stdout


def test_handles_compare_without_case_or_at_sign(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    two_providers.commit("Update", _edit(two_providers, ACME, "ects: 2", "ects: 3"))
    assert _check(two_providers, "@Ann-Example").returncode == 0


def test_another_providers_folder_is_refused(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    two_providers.commit(
        "Both",
        {
            **_edit(two_providers, ACME, "ects: 2", "ects: 3"),
            **_edit(two_providers, OTHER, "ects: 2", "ects: 4"),
        },
    )
    result = _check(two_providers, "ann-example")
    assert result.returncode == 1
    assert "@ann-example may not change 1 of the 2 files" in result.stderr
    assert f"{OTHER}  (provider `beta`: its maintainers at main are @bob-example)" in result.stderr
    assert ACME + " " not in result.stderr


def test_files_outside_credentials_need_a_repository_maintainer(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    two_providers.commit("Docs", {"README.md": "hello\n", "credentials/stray.txt": "x\n"})
    refused = _check(two_providers, "ann-example")
    assert refused.returncode == 1
    assert "README.md  (outside credentials/: only repository maintainers)" in refused.stderr
    assert "credentials/stray.txt  (outside credentials/" in refused.stderr
    assert _check(two_providers, REPO_MAINTAINER).returncode == 0


def test_repository_maintainer_may_change_anything(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    two_providers.commit(
        "Everything",
        {
            **_edit(two_providers, OTHER, "ects: 2", "ects: 4"),
            ".github/x.yml": "on: {}\n",
        },
    )
    assert _check(two_providers, REPO_MAINTAINER).returncode == 0


def test_a_branch_cannot_make_its_author_a_maintainer(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    grab = _edit(two_providers, OTHER_PROVIDER, "[bob-example]", "[bob-example, mallory]")
    two_providers.commit("Take over", {**grab, **_edit(two_providers, OTHER, "ects: 2", "ects: 9")})
    result = _check(two_providers, "mallory")
    assert result.returncode == 1
    assert OTHER_PROVIDER in result.stderr and OTHER in result.stderr


def test_nor_a_repository_maintainer(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    two_providers.commit("Promote", {MAINTAINERS_FILE: maintainers_yml(REPO_MAINTAINER, "mallory")})
    result = _check(two_providers, "mallory")
    assert result.returncode == 1
    assert MAINTAINERS_FILE in result.stderr


def test_new_provider_folder_belongs_to_its_listed_maintainers(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    provider = two_providers.read(ACME_PROVIDER).replace("acme", "gamma").replace("Acme", "Gamma")
    credential = two_providers.read(ACME).replace("data-basics", "first")
    files = {
        "credentials/gamma/_provider.yaml": provider.replace("[ann-example]", "[cy-example]"),
        "credentials/gamma/first.yaml": credential,
    }
    two_providers.commit("New provider", files)
    assert _check(two_providers, "cy-example").returncode == 0
    refused = _check(two_providers, "dee-example")
    assert refused.returncode == 1
    assert "the maintainers in its new _provider.yaml are @cy-example" in refused.stderr


def test_moving_a_file_out_of_another_folder_is_refused(two_providers: GitRepo) -> None:
    two_providers.branch("pr")
    moved = two_providers.read(OTHER).replace("id: intro", "id: intro-copy")
    two_providers.commit("Move", {OTHER: None, "credentials/acme/intro-copy.yaml": moved})
    result = _check(two_providers, "ann-example")
    assert result.returncode == 1
    assert f"{OTHER}  (provider `beta`" in result.stderr
    assert "credentials/acme/intro-copy.yaml" not in result.stderr


def test_exactly_regenerated_codeowners_is_allowed(two_providers: GitRepo) -> None:
    credir("codeowners", "--root", two_providers.root)
    two_providers.commit("CODEOWNERS")
    two_providers.branch("pr")
    two_providers.write(_edit(two_providers, ACME_PROVIDER, "[ann-example]", "[ann-example, cy]"))
    assert credir("codeowners", "--root", two_providers.root).returncode == 0
    two_providers.commit("Add a maintainer, regenerate CODEOWNERS")
    result = _check(two_providers, "ann-example")
    assert result.returncode == 0, result.stderr

    two_providers.commit(
        "Hand edit", {CODEOWNERS_FILE: two_providers.read(CODEOWNERS_FILE) + "* @ann-example\n"}
    )
    result = _check(two_providers, "ann-example")
    assert result.returncode == 1
    assert f"{CODEOWNERS_FILE}  (outside credentials/" in result.stderr


def test_maintainers_of_an_invalid_provider_file_keep_their_folder(two_providers: GitRepo) -> None:
    two_providers.commit(
        "Break beta", _edit(two_providers, OTHER_PROVIDER, "type: company", "type: x")
    )
    two_providers.branch("pr")
    two_providers.commit("Fix", _edit(two_providers, OTHER_PROVIDER, "type: x", "type: company"))
    assert _check(two_providers, "bob-example").returncode == 0


def test_no_repository_maintainers_at_the_base(git_repo: GitRepo) -> None:
    git_repo.commit("Drop the list", {MAINTAINERS_FILE: None})
    git_repo.branch("pr")
    git_repo.commit("Update", _edit(git_repo, ACME, "ects: 2", "ects: 3"))
    result = _check(git_repo, "ann-example")
    assert result.returncode == 1
    assert f"{MAINTAINERS_FILE} at main is missing" in result.stderr


def test_root_below_the_repository_top(tmp_path: Path) -> None:
    """The directory may live in a folder of a larger repository: paths stay right."""
    repo = GitRepo(tmp_path / "outer")
    inner = repo.root / "directory"
    shutil.copytree(REPO_ROOT / "tests/cases/valid/minimal/credentials", inner / "credentials")
    provider = inner / ACME_PROVIDER
    provider.write_text(provider.read_text() + "maintainers: [ann-example]\n")
    (inner / ".github").mkdir()
    (inner / MAINTAINERS_FILE).write_text(maintainers_yml(REPO_MAINTAINER))
    repo.commit("Start")
    repo.branch("pr")
    repo.commit("Update", {f"directory/{ACME}": (inner / ACME).read_text().replace("2", "3", 1)})
    repo.commit("Outside", {"elsewhere.txt": "x\n"})
    verdict = check_ownership(inner, "main", "ann-example")
    assert [(r.path, r.reason) for r in verdict.refused] == [
        ("elsewhere.txt", "outside the directory: only repository maintainers")
    ]
    assert verdict.changed == [f"directory/{ACME}", "elsewhere.txt"]


def test_usage_errors(git_repo: GitRepo) -> None:
    missing = credir("check-ownership", "--root", git_repo.root, "--base", "main")
    assert missing.returncode == 2 and "--author" in missing.stderr
    blank = _check(git_repo, "@")
    assert blank.returncode == 2 and "GitHub handle" in blank.stderr
    unknown = credir("check-ownership", "--root", git_repo.root, "--base", "nope", "--author", "a")
    assert unknown.returncode == 1 and "`nope` is not a commit" in unknown.stderr


# --- what a pull request names never becomes a workflow command (check/workflow_log.py) ---


def _commands_in(log: str) -> list[str]:
    """Lines GitHub's runner acts on: `::` first (after spaces), or `##[` anywhere."""
    return [line for line in log.splitlines() if line.lstrip().startswith("::") or "##[" in line]


def test_changed_paths_are_printed_inert(two_providers: GitRepo) -> None:
    """File names chosen to be read as commands: each stays one escaped line of the verdict."""
    two_providers.branch("pr")
    names = [
        "::notice title=ok::approved",  # a whole line that is a command
        "credentials/beta/x\n::add-mask::secret.yaml",  # a line break that starts one
        "docs/##[stop-commands]halt.md",  # the old form, anywhere in a line
    ]
    two_providers.commit("Names", dict.fromkeys(names, "x\n"))
    result = _check(two_providers, "ann-example")
    assert result.returncode == 1
    assert _commands_in(result.stdout + result.stderr) == []
    assert "  - ::notice title=ok::approved  (outside credentials/" in result.stderr
    assert "  - credentials/beta/x\\n::add-mask::secret.yaml  (provider `beta`" in result.stderr
    assert "  - docs/##\\[stop-commands]halt.md  (outside credentials/" in result.stderr


def test_codeowners_refuses_a_folder_name_with_a_line_break(git_repo: GitRepo) -> None:
    """A line break in a folder name would add its own line to CODEOWNERS."""
    folder = git_repo.root / "credentials/evil\n* @mallory"
    shutil.copytree(git_repo.root / "credentials/acme", folder)
    result = credir("codeowners", "--root", git_repo.root)
    assert result.returncode == 1
    assert "credentials/evil\\n* @mallory:1:1: error: the name holds U+000A" in result.stderr
    assert _commands_in(result.stderr) == []
    assert not (git_repo.root / CODEOWNERS_FILE).exists()


@pytest.mark.parametrize("linked", [MAINTAINERS_FILE, ".github", CODEOWNERS_FILE])
def test_codeowners_reads_no_file_through_a_link(git_repo: GitRepo, linked: str) -> None:
    """A pull request's link to a file outside the repository (a secret, /dev/zero) is
    refused, never read: the checks run on files anyone can propose."""
    outside = git_repo.root.parent / "outside"
    outside.mkdir()
    (outside / "maintainers.yml").write_text("repository: [\n", encoding="utf-8")
    (outside / "CODEOWNERS").write_text("* @mallory\n", encoding="utf-8")
    target = git_repo.root / linked
    if target.exists():
        shutil.copy(target, outside) if target.is_file() else shutil.rmtree(target)
        target.unlink(missing_ok=True)
    target.parent.mkdir(exist_ok=True)
    target.symlink_to(outside / target.name if linked != ".github" else outside)
    result = credir("codeowners", "--root", git_repo.root, "--check")
    assert result.returncode == 1
    assert "is a symbolic link" in result.stderr
    assert "YAML syntax" not in result.stderr and "mallory" not in result.stderr


def test_codeowners_refuses_a_linked_credentials_folder(git_repo: GitRepo) -> None:
    outside = git_repo.root.parent / "elsewhere"
    (git_repo.root / "credentials").rename(outside)
    (git_repo.root / "credentials").symlink_to(outside)
    result = credir("codeowners", "--root", git_repo.root, "--check")
    assert result.returncode == 1
    assert "credentials/ is a symbolic link" in result.stderr
