"""Publication dates for articles that do not state one, inferred from their text and their story.

An undated article that says "on Friday" and covers the same event as an article dated Friday
27 June was most likely written that day. Without a dated companion, the dates it mentions bound
it: it was written after the talks it reports as past and before the round it calls upcoming, so
"on Friday" leaves the Fridays in between as candidates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import timedelta

from parallax.annotate.sentences import sentence_reader
from parallax.annotate.timex.calendar import the_weekday, weekdays_between, written_between
from parallax.model import Article, InferredDate, day

#: The longest gap between an event and an undated report of it "on <weekday>".
MAX_LAG_DAYS = 6


def story_year(articles: Sequence[Article]) -> int | None:
    """The year most dated articles of a storyline were published in."""
    years = Counter(a.published[:4] for a in articles if a.published)
    return int(years.most_common(1)[0][0]) if years else None


def infer_published(article: Article, storyline: Sequence[Article], event_of: Mapping[str, str]) -> InferredDate:
    """One day, candidate days, an interval, or nothing (an empty ``InferredDate``)."""
    if article.published:
        return InferredDate()
    sentence_of = sentence_reader(article)
    weekday = the_weekday(article.timex, sentence_of)
    event = event_of.get(article.id)
    peers = [a for a in storyline if a.published and a.id != article.id and event and event_of.get(a.id) == event]
    if peers:
        anchor = min(d for a in peers if (d := day(a.published)))
        if weekday is not None:
            lag = (anchor.weekday() - weekday) % 7
            if lag <= MAX_LAG_DAYS:
                return InferredDate(date=(anchor - timedelta(days=lag)).isoformat())
        return InferredDate(date=anchor.isoformat())
    window = written_between(article.timex, sentence_of, story_year(storyline))
    if window is None:
        return InferredDate()
    earliest, latest = window
    if weekday is not None:
        days = [d.isoformat() for d in weekdays_between(earliest, latest, weekday)]
        if len(days) == 1:
            return InferredDate(date=days[0])
        if days:
            return InferredDate(candidates=tuple(days))
    return InferredDate(earliest=earliest.isoformat(), latest=latest.isoformat())
