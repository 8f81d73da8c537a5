"""Issue #6: every shortcut gives exactly what the long way gives.

The speed-ups replace work with cheaper work that must not change a byte: the loader's
path for sound files, the theme shells of generated pages, the CSP audit's pre-check, the
JSON writer of the exports, relative links, and the reference cache of `validate PATH`.
Each is compared here with the way it replaces.
"""

from __future__ import annotations

import json
import os
import posixpath
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import directory as directory_module
from generator.check import load
from generator.directory import load_directory
from generator.export import json_text
from generator.export.feeds import xml_bytes
from generator.format.clock import today
from generator.parallel.forked import ForkedError
from generator.render.pages import linker
from generator.site import csp
from support import REPO_ROOT
from support.cases import CASES_DIR, INVALID_CASES, VALID_CASES, case_id, write_tree

YAML_FILES = sorted(CASES_DIR.rglob("*.yaml")) + sorted((REPO_ROOT / "credentials").glob("*/*"))


# --- load: sound files are read without nodes; the nodes come later, the same -------------


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_sound_values_are_what_the_full_read_gives(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        full = load._compose(text)
    except Exception:  # the full read refuses the file: the short one must not accept it
        assert load._sound_values(text) is None
        return
    values = load._sound_values(text)
    if values is not None:
        assert full is not None
        node, data, surprises, escaped = full
        assert values == data and node.kind == "map"
        assert surprises == [] and escaped == []


_YAML_PIECES = st.sampled_from(
    [
        "a: 1\n", "b: NO\n", "c: '0613'\n", "d: 0613\n", "e: [x, y]\n", "f:\n  - g\n",
        "h: {i: j}\n", "k: &x 1\n", "l: *x\n", "m: !!str 5\n", "n: \"\\u202e\"\n",
        "a: 2\n", "o: 2027-01-01\n", "p: |\n  text\n", "---\n", "q: yes\n", "r: ~\n",
        "? [s]\n: t\n", "u:\n  v:\n    w: 1\n", "x: 1e3\n", "y: \"q\\x41\"\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_YAML_PIECES, min_size=1, max_size=8))
def test_sound_values_agree_with_the_full_read_on_mixed_files(pieces: list[str]) -> None:
    text = "".join(pieces)
    document, problems = load.parse_document(text.encode(), "credentials/a/b.yaml")
    try:
        full = load._compose(text)
    except Exception:
        full = None
    values = load._sound_values(text)
    if values is not None:
        assert full is not None and full[1] == values and not full[2] and not full[3]
        assert document is not None and problems == []
        assert document.root == full[0]  # composed on demand, the same tree


# --- MkDocs: pages filled from a shell equal the theme's own rendering ---------------------


def test_shells_give_the_theme_s_own_pages(tmp_path: Path, example_directory) -> None:
    from generator.render.site_pages import render_pages
    from generator.site.mkdocs.build import build_with_mkdocs

    outputs = {}
    for shells in (True, False):
        out = tmp_path / f"shells-{shells}"
        plugin = build_with_mkdocs(
            REPO_ROOT / "mkdocs.yml", render_pages(example_directory), out, shells=shells
        )
        assert (plugin.shelled > 0) is shells
        outputs[shells] = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }
    assert outputs[True].keys() == outputs[False].keys()
    different = [path for path, data in outputs[True].items() if data != outputs[False][path]]
    assert different == []


_URL_SEGMENT = st.sampled_from(
    ["credentials", "browse", "country", "acme", "x", "404.html", "a.b", "", ".", ".."]
)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.lists(_URL_SEGMENT, max_size=3), min_size=1, max_size=6),
    st.lists(st.lists(_URL_SEGMENT, max_size=5), min_size=1, max_size=8),
)
def test_nav_links_shared_between_pages_are_each_page_s_own(
    nav: list[list[str]], pages: list[list[str]]
) -> None:
    from types import SimpleNamespace

    from mkdocs.utils import normalize_url

    from generator.site.mkdocs.shells import NavLinks

    # Directory URLs as MkDocs makes them, and file URLs (use_directory_urls: false).
    entries = ["".join(f"{part}/" for part in parts) for parts in nav]
    entries += ["/".join(parts) for parts in nav if parts]
    links = NavLinks(entries)
    for segments in pages:
        for url in ("/".join(segments) + "/", "/".join(segments)):
            page = SimpleNamespace(url=url.lstrip("/"))
            base = "/".join([".."] * url.count("/")) or "."
            expected = tuple(normalize_url(target, page, base) for target in entries)
            assert links.of(page, base) == expected, url


