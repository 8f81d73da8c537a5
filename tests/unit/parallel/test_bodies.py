"""Page bodies rendered from both ends (generator.parallel.bodies): each body comes back as its
renderer made it, whichever process rendered it, and a failing child is reported, never
waited for."""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.parallel.bodies import SharedBodies
from generator.parallel.forked import ForkedError

PAGES = 40


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A wait that never ends fails the test instead of stalling the suite."""

    def fail(*_: object) -> None:
        raise TimeoutError("a body was waited for forever")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _renderer(position: int, pause: float = 0.005) -> Callable[[], str]:
    def render() -> str:
        time.sleep(pause)  # long enough for both sides to get some pages
        return f"<p>page {position} by {os.getpid()} — naïve ✓</p>"

    return render


def test_each_body_comes_once_from_one_side_or_the_other(tmp_path: Path) -> None:
    with SharedBodies([_renderer(n) for n in range(PAGES)], tmp_path) as bodies:
        got = [bodies.body(n) for n in range(PAGES)]
        by_child = bodies.rendered_by_the_child()
    pids = [int(text.split(" by ")[1].split()[0]) for text in got]
    assert [text.split(" by ")[0] for text in got] == [f"<p>page {n}" for n in range(PAGES)]
    assert all(text.endswith(" — naïve ✓</p>") for text in got)  # UTF-8 through the spool
    here = os.getpid()
    assert here in pids and len(set(pids)) == 2  # this process and the child both rendered
    assert by_child == sum(pid != here for pid in pids) > 0
    # The child works from the back: its pages are the last ones, this process's the first.
    first_of_child = pids.index(next(pid for pid in pids if pid != here))
    assert all(pid != here for pid in pids[first_of_child:])


def test_bodies_asked_for_in_any_order_and_twice_are_the_same(tmp_path: Path) -> None:
    order = list(range(PAGES)) * 2
    random.Random(7).shuffle(order)
    with SharedBodies([_renderer(n) for n in range(PAGES)], tmp_path) as bodies:
        seen: dict[int, str] = {}
        for position in order:
            text = bodies.body(position)
            assert text.startswith(f"<p>page {position} by ")
            if position in seen:  # rendered here twice, or read twice from the spool
                assert text.split(" by ")[0] == seen[position].split(" by ")[0]
            seen[position] = text
    assert sorted(seen) == list(range(PAGES))


def _child_fails_on_the_last_page(tmp_path: Path, fail: Callable[[], None]) -> SharedBodies:
    """Bodies whose last page ``fail``s in the child, which takes it first; returns once
    the child has reached it (a marker file says so)."""
    marker = tmp_path / "reached"

    def last_page() -> str:
        marker.write_text("the child took the last page")
        fail()
        return ""

    bodies = SharedBodies([*(_renderer(n) for n in range(PAGES - 1)), last_page], tmp_path)
    while not marker.exists():
        time.sleep(0.01)
    return bodies


def test_a_child_that_fails_is_reported_by_the_body_it_owed(tmp_path: Path) -> None:
    def template_error() -> None:
        raise ValueError("a template error")

    with (
        _child_fails_on_the_last_page(tmp_path, template_error) as bodies,
        pytest.raises(ForkedError, match="a template error"),
    ):
        bodies.body(PAGES - 1)


def test_a_child_that_dies_is_reported_not_waited_for(tmp_path: Path) -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with (
        _child_fails_on_the_last_page(tmp_path, die) as bodies,
        pytest.raises(ForkedError, match="stopped without an answer"),
    ):
        bodies.body(PAGES - 1)


def test_the_spool_file_is_gone_afterwards(tmp_path: Path) -> None:
    with SharedBodies([_renderer(n) for n in range(4)], tmp_path) as bodies:
        assert [bodies.body(n).split(" by ")[0] for n in range(4)] == [
            f"<p>page {n}" for n in range(4)
        ]
    assert list(tmp_path.iterdir()) == []  # the spool was an unnamed file, now closed
