"""Time per stage for one storyline of N articles (issue target: 200 articles in under a minute).

    python -m bench.analyze_speed [--articles 200]

The storyline is the example corpus's largest story replicated with light edits so that near-copy
detection, clustering and alignment see realistic input; the baseline printed beside it is
cleaning alone on the same texts.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from bench.shared import REPO


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()

    from parallax import analysis, pipeline
    from parallax.annotate.pipeline import annotate_each

    t = time.perf_counter()
    base, _ = pipeline.load([REPO / "examples" / "corpus"])
    clean_time = time.perf_counter() - t
    corpus = []
    i = 0
    while len(corpus) < args.articles:
        for a in base:
            paragraphs = a.body.split("\n\n")
            body = "\n\n".join(paragraphs[: max(1, len(paragraphs) - (i % 3))])  # copies lose paragraphs
            corpus.append(replace(a, id=f"{a.id}-{i}", body=body))
            if len(corpus) >= args.articles:
                break
        i += 1

    timings = {}
    t = time.perf_counter()
    annotated = list(annotate_each(corpus))
    timings["annotate"] = time.perf_counter() - t
    t = time.perf_counter()
    storylines = analysis.group_stories(annotated)
    timings["stories"] = time.perf_counter() - t
    t = time.perf_counter()
    for sl in storylines:
        analysis.analyze_storyline(sl, annotated)
    timings["link+compare+timeline+summary"] = time.perf_counter() - t

    total = sum(timings.values())
    print(f"articles: {len(corpus)} in {len(storylines)} storylines")
    print(f"baseline, cleaning {len(base)} articles: {clean_time:.2f} s")
    for stage, seconds in timings.items():
        print(f"{stage:>26}: {seconds:7.2f} s")
    print(f"{'total':>26}: {total:7.2f} s  (target: under 60 s for 200 articles)")


if __name__ == "__main__":
    main()
