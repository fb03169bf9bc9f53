"""Online story assignment: quality on ECB+ and cost as the store grows.

    python -m bench.online_scaling --calibrate          # B³ on the ECB+ dev set, threshold sweep
    python -m bench.online_scaling [--sizes 10000,100000,1000000]

Quality: the dev articles are assigned one at a time in a fixed shuffled order; B³ F1 of the
online events against gold events (and storylines against topics), next to the batch clusterer
on the same articles in the same run. The sweep is chosen on one half of the topics and reported
on the other.

Scale: the real dev articles first, then synthetic articles (unit vectors around random event
centres, hashed-name vectors, days over a year) until each checkpoint; per-article cost is the
mean over the last chunks (≥ 2,000 articles) before the checkpoint, including the rerank and the
insertion; the ANN query alone is timed beside brute-force search (a matrix-vector product over
every stored vector and a top-20 selection) at the same size in the same run.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import numpy as np

from bench.shared import dev_set, read_jsonl, score_rows


def _b3(rows: list[dict], labels: dict[str, str], key: str = "gold_cluster") -> float:
    gold = [{"id": r["id"], "gold_cluster": r[key]} for r in rows]
    return score_rows("clustering", gold, [{"id": r["id"], "cluster": labels[r["id"]]} for r in rows])["bcubed"]["f1"]


def _dev():
    from parallax.stories.embed import embed_texts
    from parallax.stories.features import StoryInput, lead
    from parallax.stories.online import name_vector

    rows = list(read_jsonl(dev_set("clustering-dev.jsonl")))
    random.Random(13).shuffle(rows)
    docs = [StoryInput(r["id"], r["text"].split("\n", 1)[0], r["text"]) for r in rows]
    vectors = embed_texts([lead(d) for d in docs])
    names = np.stack([name_vector((d.title or "") + "\n" + d.text) for d in docs])
    return rows, docs, vectors, names


def _online_labels(docs, vectors, names, event_sim: float, line_sim: float) -> tuple[dict, dict]:
    from parallax.stories.online import OnlineClusterer

    c = OnlineClusterer(event_similarity=event_sim, storyline_similarity=line_sim)
    events = {}
    for d, v, n in zip(docs, vectors, names, strict=True):
        events[d.id] = c.add_vector(d.id, v, n, 0)
    return {k: str(e) for k, e in events.items()}, {k: str(c.event_storyline[e]) for k, e in events.items()}


def calibrate() -> None:
    from parallax.stories import cluster, online

    shipped = (online.EVENT_SIMILARITY, online.STORYLINE_SIMILARITY)
    rows, docs, vectors, names = _dev()
    t = time.perf_counter()
    batch = cluster(docs)
    batch_s = time.perf_counter() - t
    print(f"batch clusterer: events B3 F1 {_b3(rows, {a.id: a.event for a in batch}):.3f}  ({batch_s:.1f} s)")
    t = time.perf_counter()
    ev, ln = _online_labels(docs, vectors, names, *shipped)
    print(
        f"online (shipped {shipped[0]}/{shipped[1]}): events B3 F1 {_b3(rows, ev):.3f}, storylines vs topics "
        f"{_b3(rows, ln, 'topic'):.3f}  ({time.perf_counter() - t:.2f} s after embedding)"
    )
    topics = sorted({r["topic"] for r in rows}, key=int)
    halves = [set(topics[::2]), set(topics[1::2])]
    grid = [round(x, 3) for x in np.arange(0.30, 0.71, 0.025)]
    for a, b in ((0, 1), (1, 0)):
        idx = [i for i, r in enumerate(rows) if r["topic"] in halves[a]]
        other = [i for i, r in enumerate(rows) if r["topic"] in halves[b]]

        def f1(th: float, part: list[int]) -> float:
            labels, _ = _online_labels([docs[i] for i in part], vectors[part], names[part], th, shipped[1])
            return _b3([rows[i] for i in part], labels)

        best = max(grid, key=lambda th: f1(th, idx))
        print(
            f"split-half: event threshold {best} chosen on half {a + 1}; half {b + 1}: {f1(best, other):.3f} "
            f"(shipped {shipped[0]}: {f1(shipped[0], other):.3f})"
        )


def scale(sizes: list[int]) -> None:
    from parallax.stories.online import DIM, NAME_BUCKETS, OnlineClusterer

    _, docs, vectors, names = _dev()
    rng = np.random.default_rng(5)
    top = max(sizes)
    clusterer = OnlineClusterer(capacity=1024)
    for d, v, n in zip(docs, vectors, names, strict=True):
        clusterer.add_vector(d.id, v, n, 0)
    centres = rng.standard_normal((max(1, top // 20), DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    buckets = rng.integers(0, NAME_BUCKETS, size=(len(centres), 6))
    centre_day = rng.integers(738_000, 738_365, size=len(centres))
    window = 2_000
    header = ("store size", "online ms/article", "ANN ms/query", "brute ms/query", "brute / ANN", "RSS GB")
    print("{:>10} {:>18} {:>14} {:>17} {:>13} {:>7}".format(*header))
    started = time.perf_counter()
    checkpoint_times: dict[int, tuple[float, int]] = {}
    i = len(clusterer)
    chunk = 4096
    for size in sorted(sizes):
        while i < size:
            m = min(chunk, size - i)
            which = rng.integers(0, len(centres), size=m)
            vecs = centres[which] + 0.35 * rng.standard_normal((m, DIM)).astype(np.float32) / np.sqrt(DIM) * 4
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            nv = np.zeros((m, NAME_BUCKETS), np.float32)
            for r, c in enumerate(which):
                nv[r, buckets[c, rng.integers(0, 6, size=3)]] = 1.0
            nv /= np.linalg.norm(nv, axis=1, keepdims=True)
            days = centre_day[which] + rng.integers(-1, 2, size=m)
            timed = i + m > size - window
            t = time.perf_counter()
            for r in range(m):
                clusterer.add_vector(f"syn{i + r}", vecs[r], nv[r], int(days[r]))
            if timed:
                spent, count = checkpoint_times.get(size, (0.0, 0))
                checkpoint_times[size] = (spent + time.perf_counter() - t, count + m)
            i += m
        spent, count = checkpoint_times.get(size, (0.0, 1))
        per_article = spent / count * 1000
        queries = vecs[:200]
        t = time.perf_counter()
        for v in queries:
            clusterer.neighbours(v)
        ann = (time.perf_counter() - t) / len(queries) * 1000
        # brute force at this size: a matrix-vector product over `size` stored vectors (a block of up
        # to 20,000 real ones, repeated), per query
        stored = clusterer.index.get_items(list(range(min(size, 20_000))), return_type="numpy").astype(np.float32)
        reps = max(1, size // len(stored))
        t = time.perf_counter()
        for v in queries[:50]:
            for _ in range(reps):
                np.argpartition(-(stored @ v), 20)[:20]
        brute = (time.perf_counter() - t) / 50 * 1000
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(f"{size:>10,} {per_article:>18.3f} {ann:>14.3f} {brute:>17.3f} {brute / ann:>13.1f} {rss:>7.2f}")
    total = time.perf_counter() - started
    per_million = total / (i - len(docs)) * 1_000_000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(
        f"{i:,} articles placed in {total:.0f} s ({per_million / 60:.1f} min per million, incl. synthesis); "
        f"peak RSS {rss:.2f} GB; target 1M < 60 min and < 8 GB: "
        f"{'met' if per_million < 3600 and rss < 8 else 'NOT met'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    if args.calibrate:
        calibrate()
    else:
        scale([int(x) for x in args.sizes.split(",")])


if __name__ == "__main__":
    main()
