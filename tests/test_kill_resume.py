"""A `kill -9` in the middle of an ingest leaves no half-written article; the next run completes.

The repeated-kill test kills `parallax ingest` several times at random points while it stores
articles, once more exactly between saving the story index and writing the assignments (the
process kills itself there, a real SIGKILL), then lets a run finish and checks the store as a
whole: database and full-text index intact, no duplicate or orphan row, every input stored and
placed once, and a rerun adds nothing. On SQLite and once on PostgreSQL.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
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
    # killed as it goes to save its second storyline: storylines cross-checked beside annotation can
    # be saved within milliseconds of each other, too close for a kill from outside to land between
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILL_AT_SECOND_ANALYSIS,
            "analyze",
            "--db",
            str(db),
            "--json",
            str(tmp_path / "d1.json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL
    with Store.open(str(db)) as store, store.engine.connect() as c:
        first = [tuple(r) for r in c.execute(text("select id, analysed_at from storylines where analysed"))]
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


#: Runs ``parallax`` with the store's analysis writer killing the process at its second call: one
#: storyline's analysis is saved, the others never.
_KILL_AT_SECOND_ANALYSIS = """
import os, signal, sys
from parallax.store.db import Store
_save = Store.save_analysis
_calls = []
def _save_once(self, *args, **kwargs):
    _calls.append(1)
    if len(_calls) > 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return _save(self, *args, **kwargs)
Store.save_analysis = _save_once
from parallax.cli.app import main
sys.argv = ["parallax", *sys.argv[1:]]
main()
"""


#: Runs ``parallax ingest`` with the store's placement writer (assignments and storylines, one
#: transaction) replaced by a SIGKILL of the process:
#: the story index is saved, the assignments never written.
_KILL_BEFORE_ASSIGNMENTS = """
import os, signal, sys
from parallax.store.db import Store
def _die(self, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
Store.save_placement = _die
from parallax.cli.app import main
sys.argv = ["parallax", *sys.argv[1:]]
main()
"""
K_CORPUS = 100


def _kill_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(K_CORPUS):
        (folder / f"k-{i:03d}.txt").write_text(
            f"Bridge {i} closed after the storm in the valley\n\n"
            f"Engineers inspected bridge {i} on Thursday and found {i % 7 + 2} cracked supports, the transport "
            f"office said, and the crossing will stay shut for {i % 5 + 3} weeks while crews repair it.\n\n"
            f"Drivers in the valley were told to use the ring road; the mayor of town {i} asked for patience.\n",
            encoding="utf-8",
        )


def _articles(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return int(c.execute(text("select count(*) from articles")).scalar() or 0)
    finally:
        engine.dispose()


def _kill_rounds(corpus: Path, db: str, url: str, env: dict[str, str], rounds: int) -> list[int]:
    """Start ingest, kill it once ``step`` more articles are stored (a random step), ``rounds``
    times; returns the counts at each kill, each short of the corpus."""
    exe = str(Path(sys.executable).with_name("parallax"))
    rng = random.Random(19)
    counts = []
    for _ in range(rounds):
        start = _articles(url) if counts else 0
        goal = start + rng.randint(5, (K_CORPUS - start) // 3)
        proc = subprocess.Popen(
            [exe, "ingest", str(corpus), "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if _articles(url) >= goal:
                break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        counts.append(_articles(url))
    return counts


def _kill_and_check(
    corpus: Path, db: str, url: str, env: dict[str, str], integrity: Callable[[], None], *, rounds: int
) -> None:
    counts = _kill_rounds(corpus, db, url, env, rounds=rounds)
    assert all(0 < n < K_CORPUS for n in counts) and counts == sorted(counts), counts
    died = subprocess.run(
        [sys.executable, "-c", _KILL_BEFORE_ASSIGNMENTS, "ingest", str(corpus), "--db", db],
        capture_output=True,
        text=True,
        env=env,
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    with Store.open(db) as store:
        assert store.count() == K_CORPUS and store.assignments() == {}
        assert (store.state_dir() / "CURRENT").exists()  # the index was saved before the kill
    exe = str(Path(sys.executable).with_name("parallax"))
    done = subprocess.run([exe, "ingest", str(corpus), "--db", db], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert f"0 new, 0 updated, {K_CORPUS} unchanged, 0 failed" in done.stderr
    integrity()
    again = subprocess.run([exe, "ingest", str(corpus), "--db", db], capture_output=True, text=True, env=env)
    assert again.returncode == 0 and f"0 new, 0 updated, {K_CORPUS} unchanged, 0 failed" in again.stderr
    assert "0 storylines received articles" in again.stderr
    integrity()


def _rows_whole(url: str) -> None:
    """No orphan or duplicate row, every input stored and placed exactly once, in one index."""
    from parallax.stories import StoryEngine

    expected = {
        "select count(*) from raw_documents": K_CORPUS,
        "select count(*) from articles": K_CORPUS,
        "select count(distinct content_hash) from articles": K_CORPUS,
        "select count(*) from assignments": K_CORPUS,
        "select count(*) from raw_documents r left join articles a on a.id = r.id where a.id is null": 0,
        "select count(*) from articles a left join raw_documents r on r.id = a.id where r.id is null": 0,
        "select count(*) from assignments s left join articles a on a.id = s.article_id where a.id is null": 0,
    }
    engine = create_engine(url)
    with engine.connect() as c:
        found = {sql: c.execute(text(sql)).scalar() for sql in expected}
    engine.dispose()
    assert found == expected
    with Store.open(url) as store:
        assert len(store.search("bridge", limit=1000)) == K_CORPUS  # the full-text index holds each once
        assert len(StoryEngine.load(store.state_dir())) == K_CORPUS  # no article indexed twice


def test_repeated_kills_leave_a_whole_store_sqlite(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _kill_corpus(corpus)
    db = str(tmp_path / "kills.db")
    url = f"sqlite:///{db}"
    Store.open(db).close()

    def integrity() -> None:
        engine = create_engine(url)
        with engine.connect() as c:
            assert c.execute(text("pragma integrity_check")).scalar() == "ok"
            c.execute(text("insert into articles_fts(articles_fts) values ('integrity-check')"))
        engine.dispose()
        _rows_whole(url)

    _kill_and_check(corpus, db, url, dict(os.environ), integrity, rounds=3)


@pytest.mark.postgres
def test_repeated_kills_leave_a_whole_store_postgres(tmp_path: Path, pg_url: str, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    _kill_corpus(corpus)
    Store.open(pg_url).close()
    monkeypatch.setenv("PARALLAX_STATE", str(tmp_path / "state"))  # the index beside the store, for all runs
    _kill_and_check(corpus, pg_url, pg_url, dict(os.environ), lambda: _rows_whole(pg_url), rounds=1)
