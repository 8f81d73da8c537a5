"""The date every freshness check uses, in one place below the pipeline.

Validation (the `stale` warning) and the directory's derived facts (`Listing.is_stale`) must
agree on what today is, and validation cannot import the directory, which imports it.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """The date stale checks use; CREDIR_TODAY pins it for reproducible builds and tests."""
    pinned = os.environ.get("CREDIR_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
