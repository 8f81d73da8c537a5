"""Nothing lost: every credential file yields exactly one page, one search entry and one API
record. Checked at the end of every build, on the staging folder, before it is published.

The count is taken from the finished output, not from the pipeline's own lists, so a stage
that drops or overwrites a page (two URLs colliding, a template that stops marking its
page, an indexer that skips a file) fails the build instead of publishing a directory with
a credential missing. Each output is matched by key, not only counted:

* sources: `credentials/<provider>/<id>.yaml` files on disk (the provider files excepted);
* pages: `credentials/<key>/index.html`, carrying its key on its compare button;
* search entries: Pagefind's fragments (one per indexed page) and their `key` meta, and
  `page_count` in pagefind-entry.json;
* API records: the `key` of each record in /api/v1/credentials.json, when the build writes it.
"""

from __future__ import annotations

import html
import json
import mmap
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from generator.check.discover import CREDENTIALS_DIR, PROVIDER_FILE
from generator.site.languages import built_languages, site_folder
from generator.site.pagefind import bundles, fragment_keys
from generator.urls import INTERFACE_LANGUAGES, ROOT_LANGUAGE

API_RECORDS = "api/v1/credentials.json"
# The fact sheet's compare button names its credential (search.js and compare.js use it).
_KEY_MARK = re.compile(
    r'<button type="button" class="credir-compare-toggle" data-compare-key="([^"]*)"'
)
_SHOWN = 5  # keys named per difference; the count says the rest


class LostListingsError(RuntimeError):
    """The built output does not hold every credential exactly once."""


def source_keys(root: Path) -> Counter[str]:
    """`provider/id` of every credential file under credentials/."""
    base = root / CREDENTIALS_DIR
    return Counter(
        f"{path.parent.name}/{path.stem}"
        for path in base.glob("*/*.yaml")
        if path.name != PROVIDER_FILE
    )


def page_keys(
    site_dir: Path, keys: Counter[str], written: dict[str, list[str]] | None = None
) -> Counter[str]:
    """The key each credential page says it shows; a page missing or showing another
    credential's key does not count for its own. ``written``: the key marks of each file
    as the site build wrote it (`key_marks`, by path under the site), instead of reading
    the files again."""
    found: Counter[str] = Counter()
    for key in keys:
        path = f"credentials/{key}/index.html"
        if written is not None:
            marks = written.get(path, [])
        else:
            try:
                marks = key_marks((site_dir / path).read_text(encoding="utf-8"))
            except OSError:
                continue
        found.update(marks)
    return found


def key_marks(page_html: str) -> list[str]:
    """The credential keys a page carries (a fact sheet carries its own, once)."""
    return [html.unescape(mark) for mark in _KEY_MARK.findall(page_html)]


def search_keys(
    site_dir: Path, fragments: dict[str, str | None] | None = None
) -> tuple[Counter[str], int]:
    """Keys of the Pagefind fragments, and the page count the indexes declare (all shards).
    ``fragments``: what `fragment_keys` read from the bundles, if they were read already."""
    declared = 0
    for bundle in bundles(site_dir):
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        declared += sum(language["page_count"] for language in entry["languages"].values())
    if fragments is None:
        fragments = {}
        for bundle in bundles(site_dir):
            fragments.update(fragment_keys(bundle))
    found = Counter(
        key if key is not None else f"(no key: {fragment})" for fragment, key in fragments.items()
    )
    return found, declared


def record_keys(site_dir: Path) -> Counter[str] | None:
    """Keys of the records in credentials.json; None when the build writes no such file."""
    path = site_dir / API_RECORDS
    if not path.exists():
        return None
    with open(path, "rb") as file:
        if not file.seek(0, 2):
            raise ValueError("empty file")
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return Counter(record.get("key") for record in _api_records(data))


# credentials.json as the exports write it (generator.export.records.CredentialsJson): read
# one record at a time, as 100,000 records parsed at once are two gigabytes of objects. The
# layout is fixed (json_text: two-space indent, sorted keys, no raw newline inside a string),
# so a record starts at a line "    {" and ends at the next line "    }"; anything else is
# refused as unreadable, never skipped.
_HEAD = b'{\n  "credentials": ['
_RECORD_START = b"\n    {"
_RECORD_END = b"\n    }"


