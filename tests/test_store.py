"""The store on SQLite and PostgreSQL: the same suite on both backends."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from parallax.errors import StoreError
from parallax.model import Article, Mention, Quantity, Quote, RawDocument, Removed, Span, TimeExpr
from parallax.store import Store, raw_digest, resolve_url


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


def _record(aid: str, outlet: str, published: str | None) -> dict:
    return {"id": aid, "title": aid, "outlet": outlet, "published": published, "entities": []}


def _line(sid: str, ids: list[str], statuses: list[str]) -> dict:
    return {
        "id": sid,
        "title": f"story {sid}",
        "articles": ids,
        "events": [{"id": "e" + sid, "title": "", "articles": ids, "date": None}],
        "claims": [{"status": s} for s in statuses],
    }


def test_analysis_is_kept_and_superseded(store: Store) -> None:
    for aid in ("a1", "a2", "a3"):
        store.save(raw(aid), article(aid))
    store.save_analysis(
        {
            "articles": [_record("a1", "Daily", "2025-03-01"), _record("a2", "Herald", "2025-03-04")],
            "storylines": [_line("s1", ["a1", "a2"], ["agreed", "conflict"])],
        }
    )
    store.save_analysis(
        {"articles": [_record("a3", "Daily", "2025-04-01")], "storylines": [_line("s2", ["a3"], ["single-source"])]}
    )
    listed = store.storylines()
    assert [s["id"] for s in listed] == ["s2", "s1"]  # newest first
    assert listed[1] | {} == {
        "id": "s1",
        "title": "story s1",
        "n_articles": 2,
        "n_outlets": 2,
        "n_conflicts": 1,
        "first_date": "2025-03-01",
        "last_date": "2025-03-04",
    }
    assert store.storyline("s1")["articles"] == ["a1", "a2"]
    assert store.article_record("a2")["storyline"] == "s1"
    assert [a["id"] for a in store.dossier(["s1"])["articles"]] == ["a1", "a2"]
    # a new analysis of a2 replaces the storyline that held it
    store.save_analysis({"articles": [_record("a2", "Herald", "2025-03-04")], "storylines": [_line("s3", ["a2"], [])]})
    assert store.storyline("s1") is None
    assert store.article_record("a1") is None
    assert store.article_record("a2")["storyline"] == "s3"
    assert {s["id"] for s in store.storylines()} == {"s2", "s3"}


def test_search_by_words_outlet_and_dates(store: Store) -> None:
    rows = [
        ("s1", "Dam failure floods the valley", "Rescuers reached Belmir after the dam failed.", "Daily", "2025-03-02"),
        ("s2", "Carmaker recalls cars", "A battery fault forced the recall of 200,000 cars.", "Herald", "2025-03-05"),
        ("s3", "Floods spread", "More floods hit the valley towns; the dam inquiry opens.", "Herald", "2025-03-09"),
    ]
    for aid, title, body, outlet, day in rows:
        store.save(raw(aid, body), article(aid, title=title, body=body, outlet=outlet, published=day))
    assert {a.id for a in store.search("dam")} == {"s1", "s3"}
    assert [a.id for a in store.search("dam valley", outlet="Herald")] == ["s3"]
    assert [a.id for a in store.search("", since="2025-03-03", until="2025-03-06")] == ["s2"]
    assert store.search("nothing-like-this") == []
    assert {a.id for a in store.search('"dam" OR -) AND ( recall*')} <= {"s1", "s2", "s3"}  # hostile query: no error
    # an edited article is found by its new words only
    store.save(
        raw("s2", "new body"), article("s2", title="Carmaker news", body="Shares fell sharply.", outlet="Herald")
    )
    assert [a.id for a in store.search("shares")] == ["s2"]
    assert store.search("battery") == []
    assert store.outlets() == [("Herald", 2), ("Daily", 1)]


def test_migrations_match_the_tables(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from parallax.store.schema import metadata

    def ours(obj, name, type_, reflected, compare_to) -> bool:  # search is built by hand per database
        return not (name or "").startswith(("articles_fts", "ix_articles_search"))

    with store.engine.connect() as c:
        context = MigrationContext.configure(c, opts={"include_object": ours})
        assert compare_metadata(context, metadata) == []


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
