"""Candidate pairs: which items of different articles are worth scoring at all.

Scoring every pair of fact units of every pair of articles grows with the square of the storyline:
120 articles made 5.2 million pair scores, 2,000 would make over a billion. Two reports of one fact
share something a lookup finds: a rare word, names, a figure of the same kind and size, a speaker.
Items are indexed by such keys and only items that meet under a key are paired. A key held by very
many items (a word in every other sentence) is no evidence, and pairing its holders would bring the
square back, so it is not a key (``MAX_POSTINGS``).

Pairs are numpy arrays ``(i, j)`` with ``i < j`` and items of different articles; the work of
pairing is sparse-matrix products, so a storyline's candidates cost about its size times the
postings cap, not its size squared.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from scipy import sparse

#: A key held by more items than this pairs none of them: in a storyline of some hundred articles no
#: rare word or secondary name comes near it; in one of 2,000 a common word does, and its holders'
#: pairs would be most of the work and little of the evidence.
MAX_POSTINGS = 200
#: Rows of the key matrix multiplied at once (bounds the memory of one product).
CHUNK = 4000
#: Cells of one block of a dense similarity product (80 MB of float32).
DENSE_CELLS = 20_000_000

Pairs = tuple[np.ndarray, np.ndarray]
"""Candidate pairs as two index arrays ``(i, j)``, ``i < j``, of items of different articles."""

EMPTY: Pairs = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def owner_codes(owners: Sequence[str]) -> np.ndarray:
    """Article ids as integers (equal ids, equal codes)."""
    codes: dict[str, int] = {}
    return np.array([codes.setdefault(o, len(codes)) for o in owners], dtype=np.int64)


def incidence(
    keys: Sequence[Iterable[Hashable]], *, max_postings: int = MAX_POSTINGS, texts: Sequence[int] | None = None
) -> sparse.csr_matrix:
    """Items × keys (1 where the item holds the key), keeping the keys that two or more items and at
    most ``max_postings`` hold. With ``texts`` (an id per item's text) holders are counted by
    distinct text: 500 wire copies of one sentence hold its words as one text does, and pair up."""
    postings: dict[Hashable, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in set(ks):
            postings.setdefault(k, []).append(i)
    rows: list[int] = []
    cols: list[int] = []
    n_cols = 0
    for holders in postings.values():
        spread = len(holders) if texts is None or len(holders) <= max_postings else len({texts[h] for h in holders})
        if len(holders) >= 2 and spread <= max_postings:
            rows.extend(holders)
            cols.extend([n_cols] * len(holders))
            n_cols += 1
    n_cols = max(1, n_cols)
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(keys), n_cols), dtype=np.float32)


def shared_key_pairs(matrix: sparse.csr_matrix, owners: np.ndarray, *, at_least: int = 1) -> Pairs:
    """Pairs of items of different articles that hold at least ``at_least`` keys of ``matrix`` (an
    ``incidence``) in common."""
    out_i: list[np.ndarray] = []
    out_j: list[np.ndarray] = []
    transposed = matrix.T.tocsr()
    for start in range(0, matrix.shape[0], CHUNK):
        common = (matrix[start : start + CHUNK] @ transposed).tocoo()
        i = common.row.astype(np.int64) + start
        j = common.col.astype(np.int64)
        keep = (i < j) & (common.data >= at_least) & (owners[i] != owners[j])
        out_i.append(i[keep])
        out_j.append(j[keep])
    if not out_i:
        return EMPTY
    return np.concatenate(out_i), np.concatenate(out_j)


def within(members: np.ndarray, owners: np.ndarray) -> Pairs:
    """Every pair of ``members`` (item indices) from different articles."""
    members = np.sort(members)
    a, b = np.triu_indices(len(members), k=1)
    i, j = members[a], members[b]
    keep = owners[i] != owners[j]
    return i[keep], j[keep]


def across(left: np.ndarray, right: np.ndarray, owners: np.ndarray) -> Pairs:
    """Every pair of an item of ``left`` and one of ``right`` (disjoint) from different articles."""
    i = np.repeat(left, len(right))
    j = np.tile(right, len(left))
    keep = owners[i] != owners[j]
    i, j = i[keep], j[keep]
    return np.minimum(i, j), np.maximum(i, j)


def union(*parts: Pairs) -> Pairs:
    """The distinct pairs of all ``parts``, sorted."""
    parts = tuple(p for p in parts if len(p[0]))
    if not parts:
        return EMPTY
    i = np.concatenate([p[0] for p in parts])
    j = np.concatenate([p[1] for p in parts])
    both = np.unique(np.stack([i, j], axis=1), axis=0)
    return both[:, 0].copy(), both[:, 1].copy()


def row_dots(matrix: sparse.csr_matrix, a: np.ndarray, b: np.ndarray, *, chunk: int = 200_000) -> np.ndarray:
    """``matrix[a[k]] · matrix[b[k]]`` for every k, without forming ``matrix @ matrix.T``."""
    out = np.zeros(len(a), dtype=np.float32)
    for start in range(0, len(a), chunk):
        x = matrix[a[start : start + chunk]]
        y = matrix[b[start : start + chunk]]
        out[start : start + chunk] = np.asarray(x.multiply(y).sum(axis=1)).ravel()
    return out


def close_pairs(
    vectors: np.ndarray, rows: np.ndarray, items: np.ndarray, owners: np.ndarray, floor: float
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of ``items`` of different articles whose vectors
    (``vectors[rows[k]]`` for ``items[k]``) have a dot product of at least ``floor`` (less a rounding
    margin): the pairs a similarity bar can pass, found block by block of a matrix product."""
    out: list[tuple[int, int]] = []
    if len(items) < 2:
        return out
    mine = vectors[rows]
    step = max(1, DENSE_CELLS // len(items))
    for start in range(0, len(items), step):
        sims = mine[start : start + step] @ mine.T
        a, b = np.nonzero(sims >= floor - 1e-5)
        a = a + start
        i, j = items[a], items[b]
        keep = (i < j) & (owners[i] != owners[j])
        out += list(zip(i[keep].tolist(), j[keep].tolist(), strict=True))
    return out
