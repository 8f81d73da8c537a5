"""Shared test helpers. Add new fixtures under their own heading."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
import typing
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.load import parse_document
from generator.problems import Problem
from generator.site.serve import QuietHandler

# ---------------------------------------------------------------------------------------------
# Validation suite: case folders (tests/cases/{valid,invalid}/<case>/), expected problems,
# the CLI as a subprocess, and the models' field paths.
# ---------------------------------------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = Path(__file__).resolve().parent / "cases"
VALID_CASES = sorted(p for p in (CASES_DIR / "valid").iterdir() if p.is_dir())
INVALID_CASES = sorted(p for p in (CASES_DIR / "invalid").iterdir() if p.is_dir())
EXPECTED_FILE = "expected.txt"
SCHEMA_SKIP_FILE = "schema-skip.txt"  # present when JSON Schema cannot see the case's rule

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


@pytest.fixture
def minimal_root(tmp_path: Path) -> Path:
    """A writable copy of the `minimal` valid case: one provider, one credential."""
    return copy_case(CASES_DIR / "valid" / "minimal", tmp_path / "root")


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it; a traceback is always a failure."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd or REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


def data_as_editors_see_it(raw: bytes, relpath: str = "file.yaml") -> dict[str, Any]:
    """A file's values as a JSON Schema validator gets them: an editor reads an unquoted date
    as text, so dates become ISO strings (a date with a time keeps its time)."""
    document, problems = parse_document(raw, relpath)
    assert document is not None, problems
    return _iso_dates(document.data)


def _iso_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso_dates(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def model_field_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field path of a model, nested models included: `workload.ects`, `skills.esco`."""
    paths = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.add(path)
        for inner in _models_in(info.annotation):
            paths |= model_field_paths(inner, path + ".")
    return paths


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in typing.get_args(annotation):
        found += _models_in(argument)
    return found


def used_field_paths(data: Any, prefix: str = "") -> set[str]:
    """Field paths with a value in one file's data, in the form model_field_paths gives."""
    paths: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None:
                continue
            paths.add(f"{prefix}{key}")
            paths |= used_field_paths(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for item in data:
            paths |= used_field_paths(item, prefix)
    return paths


# ---------------------------------------------------------------------------------------------
# Site: real builds with the real CLI (MkDocs + Pagefind), served on 127.0.0.1, and Debian's
# headless Chromium driven by Playwright.
# ---------------------------------------------------------------------------------------------

PINNED_TODAY = "2026-11-23"  # stale badges depend on the date; builds in tests pin it
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build_env() -> dict[str, str]:
    return {**os.environ, "CREDIR_TODAY": PINNED_TODAY, "SOURCE_DATE_EPOCH": "1700000000"}


def build_site_cli(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`credir build` exactly as a maintainer runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=build_env(),
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def site_root(destination: Path, credentials: Path) -> Path:
    """A directory repository for ``credentials``: the project's site settings beside it."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(credentials, destination / "credentials", symlinks=True)
    for name in ("mkdocs.yml", "site_overrides", "schema"):
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copyfile(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example directory, built once for the whole session."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = build_site_cli(REPO_ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


def serve_folder(folder: Path):
    """A static server for ``folder`` on 127.0.0.1 and a free port; returns (server, url)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


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
