"""Reading TIMEX3 values back into calendar terms: a day, a month, a week, or a day without its year."""

from __future__ import annotations

import re
from datetime import date, timedelta

from parallax.model import TimeExpr

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|is|are)\s+(?:expected|scheduled|set|due|slated|planned)\s+to\b|\bwill\b|\bupcoming\b"
    r"|\bis to\b|\bare to\b|\bplans? to\b|\bnext\b",
    re.IGNORECASE,
)


def weekday_of(expr: TimeExpr) -> int | None:
    """0 = Monday … 6 = Sunday, for a bare weekday expression ("on Friday")."""
    m = _WEEKDAY.search(expr.text)
    if m and not re.search(r"\d", expr.text):
        return WEEKDAYS.index(m.group(1).lower())
    return None


def absolute_day(value: str, year: int | None = None) -> date | None:
    """A full date from a value, filling a missing year (``XXXX-05-16``) with ``year``."""
    m = re.match(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})$", value)
    if not m:
        return None
    y = int(m[1]) if m[1] != "XXXX" else year
    if y is None:
        return None
    try:
        return date(y, int(m[2]), int(m[3]))
    except ValueError:
        return None


def interval(value: str) -> tuple[date, date] | None:
    """The days a value covers: a day, a month (``2025-05``) or an ISO week (``2025-W20``)."""
    day = absolute_day(value)
    if day:
        return day, day
    m = re.match(r"^(\d{4})-(\d{2})$", value)
    if m:
        first = date(int(m[1]), int(m[2]), 1)
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    m = re.match(r"^(\d{4})-W(\d{2})$", value)
    if m:
        try:
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return first, first + timedelta(days=6)
    return None


def is_future(sentence: str) -> bool:
    """Does the sentence speak of what is still to come (so its dates bound publication from above)?"""
    return bool(_FUTURE.search(sentence))
