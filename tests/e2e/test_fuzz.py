"""Fuzzing: whatever a pull request's files contain, `validate` and `build` never raise and
never hang; they accept the files or say what is wrong, and where.

Four properties, from raw to structured: random bytes; YAML built from the format's own
field names with values of every kind; valid files with random edits (the mistakes and
tricks a PR can make); and listings whose every free-text field is random Unicode, rendered
into pages and open data, and a few built into the full site with MkDocs and Pagefind.

The default run takes seconds and is deterministic (the same examples every time, so CI
never turns red by chance). `pytest tests/e2e/test_fuzz.py --fuzz-long` (or
CREDIR_FUZZ_EXAMPLES=N) draws new random examples, many more; docs/security.md records a
long run's figures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.check.load import parse_document
from generator.check.problems import Problem
from generator.check.run import load_directory
from generator.check.validate import check_credential, check_provider
from generator.export import write_exports
from generator.format.models import Credential, Provider
from generator.render.site_pages import render_pages
from generator.site.build import build_site
from support.cases import CASES_DIR, VALID_CASES
from support.cli import site_root

EXAMPLES = int(os.environ.get("CREDIR_FUZZ_EXAMPLES") or 0)
LONG = EXAMPLES > 0
TIME_LIMIT = 20  # seconds for one example of load + validate (+ render): a hang fails


def fuzz(default: int, *, scale: float = 1.0) -> settings:
    """``default`` examples normally, CREDIR_FUZZ_EXAMPLES (times ``scale``) in a long run."""
    return settings(
        max_examples=max(1, int(EXAMPLES * scale)) if LONG else default,
        deadline=None,  # time_limit() below catches hangs; slow CI machines are not bugs
        derandomize=not LONG,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail the example, not the whole run, when the code under test does not return."""

    def expire(signum, frame):
        raise TimeoutError(f"did not finish in {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_positioned(problems: list[Problem], files: dict[str, int]) -> None:
    """Every problem names a real file, a line and column inside it, and says something."""
    for problem in problems:
        assert problem.path in files or problem.path.startswith("credentials"), problem
        assert problem.line >= 1 and problem.col >= 1, problem
        if problem.path in files:
            assert problem.line <= files[problem.path] + 1, problem
        assert problem.message.strip(), problem
        assert "\n" not in str(problem) and "\r" not in str(problem), problem


def _lines(raw: bytes) -> int:
    return raw.count(b"\n") + raw.count(b"\r") + 1


# --- 1. random bytes -------------------------------------------------------------------------


@fuzz(300)
@given(raw=st.binary(max_size=4096))
def test_random_bytes(raw: bytes) -> None:
    _check_one_file(raw)


def _check_one_file(raw: bytes) -> None:
    path = "credentials/acme/data-basics.yaml"
    with time_limit(TIME_LIMIT):
        document, problems = parse_document(raw, path)
        assert document is not None or any(p.is_error for p in problems)
        if document is not None:
            for check in (check_credential, check_provider):
                model, more = check(document)
                problems = problems + more
                assert model is None or isinstance(model, (Credential, Provider))
    assert_positioned(problems, {path: _lines(raw)})


# --- 2. YAML from the format's own vocabulary -----------------------------------------------

FIELDS = sorted(set(Credential.model_fields) | set(Provider.model_fields))
NESTED = ["ects", "hours", "eqf", "nqf", "methods", "mode", "types", "amount", "currency"]
NESTED += ["title", "url", "label", "esco", "body", "type", "detail", "contributes_to"]
ODD_TEXT = st.sampled_from(
    ["NO", "yes", "0613", "2027-02-30", "2027-W39-4", "1e309", ".nan", "~", "P1W", "€", "",
     "\u202egnp.exe", "A\u200bcme", "\u0410cme", "<script>", "https://x.example/",
     "javascript:alert(1)", "x" * 300, "line\nbreak", "\x00", "\ud7ff", "🤖", "¿"]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.dates()
    | st.datetimes()
    | st.text(max_size=40)
    | ODD_TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(NESTED) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)
DOCUMENTS = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), VALUES, max_size=20)


