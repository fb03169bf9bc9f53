"""Reading TIMEX3 values back into calendar terms (a day, a month, a week, a day without its year),
and the days an undated text was written between.

An undated report says "on Friday" and mentions the talks of May 16 as past and the round of June 2
as upcoming: it was written between those days, on one of the Fridays in between. The stories stage
uses that to keep such a report out of an event dated weeks away, the timeline stage to infer its
date; both read it here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from parallax.model import TimeExpr

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|is|are)\s+(?:expected|scheduled|set|due|slated|planned)\s+(?:to|for)\b|\bwill\b|\bupcoming\b"
    r"|\bis to\b|\bare to\b|\bplans? to\b|\bnext\b",
    re.IGNORECASE,
)
_DAY_VALUE = re.compile(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})$")


def weekday_of(expr: TimeExpr) -> int | None:
    """0 = Monday … 6 = Sunday, for a bare weekday expression ("on Friday")."""
    m = _WEEKDAY.search(expr.text)
    if m and not re.search(r"\d", expr.text):
        return WEEKDAYS.index(m.group(1).lower())
    return None


def absolute_day(value: str, year: int | None = None) -> date | None:
    """A full date from a value, filling a missing year (``XXXX-05-16``) with ``year``."""
    m = _DAY_VALUE.match(value)
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


def the_weekday(timex: Sequence[TimeExpr], sentence_of: Callable[[int], str]) -> int | None:
    """The one weekday a text reports as past ("said on Friday"; a day still to come, "the swap is
    due on Wednesday", is not what it reports), None when it names none or several."""
    weekdays = {w for t in timex if (w := weekday_of(t)) is not None and not is_future(sentence_of(t.start))}
    return next(iter(weekdays)) if len(weekdays) == 1 else None


def written_between(
    timex: Sequence[TimeExpr], sentence_of: Callable[[int], str], year: int | None
) -> tuple[date, date] | None:
    """The first and last day a text can have been written on: on or after every day it mentions as
    past, before every day it calls upcoming (``sentence_of`` gives the sentence at an offset, whose
    tense tells which). None unless both ends are known and in order; ``year`` fills the days
    written without one."""
    earliest: date | None = None
    latest: date | None = None
    for t in timex:
        when = absolute_day(t.value, year)
        if when is None:
            continue
        if is_future(sentence_of(t.start)):
            latest = when - timedelta(days=1) if latest is None else min(latest, when - timedelta(days=1))
        else:
            earliest = when if earliest is None else max(earliest, when)
    if earliest is None or latest is None or earliest > latest:
        return None
    return earliest, latest


def weekdays_between(first: date, last: date, weekday: int) -> list[date]:
    """Every day of ``weekday`` from ``first`` to ``last``."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=7)
    return days
