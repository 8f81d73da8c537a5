"""Value conversions the exports and imports share: durations, hours, country and language codes.

Kept apart so an export and its import always use the same rule in both directions.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)


def xsd_duration(iso: str) -> str:
    """An ISO 8601 duration as an xsd:duration, which has no weeks: P10W -> P70D."""
    match = _DURATION.fullmatch(iso)
    if not match or not match["W"]:
        return iso
    parts = match.groupdict()
    days = int(parts["W"]) * 7 + int(parts["D"] or 0)
    date = "".join(f"{parts[unit]}{unit}" for unit in "YM" if parts[unit]) + f"{days}D"
    time = "".join(f"{parts[unit]}{unit.upper()}" for unit in "hms" if parts[unit])
    return f"P{date}" + (f"T{time}" if time else "")


def iso_duration(text: str) -> str | None:
    """A duration from another system, in the form the credential format accepts, or None.

    Whole days that make whole weeks become weeks again (P70D -> P10W), so a duration
    survives export and import in the form providers write it."""
    match = _DURATION.fullmatch(text.strip())
    if not match or text.strip() in ("P", "PT"):
        return None
    parts = match.groupdict()
    if parts["D"] and not parts["W"] and int(parts["D"]) % 7 == 0:
        only_days = not any(parts[unit] for unit in "YMhms")
        if only_days:
            return f"P{int(parts['D']) // 7}W"
    return text.strip()


def hours_duration(hours: float) -> str:
    """Hours as an xsd:duration: xsd allows a fraction only on seconds, so 7.5 -> PT7H30M."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    return f"PT{whole}H" + (f"{rest}M" if rest else "") if whole else f"PT{rest}M"


def duration_hours(text: str) -> float | None:
    """Hours in a PT..H..M duration (the reverse of hours_duration); None for anything else."""
    match = _DURATION.fullmatch(text.strip())
    if not match:
        return None
    parts = match.groupdict()
    if any(parts[unit] for unit in "YMWD"):
        days = int(parts["D"] or 0) + 7 * int(parts["W"] or 0)
        if parts["Y"] or parts["M"]:
            return None
    else:
        days = 0
    hours = (
        days * 24 + int(parts["h"] or 0) + int(parts["m"] or 0) / 60 + int(parts["s"] or 0) / 3600
    )
    hours = round(hours, 2)
    return hours or None


def plain_number(value: float) -> int | float:
    """5.0 -> 5: whole numbers without a fraction, as providers write them."""
    return int(value) if float(value).is_integer() else value


@cache
def country_alpha3(alpha2: str) -> str:
    """ISO 3166-1 alpha-3, the code of the EU Publications Office country table."""
    return pycountry.countries.get(alpha_2=alpha2).alpha_3


@cache
def country_alpha2(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=alpha3.upper())
    return country.alpha_2 if country else None


@cache
def language_alpha3(alpha2: str) -> str:
    """ISO 639-3 code, the code of the EU Publications Office language table (ENG, GLE)."""
    return pycountry.languages.get(alpha_2=alpha2).alpha_3


@cache
def language_alpha2(code: str) -> str | None:
    """An ISO 639-1 code from a 2- or 3-letter code or a tag like en-US; None if unknown."""
    base = code.split("-")[0].lower()
    if len(base) == 2:
        language = pycountry.languages.get(alpha_2=base)
    else:
        language = pycountry.languages.get(alpha_3=base) or _bibliographic(base)
    return getattr(language, "alpha_2", None) if language else None


def _bibliographic(code: str) -> object | None:
    for language in pycountry.languages:
        if getattr(language, "bibliographic", None) == code:
            return language
    return None
