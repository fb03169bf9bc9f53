"""Align fact units across articles: which sentences of different outlets report the same fact.

Pairs are scored by meaning (sentence embeddings), shared entities and, for numbers, the figures
themselves. Only mutual best matches between two articles count, and a group never takes two
reports from one article: embeddings alone put a Putin and a Trump sentence on one topic closer
than one statement rendered by two outlets, so the constraints do much of the work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from parallax.compare.facts import FactUnit
from parallax.compare.grouping import cross_article_edges, group
from parallax.compare.measures import context_overlap, same_claimant, same_thing
from parallax.compare.values import plausible_misreport, relate, same_magnitude
from parallax.language.terms import tfidf_matrix

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
#: Evidence that two figures measure one thing: a word naming it shared next to both numbers ...
NAMED_BONUS = 0.15
#: ... and the share of the words around them they have in common.
CONTEXT_WEIGHT = 0.3
#: A hedged figure ("more than $1 million") is compatible with any larger one; it can report the same
#: thing only within this ratio ("more than 40" and "41", not "$671 billion").
BOUND_RATIO = 3.0
SAME_FIGURE_BONUS = 0.35
HEDGED_FIGURE_BONUS = 0.1


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
    named = bool(ma.named & mb.named)
    score += (NAMED_BONUS if named else 0.0) + CONTEXT_WEIGHT * context_overlap(ma, mb)
    relation = relate(qa, qb)
    if relation != "conflict":
        if score < QUANTITY_MIN or not same_magnitude(qa, qb, BOUND_RATIO):
            return None
        return score + (SAME_FIGURE_BONUS if qa.value == qb.value else HEDGED_FIGURE_BONUS)
    if not (same_claimant(ma, mb) and plausible_misreport(qa, qb)):
        return None
    # a figure joins a fact through a report that counts the same thing; the others of the fact
    # need only be of its kind, near it and named alike or worded alike (``slack``: the check of a
    # group's every pair)
    if slack > 0:
        return score if named or score >= CONFLICT_MIN - slack else None
    return score if same_thing(ma, mb) and score >= CONFLICT_MIN else None


def _compared(u: FactUnit) -> str:
    """A statement is compared by what it asserts; a figure by its whole clause, the figure being
    the main evidence and its attribution part of what makes two reports of it one."""
    return u.core or u.text


#: Blocking: two statements that share less than this lexical similarity and fewer than two names
#: would need a meaning similarity above 0.73 to pass ``SAME_EVENT_STATEMENT_MIN``; they are not
#: compared (crosscheck-dev: 44 % fewer texts embedded, 349 facts of several articles for 353).
BLOCK_LEXICAL = 0.2
BLOCK_NAMES = 2


def candidates(
    units: Sequence[FactUnit], lexical: np.ndarray, row: Mapping[str, int], backdrop: frozenset[str]
) -> set[int]:
    """The units that have a unit of another article they could be one fact with: statements that
    share words or names, figures of the same kind within ``BOUND_RATIO`` or a plausible misreport."""
    rows = np.array([row[_compared(u)] for u in units])
    owner = np.array([u.article for u in units])
    similar = (lexical[rows] @ lexical[rows].T) >= BLOCK_LEXICAL
    out: set[int] = set()
    for i, u in enumerate(units):
        for j in np.nonzero(owner != owner[i])[0]:
            v = units[j]
            if (u.quantity is None) != (v.quantity is None):
                continue
            if u.quantity is None:
                if similar[i, j] or len((u.entities & v.entities) - backdrop) >= BLOCK_NAMES:
                    out.add(i)
                    break
            elif (
                u.measure is not None
                and v.measure is not None
                and u.measure.kind == v.measure.kind
                and v.quantity is not None
                and (same_magnitude(u.quantity, v.quantity, BOUND_RATIO) or plausible_misreport(u.quantity, v.quantity))
            ):
                out.add(i)
                break
    return out


def align(units: Sequence[FactUnit], embed: Embed, *, event_of: Mapping[str, str] | None = None) -> list[list[int]]:
    """Group unit indices into facts (each group at most one unit per article). ``event_of`` maps
    article id → event id."""
    if not units:
        return []
    event_of = event_of or {}
    texts = sorted({_compared(u) for u in units})
    row = {t: i for i, t in enumerate(texts)}
    lexical = tfidf_matrix(texts)
    named = Counter(e for u in units for e in u.entities)
    backdrop = frozenset(e for e, n in named.items() if n > BACKDROP_SHARE * len(units))
    # only texts with a candidate in another article are embedded (see ``candidates``)
    wanted = sorted({row[_compared(units[i])] for i in candidates(units, lexical, row, backdrop)})
    vectors = dict(zip(wanted, embed([texts[k] for k in wanted]), strict=True))

    def score(i: int, j: int, slack: float = 0.0) -> float | None:
        a, b = row[_compared(units[i])], row[_compared(units[j])]
        if a not in vectors or b not in vectors:
            return None
        cos = MEANING_WEIGHT * float(vectors[a] @ vectors[b]) + (1 - MEANING_WEIGHT) * float(lexical[a] @ lexical[b])
        event = event_of.get(units[i].article)
        same_event = event is not None and event == event_of.get(units[j].article)
        return pair_score(units[i], units[j], cos, same_event=same_event, backdrop=backdrop, slack=slack)

    owners = [u.article for u in units]
    groups = group(owners, cross_article_edges(owners, score), lambda i, j: score(i, j, JOIN_SLACK) is not None)
    return sorted(groups, key=lambda g: (units[g[0]].article, units[g[0]].start))
