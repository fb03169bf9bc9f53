"""The first schema: raw documents, clean articles, analyses, online assignments, full-text search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from parallax.store.schema import PG_SEARCH_VECTOR

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "raw_documents",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.String(255)),
        sa.Column("published", sa.String(32)),
        sa.Column("retrieved", sa.String(40)),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("raw_hash", sa.String(64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(255), sa.ForeignKey("raw_documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("outlet", sa.String(255)),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.String(8)),
        sa.Column("cites", sa.JSON, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("duplicate_of", sa.String(255)),
        sa.Column("removed", sa.JSON, nullable=False),
        sa.Column("annotations", sa.JSON, nullable=False),
        sa.Column("minhash", sa.LargeBinary),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_table(
        "storylines",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("n_articles", sa.Integer, nullable=False),
        sa.Column("n_outlets", sa.Integer, nullable=False),
        sa.Column("n_conflicts", sa.Integer, nullable=False),
        sa.Column("first_date", sa.String(10)),
        sa.Column("last_date", sa.String(10)),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_storylines_last_date", "storylines", ["last_date"])
    op.create_table(
        "article_analyses",
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("storyline_id", sa.String(64), sa.ForeignKey("storylines.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_article_analyses_storyline", "article_analyses", ["storyline_id"])
    op.create_table(
        "assignments",
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("storyline_id", sa.String(64), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_assignments_event", "assignments", ["event_id"])
    op.create_index("ix_assignments_storyline", "assignments", ["storyline_id"])
    create_search()


def create_search() -> None:
    """Full-text search over title and body, in each database's own engine."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        for name, when, old, new in _FTS_TRIGGERS:
            op.execute(f"CREATE TRIGGER {name} AFTER {when} ON articles BEGIN {old}{new} END")
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_articles_search ON articles USING gin ({PG_SEARCH_VECTOR})")


_FTS_DELETE = (
    "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);"
)
_FTS_INSERT = "INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);"
_FTS_TRIGGERS = [
    ("articles_fts_insert", "INSERT", "", _FTS_INSERT),
    ("articles_fts_delete", "DELETE", _FTS_DELETE, ""),
    ("articles_fts_update", "UPDATE", _FTS_DELETE, _FTS_INSERT),
]


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name, *_ in _FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX ix_articles_search")
    op.drop_index("ix_assignments_storyline", "assignments")
    op.drop_index("ix_assignments_event", "assignments")
    op.drop_table("assignments")
    op.drop_index("ix_article_analyses_storyline", "article_analyses")
    op.drop_table("article_analyses")
    op.drop_index("ix_storylines_last_date", "storylines")
    op.drop_table("storylines")
    op.drop_index("ix_articles_outlet", "articles")
    op.drop_index("ix_articles_published", "articles")
    op.drop_index("ix_articles_content_hash", "articles")
    op.drop_table("articles")
    op.drop_table("raw_documents")
