"""The story engine's cost per article as the store grows, against brute-force search.

    python -m bench.online_scaling [--sizes 10000,100000]

The first 200 ECB+ dev articles first (quality is `bench.clustering`, the same engine), then synthetic
articles until each checkpoint: embeddings around random event centres, a few rare words per
centre, days over a year. Each article is placed alone (`StoryEngine.place`: the search, the exact
rerank, the piece it touches re-cut and re-clustered). The per-article cost is the mean over the
last 2,000 articles before the checkpoint. Beside it, at the same size in the same run: the search
alone (exact while the store is under `EXACT_SEARCH`, HNSW above), brute-force search (one product
over every stored vector), the HNSW search's recall of the pairs brute force finds above the
similarity gate, and the largest piece re-clustered.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from bench.shared import dev_set, read_jsonl

WINDOW = 2_000
DEV_ARTICLES = 200


def _dev_items(limit: int):
    from parallax.stories import StoryInput
    from parallax.stories.engine import content_key
    from parallax.stories.signals import signals

    docs = []
    for r in list(read_jsonl(dev_set("clustering-dev.jsonl")))[:limit]:
        title, _, text = r["text"].partition("\n")
        docs.append(StoryInput(r["id"], title, text))
    return [(d.id, content_key(d, s.empty), s) for d, s in zip(docs, signals(docs), strict=True)]


def scale(sizes: list[int]) -> None:
    from parallax.stories import StoryEngine
    from parallax.stories.embed import DIM, QUANT
    from parallax.stories.signals import Signals
    from parallax.stories.similarity import GATE

    rng = np.random.default_rng(5)
    top = max(sizes)
    engine = StoryEngine()
    t = time.perf_counter()
    engine.place(_dev_items(DEV_ARTICLES))
    print(f"{len(engine)} ECB+ dev articles placed in {time.perf_counter() - t:.1f} s (embedding included)")
    centres = rng.standard_normal((max(1, top // 20), DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    centre_words = rng.integers(0, 1 << 20, size=(len(centres), 8)).astype(np.int32)
    centre_day = rng.integers(738_000, 738_365, size=len(centres))
    header = ("store size", "ms/article", "search ms", "brute ms", "brute/search", "recall", "largest piece", "RSS GB")
    print("{:>10} {:>11} {:>10} {:>9} {:>13} {:>7} {:>14} {:>7}".format(*header))
    started = time.perf_counter()
    i = len(engine)
    for size in sorted(sizes):
        spent, count, largest = 0.0, 0, 0
        while i < size:
            c = int(rng.integers(0, len(centres)))
            vector = centres[c] + 1.4 * rng.standard_normal(DIM).astype(np.float32) / np.sqrt(DIM)
            vector /= np.linalg.norm(vector)
            cols = np.unique(rng.choice(centre_words[c], size=4))
            words = (cols, rng.integers(100, 400, size=len(cols)).astype(np.int32))
            day = int(centre_day[c] + rng.integers(-1, 2))
            sig = Signals(np.rint(vector * QUANT).astype(np.int16), words, day, 0)
            t = time.perf_counter()
            engine.place([(f"syn{i}", f"syn{i}", sig)])
            if i >= size - WINDOW:
                spent += time.perf_counter() - t
                count += 1
                largest = max(largest, len(engine.pieces[engine.piece_of[engine.node_of[f"syn{i}"]]]))
            i += 1
        queries = [engine.signals[int(n)] for n in rng.integers(0, len(engine.signals), size=100)]
        t = time.perf_counter()
        found = [set(engine.candidates(q).tolist()) for q in queries]
        search = (time.perf_counter() - t) / len(queries) * 1000
        stored = np.stack([s.embedding for s in engine.signals]).astype(np.float32) / QUANT
        t = time.perf_counter()
        truth = []
        for q in queries:
            sims = stored @ (q.embedding.astype(np.float32) / QUANT)
            truth.append(set(np.nonzero(sims >= GATE)[0].tolist()))
        brute = (time.perf_counter() - t) / len(queries) * 1000
        hits = sum(len(f & g) for f, g in zip(found, truth, strict=True))
        recall = hits / max(1, sum(len(g) for g in truth))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        per = spent / max(1, count) * 1000
        print(
            f"{size:>10,} {per:>11.3f} {search:>10.3f} {brute:>9.3f} {brute / search:>13.1f} {recall:>7.4f} "
            f"{largest:>14} {rss:>7.2f}"
        )
    total = time.perf_counter() - started
    per_million = total / max(1, i - DEV_ARTICLES) * 1e6 / 60
    print(f"{i:,} articles in {total:.0f} s, {per_million:.1f} min per million incl. synthesis")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    scale([int(x) for x in args.sizes.split(",")])


if __name__ == "__main__":
    main()
