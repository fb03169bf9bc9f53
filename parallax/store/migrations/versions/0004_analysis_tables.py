"""Each article's own annotations kept for reuse, and the analysis row by row: events, facts and
their reports, mentions, quotes, quote groups and timeline entries as tables beside each
storyline's JSON, so a question across storylines is one SQL query; storylines known before they
are analysed.

Existing analyses are kept: their rows are written when the store is next opened (``n_facts`` is
NULL until then), by the same code that writes a new analysis.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _offsets() -> list[sa.Column]:
    return [sa.Column("start_char", sa.Integer, nullable=False), sa.Column("end_char", sa.Integer, nullable=False)]


def upgrade() -> None:
    op.add_column("storylines", sa.Column("analysed", sa.Boolean, nullable=False, server_default=sa.true()))
    op.add_column("storylines", sa.Column("n_facts", sa.Integer))
    op.create_index("ix_storylines_analysed", "storylines", ["analysed"])
    _rows_for_placed_storylines()
    op.create_table(
        "annotations",
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("storyline_id", sa.String(64), sa.ForeignKey("storylines.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.String(10)),
        sa.Column("n_articles", sa.Integer, nullable=False),
    )
    op.create_index("ix_events_storyline", "events", ["storyline_id"])
    op.create_table(
        "facts",
        sa.Column("storyline_id", sa.String(64), sa.ForeignKey("storylines.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("independent_sources", sa.Integer, nullable=False),
        sa.Column("n_articles", sa.Integer, nullable=False),
    )
    op.create_index("ix_facts_status", "facts", ["status"])
    fact_key = sa.ForeignKeyConstraint(
        ["storyline_id", "fact_id"], ["facts.storyline_id", "facts.id"], ondelete="CASCADE"
    )
    op.create_table(
        "fact_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("storyline_id", sa.String(64), nullable=False),
        sa.Column("fact_id", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(255), nullable=False),
        *_offsets(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        fact_key,
    )
    op.create_index("ix_fact_reports_fact", "fact_reports", ["storyline_id", "fact_id"])
    op.create_index("ix_fact_reports_article", "fact_reports", ["article_id"])
    op.create_table(
        "fact_omissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("storyline_id", sa.String(64), nullable=False),
        sa.Column("fact_id", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(255), nullable=False),
        sa.ForeignKeyConstraint(["storyline_id", "fact_id"], ["facts.storyline_id", "facts.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_fact_omissions_fact", "fact_omissions", ["storyline_id", "fact_id"])
    article_key = sa.ForeignKey("article_analyses.article_id", ondelete="CASCADE")
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(255), article_key, nullable=False),
        *_offsets(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_canonical", "mentions", ["canonical"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(255),
            sa.ForeignKey("article_analyses.article_id", ondelete="CASCADE"),
            nullable=False,
        ),
        *_offsets(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("direct", sa.Boolean, nullable=False),
        sa.Column("cue", sa.Text),
        sa.Column("statement", sa.Integer),
    )
    op.create_index("ix_quotes_article", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker"])
    op.create_table(
        "quote_groups",
        sa.Column("storyline_id", sa.String(64), sa.ForeignKey("storylines.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("speaker", sa.Text),
    )
    op.create_table(
        "quote_renderings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("storyline_id", sa.String(64), nullable=False),
        sa.Column("group_number", sa.Integer, nullable=False),
        sa.Column("article_id", sa.String(255), nullable=False),
        *_offsets(),
        sa.Column("text", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["storyline_id", "group_number"], ["quote_groups.storyline_id", "quote_groups.number"], ondelete="CASCADE"
        ),
    )
    op.create_index("ix_quote_renderings_group", "quote_renderings", ["storyline_id", "group_number"])
    op.create_table(
        "timeline_entries",
        sa.Column("storyline_id", sa.String(64), sa.ForeignKey("storylines.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("earliest", sa.String(10), nullable=False),
        sa.Column("latest", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("provenance", sa.String(16), nullable=False),
    )
    op.create_index("ix_timeline_entries_date", "timeline_entries", ["earliest"])
    op.create_table(
        "timeline_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("storyline_id", sa.String(64), nullable=False),
        sa.Column("entry_number", sa.Integer, nullable=False),
        sa.Column("article_id", sa.String(255), nullable=False),
        *_offsets(),
        sa.Column("time_start", sa.Integer),
        sa.Column("time_end", sa.Integer),
        sa.Column("provenance", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["storyline_id", "entry_number"],
            ["timeline_entries.storyline_id", "timeline_entries.number"],
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_timeline_sources_entry", "timeline_sources", ["storyline_id", "entry_number"])


def _rows_for_placed_storylines() -> None:
    """Storylines the online grouping placed articles in but no analysis ever covered (a store
    made before storylines were kept at placement) get a row, not yet analysed, so that
    ``parallax analyze --db`` takes them up; their titles come with the analysis."""
    bind = op.get_bind()
    orphans = bind.execute(
        sa.text(
            "SELECT a.storyline_id, a.event_id, a.article_id FROM assignments a"
            " LEFT JOIN storylines s ON s.id = a.storyline_id WHERE s.id IS NULL"
            " ORDER BY a.storyline_id, a.article_id"
        )
    ).all()
    members: dict[str, list[tuple[str, str]]] = {}
    for storyline, event, article in orphans:
        members.setdefault(storyline, []).append((article, event))
    for storyline, pairs in members.items():
        events: dict[str, list[str]] = {}
        for article, event in pairs:
            events.setdefault(event, []).append(article)
        data = {
            "id": storyline,
            "title": "",
            "articles": [a for a, _ in pairs],
            "events": [{"id": e, "title": "", "articles": ids, "date": None} for e, ids in sorted(events.items())],
            "analysed": False,
        }
        bind.execute(
            sa.text(
                "INSERT INTO storylines (id, title, data, n_articles, n_outlets, n_conflicts, analysed_at, analysed)"
                " VALUES (:id, '', :data, :n, :n, 0, CURRENT_TIMESTAMP, :no)"
            ).bindparams(sa.bindparam("data", type_=sa.JSON), sa.bindparam("no", type_=sa.Boolean)),
            {"id": storyline, "data": data, "n": len(pairs), "no": False},
        )


def downgrade() -> None:
    for name in (
        "timeline_sources",
        "timeline_entries",
        "quote_renderings",
        "quote_groups",
        "quotes",
        "mentions",
        "fact_omissions",
        "fact_reports",
        "facts",
        "events",
        "annotations",
    ):
        op.drop_table(name)
    op.drop_index("ix_storylines_analysed", "storylines")
    with op.batch_alter_table("storylines") as batch:
        batch.drop_column("n_facts")
        batch.drop_column("analysed")
