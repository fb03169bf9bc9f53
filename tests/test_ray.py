"""The scale extra: `--engine ray` on a local Ray cluster with 2 CPUs gives exactly the local engine's
annotations, even when a worker is killed mid-run, and exactly its store after an ingest; a batch
that kills its worker every time ends the run with an error instead of running for ever;
`-o out.parquet` holds the same records."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax import pipeline
from parallax.cli.app import EXIT_FATAL, app
from parallax.errors import ParallaxError
from parallax.export.files import JSON_COLUMNS_KEY
from parallax.pipeline import annotate_records
from parallax.scale import Engine
from parallax.scale.ray_engine import MAX_ATTEMPTS
from parallax.store import Store

pytest.importorskip("ray", reason="needs the scale extra")


def test_ray_engine_matches_local(seeds: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    local, on_ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert runner.invoke(app, ["annotate", str(seeds), "-o", str(local)]).exit_code == 0
    result = runner.invoke(app, ["annotate", str(seeds), "-o", str(on_ray), "--engine", "ray", "--workers", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in on_ray.read_text().splitlines()]
    assert len(rows) == 5 and all(r["entities"] and r["quotes"] for r in rows)
    assert on_ray.read_text() == local.read_text()


def test_unknown_engine_is_a_usage_error(seeds: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["annotate", str(seeds), "-o", str(tmp_path / "x.jsonl"), "--engine", "spark"])
    assert result.exit_code == 2


def _stored(db: Path) -> tuple[list, dict[str, tuple[str, str]]]:
    with Store.open(str(db)) as store:
        return sorted(store.iter_articles(), key=lambda a: a.id), store.assignments()


GAZETTE = [
    (
        "budget",
        "Valley council approves budget",
        "The council voted on Tuesday to approve the spending plan for the year, after a long debate about roads.",
        "Members said the plan would fund repairs to the bridge and the library, and that taxes would not rise.",
    ),
    (
        "flood",
        "River rises after week of rain",
        "Water reached the steps of the old mill on Friday as the river rose to its highest level in a decade.",
        "Farmers along the lower fields moved their animals to higher ground while volunteers filled sandbags.",
    ),
    (
        "school",
        "New school opens its doors",
        "Two hundred pupils walked into the new primary school on Monday morning, a year later than planned.",
        "Parents praised the bright classrooms, though some complained about the traffic at the gate.",
    ),
]


def test_ray_ingest_stores_what_local_ingest_stores(seeds: Path, example_corpus: Path, tmp_path: Path) -> None:
    # Inputs whose cleaning fails on the worker (a page that is all navigation) or whose reading
    # fails on the driver (an empty file): reported per file, the rest goes on.
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "nav.txt").write_text("Subscribe\nSign in\n")
    (bad / "empty.txt").write_text("")
    # Three pages of one outlet sharing a line that reads as prose: only the corpus evidence,
    # learnt on the driver and sent to the workers, tells it is boilerplate.
    outlet = tmp_path / "gazette"
    outlet.mkdir()
    motto = "The Valley Gazette has reported on this town and its people since 1952, and we read every letter."
    for name, title, first, second in GAZETTE:
        (outlet / f"{name}.txt").write_text("\n\n".join([title, first, motto, second]) + "\n")
    paths = [str(seeds), str(example_corpus), str(bad), str(outlet)]
    runner = CliRunner()
    outputs = {}
    for engine in ("local", "ray"):
        db = tmp_path / f"{engine}.db"
        result = runner.invoke(app, ["ingest", *paths, "--db", str(db), "--engine", engine, "--workers", "2"])
        assert result.exit_code == 1, result.output  # the bad inputs, and only they
        outputs[engine] = result.output
    assert "nav.txt: no article text found" in outputs["ray"] and "empty.txt: empty file" in outputs["ray"]
    assert outputs["ray"] == outputs["local"]

    local_articles, local_placed = _stored(tmp_path / "local.db")
    ray_articles, ray_placed = _stored(tmp_path / "ray.db")
    assert len(local_articles) > 5 and any(a.duplicate_of for a in local_articles)
    gazette = [a for a in ray_articles if a.source.startswith(str(outlet))]
    assert len(gazette) == 3 and not any("Valley Gazette" in a.body for a in gazette)
    assert ray_articles == local_articles  # ids, bodies, titles, metadata, duplicate_of, all of it
    assert local_placed and ray_placed == local_placed

    # Again on Ray: everything is unchanged, so nothing is sent to clean.
    again = runner.invoke(app, ["ingest", *paths, "--db", str(tmp_path / "ray.db"), "--engine", "ray"])
    assert f"0 new, 0 updated, {len(ray_articles)} unchanged, 2 failed" in again.output
    assert _stored(tmp_path / "ray.db") == (ray_articles, ray_placed)


# --- a worker killed mid-run -------------------------------------------------------------------

# While an annotator actor runs a batch, Ray titles its process ``ray::MapWorker(MapBatches(_Annotator)).submit``.
ANNOTATOR, BUSY = "(_Annotator))", ".submit"


def _stat(pid: int) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the process name (state, parent, ...)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _parent(pid: int) -> int:
    return int(_stat(pid)[1])


def _started_by(pid: int, ancestor: int) -> bool:
    while pid > 1:
        pid = _parent(pid)
        if pid == ancestor:
            return True
    return False


def _annotators() -> dict[int, str]:
    """Annotator actor processes of the Ray cluster this test process started: {pid: title}."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            if ANNOTATOR in title and _started_by(int(entry.name), os.getpid()):
                found[int(entry.name)] = title
        except (OSError, ValueError):
            continue  # gone meanwhile
    return found


