"""Page bodies rendered ahead in a forked child: those of the pages MkDocs writes last.

MkDocs writes its pages one after another in this process, and rendering a body is a
large part of each page. While MkDocs writes the fact sheets, a child forked with the
pages (the directory is in memory already) renders the bodies of the pages written after
them (the index, browse and provider pages, whose cards make them the heaviest) into a
spool file, and answers with where each body lies. This process reads each one back when
MkDocs reaches its page, waiting for the child only if it has not finished.

The split is fixed, not negotiated page by page: nothing is shared but the spool file
and the child's answer (generator.parallel.forked), so there is no lock and no polling.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.parallel.forked import Forked


class BodiesAhead:
    """``renderers[i]()`` gives body i, rendered in a child at once; `body(i)` returns it.

    Use as a context manager: leaving it ends the child and removes the spool file."""

    def __init__(self, renderers: Sequence[Callable[[], str]], spool_dir: Path) -> None:
        self._spool = tempfile.TemporaryFile(dir=spool_dir)  # noqa: SIM115 - closed in __exit__
        self._child = Forked(lambda: _render_into(self._spool.fileno(), renderers))
        self._places: list[tuple[int, int]] | None = None

    def body(self, position: int) -> str:
        """Body ``position`` as the child rendered it (waiting for the child if needed);
        ForkedError if the child failed."""
        if self._places is None:
            self._places = self._child.result()
        start, size = self._places[position]
        return os.pread(self._spool.fileno(), size, start).decode()

    def __enter__(self) -> BodiesAhead:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._child.stop()
        self._spool.close()


def _render_into(spool: int, renderers: Sequence[Callable[[], str]]) -> list[tuple[int, int]]:
    """In the child: each body written after the last; where each lies (start, size)."""
    places, written = [], 0
    for render in renderers:
        data = render().encode()
        done = 0
        while done < len(data):
            done += os.pwrite(spool, data[done:], written + done)
        places.append((written, len(data)))
        written += len(data)
    return places
