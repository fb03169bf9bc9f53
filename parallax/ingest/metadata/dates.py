"""The publication date an article states for itself, read from its dateline or byline.

Only the top of the page counts (before the body starts), and never a photo caption there: a
caption's date is when the photo was taken. A relative date ("6 hours ago") is resolved only
against a known retrieval time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from parallax.ingest.text.lines import Line
from parallax.ingest.text.rules import is_caption

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<first>\d{1,2})[./](?P<second>\d{1,2})[./](?P<year>(?:19|20)\d\d)\b"),
)
_RELATIVE = re.compile(r"\b(?P<n>\d+|an?|one)\s+(?P<unit>minute|hour|day)s?\s+ago\b", re.IGNORECASE)


def _numeric_order(first: int, second: int) -> tuple[int, int] | None:
    """(month, day) of a numeric date such as 05/02/2013, or None when it could be read either way.

    Day-first and month-first outlets both write dates so, and nothing on the line says which: a
    number above 12 settles it; otherwise the date is left unknown rather than guessed, because a
    wrong publication date splits or merges events (a US "05/02/2013" is the 2nd of May).
    """
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    if first == second:
        return first, second
    return None


def find_date(text: str) -> date | None:
    """The first calendar date written in ``text``."""
    best: tuple[int, date] | None = None
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            g = m.groupdict()
            if g.get("first"):
                order = _numeric_order(int(g["first"]), int(g["second"]))
                if order is None:
                    continue
                month, day = order
            else:
                month = MONTHS.get(g["month"].lower().rstrip(".")) if g.get("month") else int(g["mon"])
                day = int(g["day"])
            try:
                d = date(int(g["year"]), month or 0, day)
            except (TypeError, ValueError):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), d)
            break
    return best[1] if best else None


def relative_date(text: str, retrieved: str | None) -> date | None:
    if not retrieved:
        return None
    m = _RELATIVE.search(text)
    if not m:
        return None
    try:
        when = datetime.fromisoformat(retrieved.replace("Z", "+00:00"))
    except ValueError:
        return None
    n = 1 if m["n"].lower() in ("a", "an", "one") else int(m["n"])
    delta = {"minute": timedelta(minutes=n), "hour": timedelta(hours=n), "day": timedelta(days=n)}
    return (when - delta[m["unit"].lower()]).date()


def published_date(header: list[Line], retrieved: str | None) -> str | None:
    """The date stated in the page's header lines (those before the body), captions excluded."""
    for line in header:
        if is_caption(line):
            continue
        d = find_date(line.text) or relative_date(line.text, retrieved)
        if d is not None:
            return d.isoformat()
    return None
