"""How alike two articles are, as a fixed function of the pair.

Content similarity is a weighted mean of two cosines: meaning (title and lead embeddings) and
words weighted by their rarity in English (``signals``; names are words too, and a separate name
cosine added nothing on either dev set once words were weighted so). Dates then say when two
articles cannot be one happening: both dated and more than ``EVENT_DAYS`` apart, or, when either is
undated, both naming years (a dated article names its own) and never the same one (``DATE_PENALTY``
is taken off); and when they cannot be one storyline: both dated more than ``STORYLINE_DAYS`` apart.

Every product here is of integers (stored as float64, exact below 2**53), so a pair's similarity
is the same bits whether it is computed alone or inside a block of hundreds: the story engine
decides edges pair by pair and clusters blocks, and the two must agree exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from parallax.stories.signals import Signals

#: Weights of meaning and words, chosen on both clustering dev sets at once (bench/clustering.py).
MEANING, WORDS = 0.4, 0.6
DATE_PENALTY = 0.2
EVENT_DAYS = 2
STORYLINE_DAYS = 60
#: Pairs whose meanings are further apart than this are never linked directly (the index is
#: searched down to it).
GATE = 0.3


def _sparse(vectors: Sequence[tuple[np.ndarray, np.ndarray]], columns: np.ndarray) -> sparse.csr_matrix:
    """Rows over ``columns`` (the sorted hashed columns both sides use), integer weights as float64."""
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c, _ in vectors])
    cols = np.concatenate([c for c, _ in vectors])
    vals = np.concatenate([v for _, v in vectors]).astype(np.float64)
    return sparse.csr_matrix((vals, np.searchsorted(columns, cols), indptr), shape=(len(vectors), max(1, len(columns))))


def _cosine(dots: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.outer(left, right))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 0.0)


def _norms(m: sparse.csr_matrix) -> np.ndarray:
    return np.asarray(m.multiply(m).sum(axis=1), dtype=np.float64).ravel()


def _years(group: Sequence[Signals]) -> tuple[np.ndarray, np.ndarray]:
    low = (1 << 62) - 1
    return (
        np.array([s.years & low for s in group], dtype=np.int64),
        np.array([s.years >> 62 for s in group], dtype=np.int64),
    )


def cross(a: Sequence[Signals], b: Sequence[Signals]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(meaning cosine, event similarity, storyline similarity) of every pair of ``a`` × ``b``."""
    ea = np.stack([s.embedding for s in a]).astype(np.float64)
    eb = np.stack([s.embedding for s in b]).astype(np.float64)
    meaning = _cosine(ea @ eb.T, (ea * ea).sum(1), (eb * eb).sum(1))
    columns = np.unique(np.concatenate([s.words[0] for s in (*a, *b)]))
    wa, wb = _sparse([s.words for s in a], columns), _sparse([s.words for s in b], columns)
    words = _cosine((wa @ wb.T).toarray(), _norms(wa), _norms(wb))
    content = MEANING * meaning + WORDS * words

    da = np.array([s.day for s in a], dtype=np.int64)[:, None]
    db = np.array([s.day for s in b], dtype=np.int64)[None, :]
    dated = (da > 0) & (db > 0)
    apart = np.abs(da - db)
    (la, ha), (lb, hb) = _years(a), _years(b)
    shared = ((la[:, None] & lb[None, :]) | (ha[:, None] & hb[None, :])) != 0
    years_differ = ((la | ha) != 0)[:, None] & ((lb | hb) != 0)[None, :] & ~shared
    event_conflict = np.where(dated, apart > EVENT_DAYS, years_differ)
    event = content - DATE_PENALTY * event_conflict
    storyline = content - 1.0 * (dated & (apart > STORYLINE_DAYS))
    empty_a = np.array([s.empty for s in a])[:, None]
    empty_b = np.array([s.empty for s in b])[None, :]
    alone = empty_a | empty_b
    event = np.where(alone, -1.0, event)
    storyline = np.where(alone, -1.0, storyline)
    return meaning, event, storyline
