"""Issue #6: every shortcut gives exactly what the long way gives.

The speed-ups replace work with cheaper work that must not change a byte: the loader's
walk without nodes, the theme shells of generated pages, the CSP audit's pre-check, the
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
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check import load
from generator.check import run as check_run
from generator.check.run import Checked, load_credentials, load_directory
from generator.export import json_text
from generator.export.feeds import xml_bytes
from generator.format.clock import today
from generator.parallel import parts
from generator.render.pages import linker
from generator.site import csp
from support import REPO_ROOT
from support.cases import CASES_DIR, write_tree

YAML_FILES = sorted(CASES_DIR.rglob("*.yaml")) + sorted((REPO_ROOT / "credentials").glob("*/*"))


# --- load: one walk of the events, with or without nodes, gives the same reading -----------


def _walked(text: str, *, positions: bool) -> object:
    """What one walk of ``text`` gives: its reading, or what it refused and where."""
    try:
        return load._walk(text, positions=positions)
    except load._NeedsNodes:
        return "needs nodes"
    except load._ComposeError as error:
        return ("refused", error.line, error.col, error.message, error.hint, error.code)
    except yaml.YAMLError as error:
        return ("syntax", str(error))


def _shape(value: object) -> object:
    """Keys and list lengths, all the way down: where a node tree and values must agree."""
    if isinstance(value, load.Node):
        if value.kind == "map":
            assert isinstance(value.items, dict) and value.items.keys() == value.keys.keys()
            return {key: _shape(item) for key, item in value.items.items()}
        return [_shape(item) for item in value.items] if value.kind == "seq" else None
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    return [_shape(item) for item in value] if isinstance(value, list) else None


def _assert_walks_agree(text: str) -> object:
    """The walk without nodes reads, refuses or hands over exactly as the walk with them."""
    fast, full = _walked(text, positions=False), _walked(text, positions=True)
    if fast == "needs nodes":  # only a node can say where: the walk with them does
        refused = isinstance(full, tuple) and full[0] == "refused"
        assert refused or (isinstance(full, load._Walked) and type(full.value) is not dict)
    elif isinstance(fast, load._Walked):
        assert isinstance(full, load._Walked) and fast.node is None and full.node is not None
        # repr: a `!!float nan` read twice is two NaNs, never equal to each other
        assert repr(fast.value) == repr(full.value)
        assert (fast.surprises, fast.escaped) == (full.surprises, full.escaped)
        assert _shape(full.node) == _shape(full.value)
    else:
        assert fast == full
    return full


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_walks_with_and_without_nodes_agree(path: Path) -> None:
    _assert_walks_agree(path.read_bytes().decode("utf-8", errors="replace"))


_YAML_PIECES = st.sampled_from(
    [
        "a: 1\n", "b: NO\n", "c: '0613'\n", "d: 0613\n", "e: [x, y]\n", "f:\n  - g\n",
        "h: {i: j}\n", "k: &x 1\n", "l: *x\n", "m: !!str 5\n", "n: \"\\u202e\"\n",
        "a: 2\n", "o: 2027-01-01\n", "p: |\n  text\n", "---\n", "q: yes\n", "r: ~\n",
        "? [s]\n: t\n", "u:\n  v:\n    w: 1\n", "x: 1e3\n", "y: \"q\\x41\"\n",
        "z: !!set {a}\n", "- item\n", "\"\\u200b\": 1\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_YAML_PIECES, min_size=1, max_size=8))
def test_walks_agree_on_mixed_files(pieces: list[str]) -> None:
    text = "".join(pieces)
    full = _assert_walks_agree(text)
    document, problems = load.parse_document(text.encode(), "credentials/a/b.yaml")
    if document is not None:  # read without nodes; the tree composed on demand is the same
        assert isinstance(full, load._Walked) and repr(document.data) == repr(full.value)
        assert document.root == full.node
        found = [(p.line, p.col, p.field, p.message, p.hint) for p in problems]
        assert found == [tuple(f) for f in full.surprises + full.escaped]


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
    card = pages._CARDS[id(listing), today(), "en"]  # a card per listing, day and language
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
    monkeypatch.setattr(check_run, "CACHE_MIN_FILES", 1)
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


def test_validate_imports_only_what_validating_needs(tmp_path: Path) -> None:
    """`credir validate PATH` runs on every commit in a pre-commit hook: the modules of the
    other commands, multiprocessing, and what only a hint or a web request needs stay
    unimported (the models are imported: pydantic's own import brings importlib.metadata).
    Run in a fresh interpreter, since this one has imported everything."""
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
        " 'pycountry', 'urllib.request',"
        " 'generator.site.build', 'generator.export']\n"
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


# --- loading in parts (generator.parallel.parts): forked children change nothing but the time

LOAD_PART = load_credentials  # the serial reference, before a test wraps it


def test_in_parts_gives_the_parts_results_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "MIN_PER_PART", 2)
    monkeypatch.setattr(parts, "cores", lambda: 3)
    items = [f"file {n}" for n in range(10)]
    got = parts.in_parts(lambda part: (os.getpid(), list(part)), items)
    assert [item for _, part in got for item in part] == items  # consecutive, in order
    pids = [pid for pid, _ in got]
    assert len(got) == 3 and pids[0] == os.getpid() and len(set(pids)) == 3


def test_in_parts_keeps_few_items_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "cores", lambda: 4)
    items = list(range(2 * parts.MIN_PER_PART - 1))  # not enough for two parts
    assert parts.in_parts(lambda part: (os.getpid(), len(part)), items) == [
        (os.getpid(), len(items))
    ]


def _parted_tree(tmp_path: Path, broken: bool) -> Path:
    """Twelve credentials in two providers' folders; ``broken`` adds a cycle across the
    parts, an unknown key, a syntax error, a schema error and a folder with no provider."""
    files = {
        "credentials/acme/_provider.yaml": PROVIDER,
        "credentials/beta/_provider.yaml": PROVIDER.replace("id: acme", "id: beta").replace(
            "Acme Training", "Beta Skills"
        ),
    }

    def key(index: int) -> str:
        return f"{'acme' if index < 6 else 'beta'}/c{index}"

    for index in range(12):  # c1 -> c2 -> ... -> c11, from one part into the next
        links = [key(index + 1)] if 0 < index < 11 else []
        files[f"credentials/{key(index)}.yaml"] = credential(f"c{index}", links)
    ceased = credential("c0", []).replace("status: active", "status: ceased")
    files["credentials/acme/c0.yaml"] = ceased + "superseded_by: acme/c5\n"
    if broken:
        files["credentials/beta/c11.yaml"] = credential("c11", ["acme/c1"])  # a cycle now
        files["credentials/acme/c12.yaml"] = (
            credential("c12", []).replace("status: active", "status: ceased")
            + "superseded_by: acme/gone\n"
        )
        files["credentials/acme/c13.yaml"] = "id: c13\ntitle: [unclosed\n"
        files["credentials/beta/c14.yaml"] = credential("c14", []).replace(
            "status: active", "status: gone"
        )
        files["credentials/nobody/c15.yaml"] = credential("c15", [])
    return write_tree(tmp_path, files)


def _load_in(root: Path, monkeypatch: pytest.MonkeyPatch, count: int, log: Path) -> Checked:
    """Load ``root`` in ``count`` parts; each part's process id goes to ``log``."""
    monkeypatch.setattr(parts, "MIN_PER_PART", 1)
    monkeypatch.setattr(parts, "cores", lambda: count)

    def logged(root: Path, paths: list[str]) -> object:
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return LOAD_PART(root, paths)

    monkeypatch.setattr(check_run, "load_credentials", logged)
    return load_directory(root)


@pytest.mark.usefixtures("cases_today")
@pytest.mark.parametrize("broken", [False, True], ids=["sound", "broken"])
def test_loading_in_parts_gives_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool
) -> None:
    root = _parted_tree(tmp_path / "repo", broken)
    alone = _load_in(root, monkeypatch, 1, tmp_path / "alone.log")
    parted = _load_in(root, monkeypatch, 3, tmp_path / "parted.log")
    assert (tmp_path / "alone.log").read_text().split() == [str(os.getpid())]
    pids = (tmp_path / "parted.log").read_text().split()
    assert len(set(pids)) == 3 and str(os.getpid()) in pids  # two children and this process
    assert parted.problems == alone.problems and parted.files == alone.files
    if broken:
        codes = {p.code for p in parted.problems}
        assert {"cycle", "unknown-key", "syntax"} <= codes, codes
        assert parted.directory is None
    else:
        assert parted.ok and alone.ok, [str(p) for p in parted.problems]
        assert parted.directory is not None and alone.directory is not None
        assert list(parted.directory.listings) == list(alone.directory.listings)
        for key, listing in parted.directory.listings.items():
            assert listing.credential == alone.directory.listings[key].credential
            assert listing.provider is parted.directory.providers[key.split("/")[0]]
