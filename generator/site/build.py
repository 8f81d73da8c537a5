"""`credir build`: validate, render, build with MkDocs, index with Pagefind, then publish.

The output folder is replaced only by a complete, successful build: everything is built
in a staging folder beside it and swapped in at the end, so a failed or interrupted
build leaves the last good site in place.

After loading, the build runs in two halves at once: this process builds the pages with
MkDocs, and a forked child (generator.parallel.forked) writes the data half (exports,
search index) into a folder moved in at the end.
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.check import report
from generator.check.run import load_directory
from generator.directory import Directory
from generator.export import write_exports
from generator.parallel.forked import Forked, ForkedError
from generator.render.i18n import rendering_in
from generator.render.search import search_records, sort_values
from generator.render.site_pages import render_pages
from generator.site.atomic import clean_stale, move_into, staging_folder, swap
from generator.site.csp import InlineCodeError, audit_site, write_headers
from generator.site.integrity import (
    LostListingsError,
    check_nothing_lost,
    data_differences,
    source_keys,
)
from generator.site.languages import built_languages, site_folder
from generator.site.mkdocs.build import build_with_mkdocs, site_url_of
from generator.site.mkdocs.plugin import GeneratedPages
from generator.site.pagefind import (
    PagefindError,
    ShardedSearchIndex,
    canonicalise,
    fragment_keys,
    shard_count,
    shard_size,
    skip_word_chunks_without_words,
    write_sort_orders,
)
from generator.urls import ROOT_LANGUAGE


class BuildError(RuntimeError):
    pass


Timings = dict[str, float]  # stage name -> seconds, in the order the stages ran
TIMINGS_ENV = "CREDIR_TIMINGS"  # `CREDIR_TIMINGS=1 credir build` prints each stage's time


@contextmanager
def stage(timings: Timings | None, name: str) -> Iterator[None]:
    """Time one stage into ``timings`` (nothing at all when it is None): the benchmark reads
    the stages of the real pipeline instead of running a copy of it."""
    if timings is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def build_site(root: Path, out: Path, timings: Timings | None = None) -> int:
    """The CLI's build: problems to stderr, exit 1 on any error, output untouched then."""
    if timings is None and os.environ.get(TIMINGS_ENV) == "1":
        timings = {}
        try:
            return _build_site(root, out, timings)
        finally:
            for name, seconds in timings.items():
                print(f"timing: {name}: {seconds:.3f} s", file=sys.stderr)
            # Peak resident memory (Linux reports KiB) and CPU time: this process, and its
            # children (the largest one's memory; all of them's CPU, Pagefind included).
            for who in ("self", "children"):
                usage = resource.getrusage(getattr(resource, f"RUSAGE_{who.upper()}"))
                print(f"memory: {who}: {usage.ru_maxrss / 1024:.0f} MiB", file=sys.stderr)
                cpu = usage.ru_utime + usage.ru_stime
                print(f"cpu: {who}: {cpu:.1f} s ({usage.ru_stime:.1f} s system)", file=sys.stderr)
    return _build_site(root, out, timings)


def _build_site(root: Path, out: Path, timings: Timings | None) -> int:
    if not (root / "mkdocs.yml").is_file():
        print(
            f"no mkdocs.yml in {root}: run in the directory's repository or pass --root",
            file=sys.stderr,
        )
        return 1
    with stage(timings, "load+validate"):
        checked = load_directory(root)
    if checked.problems:
        sys.stderr.write(report.render(checked.problems, "text", checked_files=checked.files))
    if checked.directory is None:
        print(f"build failed: {out} left as it was", file=sys.stderr)
        return 1
    # The loaded directory lives until the build ends: the cycle collector need not scan its
    # millions of objects again at every full collection, nor write to their pages in the
    # forked child.
    gc.freeze()
    try:
        publish(root, checked.directory, out, timings)
    except BuildError as error:
        print(f"build failed: {error}; {out} left as it was", file=sys.stderr)
        return 1
    print(f"built {len(checked.directory.listings)} credentials into {out}", file=sys.stderr)
    return 0