def _api_records(data: mmap.mmap) -> Iterator[dict[str, Any]]:
    if data[: len(_HEAD)] != _HEAD:
        raise ValueError("it does not start as credentials.json does")
    at = len(_HEAD)
    count = released = 0
    if data[at : at + 1] == b"]":
        at += 1
    else:
        while True:
            end = data.find(_RECORD_END, at)
            if data[at : at + len(_RECORD_START)] != _RECORD_START or end < 0:
                raise ValueError(f"no record where one should start (byte {at})")
            end += len(_RECORD_END)
            record = orjson.loads(data[at:end])
            if not isinstance(record, dict):
                raise ValueError(f"a record that is not an object (byte {at})")
            yield record
            count += 1
            at = end + 1
            released = _release(data, released, at)
            if data[end:at] != b",":
                break
        if data[end : end + 4] != b"\n  ]":
            raise ValueError(f"the list of records does not end where it should (byte {end})")
        at = end + 4
    if data[at : at + 1] != b",":
        raise ValueError(f"nothing after the list of records (byte {at})")
    rest = orjson.loads(b"{" + data[at + 1 :])  # format_version and total
    if rest.get("total") != count:
        raise ValueError(f"says it holds {rest.get('total')} records, holds {count}")


def _release(data: mmap.mmap, released: int, at: int) -> int:
    """Let go of the pages before ``at`` once they make 64 MiB: a mapped file's pages read
    count as the process's memory until then. Returns how far pages are released."""
    upto = at - at % mmap.PAGESIZE
    if upto - released >= 1 << 26:
        data.madvise(mmap.MADV_DONTNEED, released, upto - released)
        return upto
    return released


def _difference(what: str, expected: Counter[str], found: Counter[str]) -> str | None:
    missing = sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    if not missing and not extra:
        return None
    parts = []
    if missing:
        shown = ", ".join(missing[:_SHOWN]) + (" ..." if len(missing) > _SHOWN else "")
        parts.append(f"{len(missing)} missing ({shown})")
    if extra:
        shown = ", ".join(map(str, extra[:_SHOWN])) + (" ..." if len(extra) > _SHOWN else "")
        parts.append(f"{len(extra)} unexpected or repeated ({shown})")
    return f"{what}: {sum(found.values())} for {sum(expected.values())} files, " + "; ".join(parts)


def check_nothing_lost(
    root: Path,
    site_dir: Path,
    data: list[str] | None = None,
    pages: dict[str, dict[str, list[str]]] | None = None,
    languages: tuple[str, ...] | None = None,
) -> None:
    """Raise LostListingsError unless pages (in every interface language), search entries
    and API records match the files.

    ``data``: what `data_differences` found when the search index and the records were
    written into another folder (the build's data half), instead of reading them here;
    ``pages``: by language, the key marks of the pages as they were written (see
    `page_keys`); without it, each language's copy under ``site_dir`` is read.
    ``languages``: those built (default: what `built_languages` says)."""
    keys = source_keys(root)
    languages = languages or built_languages()
    differences = [
        _difference(
            "credential pages" + ("" if lang == ROOT_LANGUAGE else f" ({lang})"),
            keys,
            page_keys(site_folder(site_dir, lang), keys, pages[lang] if pages else None),
        )
        for lang in languages
    ]
    differences += data_differences(keys, site_dir, None, languages) if data is None else data
    found = [item for item in differences if item]
    if found:
        raise LostListingsError(
            "nothing-lost check: every credential file must give one page, one search entry "
            "and one API record; " + " | ".join(found)
        )


def data_differences(
    keys: Counter[str],
    site_dir: Path,
    fragments: dict[str, dict[str, str | None]] | None = None,
    languages: tuple[str, ...] = INTERFACE_LANGUAGES,
) -> list[str]:
    """How the search indexes (one per interface language) and the API records under
    ``site_dir`` differ from ``keys``. ``fragments``: by language, what `fragment_keys`
    read from that language's bundles, if they were read already."""
    differences = []
    for lang in languages:
        which = "search index" + ("" if lang == ROOT_LANGUAGE else f" ({lang})")
        try:
            entries, declared = search_keys(
                site_folder(site_dir, lang), fragments[lang] if fragments else None
            )
        except (OSError, ValueError, KeyError, EOFError) as error:
            differences.append(f"{which}: unreadable ({error})")
            continue
        differences.append(_difference(which.replace("index", "entries"), keys, entries))
        if declared != sum(keys.values()):
            differences.append(f"{which}: declares {declared} pages for {sum(keys.values())} files")
    try:
        records = record_keys(site_dir)
    except (OSError, ValueError, AttributeError) as error:
        differences.append(f"API records: {API_RECORDS} unreadable ({error})")
    else:
        if records is not None:
            differences.append(_difference("API records", keys, records))
    return [item for item in differences if item]
