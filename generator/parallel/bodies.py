"""Page bodies rendered from both ends of the list, each once: MkDocs' side from the front,
a forked child from the back.

Rendering the bodies is about half of the pages' work, and MkDocs writes its pages one
after another in one process. A child forked with the pages (it has the directory in
memory already) renders bodies from the last page backwards into a spool file, while
this process renders, as MkDocs asks for them, the bodies the child has not taken. Each
page is claimed once, under a lock, by whichever side reaches it first, so the two meet
wherever their speeds make them meet: the work splits itself, however busy the machine
keeps either process. The child writes each body with one `pwrite` and publishes where
it lies only then; this process reads it back with `pread`.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from generator.parallel.forked import Forked

# A page's state: nobody's yet, rendered here, being rendered by the child, in the spool.
_FREE, _OURS, _THEIRS, _READY = 0, 1, 2, 3
_WAIT_SECONDS = 0.25  # how often a wait for the child looks whether it is still alive


class SharedBodies:
    """``renderers[i]()`` gives body i; `body(i)` returns it, rendered here or by the child.

    Use as a context manager: leaving it ends the child and removes the spool file."""

    def __init__(self, renderers: Sequence[Callable[[], str]], spool_dir: Path) -> None:
        context = multiprocessing.get_context("fork")
        self._renderers = renderers
        self._state = context.RawArray("b", len(renderers))
        self._start = context.RawArray("q", len(renderers))
        self._size = context.RawArray("q", len(renderers))
        self._changed = context.Condition()  # guards _state; notified when a body is ready
        self._spool = tempfile.TemporaryFile(dir=spool_dir)  # noqa: SIM115 - closed in __exit__
        self._child = Forked(self._render_from_the_back, expected=(Exception,))

    def body(self, position: int) -> str:
        """Body ``position``: rendered now if the child has not taken it, else its copy,
        waited for if needed. ForkedError when the child failed before giving it."""
        with self._changed:
            state = self._state[position]
            if state == _FREE:
                self._state[position] = _OURS
        if state in (_FREE, _OURS):
            return self._renderers[position]()
        while not self._ready(position):
            if not self._child.running():
                self._child.result()  # raises the child's error
                if not self._ready(position):  # pragma: no cover - a bug, not a user's error
                    raise RuntimeError(f"page body {position} was taken but never written")
        return os.pread(self._spool.fileno(), self._size[position], self._start[position]).decode()

    def _ready(self, position: int) -> bool:
        with self._changed:
            if self._state[position] != _READY:
                self._changed.wait(_WAIT_SECONDS)
            return self._state[position] == _READY

    def _render_from_the_back(self) -> int:
        """In the child: every body not yet taken, last first; returns how many."""
        spool, written, rendered = self._spool.fileno(), 0, 0
        for position in reversed(range(len(self._renderers))):
            with self._changed:
                if self._state[position] != _FREE:
                    continue
                self._state[position] = _THEIRS
            data = self._renderers[position]().encode()
            done = 0
            while done < len(data):
                done += os.pwrite(spool, data[done:], written + done)
            self._start[position], self._size[position] = written, len(data)
            written += len(data)
            rendered += 1
            with self._changed:
                self._state[position] = _READY
                self._changed.notify_all()
        return rendered

    def rendered_by_the_child(self) -> int:
        """How many bodies the child rendered (waits for it to finish)."""
        return self._child.result()

    def __enter__(self) -> SharedBodies:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._child.stop()
        self._spool.close()
