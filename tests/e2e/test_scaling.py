"""Issue #6: the build stays linear. Not timed: it checks the shape that makes time linear.

* No page grows with the number of credentials: every list is paginated at PAGE_SIZE.
  Pages are rendered (in process, with a small PAGE_SIZE so every list fills its pages)
  for two synthetic directories (bench.synthetic) ten times apart, and the largest page of
  each kind must be about the same size in both.
* The output grows by a bounded number of files per credential: two real builds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from bench.synthetic import PER_PROVIDER, generate, generate_layers
from generator.check.run import load_directory
from generator.render import browse, pages
from generator.render.site_pages import render_pages
from generator.urls import INTERFACE_LANGUAGES
from support.cli import build_site_cli, run_cli
from support.directories import layered_links, linked_directory

pytestmark = pytest.mark.slow

SMALL, LARGE = 40, 400  # real builds
RENDERED = (120, 1200)  # rendered with TEST_PAGE_SIZE
TEST_PAGE_SIZE = 5  # so that even 120 credentials fill every list's pages
# Page kinds by source path, most specific first.
_KINDS = (
    ("credential", re.compile(r"credentials/[^/]+/[^/]+\.md")),
    ("credentials index", re.compile(r"credentials/(page-\d+|index)\.md")),
    ("providers index", re.compile(r"providers/(list/page-\d+|index)\.md")),
    ("provider", re.compile(r"providers/[^/]+\.md")),
    ("browse group", re.compile(r"browse/[^/]+/[^/]+/(page-\d+|index)\.md")),
    ("browse dimension", re.compile(r"browse/[^/]+/index\.md")),
    ("pathways", re.compile(r"pathways(/page-\d+)?\.md")),
)


def kind_of(relpath: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.fullmatch(relpath):
            return kind
    return relpath  # a page of its own: the home page, search, glossary, ...


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    built = {}
    for n in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"n{n}")
        assert generate(n, root / "repo") == n
        result = build_site_cli(root / "repo", root / "site")
        assert result.returncode == 0, result.stderr
        built[n] = root / "site"
    return built


def largest_pages(n: int, root: Path) -> dict[str, int]:
    """The largest generated HTML, in bytes, per kind of page, for n credentials."""
    generate(n, root)
    checked = load_directory(root)
    assert checked.directory is not None, checked.problems[:3]
    largest: dict[str, int] = defaultdict(int)
    for page in render_pages(checked.directory):
        kind = kind_of(page.src_uri)
        largest[kind] = max(largest[kind], len(page.html.encode()))
    return largest


def test_the_sizes_differ_enough_to_show_growth() -> None:
    small, large = RENDERED
    # Ten times the credentials, and even the shortest list (providers) fills pages.
    assert large // small == 10 and small // PER_PROVIDER >= TEST_PAGE_SIZE


def test_no_page_grows_with_the_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIR_TODAY", "2026-11-23")
    monkeypatch.setattr(pages, "PAGE_SIZE", TEST_PAGE_SIZE)
    small, large = (largest_pages(n, tmp_path / f"n{n}") for n in RENDERED)
    assert {"credential", "provider", "credentials index", "browse group", "pathways"} <= set(large)
    assert {"providers index"} <= set(large)
    grown = {
        kind: (small[kind], size)
        for kind, size in large.items()
        if kind in small and size > 1.5 * small[kind] + 2_000
    }
    assert not grown, f"pages that grow with the number of credentials: {grown}"


def test_paginated_lists_have_more_pages_not_longer_ones(sites: dict[int, Path]) -> None:
    large = sites[LARGE]
    credentials_pages = sorted((large / "credentials").glob("page-*/index.html"))
    assert len(credentials_pages) == -(-LARGE // pages.PAGE_SIZE) - 1
    last = credentials_pages[-1].read_text(encoding="utf-8")
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_output_files_grow_linearly(sites: dict[int, Path]) -> None:
    counts = {n: sum(1 for p in site.rglob("*") if p.is_file()) for n, site in sites.items()}
    per_credential = (counts[LARGE] - counts[SMALL]) / (LARGE - SMALL)
    # A fact sheet and a search fragment per interface language, four open-data files, a
    # share of provider, index and search files.
    languages = len(INTERFACE_LANGUAGES)
    assert 4 + 2 * languages <= per_credential <= 8 + 2 * languages, counts
    assert counts[LARGE] <= 10 * counts[SMALL], counts


# --- hostile pathways (issue #18): shapes that validate, with exponentially many paths ----------

PATHWAY_PAGE_BYTES = 150_000  # a built pathways page: the theme's frame and PAGE_SIZE entries


def built_pathways(tmp_path: Path, layers: int, width: int) -> list[Path]:
    """Validate and build a bench.synthetic.generate_layers directory with the CLI; its
    pathways pages."""
    repo, site = tmp_path / "repo", tmp_path / "site"
    assert generate_layers(repo, layers, width) == layers * width
    validated = run_cli("validate", "--root", repo)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = build_site_cli(repo, site)
    assert built.returncode == 0, built.stderr
    return [site / "pathways/index.html", *sorted(site.glob("pathways/page-*/index.html"))]


def test_layers_where_each_counts_towards_all_of_the_next_build_small_pages(
    tmp_path: Path,
) -> None:
    """60 credentials in 30 layers of 2: 2 ** 30 paths, once 318 MB on one page."""
    found = built_pathways(tmp_path, layers=30, width=2)
    assert len(found) == -(-60 // pages.PAGE_SIZE)
    assert max(page.stat().st_size for page in found) < PATHWAY_PAGE_BYTES
    text = "".join(page.read_text(encoding="utf-8") for page in found)
    assert len(re.findall(r'<li><a href="[./]*credentials/', text)) == 60  # each once


def test_a_chain_500_long_validates_and_builds(tmp_path: Path) -> None:
    """Once a RecursionError: longer than Python's recursion limit allows a walk to go."""
    found = built_pathways(tmp_path, layers=500, width=1)
    assert len(found) == 500 // pages.PAGE_SIZE
    assert max(page.stat().st_size for page in found) < PATHWAY_PAGE_BYTES


def pathways_bytes(layers: int, width: int) -> tuple[int, int]:
    """All pathways pages of a layered directory, and the largest, in bytes."""
    sizes = [
        len(page.html.encode())
        for page in browse.pathways_pages(linked_directory(layered_links(layers, width)))
    ]
    return sum(sizes), max(sizes)


def test_pathways_grow_linearly_with_the_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Double the layers and the pathways pages double; no page grows. (Nested trees
    grew with the number of paths: width ** layers.)"""
    monkeypatch.setattr(pages, "PAGE_SIZE", TEST_PAGE_SIZE)
    (small, small_page), (middle, _), (large, large_page) = (
        pathways_bytes(layers, width=3) for layers in (10, 20, 40)
    )
    # Linear: 10 more layers add as much as the first 10 did; 20 more, twice that.
    assert 1.8 < (large - middle) / (middle - small) < 2.2, (small, middle, large)
    assert large_page < 1.2 * small_page
