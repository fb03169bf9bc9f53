"""A `parallax watch` round on a store of 100,000 articles: does its cost follow the new items or
the store?

    python -m bench.watch_round [--store /tmp/watch-bench/store.db] [--size 100000]

The store (built once, kept at ``--store``, copied before the rounds so a rerun starts from the
same state): the first ``--base`` (300) real articles of the extraction dev set (``gold_title``/``gold_body``), each
written again as a syndicated copy of itself under other outlets until the store holds
``--size`` articles: copy ``r`` of an article has id ``<id>~r``, outlet ``Outlet r``, the title
suffixed ``| Outlet r`` and a publication date ``r`` × 75 days later (past the 60-day storyline
window, so the copies form storylines of their own quarter instead of one giant one). Each
original is cleaned once (``build_article``, as ingest does) and every copy is linked by the
duplicate linker and stored as the rows ``Store.save`` writes (5,000 to a transaction); every copy is placed
online by ``pipeline.assign_stories``, as ``parallax ingest`` places it. Annotation is skipped where the round
does not need it: the originals are analysed once for real (``analyze_articles``) and that
analysis is written for every copy with its ids, outlet and date mapped, so every stored article
counts as analysed and a round re-analyses only the storylines that receive articles, as it would
on a real store.

The rounds, in one process against a local HTTP server: a warm-up round (5 items, models loaded;
not counted), then a round with 50 new items and one with 500 (PolNeAR dev articles, real news,
dated in the store's last window so they may join its storylines), each a full-content RSS feed
fetched over HTTP. Each round prints its time per phase; the last line is the ratio of the two.
The duplicate linker is primed from the store once per process (a long-running watch pays it at
start; ``--once`` from cron pays it every run): printed apart.
"""

from __future__ import annotations

import argparse
import html
import shutil
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from bench.shared import dev_set, read_jsonl

START = date(2016, 1, 4)
#: Copy r of an article is dated r * SPACING days after the first (plus the article's own offset
#: of up to SPREAD - 1 days): past the 60-day storyline window, so copies never join each other.
SPACING = 75
SPREAD = 10


def base_rows(n: int = 2000) -> list[dict[str, Any]]:
    rows = []
    for i, r in enumerate(read_jsonl(dev_set("extraction-dev.jsonl.gz"))):
        body = (r.get("gold_body") or "").strip()
        if len(body) >= 300:
            rows.append({"id": f"x{i:05d}", "title": (r.get("gold_title") or "").strip() or None, "text": body})
        if len(rows) >= n:
            break
    return rows


def day(r: int, i: int) -> str:
    return (START + timedelta(days=r * SPACING + i % SPREAD)).isoformat()


def replica(row: dict[str, Any], r: int, i: int) -> dict[str, Any]:
    title = f"{row['title']} | Outlet {r}" if row["title"] else None
    outlet = f"Outlet {r}"
    return {"id": f"{row['id']}~{r}", "text": row["text"], "title": title, "outlet": outlet, "published": day(r, i)}


def _map_ids(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_map_ids(v, mapping) for v in value]
    if isinstance(value, dict):
        return {mapping.get(k, k): _map_ids(v, mapping) for k, v in value.items()}
    return value


