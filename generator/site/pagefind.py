"""The search index: Pagefind, fed one record per credential while the site is built.

The Pagefind binary that the pagefind-bin wheel ships runs in its service mode (the
protocol its own Node and Python packages speak: base64 JSON messages, each ended by a
comma). Each credential goes in as a record (its searchable text, filter values and
result-card fields, from generator.render.search) while the exports are written, so
Pagefind indexes in its own process while credir goes on, and it never parses 10,000
HTML pages of which it would keep only the fact sheet. (Pagefind's Python package talks
the same protocol but waits 0.1 s before reading each answer: 10,000 records took over
15 minutes, so the few lines of the protocol live here.)

Sorting is not left to Pagefind: it writes every sort order of every page into the index
metadata that each search loads first (86 KB of the first search's bytes at 10,000
credentials). `write_sort_orders` writes each order to its own file, which the search page
loads only when a learner sorts.

Pagefind holds every record it indexes until it writes the bundle (about 77 KB each: 7.7 GB
for 100,000). So the records go to several indexes of at most `shard_size()` records,
built one after another, each by a Pagefind process of its own: the first in
``pagefind/``, the others in ``pagefind/shard-<n>/``, which the search page merges in the
browser (`pagefind.mergeIndex`). A directory of up to 10,000 credentials has one index.

Pagefind 1.x writes its filter index from hash maps, so the order of filter values (and
with it the file names, which are content hashes) changes from run to run (upstream
issue Pagefind/pagefind#638). `canonicalise` re-sorts those files and renames them by
the hash of their sorted content, so two builds of the same commit are byte-identical.
"""

from __future__ import annotations

import base64
import contextvars
import gzip
import hashlib
import itertools
import json
import os
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import cbor2
import orjson
from pagefind_bin import get_executable

from generator.export.output import inside, write_file

BUNDLE = "pagefind"  # the folder under each interface language's copy of the site
SORT_FOLDER = "search/sort"  # <key>.json: fragment ids in that key's order
_SIGNATURE = b"pagefind_dcd"  # every Pagefind index file: gzip(signature + CBOR)
SHARD_SIZE_ENV = "CREDIR_SEARCH_SHARD_SIZE"  # records per index; tests and benchmarks set it
DEFAULT_SHARD_SIZE = 10_000  # Pagefind peaks at about 0.8 GB for this many


class PagefindError(RuntimeError):
    pass


