"""Quote groups on hand-built articles: one statement across outlets, and what must stay apart."""

from __future__ import annotations

import re

import pytest

from parallax.compare.quote_groups import quote_groups, windows
from parallax.model import Article, Quote


def _article(aid: str, body: str, speaker: str = "Mara Lind") -> Article:
    """An article whose quoted stretches (between “ and ”) are direct quotes by ``speaker``."""
    quotes = tuple(
        Quote(m.start(1), m.end(1), m.group(1), speaker, None, None, direct=True)
        for m in re.finditer("“([^”]+)”", body)
    )
    return Article(id=aid, body=body, quotes=quotes)


A = _article(
    "a",
    "The minister spoke at the quarry. “The bridge will be rebuilt before the first snow, and the state will pay"
    " for every beam,” Lind said. “I have asked the army engineers to lend us their cranes,” she added.",
)
B = _article(
    "b",
    "“We will rebuild the bridge before winter comes, and the state will cover the whole cost,” Lind told"
    " reporters. “Nobody in this valley will be left without a road,” she said.",
)
C = _article(
    "c",
    "Lind called the plan “the fastest possible” and promised a bridge “before the first snow”.",
)


def _groups(articles: list[Article], event_of: dict[str, str]) -> list[set[tuple[str, str]]]:
    from parallax.compare.embedding import Embedder

    return [{(q.article, q.text) for q in g.quotes} for g in quote_groups(articles, Embedder(), event_of=event_of)]


def test_one_statement_in_other_words_and_a_fragment_of_it_are_one_group() -> None:
    groups = _groups([A, B, C], {"a": "e", "b": "e", "c": "e"})
    bridge = next(g for g in groups if any("rebuil" in text for _, text in g))
    assert {aid for aid, _ in bridge} == {"a", "b", "c"}
    assert ("c", "before the first snow") in bridge
    # the other statements of the same speaker at the same place stay apart, as does the other fragment
    grouped = {text for g in groups for _, text in g}
    assert not grouped & {"the fastest possible", "Nobody in this valley will be left without a road,"}
    assert all(len(g) >= 2 for g in groups)


def test_a_loose_match_across_events_is_not_one_statement_but_a_repeated_line_is() -> None:
    school = _article("s", "“The state will pay to rebuild the school before the first snow,” Lind said on Monday.")
    assert _groups([A, school], {"a": "e1", "s": "e2"}) == []
    repeat = _article("d", "“I have asked the army engineers to lend us their cranes,” Lind said again on Monday.")
    groups = _groups([A, repeat], {"a": "e1", "d": "e2"})
    assert [{aid for aid, _ in g} for g in groups] == [{"a", "d"}]


def test_a_fragment_is_not_matched_across_events() -> None:
    assert _groups([A, C], {"a": "e1", "c": "e2"}) == []


def test_speakers_must_agree() -> None:
    other = _article(B.id, B.body, speaker="Piet Hool")
    assert _groups([A, other], {"a": "e", "b": "e"}) == []


@pytest.mark.parametrize(
    ("n", "expected"), [(1, {"a", "b", "c", "a b", "b, c"}), (2, {"a", "b", "c", "a b", "b, c", "a b, c"})]
)
def test_windows_are_runs_around_the_fragment_length(n: int, expected: set[str]) -> None:
    assert set(windows("a b, c.", n)) == expected
