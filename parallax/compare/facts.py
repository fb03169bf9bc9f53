"""Fact units: the smallest pieces of an article that can be cross-checked against other outlets.

A sentence is a statement fact; each number in it is also a quantity fact of its own, because one
sentence often reports two figures ("6,000 bodies handed over, nearly 3,000 more to come") that
other outlets report separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from parallax.model import Article, Quantity, Span

MIN_WORDS = 5
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»]?\s+(?=[\"'“‘«]?[A-Z0-9])|\n+")


@dataclass(frozen=True, slots=True)
class FactUnit:
    article: str
    start: int
    end: int
    text: str
    quantity: Quantity | None
    entities: frozenset[str]
    dates: frozenset[str]


def sentences(article: Article) -> list[Span]:
    """The article's sentences (from the annotate stage), or a plain split when it has none."""
    body = article.body
    if article.sentences:
        coarse = list(article.sentences)
        pattern = re.compile(r"\n+")
    else:
        coarse = [Span(0, len(body))]
        pattern = _SENTENCE_END
    spans = []
    for sent in coarse:  # a sentence never runs over a paragraph break
        start = sent.start
        for m in pattern.finditer(body, sent.start, sent.end):
            spans.append(Span(start, m.start()))
            start = m.end()
        spans.append(Span(start, sent.end))
    return [s for s in spans if body[s.start : s.end].strip()]


_CLAUSE_BREAK = re.compile(
    r",\s+(?=(?:although|though|but|while|whereas|adding|saying|and said|and added)\b)"
    r"|;\s+|\s+[–—]\s+|,\s+(?=[\"“]?(?:we|he|she|they|it)\s+(?:need|must|will|would|should|can)\b)"
)
MIN_CLAUSE_WORDS = 4


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence into clauses at contrastive and reporting joints ("..., although the venue
    remains undecided"), so that one outlet's two facts in a sentence can each meet their match."""
    cuts = [start]
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        before, after = text[cuts[-1] : m.start()], text[m.end() : end]
        if len(before.split()) >= MIN_CLAUSE_WORDS and len(after.split()) >= MIN_CLAUSE_WORDS:
            cuts.append(m.end())
    cuts.append(end)
    return [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]


def _checkable(q: Quantity) -> bool:
    """Figures worth cross-checking: written in digits, or large ("two sides" is not a figure)."""
    return q.value is not None and (q.value >= 10 or any(ch.isdigit() for ch in q.text))


def fact_units(article: Article) -> list[FactUnit]:
    """A statement unit per sentence of at least ``MIN_WORDS`` words without numbers, and a quantity
    unit per number in the others."""
    units: list[FactUnit] = []
    body = article.body
    for span in sentences(article):
        sentence = body[span.start : span.end]
        stripped = sentence.strip()
        if len(stripped.split()) < MIN_WORDS:
            continue
        s0 = span.start + sentence.index(stripped)
        for c0, c1 in clauses(body, s0, s0 + len(stripped)):
            text = body[c0:c1].rstrip(" ,;")
            c1 = c0 + len(text)
            entities = frozenset(m.canonical for m in article.mentions if c0 <= m.start < c1)
            dates = frozenset(t.value for t in article.timex if c0 <= t.start < c1)
            quantities = [q for q in article.quantities if c0 <= q.start < c1 and _checkable(q)]
            if not quantities:
                units.append(FactUnit(article.id, c0, c1, text, None, entities, dates))
            for q in quantities:
                units.append(FactUnit(article.id, c0, c1, text, q, entities, dates))
    return units
