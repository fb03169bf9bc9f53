"""Quarters, halves and fiscal years as financial news writes them.

An earnings report names its quarter once ("third-quarter net income rose ...") and then refers
back to it ("the quarter", "the latest period") and to the same quarter a year before ("a year
earlier", "the year-ago quarter", "last year's quarter"); TimeML gives those their calendar values
(``1989-Q3``, ``1988-Q3``). "The year ended June 30" is a span of a year (``P1Y``); "the first
half of 1989" is ``1989-H1``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from parallax.annotate.timex.context import Context, Result, recent
from parallax.annotate.timex.lexicon import MONTHS, ORDINALS
from parallax.annotate.timex.resolve import day_year, quarter_of

#: How far back (characters) the sentences that can make "a year earlier" a quarter reach.
QUARTER_CONTEXT = 400
_NAMED_QUARTER = re.compile(r"\b(first|second|third|fourth)[- ]quarter\b")
_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTHS_SPAN = re.compile(r"^P\d+M$")
#: Words that make a quarter expression look back a year; such a quarter is not "the quarter".
_LOOKS_BACK = re.compile(r"ago|earlier|last|previous|prior|\d{4}", re.IGNORECASE)
_ENDED = re.compile(
    r"\s+end(?:ed|ing)\s+(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)


def quarter_year(q: int, ctx: Context) -> int:
    """The year of "the Nth quarter" said without one: the anchor's year, except a quarter still to
    come that the tense puts in the past (said in January, "the fourth quarter" was last year's)
    and one long gone that the tense puts ahead (said in October, "the first quarter" is next year's)."""
    assert ctx.anchor is not None
    current = quarter_of(ctx.anchor)
    if q > current and ctx.direction <= 0:
        return ctx.anchor.year - 1
    if q < current - 1 and ctx.direction > 0:
        return ctx.anchor.year + 1
    return ctx.anchor.year


def _last_completed(anchor: date) -> tuple[int, int]:
    q = quarter_of(anchor) - 1
    return (anchor.year - (q == 0), q or 4)


def _completed(year: int, q: int, anchor: date | None) -> bool:
    """Has the quarter ended by the anchor? A report's "the quarter" is one it has results for."""
    return anchor is None or (year, q) < (anchor.year, quarter_of(anchor))


def _prior_period(ctx: Context) -> tuple[int, int] | None:
    """The period the text spoke of last, as its own (not one a year back): a quarter as (year,
    quarter), a span of months ("the nine months") as (0, 0); None when it named neither."""
    for t in recent(ctx):
        m = _QUARTER_VALUE.match(t.value)
        if m and not _LOOKS_BACK.search(t.text) and _completed(int(m[1]), int(m[2]), ctx.anchor):
            return int(m[1]), int(m[2])
        if _MONTHS_SPAN.match(t.value):
            return 0, 0
    return None


def _prior_quarter(ctx: Context) -> tuple[int, int] | None:
    """The quarter the text last spoke of as its own, unless it spoke of a span of months since."""
    period = _prior_period(ctx)
    return period if period and period[0] else None


def _in_quarter_passage(m: re.Match[str]) -> tuple[bool, int | None]:
    """Is the match in a passage about a quarter, and which quarter does the passage name first?"""
    start, end = max(0, m.start() - QUARTER_CONTEXT), m.end() + 150
    sentences = re.split(r"[.!?\n]", m.string[start:end])
    whole = sentences[1 if start > 0 else 0 : -1 if end < len(m.string) else None]  # no cut-off pieces
    around = " ".join(whole or sentences).lower()
    named = _NAMED_QUARTER.search(around)
    return "quarter" in m.group().lower() or "quarter" in around, ORDINALS[named[1]] if named else None


def quarter(m: re.Match[str], ctx: Context) -> Result:
    """ "the third quarter", "fiscal second-quarter", "the 1988 third quarter", "the third quarter
    of 1990", "this year's third quarter", "the year-ago third quarter", "next year's first quarter"."""
    groups = m.groupdict()
    q = int(m["ord"]) if m["ord"].isdigit() else ORDINALS[m["ord"].lower()]
    year = m["year"] or groups.get("qyear")
    if year:
        return f"{year}-Q{q}", "DATE"
    if ctx.anchor is None:
        return f"XXXX-Q{q}", "DATE"
    rel = re.sub(r"[\s-]+", " ", (groups.get("qrel") or groups.get("lyear") or "").lower())
    if rel in ("this year's", "this"):
        return f"{ctx.anchor.year:04d}-Q{q}", "DATE"
    if rel in ("next year's", "next"):
        return f"{ctx.anchor.year + 1:04d}-Q{q}", "DATE"
    back = rel in ("last year's", "last", "year ago", "year earlier", "a year ago")
    return f"{quarter_year(q, ctx) - back:04d}-Q{q}", "DATE"


def _ended_quarter(m: re.Match[str], ctx: Context) -> tuple[int, int] | None:
    """ "the quarter ended Sept. 30": the calendar quarter that ends nearest that day."""
    ended = _ENDED.match(m.string, m.end())
    if not ended or ended["mon"].lower() not in MONTHS:
        return None
    month, day = MONTHS[ended["mon"].lower()], int(ended["day"])
    if ended["year"]:
        year = int(ended["year"])
    elif ctx.anchor:
        year = day_year(ctx.anchor, month, day, -1)
    else:
        return None
    try:
        middle = date(year, month, day) - timedelta(days=45)
    except ValueError:
        return None
    return middle.year, quarter_of(middle)


def the_quarter(m: re.Match[str], ctx: Context) -> Result:
    """ "the quarter", "the latest period", "the current quarter", "the quarter ended Sept. 30": the
    quarter the report is about — the one ended on the day given, else the one it named last,
    else the last completed one."""
    if ctx.anchor is None:
        return "XXXX-QX", "DATE"
    if "current" in m.group().lower():
        return f"{ctx.anchor.year:04d}-Q{quarter_of(ctx.anchor)}", "DATE"
    y, q = _ended_quarter(m, ctx) or _prior_quarter(ctx) or _last_completed(ctx.anchor)
    return f"{y:04d}-Q{q}", "DATE"


def year_earlier(m: re.Match[str], ctx: Context) -> Result:
    """A year before the anchor; in a passage about a quarter (an earnings report: "net income
    rose to $5 million from $4 million a year earlier", "the year-ago quarter", "last year's
    quarter"), the same quarter a year before; after "the nine months", the year before."""
    if ctx.anchor is None:
        return "XXXX", "DATE"
    about_quarter, named = _in_quarter_passage(m)
    period = _prior_period(ctx)
    if not about_quarter or (period == (0, 0) and "quarter" not in m.group().lower()):
        return f"{ctx.anchor.year - 1:04d}", "DATE"
    if period and period[0]:
        return f"{period[0] - 1:04d}-Q{period[1]}", "DATE"
    if named:  # "in the third quarter, from a year earlier": that quarter, the year before
        return f"{quarter_year(named, Context(ctx.anchor, -1)) - 1:04d}-Q{named}", "DATE"
    y, q = _last_completed(ctx.anchor)  # otherwise the last completed quarter, a year before
    return f"{y - 1:04d}-Q{q}", "DATE"


def year_period(m: re.Match[str], ctx: Context) -> Result:
    """ "the 1988 quarter", "the 1989 period": that year's quarter when the report is about one."""
    period = _prior_period(ctx)
    if "quarter" in m.group().lower() or (period and period[0]):
        q = period[1] if period and period[0] else (_last_completed(ctx.anchor)[1] if ctx.anchor else "X")
        return f"{m['year']}-Q{q}", "DATE"
    return m["year"], "DATE"


def half(m: re.Match[str], ctx: Context) -> Result:
    """ "the first half of 1989", "the last half of 1989", "the second half", "the first two
    quarters of 1990": ``1989-H1``."""
    h = 1 if m["which"].lower() in ("first", "1st", "first two") else 2
    if m["year"]:
        return f"{m['year']}-H{h}", "DATE"
    if ctx.anchor is None:
        return f"XXXX-H{h}", "DATE"
    current = 1 if ctx.anchor.month <= 6 else 2
    year = ctx.anchor.year - (h > current and ctx.direction < 0) + (h < current and ctx.direction > 0)
    return f"{year:04d}-H{h}", "DATE"


_ENDS = re.compile(r"\s+end(?:ed|ing)\b")


def fiscal_year(m: re.Match[str], ctx: Context) -> Result:
    """ "the year ended June 30" is a year's span (``P1Y``); "the fiscal year", "the current
    fiscal year", "the full year" are the anchor's year; a bare "the year" is left to the other rules."""
    if _ENDS.match(m.string, m.end()):
        return "P1Y", "DURATION"
    if m.group().lower().split()[1:] == ["year"]:
        return None
    return (f"{ctx.anchor.year:04d}" if ctx.anchor else "XXXX"), "DATE"
