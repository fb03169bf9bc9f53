"""The ``parallax`` command end to end, as a user runs it: real files, a real SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.shared import REPO
from parallax.cli import docs
from parallax.cli.app import EXIT_INPUTS_FAILED, app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def check_py(seeds: Path, dossier: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(seeds / "check.py"), str(dossier), "--json"], capture_output=True, text=True
    )
    return json.loads(out.stdout)


def test_analyze_seeds_passes_the_article_and_grouping_checks(seeds: Path, tmp_path: Path) -> None:
    dossier = tmp_path / "d.json"
    result = invoke("analyze", str(seeds), "--db", str(tmp_path / "p.db"), "--json", str(dossier))
    assert result.exit_code == 0, result.output
    scores = check_py(seeds, dossier)["sections"]
    # 38 article checks, the inferred dates of the three undated articles among them; and the events
    assert not scores["articles"]["failed"]
    assert not scores["grouping"]["failed"]


def test_clean_writes_one_row_per_article(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "clean.jsonl"
    result = invoke("clean", str(seeds), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(p.stem for p in seeds.glob("*.txt"))
    for row in rows:
        assert set(row) >= {"id", "title", "body", "outlet", "authors", "published", "cites", "language"}
        assert row["body"].strip()


def test_reingest_changes_nothing(seeds: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    first = invoke("ingest", str(seeds), "--db", db)
    assert first.exit_code == 0, first.output
    assert "5 new" in first.output
    again = invoke("ingest", str(seeds), "--db", db)
    assert again.exit_code == 0
    assert "0 new, 0 updated, 5 unchanged, 0 failed" in again.output
    listed = invoke("articles", "--db", db, "--json")
    assert len(json.loads(listed.output)) == 5
    shown = invoke("show", seeds.glob("*.txt").__next__().stem, "--db", db, "--json")
    assert json.loads(shown.output)["body"]


def test_bad_inputs_are_reported_and_the_rest_ingested(seeds: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = next(iter(sorted(seeds.glob("*.txt"))))
    (folder / good.name).write_bytes(good.read_bytes())
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "rows.jsonl").write_text(
        json.dumps({"id": "row-ok", "text": good.read_text(encoding="utf-8")}) + "\n{not json\n"
    )
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "p.db"))
    assert result.exit_code == EXIT_INPUTS_FAILED
    assert "empty.txt" in result.output
    assert "binary.txt" in result.output
    assert "rows.jsonl:2" in result.output
    assert "2 new" in result.output and "3 failed" in result.output


def test_missing_article_is_an_error(tmp_path: Path) -> None:
    result = invoke("show", "nope", "--db", str(tmp_path / "p.db"))
    assert result.exit_code == EXIT_INPUTS_FAILED
    assert "no article" in result.output


def test_unusable_database_url_is_one_clear_line(tmp_path: Path) -> None:
    result = invoke("articles", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.exit_code == 3
    assert "error" in result.output


def test_cli_reference_is_up_to_date() -> None:
    checked_in = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert checked_in == docs.render(), "docs/cli.md is stale: run `make docs`"


def test_every_command_has_help() -> None:
    for name in docs.command_names():
        assert invoke(name, "--help").exit_code == 0


@pytest.mark.slow
def test_console_script_runs(seeds: Path, tmp_path: Path) -> None:
    """The installed entry point, in a subprocess, as README shows it."""
    exe = Path(sys.executable).with_name("parallax")
    env = {**os.environ, "PARALLAX_DB": str(tmp_path / "env.db")}
    proc = subprocess.run([str(exe), "ingest", str(seeds)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env.db").exists()
