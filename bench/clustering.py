"""Events on both clustering dev sets, read as `parallax stories` reads them, scored with B³ F1.

    python -m bench.clustering

ECB+ (772 articles, 66 events in 33 topics; storylines scored against topics) and NeuS (921 leads,
307 stories of 3 outlets, no dates). Rows the cleaner drops are scored as misses (singletons).
Beside the shipped setting: the TF-IDF complete-linkage baseline of bench/README.md, the event
threshold chosen on one set and scored on the other (cross-set), and chosen on one half of both
sets' stories and scored on the other half (split-half), so the figure is not a fitted one.
"""

from __future__ import annotations

import numpy as np

from bench.shared import dev_set, read_jsonl, score_rows

SETS = {"ECB+": "clustering-dev.jsonl", "NeuS": "clustering-neus-dev.jsonl"}
BASELINE_THRESHOLD = {"ECB+": 0.9, "NeuS": 0.85}  # chosen on each file (bench/README.md)
GRID = [round(x, 3) for x in np.arange(0.5, 0.751, 0.025)]


def b3(rows: list[dict], labels: dict[str, str], key: str = "gold_cluster") -> tuple[float, float, float]:
    gold = [{"id": r["id"], "gold_cluster": r[key]} for r in rows]
    preds = [{"id": r["id"], "cluster": labels[r["id"]]} for r in rows if r["id"] in labels]
    s = score_rows("clustering", gold, preds)["bcubed"]
    return s["f1"], s["precision"], s["recall"]


def _baseline(docs, threshold: float) -> dict[str, str]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from parallax.language.terms import tfidf_matrix

    m = tfidf_matrix([(d.title or "") + "\n" + d.text for d in docs])
    dist = np.clip(1 - m @ m.T, 0, None)
    np.fill_diagonal(dist, 0)
    labels = fcluster(linkage(squareform(dist, checks=False), "complete"), t=threshold, criterion="distance")
    return {d.id: str(x) for d, x in zip(docs, labels, strict=True)}


def _events(items, distance: float) -> dict[str, str]:
    from parallax.stories import StoryEngine

    engine = StoryEngine(event_distance=distance)
    engine.place(items)
    return {a.id: a.event for a in engine.assigned.values()}


def main() -> None:
    from parallax import pipeline
    from parallax.stories import StoryInput, cluster
    from parallax.stories.engine import EVENT_DISTANCE, content_key
    from parallax.stories.signals import signals

    data = {}
    for name, file in SETS.items():
        rows = list(read_jsonl(dev_set(file)))
        articles, errors = pipeline.load([dev_set(file)])
        docs = [StoryInput(a.id, a.title, a.body, a.published) for a in articles]
        result = cluster(docs)
        events = {a.id: a.event for a in result}
        f1, p, r = b3(rows, events)
        base = b3(rows, _baseline(docs, BASELINE_THRESHOLD[name]))[0]
        print(
            f"{name}: events B3 F1 {f1:.3f} (P {p:.3f}, R {r:.3f}), {len(set(events.values()))} events for "
            f"{len({x['gold_cluster'] for x in rows})}; {len(errors)} of {len(rows)} rows dropped by cleaning; "
            f"baseline TF-IDF complete link at {BASELINE_THRESHOLD[name]}: {base:.3f}"
        )
        if rows[0].get("topic") is not None:
            lines = {a.id: a.storyline for a in result}
            topics = b3(rows, lines, "topic")[0]
            print(f"{name}: storylines vs topics B3 F1 {topics:.3f}, {len(set(lines.values()))} storylines")
        features = signals(docs)
        items = [(d.id, content_key(d, s.empty), s) for d, s in zip(docs, features, strict=True)]
        data[name] = (rows, {t: _events(items, t) for t in GRID})

    def f1(name: str, t: float, part: int | None = None) -> float:
        rows, by_t = data[name]
        if part is not None:  # stories split in two by their gold cluster, alternately
            clusters = sorted({r["gold_cluster"] for r in rows})
            half = set(clusters[part::2])
            rows = [r for r in rows if r["gold_cluster"] in half]
        return b3(rows, by_t[t])[0]

    for a, b in (("ECB+", "NeuS"), ("NeuS", "ECB+")):
        best = max(GRID, key=lambda t: f1(a, t))
        print(f"cross-set: event distance {best} chosen on {a} ({f1(a, best):.3f}); {b}: {f1(b, best):.3f}")
    for part in (0, 1):
        best = max(GRID, key=lambda t: min(f1(n, t, part) for n in SETS))
        other = 1 - part
        print(
            f"split-half: event distance {best} chosen on half {part + 1} of both sets; half {other + 1}: "
            + ", ".join(f"{n} {f1(n, best, other):.3f}" for n in SETS)
            + f" (shipped {EVENT_DISTANCE}: "
            + ", ".join(f"{n} {f1(n, EVENT_DISTANCE, other):.3f}" for n in SETS)
            + ")"
        )


if __name__ == "__main__":
    main()
