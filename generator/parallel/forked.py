"""Work in a forked process, beside the work of this one: credir's one way to use more
than one core.

Both uses fork at a point where what the child needs is already in memory, so nothing is
loaded twice, and on a machine with two cores the two sides take the time of the longer
instead of the sum: loading the credential files in parts (generator.parallel.parts),
and the build's data half beside its pages (generator.site.build). Fork is safe here
because credir starts no thread of its own (`credir serve`, which has server threads,
runs each rebuild as a process of its own).

The child's outcome comes back over a pipe: its return value, or its error as text (the
parent raises it, so the CLI reports it like any other error). The child dies with its
parent (Linux), so a killed build leaves no writer behind. Plain `os.fork` and a pipe, not
multiprocessing: its import and process start-up would be paid by every check.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, NoReturn

_PR_SET_PDEATHSIG = 1


class ForkedError(RuntimeError):
    """The child failed: ``str()`` is its message (a traceback when it crashed)."""


class Forked:
    """``target()`` running in a forked child; `result()` waits for what it returned.

    As a context manager, leaving it ends the child if it still runs (an error here)."""

    def __init__(
        self, target: Callable[[], Any], expected: tuple[type[BaseException], ...] = ()
    ) -> None:
        """``expected``: errors reported by their message alone (a user's problem, not a
        bug); any other error comes back with its traceback."""
        receive, send = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(receive)
            _run(target, expected, send)
        os.close(send)  # the child holds the only write end: EOF means it ended
        self._pid = pid
        self._receive = receive
        self._exit_code: int | None = None
        self._outcome: tuple[str, Any] | None = None

    def result(self) -> Any:
        """What ``target`` returned (waiting for it); ForkedError if it failed."""
        if self._outcome is None:
            with open(self._receive, "rb") as pipe:
                answer = pipe.read()
            self._receive = -1
            code = self._wait()
            try:
                self._outcome = pickle.loads(answer)
            except (pickle.UnpicklingError, EOFError):  # none, or cut short: it was killed
                self._outcome = ("error", f"the process stopped without an answer (exit {code})")
        outcome, value = self._outcome
        if outcome == "error":
            raise ForkedError(value)
        return value

    def running(self) -> bool:
        """Whether the child has not ended yet (`result` then waits)."""
        return self._exit_code is None and self._wait(block=False) is None

    def stop(self) -> None:
        """End the child if it still runs (the parent failed or was interrupted)."""
        if self._exit_code is None:
            with contextlib.suppress(ProcessLookupError):  # ended and reaped elsewhere
                os.kill(self._pid, signal.SIGTERM)
            self._wait()
        if self._receive >= 0:
            os.close(self._receive)
            self._receive = -1

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _wait(self, *, block: bool = True) -> int | None:
        """The child's exit code (negative: the signal that ended it); None while it runs
        and ``block`` is false. Reaped once, remembered after."""
        if self._exit_code is None:
            pid, status = os.waitpid(self._pid, 0 if block else os.WNOHANG)
            if pid == 0:
                return None
            self._exit_code = os.waitstatus_to_exitcode(status)
        return self._exit_code


def _run(
    target: Callable[[], Any], expected: tuple[type[BaseException], ...], send: int
) -> NoReturn:
    """The child's whole life: run ``target``, send its outcome, exit without running
    anything of the parent's (atexit handlers, finally blocks up the stack)."""
    code = 0
    try:
        _die_with_parent()
        try:
            outcome: tuple[str, Any] = ("ok", target())
        except expected as error:
            outcome = ("error", str(error))
        except BaseException:  # a bug: the parent shows where, as a crash in-process would
            outcome = ("error", _traceback())
        try:
            answer = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a value that cannot be sent back is a bug too
            answer = pickle.dumps(("error", _traceback()))
        with open(send, "wb") as pipe:
            pipe.write(answer)
    except BaseException:  # the parent went away: nobody to tell
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a closed stream: nothing left to lose
                stream.flush()
        os._exit(code)


def _traceback() -> str:
    import traceback

    return traceback.format_exc()


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # the child's alone: the parent never needs it

    with contextlib.suppress(OSError, AttributeError):  # no prctl: stop() still ends it
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
