"""Cross-checking stages on hand-built articles: figures, sources, inferred dates, timeline, summary."""

from __future__ import annotations

from dataclasses import replace

import pytest

from parallax.compare.sources import independent_sources
from parallax.compare.statements import headline
from parallax.compare.values import relate
from parallax.model import Article, Claim, InferredDate, Quantity, Quote, Report, Status, TimeExpr
from parallax.summarize.summary import summarize
from parallax.timeline.infer import infer_published


def q(value: float, hedge: str | None = None, unit: str | None = "bodies") -> Quantity:
    return Quantity(0, 1, "x", value, unit, hedge)


def test_hedges_and_rounding_are_compatible_not_conflicting() -> None:
    assert relate(q(3000), q(3000)) == "agreed"
    assert relate(q(3000), q(3000, "nearly")) == "compatible"
    assert relate(q(38), q(40, "nearly")) == "compatible"
    assert relate(q(1_200_000), q(1_000_000, "more than")) == "compatible"
    assert relate(q(41), q(29)) == "conflict"
    assert relate(q(1200, "up to"), q(1500)) == "conflict"


def test_copies_shared_agencies_and_one_outlet_count_once() -> None:
    arts = {
        "wire": Article("wire", "text", outlet="Global Wire"),
        "reprint": Article("reprint", "text", outlet="Local Paper", cites=("Global Wire",), duplicate_of="wire"),
        "relay": Article("relay", "text", outlet="Other Paper", cites=("Global Wire",)),
        "own": Article("own", "text", outlet="The Daily"),
        "own2": Article("own2", "text", outlet="Daily"),
        "other": Article("other", "text"),
    }
    assert independent_sources(["wire", "reprint", "relay"], arts) == 1
    assert independent_sources(["own", "own2"], arts) == 1
    assert independent_sources(["wire", "own", "other"], arts) == 3


def dated(aid: str, published: str | None, body: str, *timex: tuple[str, str]) -> Article:
    exprs = tuple(TimeExpr(body.index(t), body.index(t) + len(t), t, v) for t, v in timex)
    return Article(aid, body, published=published, timex=exprs)


def test_undated_report_of_a_dated_event_takes_its_day() -> None:
    dated_one = dated("a", "2025-06-27", "The president spoke in the capital on June 27.", ("June 27", "2025-06-27"))
    undated = dated("b", None, "The president said on Friday that talks would resume.", ("Friday", "XXXX-WXX-5"))
    events = {"a": "e1", "b": "e1"}
    assert infer_published(undated, [dated_one, undated], events) == InferredDate(date="2025-06-27")
    assert infer_published(dated_one, [dated_one, undated], events) == InferredDate()


def test_dates_mentioned_bound_an_undated_article() -> None:
    body = (
        "The spokesman said on Friday that the first round, held on May 16, went well. "
        "The second round is expected to take place on June 2."
    )
    undated = dated("x", None, body, ("Friday", "XXXX-WXX-5"), ("May 16", "XXXX-05-16"), ("June 2", "XXXX-06-02"))
    other = dated("y", "2025-05-10", "An older piece.")
    got = infer_published(undated, [undated, other], {"x": "e1", "y": "e2"})
    assert set(got.candidates) >= {"2025-05-23", "2025-05-30"}
    assert all(d < "2025-06-02" for d in got.candidates)


def test_summary_cites_every_sentence_and_states_conflicts() -> None:
    def claim(cid: str, status: Status, *reports: tuple[str, str | None]) -> Claim:
        return Claim(
            cid,
            f"Fact {cid} was reported",
            status,
            tuple(Report(a, 0, 5, f"Fact {cid} was reported", v) for a, v in reports),
            independent_sources=len(reports),
        )

    claims = [
        claim("c1", Status.AGREED, ("a", None), ("b", None), ("c", None)),
        claim("c2", Status.CONFLICT, ("a", "41 dead"), ("b", "29 dead")),
        claim("c3", Status.SINGLE_SOURCE, ("c", "1,200 prisoners")),
    ]
    summary = summarize(claims, {"a": "Daily A", "b": "Daily B", "c": "Daily C"})
    assert [s.status for s in summary] == [Status.AGREED, Status.CONFLICT, Status.SINGLE_SOURCE]
    assert all(s.cites for s in summary)
    assert "41 dead" in summary[1].text and "29 dead" in summary[1].text
    assert "Daily A: 41 dead" in summary[1].text  # cited by outlet name


def test_a_quoted_sentence_or_a_cut_clause_is_headlined_as_a_statement_that_stands_alone() -> None:
    told = 'Chief engineer Rui Sol spoke at the dam. "The spillway will hold," he said. "Nobody is at risk."'
    added = "The engineers met twice, adding that the spillway would hold."
    nobody = Quote(told.index("Nobody"), len(told) - 1, "Nobody is at risk.", "Rui Sol", None, None)
    quoted = Article(id="a", body=told, quotes=(nobody,))
    clause = Article(id="b", body=added)
    assert headline(quoted, told.index('"Nobody'), len(told)) == "Rui Sol said: “Nobody is at risk.”"
    # a speaker known by description opens the sentence with a capital
    described = Article(id="d", body=told, quotes=(replace(nobody, speaker="the chief engineer"),))
    assert headline(described, told.index('"Nobody'), len(told)) == "The chief engineer said: “Nobody is at risk.”"
    start = added.index("adding")
    assert headline(clause, start, len(added)) == "The spillway would hold."
    # the headline is what the summary states
    report = Report("b", start, len(added), added[start:], None)
    claim = Claim("c", headline(clause, start, len(added)), Status.AGREED, (report,), 2)
    assert summarize([claim], {"b": "B"})[0].text == "The spillway would hold."


@pytest.mark.parametrize(
    ("body", "piece", "expected"),
    [
        # a relative clause cannot stand without its noun: the whole sentence
        (
            "They will meet for a third round, the time and venue for which still need to be agreed on.",
            "the time and venue for which still need to be agreed on.",
            "They will meet for a third round, the time and venue for which still need to be agreed on.",
        ),
        # quote marks paired; an apostrophe and a plural's possessive left alone
        ("'We're ready,' Putin said.", "We're ready,' Putin said.", "'We're ready,' Putin said."),
        ("The countries' plans differ, he said.", "The countries' plans differ", "The countries' plans differ"),
        ('He said the "tone was excellent.', 'He said the "tone was excellent.', 'He said the "tone was excellent."'),
        # a source that mixes straight and curly marks: paired already, nothing added
        (
            'She wrote "the plan is sound.” Then she left.',
            'She wrote "the plan is sound.”',
            'She wrote "the plan is sound.”',
        ),
        ('“The plan is sound," she said.', '“The plan is sound," she said.', '“The plan is sound," she said.'),
    ],
)
def test_headline_pairs_quote_marks_and_keeps_what_a_clause_needs(body: str, piece: str, expected: str) -> None:
    start = body.index(piece)
    assert headline(Article(id="x", body=body), start, start + len(piece)) == expected
