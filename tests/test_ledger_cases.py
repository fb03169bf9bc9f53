"""The fact ledger on the edge cases real coverage brings: one article, no numbers, fifty numbers,
one number about two things, a developing figure, headings and fragments, figures that count
different things. Articles are annotated by the real annotate stage and cross-checked with the
real embeddings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from parallax.compare.claims import fact_ledger
from parallax.compare.facts import checkable, fact_units
from parallax.model import Article, Claim, Status


def _annotated(*articles: Article) -> list[Article]:
    from parallax.annotate.pipeline import annotate_each, link

    linked, _ = link(list(annotate_each(articles)))
    return linked


def _ledger(articles: Sequence[Article], one_event: bool = True) -> list[Claim]:
    from parallax.compare.embedding import Embedder
    from parallax.timeline.infer import infer_published

    arts = _annotated(*articles)
    event_of = {a.id: "e" for a in arts}
    arts = [replace(a, published_inferred=infer_published(a, arts, event_of)) for a in arts]  # as analysis does
    return fact_ledger(arts, Embedder(), event_of=event_of if one_event else None)


def _values(claim: Claim) -> set[str]:
    return {r.value or "" for r in claim.reports}


def _a_and_b_conflict(a: str, b: str, day: str) -> bool:
    """Whether the ledger of two articles of one event, ``a`` and ``b`` published on ``day``, has a
    conflict between them."""
    claims = _ledger([Article("a", a, published=day), Article("b", b, published=day)])
    return any(c.status is Status.CONFLICT and set(c.articles) == {"a", "b"} for c in claims)


def test_a_one_article_storyline_has_only_single_source_facts() -> None:
    body = (
        "The river rose above its banks on Friday. About 300 homes were flooded in the lower town, the mayor said. "
        "Schools will stay closed until Monday."
    )
    claims = _ledger([Article("a", body, published="2025-03-14")])
    assert claims and all(c.status is Status.SINGLE_SOURCE for c in claims)
    assert any("300" in v for c in claims for v in _values(c))


def test_articles_without_numbers_are_cross_checked_by_their_statements() -> None:
    a = Article("a", "The prime minister promised an inquiry into the collapse of the dam.", published="2025-03-15")
    b = Article("b", "An inquiry into the dam's collapse was promised by the prime minister.", published="2025-03-15")
    claims = _ledger([a, b])
    assert all(r.value is None for c in claims for r in c.reports)
    assert any(set(c.articles) == {"a", "b"} and c.status is Status.AGREED for c in claims)


def test_one_article_quoting_fifty_numbers_is_checked_figure_by_figure() -> None:
    towns = [f"Town{chr(65 + k % 26)}{k}" for k in range(50)]
    lines = [f"“In {t} we counted {100 + 7 * k} damaged houses,” the inspector said." for k, t in enumerate(towns)]
    a = Article("a", " ".join(lines), published="2025-03-15")
    b = Article(
        "b",
        f"Inspectors counted {100 + 7 * 3} damaged houses in {towns[3]}. "
        f"In {towns[10]}, {100 + 7 * 10} houses were damaged, inspectors said.",
        published="2025-03-15",
    )
    claims = _ledger([a, b])
    assert sum(1 for u in fact_units(_annotated(a)[0]) if u.quantity is not None) == 50
    shared = [c for c in claims if set(c.articles) == {"a", "b"}]
    assert shared and all(c.status is Status.AGREED for c in shared)
    assert not any(c.status is Status.CONFLICT for c in claims)


def test_the_same_number_about_two_different_things_is_two_facts() -> None:
    a = Article(
        "a", "The storm killed 12 people in the port city. It also destroyed 12 bridges.", published="2025-01-02"
    )
    b = Article("b", "In the port city, 12 people were killed by the storm.", published="2025-01-02")
    claims = _ledger([a, b])
    people = next(c for c in claims if any("people" in v for v in _values(c)) and len(c.articles) == 2)
    assert people.status is Status.AGREED
    assert not any(any("bridges" in v for v in _values(c)) and len(c.articles) == 2 for c in claims)


def test_different_counted_things_are_no_conflict() -> None:
    a = Article(
        "a",
        "Prosecutors indicted 12 Russian intelligence officers over the hacking of the party's servers.",
        published="2018-07-13",
    )
    b = Article(
        "b",
        "The hacking of the party's servers was discussed by 18 members of the House committee on Friday.",
        published="2018-07-13",
    )
    assert not any(c.status is Status.CONFLICT for c in _ledger([a, b]))


def test_a_changed_number_of_the_same_thing_is_a_conflict() -> None:
    assert _a_and_b_conflict(
        "All 42 members of the Republican caucus signed the letter to the majority leader.",
        "The letter to the majority leader was signed by 63 members of the GOP caucus.",
        "2010-12-01",
    )


@pytest.mark.parametrize(
    ("a", "b", "day"),
    [
        # "4 million" and "11 million" are far apart as values (×2.75) but one slip of the written number
        (
            "The United States will send 4 million doses of the vaccine to Canada and Mexico.",
            "The US plans to send 11 million doses of the vaccine to Mexico and Canada.",
            "2021-03-18",
        ),
        # four and a half times the value, one digit written differently
        (
            "The hospital sent the family a bill of $2 million for his care.",
            "The hospital sent the family a bill of $9 million for his care.",
            "2017-06-23",
        ),
    ],
)
def test_a_slip_of_the_written_number_at_a_large_scale_is_a_conflict(a: str, b: str, day: str) -> None:
    assert _a_and_b_conflict(a, b, day)


def test_a_person_named_past_a_comma_is_not_whose_figure_it_is() -> None:
    assert _a_and_b_conflict(
        "The House voted to condemn the movement, but 17 Republicans opposed the resolution, whose sponsor, "
        "Representative Tom Malinowski, has received threats.",
        "The House voted to condemn the movement, but 24 Republicans and Representative Justin Amash voted against it.",
        "2020-10-02",
    )


def test_two_candidates_shares_are_two_figures_and_one_of_them_is_in_conflict() -> None:
    a = Article(
        "a",
        "In the poll, Mitt Romney leads the field with 21 percent of primary voters, followed by Donald Trump and "
        "Mike Huckabee at 17 percent each.",
        published="2011-04-07",
    )
    b = Article(
        "b",
        "The poll shows Donald Trump tied for second with Mike Huckabee at 17 percent (Mitt Romney leads the field "
        "with 32 percent of primary voters).",
        published="2011-04-07",
    )
    claims = _ledger([a, b])
    assert any(c.status is Status.CONFLICT and _values(c) == {"21 percent", "32 percent"} for c in claims)
    assert any(c.status is Status.AGREED and _values(c) == {"17 percent"} and len(c.articles) == 2 for c in claims)


def test_two_people_s_shares_of_the_vote_are_no_conflict() -> None:
    a = Article(
        "a",
        "Mr. Cantor had won primaries in his district, which stretches to the capital's suburbs, with as much as "
        "79 percent of the vote.",
        published="2014-06-11",
    )
    b = Article("b", "But David Brat unseated the majority leader with 56 percent of the vote.", published="2014-06-11")
    assert not any(c.status is Status.CONFLICT for c in _ledger([a, b]))


def test_a_developing_toll_reads_as_updated_and_a_same_day_dispute_as_a_conflict() -> None:
    day1 = Article(
        "w", "The death toll from the dam collapse rose to 38, the interior ministry said.", published="2025-03-15"
    )
    day1_low = Article(
        "l", "Authorities say 29 people died in the dam collapse, a toll residents dispute.", published="2025-03-15"
    )
    day5 = Article(
        "h", "The death toll from the dam collapse rose to 44, the interior ministry said.", published="2025-03-19"
    )
    claims = _ledger([day5, day1, day1_low])
    updated = [c for c in claims if c.status is Status.UPDATED]
    assert len(updated) == 1
    assert [r.article for r in updated[0].reports] == ["w", "h"]  # in date order: the later supersedes
    conflict = [c for c in claims if c.status is Status.CONFLICT]
    assert len(conflict) == 1 and set(conflict[0].articles) == {"w", "l"}


def test_a_figure_reported_on_two_days_that_is_not_developing_stays_a_conflict() -> None:
    a = Article("a", "The new bridge will cost 450 million euros, the ministry said.", published="2025-03-15")
    b = Article("b", "The new bridge will cost 675 million euros, the ministry said.", published="2025-03-18")
    claims = _ledger([a, b])
    assert any(c.status is Status.CONFLICT for c in claims)
    assert not any(c.status is Status.UPDATED for c in claims)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Putin Praises Trump, Signals Openness to U.S. Mediation", False),
        ("Further Humanitarian Measures and Military Spending", False),
        ("to look for ways to bridge the gap.", False),
        ("but with no concrete commitment.", False),
        ("Asked by reporters how the settlement process was progressing –", False),
        ("By Jane Doe", False),
        ("Photo: a flooded street in Belmir", False),
        ("but the details have not yet been worked out.", True),
        ("adding that every repair would be free", True),
        ("Russia said it had taken note of the request.", True),
    ],
)
def test_headings_bylines_and_fragments_are_not_facts(text: str, fact: bool) -> None:
    assert checkable(text) is fact


def test_a_heading_line_of_the_body_is_not_among_the_facts() -> None:
    body = (
        "Belmir dam toll climbs to 38\n\nThe death toll from the dam collapse rose to 38 on Saturday, officials said."
    )
    units = fact_units(_annotated(Article("a", body, published="2025-03-15"))[0])
    assert units and all(not u.text.startswith("Belmir dam toll") for u in units)


def test_the_example_floods_toll_reads_as_updates_with_one_same_day_conflict(example_corpus) -> None:
    from parallax import pipeline

    flood = ("cws-belmir-toll-38", "herald-floods-dam-breach", "lantern-belmir-cover-up", "vok-belmir-flood")
    later = "herald-floods-aid-arrives"
    articles, _ = pipeline.load([example_corpus])
    chosen = [a for a in articles if a.id in (*flood, later)]
    assert len(chosen) == 5
    claims = _ledger(chosen)
    updated = [c for c in claims if c.status is Status.UPDATED]
    assert (
        len(updated) == 1 and updated[0].reports[-1].article == later and "44" in (updated[0].reports[-1].value or "")
    )
    assert "lantern-belmir-cover-up" not in updated[0].articles  # the disputed 29 is no step of the count
    conflict = [c for c in claims if c.status is Status.CONFLICT]
    assert len(conflict) == 1 and later not in conflict[0].articles
    assert {"cws-belmir-toll-38", "lantern-belmir-cover-up"} <= set(conflict[0].articles)


def test_a_decade_contains_the_ages_in_it() -> None:
    from parallax.annotate.quantities import find_quantities
    from parallax.compare.values import relate

    found = {q.text: q for q in find_quantities("The leaders are all in their 70s, and Hoyer, 77, is the oldest.")}
    decade, age = found["70s"], found["77"]
    assert (decade.low, decade.high) == (70, 79)
    assert relate(decade, age) == "compatible"


@pytest.mark.parametrize(
    ("a", "b", "day"),
    [
        # the thing counted sits before a verb of change, a month after the figure
        (
            "The jobless rate dropped to 4.1% in March, the statistics office said.",
            "The unemployment rate unexpectedly declined to a fresh two-decade low of 6.2% in March.",
            "2024-04-05",
        ),
        # a range: the thing counted is named before "from ... to"
        (
            "The ministry raised the fee for a passport from $90 to $130.",
            "The ministry raised the passport fee by 40 percent to $190.",
            "2024-02-01",
        ),
        # a candidate's share in one poll, the candidate named on both sides
        (
            "In the poll, Ana Ruiz leads the field with 31 percent of likely voters.",
            "A new poll shows the race tightening (Ana Ruiz leads the pack at 24 percent).",
            "2024-09-10",
        ),
        # a clause cut at ',” but' is compared by its whole sentence
        (
            "The council voted to condemn the smear campaign known as “Red Letter,” but 12 councillors opposed it.",
            "The council passed a motion condemning the Red Letter smear campaign, but 19 councillors voted no.",
            "2024-05-17",
        ),
    ],
)
def test_a_figure_named_away_from_its_number_is_still_the_same_thing(a: str, b: str, day: str) -> None:
    assert _a_and_b_conflict(a, b, day)


def test_a_same_value_counting_another_thing_does_not_take_a_conflicting_figure_away() -> None:
    """A figure's best match is the other outlet's figure of the same thing, not an equal value
    counting something else ("300 million people")."""
    a = Article(
        "a",
        "The government has secured 300 million doses of the vaccine, the health ministry announced on Thursday.",
        published="2021-03-11",
    )
    b = Article(
        "b",
        "The government said on Thursday it had secured 200 million more doses of the vaccine. "
        "The country has a population of over 300 million people.",
        published="2021-03-11",
    )
    claims = _ledger([a, b])
    assert any(
        c.status is Status.CONFLICT and _values(c) >= {"300 million doses", "200 million more doses"} for c in claims
    )


def test_a_figure_dated_in_its_clause_is_given_for_that_day() -> None:
    """A later report citing an earlier day's toll differently contradicts that day's report, not
    the later figures: "put the toll at 57 on Saturday" against Saturday's "38"."""
    sat = Article(
        "sat", "The death toll from the flood rose to 38 on Saturday, officials said.", published="2025-03-15"
    )
    wed = Article(
        "wed",
        "The toll has since climbed to 44. The regional wire service put the toll at 57 on Saturday.",
        published="2025-03-19",
    )
    units = [u for u in fact_units(_annotated(sat, wed)[1]) if u.quantity is not None]
    from parallax.compare.claims import given_for

    days = {u.quantity.text: given_for(u, {"wed": "2025-03-19"}) for u in units}
    assert days["57"] == "2025-03-15" and days["44"] == "2025-03-19"


