"""Listings whose provider is late, or soon due, to re-confirm them (`review_by`).

A listing past its `review_by` date is shown as stale on the site; this report lets the
maintainers chase the providers before that happens, from a weekly scheduled job.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from generator.directory import Directory
from generator.review.job_summary import code, escape


@dataclass(frozen=True)
class Due:
    """One listing to re-confirm: `days` is negative when the date has passed."""

    key: str
    path: str
    title: str
    provider: str
    review_by: dt.date
    days: int
    stale: bool  # Listing.is_stale, the rule the site's badge follows
    maintainers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "path": self.path,
            "title": self.title,
            "provider": self.provider,
            "review_by": self.review_by.isoformat(),
            "days": self.days,
            "state": "stale" if self.stale else "due-soon",
            "maintainers": list(self.maintainers),
        }


def due_listings(directory: Directory, on: dt.date, within_days: int) -> list[Due]:
    """Stale listings and those due within ``within_days``, the most overdue first."""
    found = []
    for listing in directory.listings.values():
        days = (listing.credential.review_by - on).days
        if days > within_days:
            continue
        found.append(
            Due(
                key=listing.key,
                path=listing.path,
                title=listing.credential.title,
                provider=listing.provider.name,
                review_by=listing.credential.review_by,
                days=days,
                stale=listing.is_stale(on),
                maintainers=tuple(m.removeprefix("@") for m in listing.provider.maintainers or []),
            )
        )
    return sorted(found, key=lambda due: (due.review_by, due.key))


def render(due: list[Due], fmt: str, *, on: dt.date, within_days: int) -> str:
    if fmt == "json":
        report = {
            "date": on.isoformat(),
            "within_days": within_days,
            "listings": [item.as_dict() for item in due],
        }
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return render_markdown(due, on=on, within_days=within_days)


def render_markdown(due: list[Due], *, on: dt.date, within_days: int) -> str:
    lines = [f"## Listings to re-confirm ({on.isoformat()})", ""]
    if not due:
        lines.append(f"No listing is stale or due for review in the next {within_days} days.")
        return "\n".join(lines) + "\n"
    stale = sum(item.stale for item in due)
    lines += [
        f"{stale} stale, {len(due) - stale} due within {within_days} days. A stale listing "
        "shows a badge on the site until its provider sets a new `review_by` date.",
        "",
        "| listing | provider | review by | state | maintainers |",
        "|---|---|---|---|---|",
    ]
    for item in due:
        state = (
            f"**stale** for {-item.days} day{'s' * (item.days != -1)}"
            if item.stale
            else "due today"
            if item.days == 0
            else f"due in {item.days} day{'s' * (item.days != 1)}"
        )
        people = " ".join(escape(f"@{name}") for name in item.maintainers) or "—"
        lines.append(
            f"| {escape(item.title)}<br>{code(item.key)} | {escape(item.provider)} | "
            f"{item.review_by.isoformat()} | {state} | {people} |"
        )
    return "\n".join(lines) + "\n"