@fuzz(200)
@given(data=DOCUMENTS, flow=st.booleans(), width=st.integers(20, 200))
@example(data={"\n": None}, flow=False, width=20)  # found by the long run: a key with a break
@example(data={"\r": "\x1f"}, flow=False, width=20)  # ... and a refused escape under it
@example(data={"\r": "NO"}, flow=False, width=20)  # ... and a YAML 1.1 surprise under it
def test_yaml_from_the_formats_vocabulary(data: dict, flow: bool, width: int) -> None:
    try:
        text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, width=width)
    except (yaml.YAMLError, UnicodeEncodeError):
        return  # PyYAML cannot write it: no provider could have either
    _check_one_file(text.encode("utf-8", "surrogatepass"))


# --- 3. valid directories with random edits -------------------------------------------------

MULTI_FILE_CASES = [case for case in VALID_CASES if len(list(case.rglob("*.yaml"))) >= 2]
SEEDS = [
    (case, path.relative_to(case).as_posix())
    for case in MULTI_FILE_CASES
    for path in sorted(case.rglob("*.yaml"))
]
PIECES = [
    ":", ": ", "-", "- ", " ", "  ", "\n", "\r\n", "'", '"', "[", "]", "{", "}", "#", "&a ",
    "*a", "!!python/object:os.system ", "|", ">", "%", "@", "`", ",", "?", "\t", "\u202e",
    "\u200b", "\ufeff", "\x00", "\x85", "\u2028", "é", "😀", "yes", "NO", "0613", "~",
    "null", "2027-02-30", "1e309", "<script>alert(1)</script>", "0o17", "---\n", "...",
    "javascript:alert(1)", "[x](javascript:alert(1))", "\u0410", "../", "{{ 7*7 }}",
]  # fmt: skip


@st.composite
def edited(draw) -> tuple[Path, str, bytes]:
    """A valid case, one of its files, and that file with one to six random edits."""
    case, relpath = draw(st.sampled_from(SEEDS))
    text = (case / relpath).read_bytes()
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "bytes", "line", "indent"]))
        if edit == "insert":
            text = text[:where] + draw(st.sampled_from(PIECES)).encode() + text[where:]
        elif edit == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 40)) :]
        elif edit == "bytes":
            text = text[:where] + draw(st.binary(min_size=1, max_size=8)) + text[where:]
        elif edit == "line":  # repeat or drop a whole line
            lines = text.split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            if draw(st.booleans()):
                lines.insert(index, lines[index])
            else:
                del lines[index]
            text = b"\n".join(lines)
        else:
            lines = text.split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines[index] = b" " * draw(st.integers(0, 5)) + lines[index].lstrip(b" ")
            text = b"\n".join(lines)
    return case, relpath, text


@contextlib.contextmanager
def directory_with(case: Path, relpath: str, raw: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="credir-fuzz-") as folder:
        root = Path(folder)
        shutil.copytree(case / "credentials", root / "credentials")
        (root / relpath).write_bytes(raw)
        yield root


def _validate_and_render(root: Path, files: dict[str, int]) -> bool:
    """What CI runs on a PR: the whole pipeline short of MkDocs. True when accepted."""
    with time_limit(TIME_LIMIT):
        checked = load_directory(root)
        assert_positioned(checked.problems, files)
        if not checked.ok:
            assert checked.directory is None
            return False
        assert checked.directory is not None
        pages = render_pages(checked.directory)
        assert pages and all(isinstance(page.html, str) for page in pages)
        write_exports(root, checked.directory, root / "out", "https://credir.example/")
    return True


@fuzz(150)
@given(case_and_file=edited())
@example(  # found by the long run: U+2028 is a line break to YAML, not to editors
    case_and_file=(
        CASES_DIR / "valid" / "ceased-superseded",
        "credentials/acme/_provider.yaml",
        b"id: acme\nname: Acme Training\ntype: company\ncountry: IE\nurl: \xe2\x80\xa8https:/",
    )
)
def test_valid_files_with_random_edits(case_and_file) -> None:
    case, relpath, raw = case_and_file
    with directory_with(case, relpath, raw) as root:
        accepted = _validate_and_render(root, {relpath: _lines(raw)})
    event("accepted and rendered" if accepted else "refused with positioned problems")


# --- 4. listings with random text everywhere, rendered and built ----------------------------