def test_a_forecast_is_not_contradicted_by_the_outcome_but_an_outcome_beating_it_is_a_figure() -> None:
    forecast = "Economists surveyed by the bank had expected the economy to add 640,000 jobs in May."
    outcome = "The economy added 710,000 jobs in May, the labour office said on Friday."
    assert not _a_and_b_conflict(forecast, outcome, "2024-06-07")
    beat = "Employers added a better-than-expected 710,000 jobs in May, the labour office said."
    other = "The economy added 480,000 jobs in May, the labour office reported on Friday."
    assert _a_and_b_conflict(beat, other, "2024-06-07")


def test_a_conflicting_figure_joins_a_fact_that_holds_an_unnamed_rendering() -> None:
    """A report that gives the figure without naming what it counts ("200 for 200") stands in the
    fact for agreeing with those that name it; it does not keep a conflicting figure out."""
    day = "2025-04-08"
    a = Article("a", "The two governments agreed on Monday to exchange 200 prisoners each in Geneva.", published=day)
    b = Article(
        "b", "Meeting in Geneva on Monday, the two governments agreed to exchange 200 prisoners each.", published=day
    )
    c = Article("c", "The exchange agreed in Geneva, 200 for 200, was completed on Thursday.", published=day)
    d = Article(
        "d",
        "After nine hours of talks the delegations settled on a swap of 300 prisoners from each side.",
        published=day,
    )
    claims = _ledger([a, b, c, d])
    assert any(c.status is Status.CONFLICT and "d" in c.articles and {"a", "b"} <= set(c.articles) for c in claims)


