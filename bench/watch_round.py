"""Does a `parallax watch` round cost what its new items cost, or grow with the store?

    python -m bench.watch_round [--sizes 1000,100000] [--new 50[,500]] [--base 1000] [--keep 20000,50000]
                                [--dir /tmp/watch-bench]

One round of ``--new`` new articles (the first quotes-dev articles, PolNeAR: real news, each its
full text in a full-content RSS feed fetched over HTTP) against stores of each size, each count of
``--new`` on a fresh copy of the store, in one process, and the ratio of each round's time to the
smallest round's (fewest new articles, smallest store). Before the measured round each store gets
a warm-up round of 5 items: a long-running watch loads the story engine and primes the duplicate
linker once, at its first round, and keeps them; those once-per-process costs are printed apart.

A store of N articles (N a multiple of ``--base``): ``--base`` distinct real news texts (``base_rows``:
extraction-dev gold bodies of at least 300 characters, then crosscheck-dev, timex-dev and the
quotes-dev articles the rounds never take) written again as syndicated copies under other outlets:
copy ``r`` of a text has id ``<id>~r``, outlet ``Outlet r``, the title suffixed ``| Outlet r`` and
a date ``r`` × 75 days later (past the 60-day storyline window, so each copy set forms storylines
of its own). Copy 0, the template, is ingested, placed and analysed for real (``pipeline.ingest``,
``analyze_stored``: some 14 minutes for 1,000 texts on 2 busy cores). Each other copy is stored as
``Store.save`` writes it (duplicate linker included), placed by the story engine from copy 0's
signals moved by its date (``StoryEngine.place``: the embeddings are computed once per text), and
given copy 0's analysis: the rows ``save_analysis`` and ``save_annotations`` wrote for each
template storyline, read once and written again with copy ``r``'s article, event and storyline ids
(and its articles' outlets, titles and dates), so every stored storyline counts as analysed and a
round re-analyses only the storylines that receive articles, annotating only the new articles, as
on a real store. Every copy of a text has the same meaning vector, so the more copies the more
equal neighbours each placement meets: many distinct texts and few copies of each (1,000 × 100 for
100,000 articles, not 100 × 1,000) keep that artefact small, not absent (docs/benchmarks.md).
One build makes every size (the smaller ones, and ``--keep`` sizes, are copies taken as the build
passes them); stores are built once under ``--dir`` and copied before the rounds.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import time
from dataclasses import replace
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
WARM_UP = 5
#: New items come from the first WARM_UP + MAX_NEW quotes-dev articles; the stores never hold them.
MAX_NEW = 500


def base_rows(n: int) -> list[dict[str, Any]]:
    """``n`` distinct real news texts: extraction-dev gold bodies of at least 300 characters, then
    crosscheck-dev articles (not the planted ones), timex-dev articles, and the quotes-dev articles
    past those the rounds take as new items."""

    def pool() -> Any:
        for i, r in enumerate(read_jsonl(dev_set("extraction-dev.jsonl.gz"))):
            yield f"x{i:05d}", r.get("gold_title"), r.get("gold_body")
        for i, r in enumerate(read_jsonl(dev_set("crosscheck-dev.jsonl"))):
            if not r.get("planted"):
                yield f"c{i:05d}", r.get("title"), r.get("text")
        for i, r in enumerate(read_jsonl(dev_set("timex-dev.jsonl"))):
            yield f"t{i:05d}", None, r.get("text")
        for i, r in enumerate(read_jsonl(dev_set("quotes-dev.jsonl.gz"))):
            if i >= WARM_UP + MAX_NEW:
                title, _, body = r["text"].strip().partition("\n")
                yield f"q{i:05d}", title, body

    rows = []
    for row_id, title, text in pool():
        body = (text or "").strip()
        if len(body) >= 300:
            rows.append({"id": row_id, "title": (title or "").strip() or None, "text": body})
        if len(rows) >= n:
            return rows
    raise SystemExit(f"--base {n}: the dev sets hold {len(rows)} texts of at least 300 characters")


def day(r: int, i: int) -> str:
    return (START + timedelta(days=r * SPACING + i % SPREAD)).isoformat()


def replica(row: dict[str, Any], r: int, i: int) -> dict[str, Any]:
    title = f"{row['title']} | Outlet {r}" if row["title"] else None
    return {"id": f"{row['id']}~{r}", "text": row["text"], "title": title, "outlet": f"Outlet {r}",
            "published": day(r, i)}  # fmt: skip


def build_template(db: Path, rows: list[dict[str, Any]]) -> None:
    """Copy 0, ingested, placed and analysed for real."""
    from parallax import pipeline
    from parallax.store import Store

    t = time.perf_counter()
    with Store.open(str(db)) as store:
        report = pipeline.ingest([replica(row, 0, i) for i, row in enumerate(rows)], store)
        assert report.ok and report.counts["inserted"] == len(rows), report.counts
        lines = pipeline.analyze_stored(store)
    print(f"build: copy 0 ({len(rows)} articles) ingested, placed, {len(lines)} storylines analysed "
          f"({time.perf_counter() - t:.0f} s)", flush=True)  # fmt: skip


def _snapshot(store: Any, engine: Any, target: Path) -> None:
    """A copy of the store being built, as it stands, with its story state."""
    import sqlite3

    engine.save(store.state_dir())
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.rmtree(str(target) + ".state", ignore_errors=True)
    source, copy = sqlite3.connect(store.engine.url.database), sqlite3.connect(target)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    shutil.copytree(store.state_dir(), str(target) + ".state")
    (target.parent / f"{target.name}.done").touch()
    print(f"build: {target.name} copied", flush=True)


#: Ids a template storyline's rows hold: its articles' (copy 0), its events' and its own.
_ID = re.compile(r"\b(?:[a-z]\d{5}~0|[es][0-9a-f]{10})\b")


def _template_rows(store: Any, line_of: dict[str, Any]) -> dict[str, str]:
    """Every analysis row of each template storyline (what ``save_analysis`` and
    ``save_annotations`` wrote for it), as one JSON text per storyline, row ids left out."""
    from sqlalchemy import select

    from parallax.store import schema

    tables = [schema.storylines, schema.events, schema.article_analyses, schema.annotations, schema.facts,
              schema.fact_reports, schema.fact_omissions, schema.quote_groups, schema.quote_renderings,
              schema.timeline_entries, schema.timeline_sources, schema.mentions, schema.quotes]  # fmt: skip
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with store.engine.connect() as c:
        for table in tables:
            owner = table.c.id if table is schema.storylines else table.c.get("storyline_id")
            for row in c.execute(select(table)):
                record = {k: v for k, v in row._mapping.items() if not (k == "id" and table.c.id.autoincrement is True)}
                sid = record[owner.name] if owner is not None else line_of[record["article_id"]].id
                for k, v in record.items():
                    if isinstance(v, datetime):
                        record[k] = None  # set when written
                grouped.setdefault(sid, {}).setdefault(table.name, []).append(record)
    return {sid: json.dumps(rows) for sid, rows in grouped.items()}


def build(dbs: dict[int, Path], template: Path, rows: list[dict[str, Any]]) -> None:
    """A store of each size in ``dbs`` (whole copy sets), from one build: the template's copy 0 and
    copies 1.. of it (see the module docstring); the smaller sizes are copies of the store taken as
    the build passes them."""
    from sqlalchemy import insert

    from parallax.analysis import storylines_of
    from parallax.ingest.batch import DuplicateLinker
    from parallax.model import RawDocument
    from parallax.store import Store, schema
    from parallax.store.analyses import delete_storylines
    from parallax.store.codec import article_to_row, raw_to_row
    from parallax.stories import Assignment, StoryEngine, StoryInput
    from parallax.stories.engine import content_key

    t = time.perf_counter()
    size = max(dbs)
    db = dbs[size]
    shutil.copy(template, db)
    shutil.copytree(str(template) + ".state", str(db) + ".state")
    copies = -(-size // len(rows))
    with Store.open(str(db)) as store:
        state = store.state_dir()
        engine = StoryEngine.load(state)
        originals = {row["id"]: store.article(f"{row['id']}~0") for row in rows}
        signal = {x: engine.signals[engine.node_of[f"{x}~0"]] for x in originals}
        analysed = store.dossier()
        line_of = {a: line for line in analysed.storylines for a in line.articles}
        # copy 0's analysis rows, read once: each copy writes them again with its ids
        template_rows = _template_rows(store, line_of)
        order = [t.name for t in schema.metadata.sorted_tables]
        linker = DuplicateLinker()
        for article_id, content_hash, duplicate_of, sig, body in store.iter_link_keys():
            linker.prime(article_id, content_hash, duplicate_of, signature=sig, body=body)
        index = {f"{row['id']}~0": i for i, row in enumerate(rows)}
        stored = len(rows)
        if stored in dbs and stored < size:
            _snapshot(store, engine, dbs[stored])
        for r in range(1, copies):
            raws, arts, items, inputs = [], [], [], {}
            for i, row in enumerate(rows):
                rep = replica(row, r, i)
                raw = RawDocument(id=rep["id"], kind="text", content=row["text"], source=rep["id"],
                                  title=rep["title"], outlet=rep["outlet"], published=rep["published"])  # fmt: skip
                original = originals[row["id"]]
                article = replace(original, id=rep["id"], title=rep["title"], outlet=rep["outlet"],
                                  published=rep["published"], source=rep["id"])  # fmt: skip
                article, minhash = linker.link(article)
                raws.append({**raw_to_row(raw), "ingested_at": datetime.now(UTC)})
                arts.append({**article_to_row(article), "minhash": minhash})
                doc = StoryInput(article.id, article.title, article.body, article.published)
                inputs[doc.id] = doc
                sig = signal[row["id"]]
                items.append((doc.id, content_key(doc, sig.empty), replace(sig, day=sig.day + r * SPACING)))
            with store.engine.begin() as c:  # the rows Store.save writes, one copy set to a transaction
                c.execute(insert(schema.raw_documents), raws)
                c.execute(insert(schema.articles), arts)
            engine.place(items)
            placed = [engine.assigned[doc_id] for doc_id in inputs]
            store.save_placement(
                storylines_of([Assignment(a.id, a.event, a.storyline) for a in placed], inputs),
                [],
                [(a.id, a.event, a.storyline) for a in placed],
            )
            # copy 0's analysis, ids mapped to copy r's (its storylines and events must be copy 0's)
            mapping: dict[str, str] = {}
            for row in rows:
                x0, xr = f"{row['id']}~0", f"{row['id']}~{r}"
                mine, theirs = engine.assigned[x0], engine.assigned[xr]
                for old, new in ((x0, xr), (mine.event, theirs.event), (mine.storyline, theirs.storyline)):
                    if mapping.setdefault(old, new) != new:
                        raise SystemExit(f"copy {r} is not grouped as copy 0 ({old} -> {new}, {mapping[old]})")
            now = datetime.now(UTC)
            written: dict[str, list[dict[str, Any]]] = {}
            for text in template_rows.values():
                mapped = json.loads(_ID.sub(lambda m, ids=mapping: ids.get(m[0], m[0]), text))
                days = []
                for record in mapped.get("article_analyses", []):
                    i = index[record["article_id"].rpartition("~")[0] + "~0"]
                    rep = replica(rows[i], r, i)
                    record["data"].update(outlet=rep["outlet"], published=rep["published"], title=rep["title"])
                    days.append(rep["published"])
                for record in mapped["storylines"]:
                    days.sort()
                    record.update(analysed_at=now, first_date=days[0] if days else None,
                                  last_date=days[-1] if days else None)  # fmt: skip
                for name, records in mapped.items():
                    written.setdefault(name, []).extend(records)
            with store.engine.begin() as c:  # the rows save_analysis and save_annotations write, one transaction
                delete_storylines(c, [mapping[sid] for sid in template_rows])  # as placed just now
                for name in order:
                    if written.get(name):
                        c.execute(insert(schema.metadata.tables[name]), written[name])
            stored += len(rows)
            if r % 10 == 0 or stored >= size or stored in dbs:
                print(f"build: {stored:,} articles ({time.perf_counter() - t:.0f} s)", flush=True)
            if stored in dbs and stored < size:
                _snapshot(store, engine, dbs[stored])
        engine.save(state)
        left = store.stale_storylines()
    print(f"build: {db.name}: {stored:,} articles, {len(left)} storylines not analysed, "
          f"{time.perf_counter() - t:.0f} s", flush=True)  # fmt: skip


def new_items(n: int, offset: int, last_quarter: int) -> list[dict[str, Any]]:
    rows = list(read_jsonl(dev_set("quotes-dev.jsonl.gz")))[offset : offset + n]
    items = []
    for i, r in enumerate(rows):
        text = r["text"].strip()
        title, _, body = text.partition("\n")
        items.append({"id": r["id"], "title": title.strip(), "body": body.strip() or text, "outlet": r["outlet"],
                      "published": day(last_quarter, i)})  # fmt: skip
    return items


def _paragraphs(body: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())


def page(item: dict[str, Any]) -> bytes:
    """The item's article page: its title and paragraphs."""
    title = html.escape(item["title"])
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{_paragraphs(item['body'])}</article></body></html>"
    ).encode()


