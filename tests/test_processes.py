"""The local engine with ``--workers 2``: the same annotations and the same store as one process,
bad inputs reported alike, and a worker killed mid-run ends the run cleanly so the next one resumes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax import pipeline
from parallax.cli.app import app
from parallax.errors import InputError, ParallaxError
from parallax.scale import Engine
from parallax.scale.processes import WorkerPool
from parallax.store import Store


def test_annotate_on_two_processes_matches_one(seeds: Path, example_corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["annotate", str(seeds), str(example_corpus), "-o", str(one)]).exit_code == 0
    result = runner.invoke(app, ["annotate", str(seeds), str(example_corpus), "-o", str(two), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert len(two.read_text().splitlines()) > 15
    assert two.read_text() == one.read_text()


def _stored(db: Path) -> tuple[list, dict[str, tuple[str, str]]]:
    with Store.open(str(db)) as store:
        return sorted(store.iter_articles(), key=lambda a: a.id), store.assignments()


def test_ingest_on_two_processes_stores_what_one_stores(seeds: Path, example_corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "nav.txt").write_text("Subscribe\nSign in\n")  # fails in a worker: no article text
    (bad / "empty.txt").write_text("")  # fails while reading, in this process
    (bad / "binary.html").write_bytes(bytes(range(256)) * 40)
    paths = [str(seeds), str(example_corpus), str(bad)]
    outputs = {}
    for workers in ("1", "2"):
        db = tmp_path / f"{workers}.db"
        result = CliRunner().invoke(app, ["ingest", *paths, "--db", str(db), "--workers", workers])
        assert result.exit_code == 1, result.output  # the bad inputs, and only they
        outputs[workers] = result.output
    assert "nav.txt: no article text found" in outputs["2"] and "empty.txt: empty file" in outputs["2"]
    assert outputs["2"] == outputs["1"]
    one, two = _stored(tmp_path / "1.db"), _stored(tmp_path / "2.db")
    assert len(one[0]) > 15 and any(a.duplicate_of for a in one[0])
    assert two == one  # articles (every field) and their events and storylines


def test_errors_cross_process_boundaries_whole() -> None:
    # Cleaning failures come back from the workers as values; they must keep their file and line.
    with WorkerPool(2) as pool:
        errors = list(pool.map(_as_errors, ["a.html", "b.jsonl"], chunk_size=1))
    assert [str(e) for e in errors] == ["a.html: unreadable", "b.jsonl:7: unreadable"]
    assert all(isinstance(e, InputError) for e in errors) and errors[1].line == 7


def _as_errors(sources: list[str]) -> list[InputError]:
    return [InputError(s, "unreadable", line=7 if s.endswith(".jsonl") else None) for s in sources]


def _kill_a_worker_when_busy(stop: threading.Event) -> None:
    while not stop.is_set():
        children = multiprocessing.active_children()
        if len(children) >= 2:
            time.sleep(1.0)  # both have started on their first chunks
            os.kill(children[0].pid, signal.SIGKILL)
            return
        time.sleep(0.05)


@pytest.mark.slow
def test_a_killed_worker_ends_the_run_and_the_next_run_resumes(example_corpus: Path, tmp_path: Path) -> None:
    # Many documents (the example corpus 20 times over, as distinct files), so the run is still
    # going when a worker is killed.
    corpus = tmp_path / "corpus"
    files = sorted(example_corpus.rglob("*.txt"))
    copies = 20
    for copy in range(copies):
        for f in files:
            target = corpus / f.parent.name / f"{copy}-{f.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            text = f.read_text(encoding="utf-8")
            target.write_text(f"{text}\n\nEdition {copy} of this page.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    stop = threading.Event()
    killer = threading.Thread(target=_kill_a_worker_when_busy, args=(stop,))
    killer.start()
    try:
        with Store.open(str(db)) as store, pytest.raises(ParallaxError, match="worker process died"):
            pipeline.ingest([corpus], store, engine=Engine(workers=2))
    finally:
        stop.set()
        killer.join()
    with Store.open(str(db)) as store:
        kept = sum(1 for _ in store.iter_articles())
        report = pipeline.ingest([corpus], store, engine=Engine(workers=2))
    assert report.counts["unchanged"] == kept and report.counts["inserted"] + kept == len(files) * copies
    with Store.open(str(tmp_path / "clean.db")) as store:
        pipeline.ingest([corpus], store)
    resumed, clean = _stored(db), _stored(tmp_path / "clean.db")
    assert resumed[0] == clean[0]
