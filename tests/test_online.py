"""The story engine online: persistence, copies, odd input, an old state, and `parallax ingest`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax import pipeline
from parallax.cli.app import app
from parallax.errors import ParallaxError
from parallax.store import Store
from parallax.stories import StoryEngine, StoryInput, cluster


@pytest.fixture(scope="module")
def docs(example_corpus: Path) -> list[StoryInput]:
    articles, errors = pipeline.load([example_corpus])
    assert not errors
    return [StoryInput(a.id, a.title, a.body, a.published) for a in articles]


def test_saved_state_continues_exactly(docs: list[StoryInput], tmp_path: Path) -> None:
    whole = cluster(docs)
    first = StoryEngine()
    first.add(docs[:7])
    first.save(tmp_path)
    first.save(tmp_path)  # a second save replaces the first generation
    assert len(list(tmp_path.glob("gen-*"))) == 1
    resumed = StoryEngine.load(tmp_path)
    assert len(resumed) == 7
    resumed.add(docs[7:])
    assert [resumed.assigned[d.id] for d in docs] == whole


def test_ten_thousand_copies_are_one_event_and_cheap(docs: list[StoryInput]) -> None:
    wire = docs[0]
    copies = [replace(wire, id=f"copy-{i}") for i in range(10_000)]
    engine = StoryEngine()
    placed = engine.add([*docs, *copies])
    assert len(engine.signals) == len(docs)  # copies are looked up, never embedded, searched or indexed
    original = next(a for a in placed if a.id == wire.id)
    assert {a.event for a in placed if a.id.startswith("copy-")} == {original.event}


def _equal_meanings(engine: StoryEngine, texts: int, copies: int, spacing: int, noise: float = 0.0) -> list:
    """``copies`` copy sets of ``texts`` random meanings, copy r dated 1 + ``spacing`` r (node =
    r * texts + text), each copy's meaning moved by ``noise``; returns the meanings as undated
    signals."""
    import numpy as np

    from parallax.stories.embed import DIM, QUANT
    from parallax.stories.signals import Signals

    rng = np.random.default_rng(0)
    meanings = rng.normal(size=(texts, DIM))
    meanings = np.rint(meanings / np.linalg.norm(meanings, axis=1, keepdims=True) * QUANT).astype(np.int16)
    words = (np.array([1], dtype=np.int32), np.array([1], dtype=np.int32))
    for copy in range(copies):
        moved = meanings + rng.normal(scale=noise * QUANT / DIM**0.5, size=meanings.shape)
        moved = np.rint(moved / np.linalg.norm(moved, axis=1, keepdims=True) * QUANT).astype(np.int16)
        for text, meaning in enumerate(moved):
            engine._remember(engine._new_node(f"{text}~{copy}", Signals(meaning, words, 1 + spacing * copy, 0)))
    return [Signals(m, words, 0, 0) for m in meanings]


def test_a_search_among_thousands_of_equal_meanings_does_not_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Syndicated copies with their own titles and days are nodes of one meaning. Once the search
    is HNSW's, a graph of 200 equal vectors per text may not reach the 2,048 neighbours asked for
    (hnswlib raises); the search keeps what it could reach instead of failing the whole ingest (a
    new copy links to some of its copies, which places it with them)."""
    from parallax.stories import engine as engine_module

    monkeypatch.setattr(engine_module, "EXACT_SEARCH", 100)
    engine = StoryEngine()
    queries = _equal_meanings(engine, 14, 200, 100)
    assert engine._index is not None
    for text, undated in enumerate(queries):  # undated: searched among all 2,800
        found = engine.candidates(undated)
        # copies of this text (node = copy * 14 + text): some, and no other text's
        assert len(found) and {int(node) % 14 for node in found} == {text}


