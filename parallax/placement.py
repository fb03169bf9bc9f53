"""Placing stored articles into events and storylines with the store's one story engine, kept in
memory between batches.

The engine (``parallax.stories.StoryEngine``) holds every placed article's signals, so loading its
saved state costs time in proportion to the store, and so does saving it. A process that places
again and again (``parallax watch``) loads it once and keeps it; what a batch then costs follows
the batch, not the store.

The store's assignments are the engine's journal. The engine's events and storylines are a
function of the set of articles it holds, not of the order or batches they came in, so a state
saved earlier plus the assigned articles it lacks gives the same engine: on loading, those articles
are placed again (a state lost, of an older format, saved by another process that raced this one,
or left by a process killed before its next save). So the state need not be written after every
batch. ``save="each"`` (a one-off ``parallax ingest``) writes it after each batch, before the
store's writes, as before; ``save="amortised"`` writes it when the time spent placing since the
last save reaches what that save took: the saves then cost at most as much as the placing itself,
however large the store, and a restart after ``kill -9`` places again at most about one save's
worth of articles.

Each batch's assignments and placed storylines are written in one transaction
(``Store.save_placement``): a run stopped anywhere leaves the old placement or the new one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from parallax.model import Storyline
from parallax.store import Store

if TYPE_CHECKING:
    from parallax.stories import Assignment, StoryEngine, StoryInput

BeforeWrite = Callable[[Mapping[str, Sequence[str]]], None]
"""Called with ``{storyline: its articles once written}`` for every storyline a batch is about to
write, before the write: the store still holds what those articles were analysed as."""


class Placer:
    """The story engine of one store (see the module docstring)."""

    def __init__(self, store: Store, *, save: Literal["each", "amortised"] = "each") -> None:
        self.store = store
        self.save_policy = save
        self._engine: StoryEngine | None = None
        self._generation: str | None = None  # the saved state this engine is, or was loaded from
        self._held_saved = 0  # articles the engine held when last saved or loaded
        self._unsaved_seconds = 0.0
        self._save_seconds = 0.0
        self._lacking: list[str] = []  # assigned in the store, not held by the engine: placed with the next batch
        self.timings: dict[str, float] = {}

    @property
    def _state(self) -> Path:
        return self.store.state_dir()

    def _current(self) -> str | None:
        from parallax.stories.engine import live_generation

        return live_generation(self._state)

    def engine(self) -> tuple[StoryEngine, list[str]]:
        """The engine, loaded once (again when another process saved a newer state), and the
        assigned articles it lacks: to be placed again with the next batch."""
        from parallax.errors import ParallaxError
        from parallax.stories import StoryEngine

        current = self._current()
        if self._engine is not None and (current is None or current == self._generation):
            return self._engine, self._lacking
        t = time.perf_counter()
        try:
            engine = StoryEngine.load(self._state) if current is not None else StoryEngine()
        except ParallaxError:  # an older engine's state: every stored article is placed again
            engine = StoryEngine()
        self._engine, self._generation, self._held_saved = engine, current, len(engine)
        self._lacking = [a for a in sorted(self.store.assignments()) if a not in engine.assigned]
        self.timings["load"] = time.perf_counter() - t
        return engine, self._lacking

    def place(self, article_ids: Sequence[str], *, before_write: BeforeWrite | None = None) -> list[str]:
        """Place the articles not yet placed (and any the engine lacks); returns the ids of the
        storylines that changed. ``before_write`` as ``BeforeWrite`` says."""
        self.timings = {}
        engine, lacking = self.engine()
        placed = self.store.assignments(article_ids)
        wanted = list(dict.fromkeys([*lacking, *(i for i in article_ids if i not in placed)]))
        if not wanted:
            return []
        t = time.perf_counter()
        todo = self.store.story_inputs(wanted)
        held = {d.id for d in todo if d.id in engine.assigned}
        changed_here = {a.id: a for a in engine.add(todo)}
        took = time.perf_counter() - t
        self.timings["add"] = took
        self._unsaved_seconds += took
        if self.save_policy == "each" or self._unsaved_seconds >= self._save_seconds:
            self.save()
        # an article the engine already held (a run stopped after its engine saved) comes back
        # unchanged. After catching up, what the engine says changed is relative to the state it
        # loaded, not to the store (an article the lost batches moved may be back where it was):
        # every article is compared with the store, once per load
        if lacking:
            candidates = [engine.assigned[i] for i in sorted(engine.assigned)]
            before = self.store.assignments()
        else:
            candidates = [*changed_here.values(), *(engine.assigned[i] for i in sorted(held) if i not in changed_here)]
            before = self.store.assignments([a.id for a in candidates])
        moved = [a for a in candidates if before.get(a.id) != (a.event, a.storyline)]
        if not moved:
            self._lacking = []
            return []
        t = time.perf_counter()
        left = {before[a.id][1] for a in moved if a.id in before}  # storylines that lost articles, or got new ids
        members = _members_after(self.store, left | {a.storyline for a in moved}, moved)
        if before_write is not None:
            before_write({sid: [aid for aid, _ in ms] for sid, ms in members.items()})
        self.store.save_placement(
            _storylines(self.store, members),
            sorted(left - set(members)),
            [(a.id, a.event, a.storyline) for a in moved],
        )
        self.timings["write"] = time.perf_counter() - t
        self._lacking = []
        return sorted(members)

    def save(self) -> None:
        """Write the engine's state beside the store (when it holds articles the saved one lacks)."""
        if self._engine is None or (len(self._engine) == self._held_saved and self._current() == self._generation):
            self._unsaved_seconds = 0.0
            return
        t = time.perf_counter()
        self._engine.save(self._state)
        self._generation, self._held_saved = self._current(), len(self._engine)
        self._save_seconds = time.perf_counter() - t
        self._unsaved_seconds = 0.0
        self.timings["save"] = self._save_seconds

    def close(self) -> None:
        """Save what is not saved yet, so the next process starts from it."""
        self.save()


def _members_after(
    store: Store, storyline_ids: set[str], moved: Sequence[Assignment]
) -> dict[str, list[tuple[str, str]]]:
    """``{storyline: [(article, event), ...]}`` once ``moved`` is written, for these storylines
    (those left empty are not listed)."""
    now = {a.id: a for a in moved}
    out: dict[str, dict[str, str]] = {}
    for sid, ms in store.storyline_members(sorted(storyline_ids)).items():
        for aid, event in ms:
            if aid not in now:
                out.setdefault(sid, {})[aid] = event
    for a in moved:
        out.setdefault(a.storyline, {})[a.id] = a.event
    return {sid: sorted(ms.items()) for sid, ms in sorted(out.items())}


def _storylines(store: Store, members: Mapping[str, Sequence[tuple[str, str]]]) -> list[Storyline]:
    """The placed storyline records (events titled, not analysed) of these members."""
    from parallax.analysis import storylines_of
    from parallax.stories import Assignment

    inputs: dict[str, StoryInput] = {
        s.id: s for s in store.story_inputs([aid for ms in members.values() for aid, _ in ms])
    }
    assignments = [Assignment(aid, event, sid) for sid, ms in members.items() for aid, event in ms if aid in inputs]
    return storylines_of(assignments, inputs)
