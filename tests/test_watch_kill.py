"""`kill -9` in the middle of a watch round, twice (while fetching and storing, then while
analysing), then one more round: the store ends exactly as after one uninterrupted round."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from parallax.store import Store
from parallax.watch import WatchOptions, open_watch
from tests.watch_site import Route, corpus_entries, page, rss, serving

#: What must be equal, table by table: every column but times, round numbers and row ids.
COMPARED = {
    "raw_documents": "id, kind, content, source, url, title, outlet, published, authors, raw_hash",
    "articles": "*",
    "assignments": "article_id, event_id, storyline_id",
    "storylines": "id, title, data, n_articles, n_outlets, n_conflicts, first_date, last_date",
    "article_analyses": "*",
    "watch_items": "source_id, key_hash, key, version, article_id",
    "watch_changes": "storyline_id, kind, what, data",
    "watch_pending": "*",
    "watch_sources": "id, location, kind, settings, etag, last_modified, failures, last_error",
}


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as c:
        out = {t: sorted(tuple(r) for r in c.execute(text(f"select {cols} from {t}"))) for t, cols in COMPARED.items()}
    engine.dispose()
    return out


def scalar(db: Path, query: str) -> Any:
    if not db.exists():
        return None
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as c:
            return c.execute(text(query)).scalar()
    except Exception:  # the schema may not be there yet
        return None
    finally:
        engine.dispose()


def kill_when(args: list[str], db: Path, ready: Callable[[], bool], limit: float = 300) -> int:
    """Start the watch, SIGKILL it as soon as ``ready()``; returns its exit status."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + limit
    while time.time() < deadline and proc.poll() is None:
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    return proc.wait(timeout=60)


def test_sigkill_mid_round_twice_then_a_round_equals_an_uninterrupted_run(example_corpus: Path, tmp_path: Path) -> None:
    # two storylines of the example corpus (the flood and the recall): enough to kill twice, small to analyse
    entries = [e for e in corpus_entries(example_corpus) if any(k in e["id"] for k in ("halvorsen", "belmir", "flood"))]
    fast_part = [e for e in entries if e["id"].startswith(("herald", "cws"))]
    slow_part = [e for e in entries if e not in fast_part]
    with serving() as fast, serving() as slow:
        fast.routes["/feed.xml"] = Route(rss("Wire and Herald", fast.base, fast_part))
        slow.routes["/feed.xml"] = Route(rss("Slow Outlets", slow.base, slow_part, full=False))
        for e in slow_part:  # teasers: each page is fetched, slowly
            slow.routes[f"/articles/{e['id']}.html"] = Route(page(e), content_type="text/html", delay=1.0)
        sources = tmp_path / "sources.txt"
        sources.write_text(f"{fast.base}/feed.xml\n{slow.base}/feed.xml pages=always\n", encoding="utf-8")
        exe = str(Path(sys.executable).with_name("parallax"))
        killed = tmp_path / "killed.db"
        args = [exe, "watch", str(sources), "--db", str(killed), "--once", "--delay", "0"]

        n_articles = lambda: (scalar(killed, "select count(*) from articles") or 0) > 0  # noqa: E731
        assert kill_when(args, killed, n_articles) == -signal.SIGKILL
        stored = scalar(killed, "select count(*) from articles")
        assert 0 < stored < len(entries), "the first kill should land while the slow pages are fetched"
        assert scalar(killed, "select status from watch_rounds order by id desc") == "running"

        # placed, their analyses kept aside as "before", now being annotated and cross-checked
        analysing = lambda: (scalar(killed, "select count(*) from watch_pending") or 0) > 0  # noqa: E731
        assert kill_when(args, killed, analysing) == -signal.SIGKILL
        assert scalar(killed, "select count(*) from watch_pending") >= 1
        assert scalar(killed, "select count(*) from watch_changes") == 0

        options = WatchOptions(delay=0)
        with Store.open(str(killed)) as store:
            watcher, _ = open_watch(store, [str(sources)], options)
            last = watcher.round()
        assert last.errors == [] and last.counts["inserted"] == 0  # everything was stored before the kills

        clean = tmp_path / "clean.db"
        with Store.open(str(clean)) as store:
            watcher, _ = open_watch(store, [str(sources)], options)
            whole = watcher.round()
        assert whole.errors == [] and whole.counts["inserted"] == len(entries)

    after_kills, uninterrupted = dump(killed), dump(clean)
    assert uninterrupted["watch_changes"] and uninterrupted["watch_pending"] == []
    for table in COMPARED:
        assert after_kills[table] == uninterrupted[table], table
    rounds = scalar(killed, "select group_concat(status, ',') from (select status from watch_rounds order by id)")
    assert rounds == "interrupted,interrupted,done"
