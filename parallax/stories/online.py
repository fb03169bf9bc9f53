"""Online assignment: each new article joins an existing event or opens one, without re-clustering.

The batch clusterer compares every pair (O(n²)); a store that grows by a news day at a time cannot.
Here each article costs one approximate-nearest-neighbour query (hnswlib, HNSW graph: about
O(log n)) over the articles already placed, then a rerank of the k neighbours with the signals the
batch clusterer uses: the meaning of title and lead (the ANN space), proper names (hashed TF
vectors) and publication days. The article joins the event its neighbours score best for, when
that score clears ``EVENT_SIMILARITY``; its storyline is the one of the best-scoring event within
``STORYLINE_DAYS`` that clears the looser ``STORYLINE_SIMILARITY``. Exact copies (same title and
text) go straight to their original's event, so 10,000 reprints cost 10,000 dictionary lookups.

State is a few arrays that grow geometrically plus the HNSW index; ``save`` writes a new generation
and switches to it atomically, so an interrupted save never leaves a half state.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np

from parallax.stories import Assignment, _stable_id
from parallax.stories.cluster import DATE_PENALTY, EVENT_DAYS, STORYLINE_DAYS
from parallax.stories.features import StoryInput, lead, names

DIM = 384
NAME_BUCKETS = 512
NEIGHBOURS = 20
#: The midpoint of the thresholds chosen on each half of the ECB+ dev topics (0.425, 0.475); see
#: `python -m bench.online_scaling --calibrate`. Storylines barely move between 0.25 and 0.35.
EVENT_SIMILARITY = 0.45
STORYLINE_SIMILARITY = 0.3
_STATE = "online-state.npz"
_INDEX = "online-index.bin"
_META = "online-meta.json"


def name_vector(text: str) -> np.ndarray:
    """Proper names and numbers hashed into ``NAME_BUCKETS`` buckets, 1+log TF, L2-normalised."""
    v = np.zeros(NAME_BUCKETS, dtype=np.float32)
    for name, count in Counter(names(text)).items():
        v[zlib.crc32(name.encode()) % NAME_BUCKETS] += 1 + math.log(count)
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def day_number(value: str | None) -> int:
    """Publication day as an ordinal; 0 when unknown."""
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else 0
    except ValueError:
        return 0


def content_key(doc: StoryInput) -> str:
    """Equal for exact copies (same title and text)."""
    return hashlib.blake2b(((doc.title or "") + "\0" + doc.text).encode(), digest_size=16).hexdigest()


class OnlineClusterer:
    """Events and storylines that grow one article at a time."""

    def __init__(
        self,
        capacity: int = 1024,
        *,
        event_similarity: float = EVENT_SIMILARITY,
        storyline_similarity: float = STORYLINE_SIMILARITY,
        ef: int = 64,
    ) -> None:
        import hnswlib

        self.event_similarity = event_similarity
        self.storyline_similarity = storyline_similarity
        self.ef = ef
        self.index = hnswlib.Index(space="ip", dim=DIM)
        self.index.init_index(max_elements=capacity, ef_construction=100, M=16, allow_replace_deleted=False)
        self.index.set_ef(ef)
        self.index.set_num_threads(1)
        self.capacity = capacity
        self.n = 0
        self.names = np.zeros((capacity, NAME_BUCKETS), dtype=np.float16)
        self.days = np.zeros(capacity, dtype=np.int32)
        self.event_of = np.zeros(capacity, dtype=np.int32)
        self.event_storyline: list[int] = []
        self.event_label: list[str] = []
        self.storyline_label: list[str] = []
        self.event_days: list[tuple[int, int]] = []
        self.seen: dict[str, int] = {}

    def __len__(self) -> int:
        return self.n

    # -- growing -----------------------------------------------------------------------------

    def _grow(self, need: int) -> None:
        if need <= self.capacity:
            return
        new = max(need, self.capacity * 2)
        self.index.resize_index(new)
        self.names = np.concatenate([self.names, np.zeros((new - self.capacity, NAME_BUCKETS), np.float16)])
        self.days = np.concatenate([self.days, np.zeros(new - self.capacity, np.int32)])
        self.event_of = np.concatenate([self.event_of, np.zeros(new - self.capacity, np.int32)])
        self.capacity = new

    def _new_event(self, storyline: int | None, first: str, day: int) -> int:
        if storyline is None:
            storyline = len(self.storyline_label)
            self.storyline_label.append(_stable_id("s", [first]))
        self.event_storyline.append(storyline)
        self.event_label.append(_stable_id("e", [first]))
        self.event_days.append((day, day))
        return len(self.event_label) - 1

    # -- assigning ---------------------------------------------------------------------------

    def add(self, docs: Sequence[StoryInput]) -> list[Assignment]:
        """Place the documents in order (embedded in one batch) and return their assignments."""
        from parallax.stories.embed import embed_texts

        keys = [content_key(d) for d in docs]
        first_of: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k not in self.seen:
                first_of.setdefault(k, i)
        fresh = sorted(first_of.values())  # each new text embedded once, however often it repeats
        vectors = embed_texts([lead(docs[i]) for i in fresh]) if fresh else np.zeros((0, DIM), np.float32)
        row_of = {i: r for r, i in enumerate(fresh)}
        out = []
        for i, d in enumerate(docs):
            key = keys[i]
            if key in self.seen:  # an exact copy: its original's event, nothing to search
                event = int(self.event_of[self.seen[key]])
            else:
                text = (d.title or "") + "\n" + d.text
                event = self.add_vector(d.id, vectors[row_of[i]], name_vector(text), day_number(d.published))
                self.seen[key] = self.n - 1
            out.append(Assignment(d.id, self.event_label[event], self.storyline_label[self.event_storyline[event]]))
        return out

    def add_vector(self, article_id: str, embedding: np.ndarray, names_vec: np.ndarray, day: int) -> int:
        """Place one article given its features; returns its event number."""
        event = self._choose(embedding, names_vec, day, article_id)
        self._grow(self.n + 1)
        self.index.add_items(embedding[None, :], np.array([self.n]))
        self.names[self.n] = names_vec
        self.days[self.n] = day
        self.event_of[self.n] = event
        if day:
            lo, hi = self.event_days[event]
            self.event_days[event] = (min(lo, day) if lo else day, max(hi, day))
        self.n += 1
        return event

    def neighbours(self, embedding: np.ndarray, k: int = NEIGHBOURS) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest stored articles by meaning: (rows, cosine similarities)."""
        labels, distances = self.index.knn_query(embedding[None, :], k=min(k, self.n))
        return labels[0].astype(np.int64), 1.0 - distances[0]

    def _choose(self, embedding: np.ndarray, names_vec: np.ndarray, day: int, article_id: str) -> int:
        if self.n == 0:
            return self._new_event(None, article_id, day)
        rows, meaning = self.neighbours(embedding)
        named = self.names[rows].astype(np.float32) @ names_vec
        score = (meaning + named) / 2.0
        days = self.days[rows]
        if day:
            far = (days != 0) & (np.abs(days - day) > EVENT_DAYS)
            score = score - DATE_PENALTY * far
        per_event: dict[int, list[float]] = defaultdict(list)
        for r, s in zip(rows, score, strict=True):
            per_event[int(self.event_of[r])].append(float(s))
        ranked = sorted(((float(np.mean(v)), e) for e, v in per_event.items()), reverse=True)
        best_score, best = ranked[0]
        if best_score >= self.event_similarity:
            return best
        for s, e in ranked:
            if s < self.storyline_similarity:
                break
            lo, hi = self.event_days[e]
            if not day or not lo or (lo - STORYLINE_DAYS <= day <= hi + STORYLINE_DAYS):
                return self._new_event(self.event_storyline[e], article_id, day)
        return self._new_event(None, article_id, day)

    # -- persistence -------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        """Write the state into a fresh generation folder, then switch ``CURRENT`` to it in one
        atomic rename: an interrupted save leaves the previous state whole."""
        directory = Path(directory)
        generation = f"gen-{self.n:012d}-{os.getpid()}"
        target = directory / generation
        target.mkdir(parents=True, exist_ok=True)
        self.index.save_index(str(target / _INDEX))
        with open(target / _STATE, "wb") as fh:
            np.savez(
                fh,
                names=self.names[: self.n],
                days=self.days[: self.n],
                event_of=self.event_of[: self.n],
                event_storyline=np.array(self.event_storyline, np.int32),
                event_days=np.array(self.event_days, np.int32).reshape(-1, 2),
            )
        meta = {"events": self.event_label, "storylines": self.storyline_label, "seen": self.seen}
        (target / _META).write_text(json.dumps(meta), encoding="utf-8")
        (directory / "CURRENT.tmp").write_text(generation, encoding="utf-8")
        os.replace(directory / "CURRENT.tmp", directory / "CURRENT")
        for old in directory.glob("gen-*"):
            if old.name != generation:
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: str | Path) -> OnlineClusterer:
        directory = Path(directory) / (Path(directory) / "CURRENT").read_text(encoding="utf-8").strip()
        meta = json.loads((directory / _META).read_text(encoding="utf-8"))
        state = np.load(directory / _STATE)
        n = len(state["days"])
        self = cls(capacity=max(1024, n))
        import hnswlib

        # Loaded into a fresh index: hnswlib frees an initialised one first, with a warning on stderr.
        self.index = hnswlib.Index(space="ip", dim=DIM)
        self.index.load_index(str(directory / _INDEX), max_elements=max(1024, n))
        self.index.set_ef(self.ef)
        self.index.set_num_threads(1)
        self.n = n
        self.names[:n] = state["names"]
        self.days[:n] = state["days"]
        self.event_of[:n] = state["event_of"]
        self.event_storyline = [int(x) for x in state["event_storyline"]]
        self.event_days = [(int(a), int(b)) for a, b in state["event_days"]]
        self.event_label = list(meta["events"])
        self.storyline_label = list(meta["storylines"])
        self.seen = {k: int(v) for k, v in meta["seen"].items()}
        return self
