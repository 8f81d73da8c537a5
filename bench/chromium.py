"""Headless Chromium as the browser tests start it (tests/support/web.py holds the settings),
so the benchmark's first search is measured in the browser the tests drive."""

from tests.support.web import CHROMIUM, CHROMIUM_ARGS

__all__ = ["CHROMIUM", "CHROMIUM_ARGS"]
