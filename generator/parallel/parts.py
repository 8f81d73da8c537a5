"""Work on a list split into consecutive parts, one per core: the first part here, the
others in forked children (generator.parallel.forked) meanwhile.

For work that is pure CPU and where each item stands alone, as parsing and validating
credential files is (generator.check.run.load_credentials): n cores do n parts in the time
of one, plus sending each child's result back. The results come back in the parts'
order, so joining them gives what one call on the whole list gives (tests/unit/parallel
compares the two).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from generator.parallel.forked import Forked

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items per part, one process is faster than forking and sending back.
MIN_PER_PART = 500


def in_parts(work: Callable[[Sequence[Item]], Result], items: Sequence[Item]) -> list[Result]:
    """``work`` on consecutive parts of ``items``, one per core; each part's result, in
    order. One part (``[work(items)]``) when there are too few items, one core, or no
    `fork` (Windows)."""
    count = min(cores(), len(items) // MIN_PER_PART)
    if count < 2 or not can_fork():
        return [work(items)]
    size = -(-len(items) // count)
    parts = [items[start : start + size] for start in range(0, len(items), size)]
    children = [Forked(lambda part=part: work(part)) for part in parts[1:]]
    try:
        return [work(parts[0])] + [child.result() for child in children]
    finally:
        for child in children:
            child.stop()


def can_fork() -> bool:
    return hasattr(os, "fork")  # not on Windows


def cores() -> int:
    """The cores this process may run on (fewer than the machine's in a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
