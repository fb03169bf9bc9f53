"""Annotation throughput on Ray with 1 and 2 local workers, next to the local engine on 1 and 2
processes, same run.

    python -m bench.ray_annotate [--copies 15]

Texts: the example corpus (cleaned) replicated. Ray's numbers include starting the local cluster
and one model load per worker, as a user's run would.
"""

from __future__ import annotations

import argparse
import os
import time

from bench.shared import example_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    from parallax.annotate.pipeline import annotate_each
    from parallax.scale.ray_engine import annotate_each_on_ray

    corpus = example_articles(args.copies)
    t = time.perf_counter()
    local = list(annotate_each(corpus))
    local_rate = len(corpus) / (time.perf_counter() - t)
    print(f"{len(corpus)} articles")
    print(f"local engine (1 process):  {local_rate:6.1f} articles/s")
    t = time.perf_counter()
    pooled = list(annotate_each(corpus, workers=2))
    rate = len(corpus) / (time.perf_counter() - t)
    same = "identical" if pooled == local else "DIFFERENT"
    print(f"local engine (2 processes): {rate:5.1f} articles/s  ({same} to 1 process)")
    for workers in (1, 2):
        t = time.perf_counter()
        out = list(annotate_each_on_ray(corpus, workers=workers))
        rate = len(corpus) / (time.perf_counter() - t)
        same = "identical" if out == local else "DIFFERENT"
        print(f"ray, {workers} worker{'s' if workers > 1 else ' '}:          {rate:6.1f} articles/s  ({same} to local)")


if __name__ == "__main__":
    main()
