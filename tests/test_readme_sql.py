"""README's SQL example runs as printed: in the stock ``sqlite3`` client on the example store, and
in ``psql`` on the same analysis kept in PostgreSQL; both find the example corpus's contested toll."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bench.shared import REPO
from parallax import pipeline
from parallax.store import Store


def readme_sql() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- sql-example -->\s*```sql\n(.*?)```", text, re.S)
    assert match, "README has no SQL example after <!-- sql-example -->"
    return match.group(1)


def _check(output: str) -> None:
    rows = [line.split("|") for line in output.strip().splitlines()]
    assert len(rows) >= 3, output
    values = {row[3] for row in rows}
    assert "29 people" in values and any("41" in v for v in values), output


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 client is not installed")
def test_readme_sql_in_the_sqlite3_client(example_db: Path) -> None:
    done = subprocess.run(["sqlite3", str(example_db)], input=readme_sql(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    _check(done.stdout)


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="the psql client is not installed")
def test_readme_sql_in_psql(pg_url: str, example_corpus: Path) -> None:
    with Store.open(pg_url) as store:
        pipeline.analyze([example_corpus], store)
    url = make_url(pg_url)
    done = subprocess.run(
        ["psql", "-h", url.host or "127.0.0.1", "-U", url.username or "postgres", "-d", url.database or "",
         "-At", "-F", "|", "-v", "ON_ERROR_STOP=1"],
        input=readme_sql(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    _check(done.stdout)
