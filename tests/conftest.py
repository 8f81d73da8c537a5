"""Shared test helpers. Add new fixtures under their own heading."""

from __future__ import annotations

import datetime as dt
import functools
import json
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

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from generator.check.load import parse_document
from generator.check.problems import Problem
from generator.site.serve import SiteHandler

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
# "Today" for the cases: their review_by dates (2027-09-30) lie ahead of it, and the
# stale-review-date case's behind it, whatever the date the suite runs on.
CASES_TODAY = "2026-06-01"

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
def cases_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Pin CREDIR_TODAY (use with `pytestmark = pytest.mark.usefixtures("cases_today")`)."""
    monkeypatch.setenv("CREDIR_TODAY", CASES_TODAY)
    return CASES_TODAY


@pytest.fixture
def minimal_root(tmp_path: Path) -> Path:
    """A writable copy of the `minimal` valid case: one provider, one credential."""
    return copy_case(CASES_DIR / "valid" / "minimal", tmp_path / "root")


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it, on CASES_TODAY (see `credir`)."""
    return credir(*args, cwd=cwd, today=CASES_TODAY)


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


def build_env(**extra: str) -> dict[str, str]:
    pinned = {"CREDIR_TODAY": PINNED_TODAY, "SOURCE_DATE_EPOCH": "1700000000"}
    return {**os.environ, **pinned, **extra}


def build_site_cli(root: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`credir build` exactly as a maintainer runs it (``env``: variables to set)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=build_env(**env),
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
    handler = functools.partial(SiteHandler, directory=str(folder))
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


# ---------------------------------------------------------------------------------------------
# Open data exports: the example directory loaded once, and the official ELM definitions
# (JSON-LD context, SHACL shapes) used offline.
# ---------------------------------------------------------------------------------------------

STANDARDS = REPO_ROOT / "standards"
EXPORT_SITE_URL = "https://credir.example/"
ELM_CONTEXT_URL = "http://data.europa.eu/snb/model/context/edc-ap"


@pytest.fixture(scope="session")
def example_directory():
    """The repository's example directory as typed objects (it is valid, so never None)."""
    from generator.directory import load_directory

    checked = load_directory(REPO_ROOT)
    assert checked.directory is not None, checked.problems
    return checked.directory


@pytest.fixture(scope="session")
def directory(example_directory):
    """The example directory, under the name the browser tests use for it."""
    return example_directory


def offline_loader(documents: dict[str, Any]):
    """A pyld document loader that serves ``documents`` by URL and refuses every other URL,
    so JSON-LD processing in tests never reaches the network."""
    from pyld import jsonld

    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        document = documents.get(url) or documents.get(url.rstrip("/"))
        if document is None:
            raise jsonld.JsonLdError(
                f"offline test: refusing to load {url}",
                "jsonld.LoadDocumentError",
                {"url": url},
                code="loading document failed",
            )
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }

    return load


def elm_loader():
    """The ELM context URL resolved to the official copy in standards/."""
    context = json.loads((STANDARDS / "elm" / "edc-ap-context.jsonld").read_text("utf-8"))
    return offline_loader({ELM_CONTEXT_URL: context})


def rdf_graph(document: dict[str, Any], loader) -> Any:
    """A JSON-LD document as an rdflib graph (through pyld's N-Quads)."""
    import rdflib
    from pyld import jsonld

    quads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    # Everything is in the default graph, and its N-Quads lines are N-Triples.
    return rdflib.Graph().parse(data=quads, format="nt")


@functools.cache
def loq_shapes() -> Any:
    """ELM's LOQ SHACL shapes, ready for pyshacl.

    The shapes' sh:pattern values use XPath regex classes (\\p{L}) that Python's `re`, which
    pyshacl compiles patterns with, does not know; the `regex` module does, so pyshacl's
    pattern component is pointed at it. The shapes themselves are used unchanged."""
    import rdflib
    import regex
    from pyshacl.constraints.core import string_based_constraints

    string_based_constraints.re = regex
    return rdflib.Graph().parse(STANDARDS / "elm" / "LOQ-constraints.ttl")


@functools.cache
def loq_shapes_all_active() -> Any:
    """The LOQ shapes with every shape active: the published file ships the
    LearningAchievementSpecification shape with `sh:deactivated true`, so only this stricter
    copy checks a specification against its own shape."""
    import rdflib

    shapes = rdflib.Graph()
    for triple in loq_shapes():
        shapes.add(triple)
    shapes.remove((None, rdflib.URIRef("http://www.w3.org/ns/shacl#deactivated"), None))
    return shapes


