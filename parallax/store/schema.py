"""The database tables (SQLAlchemy Core). Changes go through an Alembic migration in
``migrations/versions``; a test fails when the migrations and these tables disagree.

Full-text search over articles is not a table here: the migration builds it per database
(an FTS5 table kept in step by triggers on SQLite, a GIN expression index on PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    true,
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

#: A storyline as placed (``analysed`` false: its articles are grouped, not yet cross-checked) or
#: as analysed. ``data`` is the whole ``Storyline`` record as the dossier codec writes it; the
#: tables below hold the same records row by row, for SQL. ``n_facts`` is NULL until the rows of
#: an analysis are written (a store upgraded from before those tables fills them when opened).
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
    Column("analysed", Boolean, nullable=False, server_default=true()),
    Column("n_facts", Integer),
    Index("ix_storylines_last_date", "last_date"),
    Index("ix_storylines_analysed", "analysed"),
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

#: An article's own annotations (before linking), computed once and reused while ``fingerprint``
#: (the annotate stage's code and model, ``parallax.annotate.pipeline.fingerprint``) is unchanged.
annotations = Table(
    "annotations",
    metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("fingerprint", String(32), nullable=False),
    Column("data", JSON, nullable=False),
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


# -- the analysis, row by row (migration 0004): what `parallax analyze` found, for SQL ------------
# Offsets are character offsets into the article's body, named start_char/end_char ("end" is a
# reserved word in SQL). Every row belongs to a storyline and goes when that storyline's analysis
# is replaced (ON DELETE CASCADE).

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("storyline_id", String(64), ForeignKey("storylines.id", ondelete="CASCADE"), nullable=False),
    Column("title", Text),
    Column("date", String(10)),
    Column("n_articles", Integer, nullable=False),
    Index("ix_events_storyline", "storyline_id"),
)

facts = Table(
    "facts",
    metadata,
    Column("storyline_id", String(64), ForeignKey("storylines.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Index("ix_facts_status", "status"),
)

fact_reports = Table(
    "fact_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("storyline_id", String(64), nullable=False),
    Column("fact_id", String(64), nullable=False),
    Column("article_id", String(255), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Text),
    ForeignKeyConstraint(["storyline_id", "fact_id"], ["facts.storyline_id", "facts.id"], ondelete="CASCADE"),
    Index("ix_fact_reports_fact", "storyline_id", "fact_id"),
    Index("ix_fact_reports_article", "article_id"),
)

fact_omissions = Table(
    "fact_omissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("storyline_id", String(64), nullable=False),
    Column("fact_id", String(64), nullable=False),
    Column("article_id", String(255), nullable=False),
    ForeignKeyConstraint(["storyline_id", "fact_id"], ["facts.storyline_id", "facts.id"], ondelete="CASCADE"),
    Index("ix_fact_omissions_fact", "storyline_id", "fact_id"),
)

#: Entity mentions and quotes of an analysed article (the analysis linked its names).
mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(255), ForeignKey("article_analyses.article_id", ondelete="CASCADE"), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(32), nullable=False),
    Column("canonical", Text, nullable=False),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_canonical", "canonical"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(255), ForeignKey("article_analyses.article_id", ondelete="CASCADE"), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("direct", Boolean, nullable=False),
    Column("cue", Text),
    Column("statement", Integer),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker", "speaker"),
)

quote_groups = Table(
    "quote_groups",
    metadata,
    Column("storyline_id", String(64), ForeignKey("storylines.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("speaker", Text),
)

quote_renderings = Table(
    "quote_renderings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("storyline_id", String(64), nullable=False),
    Column("group_number", Integer, nullable=False),
    Column("article_id", String(255), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(
        ["storyline_id", "group_number"], ["quote_groups.storyline_id", "quote_groups.number"], ondelete="CASCADE"
    ),
    Index("ix_quote_renderings_group", "storyline_id", "group_number"),
)

timeline_entries = Table(
    "timeline_entries",
    metadata,
    Column("storyline_id", String(64), ForeignKey("storylines.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("date", String(10), nullable=False),
    Column("earliest", String(10), nullable=False),
    Column("latest", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("provenance", String(16), nullable=False),
    Index("ix_timeline_entries_date", "earliest"),
)

timeline_sources = Table(
    "timeline_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("storyline_id", String(64), nullable=False),
    Column("entry_number", Integer, nullable=False),
    Column("article_id", String(255), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("time_start", Integer),
    Column("time_end", Integer),
    Column("provenance", String(16), nullable=False),
    ForeignKeyConstraint(
        ["storyline_id", "entry_number"],
        ["timeline_entries.storyline_id", "timeline_entries.number"],
        ondelete="CASCADE",
    ),
    Index("ix_timeline_sources_entry", "storyline_id", "entry_number"),
)


# -- parallax watch: what is followed, what was seen, and what changed (migration 0003) ---------

#: A followed source: a feed, a sitemap or a folder, with the validators of its last good fetch
#: (so the next request is conditional) and how often it failed in a row (its back-off).
watch_sources = Table(
    "watch_sources",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("location", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("settings", JSON, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("failures", Integer, nullable=False),
    Column("last_error", Text),
    Column("last_checked_at", DateTime(timezone=True)),
    Column("last_ok_at", DateTime(timezone=True)),
    Column("next_due_at", DateTime(timezone=True)),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

#: An item of a source already stored (a feed entry, a sitemap URL, a file), at the version seen;
#: written after its article, so a crash between the two only makes the next round ask again.
watch_items = Table(
    "watch_items",
    metadata,
    Column("source_id", String(64), primary_key=True),
    Column("key_hash", String(64), primary_key=True),
    Column("key", Text, nullable=False),
    Column("version", String(64), nullable=False),
    Column("article_id", String(255)),
    Column("round", Integer, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_watch_items_round", "round"),
)

#: One round of the watch: when it ran, what it counted, and one line per problem.
watch_rounds = Table(
    "watch_rounds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),
    Column("counts", JSON, nullable=False),
    Column("errors", JSON, nullable=False),
)

#: A storyline's analysis as it stood before a round re-analysed it, kept until the round has
#: recorded its changes: a round killed half way compares against this, not the new analysis.
watch_pending = Table(
    "watch_pending",
    metadata,
    Column("storyline_id", String(64), primary_key=True),
    Column("round", Integer, nullable=False),
    Column("before", JSON),
)

#: What changed: per storyline and round, one row per new article set, outlet, fact, quote,
#: status change or moved figure (see ``parallax.watch.changes``).
watch_changes = Table(
    "watch_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round", Integer, nullable=False),
    Column("storyline_id", String(64), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("what", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_watch_changes_storyline", "storyline_id"),
    Index("ix_watch_changes_round", "round"),
)
