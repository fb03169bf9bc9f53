"""Recognition patterns and their normalisation, in the spirit of HeidelTime: each rule is a
regular expression over the text and a function that turns a match into a TIMEX3 value.

Extents follow the TimeML guidelines as the TimeBank annotators applied them: prepositions are
left out ("on Friday" → "Friday"), modifiers stay in ("late May", "the past three years").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from parallax.annotate.timex.anaphora import PATTERN as ANAPHORA_PATTERN
from parallax.annotate.timex.anaphora import anaphoric
from parallax.annotate.timex.context import Context, Handler, Result, recent
from parallax.annotate.timex.holidays import PATTERN as HOLIDAY_PATTERN
from parallax.annotate.timex.holidays import holiday
from parallax.annotate.timex.lexicon import MONTHS, NUMBERS, PARTS_OF_DAY, SEASONS, UNITS, WEEKDAYS
from parallax.annotate.timex.periods import fiscal_year, half, quarter, the_quarter, year_earlier, year_period
from parallax.annotate.timex.resolve import (
    day_year,
    month_year,
    quarter_of,
    shift_month,
    week_value,
    weekday_date,
)
from parallax.annotate.timex.spelled import DAY_WORDS, YEAR_WORDS, day_in_words, year_in_words

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMW = "|".join(sorted((re.escape(k) for k in NUMBERS if k not in ("a", "an", "some", "many")), key=len, reverse=True))
_UNIT = r"(?P<unit>years?|months?|weeks?|days?|decades?|centur(?:y|ies)|hours?|minutes?|seconds?|quarters(?!\s+of\b))"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_ZONE = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?"
#: The day written after a clock time: "10 p.m. Wednesday", "5 p.m. EST, Nov. 9", "noon today".
_DAY_TAIL = (
    rf"(?:,?\s+(?:{_WD}|(?P<rd>today|yesterday|tomorrow)\b"
    rf"|{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)))?"
)


def _in_a_name(m: re.Match[str], group: str) -> bool:
    """Is the word in ``group`` capitalised inside a sentence? Then the expression is a title or a
    name ("ABC's This Week", "CBS's 60 Minutes", "This is VOA Today"), not a time."""
    start = m.start(group)
    before = m.string[max(0, start - 3) : start].rstrip(" \t\"'“‘`")
    return m.string[start].isupper() and bool(before) and before[-1] not in ".!?:\n"


def _month(m: re.Match[str]) -> int:
    return MONTHS[m["mon"].lower().rstrip(".")]


def _y(ctx: Context, year: int | None) -> str:
    return f"{year:04d}" if year is not None else "XXXX"


def full_date(m: re.Match[str], ctx: Context) -> Result:
    try:
        d = date(int(m["year"]), _month(m), int(m["day"]))
    except ValueError:
        return None
    return d.isoformat(), "DATE"


def iso_date(m: re.Match[str], ctx: Context) -> Result:
    try:
        return date(int(m["year"]), int(m["m"]), int(m["day"])).isoformat(), "DATE"
    except ValueError:
        return None


def _day(m: re.Match[str]) -> int:
    """The day of the month, in digits ("8", "8th") or in words ("eighth")."""
    words = m.groupdict().get("dayw")
    return day_in_words(words) if words else int(m["day"])


def month_day(m: re.Match[str], ctx: Context) -> Result:
    month, day = _month(m), _day(m)
    if not 1 <= day <= 31:
        return None
    year = day_year(ctx.anchor, month, day, ctx.direction) if ctx.anchor else None
    return f"{_y(ctx, year)}-{month:02d}-{day:02d}", "DATE"


def _year(m: re.Match[str]) -> int:
    """The year written in digits or in words ("nineteen ninety-four")."""
    return int(m["year"]) if m["year"] else year_in_words(m)


def month_year_(m: re.Match[str], ctx: Context) -> Result:
    return f"{_year(m):04d}-{_month(m):02d}", "DATE"


#: Words before "May" that make it the month, not the verb ("in May", "by May").
_MAY_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|through|from|during|before|after|of|to|and|or|between)\s+$", re.IGNORECASE
)


def bare_month(m: re.Match[str], ctx: Context) -> Result:
    month = _month(m)
    word = m["mon"]
    if word.islower() and word in ("march", "may"):
        return None  # the verb or the noun
    if re.match(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", m.string[m.end() : m.end() + 12]):
        return None  # "the March for Life", "the March of the Mothers": a name
    bare = not (m["mod"] or m["rel"] or m["yrel"])
    if word.lower() == "may" and bare and not _MAY_BEFORE.search(m.string[max(0, m.start() - 10) : m.start()]):
        return None  # the verb, far more often than the month
    year = month_year(ctx.anchor, month, ctx.direction) if ctx.anchor else None
    if m["yrel"]:  # "January this year", "June last year"
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()] if ctx.anchor else None
    elif m["rel"]:
        rel = m["rel"].lower()
        if ctx.anchor:
            year = (
                ctx.anchor.year
                + (-1 if rel == "last" and month >= ctx.anchor.month else 0)
                + (1 if rel == "next" and month <= ctx.anchor.month else 0)
            )
    return f"{_y(ctx, year)}-{month:02d}", "DATE"


def year_(m: re.Match[str], ctx: Context) -> Result:
    return m["year"], "DATE"


def spelled_year(m: re.Match[str], ctx: Context) -> Result:
    """ "nineteen ninety-six", "the year two thousand"."""
    return f"{year_in_words(m):04d}", "DATE"


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7}
_DECADE_WORDS |= {"eighties": 8, "nineties": 9}


def decade(m: re.Match[str], ctx: Context) -> Result:
    """ "the 1990s", "the late '80s", "the nineties": TIMEX2/TimeML write a decade as its first three
    digits (``199``); a decade without its century is the latest one not after the anchor."""
    if m["dec"]:
        return m["dec"][:3], "DATE"
    tens = int(m["dec2"][0]) if m["dec2"] else _DECADE_WORDS[m["decw"].lower()]
    anchor_year = ctx.anchor.year if ctx.anchor else 1999
    century = 20 if 2000 + 10 * tens <= anchor_year else 19
    return f"{century}{tens}", "DATE"


def century(m: re.Match[str], ctx: Context) -> Result:
    """ "the 20th century": its first two digits (``19``)."""
    n = int(m["cent"])
    return (f"{n - 1:02d}", "DATE") if 1 <= n <= 21 else None


def _part_of_day(m: re.Match[str]) -> tuple[str, str]:
    """The TIMEX3 suffix and type of a part of the day said without the day's name ("this
    morning": ``TMO``, "last night": ``TNI``, TIMEs). A named day keeps its day alone ("Friday
    night", "yesterday morning": that day): the two corpora disagree there, and a plain date is
    what the timeline can place."""
    groups = m.groupdict()
    part = (groups.get("part2") or groups.get("part3") or "").lower()
    return ("T" + PARTS_OF_DAY[part], "TIME") if part else ("", "DATE")


def _weekday_day(wd: int, rel: str, ctx: Context) -> date | None:
    """The day a weekday name points to: "last"/"next" say the direction, else the tense does;
    "the previous Friday" is the one before the day the text spoke of last."""
    if ctx.anchor is None:
        return None
    if rel in ("the previous", "the preceding", "the following"):
        base = next((_iso_day(t.value) for t in recent(ctx) if _FULL_DAY.match(t.value)), ctx.anchor)
        step = -1 if rel != "the following" else 1
        return weekday_date(base + timedelta(days=step), wd, step)
    direction = -1 if rel == "last" else 1 if rel in ("next", "this coming") else ctx.direction or -1
    d = weekday_date(ctx.anchor, wd, direction)
    if rel == "last" and d == ctx.anchor:
        d -= timedelta(days=7)
    return d


def _iso_day(value: str) -> date:
    return date(int(value[:4]), int(value[5:7]), int(value[8:10]))


def weekday(m: re.Match[str], ctx: Context) -> Result:
    wd = WEEKDAYS[m["wd"].lower()]
    suffix, kind = _part_of_day(m)
    d = _weekday_day(wd, re.sub(r"\s+", " ", (m["rel"] or "").lower()), ctx)
    return (d.isoformat() if d else f"XXXX-WXX-{wd}") + suffix, kind


def relative_day(m: re.Match[str], ctx: Context) -> Result:
    """ "yesterday", "tomorrow morning", "this evening", "last night", "tonight"."""
    word = (m["rd"] or m["this"] or m["last"]).lower()
    if word == "today" and m.string.startswith(("'s", "’s"), m.end()):
        return None  # "today's world": the present age, rarely the day
    if m["rd"] and _in_a_name(m, "rd"):
        return None
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this": 0, "last": -1}[word]
    suffix, kind = _part_of_day(m)
    if word == "tonight":
        suffix, kind = "TNI", "TIME"
    if ctx.anchor is None:
        return "XXXX-XX-XX" + suffix, kind
    return (ctx.anchor + timedelta(days=offset)).isoformat() + suffix, kind


def relative_unit(m: re.Match[str], ctx: Context) -> Result:
    rel, unit = m["rel"].lower(), m["runit"].lower()
    if _in_a_name(m, "runit"):
        return None
    step = {
        "last": -1,
        "past": -1,
        "previous": -1,
        "this": 0,
        "current": 0,
        "next": 1,
        "coming": 1,
        "earlier this": 0,
        "later this": 0,
    }[rel]
    if ctx.anchor is None:
        return {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}.get(unit, "XXXX"), "DATE"
    a = ctx.anchor
    if unit == "week":
        return week_value(a + timedelta(weeks=step)), "DATE"
    if unit == "month":
        y, mth = shift_month(a, step)
        return f"{y:04d}-{mth:02d}", "DATE"
    if unit == "year":
        return f"{a.year + step:04d}", "DATE"
    if unit == "quarter":
        q = quarter_of(a) + step
        y = a.year + (q - 1) // 4
        return f"{y:04d}-Q{(q - 1) % 4 + 1}", "DATE"
    if unit == "weekend":
        return week_value(a + timedelta(weeks=step)) + "-WE", "DATE"
    return None


def ago(m: re.Match[str], ctx: Context) -> Result:
    n = NUMBERS.get(m["n"].lower(), None) if not m["n"].isdigit() else int(m["n"])
    unit = UNITS[m["unit"].lower()]
    if not isinstance(n, int) or ctx.anchor is None:
        return "PAST_REF", "DATE"
    a = ctx.anchor
    if unit == "Y":
        return f"{a.year - n:04d}", "DATE"
    if unit == "M":
        y, mth = shift_month(a, -n)
        return f"{y:04d}-{mth:02d}", "DATE"
    if unit == "W":
        return week_value(a - timedelta(weeks=n)), "DATE"
    if unit == "D":
        return (a - timedelta(days=n)).isoformat(), "DATE"
    if unit == "DE":
        return f"{(a.year - 10 * n) // 10:03d}", "DATE"
    return "PAST_REF", "DATE"


def season(m: re.Match[str], ctx: Context) -> Result:
    s = SEASONS[m["season"].lower()]
    rel = (m["rel"] or "").lower()
    if m["year"] or m["yw"]:
        return f"{_year(m):04d}-{s}", "DATE"
    if ctx.anchor is None:
        return f"XXXX-{s}", "DATE"
    return f"{ctx.anchor.year + {'last': -1, 'next': 1}.get(rel, 0):04d}-{s}", "DATE"


def weekend(m: re.Match[str], ctx: Context) -> Result:
    """ "the weekend": the one the anchor falls in, else the one the tense points to, else the
    nearer (a Monday paper's weekend is the one just past)."""
    if not ctx.anchor:
        return "XXXX-WXX-WE", "DATE"
    day = ctx.anchor.isoweekday()
    past = day < 6 and (ctx.direction < 0 or (ctx.direction == 0 and day <= 3))
    return week_value(ctx.anchor - timedelta(days=7) if past else ctx.anchor) + "-WE", "DATE"


def mod_month(m: re.Match[str], ctx: Context) -> Result:
    """ "early this month", "late May": the month (TIMEX3 keeps the modifier in an attribute)."""
    return bare_month(m, ctx) if m["mon"] else relative_unit(m, ctx)


#: Words after "a second" that make it a duration; otherwise it is the ordinal ("a second group").
_SECOND_AFTER = re.compile(r"\s*(?:[^\w\s]|$|(?:of|later|ago|before|after|and|or|to|in|too|earlier)\b)")


def duration(m: re.Match[str], ctx: Context) -> Result:
    unit_word = m["unit"].lower()
    if _in_a_name(m, "unit"):
        return None
    if unit_word == "second" and not _SECOND_AFTER.match(m.string, m.end()):
        return None
    if unit_word == "quarters" and not (m["n"] or m["pre"]):
        return None  # living quarters
    bare = not (m["n"] or m["pre"])
    if bare and re.search(r"\b(?:early|small|wee)\s+$", m.string[max(0, m.start() - 8) : m.start()]):
        return None  # "the early hours of Sunday": a part of the day, not a span
    if not m["n"] and not unit_word.endswith("s"):
        pre = (m["pre"] or "").lower().split()
        if pre in (["the"], []):  # "the week" is the current one; a bare "day" is no expression
            if pre and ctx.anchor and unit_word in ("week", "month", "year"):
                return {
                    "week": week_value(ctx.anchor),
                    "month": ctx.anchor.strftime("%Y-%m"),
                    "year": f"{ctx.anchor.year:04d}",
                }[unit_word], "DATE"
            return None
        if pre in (["the", "past"], ["the", "last"], ["the", "previous"]) and ctx.anchor:
            return _unit_before(unit_word, ctx.anchor)
    raw = (m["n"] or "").lower().replace("-", " ").strip()
    if raw.isdigit():
        n: int | str = int(raw)
    elif raw in NUMBERS:
        n = NUMBERS[raw]
    elif " " in raw and all(p in NUMBERS for p in raw.split()):
        parts = [NUMBERS[p] for p in raw.split()]
        n = sum(p for p in parts if isinstance(p, int)) if all(isinstance(p, int) for p in parts) else "X"
    elif not raw:
        n = "X" if m["unit"].lower().endswith("s") else 1
    else:
        return None
    unit = UNITS[m["unit"].lower()]
    if unit == "Q":
        return f"P{n * 3 if isinstance(n, int) else 'X'}M", "DURATION"
    if (m["half"] or m["half2"]) and isinstance(n, int):  # "2 1/2 years", "five and a half hours"
        return _and_a_half(n, unit), "DURATION"
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}", "DURATION"
    if unit == "DE":  # TimeBank writes decades in years: "the past decade" P10Y, "decades" PXY
        return f"P{n * 10 if isinstance(n, int) else 'X'}Y", "DURATION"
    return f"P{n}{unit}", "DURATION"