def shacl_report(graph: Any, *, all_active: bool = False) -> tuple[bool, str]:
    """pyshacl's verdict on ``graph`` against the LOQ shapes (as published, or all active)."""
    import pyshacl

    shapes = loq_shapes_all_active() if all_active else loq_shapes()
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    return conforms, text


# ---------------------------------------------------------------------------------------------
# Fuzzing (tests/test_fuzz.py): seconds by default; `--fuzz-long` or CREDIR_FUZZ_EXAMPLES=N
# for the long run recorded in docs/security.md.
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# Contributing and reviewing (issue #4): the `credir` CLI with stdin and a pinned date, and
# real git repositories in tmp_path for `changes` and `check-ownership`.
# ---------------------------------------------------------------------------------------------

REVIEW_TODAY = "2026-06-01"  # the minimal case's review_by (2027-09-30) lies ahead of it
REPO_MAINTAINER = "root-maintainer"

# Git must not read the machine's or the user's settings (signing, hooks, default branch).
_GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
}


def credir(
    *args: str | Path,
    cwd: Path | None = None,
    stdin: str | None = None,
    today: str = REVIEW_TODAY,
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` with stdin and CREDIR_TODAY; a traceback always fails."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd or REPO_ROOT,
        env={**os.environ, **_GIT_ENV, "CREDIR_TODAY": today, "PYTHONPATH": str(REPO_ROOT)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


class GitRepo:
    """A real repository in a temporary folder, committed to with the git command."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
            cwd=self.root,
            env={**os.environ, **_GIT_ENV},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout.strip()

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or, for None, delete) files relative to the repository."""
        for relpath, content in files.items():
            target = self.root / relpath
            if content is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str | None] | None = None) -> str:
        if files:
            self.write(files)
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str) -> None:
        self.git("checkout", "--quiet", "-b", name)

    def checkout(self, name: str) -> None:
        self.git("checkout", "--quiet", name)

    def read(self, relpath: str) -> str:
        return (self.root / relpath).read_text(encoding="utf-8")


def maintainers_yml(*handles: str, repository: str = "example-org/credir") -> str:
    listed = "".join(f"  - {handle}\n" for handle in handles)
    return f"repository: {repository}\nmaintainers:\n{listed}"


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


# ---------------------------------------------------------------------------------------------
# Pathways (issue #18): directories made in memory, with any `contributes_to` links, so a
# test can build shapes of thousands of credentials without writing files.
# ---------------------------------------------------------------------------------------------


def linked_directory(links: dict[str, list[Any]]) -> Any:
    """A Directory of the minimal case's credential, once per key (all `acme/<id>`, titled
    `Title <id>`), each counting towards its keys or ``{title, url}`` in ``links``."""
    from generator.directory import Directory, Listing
    from generator.format.models import Stackability

    template = next(iter(_minimal_directory().listings.values()))
    listings = {}
    for key, targets in links.items():
        cid = key.split("/", 1)[1]
        update: dict[str, Any] = {"id": cid, "title": f"Title {cid}"}
        if targets:
            update["stackability"] = Stackability.model_validate({"contributes_to": targets})
        credential = template.credential.model_copy(update=update)
        listings[key] = Listing(key, f"credentials/{key}.yaml", template.provider, credential)
    return Directory(providers={"acme": template.provider}, listings=dict(sorted(listings.items())))


def layered_links(layers: int, width: int) -> dict[str, list[Any]]:
    """Links for linked_directory: ``layers`` layers of ``width`` credentials, each counting
    towards every credential of the next layer (width ** layers paths; width 1: a chain).
    bench.synthetic.generate_layers writes the same shape as files."""
    links: dict[str, list[Any]] = {}
    for layer in range(layers):
        following = [f"acme/l{layer + 1:05d}-{j:03d}" for j in range(width)]
        for i in range(width):
            links[f"acme/l{layer:05d}-{i:03d}"] = following if layer < layers - 1 else []
    return links


@functools.cache
def _minimal_directory() -> Any:
    from generator.directory import load_directory

    checked = load_directory(CASES_DIR / "valid" / "minimal")
    assert checked.directory is not None, checked.problems
    return checked.directory
