"""Greedy constrained grouping, shared by fact and quote alignment.

Edges are merged strongest first; a merge is refused when the two groups share an article (one
report per article per fact) or when ``compatible`` says some pair across them cannot belong
together (complete linkage).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def mutual_best(
    left: Sequence[int], right: Sequence[int], score: Callable[[int, int], float | None]
) -> list[tuple[float, int, int]]:
    """Pairs (score, i, j) where ``j`` is ``i``'s best match on the right and ``i`` is ``j``'s on the left."""
    best_l: dict[int, tuple[float, int]] = {}
    best_r: dict[int, tuple[float, int]] = {}
    for i in left:
        for j in right:
            s = score(i, j)
            if s is None:
                continue
            if s > best_l.get(i, (float("-inf"), -1))[0]:
                best_l[i] = (s, j)
            if s > best_r.get(j, (float("-inf"), -1))[0]:
                best_r[j] = (s, i)
    return [(s, i, j) for i, (s, j) in best_l.items() if best_r.get(j, (0.0, -1))[1] == i]


def cross_article_edges(
    owners: Sequence[str], score: Callable[[int, int], float | None]
) -> list[tuple[float, int, int]]:
    """Mutual best matches between the items of every pair of articles."""
    by_owner: dict[str, list[int]] = {}
    for i, owner in enumerate(owners):
        by_owner.setdefault(owner, []).append(i)
    keys = sorted(by_owner)
    return [
        edge for x, a in enumerate(keys) for b in keys[x + 1 :] for edge in mutual_best(by_owner[a], by_owner[b], score)
    ]


def group(
    owners: Sequence[str],
    edges: Sequence[tuple[float, int, int]],
    compatible: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Connected groups of item indices; ``owners[i]`` is the article item ``i`` comes from."""
    parent = list(range(len(owners)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(owners))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _score, a, b in sorted(edges, key=lambda e: -e[0]):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        left, right = members[ra], members[rb]
        if {owners[i] for i in left} & {owners[j] for j in right}:
            continue
        if compatible is not None and not all(compatible(i, j) for i in left for j in right):
            continue
        parent[rb] = ra
        members[ra] = left + members.pop(rb)
    return [sorted(m) for m in members.values()]
