"""Fixtures and pytest hooks; the helpers they use are in tests/support/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import REPO_ROOT
from support.cases import CASES_DIR, CASES_TODAY, copy_case
from support.cli import build_site_cli
from support.git import REPO_MAINTAINER, GitRepo, maintainers_yml
from support.web import CHROMIUM, CHROMIUM_ARGS, serve_folder


@pytest.fixture
def cases_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Pin CREDIR_TODAY (use with `pytestmark = pytest.mark.usefixtures("cases_today")`)."""
    monkeypatch.setenv("CREDIR_TODAY", CASES_TODAY)
    return CASES_TODAY


@pytest.fixture
def minimal_root(tmp_path: Path) -> Path:
    """A writable copy of the `minimal` valid case: one provider, one credential."""
    return copy_case(CASES_DIR / "valid" / "minimal", tmp_path / "root")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example directory, built once for the whole session."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = build_site_cli(REPO_ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(example_site: Path):
    server, url = serve_folder(example_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `bash .ci/dev test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh page (desktop size) that records script errors; a test fails on any."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.script_errors = errors  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture(scope="session")
def example_directory():
    """The repository's example directory as typed objects (it is valid, so never None)."""
    from generator.check.run import load_directory

    checked = load_directory(REPO_ROOT)
    assert checked.directory is not None, checked.problems
    return checked.directory


@pytest.fixture(scope="session")
def directory(example_directory):
    """The example directory, under the name the browser tests use for it."""
    return example_directory


FUZZ_LONG_EXAMPLES = 20_000


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-long",
        action="store_true",
        help=f"fuzz with {FUZZ_LONG_EXAMPLES:,} examples per property (minutes, not seconds)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--fuzz-long") and not os.environ.get("CREDIR_FUZZ_EXAMPLES"):
        os.environ["CREDIR_FUZZ_EXAMPLES"] = str(FUZZ_LONG_EXAMPLES)


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """The `minimal` case (provider acme, maintained by ann-example) committed on main,
    with REPO_MAINTAINER as the repository maintainer."""
    repo = GitRepo(tmp_path / "repo")
    copy_case(CASES_DIR / "valid" / "minimal", repo.root)
    provider = repo.root / "credentials/acme/_provider.yaml"
    provider.write_text(
        provider.read_text(encoding="utf-8") + "maintainers: [ann-example]\n", encoding="utf-8"
    )
    repo.write({".github/maintainers.yml": maintainers_yml(REPO_MAINTAINER)})
    repo.commit("Start the directory")
    return repo
