"""Align fact units across articles: which sentences of different outlets report the same fact.

Pairs are scored by meaning (sentence embeddings), shared entities and, for numbers, the figures
themselves. Between two articles, pairs are matched strongest first, each unit at most once (every
mutual best match, then the best of what is left), and a group never takes two reports from one
article: embeddings alone put a Putin and a Trump sentence on one topic closer than one statement
rendered by two outlets, so the constraints do much of the work.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from parallax.compare.blocking import (
    EMPTY,
    MAX_POSTINGS,
    Pairs,
    across,
    close_pairs,
    incidence,
    owner_codes,
    row_dots,
    shared_key_pairs,
    union,
    within,
)
from parallax.compare.facts import FactUnit
from parallax.compare.grouping import group, matched_edges
from parallax.compare.measures import context_overlap, same_claimant, same_thing
from parallax.compare.values import (
    SMALL_COUNT,
    SMALL_DIFFERENCE,
    plausible_misreport,
    relate,
    same_magnitude,
    written,
)
from parallax.language.terms import tfidf_sparse

Embed = Callable[[list[str]], np.ndarray]
"""Maps texts to L2-normalised vectors, one row per text."""

#: Weight of embedding similarity against lexical (TF-IDF) similarity in the blended score.
MEANING_WEIGHT = 0.6
#: Statement facts: cosine similarity needed to call two sentences one fact (entities lower it).
STATEMENT_MIN = 0.70
#: The same, for two articles of one event: outlets covering one happening restate its facts in
#: their own words ("the next talks could be held in Lisbon" / "ready to meet again in Lisbon"), while
#: across events a loose match is more often a different development on the same topic.
SAME_EVENT_STATEMENT_MIN = 0.60
#: Quantity facts with matching figures need less shared wording than a bare statement.
QUANTITY_MIN = 0.40
#: Different figures of the same thing (``measures.same_thing``) are a conflict when their clauses
#: match this well (meaning, shared names, the words around the numbers).
CONFLICT_MIN = 0.45
ENTITY_BONUS = 0.08
#: A name in more than this share of a storyline's fact units is its backdrop (the two countries at
#: war, the president everyone quotes): sharing it is no evidence that two sentences report one fact.
BACKDROP_SHARE = 0.15
#: A statement joins a fact by matching one of its reports by the bar above, and each of the others
#: by the bar less this slack: otherwise three renderings that each pair of outlets words
#: differently never meet in one fact.
JOIN_SLACK = 0.10
#: Evidence that two figures measure one thing: each word naming it shared next to both numbers (up
#: to ``NAMES_COUNTED`` of them) ...
NAMED_BONUS = 0.15
NAMES_COUNTED = 2
#: ... and the share of the words around them they have in common.
CONTEXT_WEIGHT = 0.3
#: A hedged figure ("more than $1 million") is compatible with any larger one; it can report the same
#: thing only within this ratio ("more than 40" and "41", not "$671 billion").
BOUND_RATIO = 3.0
SAME_FIGURE_BONUS = 0.35
HEDGED_FIGURE_BONUS = 0.1
#: Two figures that count the same thing by its name (``measures.same_thing``) outrank, for a
#: figure's best match, a figure of the same value that counts something else ("300 million doses"
#: is matched with another outlet's "200 million more doses", not its "over 300 million people").
SAME_THING_BONUS = 0.15


def pair_score(
    u: FactUnit,
    v: FactUnit,
    cos: float,
    *,
    same_event: bool = False,
    backdrop: frozenset[str] = frozenset(),
    slack: float = 0.0,
) -> float | None:
    """The evidence that ``u`` and ``v`` report one fact, or None when they cannot.

    For numbers the figure itself is strong evidence: the same figure in a loosely similar sentence
    is one fact; a different figure is a conflict only when the sentences closely match.
    """
    shared = len((u.entities & v.entities) - backdrop)
    score = cos + ENTITY_BONUS * min(shared, 2)
    if u.quantity is None and v.quantity is None:
        bar = (SAME_EVENT_STATEMENT_MIN if same_event else STATEMENT_MIN) - slack
        return score if score >= bar else None
    if u.quantity is None or v.quantity is None:
        return None
    qa, qb = u.quantity, v.quantity
    ma, mb = u.measure, v.measure
    if ma is None or mb is None or ma.kind != mb.kind:
        return None
    # named alike next to both numbers, or counting one developing figure ("the toll at 57", "the
    # death toll ... rose to 38"); a name of two words shared ("10 percent of the agency's core
    # security team", "roughly 17% of its core security team") counts twice, however the rest of the
    # two sentences differ
    names = min(len(ma.named & mb.named), NAMES_COUNTED)
    developing = ma.developing_kind is not None and ma.developing_kind == mb.developing_kind
    named = bool(names) or developing
    score += NAMED_BONUS * max(names, int(developing)) + CONTEXT_WEIGHT * context_overlap(ma, mb)
    relation = relate(qa, qb)
    thing = same_thing(ma, mb)
    bonus = SAME_THING_BONUS if thing else 0.0
    if relation != "conflict":
        if score < QUANTITY_MIN or not same_magnitude(qa, qb, BOUND_RATIO):
            return None
        # the same value counting two named things ("300 million doses", "over 300 million people")
        # is a weaker match than the same value of one thing, or of a thing one report leaves unnamed
        alike = qa.value == qb.value and (thing or ma.head is None or mb.head is None)
        return score + bonus + (SAME_FIGURE_BONUS if alike else HEDGED_FIGURE_BONUS)
    if not (same_claimant(ma, mb) and plausible_misreport(qa, qb)):
        return None
    # a figure joins a fact through a report that counts the same thing; the others of the fact
    # need only be of its kind, near it and named alike, worded alike or not named at all ("500 for
    # 500": it stands in the fact for agreeing with a report that names it) (``slack``: the check of
    # a group's every pair)
    if slack > 0:
        unnamed = ma.head is None or mb.head is None
        return score + bonus if named or unnamed or score >= CONFLICT_MIN - slack else None
    return score + bonus if thing and score >= CONFLICT_MIN else None


def _compared(u: FactUnit) -> str:
    """The text two units are compared by (``FactUnit.core``)."""
    return u.core or u.text


#: Blocking: two statements that share less than this lexical similarity and fewer than two names
#: would need a meaning similarity above 0.73 to pass ``SAME_EVENT_STATEMENT_MIN``; they are not
#: compared (crosscheck-dev: 44 % fewer texts embedded, 349 facts of several articles for 353).
BLOCK_LEXICAL = 0.2
BLOCK_NAMES = 2
#: Two embedded statements outside those bars still meet when their meaning alone can carry them
#: over the lowest statement bar: this similarity (0.73) or more.
MEANING_BLOCK = (
    SAME_EVENT_STATEMENT_MIN - (1 - MEANING_WEIGHT) * BLOCK_LEXICAL - ENTITY_BONUS * (BLOCK_NAMES - 1)
) / MEANING_WEIGHT


def _magnitude_bucket(value: float) -> int:
    """Figures a bucket apart at most can be one figure: below ``SMALL_COUNT`` all meet (a count is
    misreported by a few units), above it a bucket spans a factor of ``BOUND_RATIO`` (≥ the factor
    two of a plausible misreport), so two figures within that factor are in one bucket or next ones."""
    if value < SMALL_COUNT:
        return 0
    return 1 + math.floor(math.log(value / SMALL_COUNT) / math.log(BOUND_RATIO))


def _near_figures(values: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``same_magnitude(.., BOUND_RATIO) or plausible_misreport(..)`` for the figure pairs (i, j) by
    their values (a slip of the written number: ``_written_slips``)."""
    a, b = values[i], values[j]
    hi, lo = np.maximum(a, b), np.minimum(a, b)
    positive = lo > 0
    ratio = np.where(positive, hi / np.where(positive, lo, 1.0), np.inf)
    same = np.where(positive, ratio <= BOUND_RATIO, a == b)
    small = (hi < SMALL_COUNT) & (np.abs(a - b) <= SMALL_DIFFERENCE)
    misreport = np.where(hi < SMALL_COUNT, small, np.where(positive, ratio <= 2.0, a == b))
    return same | misreport


