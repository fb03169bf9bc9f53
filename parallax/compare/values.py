"""How two reported numbers relate: the same, compatible up to hedging or rounding, or in conflict.

Each report becomes an interval: "3,000" is 3,000 (give or take rounding of a round number),
"nearly 3,000" is 2,700–3,000, "more than 1 million" is 1 million upwards, "up to 1,200" is 0–1,200.
Two reports are compatible when their intervals meet.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from parallax.model import Quantity

Relation = Literal["agreed", "compatible", "conflict"]

BELOW = frozenset({"nearly", "almost", "just under", "close to"})
AROUND = frozenset({"about", "around", "approximately", "roughly", "some", "an estimated", "estimated"})
AT_LEAST = frozenset(
    {
        "more than",
        "over",
        "at least",
        "upwards of",
        "just over",
        "well over",
        "in excess of",
        "no fewer than",
        "no less than",
    }
)
AT_MOST = frozenset({"less than", "fewer than", "under", "up to", "at most", "as many as", "no more than"})
APPROX = 0.1


def _rounding(v: float) -> float:
    """How far a round figure may lie from the value it rounds: "$43,000" for a $43,350 watch, "3,000"
    for 2,960 bodies; a figure written to the unit ("38") is exact. Less than half the step, so that
    two neighbouring round figures ("$2,000", "$3,000") still differ."""
    for step in (1e6, 1e5, 1e4, 1e3, 100):
        if v >= step * 2 and v % step == 0:
            return step * 0.4
    return 0.0


def interval(q: Quantity) -> tuple[float, float]:
    v = q.value or 0.0
    if q.low is not None and q.high is not None:
        return q.low, q.high
    h = q.hedge or ""
    if h in BELOW:
        return v * (1 - APPROX), v
    if h in AROUND:
        return v * (1 - APPROX), v * (1 + APPROX)
    if h in AT_LEAST:
        return v, float("inf")
    if h in AT_MOST:
        return 0.0, v
    r = _rounding(v)
    return v - r, v + r


def relate(a: Quantity, b: Quantity) -> Relation:
    if a.value == b.value and (a.hedge or "") == (b.hedge or "") and (a.low, a.high) == (b.low, b.high):
        return "agreed"
    lo1, hi1 = interval(a)
    lo2, hi2 = interval(b)
    return "compatible" if lo1 <= hi2 and lo2 <= hi1 else "conflict"


def same_magnitude(a: Quantity, b: Quantity, ratio: float = 1.6) -> bool:
    """Could these be two reports of one figure (then a difference is a conflict, not a new fact)?"""
    va, vb = a.value or 0.0, b.value or 0.0
    if va <= 0 or vb <= 0:
        return va == vb
    return max(va, vb) / min(va, vb) <= ratio


#: Small counts are misreported by a few units ("5" for "12"), larger figures by a share.
SMALL_COUNT = 20
SMALL_DIFFERENCE = 10
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def written(q: Quantity) -> tuple[float, float] | None:
    """The number as written and the scale it is read at: "$2 million" is (2, 1e6), "4.5bn" (4.5, 1e9),
    "38" (38, 1); None when the text holds no digits."""
    m = _DIGITS.search(q.text)
    if m is None or not q.value:
        return None
    shown = float(m.group().replace(",", ""))
    return (shown, q.value / shown) if shown else None


def plausible_misreport(a: Quantity, b: Quantity) -> bool:
    """Whether two different figures are near enough to be two reports of one value, one of them
    wrong or outdated, rather than two different things that happen to share words. A number is
    misreported as written: "$9 million" for "$2 million" is the small count's slip at the scale
    both outlets wrote."""
    va, vb = a.value or 0.0, b.value or 0.0
    if max(va, vb) < SMALL_COUNT:
        return abs(va - vb) <= SMALL_DIFFERENCE
    wa, wb = written(a), written(b)
    if wa and wb and wa[1] > 1 and math.isclose(wa[1], wb[1]) and max(wa[0], wb[0]) < SMALL_COUNT:
        return abs(wa[0] - wb[0]) <= SMALL_DIFFERENCE
    return same_magnitude(a, b, 2.0)
