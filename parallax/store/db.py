"""The store: raw inputs and clean articles in any SQLAlchemy database (SQLite by default).

Each article is written together with its raw input in one transaction, so a crash never leaves
half an article; raw input is kept so any stage can be re-run. The schema is created and upgraded
by the Alembic migrations shipped inside the package, applied when the store is opened.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from parallax.errors import StoreError
from parallax.model import Article, RawDocument
from parallax.store.codec import article_to_row, raw_digest, raw_to_row, row_to_article, row_to_raw
from parallax.store.schema import articles, dossiers, raw_documents

DEFAULT_DB = "parallax.db"
SaveOutcome = Literal["inserted", "updated", "unchanged"]
MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(url: str | None) -> str:
    """``--db`` value → SQLAlchemy URL: None → ``$PARALLAX_DB`` → ``./parallax.db``; a bare path is SQLite."""
    url = url or os.environ.get("PARALLAX_DB") or DEFAULT_DB
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Apply the packaged Alembic migrations up to the newest."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    """Raw documents and clean articles in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        resolved = resolve_url(url)
        try:
            parsed = make_url(resolved)
            if parsed.get_backend_name() == "sqlite" and parsed.database:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(resolved, future=True, pool_pre_ping=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            upgrade(engine)
        except (ArgumentError, NoSuchModuleError) as e:
            raise StoreError(
                f"not a usable database URL: {url!r} ({e})",
                hint="give a SQLite file path or an SQLAlchemy URL such as postgresql+psycopg://user@host/db",
            ) from None
        except OperationalError as e:
            raise StoreError(
                f"cannot open the database {parsed.render_as_string(hide_password=True)}: "
                f"{str(e.orig).strip().splitlines()[0] if e.orig else e}",
                hint="check that the server runs and the URL is right",
            ) from None
        except SQLAlchemyError as e:
            raise StoreError(f"database error while opening {resolved}: {e}") from None
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def has(self, article_id: str, digest: str) -> bool:
        """Is this article stored from exactly this raw input (so re-ingesting changes nothing)?"""
        with self.engine.connect() as c:
            stored = c.execute(select(raw_documents.c.raw_hash).where(raw_documents.c.id == article_id)).scalar()
        return stored == digest

    def save(self, raw: RawDocument, article: Article) -> SaveOutcome:
        """Store a raw document and its article in one transaction."""
        if raw.id != article.id:
            raise StoreError(f"article id {article.id!r} does not match its raw document {raw.id!r}")
        raw_row = raw_to_row(raw)
        article_row = article_to_row(article)
        try:
            with self.engine.begin() as c:
                stored = c.execute(select(raw_documents.c.raw_hash).where(raw_documents.c.id == raw.id)).scalar()
                existing = c.execute(select(articles).where(articles.c.id == raw.id)).first()
                if stored == raw_row["raw_hash"] and existing is not None and row_to_article(existing) == article:
                    return "unchanged"
                raw_row["ingested_at"] = datetime.now(UTC)
                if stored is None:
                    c.execute(insert(raw_documents).values(**raw_row))
                else:
                    c.execute(update(raw_documents).where(raw_documents.c.id == raw.id).values(**raw_row))
                if existing is None:
                    c.execute(insert(articles).values(**article_row))
                    return "inserted"
                c.execute(update(articles).where(articles.c.id == raw.id).values(**article_row))
                return "updated"
        except SQLAlchemyError as e:
            raise StoreError(f"could not store article {raw.id!r}: {e}") from None

    def save_dossier(self, dossier: dict[str, Any]) -> int:
        with self.engine.begin() as c:
            result = c.execute(insert(dossiers).values(created_at=datetime.now(UTC), data=dossier))
            return int(result.inserted_primary_key[0])

    def latest_dossier(self) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            return c.execute(select(dossiers.c.data).order_by(dossiers.c.id.desc()).limit(1)).scalar()

    # -- reading -------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as c:
            row = c.execute(select(articles).where(articles.c.id == article_id)).first()
        return row_to_article(row) if row else None

    def raw(self, article_id: str) -> RawDocument | None:
        with self.engine.connect() as c:
            row = c.execute(select(raw_documents).where(raw_documents.c.id == article_id)).first()
        return row_to_raw(row) if row else None

    def articles(self, *, outlet: str | None = None, limit: int | None = None, offset: int = 0) -> list[Article]:
        """Newest published first (undated last), then by id."""
        query = select(articles).order_by(articles.c.published.is_(None), articles.c.published.desc(), articles.c.id)
        if outlet:
            query = query.where(articles.c.outlet == outlet)
        query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as c:
            return [row_to_article(r) for r in c.execute(query)]

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Every article by id, in batches (keyset pagination: constant memory, no long transaction)."""
        last = ""
        while True:
            with self.engine.connect() as c:
                rows = c.execute(
                    select(articles).where(articles.c.id > last).order_by(articles.c.id).limit(batch)
                ).all()
            if not rows:
                return
            for row in rows:
                yield row_to_article(row)
            last = rows[-1]._mapping["id"]

    def count(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(articles)).scalar() or 0)


__all__ = ["Store", "raw_digest", "resolve_url"]
