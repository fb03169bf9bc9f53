"""Annotate-stage throughput next to the bare spaCy pipeline on the same texts, in the same run.

    python -m bench.annotate_speed

Texts: the 150 real articles of crosscheck-dev (three US outlets, full length), cleaned as
``parallax`` reads them; one process, one core.
"""

from __future__ import annotations

import argparse
import os
import time

from bench.shared import real_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-set", default="crosscheck-dev.jsonl", help="a dev set with id/title/text rows")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    from parallax.annotate.nlp import load_nlp
    from parallax.annotate.pipeline import annotate_each

    corpus = real_articles(args.dev_set)
    nlp = load_nlp()
    list(nlp.pipe([a.body for a in corpus[:4]]))  # warm-up

    t = time.perf_counter()
    for _ in nlp.pipe([a.body for a in corpus], batch_size=16):
        pass
    bare = time.perf_counter() - t

    t = time.perf_counter()
    for _ in annotate_each(corpus):
        pass
    full = time.perf_counter() - t

    n = len(corpus)
    words = sum(len(a.body.split()) for a in corpus)
    print(f"articles: {n} ({words / n:.0f} words on average)")
    print(f"bare spaCy pipeline: {n / bare:7.1f} articles/s")
    print(f"annotate stage:      {n / full:7.1f} articles/s  ({full / bare:.2f}x the bare pipeline's time)")


if __name__ == "__main__":
    main()
