"""A store made by an earlier Parallax opens with today's code: the migrations upgrade it in place,
every article and analysis is kept, and the analysis tables are filled from the kept analyses.

``data/store-made-by-72ca24a.db.gz`` is the example corpus as `parallax ingest` then `parallax
analyze --db` left it at commit 72ca24a (before migrations 0002-0004)."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import text

from parallax.model import Status
from parallax.store import Store

OLD = Path(__file__).parent / "data" / "store-made-by-72ca24a.db.gz"


def _old_store(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    with gzip.open(OLD) as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return db


def test_an_old_store_keeps_every_article_and_analysis(tmp_path: Path) -> None:
    db = _old_store(tmp_path)
    with sqlite3.connect(db) as c:
        before = {
            "articles": sorted(r[0] for r in c.execute("SELECT id FROM articles")),
            "storylines": dict(c.execute("SELECT id, data FROM storylines")),
            "analyses": sorted(r[0] for r in c.execute("SELECT article_id FROM article_analyses")),
            "version": c.execute("SELECT version_num FROM alembic_version").fetchone()[0],
        }
    assert before["version"] == "0001" and len(before["articles"]) == 14
    with Store.open(str(db)) as store:
        assert sorted(a.id for a in store.iter_articles()) == before["articles"]
        lines = store.storylines()
        kept = [s for s in lines if s.id in before["storylines"]]
        assert {s.id for s in kept} == set(before["storylines"]) and all(s.analysed for s in kept)
        # the online grouping's storylines, which no analysis covered, are listed to be analysed
        placed = {line for _, line in store.assignments().values()}
        assert {s.id for s in lines if s not in kept} == placed - set(before["storylines"])
        assert set(store.stale_storylines()) == placed - set(before["storylines"])
        analysed = store.analysed_articles(before["articles"])
        assert sorted(analysed) == before["analyses"]
        assert any(a.mentions for a in analysed.values())
        dossier = store.dossier()
        assert {line.id for line in dossier.storylines} == set(before["storylines"])
        conflicts = sum(line.count(Status.CONFLICT) for line in dossier.storylines)
        with store.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
            facts = c.execute(text("SELECT count(*) FROM facts")).scalar()
            assert facts == sum(len(line.claims) for line in dossier.storylines) > 0
            assert c.execute(text("SELECT count(*) FROM facts WHERE status = 'conflict'")).scalar() == conflicts
            assert c.execute(text("SELECT count(*) FROM mentions")).scalar() == sum(
                len(a.mentions) for a in analysed.values()
            )
    with Store.open(str(db)) as store, store.engine.connect() as c:  # opening again changes nothing
        assert c.execute(text("SELECT count(*) FROM facts")).scalar() == facts


def test_an_upgraded_store_goes_on_with_one_story_engine(tmp_path: Path, example_corpus: Path) -> None:
    """After the upgrade, `ingest` rebuilds the story engine from the stored articles (its old state
    is gone) and `analyze --db` cross-checks what it placed: every article ends in exactly one
    analysed storyline, under the ids the engine gave it."""
    from parallax import pipeline

    db = _old_store(tmp_path)
    with Store.open(str(db)) as store:
        report = pipeline.ingest([example_corpus], store)  # all unchanged: placing rebuilds
        assert report.counts["unchanged"] == 14
        pipeline.analyze_stored(store)
        placed = store.assignments()
        assert len(placed) == 14 and store.stale_storylines() == []
        lines = store.storylines()
        assert {s.id for s in lines} == {line for _, line in placed.values()} and all(s.analysed for s in lines)
        assert sum(s.n_articles for s in lines) == 14
        assert all(store.placement(a) == (s, e) for a, (e, s) in placed.items())