# --- CSP audit: a page the pre-check passes holds nothing the parser would find ------------

_HTML_PIECES = st.sampled_from(
    [
        "<a", "<A", "<script", "<SCRIPT", "</script>", "<style>", "</style>", "<!--", "-->",
        "<!", "<?", " ", "\n", "/", "=", "==", '"', "'", ">", "<", "on", "ON", "onclick",
        "oNload", "href", "src", "HREF", ' type="application/json"', ' src="x"',
        "javascript:", "JavaScript:", "&#106;", "&#x6A;", "&Tab;", "&amp;", "j", "x", "text",
        "alert(1)", "<b", "<img", " formaction", "xlink:href", "\t", "data-on", "\xa0", "\u3000",
        "\x1c",
        'title="a>b"', "='", '="', "<script>", '<script type="application/ld+json">',
    ]
)  # fmt: skip


def _parser_finds(text: str) -> list[str]:
    parser = csp._InlineCode()
    parser.feed(text)
    parser.close()
    return parser.found


@settings(max_examples=3000, deadline=None)
@given(st.lists(_HTML_PIECES, min_size=1, max_size=16))
def test_the_audit_pre_check_never_passes_what_the_parser_refuses(pieces: list[str]) -> None:
    text = "".join(pieces)
    if _parser_finds(text):
        assert csp.may_hold_inline_code(text), text


@pytest.mark.parametrize(
    "html",
    [
        '<a href="x"onclick="y">',
        '<a title="a>b" onclick="y">',
        "<a\nonclick=y>",
        '<a href=" &#106;avascript:alert(1)">',
        '<a href="java&#115;cript:x">',
        '<script type="application/ld+json"></script><script>alert(1)</script>',
        '<script id="__config" type="text/javascript">x()</script>',
        "<img src=x onerror=alert(1)>",
    ],
)
def test_the_audit_pre_check_sends_known_tricks_to_the_parser(html: str) -> None:
    assert _parser_finds(html) and csp.may_hold_inline_code(html)


def test_plain_theme_markup_passes_the_pre_check() -> None:
    page = (
        '<script id="__config" type="application/json">{"t": "1 more on this page"}</script>'
        '<a href="../credentials/" class="md-nav__link">Credentials</a>'
        '<script src="../assets/x.js" type="module"></script><p>Based on the data</p>'
    )
    assert not _parser_finds(page) and not csp.may_hold_inline_code(page)


# --- exports: the fast JSON writer writes what json.dumps writes ----------------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    # orjson spells floats under 0.0001 and non-finite ones differently from json.dumps
    # (0.00001 for 1e-05, null for NaN); the exports hold no such numbers.
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or abs(x) >= 1e-4)
    | st.text(alphabet=string.printable + 'é\u2028\u00a0\U0001f600"\\'),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(_JSON)
def test_json_text_is_json_dumps(value) -> None:
    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert json_text(value) == expected


def test_json_text_hands_unusual_values_to_json_dumps() -> None:
    value = {"a": {1: "number key"}, "b": (1, 2), "c": 2**70}
    assert (
        json_text(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    )


_XML_TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\t\n<&>\"'")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_XML_TEXT, _XML_TEXT), max_size=5))
def test_feeds_are_written_as_et_tostring_writes_them(entries: list[tuple[str, str]]) -> None:
    feed = ET.Element("feed", xmlns="http://www.w3.org/2005/Atom")
    for title, label in entries:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = title
        ET.SubElement(entry, "category", term="x", label=label)
    ET.indent(feed)
    assert xml_bytes(feed) == ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


# --- cards: rendered once, each page's links put in ----------------------------------------


