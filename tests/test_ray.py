"""The scale extra: `--engine ray` on a local Ray cluster with 2 CPUs gives exactly the local engine's
annotations, even when a worker is killed mid-run; `-o out.parquet` holds the same records."""

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
from parallax.analysis import annotate_records
from parallax.cli.app import EXIT_FATAL, app
from parallax.export.files import JSON_COLUMNS_KEY

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


# --- a worker killed mid-run -------------------------------------------------------------------

# While an annotator actor runs a batch, Ray titles its process ``ray::MapWorker(MapBatches(_Annotator)).submit``.
ANNOTATOR, BUSY = "(_Annotator))", ".submit"


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


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
        on_ray = annotate_records(corpus, engine="ray", workers=2)
        finished_at = time.monotonic()
    finally:
        killer.stop.set()
        killer.join()

    assert killer.killed is not None, f"no annotator was seen running a batch (actors: {sorted(killer.before)})"
    assert killer.killed_at < finished_at
    assert killer.after, "Ray started no annotator to replace the killed one"
    assert on_ray == annotate_records(corpus)


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
    assert json_columns == ["published_inferred", "entities", "quotes", "timex", "quantities"]
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
