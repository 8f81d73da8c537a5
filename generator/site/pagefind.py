"""Index the built site with the Pagefind binary that the pagefind-bin wheel ships.

Pagefind 1.x writes its filter index from hash maps, so the order of filter values (and
with it the file names, which are content hashes) changes from run to run (upstream
issue Pagefind/pagefind#638). `canonicalise` re-sorts those files and renames them by
the hash of their sorted content, so two builds of the same commit are byte-identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import cbor2
from pagefind_bin import get_executable

SEARCH_LANGUAGE = "en"  # one index for the whole site: listings in many languages, one UI
_SIGNATURE = b"pagefind_dcd"  # every Pagefind index file: gzip(signature + CBOR)


class PagefindError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    command = [
        str(get_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        "pagefind",
        "--force-language",
        SEARCH_LANGUAGE,
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PagefindError((result.stderr or result.stdout).strip() or "pagefind failed")
    canonicalise(site_dir / "pagefind")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise PagefindError(f"{path.name} is not a Pagefind index file this version knows")
    return cbor2.loads(raw[len(_SIGNATURE) :])


def _write(folder: Path, prefix: str, suffix: str, value: Any, digits: int) -> str:
    """Write ``value`` under a name derived from its content; returns the hash part."""
    raw = _SIGNATURE + cbor2.dumps(value)
    name = f"{SEARCH_LANGUAGE}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def canonicalise(bundle: Path) -> None:
    """Sort Pagefind's filter index and its meta file, and rename them by content."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    language = entry["languages"][SEARCH_LANGUAGE]
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
        )
        renamed.append([name, new_hash])
    meta[3] = sorted(renamed)
    meta[4] = sorted(meta[4], key=lambda item: item[0])
    meta_file.unlink()
    language["hash"] = _write(bundle, "pagefind.", ".pf_meta", meta, 10)
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
