"""The pipeline end to end on real pages, stage by stage, next to plain extraction in the same run.

    python -m bench.end_to_end [--pages 1000,2000]

Input: the extraction dev pages (real news pages from published corpora), as JSONL rows with
``html``. For each size: ingest (read, HTML extraction, metadata, dedup, store in a fresh SQLite
file), annotate (spaCy + entities, quotes, time, quantities, one process), stories (online
assignment with the embedding model). The floor is ``trafilatura.extract`` on the same pages: the
issue's aim is the whole pipeline within 5× of extraction alone. The last line extrapolates the
per-article cost to a news day of 250,000 articles on this machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from bench.shared import dev_set, read_jsonl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", default="1000,2000")
    args = parser.parse_args()

    import trafilatura

    from parallax import pipeline
    from parallax.annotate.pipeline import annotate_each
    from parallax.store import Store

    rows = list(read_jsonl(dev_set("extraction-dev.jsonl.gz")))
    print(
        f"{'pages':>6} {'extract floor s':>15} {'ingest s':>9} {'annotate s':>11} {'stories s':>10} "
        f"{'total s':>8} {'× floor':>8} {'articles/s':>11} {'RSS GB':>7}"
    )
    per_article = 0.0
    for n in [int(x) for x in args.pages.split(",")]:
        subset = rows[:n]
        t = time.perf_counter()
        for r in subset:
            trafilatura.extract(r["html"], include_comments=False)
        floor = time.perf_counter() - t
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "pages.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for r in subset:
                    fh.write(json.dumps({"id": r["id"], "url": r["url"], "html": r["html"]}) + "\n")
            with Store.open(str(Path(tmp) / "s.db")) as store:
                t = time.perf_counter()
                report = pipeline.ingest([src], store)
                ingest_s = time.perf_counter() - t
                t = time.perf_counter()
                annotated = sum(1 for _ in annotate_each(store.iter_articles()))
                annotate_s = time.perf_counter() - t
                t = time.perf_counter()
                placed = pipeline.assign_stories(store, report.article_ids)
                stories_s = time.perf_counter() - t
        total = ingest_s + annotate_s + stories_s
        per_article = total / max(1, annotated)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(
            f"{n:>6} {floor:>15.1f} {ingest_s:>9.1f} {annotate_s:>11.1f} {stories_s:>10.1f} {total:>8.1f} "
            f"{total / floor:>8.1f} {annotated / total:>11.1f} {rss:>7.2f}"
            f"   ({annotated} articles stored, {len(placed)} placed, {report.counts['failed']} pages without text)"
        )
    day = 250_000 * per_article / 3600
    print(f"250,000 articles at the last size's per-article cost, one process: {day:.1f} h (target: under 6 h)")


if __name__ == "__main__":
    main()
