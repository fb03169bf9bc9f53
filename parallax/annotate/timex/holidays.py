"""Named days of the calendar: fixed ones ("Christmas", "Independence Day") and those computed
from the year ("Thanksgiving": the fourth Thursday of November, "Easter", "Election Day")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from parallax.annotate.timex.context import Context, Result
from parallax.annotate.timex.resolve import closest_year, week_value


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ISO ``weekday`` of the month; ``n = -1`` for the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


#: Each holiday's name (as a regular expression) and its day in a given year.
HOLIDAYS: dict[str, Callable[[int], date]] = {
    r"new\s+year['’]?s\s+day": _fixed(1, 1),
    r"new\s+year['’]?s\s+eve": _fixed(12, 31),
    r"christmas\s+eve": _fixed(12, 24),
    r"christmas(?:\s+day)?": _fixed(12, 25),
    r"independence\s+day": _fixed(7, 4),
    r"valentine['’]?s\s+day": _fixed(2, 14),
    r"halloween": _fixed(10, 31),
    r"veterans\s+day": _fixed(11, 11),
    r"thanksgiving(?:\s+day)?": lambda y: _nth_weekday(y, 11, 4, 4),
    r"memorial\s+day": lambda y: _nth_weekday(y, 5, 1, -1),
    r"labor\s+day": lambda y: _nth_weekday(y, 9, 1, 1),
    r"election\s+day": lambda y: _nth_weekday(y, 11, 1, 1) + timedelta(days=1),
    r"easter(?:\s+sunday)?": easter,
    r"good\s+friday": lambda y: easter(y) - timedelta(days=2),
}
_NAMES = [(re.compile(name + r"$", re.IGNORECASE), day) for name, day in HOLIDAYS.items()]
#: The pattern the rules use: a holiday, with "last"/"next"/"this" or a year, or its week.
PATTERN = (
    r"\b(?:(?P<hrel>last|next|this)\s+)?(?P<holiday>"
    + "|".join(HOLIDAYS)
    + r")(?:\s+(?P<hyear>1[89]\d\d|20\d\d)\b)?(?P<hweek>\s+week)?\b"
)


def holiday(m: re.Match[str], ctx: Context) -> Result:
    name = re.sub(r"\s+", " ", m["holiday"])
    day_in = next(day for pattern, day in _NAMES if pattern.match(name))
    if m["hyear"]:
        d = day_in(int(m["hyear"]))
    elif ctx.anchor is None:
        return None
    else:
        a = ctx.anchor
        around = [day_in(y) for y in (a.year - 1, a.year, a.year + 1)]
        rel = (m["hrel"] or "").lower()
        if rel == "last":
            d = max(x for x in around if x < a)
        elif rel == "next":
            d = min(x for x in around if x > a)
        else:  # "this Christmas", or the nearest, the tense weighing as for any date
            year = closest_year(a, [(x.year, x) for x in around], 0 if rel else ctx.direction)
            d = day_in(year)
    if m["hweek"]:
        return week_value(d), "DATE"
    return d.isoformat(), "DATE"