class WorkerKiller(threading.Thread):
    """SIGKILLs the first annotator actor seen running a batch, then notes the actors that follow."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.killed: int | None = None
        self.killed_at = 0.0
        self.before: set[int] = set()
        self.after: set[int] = set()

    def run(self) -> None:
        while not self.stop.is_set() and self.killed is None:
            actors = _annotators()
            self.before |= actors.keys()
            busy = [pid for pid, title in actors.items() if title.endswith(BUSY)]
            if busy:
                os.kill(busy[0], signal.SIGKILL)
                self.killed, self.killed_at = busy[0], time.monotonic()
            time.sleep(0.02)
        while not self.stop.is_set():
            self.after |= _annotators().keys() - self.before
            time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds Ray's worker processes in /proc")
def test_killing_a_worker_mid_run_loses_nothing(example_corpus: Path) -> None:
    articles, errors = pipeline.load([example_corpus])
    assert articles and not errors
    # Six differently named copies of the corpus: enough batches that the run is still going when
    # a worker dies, and the batch it was running has to be done again.
    corpus = [dataclasses.replace(a, id=f"{a.id}-{copy}") for copy in range(6) for a in articles]

    killer = WorkerKiller()
    killer.start()
    try:
        on_ray = list(annotate_records(corpus, engine=Engine("ray", workers=2)))
        finished_at = time.monotonic()
    finally:
        killer.stop.set()
        killer.join()

    assert killer.killed is not None, f"no annotator was seen running a batch (actors: {sorted(killer.before)})"
    assert killer.killed_at < finished_at
    assert killer.after, "Ray started no annotator to replace the killed one"
    assert on_ray == list(annotate_records(corpus))


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class SerialKiller(threading.Thread):
    """SIGKILLs every annotator actor once it has spent ``cpu`` seconds on its batch: as if the
    batch crashed whichever worker annotates it, mid-batch. CPU time, not wall time, so a busy
    machine does not make it kill a worker before the batch has started (and was counted)."""

    def __init__(self, cpu: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.cpu = cpu
        self.kills = 0

    def run(self) -> None:
        busy_from: dict[int, float] = {}
        while not self.stop.is_set():
            for pid, title in _annotators().items():
                try:
                    if not title.endswith(BUSY):
                        busy_from.pop(pid, None)
                    elif (cpu := _cpu_seconds(pid)) - busy_from.setdefault(pid, cpu) >= self.cpu:
                        os.kill(pid, signal.SIGKILL)
                        self.kills += 1
                except (OSError, ValueError):
                    continue  # gone meanwhile
            time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds Ray's worker processes in /proc")
def test_a_batch_that_kills_every_worker_ends_the_run(example_corpus: Path) -> None:
    articles, _ = pipeline.load([example_corpus])
    # One batch of long articles (the whole corpus in each): seconds of work, killed after half of one.
    long = "\n\n".join(a.body for a in articles)
    batch = [dataclasses.replace(articles[0], id=f"long-{i}", body=long) for i in range(16)]
    killer = SerialKiller()
    killer.start()
    try:
        with pytest.raises(ParallaxError, match=r"died 3 times annotating the 16 articles long-0 … long-15"):
            list(annotate_records(batch, engine=Engine("ray", workers=1)))
    finally:
        killer.stop.set()
        killer.join()
    assert killer.kills == MAX_ATTEMPTS == 3


# --- Parquet output ----------------------------------------------------------------------------


def test_parquet_output_holds_the_jsonl_records(seeds: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    runner = CliRunner()
    as_jsonl, as_parquet = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    as_parquet.write_bytes(b"an older file, replaced whole")
    for output in (as_jsonl, as_parquet):
        result = runner.invoke(app, ["annotate", str(seeds), "-o", str(output)])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.parquet"]  # no temporary left

    table = pq.read_table(as_parquet)
    json_columns = json.loads(table.schema.metadata[JSON_COLUMNS_KEY])
    assert json_columns == ["removed", "entities", "quotes", "timex", "quantities", "sentences", "published_inferred"]
    assert str(table.schema.field("authors").type) == "list<element: string>"
    expected = [json.loads(line) for line in as_jsonl.read_text().splitlines()]
    rows = table.to_pylist()
    assert len(rows) == len(expected) == 5
    for row, want in zip(rows, expected, strict=True):
        assert list(row) == list(want)
        assert {k: json.loads(v) if k in json_columns else v for k, v in row.items()} == want
        assert all(row[k] == json.dumps(want[k], ensure_ascii=False) for k in json_columns)
    assert any(json.loads(row["quotes"]) for row in rows)


def test_parquet_without_pyarrow_names_the_extra(seeds: Path, tmp_path: Path, monkeypatch) -> None:
    output = tmp_path / "out.parquet"
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    result = CliRunner().invoke(app, ["annotate", str(seeds), "-o", str(output)])
    assert result.exit_code == EXIT_FATAL
    assert 'pip install "parallax-news[scale]"' in result.output
    assert not output.exists()