@pytest.mark.parametrize("summary", [None, "About credirQcardQlinkQ7f3a & <tags>"])
def test_a_card_is_what_its_macro_renders_on_every_page(example_directory, summary) -> None:
    import dataclasses

    from generator.render import pages

    listing = next(iter(example_directory.listings.values()))
    if summary is not None:  # a text holding the link mark: rendered whole every time
        credential = listing.credential.model_copy(update={"summary": summary})
        listing = dataclasses.replace(listing, credential=credential)
    for page_url in ("", "credentials/", "providers/acme/", "browse/country/ie/page-2/"):
        link = pages.linker(page_url)
        expected = pages._card_macro(pages._card_facts(listing), link)
        assert pages._card_html(listing, link) == expected
        assert pages._card_html(listing, link) == expected  # from the cache
    card = pages._CARDS[id(listing), today()]
    assert card.listing is listing and (card.parts is None) is (summary is not None)


# --- relative links --------------------------------------------------------------------------

_SEGMENT = st.sampled_from(["a", "b", "credentials", "page-2", "x.y", "acme", ".", "..", "c d"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SEGMENT, max_size=4), st.lists(_SEGMENT, max_size=4), st.booleans())
def test_relative_links_are_posixpath_s(here: list[str], there: list[str], slash: bool) -> None:
    from_url = "".join(f"{part}/" for part in here)
    to_url = "/".join(there) + ("/" if slash and there else "")
    if to_url == from_url:
        expected = "."
    else:
        expected = posixpath.relpath("/" + to_url, "/" + from_url)
        expected += "/" if to_url.endswith("/") and expected != "." else ""
    assert linker(from_url)(to_url) == expected


# --- validate PATH: the reference cache changes nothing reported ----------------------------

PROVIDER = "id: acme\nname: Acme Training\ntype: company\ncountry: IE\nurl: https://acme.example/\n"


def credential(cid: str, links: list[str]) -> str:
    text = (REPO_ROOT / "tests/cases/valid/minimal/credentials/acme/data-basics.yaml").read_text()
    text = text.replace("id: data-basics", f"id: {cid}")
    text = text.replace("title: Data Basics", f"title: Data Basics {cid}")  # one title each
    if links:
        text += "stackability:\n  contributes_to: [" + ", ".join(links) + "]\n"
    return text


