"""Shared fixtures: where the samples, dev sets and example corpus are."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.shared import REPO, shared_dir
from parallax.store import Store


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the repository; the suite needs it (CI puts it there)."""
    path = shared_dir()
    if not (path / "seeds").is_dir():
        pytest.fail(f"shared data not found at {path}: set PARALLAX_SHARED")
    return path


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def example_corpus() -> Path:
    return REPO / "examples" / "corpus"


PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _pg_available() -> bool:
    try:
        with create_engine(f"{PG_SERVER}/postgres").connect():
            return True
    except Exception:
        return False


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the local server, dropped afterwards."""
    if not _pg_available():
        pytest.skip("PostgreSQL is not answering on 127.0.0.1:5432")
    name = f"parallax_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield f"{PG_SERVER}/{name}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    """The same store tests on a SQLite file and on a fresh PostgreSQL database."""
    url = str(tmp_path / "store.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store.open(url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory, example_corpus: Path) -> Path:
    """A SQLite store holding the analysed example corpus (built once per test run)."""
    from parallax import pipeline

    path = tmp_path_factory.mktemp("example") / "example.db"
    with Store.open(str(path)) as store:
        pipeline.analyze([example_corpus], store)
    return path