MINIMAL = CASES_DIR / "valid" / "minimal"
# Characters of every category but surrogates (which UTF-8 cannot carry): mostly refused.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60)
# Text that passes the text-trick checks, so that most listings reach the renderer: any
# visible character and markup, and for names and titles one alphabet (plus markup).
VISIBLE = st.characters(exclude_categories=["Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"])
MARKUP = st.sampled_from(
    ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{ 7*7 }}", "&amp;",
     "[x](javascript:alert(1))", "![i](https://evil.example/t.png)", "</title>", "\\u2028",
     "<!--", "]]>", "' onmouseover='x", "`code`"]
)  # fmt: skip
FREE_TEXT = st.lists(
    st.text(VISIBLE, min_size=1, max_size=20) | MARKUP, min_size=1, max_size=4
).map(" ".join)
LATIN = st.characters(max_codepoint=0x24F, exclude_categories=["Cc", "Cf", "Cs"])
CYRILLIC = st.characters(min_codepoint=0x400, max_codepoint=0x4FF, categories=["Lu", "Ll"])
NAME_TEXT = st.lists(
    st.text(LATIN, min_size=1, max_size=15) | st.text(CYRILLIC, min_size=1, max_size=15) | MARKUP,
    min_size=1,
    max_size=4,
).map(" ".join)


def _line(text: str) -> bool:
    return bool(text.strip()) and not {"\n", "\r"} & set(text)


@st.composite
def listings(draw) -> dict:
    """The minimal valid credential with random text in every free-text field: visible
    text and markup in most listings (so they reach the renderer and the build), and fully
    random characters in all fields or in one field of the rest (so every refusal is hit)."""
    mode = draw(st.sampled_from(["visible", "visible", "one random field", "all random"]))
    wild = draw(st.integers(0, 9)) if mode == "one random field" else None
    fields = iter(range(10))

    def text(kind: st.SearchStrategy[str], *, line: bool = False) -> st.SearchStrategy[str]:
        chosen = ANY_TEXT if mode == "all random" or next(fields) == wild else kind
        return chosen.filter(_line) if line else chosen

    base = yaml.safe_load((MINIMAL / "credentials/acme/data-basics.yaml").read_text("utf-8"))
    base["review_by"] = dt.date(2099, 1, 1)
    base["title"] = draw(text(NAME_TEXT, line=True))
    base["summary"] = draw(text(FREE_TEXT, line=True))
    base["description"] = draw(text(FREE_TEXT))
    base["learning_outcomes"] = draw(st.lists(text(FREE_TEXT), min_size=1, max_size=3))
    base["keywords"] = draw(st.lists(text(FREE_TEXT, line=True), max_size=3))
    labels = draw(st.lists(text(FREE_TEXT, line=True), max_size=3))
    base["skills"] = [{"label": label} for label in labels]
    base["prerequisites"] = draw(text(FREE_TEXT))
    base["further_information"] = draw(text(FREE_TEXT))
    base["awarding_bodies"] = draw(st.lists(text(NAME_TEXT, line=True), min_size=1, max_size=2))
    base["participation"]["location"] = draw(text(FREE_TEXT, line=True))
    return base


@fuzz(60, scale=0.1)
@given(data=listings())
def test_random_text_in_every_field_renders(data: dict) -> None:
    raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    with directory_with(MINIMAL, "credentials/acme/data-basics.yaml", raw) as root:
        accepted = _validate_and_render(root, {"credentials/acme/data-basics.yaml": _lines(raw)})
    event("accepted and rendered" if accepted else "refused with positioned problems")


@pytest.mark.slow
@fuzz(3, scale=0.01)
@given(data=listings())
def test_random_text_builds_the_whole_site(data: dict) -> None:
    """The real build (MkDocs, Pagefind, exports, the CSP audit and the nothing-lost check):
    exit 0 or 1 with a message, never an exception; the output is a site or untouched."""
    raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="credir-fuzz-build-") as folder:
        root = site_root(Path(folder) / "root", MINIMAL / "credentials")
        (root / "credentials/acme/data-basics.yaml").write_bytes(raw)
        out = Path(folder) / "site"
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            code = build_site(root, out)
        assert code in (0, 1), stderr.getvalue()
        event("built" if code == 0 else "refused")
        if code == 0:
            assert (out / "credentials/acme/data-basics/index.html").is_file()
        else:
            assert "build failed" in stderr.getvalue() and not out.exists()
        assert [p.name for p in Path(folder).iterdir()] == ["root", "site"][: 1 + (code == 0)]


def test_the_seeds_are_there() -> None:
    """The edits start from real multi-file cases; without them the fuzzing proves little."""
    assert len(SEEDS) >= 8
