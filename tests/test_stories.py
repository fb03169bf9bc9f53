"""Events and storylines: the samples, one answer whatever the route, hard inputs and the dev-set gates."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from bench.shared import dev_set, read_jsonl, score
from parallax import pipeline
from parallax.ingest.metadata import extract_metadata
from parallax.ingest.text import clean_text
from parallax.stories import Assignment, StoryEngine, StoryInput, cluster, event_title
from parallax.stories.signals import signals

#: B³ F1 of `cluster` on the two clustering dev sets as `parallax stories` reads them (see
#: bench/clustering.py for the measured figures).
ECB_FLOOR = 0.875
NEUS_FLOOR = 0.845


def seed_inputs(seeds: Path) -> list[StoryInput]:
    docs = []
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        published = extract_metadata(raw, cleaned.body, title=cleaned.title).published
        docs.append(StoryInput(path.stem, cleaned.title, cleaned.body, published))
    return docs


def ecb_inputs(limit: int) -> list[StoryInput]:
    """The first ``limit`` ECB+ dev articles, the first line as title (as the file is written)."""
    docs = []
    for r in list(read_jsonl(dev_set("clustering-dev.jsonl")))[:limit]:
        title, _, text = r["text"].partition("\n")
        docs.append(StoryInput(r["id"], title, text))
    return docs


def by_id(assignments: Sequence[Assignment]) -> dict[str, Assignment]:
    return {a.id: a for a in assignments}


def routes_agree(docs: list[StoryInput], tmp_path: Path, seed: int) -> None:
    """All at once; one at a time in a shuffled order; shuffled batches with a save and load
    between each: the same events and storylines with the same ids."""
    whole = by_id(cluster(docs))
    shuffled = docs[:]
    random.Random(seed).shuffle(shuffled)

    one = StoryEngine()
    reported: dict[str, Assignment] = {}
    for d in shuffled:
        for a in one.add([d]):
            reported[a.id] = a
    assert reported == whole  # every change was reported, and the last word is the batch's

    state = tmp_path / f"state-{seed}"
    batched: dict[str, Assignment] = {}
    for start in range(0, len(shuffled), 7):
        engine = StoryEngine.load(state) if state.exists() else StoryEngine()
        for a in engine.add(list(reversed(shuffled[start : start + 7]))):
            batched[a.id] = a
        engine.save(state)
    assert batched == whole
    assert by_id(StoryEngine.load(state).assigned.values()) == whole


def test_samples_one_storyline(seeds: Path) -> None:
    """The five samples are one storyline of three events: the three reports of the third round of
    talks (one dated, two undated saying "on Friday"), the Kremlin's remarks (undated, written after
    May 16 and before June 2, "on Friday") and the call of May 19 (dated). Content alone puts all
    five in one event; the undated reports' own dates keep them apart."""
    result = cluster(seed_inputs(seeds))
    assert len({a.storyline for a in result}) == 1
    events = {a.id[:3]: a.event for a in result}
    assert events["000"] == events["001"] == events["002"]
    assert len({events["000"], events["003"], events["004"]}) == 3


def test_routes_agree_on_the_example_corpus(example_corpus: Path, tmp_path: Path) -> None:
    articles, errors = pipeline.load([example_corpus])
    assert not errors
    docs = [StoryInput(a.id, a.title, a.body, a.published) for a in articles]
    for seed in (1, 2):
        routes_agree(docs, tmp_path, seed)


@pytest.mark.slow
def test_routes_agree_on_200_ecb_plus_articles(tmp_path: Path) -> None:
    routes_agree(ecb_inputs(200), tmp_path, 3)


@pytest.mark.slow
def test_a_bound_on_pieces_keeps_routes_equal() -> None:
    """With pieces capped at 8 texts (the dev topics hold up to 30), large components are cut by
    a raised bar, the same way on every route, and no piece passes the cap."""
    docs = ecb_inputs(120)
    features = signals(docs)
    from parallax.stories.engine import content_key

    items = [(d.id, content_key(d, s.empty), s) for d, s in zip(docs, features, strict=True)]
    whole = StoryEngine(max_piece=8)
    whole.place(items)
    assert max(len(p) for p in whole.pieces.values()) <= 8
    shuffled = items[:]
    random.Random(4).shuffle(shuffled)
    one = StoryEngine(max_piece=8)
    for item in shuffled:
        one.place([item])
    assert one.assigned == whole.assigned
    assert len({a.event for a in whole.assigned.values()}) < len(docs)


def test_a_storyline_keeps_its_id_as_articles_arrive(seeds: Path) -> None:
    docs = sorted(seed_inputs(seeds), key=lambda d: (d.published or "9999", d.id))  # the anchor first
    engine = StoryEngine()
    engine.add(docs[:1])
    first = engine.assigned[docs[0].id].storyline
    engine.add(docs[1:])
    assert {a.storyline for a in engine.assigned.values()} == {first}


def test_every_input_gets_an_event() -> None:
    docs = [
        StoryInput("no-title", None, "Floodwater swept through the lower town after the dam failed on Friday."),
        StoryInput("one-line", "Dam", "Dam fails today"),
        StoryInput("title-only", "Dam breach floods the lower town of Belmir", ""),
        StoryInput("no-words", "", "12 34"),
        StoryInput("empty-1", "", ""),
        StoryInput("empty-2", None, "   "),
        StoryInput("german", "Damm bricht", "Der Damm ist am Freitag gebrochen, die Stadt steht unter Wasser."),
        StoryInput("bad-date", "Dam fails", "The dam failed.", published="not a date"),
    ]
    result = cluster(docs)
    assert [a.id for a in result] == [d.id for d in docs]
    assert all(a.event and a.storyline for a in result)
    events = by_id(result)
    assert events["empty-1"].event != events["empty-2"].event  # nothing to compare: each alone


def test_ten_thousand_copies_of_one_wire_story() -> None:
    story = StoryInput("w", "Talks end", "GENEVA (Wire) - Talks ended on Monday without a ceasefire, officials said.")
    docs = [StoryInput(f"w{i}", story.title, story.text) for i in range(10_000)]
    start = time.perf_counter()
    engine = StoryEngine()
    result = engine.add(docs)
    assert len(result) == 10_000 and len({a.event for a in result}) == 1
    assert len(engine.signals) == 1  # one text: embedded, searched and clustered once
    assert time.perf_counter() - start < 30


def test_event_title_comes_from_the_articles() -> None:
    docs = [
        StoryInput("a", "Dam breach floods Belmir", ""),
        StoryInput("b", "Belmir floods after dam breach", ""),
        StoryInput("c", "Officials say 29 died", ""),
    ]
    assert event_title(docs) in {d.title for d in docs}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "floor"), [("clustering-dev.jsonl", ECB_FLOOR), ("clustering-neus-dev.jsonl", NEUS_FLOOR)]
)
def test_dev_quality_gate(name: str, floor: float) -> None:
    gold = dev_set(name)
    articles, _ = pipeline.load([gold])  # as `parallax stories` reads it; rows it drops count as misses
    result = cluster([StoryInput(a.id, a.title, a.body, a.published) for a in articles])
    f1 = score("clustering", gold, [{"id": a.id, "cluster": a.event} for a in result])["bcubed"]["f1"]
    assert f1 >= floor, f1