@pytest.fixture
def cache_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reference cache for any directory size, and no entry held back as racy."""
    monkeypatch.setenv("CREDIR_TODAY", "2026-06-01")
    monkeypatch.setattr(directory_module, "CACHE_MIN_FILES", 1)
    monkeypatch.setattr("generator.check.refcache.RACY_SECONDS", 0)


@pytest.mark.usefixtures("cache_always")
def test_validate_path_reports_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    files = {"credentials/acme/_provider.yaml": PROVIDER}
    # a -> b -> c -> a is a cycle; d names a key that does not exist.
    for cid, links in {"a": ["acme/b"], "b": ["acme/c"], "c": ["acme/a"], "d": ["acme/zz"]}.items():
        files[f"credentials/acme/{cid}.yaml"] = credential(cid, links)
    root = write_tree(tmp_path, files)
    full = load_directory(root)
    assert (root / ".credir-cache/references.json").is_file()  # written by the full check
    for name, code in {"a": "cycle", "b": "cycle", "c": "cycle", "d": "unknown-key"}.items():
        path = root / f"credentials/acme/{name}.yaml"
        cached = load_directory(root, [path]).problems
        assert [(p.path, p.code) for p in cached] == [(f"credentials/acme/{name}.yaml", code)]
        (root / ".credir-cache/references.json").unlink()
        assert load_directory(root, [path]).problems == cached, name
    assert any(p.code == "cycle" for p in full.problems)
    assert any(p.code == "unknown-key" for p in full.problems)


@pytest.mark.usefixtures("cache_always")
def test_validate_path_sees_the_titles_of_the_files_it_does_not_report_on(tmp_path: Path) -> None:
    """The same title twice is a warning in `credir validate PATH` too: the other files'
    titles come from the cache, or from the files when there is none."""
    same = credential("b", []).replace("title: Data Basics b", "title: data  basics A")
    root = write_tree(
        tmp_path,
        {
            "credentials/acme/_provider.yaml": PROVIDER,
            "credentials/acme/a.yaml": credential("a", []),
            "credentials/acme/b.yaml": same,
            "credentials/acme/c.yaml": credential("c", []),
        },
    )
    full = load_directory(root).problems
    assert [(p.path, p.code) for p in full] == [
        ("credentials/acme/a.yaml", "same-title"),
        ("credentials/acme/b.yaml", "same-title"),
    ]
    for name in ("a", "b"):
        path = root / f"credentials/acme/{name}.yaml"
        cached = load_directory(root, [path]).problems
        assert cached == [p for p in full if p.path.endswith(f"/{name}.yaml")]
        (root / ".credir-cache/references.json").unlink()
        assert load_directory(root, [path]).problems == cached, name


@pytest.mark.usefixtures("cache_always")
def test_a_changed_file_is_not_taken_from_the_cache(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "credentials/acme/_provider.yaml": PROVIDER,
            "credentials/acme/a.yaml": credential("a", []),
            "credentials/acme/b.yaml": credential("b", ["acme/a"]),
        },
    )
    assert load_directory(root).ok
    # b -> a was fine; now a -> b closes a cycle, found while reporting on b alone.
    (root / "credentials/acme/a.yaml").write_text(credential("a", ["acme/b"]))
    reported = load_directory(root, [root / "credentials/acme/b.yaml"]).problems
    everything = load_directory(root).problems
    assert [p for p in everything if p.path.endswith("/b.yaml")] == reported
    assert any(p.code == "cycle" for p in everything)


@pytest.mark.usefixtures("cache_always")
@pytest.mark.parametrize(
    "entry", ["x", 3, None, [], [[1, 2, 3, 4]], [[], []], [[1, 2, 3, 4], [["acme/b"]]], [1, 2, 3]]
)
def test_a_cache_entry_in_another_shape_is_read_again(tmp_path: Path, entry) -> None:
    """An entry of any other shape (a cache from another build, a hand edit) counts as
    absent: the file is read again and the entry written anew."""
    import json

    root = write_tree(
        tmp_path,
        {
            "credentials/acme/_provider.yaml": PROVIDER,
            "credentials/acme/a.yaml": credential("a", ["acme/b"]),
            "credentials/acme/b.yaml": credential("b", ["acme/a"]),
        },
    )
    everything = load_directory(root).problems
    cache_file = root / ".credir-cache/references.json"
    stored = json.loads(cache_file.read_text())
    stored["files"]["credentials/acme/a.yaml"] = entry
    cache_file.write_text(json.dumps(stored))
    reported = load_directory(root, [root / "credentials/acme/b.yaml"]).problems
    assert reported == [p for p in everything if p.path.endswith("/b.yaml")]
    assert any(p.code == "cycle" for p in reported)
    again = json.loads(cache_file.read_text())["files"]["credentials/acme/a.yaml"]
    assert again[1] == [["acme/b", ["stackability", "contributes_to", 0]]]


# --- the CLI knows the import formats and link-report options without importing them -------


def test_cli_option_lists_match_their_modules() -> None:
    from generator import cli
    from generator.importers import FORMAT_NAMES
    from generator.review import linkcheck

    assert tuple(sorted(FORMAT_NAMES)) == cli.IMPORT_FORMATS
    assert cli.LINK_REPORT_FORMATS == linkcheck.FORMATS
    assert cli.LINK_ALLOWLIST == linkcheck.DEFAULT_ALLOWLIST


# --- validate PATH: the models checked in a child, the same as here --------------------------
MODELS_IN_A_CHILD = directory_module._model_problems_when_told


@pytest.mark.usefixtures("cases_today")
@pytest.mark.parametrize("case", INVALID_CASES + VALID_CASES, ids=case_id)
def test_model_checks_in_a_child_report_what_checks_here_report(
    case: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`validate PATH` imports the models in a child while it finds the files (the
    models are imported already in this process, so the choice is forced here); each
    file, and each provider folder, is reported on the same either way."""
    log = tmp_path / "children.log"

    def logged(root: Path, inbox: object) -> object:
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return MODELS_IN_A_CHILD(root, inbox)

    monkeypatch.setattr(directory_module, "_model_problems_when_told", logged)
    paths = sorted((case / "credentials").glob("*/*")) + sorted((case / "credentials").glob("*"))
    for path in paths:
        monkeypatch.setattr(directory_module, "_models_in_a_child", lambda: False)
        here = load_directory(case, [path])
        monkeypatch.setattr(directory_module, "_models_in_a_child", lambda: True)
        in_child = load_directory(case, [path])
        assert in_child.problems == here.problems, path
        assert in_child.files == here.files
    children = log.read_text().split() if log.exists() else []
    assert len(children) == len(paths) and str(os.getpid()) not in children


