"""Duplicates: exact copies by hash, wire reprints with light edits by MinHash LSH, at scale."""

from __future__ import annotations

import time

from parallax.ingest.dedup import NearDuplicates, content_hash, link_duplicates
from parallax.model import Article

WIRE = """GENEVA (Wire) - Negotiators from the two countries agreed on Monday to exchange 500 prisoners each \
and to meet again before the end of the month, after their first direct talks in four years ended without a \
ceasefire.

The talks lasted nearly seven hours and were led by the defence minister and a deputy foreign minister, \
officials said. Both sides described the meeting as a first step rather than a settlement.

The two delegations failed to agree on a truce around the disputed border city, which has been shelled \
almost every night since January, according to local authorities.

A second round is planned for later this month in the same city, the host government said in a statement."""

OTHER = """The city council approved a new budget on Tuesday that raises spending on schools by a tenth and \
freezes hiring in most departments until next spring, the mayor's office said.

Council members argued for four hours over the plan to close two libraries, which was dropped."""


def test_exact_copies_share_a_hash() -> None:
    assert content_hash(WIRE) == content_hash("  " + WIRE.replace("\n\n", "\n \n") + " ")
    assert content_hash(WIRE) == content_hash(WIRE.replace("'", "’"))
    assert content_hash(WIRE) != content_hash(OTHER)


def test_light_edits_are_near_copies_and_other_stories_are_not() -> None:
    reprints = [
        WIRE.replace("GENEVA (Wire) - ", "GENEVA — "),
        WIRE.rsplit("\n\n", 1)[0],  # last paragraph dropped
        "Talks end without truce\n\n" + WIRE.replace("nearly seven hours", "almost seven hours"),
    ]
    articles = [
        Article("wire", WIRE),
        *(Article(f"copy{i}", t) for i, t in enumerate(reprints)),
        Article("other", OTHER),
    ]
    links = link_duplicates(articles)
    assert links == {"copy0": "wire", "copy1": "wire", "copy2": "wire"}


def test_ten_thousand_copies_link_quickly() -> None:
    near = NearDuplicates()
    sig = near.signature(WIRE)
    start = time.perf_counter()
    originals = {near.add(f"c{i}", signature=sig) for i in range(10_000)}
    assert originals == {None, "c0"}
    assert time.perf_counter() - start < 30


def _ingest_in_two_runs(tmp_path, db: str, *, forget_signatures: bool) -> dict[str, str | None]:
    from sqlalchemy import update

    from parallax import pipeline
    from parallax.store import Store
    from parallax.store.schema import articles

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(exist_ok=True)
    second.mkdir(exist_ok=True)
    (first / "wire.txt").write_text("Talks end without truce\n\n" + WIRE, encoding="utf-8")
    (first / "other.txt").write_text("Council passes budget\n\n" + OTHER, encoding="utf-8")
    (second / "reprint.txt").write_text("Truce talks fail\n\n" + WIRE.rsplit("\n\n", 1)[0], encoding="utf-8")
    with Store.open(str(tmp_path / db)) as store:
        pipeline.ingest([first], store)
        with store.engine.begin() as c:
            signed = c.execute(articles.select().where(articles.c.minhash.is_not(None))).all()
            assert len(signed) == 2  # each new article keeps its signature
            if forget_signatures:  # as a store written before signatures were kept
                c.execute(update(articles).values(minhash=None))
        pipeline.ingest([second], store)
        stored = list(store.iter_articles())
    name = {a.id: a.source.rsplit("/", 1)[-1] for a in stored}
    return {name[a.id]: name.get(a.duplicate_of or "") for a in stored}


def test_a_later_ingest_links_copies_by_stored_signatures(tmp_path) -> None:
    links = _ingest_in_two_runs(tmp_path, "signed.db", forget_signatures=False)
    # The reprint is found through the original's stored signature: no stored body is read.
    assert links == {"wire.txt": None, "other.txt": None, "reprint.txt": "wire.txt"}
    # A store without signatures links the same, from the bodies.
    assert _ingest_in_two_runs(tmp_path, "unsigned.db", forget_signatures=True) == links
