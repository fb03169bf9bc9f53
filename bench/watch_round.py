"""A `parallax watch` round on a store of 100,000 articles: does its cost follow the new items or
the store?

    python -m bench.watch_round [--store /tmp/watch-bench/store.db] [--size 100000]

The store (built once, kept at ``--store``, copied before the rounds so a rerun starts from the
same state): the extraction dev set's 2,000 real articles (``gold_title``/``gold_body``), each
written again as a syndicated copy of itself under other outlets until the store holds
``--size`` articles: copy ``r`` of an article has id ``<id>~r``, outlet ``Outlet r``, the title
suffixed ``| Outlet r`` and a publication date ``r`` × 90 days later (past the 60-day storyline
window, so the copies form storylines of their own quarter instead of one giant one). Every
article is ingested for real (cleaning, duplicate linking, one transaction each) and placed online
for real (embedding model, ANN index). Annotation is skipped where the round does not need it: the
2,000 originals are analysed once for real (``analyze_articles``) and that analysis is written for
every copy with its ids, outlet and date mapped, so every stored article counts as analysed and a
round re-analyses only the storylines that receive articles, as it would on a real store.

The rounds, in one process against a local HTTP server: a warm-up round (5 items, models loaded;
not counted), then a round with 50 new items and one with 500 (PolNeAR dev articles, real news,
dated in the store's last quarter so they may join its storylines), each a full-content RSS feed
fetched over HTTP. Each round prints its time per phase; the last line is the ratio of the two.
The duplicate linker is primed from the store once per process (a long-running watch pays it at
start; ``--once`` from cron pays it every run): printed apart.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from bench.shared import dev_set, read_jsonl

START = date(2016, 1, 4)
SPACING = 90


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
    return (START + timedelta(days=r * SPACING + i % 40)).isoformat()


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
    """Ingest, place and (by mapping one real analysis) analyse ``size`` articles into ``db``."""
    from parallax import pipeline
    from parallax.analysis import analyze_articles
    from parallax.model import Article
    from parallax.store import Store

    stage = db.with_suffix(".stage")
    done = stage.read_text().split() if stage.exists() else []
    rows = base_rows(n_base)
    copies = -(-size // len(rows))
    with Store.open(str(db)) as store:
        if "ingested" not in done:
            t = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "rows.jsonl"
                with path.open("w", encoding="utf-8") as fh:
                    n = 0
                    for r in range(copies):
                        for i, row in enumerate(rows):
                            if n < size:
                                fh.write(json.dumps(replica(row, r, i), ensure_ascii=False) + "\n")
                                n += 1
                report = pipeline.ingest([path], store)
            print(f"build: ingested {report.counts} in {time.perf_counter() - t:.0f} s", flush=True)
            stage.write_text("ingested\n")
        if "placed" not in done:
            t = time.perf_counter()
            ids = _ids(store)
            for k in range(0, len(ids), 10_000):
                pipeline.assign_stories(store, ids[k : k + 10_000])
                print(f"build: placed {min(k + 10_000, len(ids))} ({time.perf_counter() - t:.0f} s)", flush=True)
            stage.write_text("ingested\nplaced\n")
        if "analysed" not in done:
            t = time.perf_counter()
            originals = [store.article(f"{row['id']}~0") for row in rows]
            base = [
                Article(id=a.id.split("~")[0], title=rows[i]["title"], body=a.body, outlet="Outlet 0",
                        published=a.published, language=a.language, content_hash=a.content_hash, url=a.url)
                for i, a in enumerate(originals)
                if a is not None
            ]  # fmt: skip
            dossier = analyze_articles(base)
            print(f"build: analysed the {len(base)} originals in {time.perf_counter() - t:.0f} s", flush=True)
            index = {row["id"]: i for i, row in enumerate(rows)}
            for r in range(copies):
                keep = {a.id for a in base if r * len(rows) + index[a.id] < size}
                mapping = {a: f"{a}~{r}" for a in keep}
                mapping.update({s["id"]: f"{s['id']}~{r}" for s in dossier["storylines"]})
                lines = [s for s in dossier["storylines"] if set(s["articles"]) <= keep]
                records = []
                for rec in dossier["articles"]:
                    if rec["id"] in keep:
                        mapped = _map_ids(rec, mapping)
                        mapped.update(outlet=f"Outlet {r}", published=day(r, index[rec["id"]]))
                        records.append(mapped)
                store.save_analysis({"articles": records, "storylines": [_map_ids(s, mapping) for s in lines]})
            print(f"build: analyses written for {copies} copies ({time.perf_counter() - t:.0f} s)", flush=True)
            stage.write_text("ingested\nplaced\nanalysed\n")


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
    parser.add_argument("--base", type=int, default=2000, help="distinct real articles the store is made of")
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
