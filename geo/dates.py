"""Dates as the articles give them: a day, a month or only a year ("in April", "in 2024").

Read as words for the pages and sorted so that the vaguer date comes first.
"""
from __future__ import annotations

import datetime as dt
import re

# A year, a month or a day.
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def date_parts(value: str) -> tuple[int, int, int] | None:
    """(year, month, day), 0 for a part not given; None when the text is not such a date or not a real one."""
    found = PARTIAL_DATE.match(value) if isinstance(value, str) else None
    if not found:
        return None
    year, month, day = (int(part) if part else 0 for part in found.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def date_label(value: str) -> str:
    """'2026-02-05' -> '5 February 2026', '2025-04' -> 'April 2025', '2024' -> '2024'."""
    parts = date_parts(value)
    if parts is None:
        return value
    year, month, day = parts
    if day:
        return f"{day} {MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1]} {year}" if month else str(year)


def date_key(value: str) -> tuple[int, int, int]:
    """Sorts a month before the days in it and a year before its months: the vaguer date comes first."""
    return date_parts(value) or (0, 0, 0)
