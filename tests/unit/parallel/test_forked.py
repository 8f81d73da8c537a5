"""The build's halves in forked children: what comes back, and what a failure looks like.
Also the move of the data half's folder into the site (generator.site.atomic.move_into)."""

from __future__ import annotations

import os
import pickle
import signal
from pathlib import Path

import pytest

from generator.parallel.forked import Forked, ForkedError
from generator.site.atomic import move_into


class _UserProblem(RuntimeError):
    pass


def _raise_user_problem() -> None:
    raise _UserProblem("the directory has errors")


def _crash() -> None:
    {}["missing"]  # a bug, on purpose


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_child_s_value_comes_back_once_and_stays() -> None:
    parent = os.getpid()
    child = Forked(lambda: {"pid": os.getpid(), "answer": 42})
    value = child.result()
    assert value["answer"] == 42 and value["pid"] != parent
    assert child.result() is value  # asked twice (two pages of one child): one answer
    child.stop()


def test_an_expected_error_comes_back_as_its_message() -> None:
    child = Forked(_raise_user_problem, expected=(_UserProblem,))
    with pytest.raises(ForkedError) as caught:
        child.result()
    assert str(caught.value) == "the directory has errors"


def test_a_bug_comes_back_with_its_traceback() -> None:
    child = Forked(_crash)
    with pytest.raises(ForkedError) as caught:
        child.result()
    assert "Traceback" in str(caught.value) and "KeyError: 'missing'" in str(caught.value)


def test_a_child_that_dies_is_reported_not_waited_for() -> None:
    child = Forked(_die)
    with pytest.raises(ForkedError, match="stopped without an answer"):
        child.result()


def _cut_short() -> str:
    """Run in the child (so pickle changes there only): its answer goes out cut short, as
    when a child is killed while writing it."""
    whole = pickle.dumps
    pickle.dumps = lambda value, protocol=None: whole(value, protocol)[:20]
    return "an answer far longer than twenty bytes"


def test_a_child_whose_answer_is_cut_short_is_reported() -> None:
    child = Forked(_cut_short)
    with pytest.raises(ForkedError, match="stopped without an answer"):
        child.result()


def test_stop_ends_a_child_that_still_runs(tmp_path: Path) -> None:
    marker = tmp_path / "finished"

    def slow() -> None:
        import time

        time.sleep(30)
        marker.write_text("should not happen")

    child = Forked(slow)
    child.stop()
    assert not marker.exists()


def test_a_large_value_comes_back_whole() -> None:
    """Far more than a pipe holds (the loaded models of a part are megabytes)."""
    child = Forked(lambda: [f"credential {i}" * 10 for i in range(100_000)])
    value = child.result()
    assert len(value) == 100_000 and value[-1] == "credential 99999" * 10
    assert not child.running()
    child.stop()


def test_leaving_the_block_ends_a_child_that_still_runs(tmp_path: Path) -> None:
    """An error beside the child (MkDocs failing while the data half runs) ends it."""
    marker = tmp_path / "finished"

    def slow() -> None:
        import time

        time.sleep(30)
        marker.write_text("should not happen")

    with pytest.raises(KeyError), Forked(slow) as child:
        assert child.running()
        _crash()
    assert not child.running() and not marker.exists()


def test_move_into_merges_folders_and_refuses_a_path_written_twice(tmp_path: Path) -> None:
    site, data = tmp_path / "site", tmp_path / "data"
    (site / "search").mkdir(parents=True)
    (site / "search" / "index.html").write_text("page")
    (data / "search" / "sort").mkdir(parents=True)
    (data / "search" / "sort" / "title.json").write_text("[]")
    (data / "api" / "v1").mkdir(parents=True)
    (data / "api" / "v1" / "credentials.json").write_text("{}")
    move_into(data, site)
    assert not data.exists()
    assert (site / "search" / "index.html").read_text() == "page"
    assert (site / "search" / "sort" / "title.json").read_text() == "[]"
    assert (site / "api" / "v1" / "credentials.json").read_text() == "{}"

    again = tmp_path / "again"
    (again / "search").mkdir(parents=True)
    (again / "search" / "index.html").write_text("another page")
    with pytest.raises(FileExistsError, match="written twice"):
        move_into(again, site)
    assert (site / "search" / "index.html").read_text() == "page"
