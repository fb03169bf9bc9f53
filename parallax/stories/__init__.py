"""Stories: every article gets an event (one happening) and a storyline (a developing story).

``cluster`` groups a set in batch; ``OnlineClusterer`` assigns new articles one at a time without
re-clustering (``online.py``). Both return ``Assignment``s with ids derived from their members, so
the same articles get the same ids run after run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.stories.cluster import cluster_events, cluster_storylines
from parallax.stories.features import StoryInput
from parallax.stories.titles import event_title

__all__ = ["Assignment", "StoryInput", "cluster", "event_title"]


@dataclass(frozen=True, slots=True)
class Assignment:
    id: str
    event: str
    storyline: str


def _stable_id(prefix: str, members: Sequence[str]) -> str:
    return prefix + hashlib.sha1("\n".join(sorted(members)).encode()).hexdigest()[:10]


def cluster(docs: Sequence[StoryInput]) -> list[Assignment]:
    """Events and storylines for ``docs``; identical texts always land together."""
    if not docs:
        return []
    unique: dict[str, int] = {}
    reps: list[StoryInput] = []
    rep_of: list[int] = []
    for d in docs:  # 10,000 copies of one wire story are clustered once
        key = (d.title or "") + "\0" + d.text
        if key not in unique:
            unique[key] = len(reps)
            reps.append(d)
        rep_of.append(unique[key])
    events, sim = cluster_events(reps)
    storylines = cluster_storylines(reps, events, sim)
    event_members: dict[int, list[str]] = {}
    line_members: dict[int, list[str]] = {}
    for d, r in zip(docs, rep_of, strict=True):
        event_members.setdefault(events[r], []).append(d.id)
        line_members.setdefault(storylines[r], []).append(d.id)
    event_ids = {e: _stable_id("e", m) for e, m in event_members.items()}
    line_ids = {s: _stable_id("s", m) for s, m in line_members.items()}
    return [Assignment(d.id, event_ids[events[r]], line_ids[storylines[r]]) for d, r in zip(docs, rep_of, strict=True)]
