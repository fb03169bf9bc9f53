"""The first schema: raw documents, clean articles, dossiers.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

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
        "dossiers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dossiers")
    op.drop_index("ix_articles_outlet", "articles")
    op.drop_index("ix_articles_published", "articles")
    op.drop_index("ix_articles_content_hash", "articles")
    op.drop_table("articles")
    op.drop_table("raw_documents")
