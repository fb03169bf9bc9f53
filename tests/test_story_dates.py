"""When an undated report was written, read from its own dates, keeps it out of events weeks away."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from parallax.annotate.sentences import sentence_reader
from parallax.annotate.timex import find_timex
from parallax.annotate.timex.calendar import the_weekday, written_between
from parallax.model import Article
from parallax.stories.embed import DIM, QUANT
from parallax.stories.features import StoryInput
from parallax.stories.signals import NO_WINDOW, Signals, dated_days, written_window
from parallax.stories.similarity import cross

REPORT = (
    "The foreign minister said on Friday that a summit could follow once the delegations agree. "
    "The first round of talks, held in Geneva on March 3, ended with an exchange of detainees. "
    "A second round is expected to take place in Geneva on April 1, and a working group will meet on Monday."
)


def test_an_undated_report_is_written_between_its_past_and_its_upcoming_days() -> None:
    timex = find_timex(REPORT)
    sentence_of = sentence_reader(Article("x", REPORT))
    assert written_between(timex, sentence_of, 2026) == (date(2026, 3, 3), date(2026, 3, 31))
    # "will meet on Monday" is still to come: the day the report tells of is Friday
    assert the_weekday(timex, sentence_of) == 4
    assert written_window(REPORT) == (303, 331, 4, 0)  # no year written: month and day
    assert written_window(REPORT.replace("March 3", "March 3, 2026")) == (
        date(2026, 3, 3).toordinal(),
        date(2026, 3, 31).toordinal(),
        4,
        1,
    )
    assert written_window("The talks went well, the minister said on Friday.") == (0, 0, 4, 0)
    assert written_window("The talks went well, the minister said.") == NO_WINDOW


def signal(day: int = 0, window: tuple[int, int, int, int] = NO_WINDOW) -> Signals:
    """An article whose words and meaning are those of every other one here: only dates differ."""
    meaning = np.zeros(DIM, dtype=np.int16)
    meaning[0] = QUANT
    words = (np.array([7], dtype=np.int32), np.array([64], dtype=np.int32))
    return Signals(meaning, words, day, 0, window)


def event_similarity(a: Signals, b: Signals) -> float:
    return float(cross([a], [b])[1][0, 0])


def test_an_undated_report_is_kept_from_dated_reports_its_own_days_rule_out() -> None:
    fridays = signal(window=(303, 331, 4, 0))  # Fridays between March 3 and 31: 6, 13, 20, 27 in 2026
    same = event_similarity(signal(), signal())
    assert event_similarity(fridays, signal(date(2026, 3, 20).toordinal())) == same
    assert event_similarity(fridays, signal(date(2026, 3, 21).toordinal())) == same  # a day after a Friday
    assert event_similarity(fridays, signal(date(2026, 3, 18).toordinal())) == same  # two days before one
    assert event_similarity(fridays, signal(date(2026, 3, 17).toordinal())) < same - 0.5  # Tuesday: 3 days off
    assert event_similarity(fridays, signal(date(2026, 4, 24).toordinal())) < same - 0.5  # a Friday, weeks later
    assert event_similarity(signal(date(2026, 4, 24).toordinal()), fridays) < same - 0.5  # either way round
    assert event_similarity(fridays, signal(date(2026, 3, 1).toordinal())) < same - 0.5  # before its past day

    friday = signal(window=(0, 0, 4, 0))  # "on Friday", no other date
    assert event_similarity(friday, signal(date(2026, 3, 20).toordinal())) == same  # a Friday
    assert event_similarity(friday, signal(date(2026, 3, 22).toordinal())) == same  # the Sunday after
    assert event_similarity(friday, signal(date(2026, 3, 23).toordinal())) < same - 0.5  # the Monday after
    assert event_similarity(friday, signal()) == same  # two undated: nothing to tell


def test_dated_reports_weeks_apart_are_penalised_softly_not_undated_ones() -> None:
    """Two dated reports a month apart lose some similarity (the clustering dev sets hold events
    whose reports span weeks); an undated one with no days of its own loses none."""
    same = event_similarity(signal(), signal())
    apart = event_similarity(signal(date(2026, 3, 2).toordinal()), signal(date(2026, 4, 2).toordinal()))
    assert same - 1.0 < apart < same
    assert event_similarity(signal(), signal(date(2026, 4, 2).toordinal())) == same


def test_a_dated_report_tells_the_day_its_lead_reports_and_the_first_day_it_calls_upcoming() -> None:
    printed = date(2026, 3, 4)  # a Wednesday
    doc = StoryInput(
        "r",
        "Talks end with a truce",
        "Talks end with a truce\n"
        "The delegations agreed a truce at the end of their talks on Tuesday, both sides said.\n"
        "The exchange of detainees agreed on Friday was completed, and a third round is planned for "
        "March 20.",
        "2026-03-04",
    )
    assert dated_days(doc, printed.toordinal()) == (date(2026, 3, 3).toordinal(), date(2026, 3, 20).toordinal())
    # a weekday further down is an earlier step of the story, not the lead's happening
    plain = StoryInput("p", None, "The delegations met again.\nThe swap agreed on Friday was completed.", None)
    assert dated_days(plain, printed.toordinal()) == (0, 0)


def test_a_report_printed_after_a_day_another_called_upcoming_is_kept_further_from_it() -> None:
    """The round "planned for March 20" and the paper of March 21: what the later one reports may
    be that day's happening, which the earlier one cannot report."""
    first = signal(date(2026, 3, 4).toordinal())
    announcing = replace(first, upcoming=date(2026, 3, 20).toordinal())
    before, after = signal(date(2026, 3, 19).toordinal()), signal(date(2026, 3, 21).toordinal())
    assert event_similarity(announcing, before) == event_similarity(first, before)
    assert event_similarity(announcing, after) < event_similarity(first, after) - 0.1
    assert event_similarity(after, announcing) == event_similarity(announcing, after)
    # within EVENT_DAYS of each other the two can still be one happening
    near, soon = signal(date(2026, 3, 5).toordinal()), replace(first, upcoming=date(2026, 3, 5).toordinal())
    assert event_similarity(soon, near) == event_similarity(first, near)


def test_an_undated_weekday_is_compared_with_the_day_a_dated_lead_reports() -> None:
    friday = signal(window=(0, 0, 4, 0))
    wednesday = signal(date(2026, 3, 25).toordinal())  # printed two days from the Friday before
    same = event_similarity(signal(), signal())
    assert event_similarity(friday, wednesday) == same
    # its lead reports Tuesday's happening: three days from any Friday
    assert event_similarity(friday, replace(wednesday, happened=date(2026, 3, 24).toordinal())) < same - 0.5
