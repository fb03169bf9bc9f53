"""The pipeline end to end on real pages, as a growing store, next to plain extraction in the same run.

    python -m bench.end_to_end [--sizes 1000,10000,100000] [--workers 2]

Input: the 2,000 extraction dev pages (real news pages from published corpora). Past 2,000 the
pages are reused with their prose replaced: every text node of eight words or more gets a text
node of another real page (seeded, so every run sees the same pages), which keeps each page's
markup, size and boilerplate and makes it a new article, not a duplicate of the first.

The pages arrive in segments (the first checkpoint, then at most 10,000 at a time) into one store,
as a news day would: per segment, ingest (read, HTML extraction, metadata, dedup against all that
is stored, one SQLite transaction per article), annotate (spaCy + entities, quotes, time,
quantities; the per-article part, not written out) and stories (online assignment with the
embedding model into the store's index). ``--workers`` processes share cleaning and annotation.

The floor is ``trafilatura.extract`` of the 2,000 real pages on the same number of processes,
measured in the same run: the issue's aim is the whole pipeline within 5× of extraction alone.
Each checkpoint prints its segment's per-article cost (flat cost means a flat curve) and the
cumulative one; the last line extrapolates the last segment's cost to a news day of 250,000.
Lines are printed as segments finish, so a run stopped early still reports what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.shared import dev_set, read_jsonl

SEGMENT = 10_000
#: A text node of prose: eight words or more, no markup, no code-like characters.
PROSE = re.compile(r">(\s*[^<>{};=|]{40,}?)(?=<)")


def _extract(pages: list[str]) -> list[int]:
    import trafilatura

    return [len(trafilatura.extract(html, include_comments=False) or "") for html in pages]


def _is_prose(text: str) -> bool:
    return len(text.split()) >= 8


def prose_pool(rows: list[dict]) -> list[str]:
    return [m.group(1) for r in rows for m in PROSE.finditer(r["html"]) if _is_prose(m.group(1))]


def page(rows: list[dict], pool: list[str], k: int) -> dict:
    """Page ``k``: a real page for ``k`` < 2,000, else a real page's markup with new prose."""
    row = rows[k % len(rows)]
    copy = k // len(rows)
    if copy == 0:
        return {"id": row["id"], "url": row["url"], "html": row["html"]}
    rng = random.Random(k)

    def swap(m: re.Match[str]) -> str:
        return ">" + rng.choice(pool) if _is_prose(m.group(1)) else m.group(0)

    url = row["url"] and row["url"] + ("&" if "?" in row["url"] else "?") + f"copy={copy}"
    return {"id": f"{row['id']}-{copy}", "url": url, "html": PROSE.sub(swap, row["html"])}


def segments(sizes: list[int]) -> Iterator[tuple[int, int, bool]]:
    """``(start, end, is_checkpoint)``: up to each size in steps of at most ``SEGMENT``."""
    start = 0
    for size in sizes:
        while start < size:
            end = min(size, start + SEGMENT if start else size)
            yield start, end, end == size
            start = end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))

    from parallax import pipeline
    from parallax.annotate.pipeline import annotate_each
    from parallax.scale.processes import WorkerPool
    from parallax.store import Store

    rows = list(read_jsonl(dev_set("extraction-dev.jsonl.gz")))
    pool = prose_pool(rows)
    t = time.perf_counter()
    if args.workers > 1:
        with WorkerPool(args.workers) as workers:
            list(workers.map(_extract, [r["html"] for r in rows], chunk_size=16))
    else:
        _extract([r["html"] for r in rows])
    floor = (time.perf_counter() - t) / len(rows)
    print(
        f"floor: trafilatura.extract, {len(rows)} real pages on {args.workers} processes: "
        f"{floor * 1000:.1f} ms/page; pipeline on {args.workers} processes\n"
        f"{'pages':>7} {'segment':>7} {'ingest s':>8} {'annot. s':>8} {'stories s':>9} "
        f"{'ms/art.':>7} {'× floor':>7} {'cum. art/s':>10} {'dups':>5} {'RSS GB':>6} {'workers GB':>10}",
        flush=True,
    )
    spent = stored = 0.0
    last = 0.0
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "s.db")) as store:
        for start, end, checkpoint in segments(sizes):
            src = Path(tmp) / "pages.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for k in range(start, end):
                    fh.write(json.dumps(page(rows, pool, k)) + "\n")
            t = time.perf_counter()
            report = pipeline.ingest([src], store, workers=args.workers)
            ingest_s = time.perf_counter() - t
            t = time.perf_counter()
            todo = (a for a in (store.article(i) for i in report.article_ids) if a is not None)
            annotated = sum(1 for _ in annotate_each(todo, workers=args.workers))
            annotate_s = time.perf_counter() - t
            t = time.perf_counter()
            pipeline.assign_stories(store, report.article_ids)
            stories_s = time.perf_counter() - t
            src.unlink()
            seconds = ingest_s + annotate_s + stories_s
            spent += seconds
            stored += annotated
            last = seconds / max(1, annotated)
            dups = sum(1 for i in report.article_ids if (a := store.article(i)) is not None and a.duplicate_of)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
            print(
                f"{end:>7} {end - start:>7} {ingest_s:>8.1f} {annotate_s:>8.1f} {stories_s:>9.1f} "
                f"{last * 1000:>7.1f} {last / floor:>7.1f} {stored / spent:>10.1f} {dups:>5} {rss:>6.2f} "
                f"{children:>10.2f}{'  checkpoint' if checkpoint else ''}",
                flush=True,
            )
    day = 250_000 * last / 3600
    print(
        f"250,000 articles at the last segment's per-article cost, {args.workers} processes: {day:.1f} h "
        "(target: under 6 h)"
    )


if __name__ == "__main__":
    main()
