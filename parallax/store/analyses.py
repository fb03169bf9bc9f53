"""Storylines and their analyses in the store: the ``Storyline`` record as the dossier codec writes
it (``storylines.data``, what pages and reports load), and the same records row by row in the
analysis tables (events, facts, reports, omissions, mentions, quotes, quote groups, timeline), what
SQL queries across storylines read. Both are written here, in the caller's transaction, so they
never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, true, update

from parallax.export.dossier import article_from_json, article_to_json, storyline_from_json, storyline_to_json
from parallax.model import Article, Status, Storyline
from parallax.store.schema import (
    article_analyses,
    events,
    fact_omissions,
    fact_reports,
    facts,
    mentions,
    quote_groups,
    quote_renderings,
    quotes,
    storylines,
    timeline_entries,
    timeline_sources,
)


def chunks(ids: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    """``ids`` in slices small enough for one ``IN (...)`` clause on every database."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _header(storyline: Storyline, members: Sequence[Article], now: datetime) -> dict[str, Any]:
    """The ``storylines`` row: counts and dates for listing without loading the record."""
    days = sorted(a.published for a in members if a.published)
    return {
        "id": storyline.id,
        "title": storyline.title,
        "data": storyline_to_json(storyline),
        "n_articles": len(storyline.articles),
        "n_outlets": len({a.outlet_label for a in members}) or len(storyline.articles),
        "n_conflicts": storyline.count(Status.CONFLICT),
        "first_date": days[0] if days else None,
        "last_date": days[-1] if days else None,
        "analysed_at": now,
        "analysed": storyline.analysed,
        "n_facts": len(storyline.claims) if storyline.analysed else None,
    }


def delete_storylines(c: Connection, ids: Iterable[str]) -> None:
    """Remove storylines with everything hanging from them (the foreign keys cascade)."""
    for chunk in chunks(sorted(set(ids))):
        c.execute(delete(storylines).where(storylines.c.id.in_(chunk)))


def write_placed(c: Connection, storyline: Storyline, members: Sequence[Article]) -> None:
    """Keep a storyline as placed: its articles and events, not yet cross-checked. An analysis kept
    under its id stays (it covers the articles it names) and the row is marked not analysed."""
    header = _header(storyline, members, datetime.now(UTC))
    kept = c.execute(select(storylines.c.data).where(storylines.c.id == storyline.id)).scalar()
    if kept is None:
        c.execute(insert(storylines).values(**header))
    else:
        if kept.get("analysed"):
            header = {k: v for k, v in header.items() if k not in ("data", "n_conflicts", "n_facts", "analysed_at")}
        c.execute(update(storylines).where(storylines.c.id == storyline.id).values(**header))
    c.execute(delete(events).where(events.c.storyline_id == storyline.id))
    _write_events(c, storyline)


def write_analysed(c: Connection, storyline: Storyline, members: Sequence[Article]) -> None:
    """Keep an analysed storyline, its analysed articles and the analysis row by row, replacing
    whatever the store held under its id or for these articles."""
    ids = [a.id for a in members]
    stale = set()
    for chunk in chunks(ids):
        query = select(article_analyses.c.storyline_id).where(article_analyses.c.article_id.in_(chunk))
        stale.update(c.execute(query).scalars())
    delete_storylines(c, stale | {storyline.id})
    c.execute(insert(storylines).values(**_header(storyline, members, datetime.now(UTC))))
    _write_events(c, storyline)
    event_of = {aid: e.id for e in storyline.events for aid in e.articles}
    for a in members:
        c.execute(
            insert(article_analyses).values(
                article_id=a.id, storyline_id=storyline.id, event_id=event_of.get(a.id, ""), data=article_to_json(a)
            )
        )
    tabulate(c, storyline, members)


def _write_events(c: Connection, storyline: Storyline) -> None:
    rows = [
        {"id": e.id, "storyline_id": storyline.id, "title": e.title, "date": e.date, "n_articles": len(e.articles)}
        for e in storyline.events
    ]
    if rows:
        c.execute(delete(events).where(events.c.id.in_([r["id"] for r in rows])))
        c.execute(insert(events), rows)


