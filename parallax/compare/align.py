"""Align fact units across articles: which sentences of different outlets report the same fact.

Pairs are scored by meaning (sentence embeddings), shared entities and, for numbers, the figures
themselves. Only mutual best matches between two articles count, and a group never takes two
reports from one article: embeddings alone put a Putin and a Trump sentence on one topic closer
than one statement rendered by two outlets, so the constraints do much of the work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from parallax.compare.facts import FactUnit
from parallax.compare.grouping import cross_article_edges, group
from parallax.compare.lexical import tfidf_matrix
from parallax.compare.values import relate, same_magnitude

Embed = Callable[[list[str]], np.ndarray]
"""Maps texts to L2-normalised vectors, one row per text."""

#: Weight of embedding similarity against lexical (TF-IDF) similarity in the blended score.
MEANING_WEIGHT = 0.6
#: Statement facts: cosine similarity needed to call two sentences one fact (entities lower it).
STATEMENT_MIN = 0.70
#: Quantity facts with matching figures need less shared wording than a bare statement.
QUANTITY_MIN = 0.40
#: Different figures count as a conflict only in closely matching contexts.
CONFLICT_MIN = 0.62
ENTITY_BONUS = 0.08
UNIT_BONUS = 0.1
SAME_FIGURE_BONUS = 0.35
HEDGED_FIGURE_BONUS = 0.1


def pair_score(u: FactUnit, v: FactUnit, cos: float) -> float | None:
    """The evidence that ``u`` and ``v`` report one fact, or None when they cannot.

    For numbers the figure itself is strong evidence: the same figure in a loosely similar sentence
    is one fact; a different figure is a conflict only when the sentences closely match.
    """
    shared = len(u.entities & v.entities)
    score = cos + ENTITY_BONUS * min(shared, 2)
    if u.quantity is None and v.quantity is None:
        return score if score >= STATEMENT_MIN else None
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


def align(units: Sequence[FactUnit], embed: Embed) -> list[list[int]]:
    """Group unit indices into facts (each group at most one unit per article)."""
    if not units:
        return []
    texts = sorted({u.text for u in units})
    row = {t: i for i, t in enumerate(texts)}
    vectors = embed(texts)
    lexical = tfidf_matrix(texts)

    def score(i: int, j: int) -> float | None:
        a, b = row[units[i].text], row[units[j].text]
        cos = MEANING_WEIGHT * float(vectors[a] @ vectors[b]) + (1 - MEANING_WEIGHT) * float(lexical[a] @ lexical[b])
        return pair_score(units[i], units[j], cos)

    owners = [u.article for u in units]
    groups = group(owners, cross_article_edges(owners, score), lambda i, j: score(i, j) is not None)
    return sorted(groups, key=lambda g: (units[g[0]].article, units[g[0]].start))
