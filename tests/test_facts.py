"""Fact units on hand-built articles: clauses, what a clause asserts, and how units of one event align."""

from __future__ import annotations

import pytest

from parallax.compare.align import align
from parallax.compare.facts import clauses, fact_units
from parallax.compare.propositions import proposition
from parallax.model import Article, Mention


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("Mayor Ana Ruiz said on Tuesday that the bridge will reopen in May.", "the bridge will reopen in May"),
        ('"The bridge will reopen in May," she told reporters.', "The bridge will reopen in May"),
        ("The bridge will reopen in May, Lisbon's mayor Ana Ruiz said.", "The bridge will reopen in May"),
        ("The bridge will reopen in May, according to the city council.", "The bridge will reopen in May"),
        ("Harbour's chief engineer Tomas Berg added that repairs cost too much.", "repairs cost too much"),
        ("On March 3, Tomas Berg said the pier had been closed for safety.", "the pier had been closed for safety"),
        (
            "The pier will stay shut, Tomas Berg told journalists, without giving a date.",
            "The pier will stay shut",
        ),
        ("'We are ready to sign,' he briefly added.", "We are ready to sign"),
        # nothing to strip: the text is the claim
        ("The council voted to close the pier.", "The council voted to close the pier"),
        # too little would be left: the clause stays as it is
        ("It is, he said.", "It is, he said."),
    ],
)
def test_proposition_drops_the_attribution_frame(text: str, core: str) -> None:
    assert proposition(text) == core


def test_proposition_is_a_substring_and_idempotent() -> None:
    for text in ["Ana Ruiz said that the bridge will reopen in May.", "'We will see,' said the mayor of the town."]:
        core = proposition(text)
        assert core in text
        assert proposition(core) == core


def test_clauses_split_at_a_bare_but_and_at_a_hung_relative_clause() -> None:
    text = (
        "The talks could resume in Lisbon but the details have not been settled. "
        "Both sides backed a new round, the date of which is still open."
    )
    parts = [text[a:b].strip() for a, b in clauses(text, 0, len(text))]
    assert parts == [
        "The talks could resume in Lisbon",
        "but the details have not been settled. Both sides backed a new round,",
        "the date of which is still open.",
    ]


def test_two_dashes_enclose_an_aside_one_dash_still_cuts() -> None:
    aside = "The number of officers sent home — roughly 17% of the security staff — could strain the agency."
    assert [aside[a:b] for a, b in clauses(aside, 0, len(aside))] == [aside]
    cut = "Asked how the talks were going – the minister said both teams remain in contact."
    assert [cut[a:b].strip() for a, b in clauses(cut, 0, len(cut))] == [
        "Asked how the talks were going –",
        "the minister said both teams remain in contact.",
    ]


def _article(aid: str, body: str, names: dict[str, str]) -> Article:
    mentions = tuple(
        Mention(start=body.index(form), end=body.index(form) + len(form), text=form, label="GPE", canonical=canonical)
        for form, canonical in names.items()
        if form in body
    )
    return Article(id=aid, body=body, mentions=mentions)


def test_one_event_restating_a_fact_in_other_words_is_one_fact() -> None:
    from parallax.compare.embedding import Embedder

    a = _article(
        "a",
        "The ministers met for six hours. 'We are ready to hold the next meeting in Lisbon,' he added.",
        {"Lisbon": "Lisbon"},
    )
    b = _article(
        "b",
        "Ferrer added that the next talks could be held in Lisbon. Rain fell across the north of the country.",
        {"Lisbon": "Lisbon"},
    )
    units = [u for art in (a, b) for u in fact_units(art)]

    def lisbon_group(event_of: dict[str, str]) -> set[str]:
        groups = align(units, Embedder(), event_of=event_of)
        return next({units[i].article for i in g} for g in groups if any("Lisbon" in units[i].text for i in g))

    assert lisbon_group({"a": "e1", "b": "e1"}) == {"a", "b"}
    # across two events the same words are more often two developments: the stricter bar applies
    assert lisbon_group({"a": "e1", "b": "e2"}) in ({"a"}, {"b"})
