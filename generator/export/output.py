"""The bytes of every export file, and writing the tens of thousands of small files a build
makes (export files, the search index's fragments).

Plain `os` calls on text paths, not pathlib: over tens of thousands of files, pathlib's path
objects and `write_bytes` cost several times the CPU (figures in docs/benchmarks.md), and
`Path.resolve` to keep a file inside its folder looks up every part of the path again.
Folders are made once each (``made``)."""

from __future__ import annotations

import json
import os
from typing import Any

import orjson


def json_text(value: Any) -> str:
    """The JSON of every export: UTF-8, sorted keys, two-space indent, final newline.

    The bytes of ``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)`` (the
    tests compare the two), written by orjson: with an indent the standard library falls
    back to its pure-Python encoder, and 40,000 export files made that the cost of the
    export stage. The one difference is the spelling of numbers the exports never hold
    (floats under 0.0001 and non-finite ones). What orjson refuses (keys that are not
    text, integers beyond 64 bits) goes to ``json.dumps`` itself."""
    return json_bytes(value).decode()


def json_bytes(value: Any) -> bytes:
    """`json_text`, encoded: what the export files hold."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS) + b"\n"
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


_ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def write_file(path: str, data: bytes, made: set[str]) -> None:
    """Write ``data`` to ``path``, making its folder unless ``made`` already holds it."""
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    view = memoryview(data)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        while view:  # a regular file takes it all at once, but write may return less
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def inside(folder: str, relative: str) -> str | None:
    """``folder``/``relative``, or None when ``relative`` would leave ``folder`` (absolute,
    or climbing out with ``..``). A check on the text alone: the folders a build writes
    into are its own, fresh, with no links in them."""
    normal = os.path.normpath(relative)
    if os.path.isabs(normal) or normal == os.pardir or normal.startswith(os.pardir + os.sep):
        return None
    return os.path.join(folder, normal)
