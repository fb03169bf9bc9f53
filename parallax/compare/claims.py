"""The fact ledger: every fact the articles of a storyline report, cross-checked.

A fact reported by one article is ``single-source``; by several, ``agreed`` when the reports say the
same, ``compatible`` when they differ only by hedging or rounding ("nearly 3,000" / "3,000"), and
``conflict`` when the figures cannot both be right. ``omitted_by`` lists the articles that cover
the same event but leave the fact out.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import combinations

from parallax.annotate.timex.resolve import weekday_date
from parallax.compare.align import Embed, align
from parallax.compare.facts import FactUnit, fact_units, leans_on_context
from parallax.compare.sources import independent_sources
from parallax.compare.statements import headline
from parallax.compare.values import interval, relate
from parallax.model import Article, Claim, Report, Status


def _status(units: list[FactUnit]) -> Status:
    if len({u.article for u in units}) == 1:
        return Status.SINGLE_SOURCE
    quantities = [u.quantity for u in units if u.quantity is not None]
    if len(quantities) < 2:
        return Status.AGREED
    relations = {relate(a, b) for a, b in combinations(quantities, 2)}
    if "conflict" in relations:
        return Status.CONFLICT
    return Status.AGREED if relations == {"agreed"} else Status.COMPATIBLE


#: Within one day a developing count moves by a little as it is updated ("38" in the morning, "at
#: least 41" by evening); two figures of one day further apart than this share are two accounts of
#: the same moment (the authorities' 29 against the wire's 38): a conflict.
SAME_DAY_DRIFT = 0.15


def _gap(a: FactUnit, b: FactUnit) -> float:
    """How far apart two figures are, as a share of the larger (0 when their intervals meet)."""
    assert a.quantity is not None and b.quantity is not None
    lo1, hi1 = interval(a.quantity)
    lo2, hi2 = interval(b.quantity)
    low, high = (hi1, lo2) if hi1 < lo2 else (hi2, lo1)
    return max(0.0, (high - low) / high) if high > 0 else 0.0


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEKDAY = re.compile(r"XXXX-WXX-([1-7])")


def given_for(unit: FactUnit, day: Mapping[str, str | None]) -> str | None:
    """The day a figure is given for: the one day its clause names ("put the toll at 57 on
    Saturday": a figure of another report quoted days later; a bare weekday is the last one on or
    before its article's day), else its article's day."""
    own = day.get(unit.article)
    named: set[str] = set()
    for value in unit.dates:
        if _DAY.fullmatch(value):
            named.add(value)
        elif (m := _WEEKDAY.fullmatch(value)) and own is not None and _DAY.fullmatch(own):
            named.add(weekday_date(date.fromisoformat(own), int(m[1]), -1).isoformat())
    return next(iter(named)) if len(named) == 1 else own


def _disputes(units: list[FactUnit], when: Sequence[str | None]) -> list[tuple[int, int]]:
    """Pairs of a developing figure's reports that contradict each other: given for the same day
    (``when``, per unit, or an unknown one) and further apart than a count moves within a day."""
    out = []
    for i, j in combinations(range(len(units)), 2):
        a, b = units[i], units[j]
        if a.quantity is None or b.quantity is None or relate(a.quantity, b.quantity) != "conflict":
            continue
        da, db = when[i], when[j]
        if (da is None or db is None or da == db) and _gap(a, b) > SAME_DAY_DRIFT:
            out.append((i, j))
    return out


def _value(unit: FactUnit) -> float:
    return unit.quantity.value or 0.0 if unit.quantity is not None else 0.0


def readings(units: list[FactUnit], day: Mapping[str, str | None]) -> list[tuple[list[FactUnit], Status]]:
    """The facts one aligned group reads as, with their status. Mostly the group itself; but a
    developing figure (a toll, a tally) reported on several days is *updated*, its reports in date
    order, a later one superseding an earlier one; and where reports of one day dispute each
    other, those reports are also a conflict of their own."""
    status = _status(units)
    developing = all(u.measure is not None and u.measure.developing for u in units)
    when = [given_for(u, day) for u in units]
    if status is not Status.CONFLICT or not developing or len(set(when)) < 2:
        return [(units, status)]
    disputes = _disputes(units, when)
    disputed: set[int] = set()
    remaining = list(disputes)
    values = sorted(u.quantity.value or 0.0 for u in units if u.quantity is not None)
    median = values[len(values) // 2]
    while remaining:  # the figure most at odds with the others (then: furthest from the median)
        counts = Counter(k for pair in remaining for k in pair)
        worst = max(counts, key=lambda k: (counts[k], abs((_value(units[k])) - median), -k))
        disputed.add(worst)
        remaining = [p for p in remaining if worst not in p]
    kept = sorted((k for k in range(len(units)) if k not in disputed), key=lambda k: (when[k] or "", units[k].article))
    series = [units[k] for k in kept]
    out: list[tuple[list[FactUnit], Status]] = []
    if len({when[k] for k in kept}) > 1:
        out.append((series, Status.UPDATED))
    elif len(series) > 1:
        out.append((series, _status(series)))
    if disputes:
        involved = sorted({k for pair in disputes for k in pair})
        out.append(([units[k] for k in involved], Status.CONFLICT))
    return out


def _headline(units: Sequence[FactUnit]) -> FactUnit:
    """The report that says the fact best on its own: in the reporter's voice, not leaning on what
    comes before it, and short."""
    return min(units, key=lambda u: (leans_on_context(u.text), len(u.text), u.article, u.start))


def _claim_id(unit: FactUnit, status: Status) -> str:
    key = f"{unit.article}:{unit.start}:{unit.quantity.start if unit.quantity else ''}"
    if status is Status.UPDATED:  # one figure's series and the dispute within it are two facts
        key += ":updated"
    return "c" + hashlib.sha1(key.encode()).hexdigest()[:10]


def report_day(article: Article) -> str | None:
    """The day an article's figures are given for: its date, stated or inferred."""
    return article.published or article.published_inferred.date


def fact_ledger(articles: Sequence[Article], embed: Embed, *, event_of: Mapping[str, str] | None = None) -> list[Claim]:
    """Cross-check the facts of ``articles`` (one storyline). ``event_of`` maps article id → event id;
    articles of the same event that do not report a fact are listed as omitting it."""
    by_id = {a.id: a for a in articles}
    event_of = event_of or {}
    day = {a.id: report_day(a) for a in articles}
    units = [u for a in articles for u in fact_units(a)]
    # the articles of each event, for the omissions of every fact (not a pass over all articles each)
    in_event: dict[str, list[str]] = {}
    for a in articles:
        if (e := event_of.get(a.id)) is not None:
            in_event.setdefault(e, []).append(a.id)
    claims: list[Claim] = []
    for group in align(units, embed, event_of=event_of):
        for members, status in readings([units[i] for i in group], day):
            reporters = sorted({u.article for u in members})
            events = {event_of.get(a) for a in reporters} - {None}
            omitted = sorted(a for e in events for a in in_event.get(e, ()) if a not in reporters)
            order = (
                (lambda u: (given_for(u, day) or "", u.article, u.start))
                if status is Status.UPDATED
                else (lambda u: (u.article, u.start))
            )
            reports = tuple(
                Report(u.article, u.start, u.end, u.text, u.quantity.text if u.quantity else None)
                for u in sorted(members, key=order)
            )
            lead = _headline(members)
            claims.append(
                Claim(
                    id=_claim_id(lead, status),
                    text=headline(by_id[lead.article], lead.start, lead.end),
                    status=status,
                    reports=reports,
                    omitted_by=tuple(omitted),
                    independent_sources=independent_sources(reporters, by_id),
                )
            )
    claims.sort(key=lambda c: (-len(c.articles), c.status is not Status.CONFLICT, c.id))
    return claims
