"""The database tables (SQLAlchemy Core). Changes go through an Alembic migration in
``migrations/versions``; a test fails when the migrations and these tables disagree."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

raw_documents = Table(
    "raw_documents",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("content", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", String(255)),
    Column("published", String(32)),
    Column("retrieved", String(40)),
    Column("authors", JSON, nullable=False),
    Column("raw_hash", String(64), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(255), ForeignKey("raw_documents.id", ondelete="CASCADE"), primary_key=True),
    Column("title", Text),
    Column("body", Text, nullable=False),
    Column("outlet", String(255)),
    Column("authors", JSON, nullable=False),
    Column("published", String(10)),
    Column("language", String(8)),
    Column("cites", JSON, nullable=False),
    Column("url", Text),
    Column("source", Text),
    Column("content_hash", String(64)),
    Column("duplicate_of", String(255)),
    Column("removed", JSON, nullable=False),
    Column("annotations", JSON, nullable=False),
    Column("minhash", LargeBinary),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_outlet", "outlet"),
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),
)