def feed(base: str, items: list[dict[str, Any]]) -> bytes:
    entries = []
    for e in items:
        y, m, d = (int(x) for x in e["published"].split("-"))
        stamp = format_datetime(datetime(y, m, d, 12, tzinfo=UTC), usegmt=True)
        paragraphs = _paragraphs(e["body"])
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


def _fresh_copy(store_db: Path, work: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.rmtree(str(work) + ".state", ignore_errors=True)
    shutil.copy(store_db, work)
    shutil.copytree(str(store_db) + ".state", str(work) + ".state")


def rounds(store_db: Path, work: Path, size: int, n_base: int, n_new: int) -> dict[str, Any]:
    """A warm-up round, then the measured round of ``n_new`` items, on a fresh copy of the store."""
    from parallax.store import Store
    from parallax.watch import WatchOptions, open_watch
    from tests.watch_site import Route, serving

    _fresh_copy(store_db, work)
    last_quarter = -(-size // n_base) - 1
    out: dict[str, Any] = {}
    with serving() as site, Store.open(str(work)) as store:
        watcher, _ = open_watch(store, [site.base + "/feed.xml"], WatchOptions(delay=0))
        t = time.perf_counter()
        watcher._linked()
        out["linker"] = time.perf_counter() - t
        for label, n, offset in (("warm-up", WARM_UP, 0), ("round", n_new, WARM_UP)):
            items = new_items(n, offset, last_quarter)
            site.routes["/feed.xml"] = Route(feed(site.base, items))
            for e in items:  # the watch fetches the page of an item whose feed text is too short
                site.routes[f"/a/{e['id']}"] = Route(page(e), content_type="text/html; charset=utf-8")
            report = watcher.round()
            c = report.counts
            phases = ", ".join(f"{k} {v:.2f}" for k, v in report.timings.items())
            print(f"  {size:>7,} articles, {label}: {report.seconds:.1f} s ({phases}); {c['inserted']} new, "
                  f"{c['placed']} storylines placed, {c['analysed']} analysed, {c['changes']} changes, "
                  f"{len(report.errors)} errors", flush=True)  # fmt: skip
            for line in report.errors[:3]:
                print(f"    error: {line[:200]}", flush=True)
            out[label] = report
        t = time.perf_counter()
        watcher.close()
        out["close"] = time.perf_counter() - t
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/watch-bench"))
    parser.add_argument("--sizes", default="1000,10000", help="store sizes, comma-separated")
    parser.add_argument("--new", default="20", help="new articles in the measured round, comma-separated counts")
    parser.add_argument("--base", type=int, default=100, help="distinct real articles the stores are made of")
    parser.add_argument("--keep", default="", help="sizes of store also kept as the build passes them, no rounds run "
                        "(to measure on later with --sizes), comma-separated")  # fmt: skip
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    counts = sorted(int(n) for n in args.new.split(","))
    kept = [int(s) for s in args.keep.split(",") if s and int(s) < max(sizes)]
    if any(size % args.base for size in sizes + kept) or counts[-1] > MAX_NEW:
        parser.error(f"store sizes are whole copy sets (multiples of --base); a round takes at most {MAX_NEW} items")
    args.dir.mkdir(parents=True, exist_ok=True)
    rows = base_rows(args.base)
    template = args.dir / f"template-{args.base}.db"
    if not (args.dir / f"{template.name}.done").exists():
        for path in (template, Path(str(template) + "-wal"), Path(str(template) + "-shm")):
            path.unlink(missing_ok=True)
        shutil.rmtree(str(template) + ".state", ignore_errors=True)
        build_template(template, rows)
        (args.dir / f"{template.name}.done").touch()
    dbs = {size: args.dir / f"store-{args.base}-{size}.db" for size in sizes}
    todo = [size for size in sizes if not (args.dir / f"{dbs[size].name}.done").exists()]
    if todo:
        todo += [size for size in kept if not (args.dir / f"store-{args.base}-{size}.db.done").exists()]
        dbs.update({size: args.dir / f"store-{args.base}-{size}.db" for size in kept})
    if todo:
        build({size: dbs[size] for size in todo}, template, rows)  # one build, copied as it passes each size
        (args.dir / f"{dbs[max(todo)].name}.done").touch()
    results = {}
    for size in reversed(sizes):  # the largest store first: its rounds are the ones that matter most
        for n in counts:
            results[size, n] = rounds(dbs[size], args.dir / "round.db", size, args.base, n)
    base = results[sizes[0], counts[0]]["round"].seconds
    print(f"\nRounds by store size and new articles (ratio: to {counts[0]} new articles on the {sizes[0]:,}-article "
          "store, same run):")  # fmt: skip
    for size in sizes:
        for n in counts:
            r = results[size, n]
            report = r["round"]
            warm = r["warm-up"].timings
            print(
                f"  {size:>7,} articles, {n:>4} new: round {report.seconds:6.1f} s  "
                f"ratio {report.seconds / base:5.2f}  "
                f"(place {report.timings.get('place', 0):.1f} s, analyse {report.timings.get('analyse', 0):.1f} s, "
                f"engine saved in the round {report.timings.get('place:save', 0):.2f} s); once per process: "
                f"engine load {warm.get('place:load', 0):.1f} s, linker {r['linker']:.1f} s, "
                f"save at exit {r['close']:.2f} s"
            )


if __name__ == "__main__":
    main()
