"""Text patterns of the format, each with the sentence a provider reads when a value misses.

The models use the regexes (and so does the generated JSON Schema); the validator turns a
pattern mismatch into the sentence and example below, so the two never drift apart.
"""

from __future__ import annotations

from typing import NamedTuple


class Pattern(NamedTuple):
    regex: str
    expected: str
    example: str


_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

SLUG = Pattern(
    rf"^{_SLUG}$", "a lowercase slug: letters a-z, digits and single hyphens", "data-basics"
)
DIRECTORY_KEY = Pattern(
    rf"^{_SLUG}/{_SLUG}$",
    "a directory key `provider-id/credential-id`",
    "shannon-tech/data-basics",
)
# The rule for web addresses, said alike in the field help (`credir new`, the guide, the
# schema) and in validate's messages: https:// is asked for; http:// is not refused (some
# providers' sites have nothing else) but warned about.
HTTP_RULE = "http:// is accepted with a warning"
WEB_URL = Pattern(
    r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:[/?#][^\s]*)?$",
    "a web address starting with https://",
    "https://www.example.edu/courses/data-basics",
)
EMAIL_OR_URL = Pattern(
    r"^(?:[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|https?://[A-Za-z0-9][^\s]*)$",
    "an email address or a web address starting with https://",
    "courses@example.edu",
)
ESCO_SKILL = Pattern(
    rf"^http://data\.europa\.eu/esco/skill/{_UUID}$",
    "an ESCO skill URI",
    "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
)
ESCO_OCCUPATION = Pattern(
    rf"^http://data\.europa\.eu/esco/occupation/{_UUID}$",
    "an ESCO occupation URI",
    "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1",
)


def _one_or_more_in_order(units: str) -> str:
    """`[0-9]+U` parts in this order, at least one: a regex without look-arounds, which
    both pydantic's Rust engine and editors' JSON Schema engines understand."""
    options = []
    for start, unit in enumerate(units):
        rest = "".join(f"(?:[0-9]+{later})?" for later in units[start + 1 :])
        options.append(f"[0-9]+{unit}{rest}")
    return "(?:" + "|".join(options) + ")"


_DATE_PART = _one_or_more_in_order("YMWD")
_TIME_PART = "T" + _one_or_more_in_order("HMS")
ISO_DURATION = Pattern(
    rf"^P(?:{_DATE_PART}(?:{_TIME_PART})?|{_TIME_PART})$",
    "an ISO 8601 duration",
    "P10W (10 weeks), P3M (3 months) or PT20H (20 hours)",
)
GITHUB_HANDLE = Pattern(
    r"^@?[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$",
    "a GitHub user name",
    "ann-example",
)
HAS_TEXT = Pattern(r"\S", "some text, not only spaces", "Data Basics")

ALL: tuple[Pattern, ...] = (
    SLUG,
    DIRECTORY_KEY,
    WEB_URL,
    EMAIL_OR_URL,
    ESCO_SKILL,
    ESCO_OCCUPATION,
    ISO_DURATION,
    GITHUB_HANDLE,
    HAS_TEXT,
)
BY_REGEX: dict[str, Pattern] = {pattern.regex: pattern for pattern in ALL}