def test_a_one_sentence_text_is_its_own_fact_whatever_its_title() -> None:
    """A wire brief of one sentence is a fact: given as a text (no headline: the sentence is its
    lead), or with that sentence as its title too. A headline above it stays out of the facts."""
    import parallax

    brief = "The two governments agreed on Monday to exchange 200 prisoners each, officials said in Geneva."
    other = "Officials in Geneva said on Monday that the two governments would swap 200 prisoners each."
    for given in ([brief, other], [{"title": brief, "text": brief}, {"title": other, "text": other}]):
        dossier = parallax.analyze(given)
        assert [a.body for a in sorted(dossier.articles, key=lambda a: a.body)] == sorted([brief, other])
        claims = dossier.storylines[0].claims
        assert any(c.status is Status.AGREED and len(c.articles) == 2 for c in claims)
    titled = parallax.analyze(["Geneva talks end with a prisoner deal\n\n" + brief])
    assert titled.articles[0].title == "Geneva talks end with a prisoner deal"
    assert [c.text for c in titled.storylines[0].claims] == [brief]


def test_two_figures_joined_by_and_are_each_checked_against_their_match() -> None:
    """Ages "14 and 16" against "14 and 23": the second age is of what the first is of, and meets
    its match once the two 14s have matched each other (the 16 was the 14's best match too)."""
    day = "2025-05-06"
    a = Article("a", "Police said two teenagers, aged 14 and 16, stole a delivery van near the harbour.", published=day)
    b = Article(
        "b", "Two teenagers, aged 14 and 23, stole a delivery van near the harbour, police said.", published=day
    )
    claims = _ledger([a, b])
    assert any(c.status is Status.CONFLICT and _values(c) == {"16", "23"} for c in claims)
    assert any(c.status is Status.AGREED and _values(c) == {"14"} for c in claims)


