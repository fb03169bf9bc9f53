"""Expressions that point to a time the text has just named: "that year", "later that day",
"the following month", "the next morning". TimeML gives them the calendar value of that time,
moved as the words say; without a named time before them they are left out (a lone "that day"
is often no date at all)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from parallax.annotate.timex.context import Context, Result, recent
from parallax.annotate.timex.resolve import shift_month, week_value

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"^(\d{4})-(\d\d)")
_YEAR = re.compile(r"^(\d{4})")
#: How far back (characters) the named time may be.
REACH = 1500

PATTERN = (
    r"\b(?:(?:later|earlier)\s+)?(?:that|the\s+(?P<which>same|next|following|previous|prior))\s+(?:same\s+)?"
    r"(?P<aunit>day|morning|afternoon|evening|night|week|month|year)\b(?![- ](?:old|long|or))"
)


def _named_before(m: re.Match[str], ctx: Context, pattern: re.Pattern[str]) -> re.Match[str] | None:
    for t in recent(ctx):
        if m.start() - t.end > REACH:
            return None
        found = pattern.match(t.value)
        if found:
            return found
    return None


def anaphoric(m: re.Match[str], ctx: Context) -> Result:
    unit = m["aunit"].lower()
    which = (m["which"] or "").lower()
    if which == "next" and unit in ("week", "month", "year"):
        return None  # "the next year" counts from the anchor (a duration), not from the text's time
    step = {"next": 1, "following": 1, "previous": -1, "prior": -1}.get(which, 0)
    if unit in ("day", "morning", "afternoon", "evening", "night", "week"):
        found = _named_before(m, ctx, _DAY)
        if not found:
            return None
        d = date(int(found[1]), int(found[2]), int(found[3]))
        if unit == "week":
            return week_value(d + timedelta(weeks=step)), "DATE"
        return (d + timedelta(days=step)).isoformat(), "DATE"
    if unit == "month":
        found = _named_before(m, ctx, _MONTH)
        if not found:
            return None
        y, month = shift_month(date(int(found[1]), int(found[2]), 1), step)
        return f"{y:04d}-{month:02d}", "DATE"
    found = _named_before(m, ctx, _YEAR)
    return (f"{int(found[1]) + step:04d}", "DATE") if found else None