def _statement_pairs(
    units: Sequence[FactUnit],
    lexical: sparse.csr_matrix,
    rows: np.ndarray,
    owners: np.ndarray,
    backdrop: frozenset[str],
) -> Pairs:
    """Statements of different articles sharing ``BLOCK_LEXICAL`` lexical similarity (found through a
    shared rare stem) or ``BLOCK_NAMES`` names besides the backdrop, or the same text. Two texts that
    share only common stems (``MAX_POSTINGS``) are not paired by them: in a storyline of 250 unrelated
    articles, 207 such pairs of 5,148 texts ("It's not about Mr. Obama" / "The letter says Mr. Obama
    should not back down") are left to the meaning pass."""
    stmt = np.array([k for k, u in enumerate(units) if u.quantity is None], dtype=np.int64)
    if len(stmt) < 2:
        return EMPTY
    sub_owners = owners[stmt]
    words = lexical[rows[stmt]]
    texts = rows[stmt].tolist()
    stems = incidence(
        [words.indices[words.indptr[k] : words.indptr[k + 1]].tolist() for k in range(len(stmt))], texts=texts
    )
    i, j = shared_key_pairs(stems, sub_owners)
    close = row_dots(lexical, rows[stmt[i]], rows[stmt[j]]) >= BLOCK_LEXICAL
    names = incidence([units[k].entities - backdrop for k in stmt], texts=texts)
    ni, nj = shared_key_pairs(names, sub_owners, at_least=BLOCK_NAMES)
    # one text in several articles (wire copies, a stock phrase) meets itself whatever its words
    copies: dict[int, list[int]] = {}
    for k, r in enumerate(texts):
        copies.setdefault(r, []).append(k)
    same = [within(np.array(ks, dtype=np.int64), sub_owners) for ks in copies.values() if len(ks) > 1]
    i, j = union((i[close], j[close]), (ni, nj), *same)
    return stmt[i], stmt[j]