def test_counts_of_the_missing_and_of_the_dead_are_two_figures() -> None:
    day = "2025-05-10"
    a = Article(
        "a",
        "The toll rose to 38 on Saturday, the ministry said, with at least 60 people still missing in the valley.",
        published=day,
    )
    b = Article(
        "b",
        "Rescue teams in the valley recovered the bodies of 37 people on Saturday, the ministry said.",
        published=day,
    )
    claims = _ledger([a, b])
    assert not any("60" in v for c in claims if len(c.articles) > 1 for v in _values(c))
    assert any(c.status is Status.CONFLICT and {"a", "b"} <= set(c.articles) for c in claims)  # 38 and 37 dead


def test_criminal_counts_are_no_tally_of_votes() -> None:
    """The counts of a complaint and an age beside a name are no developing count of votes."""
    day = "2025-06-03"
    a = Article(
        "a",
        "Prosecutors said the two men submitted 8,000 false registration forms, according to a 41-count complaint.",
        published=day,
    )
    b = Article(
        "b",
        "Jon Ferris, 52, and Alan Mott, 34, were charged with eight counts of fraud over 8,000 false "
        "registration forms.",
        published=day,
    )
    claims = _ledger([a, b])
    assert not any(c.status is Status.CONFLICT for c in claims)