def _unit_before(unit: str, anchor: date) -> Result:
    """ "the past year", "the last decade", "the last week": TimeBank writes the unit before the
    anchor's (``1988``, ``198``, ``1989-W43``); with a number ("the past two years") it is a span."""
    if unit == "year":
        return f"{anchor.year - 1:04d}", "DATE"
    if unit == "decade":
        return f"{anchor.year // 10 - 1:03d}", "DATE"
    if unit == "week":
        return week_value(anchor - timedelta(weeks=1)), "DATE"
    if unit == "month":
        y, month = shift_month(anchor, -1)
        return f"{y:04d}-{month:02d}", "DATE"
    return None


def _and_a_half(n: int, unit: str) -> str:
    """``n`` units and a half: the half in the next smaller unit where TimeML writes it so
    ("P2Y6M", "PT5H30M"), else as a decimal fraction ("P3.5W")."""
    return {
        "CE": f"P{n * 100 + 50}Y",
        "DE": f"P{n * 10 + 5}Y",
        "Y": f"P{n}Y6M",
        "D": f"P{n}DT12H",
        "H": f"PT{n}H30M",
        "MIN": f"PT{n}M30S",
        "S": f"PT{n}.5S",
    }.get(unit, f"P{n}.5{unit}")


_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d")


def _day_of(m: re.Match[str], ctx: Context) -> str:
    """The day a clock time or part of day is on: the weekday, date or relative day written
    beside it ("10 p.m. Wednesday", "5 p.m. EST Nov. 9", "mid-afternoon yesterday"), else the anchor."""
    g = m.groupdict()
    if g.get("wd"):
        wd = WEEKDAYS[g["wd"].lower()]
        d = _weekday_day(wd, "", ctx)
        return d.isoformat() if d else f"XXXX-WXX-{wd}"
    if g.get("mon") and g.get("day"):
        found = month_day(m, ctx)
        if found:
            return found[0]
    if g.get("rd"):
        if ctx.anchor is None:
            return "XXXX-XX-XX"
        return (ctx.anchor + timedelta(days=_RELATIVE_DAYS[g["rd"].lower()])).isoformat()
    for t in recent(ctx):  # a bare time is on the day the text spoke of last
        if _FULL_DAY.match(t.value):
            return t.value[:10]
    return ctx.anchor.isoformat() if ctx.anchor else "XXXX-XX-XX"