def test_a_dated_search_finds_its_own_weeks_among_years_of_close_meanings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A store of years of one topic holds more close meanings than the search returns
    (``SEARCH_MAX``); a dated article is searched among the articles of its own weeks, so the
    neighbours it can link to are not crowded out by other years' (exact search over a small
    window, HNSW with a filter over a large one)."""
    from dataclasses import replace

    from parallax.stories import engine as engine_module

    monkeypatch.setattr(engine_module, "SEARCH_MAX", 16)
    # copies 10 days apart: 12 copy sets (168 texts) lie within 60 days of day 1,504
    own_weeks = range(145, 157)
    for exact_search in (1000, 100):  # the window searched exactly, then by HNSW with a filter
        monkeypatch.setattr(engine_module, "EXACT_SEARCH", exact_search)
        engine = StoryEngine()
        queries = _equal_meanings(engine, 14, 200, 10, noise=0.3)  # close meanings, not equal ones
        assert engine._index is not None  # 2,800 texts
        for text, undated in enumerate(queries):
            found = {int(node) for node in engine.candidates(replace(undated, day=1 + 10 * 150 + 3))}
            assert found == {copy * 14 + text for copy in own_weeks}


def test_odd_articles_are_placed(docs: list[StoryInput]) -> None:
    odd = [
        StoryInput("untitled", None, "Rescuers searched the flooded districts of Belmir for a third day."),
        StoryInput("three-words", "", "Markets rose today."),
        StoryInput("other-language", "Inondations", "Les secours ont atteint la ville de Belmir samedi matin."),
        StoryInput("empty", None, ""),
    ]
    engine = StoryEngine()
    engine.add(docs)
    placed = engine.add(odd)
    assert [a.id for a in placed][: len(odd)] == [d.id for d in odd]
    assert all(a.event and a.storyline for a in placed)


def test_an_older_state_is_named_not_misread(tmp_path: Path) -> None:
    (tmp_path / "gen-old").mkdir()
    (tmp_path / "gen-old" / "online-state.npz").write_bytes(b"")
    (tmp_path / "CURRENT").write_text("gen-old")
    with pytest.raises(ParallaxError, match="older format"):
        StoryEngine.load(tmp_path)


def test_ingest_places_new_articles_online(example_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "online.db"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(example_corpus), "--db", str(db)])
    assert first.exit_code == 0, first.output
    with Store.open(str(db)) as store:
        before = store.assignments()
        original = store.article("cws-halvorsen-recall")
        listed = store.storylines()
    assert len(before) == 14
    assert f"{len(listed)} storylines received articles" in first.output
    # listed at once, before any analysis
    assert sum(s.n_articles for s in listed) == 14 and not any(s.analysed for s in listed)
    again = runner.invoke(app, ["ingest", str(example_corpus), "--db", str(db)])
    assert "0 storylines received articles" in again.output
    reprint = tmp_path / "reprint.txt"
    reprint.write_text(f"{original.title}\n\n{original.body}\n\nThis story was reprinted from a wire service.\n")
    third = runner.invoke(app, ["ingest", str(reprint), "--db", str(db)])
    assert "1 storylines received articles" in third.output
    with Store.open(str(db)) as store:
        after = store.assignments()
    assert after["reprint"] == before["cws-halvorsen-recall"]
    assert {k: v for k, v in after.items() if k != "reprint"} == before


def test_analyze_without_paths_takes_up_what_ingest_placed(example_corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "flow.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(example_corpus), "--db", db]).exit_code == 0
    first = runner.invoke(app, ["analyze", "--db", db, "--json", str(tmp_path / "d.json")])
    assert first.exit_code == 0, first.output
    with Store.open(db) as store:
        lines = store.storylines()
        assert sum(s.n_articles for s in lines) == 14 and all(s.analysed for s in lines)
        placed = store.assignments()
        assert set(store.analysed_articles(list(placed))) == set(placed)
        # one storyline id everywhere: the analysis is kept under the ids ingest placed articles in
        assert {s.id for s in lines} == {line for _, line in placed.values()}
        assert all(store.placement(a) == (s, e) for a, (e, s) in placed.items())
    again = runner.invoke(app, ["analyze", "--db", db, "--json", str(tmp_path / "d2.json")])
    assert "nothing new to analyse" in again.output
