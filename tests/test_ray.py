"""`--engine ray` on a local Ray cluster with 2 CPUs gives exactly the local engine's annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax.cli.app import app

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