def build(db: Path, size: int, n_base: int) -> None:
    """Store, place and (by mapping one real analysis) analyse ``size`` articles into ``db``."""
    from dataclasses import replace

    from sqlalchemy import insert

    from parallax.analysis import analyze_articles
    from parallax.ingest.batch import DuplicateLinker
    from parallax.ingest.build import build_article
    from parallax.model import RawDocument
    from parallax.store import Store
    from parallax.store.codec import article_to_row, raw_to_row
    from parallax.store.schema import articles, raw_documents

    stage = db.with_suffix(".stage")
    done = stage.read_text().split() if stage.exists() else []
    rows = base_rows(n_base)
    copies = -(-size // len(rows))
    plan = [(r, i) for r in range(copies) for i in range(len(rows))][:size]
    with Store.open(str(db)) as store:
        originals = []
        for row in rows:  # each real article cleaned once, as ingest cleans it
            raw = RawDocument(id=row["id"], kind="text", content=row["text"], source=row["id"], title=row["title"])
            originals.append(build_article(raw))
        if "stored" not in done:
            t = time.perf_counter()
            linker = DuplicateLinker()
            batch: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for n, (r, i) in enumerate(plan):
                rep = replica(rows[i], r, i)
                raw = RawDocument(id=rep["id"], kind="text", content=rows[i]["text"], source=rep["id"],
                                  title=rep["title"], outlet=rep["outlet"], published=rep["published"])  # fmt: skip
                article = replace(originals[i], id=rep["id"], title=rep["title"], outlet=rep["outlet"],
                                  published=rep["published"], source=rep["id"])  # fmt: skip
                article, signature = linker.link(article)
                row = article_to_row(article)
                row["minhash"] = signature
                batch.append(({**raw_to_row(raw), "ingested_at": datetime.now(UTC)}, row))
                if len(batch) == 5_000 or n == len(plan) - 1:
                    # the rows Store.save writes, 5,000 to a transaction (one each is ingest's cost,
                    # which the rounds measure; the fixture needs only the same rows)
                    with store.engine.begin() as c:
                        c.execute(insert(raw_documents), [b[0] for b in batch])
                        c.execute(insert(articles), [b[1] for b in batch])
                    batch.clear()
                    print(f"build: stored {n + 1:,} ({time.perf_counter() - t:.0f} s)", flush=True)
            stage.write_text("stored\n")
        if "placed" not in done:
            _place(store, rows, originals, plan)
            stage.write_text("stored\nplaced\n")
        if "analysed" not in done:
            t = time.perf_counter()
            dossier = analyze_articles(originals)
            print(f"build: analysed the {len(originals)} originals in {time.perf_counter() - t:.0f} s", flush=True)
            for r in range(copies):
                keep = {rows[i]["id"] for rr, i in plan if rr == r}
                mapping = {a: f"{a}~{r}" for a in keep}
                mapping.update({s["id"]: f"{s['id']}~{r}" for s in dossier["storylines"]})
                lines = [s for s in dossier["storylines"] if set(s["articles"]) <= keep]
                index = {row["id"]: i for i, row in enumerate(rows)}
                records = []
                for rec in dossier["articles"]:
                    if rec["id"] in keep:
                        mapped = _map_ids(rec, mapping)
                        mapped.update(outlet=f"Outlet {r}", published=day(r, index[rec["id"]]))
                        records.append(mapped)
                store.save_analysis({"articles": records, "storylines": [_map_ids(s, mapping) for s in lines]})
            print(f"build: analyses written for {copies} copies ({time.perf_counter() - t:.0f} s)", flush=True)
            stage.write_text("stored\nplaced\nanalysed\n")


def _place(store: Any, rows: list[dict[str, Any]], originals: list[Any], plan: list[tuple[int, int]]) -> None:
    """Every copy placed online as ``parallax ingest`` places it, in publication order."""
    from parallax import pipeline

    t = time.perf_counter()
    ids = _ids(store)
    for k in range(0, len(ids), 10_000):
        pipeline.assign_stories(store, ids[k : k + 10_000])
        print(f"build: placed {min(k + 10_000, len(ids)):,} ({time.perf_counter() - t:.0f} s)", flush=True)


def _ids(store: Any) -> list[str]:
    from sqlalchemy import select

    from parallax.store.schema import articles

    with store.engine.connect() as c:
        return list(c.execute(select(articles.c.id).order_by(articles.c.published, articles.c.id)).scalars())


def new_items(n: int, offset: int, last_quarter: int) -> list[dict[str, Any]]:
    rows = list(read_jsonl(dev_set("quotes-dev.jsonl.gz")))[offset : offset + n]
    items = []
    for i, r in enumerate(rows):
        text = r["text"].strip()
        title, _, body = text.partition("\n")
        items.append({"id": r["id"], "title": title.strip(), "body": body.strip() or text, "outlet": r["outlet"],
                      "published": day(last_quarter, i)})  # fmt: skip
    return items


def feed(base: str, items: list[dict[str, Any]]) -> bytes:
    entries = []
    for e in items:
        y, m, d = (int(x) for x in e["published"].split("-"))
        stamp = format_datetime(datetime(y, m, d, 12, tzinfo=UTC), usegmt=True)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in e["body"].split("\n") if p.strip())
        entries.append(
            f"<item><title>{html.escape(e['title'])}</title><link>{base}/a/{html.escape(e['id'])}</link>"
            f"<pubDate>{stamp}</pubDate><author>{html.escape(e['outlet'])}</author>"
            f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench wire</title>'
        + "".join(entries)
        + "</channel></rss>"
    ).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=Path("/tmp/watch-bench/store.db"))
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--base", type=int, default=300, help="distinct real articles the store is made of")
    args = parser.parse_args()
    from parallax.store import Store
    from parallax.watch import WatchOptions, open_watch
    from tests.watch_site import Route, serving

    args.store.parent.mkdir(parents=True, exist_ok=True)
    build(args.store, args.size, args.base)
    work = args.store.with_name("round.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.rmtree(str(work) + ".state", ignore_errors=True)
    shutil.copy(args.store, work)
    shutil.copytree(str(args.store) + ".state", str(work) + ".state")
    last_quarter = -(-args.size // len(base_rows(args.base))) - 1
    with serving() as site, Store.open(str(work)) as store:
        print(f"store: {store.count():,} articles, {len(store.assignments()):,} placed", flush=True)
        watcher, _ = open_watch(store, [site.base + "/feed.xml"], WatchOptions(delay=0))
        t = time.perf_counter()
        watcher._linked()
        print(f"duplicate linker primed from the store once: {time.perf_counter() - t:.1f} s", flush=True)
        results = {}
        offset = 0
        for label, n in (("warm-up", 5), ("50 new", 50), ("500 new", 500)):
            site.routes["/feed.xml"] = Route(feed(site.base, new_items(n, offset, last_quarter)))
            offset += n
            report = watcher.round()
            results[label] = report.seconds
            phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items())
            c = report.counts
            print(
                f"{label}: {report.seconds:.1f} s ({phases}); {c['inserted']} new, {c['placed']} placed, "
                f"{c['analysed']} storylines analysed, {c['changes']} changes, {len(report.errors)} errors",
                flush=True,
            )
    ratio = results["500 new"] / results["50 new"]
    print(f"500 new / 50 new = {ratio:.1f}× the time for 10× the items on a {args.size:,}-article store")


if __name__ == "__main__":
    main()
