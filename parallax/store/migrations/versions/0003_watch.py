"""`parallax watch`: followed sources, seen items, rounds, pending snapshots and changes.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("last_checked_at", sa.DateTime(timezone=True)),
        sa.Column("last_ok_at", sa.DateTime(timezone=True)),
        sa.Column("next_due_at", sa.DateTime(timezone=True)),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "watch_items",
        sa.Column("source_id", sa.String(64), primary_key=True),
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(255)),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_watch_items_round", "watch_items", ["round"])
    op.create_table(
        "watch_rounds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("errors", sa.JSON, nullable=False),
    )
    op.create_table(
        "watch_pending",
        sa.Column("storyline_id", sa.String(64), primary_key=True),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("before", sa.JSON),
    )
    op.create_table(
        "watch_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("storyline_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_watch_changes_storyline", "watch_changes", ["storyline_id"])
    op.create_index("ix_watch_changes_round", "watch_changes", ["round"])


def downgrade() -> None:
    for name in ("watch_changes", "watch_pending", "watch_rounds", "watch_items", "watch_sources"):
        op.drop_table(name)