def test_a_child_that_fails_its_model_checks_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(
        tmp_path,
        {
            "credentials/acme/_provider.yaml": PROVIDER,
            "credentials/acme/a.yaml": credential("a", []),
        },
    )
    monkeypatch.setattr(directory_module, "_models_in_a_child", lambda: True)
    monkeypatch.setattr(directory_module, "_model_problems", lambda root, paths: 1 / 0)
    with pytest.raises(ForkedError, match="ZeroDivisionError"):
        load_directory(root, [root / "credentials/acme/a.yaml"])


def test_validate_imports_only_what_validating_needs(tmp_path: Path) -> None:
    """`credir validate PATH` runs on every commit in a pre-commit hook: the modules of the
    other commands (and multiprocessing, for a directory too small to load in parts) stay
    unimported, and the models (pydantic) are imported by the child that checks the file
    meanwhile. Run in a fresh interpreter, since this one has imported everything."""
    root = write_tree(
        tmp_path,
        {
            "credentials/acme/_provider.yaml": PROVIDER,
            # Non-ASCII text: the check for words mixing alphabets looks up scripts.
            "credentials/acme/a.yaml": credential("a", []).replace("title: ", "title: Données "),
        },
    )
    one_file = str(root / "credentials/acme/a.yaml")
    script = (
        "import sys\n"
        "from generator.cli import main\n"
        f"code = main(['validate', '--root', {str(root)!r}, {one_file!r}])\n"
        "heavy = ['generator.authoring.new', 'generator.review.changes', 'generator.review.stale',"
        " 'multiprocessing',"
        " 'pycountry', 'urllib.request', 'pydantic', 'generator.format.models',"
        " 'generator.site.build', 'generator.export', 'importlib.metadata']\n"
        "print(code, [name for name in heavy if name in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    assert result.stdout.splitlines()[-1] == "0 []", result.stdout + result.stderr


def test_new_still_has_a_flag_for_every_field() -> None:
    """The `new` command's field flags are added only for `new` (see above): they are there."""
    from generator.cli import _parser

    args = _parser(["new", "credential"]).parse_args(
        ["new", "credential", "--provider", "acme", "--non-interactive", "--title", "Data"]
    )
    assert args.kind == "credential" and args.field__title == "Data"


@pytest.mark.usefixtures("cache_always")
@pytest.mark.parametrize("linked", [".credir-cache", ".credir-cache/references.json", "tmp"])
def test_the_cache_is_never_read_or_written_through_a_link(tmp_path: Path, linked: str) -> None:
    """A checkout (a pull request's, checked by the base branch's credir) may hold links
    where the cache goes, to have credir write or read outside the root: none is used."""
    import os

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "references.json").write_text("kept\n")
    root = write_tree(
        tmp_path / "root",
        {
            "credentials/acme/_provider.yaml": PROVIDER,
            "credentials/acme/a.yaml": credential("a", []),
        },
    )
    cache = root / ".credir-cache"
    if linked == ".credir-cache":
        cache.symlink_to(outside)
    elif linked == "tmp":  # where this process writes before it renames
        cache.mkdir()
        (cache / f"references.json.{os.getpid()}.tmp").symlink_to(outside / "references.json")
    else:
        cache.mkdir()
        (cache / "references.json").symlink_to(outside / "references.json")
    assert load_directory(root).ok
    assert load_directory(root, [root / "credentials/acme/a.yaml"]).ok
    assert sorted(p.name for p in outside.iterdir()) == ["references.json"]
    assert (outside / "references.json").read_text() == "kept\n"
