"""The database tables (SQLAlchemy Core). Changes go through an Alembic migration in
``migrations/versions``; a test fails when the migrations and these tables disagree.

Full-text search over articles is not a table here: the migration builds it per database
(an FTS5 table kept in step by triggers on SQLite, a GIN expression index on PostgreSQL)."""

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

#: The expression PostgreSQL's search index is built on; queries use the same one to hit it.
PG_SEARCH_VECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || body)"

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
    Column("agency", String(255)),
    Column("via", String(255)),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_outlet", "outlet"),
)

storylines = Table(
    "storylines",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("data", JSON, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_outlets", Integer, nullable=False),
    Column("n_conflicts", Integer, nullable=False),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
    Column("analysed_at", DateTime(timezone=True), nullable=False),
    Index("ix_storylines_last_date", "last_date"),
)

#: An article as the last analysis saw it: its dossier record (annotations, inferred date) and
#: where it was grouped. One row per article; a new analysis of the article replaces it.
article_analyses = Table(
    "article_analyses",
    metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("storyline_id", String(64), ForeignKey("storylines.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_article_analyses_storyline", "storyline_id"),
)

#: The online grouping: every ingested article's event and storyline, assigned as it arrives
#: (``parallax ingest``), without re-clustering what is already placed.
assignments = Table(
    "assignments",
    metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("storyline_id", String(64), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    Index("ix_assignments_event", "event_id"),
    Index("ix_assignments_storyline", "storyline_id"),
)
