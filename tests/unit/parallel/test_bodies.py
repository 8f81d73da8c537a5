"""Page bodies rendered ahead in a child (generator.parallel.bodies): each body comes back
as its renderer made it, and a failing child is reported, never waited for."""

from __future__ import annotations

import os
import random
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.parallel.bodies import BodiesAhead
from generator.parallel.forked import ForkedError

PAGES = 40


def _renderer(position: int) -> Callable[[], str]:
    return lambda: f"<p>page {position} by {os.getpid()} — naïve ✓</p>" + "x" * position


def test_each_body_comes_back_as_rendered_in_the_child(tmp_path: Path) -> None:
    with BodiesAhead([_renderer(n) for n in range(PAGES)], tmp_path) as bodies:
        got = [bodies.body(n) for n in range(PAGES)]
    here = os.getpid()
    for position, text in enumerate(got):
        made, rest = text.split(" by ")
        assert made == f"<p>page {position}"
        pid, tail = rest.split(" ", 1)
        assert int(pid) != here  # rendered in the child, not when asked for
        assert tail == "— naïve ✓</p>" + "x" * position  # UTF-8 through the spool, whole


def test_bodies_asked_for_in_any_order_and_twice_are_the_same(tmp_path: Path) -> None:
    order = list(range(PAGES)) * 2
    random.Random(7).shuffle(order)
    with BodiesAhead([_renderer(n) for n in range(PAGES)], tmp_path) as bodies:
        seen: dict[int, str] = {}
        for position in order:
            text = bodies.body(position)
            assert text.startswith(f"<p>page {position} by ")
            assert seen.setdefault(position, text) == text
    assert sorted(seen) == list(range(PAGES))


def test_no_pages_need_no_bodies(tmp_path: Path) -> None:
    with BodiesAhead([], tmp_path):
        pass
    assert list(tmp_path.iterdir()) == []


def _failing(fail: Callable[[], None]) -> list[Callable[[], str]]:
    def last_page() -> str:
        fail()
        return ""

    return [*(_renderer(n) for n in range(PAGES - 1)), last_page]


def test_a_child_that_fails_is_reported_by_the_first_body_asked_for(tmp_path: Path) -> None:
    def template_error() -> None:
        raise ValueError("a template error")

    with (
        BodiesAhead(_failing(template_error), tmp_path) as bodies,
        pytest.raises(ForkedError, match="ValueError: a template error"),
    ):
        bodies.body(0)


def test_a_child_that_dies_is_reported_not_waited_for(tmp_path: Path) -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with (
        BodiesAhead(_failing(die), tmp_path) as bodies,
        pytest.raises(ForkedError, match="stopped without an answer"),
    ):
        bodies.body(0)


def test_the_spool_file_is_gone_afterwards(tmp_path: Path) -> None:
    with BodiesAhead([_renderer(n) for n in range(4)], tmp_path) as bodies:
        assert [bodies.body(n).split(" by ")[0] for n in range(4)] == [
            f"<p>page {n}" for n in range(4)
        ]
    assert list(tmp_path.iterdir()) == []  # the spool was an unnamed file, now closed