def test_whose_figure_it_is_is_read_by_surname() -> None:
    """A name read with a word too many (a sentence break missed after "D.C.") is the same person's."""
    from parallax.compare.measures import Measure, same_claimant

    a = Measure("count", "age", frozenset({"age"}), frozenset(), people=frozenset({"D.C. Mohammad Anwar"}))
    b = Measure("count", "age", frozenset({"age"}), frozenset(), people=frozenset({"Mohammad Anwar"}))
    c = Measure("count", "age", frozenset({"age"}), frozenset(), people=frozenset({"Lena Ortiz"}))
    d = Measure("count", "age", frozenset({"age"}), frozenset(), people=frozenset({"Jesse Jackson Jr."}))
    e = Measure("count", "age", frozenset({"age"}), frozenset(), people=frozenset({"Ralph Abernathy Jr."}))
    assert same_claimant(a, b) and not same_claimant(a, c) and not same_claimant(d, e)


def test_a_share_named_alike_in_two_words_conflicts_though_the_sentences_differ() -> None:
    """A share "of the city's emergency response staff" and one "of its emergency response staff":
    the two words naming the share tell it is one figure, whatever else each sentence says."""
    day = "2025-11-12"
    a = Article(
        "a",
        "Health officials have linked the outbreak to a string of crowded fundraising dinners held before the "
        "vote, and it has sidelined about 12 percent of the city's emergency response staff.",
        published=day,
    )
    b = Article(
        "b",
        "The number of workers forced to stay home — roughly 19% of its emergency response staff — could stretch "
        "the service thin, forcing overtime and cancelled leave.",
        published=day,
    )
    claims = _ledger([a, b])
    assert any(c.status is Status.CONFLICT and {"a", "b"} <= set(c.articles) for c in claims)
