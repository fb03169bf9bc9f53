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
from parallax.compare.values import relate, same_magnitude
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
#: Different figures count as a conflict only in closely matching contexts.
CONFLICT_MIN = 0.62
ENTITY_BONUS = 0.08
#: A name in more than this share of a storyline's fact units is its backdrop (the two countries at
#: war, the president everyone quotes): sharing it is no evidence that two sentences report one fact.
BACKDROP_SHARE = 0.15
#: A statement joins a fact by matching one of its reports by the bar above, and each of the others
#: by the bar less this slack: otherwise three renderings that each pair of outlets words
#: differently never meet in one fact.
JOIN_SLACK = 0.10
UNIT_BONUS = 0.1
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
    if qa.unit and qb.unit and qa.unit.rstrip("s") == qb.unit.rstrip("s"):
        score += UNIT_BONUS
    relation = relate(qa, qb)
    if relation != "conflict":
        if score < QUANTITY_MIN:
            return None
        return score + (SAME_FIGURE_BONUS if qa.value == qb.value else HEDGED_FIGURE_BONUS)
    if same_magnitude(qa, qb) and score >= CONFLICT_MIN:
        return score
    return None


def _compared(u: FactUnit) -> str:
    """A statement is compared by what it asserts; a figure by its whole clause, the figure being
    the main evidence and its attribution part of what makes two reports of it one."""
    return u.core or u.text


def align(units: Sequence[FactUnit], embed: Embed, *, event_of: Mapping[str, str] | None = None) -> list[list[int]]:
    """Group unit indices into facts (each group at most one unit per article). ``event_of`` maps
    article id → event id."""
    if not units:
        return []
    event_of = event_of or {}
    texts = sorted({_compared(u) for u in units})
    row = {t: i for i, t in enumerate(texts)}
    vectors = embed(texts)
    lexical = tfidf_matrix(texts)
    named = Counter(e for u in units for e in u.entities)
    backdrop = frozenset(e for e, n in named.items() if n > BACKDROP_SHARE * len(units))

    def score(i: int, j: int, slack: float = 0.0) -> float | None:
        a, b = row[_compared(units[i])], row[_compared(units[j])]
        cos = MEANING_WEIGHT * float(vectors[a] @ vectors[b]) + (1 - MEANING_WEIGHT) * float(lexical[a] @ lexical[b])
        event = event_of.get(units[i].article)
        same_event = event is not None and event == event_of.get(units[j].article)
        return pair_score(units[i], units[j], cos, same_event=same_event, backdrop=backdrop, slack=slack)

    owners = [u.article for u in units]
    groups = group(owners, cross_article_edges(owners, score), lambda i, j: score(i, j, JOIN_SLACK) is not None)
    return sorted(groups, key=lambda g: (units[g[0]].article, units[g[0]].start))