def clock(m: re.Match[str], ctx: Context) -> Result:
    if m["named"]:
        h, minute = (24, 0) if m["named"].lower() == "midnight" else (12, 0)
    else:
        h, minute = (int(m["h"]), int(m["min"] or 0)) if m["h"] else (int(m["h2"]), int(m["m2"]))
        ampm = (m["ampm"] or "").lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        if ampm == "am" and h == 12:
            h = 0
        if h > 23 or minute > 59:
            return None
    return f"{_day_of(m, ctx)}T{h:02d}:{minute:02d}", "TIME"


def part_of_day(m: re.Match[str], ctx: Context) -> Result:
    """ "mid-afternoon yesterday", "mid afternoon": the day with its part (``TAF``)."""
    return f"{_day_of(m, ctx)}T{PARTS_OF_DAY[m['part'].lower()]}", "TIME"


def refs(m: re.Match[str], ctx: Context) -> Result:
    word = m.group().lower()
    if word in ("now", "currently", "current", "at present", "nowadays", "these days"):
        return "PRESENT_REF", "DATE"
    if "future" in word or "term" in word or word == "soon":
        return "FUTURE_REF", "DATE"
    return "PAST_REF", "DATE"


def set_(m: re.Match[str], ctx: Context) -> Result:
    """ "daily", "every week", "each year", "every two years", "each Thursday": a SET (TimeML keeps
    how often in quant/freq, which are not values)."""
    word = m.group().lower()
    if word == "hourly":
        return "PT1H", "SET"
    unit = {"daily": "D", "weekly": "W", "monthly": "M", "annually": "Y", "yearly": "Y", "nightly": "D"}.get(word)
    if m["swd"]:
        return f"XXXX-WXX-{WEEKDAYS[m['swd'].lower()]}", "SET"
    if unit is None:
        unit = {"quarter": "Q"}.get(m["sunit"].lower()) or UNITS[m["sunit"].lower() + "s"]
    n = m["sn"]
    count = (int(n) if n.isdigit() else NUMBERS.get(n.lower(), 1)) if n else 1
    return f"P{count}{unit}", "SET"