class SearchIndex:
    """One Pagefind index, built by the Pagefind service in its own process.

    The records are read from an iterable by a thread that sends them while the caller
    goes on (the site build writes the exports meanwhile); `write` waits until Pagefind has
    indexed every one, writes the bundle and stops the service. Errors Pagefind reports
    are raised by `write`."""

    def __init__(self, records: Iterable[dict[str, Any]], language: str) -> None:
        self._language = language
        self._process = subprocess.Popen(
            [str(get_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._answers: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._indexed = 0
        self._answered = threading.Condition()
        self._sent = 0
        self._lock = threading.Lock()  # one writer at a time on Pagefind's stdin
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self._index = self._ask({"type": "NewIndex", "config": {"force_language": language}})[
                "index_id"
            ]
        except BaseException:
            self.close()
            raise
        self.records = 0
        self._files_request = 0  # the GetFiles message, sent once every record is indexed
        # The records are made in that thread, in the language being rendered here.
        self._feeding = threading.Thread(
            target=contextvars.copy_context().run, args=(self._feed, records), daemon=True
        )
        self._feeding.start()

    def write(self, bundle: Path, scripts: bool = True) -> int:
        """Write the bundle into the folder ``bundle``; returns the number of records.
        ``scripts=False`` leaves out the scripts, styles and WebAssembly: an index merged
        into another is searched by the first index's scripts and needs only its data."""
        try:
            self._feeding.join()
            if self._errors or not self._files_request:
                raise PagefindError(self._errors[0] if self._errors else "no bundle was asked for")
            # GetFiles, not WriteFiles: Pagefind 1.5 answers WriteFiles before its
            # asynchronous writes have all reached the files (tokio's File is not flushed),
            # so a file read right after could still be empty.
            answer = self._wait(self._files_request)
            files = answer.pop("files")
            files.reverse()
            made: set[str] = set()
            while files:
                item = files.pop()  # written, then let go of: the answer is the whole bundle
                if not scripts and not _is_index_data(item["path"]):
                    continue
                target = inside(str(bundle), item["path"])
                if target is None:
                    raise PagefindError(f"Pagefind named a file outside its folder: {item['path']}")
                write_file(target, base64.b64decode(item["content"]), made)
            return self.records
        finally:
            self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=30)

    def _feed(self, records: Iterable[dict[str, Any]]) -> None:
        """Send every record; once Pagefind has indexed them all, ask for the bundle, which
        it compresses (in its own threads) while the caller goes on."""
        try:
            for record in records:
                self._send(
                    {
                        "type": "AddRecord",
                        "index_id": self._index,
                        "language": self._language,
                        **record,
                    }
                )
                self.records += 1
            with self._answered:
                while self._indexed + len(self._errors) < self.records:
                    if not self._reader.is_alive():
                        raise PagefindError("the Pagefind service stopped")
                    self._answered.wait(timeout=1)
            if not self._errors:
                self._files_request = self._send({"type": "GetFiles", "index_id": self._index})
        except PagefindError as error:
            self._errors.append(str(error))
        except Exception as error:  # reported by write(), not lost in a thread
            self._errors.append(f"search record: {error}")

    def _send(self, payload: dict[str, Any]) -> int:
        with self._lock:
            self._sent += 1
            number = self._sent
            message = {"message_id": number, "payload": payload}
            stdin = self._process.stdin
            assert stdin is not None
            try:
                stdin.write(base64.b64encode(orjson.dumps(message)) + b",")
                stdin.flush()
            except OSError as error:
                raise PagefindError(f"the Pagefind service stopped: {error}") from error
        return number

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._wait(self._send(payload))

    def _wait(self, number: int) -> dict[str, Any]:
        """The answer to message ``number``; PagefindError for an error or a dead service."""
        with self._answered:
            while number not in self._answers:
                if not self._reader.is_alive():
                    raise PagefindError("the Pagefind service stopped")
                self._answered.wait(timeout=1)
        answer = self._answers.pop(number)
        if answer.get("type") == "Error":
            raise PagefindError(str(answer.get("message", "Pagefind failed")))
        return answer

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        pending: list[bytes] = []  # the message being read, in pieces: GetFiles' is 60 MB
        while chunk := stdout.read1(1 << 20):
            *messages, rest = chunk.split(b",")
            if messages:
                messages[0] = b"".join([*pending, messages[0]])
                pending = []
            pending.append(rest)
            with self._answered:
                messages.reverse()
                while messages:
                    # Popped, so each raw message is freed once decoded: GetFiles' answer
                    # is the whole bundle, twice encoded (about 0.8 GB at 100,000 records).
                    answer = json.loads(base64.b64decode(messages.pop()))
                    payload = answer.get("payload") or {}
                    number = answer.get("message_id")
                    if payload.get("type") == "IndexedFile":
                        self._indexed += 1
                        continue
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message", "Pagefind failed")))
                    if number is not None:
                        self._answers[number] = payload
                self._answered.notify_all()


def _is_index_data(path: str) -> bool:
    """A file of the index itself (entry, meta, filter, fragment and word chunks)."""
    return "/" in path or path == "pagefind-entry.json" or path.endswith(".pf_meta")


def shard_size() -> int:
    """Records per index: CREDIR_SEARCH_SHARD_SIZE if set, else DEFAULT_SHARD_SIZE."""
    value = os.environ.get(SHARD_SIZE_ENV, "")
    if not value:
        return DEFAULT_SHARD_SIZE
    if not value.isdigit() or int(value) < 1:
        raise PagefindError(f"{SHARD_SIZE_ENV} must be a whole number above 0, not {value!r}")
    return int(value)


def shard_count(records: int, size: int) -> int:
    """How many indexes ``records`` records make (one at least: an empty directory too)."""
    return max(1, -(-records // size))


def shard_folder(number: int) -> str:
    """Where index ``number`` (from 1) lives under the site; search.js knows the same names."""
    return BUNDLE if number == 1 else f"{BUNDLE}/shard-{number}"


def bundles(site_dir: Path) -> list[Path]:
    """The index folders a built site holds, in order."""
    found = [site_dir / BUNDLE]
    number = 2
    while (site_dir / shard_folder(number)).is_dir():
        found.append(site_dir / shard_folder(number))
        number += 1
    return found


class ShardedSearchIndex:
    """The search index as shards of at most ``size`` records each, built one after another
    (so one Pagefind process, one shard's worth of memory, at a time) by a thread, while
    the caller goes on. `wait` returns the folders written."""

    def __init__(
        self, records: Iterable[dict[str, Any]], site_dir: Path, size: int, language: str
    ) -> None:
        self._site_dir = site_dir
        self._language = language
        self._size = size
        self._current: SearchIndex | None = None
        self._stopped = False
        self._error: BaseException | None = None
        self._written: list[Path] = []
        self._thread = threading.Thread(
            target=contextvars.copy_context().run, args=(self._run, iter(records)), daemon=True
        )
        self._thread.start()

    def wait(self) -> list[Path]:
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, PagefindError):
                raise self._error
            raise PagefindError(f"search record: {self._error}") from self._error
        return self._written

    def close(self) -> None:
        """Stop the Pagefind process at work, if any (the build failed elsewhere)."""
        self._stopped = True
        if self._current is not None:
            self._current.close()

    def _run(self, records: Iterator[dict[str, Any]]) -> None:
        try:
            for number in itertools.count(1):
                first = list(itertools.islice(records, 1))
                if (not first and number > 1) or self._stopped:
                    return  # the first index is written even for no records at all
                shard = itertools.chain(first, itertools.islice(records, self._size - 1))
                self._current = SearchIndex(shard, self._language)
                folder = self._site_dir / shard_folder(number)
                self._current.write(folder, scripts=number == 1)
                self._written.append(folder)
                self._current = None
        except BaseException as error:  # raised by wait(), not lost in a thread
            self._error = error


# Pagefind 1.5's search script asks its index, for a search without words (filters only,
# as the search page's first search is), for the word-index chunks of the empty word, and
# that matches every chunk: 5 MB at 10,000 credentials, 30 MB at 100,000, none of it used.
# Upstream skips empty words in request_indexes since; until pagefind-bin ships that, the
# two scripts that run searches are given the same rule. A script without this exact line
# (another Pagefind version) is left as it is.
_ALL_CHUNKS_FOR_NO_WORDS = "let index_resp=this.backend.request_indexes(ptr,term);"
_NO_CHUNKS_FOR_NO_WORDS = 'let index_resp=term?this.backend.request_indexes(ptr,term):"[]";'
_SEARCH_SCRIPTS = ("pagefind.js", "pagefind-worker.js")


def skip_word_chunks_without_words(bundle: Path) -> int:
    """Apply the rule above to the bundle's search scripts; returns how many it changed."""
    changed = 0
    for name in _SEARCH_SCRIPTS:
        script = bundle / name
        if not script.is_file():
            continue
        text = script.read_text(encoding="utf-8")
        if text.count(_ALL_CHUNKS_FOR_NO_WORDS) == 1:
            script.write_text(
                text.replace(_ALL_CHUNKS_FOR_NO_WORDS, _NO_CHUNKS_FOR_NO_WORDS), encoding="utf-8"
            )
            changed += 1
    return changed


def write_sort_orders(
    site_dir: Path, sort_keys: dict[str, dict[str, str]], fragments: dict[str, str | None]
) -> None:
    """For each sort, the fragment ids of all credentials in ascending order of that key
    (ties in key order), as ``search/sort/<name>.json``. ``sort_keys`` maps a credential's
    key to its sort values (generator.render.facts.sort_keys); ``fragments`` is what
    `fragment_keys` read from the bundle."""
    ids = {key: fragment for fragment, key in fragments.items() if key is not None}
    folder = site_dir / SORT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted({name for values in sort_keys.values() for name in values})
    for name in names:
        order = sorted((values[name], key) for key, values in sort_keys.items() if name in values)
        text = json.dumps([ids[key] for _, key in order], separators=(",", ":"))
        (folder / f"{name}.json").write_text(text + "\n", encoding="utf-8")


def fragment_keys(bundle: Path) -> dict[str, str | None]:
    """Each result's id in the bundle (its fragment's file name) -> the credential key in
    its meta (None for a fragment without one)."""
    found = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(_SIGNATURE))
        found[fragment.stem] = data.get("meta", {}).get("key")
    return found


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise PagefindError(f"{path.name} is not a Pagefind index file this version knows")
    return cbor2.loads(raw[len(_SIGNATURE) :])


def _write(folder: Path, prefix: str, suffix: str, value: Any, digits: int, language: str) -> str:
    """Write ``value`` under a name derived from its content; returns the hash part."""
    raw = _SIGNATURE + cbor2.dumps(value)
    name = f"{language}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def canonicalise(bundle: Path, taken: set[str] | None = None) -> None:
    """Sort Pagefind's filter index and its meta file, and rename them by content.

    ``taken``: the result ids (fragment names) of the shards canonicalised before this one.
    Ids are content hashes, unique within one index but not across indexes, and the search
    page tells results apart by id (sort orders); an id already taken is lengthened until
    it is not. ``taken`` gets this shard's ids."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    # One language per bundle: each interface language has its own (force_language).
    (code, language), *others = entry["languages"].items()
    if others:
        raise PagefindError(f"{bundle}: one language per index, not {list(entry['languages'])}")
    meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _read(meta_file)
    # meta: [version, pages, index chunks, filters [[name, hash]], sorts [[name, ids]], meta keys]
    filters_folder = bundle / "filter"
    renamed = []
    for name, old_hash in meta[3]:
        old = filters_folder / f"{old_hash}.pf_filter"
        filter_name, values = _read(old)
        old.unlink()
        new_hash = _write(
            filters_folder,
            "",
            ".pf_filter",
            [filter_name, sorted(values, key=lambda item: item[0])],
            7,
            code,
        )
        renamed.append([name, new_hash])
    meta[3] = sorted(renamed)
    if taken is not None:
        _rename_taken_ids(bundle, meta[1], taken)
    meta[4] = sorted(meta[4], key=lambda item: item[0])
    meta_file.unlink()
    language["hash"] = _write(bundle, "pagefind.", ".pf_meta", meta, 10, code)
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _rename_taken_ids(bundle: Path, pages: list[list[Any]], taken: set[str]) -> None:
    """Rename each page (meta entry ``[id, word count]`` and fragment file) whose id is in
    ``taken``; then add this index's ids to ``taken``. Filters and word chunks refer to pages
    by position, so the meta entry and the file name are all that names a page."""
    own = {page[0] for page in pages}
    for page in pages:
        old = page[0]
        if old not in taken:
            continue
        digest = hashlib.sha256(f"{bundle.name}/{old}".encode()).hexdigest()
        new = next(
            candidate
            for length in range(1, len(digest) + 1)
            if (candidate := old + digest[:length]) not in taken and candidate not in own
        )
        fragments = bundle / "fragment"
        (fragments / f"{old}.pf_fragment").rename(fragments / f"{new}.pf_fragment")
        page[0] = new
        own.add(new)
    taken.update(page[0] for page in pages)
