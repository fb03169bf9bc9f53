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

``--store PATH`` keeps the store in PATH instead of a temporary folder, and notes in
``PATH.pages`` how many pages the finished segments hold; a later run with the same store resumes
after them (a segment cut short is run again: ingest skips the pages already stored, so that line
is marked ``resumed`` and its ingest time is not a full segment's).

``--annotate-every K`` annotates every K-th article of a segment and counts the annotate stage
at K times its measured time, less the annotators' start (processes spawned, model loaded, until
the first batch is back), which is counted once: annotation is a pure function of one article
whose output the later stages here do not read, so its per-article cost does not depend on the
store's size and a sample measures it; ingest and stories, which do grow with the store, run on
every article. The header says which.
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
from typing import TYPE_CHECKING

from bench.shared import dev_set, read_jsonl

if TYPE_CHECKING:
    from parallax.store import Store

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
    parser.add_argument("--store", type=Path, help="keep the SQLite store here; resume if it holds pages")
    parser.add_argument("--annotate-every", type=int, default=1, metavar="K", help="annotate every K-th article")
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))

    rows = list(read_jsonl(dev_set("extraction-dev.jsonl.gz")))
    pool = prose_pool(rows)
    floor = _floor(rows, args.workers)
    sampled = f", annotate stage timed on 1 article in {args.annotate_every}" if args.annotate_every > 1 else ""
    print(
        f"floor: trafilatura.extract, {len(rows)} real pages on {args.workers} processes: "
        f"{floor * 1000:.1f} ms/page; pipeline on {args.workers} processes{sampled}\n"
        f"{'pages':>7} {'segment':>7} {'ingest s':>8} {'annot. s':>8} {'stories s':>9} "
        f"{'ms/art.':>7} {'× floor':>7} {'cum. art/s':>10} {'dups':>5} {'RSS GB':>6} {'workers GB':>10}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        last = _grow(Path(tmp), args.store or Path(tmp) / "s.db", rows, pool, sizes, args, floor)
    day = 250_000 * last / 3600
    print(
        f"250,000 articles at the last segment's per-article cost, {args.workers} processes: {day:.1f} h "
        "(target: under 6 h)"
    )


def _floor(rows: list[dict], workers: int) -> float:
    """Seconds per page of ``trafilatura.extract`` on ``workers`` processes: the same-run baseline."""
    from parallax.scale.processes import WorkerPool

    t = time.perf_counter()
    if workers > 1:
        with WorkerPool(workers) as pages:
            list(pages.map(_extract, [r["html"] for r in rows], chunk_size=16))
    else:
        _extract([r["html"] for r in rows])
    return (time.perf_counter() - t) / len(rows)


def _annotate_seconds(ids: list[str], store: Store, every: int, workers: int) -> float:
    """Seconds to annotate the articles ``ids``, timed on every ``every``-th of them.

    The annotators start (processes spawned, model loaded) once per call: the time until the
    first batch comes back, with the first batch of each worker, is counted once; only the time
    after it is scaled to the whole (the other workers' first batches may still be running then,
    so the estimate errs high, not low)."""
    from parallax.annotate.pipeline import BATCH_SIZE
    from parallax.scale import Engine

    sample = (a for a in (store.article(i) for i in ids[::every]) if a is not None)
    t = time.perf_counter()
    done, started = 0, 0.0
    for _ in Engine(workers=workers).annotator()(sample):
        done += 1
        started = started or time.perf_counter() - t
    rest = time.perf_counter() - t - started
    first = min(done, BATCH_SIZE * workers)
    if every == 1 or done <= first:
        return started + rest
    return started + rest * (len(ids) - first) / (done - first)


def _grow(
    tmp: Path, db: Path, rows: list[dict], pool: list[str], sizes: list[int], args: argparse.Namespace, floor: float
) -> float:
    """Grow the store segment by segment, printing a line per segment; the last segment's seconds
    per article."""
    from parallax import pipeline
    from parallax.scale import Engine
    from parallax.store import Store

    spent = stored = last = 0.0
    marker = db.with_name(db.name + ".pages")
    done = int(marker.read_text()) if marker.exists() else 0
    with Store.open(str(db)) as store:
        for start, end, checkpoint in segments(sizes):
            if end <= done:
                continue
            src = tmp / "pages.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for k in range(start, end):
                    fh.write(json.dumps(page(rows, pool, k)) + "\n")
            t = time.perf_counter()
            report = pipeline.ingest([src], store, engine=Engine(workers=args.workers), stories=False)
            ingest_s = time.perf_counter() - t
            ids = report.article_ids
            annotate_s = _annotate_seconds(ids, store, args.annotate_every, args.workers)
            t = time.perf_counter()
            pipeline.place(store, ids)
            stories_s = time.perf_counter() - t
            src.unlink()
            seconds = ingest_s + annotate_s + stories_s
            spent += seconds
            stored += len(ids)
            last = seconds / max(1, len(ids))
            dups = sum(1 for i in ids if (a := store.article(i)) is not None and a.duplicate_of)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
            marker.write_text(str(end))
            marks = ("  checkpoint" if checkpoint else "") + ("  resumed" if report.counts["unchanged"] else "")
            print(
                f"{end:>7} {end - start:>7} {ingest_s:>8.1f} {annotate_s:>8.1f} {stories_s:>9.1f} "
                f"{last * 1000:>7.1f} {last / floor:>7.1f} {stored / spent:>10.1f} {dups:>5} {rss:>6.2f} "
                f"{children:>10.2f}{marks}",
                flush=True,
            )
    return last


if __name__ == "__main__":
    main()
