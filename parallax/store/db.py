"""The store: raw inputs and clean articles in any SQLAlchemy database (SQLite by default).

Each article is written together with its raw input in one transaction, so a crash never leaves
half an article; raw input is kept so any stage can be re-run. The schema is created and upgraded
by the Alembic migrations shipped inside the package, applied when the store is opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    Engine,
    Text,
    and_,
    case,
    cast,
    column,
    create_engine,
    delete,
    event,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
    update,
)
from sqlalchemy.engine import Row, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from parallax.errors import StoreError
from parallax.model import Article, RawDocument
from parallax.store.codec import article_to_row, raw_digest, raw_to_row, row_to_article, row_to_raw
from parallax.store.schema import (
    PG_SEARCH_VECTOR,
    article_analyses,
    articles,
    assignments,
    raw_documents,
    storylines,
)

DEFAULT_DB = "parallax.db"
SaveOutcome = Literal["inserted", "updated", "unchanged"]
_LISTED = ("id", "title", "n_articles", "n_outlets", "n_conflicts", "first_date", "last_date")
_SEARCH_WORD = re.compile(r"\w+")
MIGRATIONS = Path(__file__).with_name("migrations")


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    """``ids`` in slices small enough for one ``IN (...)`` clause on every database."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


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

    @staticmethod
    def describe(url: str | None) -> str:
        """The database a ``--db`` value names, with any password hidden."""
        return make_url(resolve_url(url)).render_as_string(hide_password=True)

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

    def save(self, raw: RawDocument, article: Article, *, minhash: bytes | None = None) -> SaveOutcome:
        """Store a raw document and its article in one transaction; ``minhash``, the body's
        signature, is kept so later ingests link duplicates without reading the body again."""
        if raw.id != article.id:
            raise StoreError(f"article id {article.id!r} does not match its raw document {raw.id!r}")
        raw_row = raw_to_row(raw)
        article_row = article_to_row(article)
        if minhash is not None:
            article_row["minhash"] = minhash
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

    def save_analysis(self, dossier: dict[str, Any]) -> None:
        """Keep a dossier's storylines and article records, in one transaction.

        A newer analysis of an article supersedes the old: storylines that held any of these
        articles are replaced (their other articles lose their grouping until analysed again).
        """
        records = {a["id"]: a for a in dossier["articles"]}
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as c:
                stale = set()
                for chunk in _chunks(list(records)):
                    query = select(article_analyses.c.storyline_id).where(article_analyses.c.article_id.in_(chunk))
                    stale.update(c.execute(query).scalars())
                if stale:
                    c.execute(delete(article_analyses).where(article_analyses.c.storyline_id.in_(stale)))
                    c.execute(delete(storylines).where(storylines.c.id.in_(stale)))
                for line in dossier["storylines"]:
                    members = [records[a] for a in line["articles"] if a in records]
                    days = sorted(a["published"] for a in members if a.get("published"))
                    c.execute(
                        insert(storylines).values(
                            id=line["id"],
                            title=line["title"],
                            data=line,
                            n_articles=len(members),
                            n_outlets=len({a.get("outlet") or a["id"] for a in members}),
                            n_conflicts=sum(1 for claim in line["claims"] if claim["status"] == "conflict"),
                            first_date=days[0] if days else None,
                            last_date=days[-1] if days else None,
                            analysed_at=now,
                        )
                    )
                    event_of = {aid: e["id"] for e in line["events"] for aid in e["articles"]}
                    for a in members:
                        c.execute(
                            insert(article_analyses).values(
                                article_id=a["id"], storyline_id=line["id"], event_id=event_of.get(a["id"], ""), data=a
                            )
                        )
        except SQLAlchemyError as e:
            raise StoreError(f"could not store the analysis: {e}") from None

    def save_assignments(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """Keep online ``(article, event, storyline)`` assignments, replacing earlier ones, in one transaction."""
        if not rows:
            return
        now = datetime.now(UTC)
        with self.engine.begin() as c:
            for chunk in _chunks([r[0] for r in rows]):
                c.execute(delete(assignments).where(assignments.c.article_id.in_(chunk)))
            c.execute(
                insert(assignments),
                [{"article_id": a, "event_id": e, "storyline_id": s, "assigned_at": now} for a, e, s in rows],
            )

    def assignments(self, ids: Sequence[str] | None = None) -> dict[str, tuple[str, str]]:
        """``{article: (event, storyline)}`` for the given articles (all when None)."""
        cols = (assignments.c.article_id, assignments.c.event_id, assignments.c.storyline_id)
        out: dict[str, tuple[str, str]] = {}
        with self.engine.connect() as c:
            if ids is None:
                return {a: (e, s) for a, e, s in c.execute(select(*cols))}
            for chunk in _chunks(ids):
                query = select(*cols).where(assignments.c.article_id.in_(chunk))
                out.update({a: (e, s) for a, e, s in c.execute(query)})
        return out

    def analysed_ids(self) -> set[str]:
        """Articles that a stored analysis covers."""
        with self.engine.connect() as c:
            return set(c.execute(select(article_analyses.c.article_id)).scalars())

    def state_dir(self) -> Path:
        """Where stages keep files beside the database (the online story index): next to a SQLite
        file, else ``$PARALLAX_STATE`` or ``./parallax-state``."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Path(url.database + ".state")
        key = hashlib.sha1(url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
        return Path(os.environ.get("PARALLAX_STATE", "parallax-state")).resolve() / key

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

    def _by_id(self, columns: Sequence[Any], batch: int) -> Iterator[Row]:
        """Rows of ``articles`` by id, ``batch`` at a time (keyset pagination: constant memory, no
        long transaction); the first column must be the id."""
        last = ""
        while True:
            with self.engine.connect() as c:
                page = select(*columns).where(articles.c.id > last).order_by(articles.c.id).limit(batch)
                rows = c.execute(page).all()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Every article by id, in batches."""
        for row in self._by_id(list(articles.c), batch):
            yield row_to_article(row)

    def iter_link_keys(
        self, batch: int = 2000
    ) -> Iterator[tuple[str, str | None, str | None, bytes | None, str | None]]:
        """``(id, content_hash, duplicate_of, minhash, body)`` of every article, by id, for the
        duplicate linker; the body only where no signature is stored (a copy needs neither)."""
        unsigned = and_(articles.c.minhash.is_(None), articles.c.duplicate_of.is_(None))
        body = case((unsigned, articles.c.body), else_=None)
        columns = [articles.c.id, articles.c.content_hash, articles.c.duplicate_of, articles.c.minhash, body]
        for row in self._by_id(columns, batch):
            yield row[0], row[1], row[2], row[3], row[4]

    def storylines(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Storylines newest first (by their latest article), with their counts; no dossier data."""
        query = (
            select(storylines.c[*_LISTED])
            .order_by(storylines.c.last_date.is_(None), storylines.c.last_date.desc(), storylines.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(query)]

    def storyline(self, storyline_id: str) -> dict[str, Any] | None:
        """The dossier's storyline object."""
        with self.engine.connect() as c:
            return c.execute(select(storylines.c.data).where(storylines.c.id == storyline_id)).scalar()

    def article_record(self, article_id: str) -> dict[str, Any] | None:
        """The article as the dossier shows it, with ``storyline`` and ``event`` (None if never analysed)."""
        return self.article_records([article_id]).get(article_id)

    def article_records(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``article_record`` for many articles in a few queries; unanalysed ones are absent."""
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(ids):
                for row in c.execute(select(article_analyses).where(article_analyses.c.article_id.in_(chunk))):
                    m = row._mapping
                    out[m["article_id"]] = {**m["data"], "storyline": m["storyline_id"], "event": m["event_id"]}
        return out

    def dossier(self, storyline_ids: list[str] | None = None) -> dict[str, Any]:
        """The dossier of the stored analyses: every storyline, or only the given ones."""
        from parallax.export.dossier import DOSSIER_VERSION

        query = select(storylines.c.data).order_by(storylines.c.n_articles.desc(), storylines.c.id)
        if storyline_ids is not None:
            query = query.where(storylines.c.id.in_(storyline_ids))
        with self.engine.connect() as c:
            lines = list(c.execute(query).scalars())
            records = []
            for chunk in _chunks([a for line in lines for a in line["articles"]]):
                query = select(article_analyses.c.data).where(article_analyses.c.article_id.in_(chunk))
                records.extend(c.execute(query).scalars())
        records.sort(key=lambda a: a["id"])
        return {"parallax_dossier": DOSSIER_VERSION, "articles": records, "storylines": lines, "errors": []}

    def storylines_containing(self, needle: str, limit: int = 200) -> list[dict[str, Any]]:
        """Storyline objects whose JSON holds ``needle`` as a string value (e.g. an entity's name)."""
        pattern = "%" + json.dumps(needle)[1:-1].replace("%", "\\%").replace("_", "\\_") + "%"
        query = (
            select(storylines.c.data)
            .where(cast(storylines.c.data, Text).like(pattern, escape="\\"))
            .order_by(storylines.c.last_date.desc())
            .limit(limit)
        )
        with self.engine.connect() as c:
            return list(c.execute(query).scalars())

    def article_summaries(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``{id: {id, title, outlet, published}}`` for the given articles, without their bodies."""
        cols = (articles.c.id, articles.c.title, articles.c.outlet, articles.c.published)
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(ids):
                for row in c.execute(select(*cols).where(articles.c.id.in_(chunk))):
                    out[row[0]] = dict(row._mapping)
        return out

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with its number of articles, most first."""
        n = func.count().label("n")
        query = select(articles.c.outlet, n).where(articles.c.outlet.is_not(None)).group_by(articles.c.outlet)
        with self.engine.connect() as c:
            return [(r[0], int(r[1])) for r in c.execute(query.order_by(n.desc(), articles.c.outlet))]

    def search(
        self,
        query: str = "",
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
    ) -> list[Article]:
        """Articles matching every word of ``query`` (full-text, best first; newest first with no
        query), filtered by outlet and publication dates (inclusive, ``YYYY-MM-DD``)."""
        words = _SEARCH_WORD.findall(query)
        stmt = select(articles)
        if words and self.engine.dialect.name == "sqlite":
            fts = table("articles_fts", column("rowid"))
            match = " ".join('"' + w + '"' for w in words)
            stmt = (
                stmt.select_from(articles.join(fts, fts.c.rowid == literal_column("articles.rowid")))
                .where(text("articles_fts MATCH :match").bindparams(match=match))
                .order_by(text("bm25(articles_fts)"))
            )
        elif words and self.engine.dialect.name == "postgresql":
            stmt = stmt.where(
                text(f"{PG_SEARCH_VECTOR} @@ plainto_tsquery('english', :q)").bindparams(q=" ".join(words))
            )
            stmt = stmt.order_by(
                text(f"ts_rank({PG_SEARCH_VECTOR}, plainto_tsquery('english', :q)) DESC").bindparams(q=" ".join(words))
            )
        elif words:  # any other database: a plain substring match on every word
            for w in words:
                stmt = stmt.where((articles.c.title + " " + articles.c.body).ilike(f"%{w}%"))
        if outlet:
            stmt = stmt.where(articles.c.outlet == outlet)
        if since:
            stmt = stmt.where(articles.c.published >= since)
        if until:
            stmt = stmt.where(articles.c.published <= until)
        stmt = stmt.order_by(articles.c.published.is_(None), articles.c.published.desc(), articles.c.id).limit(limit)
        with self.engine.connect() as c:
            return [row_to_article(r) for r in c.execute(stmt)]

    def count(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(articles)).scalar() or 0)


__all__ = ["Store", "raw_digest", "resolve_url"]
