"""The store: SQLAlchemy over SQLite (default) or PostgreSQL, migrated by Alembic."""

from parallax.store.codec import raw_digest
from parallax.store.db import Store, resolve_url

__all__ = ["Store", "raw_digest", "resolve_url"]
