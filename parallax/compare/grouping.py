"""Greedy constrained grouping, shared by fact and quote alignment.

Edges are merged strongest first; a merge is refused when the two groups share an article (one
report per article per fact) or when ``compatible`` says some pair across them cannot belong
together (complete linkage).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


def mutual_best_edges(owners: Sequence[str], scored: Iterable[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """Mutual best matches between the items of every pair of articles, from the scored candidate
    pairs ``(score, i, j)`` (``blocking``): ``j`` is ``i``'s best match in ``j``'s article and ``i``
    is ``j``'s in ``i``'s. Pairs never scored cannot match. Ties go to the earlier item; edges come
    as ``(score, i, j)`` with ``i`` of the article whose id sorts first, ordered by the two articles
    and then by ``i``, so that ``group``'s merge order is the same however the pairs were found."""
    best: dict[tuple[int, str], tuple[float, int, int]] = {}
    for s, i, j in scored:
        for x, y in ((i, j), (j, i)):
            key = (x, owners[y])
            held = best.get(key)
            if held is None or s > held[0] or (s == held[0] and y < held[1]):
                best[key] = (s, y, x)
    edges = []
    for (x, owner), (s, y, _) in best.items():
        if owners[x] < owner and best.get((y, owners[x]), (0.0, -1))[1] == x:
            edges.append((s, x, y))
    return _in_order(owners, edges)


def matched_edges(owners: Sequence[str], scored: Iterable[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """A greedy best matching between the items of every pair of articles, from the scored
    candidate pairs ``(score, i, j)``: pairs strongest first, each taken unless one of its items is
    matched in the other's article already. The mutual best matches are all taken (each is the
    strongest pair of both its items); then the pairs they leave: in "girls aged 13 and 15" against
    "aged 13 and 22", the 15 is the 13's best too, and meets the 22 once the two 13s have matched.
    Ties go to the earlier items; edges as in ``mutual_best_edges``."""
    ordered = [(s, *sorted((i, j), key=lambda x: (owners[x], x))) for s, i, j in scored if owners[i] != owners[j]]
    ordered.sort(key=lambda e: (-e[0], owners[e[1]], owners[e[2]], e[1], e[2]))
    matched: set[tuple[int, str]] = set()
    edges = []
    for s, i, j in ordered:
        if (i, owners[j]) in matched or (j, owners[i]) in matched:
            continue
        matched.update(((i, owners[j]), (j, owners[i])))
        edges.append((s, i, j))
    return _in_order(owners, edges)


def _in_order(owners: Sequence[str], edges: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """Edges ordered by their two articles and then by ``i``: ``group``'s merge order is then the
    same however the pairs were found."""
    return sorted(edges, key=lambda e: (owners[e[1]], owners[e[2]], e[1]))


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