def _figure_pairs(units: Sequence[FactUnit], owners: np.ndarray, backdrop: frozenset[str]) -> Pairs:
    """Figures of different articles of one kind (currency, percent, count) that could be one figure
    (``_near_figures``). All such pairs while a kind's bucket and the next hold ``MAX_POSTINGS``
    figures at most; in a crowded bucket only those that also share a rare word of their clause, a
    name or the counted word."""
    figs = [k for k, u in enumerate(units) if u.quantity is not None and u.measure is not None]
    if len(figs) < 2:
        return EMPTY
    values = np.zeros(len(units), dtype=np.float64)
    for k in figs:
        values[k] = units[k].quantity.value or 0.0  # type: ignore[union-attr]
    buckets: dict[tuple[str, int], list[int]] = {}
    for k in figs:
        buckets.setdefault((units[k].measure.kind, _magnitude_bucket(values[k])), []).append(k)  # type: ignore[union-attr]
    found: list[Pairs] = []
    crowded: set[str] = set()
    for (kind, b), members in buckets.items():
        here = np.array(members, dtype=np.int64)
        nxt = np.array(buckets.get((kind, b + 1), []), dtype=np.int64)
        if len({_compared(units[k]) for k in (*members, *nxt.tolist())}) > MAX_POSTINGS:
            crowded.add(kind)
            continue
        found += [within(here, owners), across(here, nxt, owners)]
    if crowded:
        held = [k for k in figs if units[k].measure.kind in crowded]  # type: ignore[union-attr]
        keys = [
            {("w", w) for w in units[k].measure.clause}  # type: ignore[union-attr]
            | {("n", e) for e in units[k].entities - backdrop}
            | {("h", units[k].measure.head)}  # type: ignore[union-attr]
            for k in held
        ]
        sub = np.array(held, dtype=np.int64)
        i, j = shared_key_pairs(incidence(keys, texts=[_compared(units[k]) for k in held]), owners[sub])
        found.append((sub[i], sub[j]))
    i, j = union(*found)
    kind = np.array([units[k].measure.kind if units[k].measure is not None else "" for k in range(len(units))])
    keep = (kind[i] == kind[j]) & _near_figures(values, i, j)
    return union((i[keep], j[keep]), _written_slips(units, figs, owners))


