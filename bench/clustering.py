"""Events on the ECB+ dev set (B³ F1 against gold events, and storylines against topics), with a
split-half check of the event threshold, next to the TF-IDF + agglomerative baseline.

    python -m bench.clustering
"""

from __future__ import annotations

import time

import numpy as np

from bench.shared import dev_set, read_jsonl, score_rows


def _score(gold_rows: list[dict], labels: dict[str, str], key: str = "gold_cluster") -> float:
    rows = [{"id": r["id"], "gold_cluster": r[key]} for r in gold_rows]
    preds = [{"id": r["id"], "cluster": labels[r["id"]]} for r in gold_rows]
    return score_rows("clustering", rows, preds)["bcubed"]["f1"]


def main() -> None:
    from parallax.stories import cluster
    from parallax.stories.cluster import DATE_PENALTY, EVENT_DISTANCE, _average_linkage, similarity
    from parallax.stories.features import StoryInput

    rows = list(read_jsonl(dev_set("clustering-dev.jsonl")))
    docs = [StoryInput(r["id"], r["text"].split("\n", 1)[0], r["text"]) for r in rows]

    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from parallax.language.terms import tfidf_matrix

    base = tfidf_matrix([d.text for d in docs])
    dist = np.clip(1 - base @ base.T, 0, None)
    np.fill_diagonal(dist, 0)
    base_labels = fcluster(linkage(squareform(dist, checks=False), "complete"), t=0.9, criterion="distance")
    base_map = {d.id: str(x) for d, x in zip(docs, base_labels, strict=True)}
    print(f"baseline TF-IDF, complete linkage at 0.9: B3 F1 {_score(rows, base_map):.3f}")

    t = time.perf_counter()
    assignments = cluster(docs)
    seconds = time.perf_counter() - t
    events = {a.id: a.event for a in assignments}
    lines = {a.id: a.storyline for a in assignments}
    print(f"parallax events:     B3 F1 {_score(rows, events):.3f}  ({len(docs) / seconds:.0f} articles/s)")
    print(f"parallax storylines: B3 F1 vs topics {_score(rows, lines, 'topic'):.3f}")

    sim, conflict = similarity(docs)
    topics = sorted({r["topic"] for r in rows}, key=int)
    halves = [set(topics[::2]), set(topics[1::2])]
    grid = np.arange(0.5, 0.81, 0.025)
    for a, b in ((0, 1), (1, 0)):

        def f1(th: float, half: set[str]) -> float:
            idx = [i for i, r in enumerate(rows) if r["topic"] in half]
            sub = sim[np.ix_(idx, idx)] - DATE_PENALTY * conflict[np.ix_(idx, idx)]
            labels = _average_linkage(sub, th)
            return _score([rows[i] for i in idx], {rows[i]["id"]: str(x) for i, x in zip(idx, labels, strict=True)})

        best = max(grid, key=lambda th: f1(th, halves[a]))
        print(
            f"split-half: threshold {best:.3f} chosen on half {a + 1}, B3 F1 on half {b + 1}: {f1(best, halves[b]):.3f}"
            f" (shipped threshold {EVENT_DISTANCE}: {f1(EVENT_DISTANCE, halves[b]):.3f})"
        )


if __name__ == "__main__":
    main()
