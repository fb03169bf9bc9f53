"""The story engine kept in memory between batches (``parallax.placement.Placer``): the store's
assignments are its journal, so a saved state that lags behind the store (a process killed before
its next save) is brought up to date on loading, and every route ends with the same placement."""

from __future__ import annotations

import shutil
from pathlib import Path

from parallax import pipeline
from parallax.placement import Placer
from parallax.store import Store
from parallax.stories import StoryEngine


def _stored(example_corpus: Path, db: Path) -> list[str]:
    with Store.open(str(db)) as store:
        report = pipeline.ingest([example_corpus], store, stories=False)
        assert report.ok and report.counts["inserted"] >= 12
        return sorted(report.article_ids)


def test_a_lagging_state_is_caught_up_from_the_store(example_corpus: Path, tmp_path: Path) -> None:
    whole_db = tmp_path / "whole.db"
    ids = _stored(example_corpus, whole_db)
    with Store.open(str(whole_db)) as store:
        pipeline.place(store, ids)
        whole = store.assignments()

    db = tmp_path / "kept.db"
    _stored(example_corpus, db)
    thirds = [ids[0::3], ids[1::3], ids[2::3]]
    with Store.open(str(db)) as store:
        state = store.state_dir()
        kept = Placer(store, save="amortised")
        kept.place(thirds[0])
        assert (state / "CURRENT").exists()  # the first batch is saved (no save time measured yet)
        shutil.copytree(state, tmp_path / "after-first")
        kept.place(thirds[1])
        assert kept.place(thirds[1]) == []  # placed already: nothing to do
        # the process is killed before it saves again: the state on disk lags behind the store
        shutil.rmtree(state)
        shutil.copytree(tmp_path / "after-first", state)
        assert len(StoryEngine.load(state)) == len(thirds[0])

        fresh = Placer(store, save="amortised")
        engine, lacking = fresh.engine()
        assert lacking == sorted(thirds[1]) and len(engine) == len(thirds[0])
        fresh.place(thirds[2])
        fresh.close()
        assert store.assignments() == whole
        assert len(StoryEngine.load(state)) == len(ids)  # every article held once
        # storylines as placed match the assignments: no storyline left behind by a rename
        placed = {line for _, line in whole.values()}
        assert set(store.storyline_members(sorted(placed))) == placed
        assert {s.id for s in store.storylines()} >= placed


def test_another_process_saving_is_picked_up(example_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    ids = _stored(example_corpus, db)
    half = len(ids) // 2
    with Store.open(str(db)) as store:
        watcher_side = Placer(store, save="amortised")
        watcher_side.place(ids[:2])
        pipeline.place(store, ids[2:half])  # say, `parallax ingest` beside a running watch
        engine, lacking = watcher_side.engine()  # the newer state on disk is loaded
        assert lacking == [] and len(engine) == half
        watcher_side.place(ids[half:])
        assert len(watcher_side.engine()[0]) == len(ids)
