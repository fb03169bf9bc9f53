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