def _written_slips(units: Sequence[FactUnit], figs: Sequence[int], owners: np.ndarray) -> Pairs:
    """Figures of one kind written at one scale with small numbers ("$2 million" / "$9m"): candidates
    for a slip of the written number however far apart the values (``values.plausible_misreport``
    decides, when the pair is scored). A scale held by more than ``MAX_POSTINGS`` texts is left to
    the buckets."""
    groups: dict[tuple[str, int], list[int]] = {}
    for k in figs:
        w = written(units[k].quantity)  # type: ignore[arg-type]
        if w is not None and w[1] > 1 and w[0] < SMALL_COUNT:
            groups.setdefault((units[k].measure.kind, round(w[1])), []).append(k)  # type: ignore[union-attr]
    return union(
        *(
            within(np.array(members, dtype=np.int64), owners)
            for members in groups.values()
            if len(members) > 1 and len({_compared(units[k]) for k in members}) <= MAX_POSTINGS
        )
    )


def candidate_pairs(
    units: Sequence[FactUnit], lexical: sparse.csr_matrix, row: Mapping[str, int], backdrop: frozenset[str]
) -> Pairs:
    """Pairs of units of different articles that could be one fact (``blocking``): statements that
    share words or names, figures of the same kind within ``BOUND_RATIO`` or a plausible misreport.
    A pair outside them scores None for want of words (a statement would need a meaning similarity
    above 0.73) or of a figure."""
    owners = owner_codes([u.article for u in units])
    rows = np.array([row[_compared(u)] for u in units], dtype=np.int64)
    return union(_statement_pairs(units, lexical, rows, owners, backdrop), _figure_pairs(units, owners, backdrop))


