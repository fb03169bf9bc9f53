"""The watch's state in the store: followed sources, seen items, rounds, pending snapshots and
changes (tables ``watch_*``, migration 0003), so a restart resumes without fetching again.

Crash safety comes from the order of writes, each its own transaction: an item is marked seen
only after its article is stored, a source's validators are kept only after all its items are,
and a storyline's analysis is copied to ``watch_pending`` before it is replaced and removed only
in the transaction that records its changes. A round killed anywhere is finished by the next one:
it asks again for what was not marked, finds stored articles unchanged, and compares against the
pending copy rather than the new analysis.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Text, and_, cast, delete, func, insert, select, update

from parallax.store import Store
from parallax.store.schema import (
    article_analyses,
    assignments,
    storylines,
    watch_changes,
    watch_items,
    watch_pending,
    watch_rounds,
    watch_sources,
)
from parallax.watch.changes import Change
from parallax.watch.sources import Item, Listing, Source

#: A source that keeps failing waits ``every * 2**(failures-1)``, at most this long.
MAX_BACKOFF = timedelta(hours=6)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes for what was stored as UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class WatchState:
    """Reads and writes the ``watch_*`` tables of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- sources -------------------------------------------------------------------------------

    def register(self, sources: Sequence[Source]) -> None:
        """Add new sources and refresh the settings of known ones; their state is kept."""
        now = _now()
        with self.engine.begin() as c:
            known = {r.id: r for r in c.execute(select(watch_sources.c.id, watch_sources.c.kind))}
            for s in sources:
                if s.id in known:
                    values: dict[str, Any] = {"settings": s.settings()}
                    if s.kind:
                        values["kind"] = s.kind
                    c.execute(update(watch_sources).where(watch_sources.c.id == s.id).values(**values))
                else:
                    row = {"id": s.id, "location": s.location, "kind": s.kind or "url", "settings": s.settings()}
                    c.execute(insert(watch_sources).values(**row, failures=0, added_at=now))

    def sources(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            rows = [dict(r._mapping) for r in c.execute(select(watch_sources).order_by(watch_sources.c.location))]
        for r in rows:
            for key in ("last_checked_at", "last_ok_at", "next_due_at", "added_at"):
                r[key] = _aware(r[key])
        return rows

    def source(self, source_id: str) -> dict[str, Any] | None:
        return next((r for r in self.sources() if r["id"] == source_id), None)

    def backing_off(self, source_id: str, now: datetime | None = None) -> datetime | None:
        """Until when a failing source waits (None: it may be asked now)."""
        row = self.source(source_id)
        if row is None or not row["failures"] or row["next_due_at"] is None:
            return None
        return row["next_due_at"] if row["next_due_at"] > (now or _now()) else None

    def source_done(self, listing: Listing, every: float) -> None:
        """Keep a source's outcome after its items are stored: validators and the next due time
        on success (old validators while items wait for a retry), back-off on failure."""
        now = _now()
        s = listing.source
        values: dict[str, Any] = {"last_checked_at": now}
        if listing.kind:
            values["kind"] = listing.kind
        if listing.failure is not None:
            row = self.source(s.id)
            failures = int(row["failures"] if row else 0) + 1
            wait = min(timedelta(seconds=every * 2 ** (failures - 1)), MAX_BACKOFF)
            values.update(failures=failures, last_error=str(listing.failure), next_due_at=now + wait)
        else:
            values.update(failures=0, last_error=None, last_ok_at=now, next_due_at=now + timedelta(seconds=every))
            if not listing.incomplete:
                values.update(etag=listing.etag, last_modified=listing.last_modified)
        with self.engine.begin() as c:
            c.execute(update(watch_sources).where(watch_sources.c.id == s.id).values(**values))

    # -- items ---------------------------------------------------------------------------------

    def seen_versions(self, source_id: str, key_hashes: Sequence[str]) -> dict[str, str]:
        """The stored version of each of these items seen before (a primary-key lookup each, so
        the cost follows the items asked about, not how many the source ever listed)."""
        out: dict[str, str] = {}
        cols = (watch_items.c.key_hash, watch_items.c.version)
        with self.engine.connect() as c:
            for chunk in _chunks(key_hashes):
                query = select(*cols).where(watch_items.c.source_id == source_id, watch_items.c.key_hash.in_(chunk))
                out.update({k: v for k, v in c.execute(query)})
        return out

    def mark_seen(self, source_id: str, item: Item, article_ids: Sequence[str], round_id: int) -> None:
        """Record an item as stored at its version; called after its articles are written."""
        values = {
            "key": item.key,
            "version": item.version,
            "article_id": article_ids[0] if article_ids else None,
            "round": round_id,
            "seen_at": _now(),
        }
        key = and_(watch_items.c.source_id == source_id, watch_items.c.key_hash == item.key_hash)
        with self.engine.begin() as c:
            if c.execute(select(watch_items.c.version).where(key)).first() is None:
                c.execute(insert(watch_items).values(source_id=source_id, key_hash=item.key_hash, **values))
            else:
                c.execute(update(watch_items).where(key).values(**values))

    def unplaced_from_unfinished_rounds(self) -> list[str]:
        """Articles stored by rounds that never finished and not yet placed into a storyline."""
        unfinished = select(watch_rounds.c.id).where(watch_rounds.c.status != "done")
        query = (
            select(watch_items.c.article_id)
            .outerjoin(assignments, assignments.c.article_id == watch_items.c.article_id)
            .where(watch_items.c.round.in_(unfinished), watch_items.c.article_id.is_not(None))
            .where(assignments.c.article_id.is_(None))
        )
        with self.engine.connect() as c:
            return sorted(set(c.execute(query).scalars()))

    def publication_order(self, ids: Iterable[str]) -> list[str]:
        """Articles by publication day, then id: the order they are placed in, so a resumed round
        places them exactly as an uninterrupted one would."""
        info = self.store.article_heads(list(ids))
        return sorted(info, key=lambda a: (info[a].published or "9999", a))

    # -- analysis --------------------------------------------------------------------------------

    def mark_stale(self, ids: Sequence[str]) -> None:
        """Edited articles: their storylines are analysed again (``Store.save`` marks them)."""
        self.store.mark_stale(ids)

    def stale_storylines(self) -> list[str]:
        """Storylines whose articles changed since their analysis: what ``analyze_stored`` will do."""
        return self.store.stale_storylines()

    def snapshot(self, storyline_id: str) -> dict[str, Any] | None:
        """An online storyline's analysis as stored now (the dossier storylines holding its
        articles, each article's outlet), or None when none of it is analysed yet."""
        with self.engine.connect() as c:
            query = select(assignments.c.article_id).where(assignments.c.storyline_id == storyline_id)
            members = list(c.execute(query).scalars())
        return self.snapshot_of(members)

    def snapshot_of(self, article_ids: Sequence[str]) -> dict[str, Any] | None:
        """What these articles are analysed as now (the dossier storylines holding any of them,
        each article's outlet), or None when none of them is analysed."""
        lines: dict[str, Any] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(article_ids):
                query = select(article_analyses.c.storyline_id).where(article_analyses.c.article_id.in_(chunk))
                ids = set(c.execute(query).scalars()) - set(lines)
                if ids:
                    found = select(storylines.c.id, storylines.c.data).where(storylines.c.id.in_(ids))
                    lines.update({sid: data for sid, data in c.execute(found)})
        if not lines:
            return None
        covered = sorted({a for line in lines.values() for a in line["articles"]})
        outlet_of = {aid: a.outlet_label for aid, a in self.store.article_heads(covered).items()}
        return {"lines": [lines[k] for k in sorted(lines)], "outlet_of": outlet_of}

    def pending(self) -> dict[str, tuple[int, dict[str, Any] | None]]:
        with self.engine.connect() as c:
            return {r.storyline_id: (r.round, r.before) for r in c.execute(select(watch_pending))}

    def keep_before(self, round_id: int, storyline_ids: Iterable[str]) -> None:
        """Copy each storyline's analysis aside before it is replaced (unless a killed round
        already did: that copy is the true "before")."""
        self.keep_before_placing(round_id, {sid: None for sid in storyline_ids})

    def keep_before_placing(self, round_id: int, members: Mapping[str, Sequence[str] | None]) -> None:
        """``keep_before`` for storylines about to be written by placing, given the articles each
        will hold: their analysis as stored now is the "before", whichever storylines held them
        (placing drops a storyline whose articles went elsewhere, or whose id changed because an
        earlier article joined, and its analysis with it). ``None``: the storyline's articles as
        placed now."""
        waiting = set(self.pending())
        for sid, ids in members.items():
            if sid in waiting:
                continue
            before = self.snapshot(sid) if ids is None else self.snapshot_of(ids)
            with self.engine.begin() as c:
                c.execute(insert(watch_pending).values(storyline_id=sid, round=round_id, before=before))

    # -- rounds and changes --------------------------------------------------------------------

    def start_round(self) -> int:
        with self.engine.begin() as c:
            c.execute(update(watch_rounds).where(watch_rounds.c.status == "running").values(status="interrupted"))
            result = c.execute(insert(watch_rounds).values(started_at=_now(), status="running", counts={}, errors=[]))
            return int(result.inserted_primary_key[0])

    def finish_round(
        self,
        round_id: int,
        changes: Sequence[Change],
        done: Iterable[str],
        counts: Mapping[str, int],
        errors: Sequence[str],
    ) -> None:
        """Record the changes, drop the pending copies they came from and close the round: one
        transaction, so the changes are written exactly once."""
        now = _now()
        with self.engine.begin() as c:
            if changes:
                c.execute(
                    insert(watch_changes),
                    [
                        {"round": x.round, "storyline_id": x.storyline, "kind": x.kind.value, "what": x.what,
                         "data": x.data(), "created_at": now}
                        for x in changes
                    ],
                )  # fmt: skip
            done = list(done)
            for chunk in _chunks(done):
                c.execute(delete(watch_pending).where(watch_pending.c.storyline_id.in_(chunk)))
            c.execute(
                update(watch_rounds)
                .where(watch_rounds.c.id == round_id)
                .values(status="done", finished_at=now, counts=dict(counts), errors=list(errors))
            )

    def rounds(self, limit: int = 10) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            rows = c.execute(select(watch_rounds).order_by(watch_rounds.c.id.desc()).limit(limit))
            out = [dict(r._mapping) for r in rows]
        for r in out:
            r["started_at"], r["finished_at"] = _aware(r["started_at"]), _aware(r["finished_at"])
        return out

    def changes(
        self,
        storylines: Sequence[str] | None = None,
        *,
        since: datetime | None = None,
        after_id: int = 0,
        limit: int = 200,
    ) -> list[tuple[int, datetime, Change]]:
        """Changes newest round first, in the order the round recorded them (a storyline's news before
        its details): ``(id, recorded at, change)``, optionally of some storylines, recorded at or
        after ``since``, or with an id above ``after_id``."""
        query = select(watch_changes).where(watch_changes.c.id > after_id)
        if storylines is not None:
            query = query.where(watch_changes.c.storyline_id.in_(list(storylines)))
        if since is not None:
            query = query.where(watch_changes.c.created_at >= since)
        query = query.order_by(watch_changes.c.round.desc(), watch_changes.c.id).limit(limit)
        with self.engine.connect() as c:
            rows = list(c.execute(query))
        return [
            (r.id, _aware(r.created_at), Change.from_data(r.kind, r.storyline_id, r.round, r.what, r.data))
            for r in rows
        ]

    def last_change_id(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.max(watch_changes.c.id))).scalar() or 0)

    def online_storylines(self, storyline_id: str) -> list[str]:
        """The online storylines (the ids changes are kept under) of a storyline id as the web
        app knows it: itself when it is one, else those holding its analysed articles, else those
        it became (its id changed, or it was merged); with the ids each of those was known by
        before (``Change.was``), so a storyline's changes read as one history under any of its ids."""
        with self.engine.connect() as c:
            own = select(assignments.c.article_id).where(assignments.c.storyline_id == storyline_id).limit(1)
            if c.execute(own).first():
                lines = [storyline_id]
            else:
                query = (
                    select(assignments.c.storyline_id)
                    .join(article_analyses, article_analyses.c.article_id == assignments.c.article_id)
                    .where(article_analyses.c.storyline_id == storyline_id)
                    .distinct()
                )
                lines = sorted(c.execute(query).scalars()) or self._successors(c, storyline_id)
            return sorted(self._predecessors(c, lines)) if lines else []

    @staticmethod
    def _successors(c: Any, storyline_id: str) -> list[str]:
        """The storylines whose changes say they were ``storyline_id`` before, followed to the
        ones that still exist (a storyline renamed twice is found from its first id)."""
        out: set[str] = set()
        todo, done = [storyline_id], set()
        while todo:
            sid = todo.pop()
            done.add(sid)
            pattern = "%" + json.dumps(sid).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = select(watch_changes.c.storyline_id, watch_changes.c.data).where(
                cast(watch_changes.c.data, Text).like(pattern, escape="\\")
            )
            found = {line for line, data in c.execute(query) if sid in ((data or {}).get("was") or ())}
            for line in found - done:
                alive = select(assignments.c.article_id).where(assignments.c.storyline_id == line).limit(1)
                if c.execute(alive).first():
                    out.add(line)
                todo.append(line)
        return sorted(out)

    @staticmethod
    def _predecessors(c: Any, lines: Iterable[str]) -> set[str]:
        """``lines`` and every id their changes say they were known by before, transitively."""
        out, todo = set(lines), list(lines)
        while todo:
            query = select(watch_changes.c.data).where(watch_changes.c.storyline_id == todo.pop())
            for data in c.execute(query).scalars():
                for old in (data or {}).get("was") or ():
                    if old not in out:
                        out.add(old)
                        todo.append(old)
        return out

    def health(self) -> dict[str, Any]:
        """Last round, errors per source and the queue: for ``/api/health`` and ``--status``."""
        now = _now()
        sources = self.sources()
        rounds = self.rounds(1)
        due = [s for s in sources if s["next_due_at"] is None or s["next_due_at"] <= now]
        pending = len(self.pending()) + len(self.stale_storylines())
        last = rounds[0] if rounds else None
        return {
            "last_round": None
            if last is None
            else {
                "id": last["id"],
                "status": last["status"],
                "started_at": last["started_at"].isoformat() if last["started_at"] else None,
                "finished_at": last["finished_at"].isoformat() if last["finished_at"] else None,
                "counts": last["counts"],
                "errors": last["errors"],
            },
            "sources": [
                {
                    "location": s["location"],
                    "kind": s["kind"],
                    "failures": s["failures"],
                    "last_error": s["last_error"],
                    "last_ok_at": s["last_ok_at"].isoformat() if s["last_ok_at"] else None,
                    "next_due_at": s["next_due_at"].isoformat() if s["next_due_at"] else None,
                }
                for s in sources
            ],
            "queue": {"sources_due": len(due), "storylines_to_analyse": pending},
            "queue_length": len(due) + pending,
        }


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
