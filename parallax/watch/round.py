"""A round of the watch: fetch what is new, ingest it, place it, re-analyse the storylines that
received it, and record what changed.

Fetching runs in a background thread (one event loop, every due source at once, politely per
host); each source's items are ingested here as soon as that source is done, so a slow or dead
host costs the round its timeout but never holds the others' articles back. The order of writes
makes a round crash-safe (see ``parallax.watch.state``).
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from parallax import pipeline
from parallax.errors import InputError, MissingDependency
from parallax.export.dossier import storyline_from_json
from parallax.ingest.batch import Cleaned, DuplicateLinker, clean_stream
from parallax.model import RawDocument, Storyline
from parallax.placement import Placer
from parallax.store import Store, raw_digest
from parallax.watch import webhook
from parallax.watch.changes import Change, diff, view
from parallax.watch.fetch import PoliteFetcher
from parallax.watch.sources import Item, Listing, Source, list_source
from parallax.watch.state import WatchState

DEFAULT_EVERY = 600.0
COUNTS = (
    "sources", "failed_sources", "skipped_sources", "not_modified", "items", "inserted", "updated", "unchanged",
    "failed", "placed", "analysed", "changes",
)  # fmt: skip


@dataclass(frozen=True)
class WatchOptions:
    """How the watch behaves; the fetcher settings are per host."""

    every: float = DEFAULT_EVERY
    delay: float = 1.0
    per_host: int = 2
    timeout: float = 20.0
    deadline: float = 60.0
    retries: int = 2
    backoff: float = 0.5
    robots: bool = True
    max_bytes: int = 20_000_000
    analyse: bool = True
    webhook: str | None = None
    webhook_secret: str | None = None


@dataclass
class RoundReport:
    """What one round did: counts, one line per problem, the changes, and where the time went."""

    round: int
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


class Watcher:
    """Runs rounds over ``sources`` into ``store``; keeps the duplicate linker between rounds."""

    def __init__(self, store: Store, sources: Sequence[Source], options: WatchOptions | None = None) -> None:
        self.store = store
        self.sources = list(sources)
        self.options = options or WatchOptions()
        self.state = WatchState(store)
        self.state.register(self.sources)
        self._linker: DuplicateLinker | None = None
        self.placer = Placer(store, save="amortised")

    def every(self, source: Source) -> float:
        return source.every or self.options.every

    def _linked(self) -> DuplicateLinker:
        """The duplicate linker primed with the store once per process, then kept up to date."""
        if self._linker is None:
            linker = DuplicateLinker()
            for article_id, content_hash, duplicate_of, signature, body in self.store.iter_link_keys():
                linker.prime(article_id, content_hash, duplicate_of, signature=signature, body=body)
            self._linker = linker
        return self._linker

    def due(self, *, all_sources: bool) -> tuple[list[Source], list[str]]:
        """Sources to ask now and a line per source left out because it is backing off.
        ``all_sources`` (one round for cron) ignores ``every`` but not the back-off."""
        now = datetime.now(UTC)
        rows = {r["id"]: r for r in self.state.sources()}
        chosen, notes = [], []
        for s in self.sources:
            row = rows.get(s.id) or {}
            next_due = row.get("next_due_at")
            if row.get("failures") and next_due and next_due > now:
                notes.append(
                    f"{s.location}: backing off after {row['failures']} failures until "
                    f"{next_due.isoformat(timespec='seconds')} (last: {row.get('last_error')})"
                )
                continue
            if all_sources or next_due is None or next_due <= now:
                chosen.append(s)
        return chosen, notes

    def round(self, *, all_sources: bool = True) -> RoundReport:
        started = time.perf_counter()
        round_id = self.state.start_round()
        report = RoundReport(round_id)
        due, notes = self.due(all_sources=all_sources)
        report.notes.extend(notes)
        report.counts["skipped_sources"] = len(notes)
        report.counts["sources"] = len(due)
        stored: list[str] = []
        t = time.perf_counter()
        self._fetch_and_ingest(due, round_id, report, stored)
        report.timings["fetch+ingest"] = time.perf_counter() - t
        changes: list[Change] = []
        done: list[str] = []
        if self.options.analyse:
            changes, done = self._analyse(round_id, stored, report)
        report.changes = changes
        report.counts["changes"] = len(changes)
        if self.options.webhook and changes:
            problem = webhook.send(self.options.webhook, self.options.webhook_secret or "", round_id, changes)
            if problem:
                report.errors.append(problem)
        self.state.finish_round(round_id, changes, done, report.counts, report.errors)
        report.seconds = time.perf_counter() - started
        return report

    # -- fetching and ingesting ------------------------------------------------------------------

    def _fetch_and_ingest(self, due: list[Source], round_id: int, report: RoundReport, stored: list[str]) -> None:
        rows = {r["id"]: r for r in self.state.sources()}
        results: queue.Queue[Listing | None] = queue.Queue()
        o = self.options

        async def fetch_all() -> None:
            async with PoliteFetcher(
                delay=o.delay, per_host=o.per_host, timeout=o.timeout, deadline=o.deadline,
                retries=o.retries, backoff=o.backoff, robots=o.robots, max_bytes=o.max_bytes,
            ) as fetcher:  # fmt: skip

                async def one(s: Source) -> None:
                    row = rows.get(s.id) or {}
                    known = row.get("kind")  # found on an earlier round: a feed that turns into a page is an error
                    kind_known = s if s.kind or known in (None, "url") else replace(s, kind=known)

                    async def seen(keys: Sequence[str]) -> dict[str, str]:
                        return await asyncio.to_thread(self.state.seen_versions, s.id, keys)

                    results.put(await list_source(kind_known, fetcher, seen, row.get("etag"), row.get("last_modified")))

                await asyncio.gather(*(one(s) for s in due))

        def run() -> None:
            try:
                asyncio.run(fetch_all())
            finally:
                results.put(None)

        thread = threading.Thread(target=run, name="parallax-watch-fetch", daemon=True)
        thread.start()
        while (listing := results.get()) is not None:
            self._ingest(listing, listing.seen, round_id, report, stored)
        thread.join()

    def _ingest(
        self, listing: Listing, seen: dict[str, str], round_id: int, report: RoundReport, stored: list[str]
    ) -> None:
        source = listing.source
        report.errors.extend(str(e) for e in listing.errors)
        if listing.failure is not None:
            report.errors.append(str(listing.failure))
            report.counts["failed_sources"] += 1
            self.state.source_done(listing, self.every(source))
            return
        if listing.not_modified:
            report.counts["not_modified"] += 1
        docs: list[tuple[Item, RawDocument]] = [(item, d) for item in listing.items for d in item.documents]
        left = {item.key_hash: len(item.documents) for item in listing.items}
        ids: dict[str, list[str]] = {item.key_hash: [] for item in listing.items}
        report.counts["items"] += len(listing.items)
        for item in listing.items:  # items with nothing to store (a page refused for good)
            if not item.documents:
                self.state.mark_seen(source.id, item, [], round_id)

        def unchanged(raw: RawDocument) -> bool:
            return self.store.has(raw.id, raw_digest(raw))

        results = clean_stream((d for _, d in docs), linker=self._linked(), skip=unchanged, chunk_size=len(docs) or 1)
        for (item, raw), result in zip(docs, results, strict=True):
            if isinstance(result, InputError):
                report.errors.append(str(result))
                report.counts["failed"] += 1
            elif isinstance(result, Cleaned):
                outcome = self.store.save(result.raw, result.article, minhash=result.signature)
                report.counts[outcome] += 1
                ids[item.key_hash].append(raw.id)
                stored.append(raw.id)
            else:
                report.counts["unchanged"] += 1
                ids[item.key_hash].append(raw.id)
                stored.append(raw.id)
            left[item.key_hash] -= 1
            if left[item.key_hash] == 0:
                if item.key_hash in seen:  # an edited item: its storyline is analysed again
                    self.state.mark_stale(ids[item.key_hash])
                self.state.mark_seen(source.id, item, ids[item.key_hash], round_id)
        self.state.source_done(listing, self.every(source))

    # -- placing, analysing, comparing -------------------------------------------------------------

    def _analyse(self, round_id: int, stored: list[str], report: RoundReport) -> tuple[list[Change], list[str]]:
        t = time.perf_counter()
        todo = self.state.publication_order({*stored, *self.state.unplaced_from_unfinished_rounds()})

        def keep_before(members: Mapping[str, Sequence[str]]) -> None:
            self.state.keep_before_placing(round_id, members)

        try:
            report.counts["placed"] = len(self.placer.place(todo, before_write=keep_before))
        except MissingDependency as e:
            report.notes.append(f"storylines and changes skipped: {e}")
            return [], []
        report.timings["place"] = time.perf_counter() - t
        report.timings.update({f"place:{k}": v for k, v in self.placer.timings.items()})
        t = time.perf_counter()
        self.state.keep_before(round_id, self.state.stale_storylines())  # edited articles, killed rounds
        report.timings["snapshot"] = time.perf_counter() - t
        t = time.perf_counter()
        try:
            analysed = pipeline.analyze_stored(self.store)
        except Exception as e:  # a stage failing on one storyline must not end the watch
            report.errors.append(f"analysis failed, kept for the next round: {type(e).__name__}: {e}")
            return [], []
        report.counts["analysed"] = len(analysed)
        report.timings["analyse"] = time.perf_counter() - t
        t = time.perf_counter()
        changes: list[Change] = []
        pending = self.state.pending()
        for sid in sorted(pending):
            before = pending[sid][1]
            after = self.state.snapshot(sid)
            if after is None:
                continue
            old = view(sid, _lines(before), before["outlet_of"]) if before else None
            found = diff(old, view(sid, _lines(after), after["outlet_of"]), round_id)
            was = self._gone([line["id"] for line in before["lines"] if line["id"] != sid]) if before else []
            changes.extend(replace(c, was=tuple(was)) for c in found)
        report.timings["changes"] = time.perf_counter() - t
        return changes, sorted(pending)

    def _gone(self, storyline_ids: Sequence[str]) -> list[str]:
        """Those of these storylines that no longer exist online (renamed or merged away)."""
        alive = self.store.storyline_members(storyline_ids)
        return sorted(set(storyline_ids) - set(alive))

    def close(self) -> None:
        """Save the story engine's state, so the next process starts from it."""
        self.placer.close()

    # -- running -------------------------------------------------------------------------------------

    def run(self, stop: threading.Event, on_round: Callable[[RoundReport], None]) -> None:
        """Rounds until ``stop`` is set: each asks the sources that are due, then waits for the
        next one to be due (a failing source's back-off included)."""
        first = True
        while not stop.is_set():
            report = self.round(all_sources=first)
            first = False
            on_round(report)
            stop.wait(self._until_next())

    def _until_next(self) -> float:
        now = datetime.now(UTC)
        ids = {s.id for s in self.sources}
        waits = [
            (r["next_due_at"] - now).total_seconds()
            for r in self.state.sources()
            if r["id"] in ids and r["next_due_at"] is not None
        ]
        return max(1.0, min(waits, default=self.options.every))


def _lines(snapshot: dict[str, Any]) -> list[Storyline]:
    """The storylines of a snapshot (``WatchState.snapshot``: their JSON, as the dossier codec wrote it)."""
    return [storyline_from_json(line) for line in snapshot["lines"]]
