"""An article's sentences, and the sentence at an offset: one place for every stage that quotes a
whole sentence (facts, the timeline, inferred dates, the summary).

The annotate stage's sentences come from the spaCy parse; a sentence never runs over a paragraph
break. An article that was not annotated is split by punctuation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from parallax.model import Article, Span

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»]?\s+(?=[\"'“‘«]?[A-Z0-9])|\n+")
_PARAGRAPH = re.compile(r"\n+")


def sentences(article: Article) -> list[Span]:
    """The article's sentences (from the annotate stage), or a plain split when it has none."""
    body = article.body
    if article.sentences:
        coarse = list(article.sentences)
        pattern = _PARAGRAPH
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


def sentence_at(article: Article, offset: int, spans: list[Span] | None = None) -> Span | None:
    """The sentence holding ``offset`` (``spans``: the article's ``sentences``, when already at hand)."""
    spans = sentences(article) if spans is None else spans
    i = bisect_right([s.start for s in spans], offset) - 1
    return spans[i] if i >= 0 and offset < spans[i].end else None


def sentence_reader(article: Article) -> Callable[[int], str]:
    """The text of the sentence holding an offset ("" outside every sentence), the article split
    into sentences once for all the offsets asked."""
    spans = sentences(article)

    def sentence_of(offset: int) -> str:
        span = sentence_at(article, offset, spans)
        return span.of(article.body) if span else ""

    return sentence_of
