"""The store: raw inputs and clean articles in any SQLAlchemy database (SQLite by default).

Each article is written together with its raw input in one transaction, so a crash never leaves
half an article; raw input is kept so any stage can be re-run. The schema is created and upgraded
by the Alembic migrations shipped inside the package, applied when the store is opened.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import (
    Engine,
    and_,
    case,
    column,
    create_engine,
    delete,
    event,
    false,
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
from parallax.export.dossier import article_from_json, dossier_of, storyline_from_json
from parallax.model import Article, Dossier, RawDocument, Storyline

if TYPE_CHECKING:
    from parallax.stories import StoryInput
from parallax.store.analyses import backfill, chunks, delete_storylines, write_analysed, write_placed
from parallax.store.codec import article_to_row, raw_digest, raw_to_row, row_to_article, row_to_raw
from parallax.store.schema import (
    PG_SEARCH_VECTOR,
    annotations,
    article_analyses,
    articles,
    assignments,
    mentions,
    raw_documents,
    storylines,
)

DEFAULT_DB = "parallax.db"
SaveOutcome = Literal["inserted", "updated", "unchanged"]
_LISTED = ("id", "title", "n_articles", "n_outlets", "n_conflicts", "first_date", "last_date", "analysed")
_SEARCH_WORD = re.compile(r"\w+")
MIGRATIONS = Path(__file__).with_name("migrations")


_chunks = chunks


@dataclass(frozen=True, slots=True)
class StorylineRow:
    """A storyline as the index lists it, without its records: ``analysed`` false means placed by
    ``ingest`` and not yet cross-checked by ``analyze``."""

    id: str
    title: str | None
    n_articles: int
    n_outlets: int
    n_conflicts: int
    first_date: str | None
    last_date: str | None
    analysed: bool


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
    with engine.begin() as connection:  # analyses kept before the analysis tables existed
        backfill(connection)


def _mark_stale(c: Any, article_ids: Sequence[str]) -> None:
    for chunk in _chunks(article_ids):
        placed = select(assignments.c.storyline_id).where(assignments.c.article_id.in_(chunk))
        c.execute(update(storylines).where(storylines.c.id.in_(placed)).values(analysed=False))


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
                c.execute(delete(annotations).where(annotations.c.article_id == raw.id))
                _mark_stale(c, [raw.id])
                return "updated"
        except SQLAlchemyError as e:
            raise StoreError(f"could not store article {raw.id!r}: {e}") from None

    def save_analysis(self, storyline: Storyline, members: Sequence[Article]) -> None:
        """Keep an analysed storyline and its analysed articles, in one transaction. It replaces the
        storyline's earlier state and any storyline that held these articles before."""
        try:
            with self.engine.begin() as c:
                write_analysed(c, storyline, members)
        except SQLAlchemyError as e:
            raise StoreError(f"could not store the analysis of storyline {storyline.id}: {e}") from None

    def save_placement(
        self, placed: Sequence[Storyline], gone: Sequence[str] = (), assigned: Sequence[tuple[str, str, str]] = ()
    ) -> None:
        """Keep online ``(article, event, storyline)`` assignments (replacing earlier ones), the
        storylines as ``ingest`` placed them, and drop the storylines in ``gone`` (merged into
        others or renamed), all in one transaction: a run stopped anywhere leaves either the old
        placement or the new one. A storyline analysed before keeps its analysis, marked as not
        covering its newest articles until it is analysed again."""
        heads = self.article_heads([a for line in placed for a in line.articles])
        try:
            with self.engine.begin() as c:
                if assigned:
                    now = datetime.now(UTC)
                    for chunk in _chunks([r[0] for r in assigned]):
                        c.execute(delete(assignments).where(assignments.c.article_id.in_(chunk)))
                    c.execute(
                        insert(assignments),
                        [
                            {"article_id": a, "event_id": e, "storyline_id": s, "assigned_at": now}
                            for a, e, s in assigned
                        ],
                    )
                delete_storylines(c, gone)
                for line in placed:
                    write_placed(c, line, [heads[a] for a in line.articles if a in heads])
        except SQLAlchemyError as e:
            raise StoreError(f"could not store the placed storylines: {e}") from None

    def article_heads(self, ids: Sequence[str]) -> dict[str, Article]:
        """Articles without their bodies (empty): what lists, counts and citations need."""
        cols = [articles.c[name] for name in ("id", "title", "outlet", "published", "agency", "via", "source")]
        out: dict[str, Article] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(ids):
                for row in c.execute(select(*cols).where(articles.c.id.in_(chunk))):
                    out[row[0]] = Article(body="", **row._mapping)
        return out

    def mark_stale(self, article_ids: Sequence[str]) -> None:
        """The storylines holding these articles are to be analysed again (``analyze_stored``)."""
        with self.engine.begin() as c:
            _mark_stale(c, article_ids)

    def save_annotations(self, annotated: Sequence[Article], fingerprint: str) -> None:
        """Keep articles' own annotations (``annotate_each`` output) for reuse under ``fingerprint``."""
        from parallax.export.dossier import annotations_to_json

        if not annotated:
            return
        with self.engine.begin() as c:
            for chunk in _chunks([a.id for a in annotated]):
                c.execute(delete(annotations).where(annotations.c.article_id.in_(chunk)))
            rows = [{"article_id": a.id, "fingerprint": fingerprint, "data": annotations_to_json(a)} for a in annotated]
            c.execute(insert(annotations), rows)

    def annotations(self, ids: Sequence[str], fingerprint: str) -> dict[str, dict[str, Any]]:
        """The kept annotations of those articles made under ``fingerprint``."""
        out: dict[str, dict[str, Any]] = {}
        cols = (annotations.c.article_id, annotations.c.data)
        with self.engine.connect() as c:
            for chunk in _chunks(ids):
                query = select(*cols).where(
                    annotations.c.article_id.in_(chunk), annotations.c.fingerprint == fingerprint
                )
                out.update({a: d for a, d in c.execute(query)})
        return out

    def has_assignments(self) -> bool:
        """Has any article been placed?"""
        with self.engine.connect() as c:
            return c.execute(select(assignments.c.article_id).limit(1)).first() is not None

    def storyline_members(self, storyline_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """``{storyline: [(article, event), ...]}`` as placed, for the given storylines."""
        out: dict[str, list[tuple[str, str]]] = {}
        cols = (assignments.c.storyline_id, assignments.c.article_id, assignments.c.event_id)
        with self.engine.connect() as c:
            for chunk in _chunks(storyline_ids):
                query = select(*cols).where(assignments.c.storyline_id.in_(chunk)).order_by(assignments.c.article_id)
                for sid, aid, eid in c.execute(query):
                    out.setdefault(sid, []).append((aid, eid))
        return out

    def stale_storylines(self, only: Iterable[str] | None = None) -> list[str]:
        """Placed storylines whose analysis is missing or older than their articles (kept as not
        analysed; an index lookup, whatever the store's size)."""
        query = select(storylines.c.id).where(storylines.c.analysed == false())
        with self.engine.connect() as c:
            if only is None:
                return sorted(c.execute(query).scalars())
            found = (c.execute(query.where(storylines.c.id.in_(chunk))).scalars() for chunk in _chunks(sorted(only)))
            return sorted(sid for chunk in found for sid in chunk)

    def story_inputs(self, ids: Sequence[str]) -> list[StoryInput]:
        """What the stories stage reads of each article (title, date, the start of the body), in
        the order of ``ids``; missing articles are left out."""
        from parallax.stories import StoryInput

        cols = (articles.c.id, articles.c.title, articles.c.published, articles.c.body)
        found: dict[str, StoryInput] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(ids):
                for aid, title, published, body in c.execute(select(*cols).where(articles.c.id.in_(chunk))):
                    found[aid] = StoryInput(aid, title, body, published)
        return [found[i] for i in ids if i in found]

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

    def storylines(self, *, limit: int = 50, offset: int = 0) -> list[StorylineRow]:
        """Storylines newest first (by their latest article), placed and analysed alike."""
        query = (
            select(storylines.c[*_LISTED])
            .order_by(storylines.c.last_date.is_(None), storylines.c.last_date.desc(), storylines.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as c:
            return [StorylineRow(**r._mapping) for r in c.execute(query)]

    def storylines_by_id(self, ids: Sequence[str]) -> list[StorylineRow]:
        """The index rows of the given storylines (those that exist)."""
        out: list[StorylineRow] = []
        with self.engine.connect() as c:
            for chunk in _chunks(ids):
                query = select(storylines.c[*_LISTED]).where(storylines.c.id.in_(chunk))
                out.extend(StorylineRow(**r._mapping) for r in c.execute(query))
        return out

    def storyline(self, storyline_id: str) -> Storyline | None:
        """The storyline record, analysed or as placed."""
        with self.engine.connect() as c:
            data = c.execute(select(storylines.c.data).where(storylines.c.id == storyline_id)).scalar()
        return storyline_from_json(data) if data is not None else None

    def placement(self, article_id: str) -> tuple[str, str] | None:
        """``(storyline, event)`` of an article: those of the analysis that covers it, else those it
        was placed in; None for an article not placed."""
        analysed = (article_analyses.c.storyline_id, article_analyses.c.event_id)
        placed = (assignments.c.storyline_id, assignments.c.event_id)
        with self.engine.connect() as c:
            row = c.execute(select(*analysed).where(article_analyses.c.article_id == article_id)).first()
            if row is None:
                row = c.execute(select(*placed).where(assignments.c.article_id == article_id)).first()
        return (row[0], row[1]) if row else None

    def analysed_articles(self, ids: Sequence[str]) -> dict[str, Article]:
        """The articles as their last analysis saw them (annotations, inferred dates); unanalysed
        ones are absent."""
        out: dict[str, Article] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(ids):
                query = select(article_analyses.c.data).where(article_analyses.c.article_id.in_(chunk))
                for data in c.execute(query).scalars():
                    article = article_from_json(data)
                    out[article.id] = article
        return out

    def dossier(self, storyline_ids: list[str] | None = None) -> Dossier:
        """The dossier of the stored analyses: every analysed storyline, or only the given ones (a
        storyline that gained articles since is given as its last analysis)."""
        lines: list[Storyline] = []
        with self.engine.connect() as c:
            if storyline_ids is None:
                found = c.execute(select(storylines.c.data)).scalars()
            else:
                query = select(storylines.c.data)
                found = (
                    d
                    for chunk in _chunks(storyline_ids)
                    for d in c.execute(query.where(storylines.c.id.in_(chunk))).scalars()
                )
            lines = [line for line in map(storyline_from_json, found) if line.analysed]
        members = self.analysed_articles([a for line in lines for a in line.articles])
        return dossier_of(members.values(), lines)

    def storylines_naming(self, canonical: str, limit: int = 200) -> list[Storyline]:
        """Analysed storylines one of whose articles mentions the entity ``canonical``, newest first."""
        named = (
            select(article_analyses.c.storyline_id)
            .join(mentions, mentions.c.article_id == article_analyses.c.article_id)
            .where(mentions.c.canonical == canonical)
            .distinct()
        )
        query = (
            select(storylines.c.data)
            .where(storylines.c.id.in_(named))
            .order_by(storylines.c.last_date.desc())
            .limit(limit)
        )
        with self.engine.connect() as c:
            return [storyline_from_json(d) for d in c.execute(query).scalars()]

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
