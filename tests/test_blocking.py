"""Blocking: the candidate pairs must hold every pair that scoring all pairs would let match.

On real coverage (crosscheck-dev events as one storyline, annotated and embedded for real) every
pair of units that scores when all pairs are scored is among the candidates, and the matched
edges are the same; the candidates are a small share of all pairs. The pieces are checked against
their brute-force definitions too.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from parallax.compare.blocking import close_pairs, incidence, owner_codes, shared_key_pairs
from parallax.compare.grouping import matched_edges, mutual_best_edges

#: Events of crosscheck-dev (three outlets each) cross-checked as one storyline: enough for facts
#: found by shared words, by names and by meaning alone, and for pairs across events.
EVENTS = 12


def _all_pairs_mutual_best(
    owners: Sequence[str], score: Callable[[int, int], float | None]
) -> list[tuple[float, int, int]]:
    """Mutual best matches scoring every pair of items of every pair of articles: the definition."""
    edges = []
    for left, right in _article_pairs(owners):
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
        edges += [(s, i, j) for i, (s, j) in best_l.items() if best_r.get(j, (0.0, -1))[1] == i]
    return edges


def _article_pairs(owners: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """The items of every pair of articles, the article whose id sorts first on the left."""
    by_owner: dict[str, list[int]] = {}
    for i, owner in enumerate(owners):
        by_owner.setdefault(owner, []).append(i)
    keys = sorted(by_owner)
    return [(by_owner[a], by_owner[b]) for x, a in enumerate(keys) for b in keys[x + 1 :]]


def _all_pairs_matched(
    owners: Sequence[str], score: Callable[[int, int], float | None]
) -> list[tuple[float, int, int]]:
    """For every pair of articles, the strongest pair left of items not yet matched there, again and
    again (ties to the earlier items), scoring every pair: the definition of the greedy matching."""
    edges = []
    for items_l, items_r in _article_pairs(owners):
        left, right = set(items_l), set(items_r)
        while True:
            pairs = [(s, i, j) for i in sorted(left) for j in sorted(right) if (s := score(i, j)) is not None]
            if not pairs:
                break
            s, i, j = max(pairs, key=lambda p: (p[0], -p[1], -p[2]))
            edges.append((s, i, j))
            left.discard(i)
            right.discard(j)
    return sorted(edges, key=lambda e: (owners[e[1]], owners[e[2]], e[1]))


def _random_case(
    rng: random.Random,
) -> tuple[list[str], list[tuple[float, int, int]], Callable[[int, int], float | None]]:
    """Items of five articles with random scores (ties happen): the owners, the scored pairs in a
    random order, and the score of any pair (None for a pair never scored)."""
    owners = [rng.choice("abcde") for _ in range(rng.randint(2, 30))]
    table = {}
    for i in range(len(owners)):
        for j in range(i + 1, len(owners)):
            if owners[i] != owners[j] and rng.random() < 0.6:
                table[(i, j)] = float(rng.choice([0.5, 0.6, 0.7, rng.random()]))
    scored = [(s, i, j) for (i, j), s in table.items()]
    rng.shuffle(scored)
    return owners, scored, lambda i, j: table.get((min(i, j), max(i, j)))


def test_matched_edges_match_the_all_pairs_definition_and_hold_every_mutual_best_match() -> None:
    rng = random.Random(11)
    for _ in range(40):
        owners, scored, score = _random_case(rng)
        edges = matched_edges(owners, scored)
        assert edges == _all_pairs_matched(owners, score)
        assert set(mutual_best_edges(owners, scored)) <= set(edges)


def test_mutual_best_edges_match_the_all_pairs_definition_ties_and_order_included() -> None:
    rng = random.Random(3)
    for _ in range(40):
        owners, scored, score = _random_case(rng)
        assert mutual_best_edges(owners, scored) == _all_pairs_mutual_best(owners, score)


def test_shared_keys_and_close_vectors_find_exactly_the_pairs_brute_force_finds() -> None:
    rng = np.random.default_rng(5)
    n = 300
    owners = owner_codes([f"a{k}" for k in rng.integers(0, 40, n)])
    keys = [set(rng.choice(60, size=rng.integers(0, 5), replace=False).tolist()) for _ in range(n)]
    i, j = shared_key_pairs(incidence(keys, max_postings=n), owners, at_least=2)
    expected = {
        (x, y) for x in range(n) for y in range(x + 1, n) if owners[x] != owners[y] and len(keys[x] & keys[y]) >= 2
    }
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == expected and expected
    vectors = rng.normal(size=(n, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    found = close_pairs(vectors, np.arange(n), np.arange(n), owners, 0.5)
    sims = vectors @ vectors.T
    expected = {(x, y) for x in range(n) for y in range(x + 1, n) if owners[x] != owners[y] and sims[x, y] >= 0.5}
    assert set(found) == expected and expected


def test_a_key_held_by_too_many_items_pairs_none_of_them() -> None:
    owners = owner_codes([str(k) for k in range(10)])
    i, _ = shared_key_pairs(incidence([{"common"}] * 10, max_postings=5), owners)
    assert len(i) == 0


@pytest.fixture(scope="module")
def storyline(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> list:
    """The first ``EVENTS`` events of crosscheck-dev, read, annotated and linked as one storyline."""
    from parallax import pipeline
    from parallax.annotate.pipeline import annotate_each, link

    rows = [json.loads(line) for line in (shared / "bench" / "crosscheck-dev.jsonl").open(encoding="utf-8")]
    events = sorted({r["gold_cluster"] for r in rows})[:EVENTS]
    inputs = tmp_path_factory.mktemp("blocking") / "in.jsonl"
    inputs.write_text(
        "".join(
            json.dumps({k: r[k] for k in ("id", "title", "text") if k in r}) + "\n"
            for r in rows
            if r["gold_cluster"] in events
        ),
        encoding="utf-8",
    )
    articles, _ = pipeline.load([inputs])
    linked, _ = link(list(annotate_each(articles)))
    event = {r["id"]: r["gold_cluster"] for r in rows}
    return [(a, event[a.id]) for a in linked]


def test_blocking_drops_no_pair_that_all_pairs_scoring_would_join(storyline: list) -> None:
    from parallax.compare.align import Scorer, candidate_pairs
    from parallax.compare.embedding import Embedder
    from parallax.compare.facts import fact_units

    event_of = {a.id: e for a, e in storyline}
    units = [u for a, _ in storyline for u in fact_units(a)]
    owners = [u.article for u in units]
    scorer = Scorer(units, Embedder(), event_of=event_of, wanted=())
    i, j = scorer.candidates()
    blocked = set(zip(i.tolist(), j.tolist(), strict=True))
    # every pair of the units the blocking had embedded, scored
    embedded = np.array([k for k in range(len(units)) if int(scorer.rows[k]) in scorer.vectors])
    x, y = np.triu_indices(len(embedded), k=1)
    x, y = embedded[x], embedded[y]
    apart = np.array(owners)[x] != np.array(owners)[y]
    table = {(a, b): s for s, a, b in scorer.scored((x[apart], y[apart]))}
    assert table and set(table) <= blocked, sorted(set(table) - blocked)[:5]
    assert len(blocked) < apart.sum() / 10
    edges = matched_edges(owners, scorer.scored((i, j)))
    assert edges and edges == _all_pairs_matched(owners, lambda a, b: table.get((min(a, b), max(a, b))))
    # some of the pairs that score are found by meaning alone (no shared rare word, under two names)
    li, lj = candidate_pairs(units, scorer.lexical, scorer.row, scorer.backdrop)
    assert set(table) - set(zip(li.tolist(), lj.tolist(), strict=True))
