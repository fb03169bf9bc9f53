"""Follow a developing story live: ``parallax watch`` polls feeds, sitemaps and folders, ingests
what is new, re-analyses the storylines that received it and records what changed.

``Watcher`` runs rounds (``round.py``); ``changes.py`` says what changed as typed records;
``fetch.py`` is the polite HTTP client; ``sources.py`` lists a source's new items; ``state.py``
keeps all of it in the store; ``webhook.py`` tells another system.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from parallax.errors import InputError
from parallax.store import Store
from parallax.watch.changes import Change, ChangeKind, SpanRef
from parallax.watch.round import RoundReport, Watcher, WatchOptions
from parallax.watch.sources import Source, parse_duration, parse_sources
from parallax.watch.state import WatchState

__all__ = [
    "Change",
    "ChangeKind",
    "RoundReport",
    "Source",
    "SpanRef",
    "WatchOptions",
    "WatchState",
    "Watcher",
    "open_watch",
    "parse_duration",
    "recorded_changes",
]


def open_watch(
    store: Store, locations: Sequence[str], options: WatchOptions | None = None
) -> tuple[Watcher, list[InputError]]:
    """A watcher over the sources the locations name (URLs, folders, files listing sources), and
    one error per location or line that names no usable source."""
    sources, errors = parse_sources(list(locations))
    return Watcher(store, sources, options), errors


def recorded_changes(
    store: Store, storyline: str | None = None, *, since: datetime | None = None, limit: int = 200
) -> list[tuple[int, datetime, Change]]:
    """Changes the watch recorded, newest first: all, or one storyline's (an online storyline id
    or the id of a stored analysis holding its articles)."""
    state = WatchState(store)
    lines = None if storyline is None else state.online_storylines(storyline)
    return state.changes(lines, since=since, limit=limit)
