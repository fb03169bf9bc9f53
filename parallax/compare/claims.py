"""The fact ledger: every fact the articles of a storyline report, cross-checked.

A fact reported by one article is ``single-source``; by several, ``agreed`` when the reports say the
same, ``compatible`` when they differ only by hedging or rounding ("nearly 3,000" / "3,000"), and
``conflict`` when the figures cannot both be right. ``omitted_by`` lists the articles that cover
the same event but leave the fact out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from itertools import combinations

from parallax.compare.align import Embed, align
from parallax.compare.facts import FactUnit, fact_units, leans_on_context
from parallax.compare.sources import independent_sources
from parallax.compare.values import relate
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


def _headline(units: Sequence[FactUnit]) -> FactUnit:
    """The report that says the fact best on its own: in the reporter's voice, not leaning on what
    comes before it, and short."""
    return min(units, key=lambda u: (leans_on_context(u.text), len(u.text), u.article, u.start))


def _claim_id(unit: FactUnit) -> str:
    key = f"{unit.article}:{unit.start}:{unit.quantity.start if unit.quantity else ''}"
    return "c" + hashlib.sha1(key.encode()).hexdigest()[:10]


def fact_ledger(articles: Sequence[Article], embed: Embed, *, event_of: Mapping[str, str] | None = None) -> list[Claim]:
    """Cross-check the facts of ``articles`` (one storyline). ``event_of`` maps article id → event id;
    articles of the same event that do not report a fact are listed as omitting it."""
    by_id = {a.id: a for a in articles}
    event_of = event_of or {}
    units = [u for a in articles for u in fact_units(a)]
    claims: list[Claim] = []
    for group in align(units, embed, event_of=event_of):
        members = [units[i] for i in group]
        reporters = sorted({u.article for u in members})
        events = {event_of.get(a) for a in reporters} - {None}
        omitted = sorted(a.id for a in articles if a.id not in reporters and event_of.get(a.id) in events)
        reports = tuple(
            Report(u.article, u.start, u.end, u.text, u.quantity.text if u.quantity else None)
            for u in sorted(members, key=lambda u: (u.article, u.start))
        )
        lead = _headline(members)
        claims.append(
            Claim(
                id=_claim_id(lead),
                text=lead.text,
                status=_status(members),
                reports=reports,
                omitted_by=tuple(omitted),
                independent_sources=independent_sources(reporters, by_id),
            )
        )
    claims.sort(key=lambda c: (-len(c.articles), c.status is not Status.CONFLICT, c.id))
    return claims