def publish(root: Path, directory: Directory, out: Path, timings: Timings | None = None) -> None:
    """Build the whole site into a staging folder, then swap it in for ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _pin_build_date(root)
    clean_stale(out)  # what killed builds left behind (generator/site/atomic.py)
    staging = staging_folder(out)
    try:
        build_into(root, directory, staging, timings)
        with stage(timings, "publish"):
            _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@dataclass(frozen=True)
class _Plan:
    """What every part of one build reads."""

    root: Path
    directory: Directory
    site_url: str  # mkdocs.yml's, ending in /
    records_per_index: int  # search index shards (generator.site.pagefind)
    languages: tuple[str, ...]  # the interface languages made, English first

    @property
    def shards(self) -> int:
        return shard_count(len(self.directory.listings), self.records_per_index)


def build_into(
    root: Path, directory: Directory, site_dir: Path, timings: Timings | None = None
) -> None:
    """The pages here, the data (exports and search index) in a forked child meanwhile,
    into a folder beside ``site_dir`` that is moved in when both are done (MkDocs empties
    its site folder when it starts, so the child cannot write into it)."""
    try:
        site_url = site_url_of(root / "mkdocs.yml")
        plan = _Plan(root, directory, site_url, shard_size(), built_languages())
    except (ValueError, PagefindError) as error:
        raise BuildError(str(error)) from error
    data_dir = site_dir.with_name(site_dir.name + "-data")  # clean_stale knows the name
    data_dir.mkdir()
    try:
        with Forked(
            lambda: _build_data(plan, data_dir),
            expected=(BuildError,),
        ) as data:
            page_marks = _build_pages(plan, site_dir, timings)
            with stage(timings, "waiting for the data"):  # what the child had left to do
                try:
                    data_checked, data_timings = data.result()
                except ForkedError as error:
                    raise BuildError(str(error)) from error
        if timings is not None:
            timings.update(data_timings)
        move_into(data_dir, site_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    try:
        with stage(timings, "integrity"):  # one page, search entry and record per file
            check_nothing_lost(root, site_dir, data_checked, page_marks, plan.languages)
    except LostListingsError as error:
        raise BuildError(str(error)) from error


def _build_pages(
    plan: _Plan, site_dir: Path, timings: Timings | None
) -> dict[str, dict[str, list[str]]]:
    """MkDocs writes every page in every interface language, each body rendered when MkDocs
    asks for it. Returns, by language, the keys each fact sheet carries."""
    audited: set[Path] = set()
    inline: list[str] = []
    key_marks: dict[str, dict[str, list[str]]] = {}
    # English first: MkDocs empties its site folder, which for English is the whole site.
    for lang in plan.languages:
        with rendering_in(lang):
            plugin = _build_language(plan, site_folder(site_dir, lang), lang, timings)
        audited |= plugin.audited
        inline += plugin.inline_code
        key_marks[lang] = plugin.key_marks
    _copy_schemas(plan.root, site_dir)
    write_headers(site_dir)
    with stage(timings, "csp audit"):  # the pages MkDocs did not report on (404.html)
        try:
            audit_site(site_dir, audited, inline)
        except InlineCodeError as error:
            raise BuildError(str(error)) from error
    return key_marks  # the fact sheets' keys, for the nothing-lost check


def _build_language(
    plan: _Plan, site_dir: Path, lang: str, timings: Timings | None
) -> GeneratedPages:
    """One language's copy of the site, into ``site_dir``."""
    with stage(timings, "render"):
        pages = render_pages(plan.directory, plan.shards)  # the bodies are rendered when asked for
        # The fact sheets first, then the other pages: the order the sitemap lists them in.
        pages = [page for page in pages if page.indexed] + [p for p in pages if not p.indexed]
    try:
        with stage(timings, "mkdocs"):  # and the CSP audit of each page it writes
            return build_with_mkdocs(
                plan.root / "mkdocs.yml", pages, site_dir, lang=lang, languages=plan.languages
            )
    except Exception as error:  # MkDocs raises many kinds; all mean the same to a user
        raise BuildError(f"MkDocs ({lang}): {error}") from error


def _build_data(plan: _Plan, data_dir: Path) -> tuple[list[str], Timings]:
    """The child's half: the exports, and one search index per interface language, which
    Pagefind builds in its own processes (one per shard of ``records_per_index``, one after
    another; English meanwhile the exports are written); then its part of the nothing-lost
    check. Returns what that check found, and the stage times."""
    timings: Timings = {}
    fragments: dict[str, dict[str, str | None]] = {}
    for lang in plan.languages:
        with rendering_in(lang):
            folder = site_folder(data_dir, lang)
            search = ShardedSearchIndex(
                search_records(plan.directory), folder, plan.records_per_index, lang
            )
            try:
                if lang == ROOT_LANGUAGE:
                    with stage(timings, "exports"):
                        write_exports(plan.root, plan.directory, data_dir, plan.site_url)
                with stage(timings, "pagefind"):  # what is left of it once the rest is done
                    fragments[lang] = _finish_search(search, folder, plan.directory)
            finally:
                search.close()
    with stage(timings, "integrity (data)"):
        checked = data_differences(source_keys(plan.root), data_dir, fragments, plan.languages)
    return checked, timings


def _finish_search(
    search: ShardedSearchIndex, folder: Path, directory: Directory
) -> dict[str, str | None]:
    """Wait for one language's index, make it byte-identical from build to build, and write
    its sort orders; returns its fragments' keys."""
    try:
        fragments: dict[str, str | None] = {}
        taken: set[str] = set()  # result ids must not repeat across shards
        for bundle in search.wait():
            skip_word_chunks_without_words(bundle)
            canonicalise(bundle, taken)
            fragments.update(fragment_keys(bundle))
        write_sort_orders(folder, sort_values(directory), fragments)
        return fragments
    except (PagefindError, OSError, ValueError, KeyError) as error:
        raise BuildError(f"Pagefind: {error}") from error


def _copy_schemas(root: Path, site_dir: Path) -> None:
    """Publish the JSON Schemas at stable URLs, for the modeline and other tools."""
    target = site_dir / "schema"
    target.mkdir(exist_ok=True)
    for schema in sorted((root / "schema").glob("*.schema.json")):
        shutil.copyfile(schema, target / schema.name)


def _swap(staging: Path, out: Path) -> None:
    if out.exists() and not (out / "index.html").exists() and any(out.iterdir()):
        raise BuildError(f"{out} exists and does not look like a built site; not replacing it")
    swap(staging, out)


def _pin_build_date(root: Path) -> None:
    """MkDocs dates the sitemap with SOURCE_DATE_EPOCH: use the last commit, so two builds
    of the same commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        stamp = ""
    os.environ["SOURCE_DATE_EPOCH"] = stamp or "0"
