"""The store on SQLite and PostgreSQL: the same suite on both backends."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from parallax.errors import StoreError
from parallax.model import (
    Article,
    Claim,
    Event,
    Mention,
    Quantity,
    Quote,
    RawDocument,
    Removed,
    Report,
    Span,
    Status,
    Storyline,
    TimeExpr,
)
from parallax.store import Store, raw_digest, resolve_url
from parallax.store.db import StorylineRow


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


def _analysed(aid: str, outlet: str, published: str | None) -> Article:
    return article(aid, outlet=outlet, published=published, title=aid)


def _line(sid: str, ids: list[str], statuses: list[Status]) -> Storyline:
    claims = tuple(
        Claim(f"c{k}", f"fact {k}", status, tuple(Report(a, 0, 4, "Body", str(k)) for a in ids), (), len(ids))
        for k, status in enumerate(statuses)
    )
    return Storyline(
        id=sid,
        title=f"story {sid}",
        articles=tuple(ids),
        events=(Event("e" + sid, "", tuple(ids)),),
        claims=claims,
        analysed=True,
    )


def test_analysis_is_kept_and_superseded(store: Store) -> None:
    for aid in ("a1", "a2", "a3"):
        store.save(raw(aid), article(aid))
    a1, a2, a3 = (
        _analysed("a1", "Daily", "2025-03-01"),
        _analysed("a2", "Herald", "2025-03-04"),
        _analysed("a3", "Daily", "2025-04-01"),
    )
    store.save_analysis(_line("s1", ["a1", "a2"], [Status.AGREED, Status.CONFLICT]), [a1, a2])
    store.save_analysis(_line("s2", ["a3"], [Status.SINGLE_SOURCE]), [a3])
    listed = store.storylines()
    assert [s.id for s in listed] == ["s2", "s1"]  # newest first
    assert listed[1] == StorylineRow("s1", "story s1", 2, 2, 1, "2025-03-01", "2025-03-04", True)
    assert store.storyline("s1") == _line("s1", ["a1", "a2"], [Status.AGREED, Status.CONFLICT])
    assert store.placement("a2") == ("s1", "es1")
    assert store.analysed_articles(["a2"]) == {"a2": a2}
    assert store.dossier(["s1"]).articles == (a1, a2)
    # a new analysis of a2 replaces the storyline that held it, and its rows
    store.save_analysis(_line("s3", ["a2"], []), [a2])
    assert store.storyline("s1") is None
    assert store.analysed_articles(["a1"]) == {}
    assert store.placement("a2") == ("s3", "es3")
    assert {s.id for s in store.storylines()} == {"s2", "s3"}
    with store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM facts WHERE storyline_id = 's1'")).scalar() == 0
        assert c.execute(text("SELECT count(*) FROM mentions WHERE article_id = 'a1'")).scalar() == 0
        assert c.execute(text("SELECT count(*) FROM mentions WHERE article_id = 'a2'")).scalar() == 1


def test_the_analysis_is_queryable_in_sql(store: Store) -> None:
    for aid in ("a1", "a2"):
        store.save(raw(aid), article(aid))
    members = [_analysed("a1", "Daily", "2025-03-01"), _analysed("a2", "Herald", "2025-03-04")]
    store.save_analysis(_line("s1", ["a1", "a2"], [Status.AGREED, Status.CONFLICT]), members)
    query = text(
        "SELECT DISTINCT f.text, r.article_id, r.value FROM facts f"
        " JOIN fact_reports r ON r.storyline_id = f.storyline_id AND r.fact_id = f.id"
        " JOIN mentions m ON m.article_id = r.article_id AND m.start_char >= r.start_char AND m.end_char <= r.end_char"
        " WHERE f.status = 'conflict' AND m.canonical = 'Body' ORDER BY r.article_id"
    )
    with store.engine.connect() as c:
        assert [tuple(r) for r in c.execute(query)] == [("fact 1", "a1", "1"), ("fact 1", "a2", "1")]
        assert c.execute(text("SELECT count(*) FROM quotes WHERE speaker = 'Jane Doe'")).scalar() == 2
        assert c.execute(text("SELECT n_facts, analysed FROM storylines")).one() == (2, True)


def test_placed_storylines_are_listed_before_they_are_analysed(store: Store) -> None:
    for aid in ("a1", "a2"):
        store.save(raw(aid), article(aid))
    placed = Storyline("s1", "story s1", ("a1",), (Event("es1", "", ("a1",)),))
    store.save_placement([placed])
    assert [(s.id, s.analysed, s.n_articles) for s in store.storylines()] == [("s1", False, 1)]
    assert store.storyline("s1") == placed
    assert store.dossier().storylines == ()
    store.save_analysis(_line("s1", ["a1"], [Status.SINGLE_SOURCE]), [_analysed("a1", "Daily", "2025-03-01")])
    assert store.storylines()[0].analysed
    # a new article placed in an analysed storyline: the analysis stays, marked as not covering it
    store.save_placement([Storyline("s1", "story s1", ("a1", "a2"), (Event("es1", "", ("a1", "a2")),))])
    row = store.storylines()[0]
    assert (row.analysed, row.n_articles) == (False, 2)
    assert store.storyline("s1").claims and store.storyline("s1").articles == ("a1",)
    store.save_placement([], gone=["s1"])
    assert store.storylines() == []


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
