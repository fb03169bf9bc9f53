"""The timeline: dated developments, each with its sources and where its date came from.

A development is a sentence that carries a date. Its date's provenance is ``stated`` (the text
gives the calendar date), ``resolved`` (a relative expression — "on Friday", "last week" —
resolved against the article's stated publication date) or ``inferred`` (resolved against an
inferred publication date, or a year supplied by the storyline). Reports of one date from several
articles make one entry with several sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from parallax.annotate.sentences import sentence_at
from parallax.annotate.timex.calendar import absolute_day, interval
from parallax.model import Article, TimeExpr, TimelineEntry, TimelineSource
from parallax.timeline.infer import story_year

_ABSOLUTE = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE
)
SKIP_TYPES = frozenset({"DURATION", "SET", "TIME"})


def _dated_exprs(article: Article, anchored: Mapping[str, Sequence[TimeExpr]]) -> tuple[list[TimeExpr], str]:
    """The article's time expressions resolved as well as its dates allow, and their provenance."""
    if article.published:
        return list(article.timex), "resolved"
    return list(anchored.get(article.id, article.timex)), "inferred"


def _sentence(article: Article, offset: int) -> tuple[int, int]:
    span = sentence_at(article, offset)
    return (span.start, span.end) if span else (offset, offset)


@dataclass
class _Entry:
    """A timeline entry while its sources are gathered."""

    date: str
    earliest: str
    latest: str
    text: str
    provenance: str
    sources: list[TimelineSource] = field(default_factory=list)


def build_timeline(
    articles: Sequence[Article], anchored: Mapping[str, Sequence[TimeExpr]] | None = None
) -> list[TimelineEntry]:
    """The storyline's dated developments, earliest first. ``anchored`` holds, for articles that
    state no date, their time expressions resolved against the day inferred for them (the annotate
    stage's own, run with that anchor); without it their relative dates stay unresolved."""
    anchored = anchored or {}
    year = story_year(articles)
    entries: dict[str, _Entry] = {}
    seen: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for article in articles:
        exprs, relative_provenance = _dated_exprs(article, anchored)
        for t in exprs:
            if t.type in SKIP_TYPES:
                continue
            value = t.value
            provenance = "stated" if _ABSOLUTE.search(t.text) else relative_provenance
            span = interval(value)
            if span is None and (when := absolute_day(value, year)):
                value, span, provenance = when.isoformat(), (when, when), "inferred"
            if span is None:
                continue
            start, end = _sentence(article, t.start)
            text = article.body[start:end].strip()
            if not text or (article.id, start) in seen[value]:
                continue
            seen[value].add((article.id, start))
            entry = entries.setdefault(
                value, _Entry(value, span[0].isoformat(), span[1].isoformat(), text, provenance)
            )
            if len(text) < len(entry.text):
                entry.text = text
            if provenance == "stated":
                entry.provenance = "stated"
            entry.sources.append(TimelineSource(article.id, start, end, t.start, t.end, provenance))
    return [
        TimelineEntry(e.date, e.earliest, e.latest, e.text, e.provenance, tuple(e.sources))
        for e in sorted(entries.values(), key=lambda e: (e.earliest, e.latest))
    ]
