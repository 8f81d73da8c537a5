"""Work in a forked process, beside the work of this one.

Loading and building both split into parts that share what is already in memory: the
credential files to load (generator.directory), and after loading the build's pages and
its data (generator.site.build). A child forked at that point starts with the memory it
needs, so nothing is loaded twice, and on a machine with two cores the parts take the time
of the longest instead of the sum. Fork is safe here because credir starts no thread of
its own (`credir serve`, which has server threads, runs each rebuild as a process of its
own).

The child's outcome comes back over a pipe: its return value, or its error as text (the
parent raises it, so the CLI reports it like any other error). The child dies with its
parent (Linux), so a killed build leaves no writer behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1


class ForkedError(RuntimeError):
    """The child failed: ``str()`` is its message (a traceback when it crashed)."""


class Forked:
    """``target()`` running in a forked child; `result()` waits for what it returned."""

    def __init__(
        self, target: Callable[[], Any], expected: tuple[type[BaseException], ...] = ()
    ) -> None:
        """``expected``: errors reported by their message alone (a user's problem, not a
        bug); any other error comes back with its traceback."""
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(target, expected, send), daemon=True)
        self._process.start()
        send.close()  # the child holds the only write end: EOF means it died
        self._outcome: tuple[str, Any] | None = None

    def result(self) -> Any:
        """What ``target`` returned (waiting for it); ForkedError if it failed."""
        if self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._process.join()
                code = self._process.exitcode
                self._outcome = ("error", f"the process stopped without an answer (exit {code})")
            self._process.join()
        outcome, value = self._outcome
        if outcome == "error":
            raise ForkedError(value)
        return value

    def running(self) -> bool:
        """Whether the child has not ended yet (`result` then waits)."""
        return self._process.is_alive()

    def stop(self) -> None:
        """End the child if it still runs (the parent failed or was interrupted)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def _run(target: Callable[[], Any], expected: tuple[type[BaseException], ...], send: Any) -> None:
    _die_with_parent()
    try:
        value = target()
    except expected as error:
        send.send(("error", str(error)))
    except BaseException:  # a bug: the parent shows where, as a crash in-process would
        send.send(("error", traceback.format_exc()))
    else:
        send.send(("ok", value))
    finally:
        send.close()


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
