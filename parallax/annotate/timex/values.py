"""The interval of days a TIMEX3 value covers (for timelines and date bounds)."""

from __future__ import annotations

import re
from datetime import date, timedelta


def interval_of(value: str) -> tuple[str | None, str | None]:
    """``(earliest, latest)`` ISO days for a calendar value; ``(None, None)`` for anything else."""
    try:
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
        if m:
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d.isoformat(), d.isoformat()
        m = re.match(r"^(\d{4})-(\d{2})$", value)
        if m:
            first = date(int(m[1]), int(m[2]), 1)
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first.isoformat(), (nxt - timedelta(days=1)).isoformat()
        m = re.match(r"^(\d{4})-W(\d{2})", value)
        if m:
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return first.isoformat(), (first + timedelta(days=6)).isoformat()
        m = re.match(r"^(\d{4})-Q([1-4])$", value)
        if m:
            q = int(m[2])
            first = date(int(m[1]), 3 * q - 2, 1)
            last = date(int(m[1]) + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
            return first.isoformat(), last.isoformat()
        m = re.match(r"^(\d{4})-H([12])$", value)
        if m:
            return (f"{m[1]}-01-01", f"{m[1]}-06-30") if m[2] == "1" else (f"{m[1]}-07-01", f"{m[1]}-12-31")
        m = re.match(r"^(\d{4})$", value)
        if m:
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
    except ValueError:
        return None, None
    return None, None
