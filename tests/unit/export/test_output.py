"""generator.export.output: the writer of a build's many small files, and its folder guard."""

from __future__ import annotations

import pytest

from generator.export.output import inside, write_file


def test_write_file_makes_the_folder_and_writes_the_bytes(tmp_path):
    made: set[str] = set()
    target = f"{tmp_path}/a/b/file.json"
    write_file(target, b'{"x": 1}\n', made)
    write_file(f"{tmp_path}/a/b/other.json", b"", made)
    assert (tmp_path / "a/b/file.json").read_bytes() == b'{"x": 1}\n'
    assert (tmp_path / "a/b/other.json").read_bytes() == b""
    assert made == {f"{tmp_path}/a/b"}


def test_write_file_replaces_what_was_there(tmp_path):
    (tmp_path / "f").write_bytes(b"a much longer old content")
    write_file(f"{tmp_path}/f", b"new", {str(tmp_path)})
    assert (tmp_path / "f").read_bytes() == b"new"


@pytest.mark.parametrize("relative", ["../x", "/etc/passwd", "a/../../x", "..", "a/../.."])
def test_inside_refuses_a_path_that_leaves_the_folder(relative):
    assert inside("/site/pagefind", relative) is None


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("f.pf_meta", "/site/pagefind/f.pf_meta"),
        ("a/./b", "/site/pagefind/a/b"),
        ("a/../b", "/site/pagefind/b"),
        ("..b", "/site/pagefind/..b"),
    ],
)
def test_inside_keeps_a_path_within_the_folder(relative, expected):
    assert inside("/site/pagefind", relative) == expected
