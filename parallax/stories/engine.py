"""The story engine: one answer for the same articles, whatever the route they arrive by.

Events and storylines are average-linkage clusters over a fixed pair similarity
(``similarity.cross``): storylines at ``STORYLINE_DISTANCE``, then events inside each storyline at
``EVENT_DISTANCE``. Average linkage never joins two groups unless some pair across them is at least
as similar as the threshold, so its clusters are unions inside the connected components of the
graph whose edges are those pairs. The engine keeps that graph as articles arrive (candidates from
a nearest-neighbour search over meaning, then the exact pair similarity) and re-clusters only the
component a new article touches, with its texts sorted by content key. The result is a function of
the set of articles alone: all at once, in batches or one at a time, in any order, the same events
and storylines with the same ids.

A long chain of loosely linked articles can make one component of thousands. A component larger
than ``MAX_PIECE`` is cut by raising the edge bar in steps of ``LEVEL_STEP`` until the piece holding
each article is small enough (a piece's cut depends on its own edges only, so this too is the same
on every route), and the linkage runs on that piece. Texts still chained beyond the bar's last step
are near-copies and form one event. So an arrival costs one search, one rerank and at most a few
linkages of ``MAX_PIECE`` texts, however large the store.

Exact copies (same title, text and day) share one node: 10,000 reprints cost 10,000 lookups.
Ids come from each group's anchor, its earliest article (by day, then id): a storyline keeps its id
while articles join it, and changes only when an earlier article arrives or groups merge or split.

A dated article is searched among the undated and those dated within ``STORYLINE_DAYS`` of it. Over
at most ``EXACT_SEARCH`` texts the candidates come from an exact search, so route equality is exact;
over more from an HNSW index (hnswlib), as exact as that index's recall of close neighbours.
State is saved beside the store as a new generation folder and switched to by one atomic rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from parallax.errors import ParallaxError
from parallax.stories.embed import DIM, QUANT
from parallax.stories.features import Assignment, StoryInput
from parallax.stories.signals import SIGNALS_VERSION, Signals, day_number, full_text, signals, word_vector
from parallax.stories.similarity import GATE, STORYLINE_DAYS, cross

#: Chosen on both clustering dev sets at once (``python -m bench.clustering``).
EVENT_DISTANCE = 0.625
STORYLINE_DISTANCE = 0.75
MAX_PIECE = 200
LEVEL_STEP = 0.05
EXACT_SEARCH = 20_000
SEARCH_K = 32
SEARCH_MAX = 2048
_SEARCH_SLACK = 0.01  # float32 search against the exact integer cosine
_STATE = "engine-state.npz"
_META = "engine-meta.json"
_INDEX = "engine-index.bin"
_UNDATED = 10**8


def content_key(doc: StoryInput, empty: bool) -> str:
    """Equal for exact copies (same title, text and day); an article with no words is its own."""
    basis = "\1" + doc.id if empty else (doc.title or "") + "\0" + doc.text + "\0" + str(day_number(doc.published))
    return hashlib.blake2b(basis.encode(), digest_size=16).hexdigest()


def live_generation(directory: str | Path) -> str | None:
    """The generation folder ``CURRENT`` names in a state directory; None when there is none."""
    try:
        return (Path(directory) / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _label(prefix: str, anchor: str) -> str:
    return prefix + hashlib.sha1(anchor.encode()).hexdigest()[:10]


def _average_linkage(sim: np.ndarray, distance: float) -> list[int]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(sim) == 1:
        return [1]
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), method="average")
    return [int(x) for x in fcluster(z, t=distance, criterion="distance")]


def _groups(labels: Sequence[int]) -> list[list[int]]:
    by: dict[int, list[int]] = {}
    for i, x in enumerate(labels):
        by.setdefault(x, []).append(i)
    return list(by.values())


class StoryEngine:
    """Events and storylines of a growing set of articles (see the module docstring)."""

    def __init__(
        self,
        *,
        event_distance: float = EVENT_DISTANCE,
        storyline_distance: float = STORYLINE_DISTANCE,
        max_piece: int = MAX_PIECE,
        ef: int = 128,
    ) -> None:
        self.event_distance = event_distance
        self.storyline_distance = storyline_distance
        self.max_piece = max_piece
        self.ef = ef
        self.bar = 1.0 - storyline_distance
        self.levels = [self.bar + k * LEVEL_STEP for k in range(int((0.95 - self.bar) / LEVEL_STEP) + 1)]
        # nodes: one per distinct content
        self.signals: list[Signals] = []
        self.keys: list[str] = []
        self.node_of_key: dict[str, int] = {}
        self.members: list[list[str]] = []
        self.anchor: list[tuple[int, str]] = []
        self.adjacent: list[dict[int, float]] = []
        # pieces: the node sets clustered together, and their events and storylines (node lists)
        self.piece_of: list[int] = []
        self.pieces: dict[int, list[int]] = {}
        self.piece_events: dict[int, list[list[int]]] = {}
        self.piece_lines: dict[int, list[list[int]]] = {}
        self._next_piece = 0
        # articles
        self.node_of: dict[str, int] = {}
        self.assigned: dict[str, Assignment] = {}
        self.node_label: list[tuple[str, str]] = []  # (event id, storyline id) of each node
        self.done: list[int] = []  # how many of a node's members carry its label
        self._before: dict[str, Assignment | None] = {}
        # search
        self._store = np.zeros((0, DIM), dtype=np.float32)  # every node's meaning, row = node
        self._count = 0
        self._dated: list[tuple[int, int]] = []  # (day, node) of dated nodes, sorted
        self._undated: list[int] = []
        self._index: Any = None  # hnswlib.Index once the store passes EXACT_SEARCH

    def __len__(self) -> int:
        return len(self.node_of)

    # -- adding ------------------------------------------------------------------------------------

    def add(self, docs: Sequence[StoryInput]) -> list[Assignment]:
        """Place the documents; returns the assignment of every article whose event or storyline
        changed, the new ones first in input order, then earlier ones by id. An id already placed
        is skipped (the first text given under an id is the one kept)."""
        todo: list[StoryInput] = []
        seen: set[str] = set()
        for d in docs:
            if d.id not in self.node_of and d.id not in seen:
                seen.add(d.id)
                todo.append(d)
        keyed: list[tuple[str, str, StoryInput]] = []
        words = {}
        for d in todo:
            words[d.id] = word_vector(full_text(d))
            keyed.append((d.id, content_key(d, len(words[d.id][0]) == 0), d))
        fresh: dict[str, StoryInput] = {}
        for _, key, d in keyed:
            if key not in self.node_of_key:
                fresh.setdefault(key, d)
        docs_in = list(fresh.values())
        computed = dict(zip(fresh, signals(docs_in, [words[d.id] for d in docs_in]), strict=True))
        return self.place([(aid, key, computed.get(key)) for aid, key, _ in keyed])

    def place(self, items: Sequence[tuple[str, str, Signals | None]]) -> list[Assignment]:
        """Place articles given as (id, content key, signals); signals may be None for a key
        already stored. ``add`` computes these from texts; benchmarks give them directly."""
        self._before: dict[str, Assignment | None] = {}
        new_articles: list[str] = []
        new_nodes: list[int] = []
        copied: set[int] = set()
        for aid, key, sig in items:
            if aid in self.node_of:
                continue
            node = self.node_of_key.get(key)
            if node is None:
                if sig is None:
                    raise ValueError(f"no signals for the new text of {aid}")
                node = self._new_node(key, sig)
                new_nodes.append(node)
            else:
                copied.add(node)
            self.members[node].append(aid)
            self.anchor[node] = min(self.anchor[node], (self.anchor[node][0], aid))
            self.node_of[aid] = node
            new_articles.append(aid)
        touched: set[int] = set()
        for node in new_nodes:
            touched.update(self._link(node))
            self._remember(node)
        dirty = set(new_nodes)
        for node in touched:
            if self.piece_of[node] >= 0:
                dirty.update(self.pieces[self.piece_of[node]])
        relabel = {self.piece_of[n] for n in copied if self.piece_of[n] >= 0 and n not in dirty}
        for pid in self._repiece(dirty):
            self._cluster_piece(pid)
        for pid in sorted(relabel):
            if pid in self.pieces:
                self._label_piece(pid)
        new_set = set(new_articles)
        changed = [self.assigned[a] for a in new_articles]
        changed += [
            self.assigned[a] for a in sorted(self._before) if a not in new_set and self.assigned[a] != self._before[a]
        ]
        self._before = {}
        return changed

    def _new_node(self, key: str, sig: Signals) -> int:
        node = len(self.signals)
        self.signals.append(sig)
        self.keys.append(key)
        self.node_of_key[key] = node
        self.members.append([])
        self.anchor.append((sig.day or _UNDATED, "\U0010ffff"))
        self.adjacent.append({})
        self.piece_of.append(-1)
        self.node_label.append(("", ""))
        self.done.append(0)
        return node

    # -- the graph ---------------------------------------------------------------------------------

    def candidates(self, sig: Signals) -> np.ndarray:
        """Stored nodes whose meaning may be within ``GATE`` of this article's. A dated article is
        only searched among the undated and those dated within ``STORYLINE_DAYS`` of it (no other
        pair is ever an edge): a store of years of one topic holds thousands of close meanings, and
        a search capped at ``SEARCH_MAX`` would fill with other years. The search is exact while
        it covers at most ``EXACT_SEARCH`` texts, else HNSW (the k searched grows until the
        farthest found is below the gate, up to ``SEARCH_MAX``)."""
        query = sig.embedding.astype(np.float32) / QUANT
        if sig.day:
            low, high = self._window(sig.day)
            searched = high - low + len(self._undated)
        else:
            searched = self._count
        if self._index is None or searched <= EXACT_SEARCH:
            if not sig.day:
                return np.nonzero(self._store[: self._count] @ query >= GATE - _SEARCH_SLACK)[0]
            nodes = np.sort(np.array([n for _, n in self._dated[low:high]] + self._undated, dtype=np.int64))
            return nodes[self._store[nodes] @ query >= GATE - _SEARCH_SLACK]
        allowed = None
        if sig.day:
            nodes, low, high = self.signals, sig.day - STORYLINE_DAYS, sig.day + STORYLINE_DAYS
            allowed = lambda label: (day := nodes[label].day) == 0 or low <= day <= high  # noqa: E731
        k, reached, ceiling = min(SEARCH_K, searched), 0, searched + 1
        found = np.zeros(0, dtype=np.int64)
        while k > reached:
            # A text printed by many outlets has as many neighbours at distance 0: k grows past the
            # ef (hnswlib needs ef >= k), and a graph of many equal vectors may not reach k of them
            # at all, when hnswlib raises; then k is halved back towards the last k it could return.
            self._index.set_ef(max(self.ef, k))
            try:
                labels, distances = self._index.knn_query(query[None, :], k=k, filter=allowed)
            except RuntimeError:
                ceiling = k
                k = (reached + k) // 2
                continue
            close = 1.0 - distances[0]
            found = labels[0][close >= GATE - _SEARCH_SLACK].astype(np.int64)
            if close[-1] < GATE - _SEARCH_SLACK or k >= searched or k >= SEARCH_MAX:
                break
            reached, k = k, min(4 * k, searched, SEARCH_MAX, ceiling - 1)
        return found

    def _window(self, day: int) -> tuple[int, int]:
        """The slice of ``_dated`` within ``STORYLINE_DAYS`` of ``day``."""
        low = bisect_left(self._dated, (day - STORYLINE_DAYS, -1))
        return low, bisect_right(self._dated, (day + STORYLINE_DAYS, len(self.signals)), lo=low)

    def _link(self, node: int) -> list[int]:
        """Edges from a new node to the stored ones; returns the nodes it was linked to."""
        if self.signals[node].empty:
            return []
        found = [int(c) for c in self.candidates(self.signals[node])]
        if not found:
            return []
        meaning, _, line = cross([self.signals[node]], [self.signals[c] for c in found])
        linked = []
        for c, m, s in zip(found, meaning[0], line[0], strict=True):
            if m >= GATE and s >= self.bar:
                self.adjacent[node][c] = self.adjacent[c][node] = float(s)
                linked.append(c)
        return linked

    def _remember(self, node: int) -> None:
        """Make a node searchable: its meaning in a dense matrix (row = node) and its day, for the
        exact search; once the store passes ``EXACT_SEARCH``, in an HNSW index too."""
        vector = self.signals[node].embedding.astype(np.float32) / QUANT
        if self._count == len(self._store):
            grown = np.zeros((max(1024, 2 * len(self._store)), DIM), dtype=np.float32)
            grown[: self._count] = self._store[: self._count]
            self._store = grown
        self._store[self._count] = vector
        self._count += 1
        day = self.signals[node].day
        if day:
            insort(self._dated, (day, node))
        else:
            self._undated.append(node)
        if self._index is None:
            if self._count > EXACT_SEARCH:
                self._build_index()
            return
        if self._index.get_current_count() + 1 > self._index.get_max_elements():
            self._index.resize_index(2 * self._index.get_max_elements())
        self._index.add_items(vector[None, :], np.array([node]))

    def _build_index(self) -> None:
        import hnswlib

        index = hnswlib.Index(space="ip", dim=DIM)
        index.init_index(max_elements=max(1024, 2 * self._count), ef_construction=100, M=16)
        index.set_num_threads(1)
        index.add_items(self._store[: self._count], np.arange(self._count))
        index.set_ef(self.ef)
        self._index = index

    def _reach(self, start: int, bar: float, limit: int | None) -> set[int] | None:
        """Nodes reached from ``start`` over edges of at least ``bar``; None past ``limit``."""
        seen = {start}
        stack = [start]
        while stack:
            for other, s in self.adjacent[stack.pop()].items():
                if s >= bar and other not in seen:
                    seen.add(other)
                    if limit is not None and len(seen) > limit:
                        return None
                    stack.append(other)
        return seen

    def _piece_for(self, node: int) -> tuple[list[int], bool]:
        """The node set clustered with ``node``, and whether it is near-copies past every bar."""
        for bar in self.levels:
            found = self._reach(node, bar, self.max_piece)
            if found is not None:
                return sorted(found), False
        return sorted(self._reach(node, self.levels[-1], None) or {node}), True

    def _repiece(self, dirty: set[int]) -> list[int]:
        """New pieces for the dirty nodes (their old pieces dissolved); returns the new piece ids."""
        dirty = set(dirty)
        for node in list(dirty):
            old = self.piece_of[node]
            if old >= 0 and old in self.pieces:
                dirty.update(self.pieces[old])
        for node in dirty:
            old = self.piece_of[node]
            if old >= 0:
                self._drop_piece(old)
        remaining = set(dirty)
        made = []
        while remaining:
            start = min(remaining)
            nodes, oversized = self._piece_for(start)
            clean = [n for n in nodes if n not in dirty]
            if clean:  # a neighbouring piece changed too: dissolve it and go on
                for n in clean:
                    if self.piece_of[n] >= 0:
                        members = self.pieces[self.piece_of[n]]
                        self._drop_piece(self.piece_of[n])
                        dirty.update(members)
                        remaining.update(members)
            pid = self._next_piece
            self._next_piece += 1
            self.pieces[pid] = nodes
            self.piece_events[pid] = [nodes] if oversized else []
            for n in nodes:
                self.piece_of[n] = pid
            remaining.difference_update(nodes)
            made.append(pid)
        return made

    def _drop_piece(self, pid: int) -> None:
        for n in self.pieces.pop(pid, []):
            if self.piece_of[n] == pid:
                self.piece_of[n] = -1
        self.piece_events.pop(pid, None)
        self.piece_lines.pop(pid, None)

    # -- clustering a piece ------------------------------------------------------------------------

    def _cluster_piece(self, pid: int) -> None:
        nodes = sorted(self.pieces[pid], key=self.keys.__getitem__)
        if self.piece_events.get(pid):  # near-copies past every bar: one event
            self.piece_events[pid] = [nodes]
            self.piece_lines[pid] = [nodes]
        else:
            events, lines = self.cluster_nodes(nodes)
            self.piece_events[pid], self.piece_lines[pid] = events, lines
        self._label_piece(pid)

    def cluster_nodes(self, nodes: list[int]) -> tuple[list[list[int]], list[list[int]]]:
        """Storylines by average linkage, then events inside each storyline (node lists)."""
        if len(nodes) == 1:
            return [nodes], [nodes]
        meaning, event, line = cross([self.signals[n] for n in nodes], [self.signals[n] for n in nodes])
        below = self.bar - 1e-9  # pairs the gate keeps apart are not edges, so not above the bar
        gated = meaning < GATE
        line = np.where(gated, np.minimum(line, below), line)
        event = np.where(gated, np.minimum(event, below), event)
        line_groups = _groups(_average_linkage(line, self.storyline_distance))
        lines = [[nodes[i] for i in g] for g in line_groups]
        events = []
        for group in line_groups:
            sub = event[np.ix_(group, group)]
            events += [[nodes[group[i]] for i in g] for g in _groups(_average_linkage(sub, self.event_distance))]
        return events, lines

    def _label_piece(self, pid: int) -> None:
        """Ids from each group's anchor. A node whose ids changed has all its articles re-assigned;
        otherwise only its articles not yet assigned (copies), so 10,000 reprints stay cheap."""
        events, lines = self.piece_events[pid], self.piece_lines[pid]
        line_of = {n: _label("s", min(self.anchor[m] for m in g)[1]) for g in lines for n in g}
        for g in events:
            event_id = _label("e", min(self.anchor[n] for n in g)[1])
            for n in g:
                label = (event_id, line_of[n])
                members = self.members[n]
                start = self.done[n] if self.node_label[n] == label else 0
                for a in members[start:]:
                    self._before.setdefault(a, self.assigned.get(a))
                    self.assigned[a] = Assignment(a, *label)
                self.node_label[n] = label
                self.done[n] = len(members)

    # -- persistence -------------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        """Write the state into a fresh generation folder, then switch ``CURRENT`` to it in one
        atomic rename: an interrupted save leaves the previous state whole."""
        directory = Path(directory)
        generation = f"gen-{len(self.signals):012d}-{os.getpid()}"
        # as many texts as the live state (only copies added): never overwrite it
        if generation == live_generation(directory):
            generation += "-b"
        target = directory / generation
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        sig = self.signals
        edges = [(a, b, s) for a, row in enumerate(self.adjacent) for b, s in row.items() if a < b]
        piece_ids = sorted(self.pieces)
        slot = {pid: i for i, pid in enumerate(piece_ids)}
        event_of = np.full(len(sig), -1, dtype=np.int32)
        line_of = np.full(len(sig), -1, dtype=np.int32)
        for pid in piece_ids:
            for i, g in enumerate(self.piece_events[pid]):
                event_of[g] = i
            for i, g in enumerate(self.piece_lines[pid]):
                line_of[g] = i
        with open(target / _STATE, "wb") as fh:
            np.savez(
                fh,
                embedding=np.stack([s.embedding for s in sig]) if sig else np.zeros((0, DIM), np.int16),
                day=np.array([s.day for s in sig], dtype=np.int64),
                years=np.array([str(s.years) for s in sig], dtype=np.str_),
                window=np.array([s.window for s in sig], dtype=np.int64).reshape(len(sig), 4),
                happened=np.array([s.happened for s in sig], dtype=np.int64),
                upcoming=np.array([s.upcoming for s in sig], dtype=np.int64),
                word_cols=np.concatenate([s.words[0] for s in sig]) if sig else np.zeros(0, np.int32),
                word_vals=np.concatenate([s.words[1] for s in sig]) if sig else np.zeros(0, np.int32),
                word_len=np.array([len(s.words[0]) for s in sig], dtype=np.int64),
                edge_a=np.array([e[0] for e in edges], dtype=np.int32),
                edge_b=np.array([e[1] for e in edges], dtype=np.int32),
                edge_s=np.array([e[2] for e in edges], dtype=np.float64),
                piece=np.array([slot.get(p, -1) for p in self.piece_of], dtype=np.int32),
                event=event_of,
                line=line_of,
            )
        if self._index is not None:
            self._index.save_index(str(target / _INDEX))
        meta = {
            "format": 1,
            "signals": SIGNALS_VERSION,
            "event_distance": self.event_distance,
            "storyline_distance": self.storyline_distance,
            "max_piece": self.max_piece,
            "keys": self.keys,
            "members": self.members,
        }
        (target / _META).write_text(json.dumps(meta), encoding="utf-8")
        (directory / "CURRENT.tmp").write_text(generation, encoding="utf-8")
        os.replace(directory / "CURRENT.tmp", directory / "CURRENT")
        for old in directory.glob("gen-*"):
            if old.name != generation:
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: str | Path) -> StoryEngine:
        """The state ``save`` wrote into ``directory``."""
        root = Path(directory)
        folder = root / (root / "CURRENT").read_text(encoding="utf-8").strip()
        if not (folder / _META).exists():
            raise ParallaxError(
                f"{root} holds story state of an older format",
                hint="remove that folder; the next run places every stored article again",
            )
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        if meta.get("signals", 1) != SIGNALS_VERSION:
            raise ParallaxError(
                f"{root} holds story state computed from other article signals",
                hint="the next run places every stored article again",
            )
        with np.load(folder / _STATE) as saved:  # each array read once: indexing the file re-reads it
            state = {name: saved[name] for name in saved.files}
        self = cls(
            event_distance=meta["event_distance"],
            storyline_distance=meta["storyline_distance"],
            max_piece=meta["max_piece"],
        )
        word_at = np.concatenate([[0], np.cumsum(state["word_len"])])
        wc, wv = state["word_cols"], state["word_vals"]
        for i, key in enumerate(meta["keys"]):
            sig = Signals(
                state["embedding"][i].copy(),
                (wc[word_at[i] : word_at[i + 1]].copy(), wv[word_at[i] : word_at[i + 1]].copy()),
                int(state["day"][i]),
                int(state["years"][i]),
                tuple(int(x) for x in state["window"][i]),
                int(state["happened"][i]),
                int(state["upcoming"][i]),
            )
            node = self._new_node(key, sig)
            for aid in meta["members"][i]:
                self.members[node].append(aid)
                self.anchor[node] = min(self.anchor[node], (self.anchor[node][0], aid))
                self.node_of[aid] = node
        for a, b, s in zip(state["edge_a"], state["edge_b"], state["edge_s"], strict=True):
            self.adjacent[int(a)][int(b)] = self.adjacent[int(b)][int(a)] = float(s)
        n = len(self.signals)
        self._store = np.zeros((max(1024, 2 * n), DIM), dtype=np.float32)
        self._store[:n] = state["embedding"].astype(np.float32) / QUANT
        self._count = n
        self._dated = sorted((s.day, node) for node, s in enumerate(self.signals) if s.day)
        self._undated = [node for node, s in enumerate(self.signals) if not s.day]
        if (folder / _INDEX).exists():
            import hnswlib

            self._index = hnswlib.Index(space="ip", dim=DIM)
            self._index.load_index(str(folder / _INDEX), max_elements=max(1024, 2 * n))
            self._index.set_ef(self.ef)
            self._index.set_num_threads(1)
        elif n > EXACT_SEARCH:
            self._build_index()
        pieces: dict[int, list[int]] = {}
        for node, p in enumerate(state["piece"].tolist()):
            pieces.setdefault(p, []).append(node)
        for _, nodes in sorted(pieces.items()):
            pid = self._next_piece
            self._next_piece += 1
            self.pieces[pid] = nodes
            events: dict[int, list[int]] = {}
            lines: dict[int, list[int]] = {}
            for node in nodes:
                self.piece_of[node] = pid
                events.setdefault(int(state["event"][node]), []).append(node)
                lines.setdefault(int(state["line"][node]), []).append(node)
            self.piece_events[pid] = [events[k] for k in sorted(events)]
            self.piece_lines[pid] = [lines[k] for k in sorted(lines)]
            self._label_piece(pid)
        self._before = {}
        return self


def cluster(docs: Sequence[StoryInput]) -> list[Assignment]:
    """Events and storylines of ``docs``: exactly what a fresh engine gives when they are added
    (one assignment per document, in input order; a repeated id gets its first text's)."""
    engine = StoryEngine()
    engine.add(docs)
    return [engine.assigned[d.id] for d in docs]
