"""Who stands behind an article: the wire agency it credits and the aggregator that carried it.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("agency", sa.String(255)))
        batch.add_column(sa.Column("via", sa.String(255)))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("via")
        batch.drop_column("agency")
