"""A `kill -9` in the middle of an ingest leaves no half-written article; the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from parallax.store import Store

N = 400


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N):
        (folder / f"story-{i:04d}.txt").write_text(
            f"Story number {i} headline for the test\n\n"
            f"Officials in district {i} said on Tuesday that {i * 7} homes were flooded after the river rose, "
            f"and that crews would work through the night to rebuild the embankment near bridge {i}.\n\n"
            f"Residents of district {i} told reporters they had moved their families to schools on higher ground.",
            encoding="utf-8",
        )


def _count(db: Path) -> tuple[int, int]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as c:
        raws = c.execute(text("select count(*) from raw_documents")).scalar()
        arts = c.execute(text("select count(*) from articles")).scalar()
        orphans = c.execute(
            text("select count(*) from raw_documents r left join articles a on a.id = r.id where a.id is null")
        ).scalar()
    engine.dispose()
    assert orphans == 0, "a raw document without its article: half-written"
    return int(raws), int(arts)


def test_kill_mid_ingest_then_resume(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus)
    db = tmp_path / "k.db"
    exe = Path(sys.executable).with_name("parallax")
    proc = subprocess.Popen(
        [str(exe), "ingest", str(corpus), "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.3)
        if db.exists():
            try:
                raws, _ = _count(db)
            except Exception:
                continue
            if raws >= 20:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    raws, arts = _count(db)
    assert 0 < arts < N, f"the kill came too late or too early ({arts} articles)"
    done = subprocess.run([str(exe), "ingest", str(corpus), "--db", str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{arts} unchanged" in done.stderr
    assert _count(db) == (N, N)
    with Store.open(str(db)) as store:
        assert store.count() == N


def test_kill_mid_analyze_then_resume(example_corpus: Path, tmp_path: Path) -> None:
    """`parallax analyze --db` (no paths) keeps each storyline as it finishes: killed after the
    first, the next run analyses only the others."""
    db = tmp_path / "a.db"
    exe = Path(sys.executable).with_name("parallax")
    subprocess.run([str(exe), "ingest", str(example_corpus), "--db", str(db)], check=True, capture_output=True)
    with Store.open(str(db)) as store:
        n = len(store.storylines())  # placed, not yet analysed
    proc = subprocess.Popen(
        [str(exe), "analyze", "--db", str(db), "--json", str(tmp_path / "d1.json")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 180
    first: list[tuple[str, object]] = []
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
        with Store.open(str(db)) as store, store.engine.connect() as c:
            first = [tuple(r) for r in c.execute(text("select id, analysed_at from storylines where analysed"))]
        if first:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert 1 <= len(first) < n, "the kill should land after the first storyline and before the last"
    with Store.open(str(db)) as store:
        assert sum(s.analysed for s in store.storylines()) < n
    done = subprocess.run(
        [str(exe), "analyze", "--db", str(db), "--json", str(tmp_path / "d2.json")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with Store.open(str(db)) as store, store.engine.connect() as c:
        after = dict(tuple(r) for r in c.execute(text("select id, analysed_at from storylines where analysed")))
        placed = store.assignments()
        assert set(store.analysed_articles(list(placed))) == set(placed)
    assert len(after) == n
    for sid, when in first:
        assert after[sid] == when  # finished work was not redone
