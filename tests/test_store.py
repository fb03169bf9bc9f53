"""The store on SQLite and PostgreSQL: the same suite on both backends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from parallax.errors import StoreError
from parallax.model import Article, Mention, Quantity, Quote, RawDocument, Removed, Span, TimeExpr
from parallax.store import Store, raw_digest, resolve_url

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _pg_available() -> bool:
    try:
        with create_engine(f"{PG_SERVER}/postgres").connect():
            return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        s = Store.open(str(tmp_path / "store.db"))
        yield s
        s.close()
        return
    if not _pg_available():
        pytest.skip("PostgreSQL is not answering on 127.0.0.1:5432")
    name = f"parallax_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    s = Store.open(f"{PG_SERVER}/{name}")
    yield s
    s.close()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def raw(aid: str, content: str = "Body text of the story.") -> RawDocument:
    return RawDocument(id=aid, kind="text", content=content, source=f"{aid}.txt", outlet="Daily", authors=("Jane Doe",))


def article(aid: str, **kw) -> Article:
    base = dict(
        id=aid,
        body="Body text of the story.",
        title="A title",
        outlet="Daily",
        authors=("Jane Doe",),
        published="2025-03-14",
        language="en",
        cites=("AFP",),
        content_hash="abc",
        removed=(Removed(0, 4, "caption"),),
        mentions=(Mention(0, 4, "Body", "ORG", "Body"),),
        quotes=(Quote(5, 9, "text", "Jane Doe", 0, 4, True, "said"),),
        timex=(TimeExpr(0, 4, "Body", "2025-03-14", "DATE", "2025-03-14", "2025-03-14"),),
        quantities=(Quantity(0, 4, "4 dead", 4.0, "dead", "about", None, None),),
        sentences=(Span(0, 23),),
    )
    base.update(kw)
    return Article(**base)


def test_save_is_idempotent_and_round_trips(store: Store) -> None:
    assert store.save(raw("a"), article("a")) == "inserted"
    assert store.save(raw("a"), article("a")) == "unchanged"
    assert store.article("a") == article("a")
    assert store.raw("a") == raw("a")
    assert store.has("a", raw_digest(raw("a")))
    assert not store.has("a", raw_digest(raw("a", "changed")))
    assert store.save(raw("a", "changed"), article("a", body="changed")) == "updated"
    assert store.article("a").body == "changed"
    assert store.count() == 1


def test_listing_newest_first_and_streaming(store: Store) -> None:
    for i, day in enumerate(["2025-03-01", None, "2025-03-09", "2025-03-05"]):
        store.save(raw(f"a{i}"), article(f"a{i}", published=day, outlet="Daily" if i % 2 else "Other"))
    assert [a.id for a in store.articles()] == ["a2", "a3", "a0", "a1"]
    assert [a.id for a in store.articles(outlet="Daily")] == ["a3", "a1"]
    assert [a.id for a in store.articles(limit=2, offset=1)] == ["a3", "a0"]
    assert [a.id for a in store.iter_articles(batch=3)] == ["a0", "a1", "a2", "a3"]


def test_dossier_is_kept(store: Store) -> None:
    store.save_dossier({"articles": [], "storylines": [{"id": "s1"}]})
    store.save_dossier({"articles": [], "storylines": [{"id": "s2"}]})
    assert store.latest_dossier()["storylines"][0]["id"] == "s2"


text_st = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=text_st,
    title=st.none() | text_st,
    authors=st.lists(text_st, max_size=3),
    cites=st.lists(text_st, max_size=3),
    value=st.none() | st.floats(allow_nan=False, allow_infinity=False),
)
def test_any_article_round_trips(store: Store, body, title, authors, cites, value) -> None:
    a = article(
        "prop",
        body=body,
        title=title,
        authors=tuple(authors),
        cites=tuple(cites),
        quantities=(Quantity(0, 0, "", value, None, None, None, None),),
    )
    store.save(raw("prop", body), a)
    assert store.article("prop") == a


def test_bad_urls_are_store_errors(tmp_path) -> None:
    with pytest.raises(StoreError, match="cannot open the database"):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="not a usable database URL"):
        Store.open("nosuchdialect://x/y")


def test_url_resolution(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("PARALLAX_DB", raising=False)
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("PARALLAX_DB", "postgresql+psycopg://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"


def test_sqlite_uses_wal(tmp_path) -> None:
    s = Store.open(str(tmp_path / "w.db"))
    with s.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    s.close()