RULES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(rf"\b(?:{_WD},?\s+)?{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s*{_YEAR}\b", re.I), full_date),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I), full_date),
    (re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<day>\d\d)\b"), iso_date),
    (
        re.compile(
            rf"\b(?:{_WD},?\s+)?{_MON}\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?|(?P<dayw>{DAY_WORDS}))\b"
            rf"(?!\s*(?:,\s*)?(?:\d|percent|%))",
            re.I,
        ),
        month_day,
    ),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b", re.I), month_day),
    (
        re.compile(rf"\b(?:(?P<mod>early|mid|late|mid-)\s*-?\s*)?{_MON},?\s+(?:{_YEAR}\b|{YEAR_WORDS})", re.I),
        month_year_,
    ),
    (
        re.compile(
            r"\b(?:(?P<mod>early|mid|late|the end of|the beginning of|the start of)(?:\s+|-))?"
            r"(?:(?P<rel>last|next|this)\s+)?"
            r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december"
            r"|jan\.|feb\.|aug\.|sept\.|oct\.|nov\.|dec\.)(?![\w-])(?:\s+(?P<yrel>this|last|next)\s+year\b(?!['’]s))?",
            re.I,
        ),
        bare_month,
    ),
    (
        re.compile(
            rf"\b(?:(?:early|late)\s+)?"
            rf"(?:(?P<rel>last|next|this|this coming|the previous|the preceding|the following)\s+)?{_WD}"
            rf"(?:\s+(?P<part>morning|afternoon|evening|night))?\b",
            re.I,
        ),
        weekday,
    ),
    (
        re.compile(
            r"\b(?:(?:early|late|later|earlier)\s+)?(?:(?P<rd>today|yesterday|tomorrow|tonight)"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
            r"|(?P<this>this)\s+(?P<part2>morning|afternoon|evening)|(?P<last>last)\s+(?P<part3>night))\b",
            re.I,
        ),
        relative_day,
    ),
    (
        re.compile(
            r"\b(?:(?:early|late|mid|earlier|later)\s+|the\s+(?:end|beginning|start|middle)\s+of\s+)?"
            r"(?P<rel>last|past|previous|this|current|next|coming|earlier this"
            r"|later this)\s+(?P<runit>week|month|year|quarter|weekend)\b(?![\w-])",
            re.I,
        ),
        relative_unit,
    ),
    (
        re.compile(
            rf"\b(?:(?:the|its)\s+)?(?:(?:comparable|same|corresponding)\s+)?"
            rf"(?:(?P<qyear>1[5-9]\d\d|20\d\d)\s+"
            rf"|(?P<qrel>year[- ]ago|year[- ]earlier|(?:this|last|next)\s+year['’]s)\s+)?"
            rf"(?:fiscal[- ])?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter\b"
            rf"(?:\s+of\s+{_YEAR}\b|\s+(?P<lyear>last|this|next)\s+year\b(?!['’]s))?",
            re.I,
        ),
        quarter,
    ),
    (re.compile(rf"\bQ(?P<ord>[1-4])(?:\s+{_YEAR})?\b"), quarter),
    (
        re.compile(
            r"\bthe\s+(?:latest|most recent|recent|current|just-ended|just-completed)?\s*"
            r"(?:fiscal\s+)?(?:quarter|period)\b(?!-to-)",
            re.I,
        ),
        the_quarter,
    ),
    (re.compile(rf"\bthe\s+{_YEAR}\s+(?:fiscal\s+)?(?:quarter|period)\b", re.I), year_period),
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<which>first|second|last|1st|2nd|first two|last two)\s+"
            rf"(?:half|halves|quarters)\b(?![- ]?(?:hour|dozen|century|mile))(?:\s+of\s+(?:the\s+year\s+)?{_YEAR}\b)?",
            re.I,
        ),
        half,
    ),
    (
        re.compile(
            r"\bthe\s+(?:(?:current|latest|full|entire|whole)\s+)?(?:fiscal\s+)?year\b(?![- ](?:ago|earlier|old))",
            re.I,
        ),
        fiscal_year,
    ),
    (re.compile(r"\bthe\s+weekend\b", re.I), weekend),
    (
        re.compile(
            r"\bthe\s+(?:comparable\s+|same\s+)?year[- ](?:ago|earlier)\s+(?:fiscal\s+)?(?:quarter|period)\b"
            r"|\blast\s+year['’]s\s+(?:quarter|period)\b"
            r"|\bthe\s+(?:same|corresponding|comparable)\s+(?:quarter|period)\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier))\b"
            r"|\bthe\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)\b",
            re.I,
        ),
        year_earlier,
    ),
    (re.compile(r"\b(?:a|one)\s+year\s+(?:earlier|before|ago)\b|\byear[- ](?:earlier|ago)\b", re.I), year_earlier),
    (re.compile(rf"\b(?P<n>\d+|{_NUMW}|a|an)\s+{_UNIT}\s+ago\b", re.I), ago),
    (
        re.compile(
            rf"\b(?:(?P<rel>last|next|this|the|early|late)\s+)(?P<season>spring|summer|fall|autumn|winter)"
            rf"(?:\s+(?:of\s+)?(?:{_YEAR}\b|{YEAR_WORDS}))?\b",
            re.I,
        ),
        season,
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?:(?:early|mid|late)[- ]?)?(?:(?P<dec>(?:1[5-9]|20)\d0)['’]?s\b|['’](?P<dec2>\d0)['’]?s\b"
            r"|(?<=the )(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
            re.I,
        ),
        decade,
    ),
    (re.compile(r"\b(?:the\s+)?(?P<cent>\d{1,2})(?:st|nd|rd|th)[- ]century\b", re.I), century),
    (re.compile(HOLIDAY_PATTERN, re.I), holiday),
    (re.compile(ANAPHORA_PATTERN, re.I), anaphoric),
    (
        re.compile(
            r"\b(?:the\s+year\s+|fiscal\s+|(?:the\s+(?:end|beginning|start|middle)\s+of\s+|(?:early|late|mid)[- ]?))?"
            r"(?P<year>1[89]\d\d|20\d\d)\b"
            r"(?![\d%-]|[.,]\d|\s*(?:percent|people|troops|million|billion))"
        ),
        year_,
    ),
    (
        re.compile(rf"\b(?:the\s+year\s+)?{YEAR_WORDS}(?![\s-](?:percent|people|dollars|million|billion))", re.I),
        spelled_year,
    ),
    (
        re.compile(
            rf"\b(?P<pre>(?:the\s+)?(?:(?:past|last|next|first|coming|previous|latest|following|final|remaining"
            rf"|year[- ]earlier|year[- ]ago)\s+)"
            rf"|the\s+)?"
            rf"(?:(?P<n>\d+|a|an|(?:{_NUMW})(?:[\s-](?:{_NUMW}))?)(?P<half>\s+1/2|\s+and\s+a\s+half)?(?:\s+more)?[\s-])?"
            rf"{_UNIT}(?P<half2>\s+and\s+a\s+half)?(?:[\s-]long)?\b(?![\s-]old)(?!-(?:ago|earlier))",
            re.I,
        ),
        duration,
    ),
    (
        re.compile(
            rf"\b(?:(?P<h>\d{{1,2}})(?::(?P<min>\d\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am|pm)(?!\w)"
            rf"|(?P<h2>[01]?\d|2[0-3]):(?P<m2>\d\d)\b|(?<!high )(?P<named>noon|midnight|midday)\b){_ZONE}{_DAY_TAIL}",
            re.I,
        ),
        clock,
    ),
    (
        re.compile(rf"\bmid[- ]?(?P<part>morning|afternoon|evening){_DAY_TAIL}", re.I),
        part_of_day,
    ),
    (
        re.compile(
            r"\b(?:now|currently|nowadays|these days|at present|recently|lately|the past"
            r"|the (?:near |distant )?future|the (?:near|short|long) term|recent years|current)\b",
            re.I,
        ),
        refs,
    ),
    (
        re.compile(
            rf"\b(?:daily|weekly|monthly|annually|yearly|nightly|hourly"
            rf"|(?:every|each)\s+(?:(?P<sn>\d+|{_NUMW})\s+)?(?P<sunit>day|week|month|year|quarter)s?"
            rf"|(?:every|each)\s+{_WD.replace('wd', 'swd')})\b",
            re.I,
        ),
        set_,
    ),
]