class Scorer:
    """``pair_score`` of two units of a storyline from their texts' vectors and TF-IDF rows: for the
    candidate pairs at once (``scored``) and for any one pair (a call: ``group``'s every-pair check).

    Units alike in all that ``pair_score`` reads (text, names, figure, what it measures) score alike:
    500 wire copies of a story make 125,000 pairs of each of its sentences, scored once."""

    def __init__(
        self,
        units: Sequence[FactUnit],
        embed: Embed,
        *,
        event_of: Mapping[str, str] | None = None,
        wanted: Sequence[int] | None = None,
    ) -> None:
        """``wanted``: the units whose texts are embedded (the others score None); all by default."""
        self.units = units
        event_of = event_of or {}
        self.texts = sorted({_compared(u) for u in units})
        self.row = {t: i for i, t in enumerate(self.texts)}
        self.rows = np.array([self.row[_compared(u)] for u in units], dtype=np.int64)
        self.lexical = tfidf_sparse(self.texts)
        named = Counter(e for u in units for e in u.entities)
        self.backdrop = frozenset(e for e, n in named.items() if n > BACKDROP_SHARE * len(units))
        kinds: dict[object, int] = {}
        self.sig = np.array([kinds.setdefault(_signature(u), len(kinds)) for u in units], dtype=np.int64)
        events: dict[str, int] = {}
        self.event = np.array(
            [events.setdefault(e, len(events)) if (e := event_of.get(u.article)) is not None else -1 for u in units],
            dtype=np.int64,
        )
        self.memo: dict[tuple[int, int, bool, float], float | None] = {}
        self.embed = embed
        self.vectors: dict[int, np.ndarray] = {}
        if wanted is None:
            wanted = range(len(units))
        self.want(wanted)

    def want(self, units: Iterable[int]) -> None:
        """Embed the texts of these units (each text once)."""
        new = sorted({int(self.rows[k]) for k in units} - set(self.vectors))
        if new:
            self.vectors.update(zip(new, self.embed([self.texts[r] for r in new]), strict=True))

    def _score(self, i: int, j: int, cos: float, slack: float) -> float | None:
        same_event = bool(self.event[i] >= 0 and self.event[i] == self.event[j])
        key = (int(self.sig[i]), int(self.sig[j]), same_event, slack)
        if key not in self.memo:
            self.memo[key] = pair_score(
                self.units[i], self.units[j], cos, same_event=same_event, backdrop=self.backdrop, slack=slack
            )
        return self.memo[key]

    def __call__(self, i: int, j: int, slack: float = 0.0) -> float | None:
        a, b = int(self.rows[i]), int(self.rows[j])
        if a not in self.vectors or b not in self.vectors:
            return None
        same_event = bool(self.event[i] >= 0 and self.event[i] == self.event[j])
        key = (int(self.sig[i]), int(self.sig[j]), same_event, slack)
        if key in self.memo:
            return self.memo[key]
        lex = float(row_dots(self.lexical, np.array([a]), np.array([b]))[0])
        cos = MEANING_WEIGHT * float(self.vectors[a] @ self.vectors[b]) + (1 - MEANING_WEIGHT) * lex
        return self._score(i, j, cos, slack)

    def candidates(self) -> Pairs:
        """The pairs worth scoring: ``candidate_pairs``, and once their units are embedded, the
        statements among them close in meaning alone (``MEANING_BLOCK``). Embeds the texts of the
        units with a candidate."""
        pairs = candidate_pairs(self.units, self.lexical, self.row, self.backdrop)
        self.want(np.union1d(pairs[0], pairs[1]).tolist())
        return union(pairs, self.close_statements(MEANING_BLOCK))

    def close_statements(self, floor: float) -> Pairs:
        """Embedded statements of different articles whose meaning similarity reaches ``floor``."""
        stmt = np.array(
            [k for k, u in enumerate(self.units) if u.quantity is None and int(self.rows[k]) in self.vectors],
            dtype=np.int64,
        )
        if len(stmt) < 2:
            return EMPTY
        order = sorted({int(r) for r in self.rows[stmt]})
        slot = {r: n for n, r in enumerate(order)}
        matrix = np.stack([self.vectors[r] for r in order])
        owners = owner_codes([u.article for u in self.units])
        found = close_pairs(matrix, np.array([slot[int(r)] for r in self.rows[stmt]]), stmt, owners, floor)
        if not found:
            return EMPTY
        both = np.array(found, dtype=np.int64)
        return both[:, 0].copy(), both[:, 1].copy()

    def scored(self, pairs: Pairs) -> list[tuple[float, int, int]]:
        """``(score, i, j)`` of the pairs that score (not None): each kind of pair (the two units'
        signatures, one event or not) scored once."""
        i, j = pairs
        embedded = np.zeros(len(self.texts), dtype=bool)
        embedded[list(self.vectors)] = True
        has = embedded[self.rows[i]] & embedded[self.rows[j]]
        i, j = i[has], j[has]
        if not len(i):
            return []
        same = (self.event[i] >= 0) & (self.event[i] == self.event[j])
        key = (self.sig[i] * (int(self.sig.max()) + 1) + self.sig[j]) * 2 + same
        _, first, back = np.unique(key, return_index=True, return_inverse=True)
        ri, rj = i[first], j[first]
        a, b = self.rows[ri], self.rows[rj]
        order = sorted(self.vectors)
        slot = np.zeros(len(self.texts), dtype=np.int64)
        slot[order] = np.arange(len(order))
        matrix = np.stack([self.vectors[r] for r in order])
        meaning = np.einsum("ij,ij->i", matrix[slot[a]], matrix[slot[b]])
        cos = MEANING_WEIGHT * meaning.astype(np.float64) + (1 - MEANING_WEIGHT) * row_dots(self.lexical, a, b)
        kind_score = [self._score(x, y, c, 0.0) for x, y, c in zip(ri.tolist(), rj.tolist(), cos.tolist(), strict=True)]
        return [
            (s, x, y)
            for x, y, k in zip(i.tolist(), j.tolist(), back.ravel().tolist(), strict=True)
            if (s := kind_score[k]) is not None
        ]


def _signature(u: FactUnit) -> tuple:
    """What ``pair_score`` reads of a unit: two units alike in it score alike against any other."""
    q = u.quantity
    figure = None if q is None else (q.value, q.unit, q.hedge, q.low, q.high)
    return (_compared(u), u.entities, figure, u.measure)


def align(units: Sequence[FactUnit], embed: Embed, *, event_of: Mapping[str, str] | None = None) -> list[list[int]]:
    """Group unit indices into facts (each group at most one unit per article). ``event_of`` maps
    article id → event id. Only candidate pairs (``candidate_pairs``) are scored, and only texts of
    units with a candidate are embedded."""
    if not units:
        return []
    scorer = Scorer(units, embed, event_of=event_of, wanted=())
    owners = [u.article for u in units]
    edges = matched_edges(owners, scorer.scored(scorer.candidates()))
    groups = group(owners, edges, lambda i, j: scorer(i, j, JOIN_SLACK) is not None)
    return sorted(groups, key=lambda g: (units[g[0]].article, units[g[0]].start))