def tabulate(c: Connection, storyline: Storyline, members: Sequence[Article]) -> None:
    """The analysis tables' rows of an analysed storyline and its articles."""
    sid = storyline.id
    rows: dict[Any, list[dict[str, Any]]] = {table: [] for table in _ROW_TABLES}
    for claim in storyline.claims:
        rows[facts].append(
            {
                "storyline_id": sid,
                "id": claim.id,
                "text": claim.text,
                "status": claim.status.value,
                "independent_sources": claim.independent_sources,
                "n_articles": len(claim.articles),
            }
        )
        rows[fact_reports] += [
            {
                "storyline_id": sid,
                "fact_id": claim.id,
                "article_id": r.article,
                "start_char": r.start,
                "end_char": r.end,
                "text": r.text,
                "value": r.value,
            }
            for r in claim.reports
        ]
        rows[fact_omissions] += [{"storyline_id": sid, "fact_id": claim.id, "article_id": a} for a in claim.omitted_by]
    for number, group in enumerate(storyline.quote_groups):
        rows[quote_groups].append({"storyline_id": sid, "number": number, "speaker": group.speaker})
        rows[quote_renderings] += [
            {
                "storyline_id": sid,
                "group_number": number,
                "article_id": q.article,
                "start_char": q.start,
                "end_char": q.end,
                "text": q.text,
            }
            for q in group.quotes
        ]
    for number, entry in enumerate(storyline.timeline):
        rows[timeline_entries].append(
            {
                "storyline_id": sid,
                "number": number,
                "date": entry.date,
                "earliest": entry.earliest,
                "latest": entry.latest,
                "text": entry.text,
                "provenance": entry.provenance,
            }
        )
        rows[timeline_sources] += [
            {
                "storyline_id": sid,
                "entry_number": number,
                "article_id": s.article,
                "start_char": s.start,
                "end_char": s.end,
                "time_start": s.time_start,
                "time_end": s.time_end,
                "provenance": s.provenance,
            }
            for s in entry.sources
        ]
    for a in members:
        rows[mentions] += [
            {
                "article_id": a.id,
                "start_char": m.start,
                "end_char": m.end,
                "text": m.text,
                "label": m.label,
                "canonical": m.canonical,
            }
            for m in a.mentions
        ]
        rows[quotes] += [
            {
                "article_id": a.id,
                "start_char": q.start,
                "end_char": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "source_start": q.source_start,
                "source_end": q.source_end,
                "direct": q.direct,
                "cue": q.cue,
                "statement": q.statement,
            }
            for q in a.quotes
        ]
    for table in _ROW_TABLES:  # parents before children
        if rows[table]:
            c.execute(insert(table), rows[table])
    c.execute(update(storylines).where(storylines.c.id == sid).values(n_facts=len(storyline.claims)))


_ROW_TABLES = (
    facts,
    fact_reports,
    fact_omissions,
    quote_groups,
    quote_renderings,
    timeline_entries,
    timeline_sources,
    mentions,
    quotes,
)


def backfill(c: Connection) -> int:
    """Write the analysis rows of analysed storylines that have none yet (kept by a store made
    before the tables existed); returns how many storylines were filled."""
    legacy = (storylines.c.n_facts.is_(None)) & (storylines.c.analysed == true())
    pending = list(c.execute(select(storylines.c.id, storylines.c.data).where(legacy)))
    filled = 0
    for sid, data in pending:
        storyline = storyline_from_json({**data, "analysed": True})
        members = [
            article_from_json(d)
            for d in c.execute(select(article_analyses.c.data).where(article_analyses.c.storyline_id == sid)).scalars()
        ]
        c.execute(update(storylines).where(storylines.c.id == sid).values(data=storyline_to_json(storyline)))
        _write_events(c, storyline)
        tabulate(c, storyline, members)
        filled += 1
    return filled
