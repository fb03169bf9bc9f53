"""Calendar arithmetic against the anchor (the publication date) and TIMEX3 value strings."""

from __future__ import annotations

from datetime import date, timedelta


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def shift_month(d: date, months: int) -> tuple[int, int]:
    m = d.month - 1 + months
    return d.year + m // 12, m % 12 + 1


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def weekday_date(anchor: date, weekday: int, direction: int) -> date:
    """The day with ISO ``weekday`` (1 = Monday) nearest the anchor in ``direction`` (-1 past, +1
    future); the anchor itself when it is that weekday (news says "on Friday" of the same day)."""
    delta = weekday - anchor.isoweekday()
    if delta == 0:
        return anchor
    if direction < 0:
        return anchor + timedelta(days=delta if delta < 0 else delta - 7)
    return anchor + timedelta(days=delta if delta > 0 else delta + 7)


#: How many days nearer a date on the other side of the anchor must be to win against the tense:
#: "in March, the company ..." said in October is this year's March, not next year's.
TENSE_DAYS = 150


def closest_year(anchor: date, candidates: list[tuple[int, date]], direction: int) -> int:
    """The candidate year whose date lies closest to the anchor, a date against the tense counting
    :data:`TENSE_DAYS` farther."""

    def cost(item: tuple[int, date]) -> float:
        days = (item[1] - anchor).days
        wrong_side = (direction < 0 and days > 7) or (direction > 0 and days < -7)
        return abs(days) + (TENSE_DAYS if wrong_side else 0)

    return min(candidates, key=cost)[0]


def month_year(anchor: date, month: int, direction: int) -> int:
    """The year of a bare month name: the occurrence nearest the anchor."""
    return closest_year(
        anchor,
        [(y, date(y, month, 15)) for y in (anchor.year - 1, anchor.year, anchor.year + 1)],
        direction,
    )


def day_year(anchor: date, month: int, day: int, direction: int) -> int:
    """The year of "June 2" said without one: the occurrence nearest the anchor."""
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append((y, date(y, month, day)))
        except ValueError:
            continue
    return closest_year(anchor, candidates, direction) if candidates else anchor.year
