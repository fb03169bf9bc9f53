"""Quote groups: one statement as several outlets rendered it, with a word-level diff.

Translations differ ("two completely contradictory memoranda" / "two completely opposing
documents"), so embeddings of the quote and of its surrounding sentence are both compared; but
similarity alone would pair two topical statements of different people, so a group needs the same
speaker and mutual best matches between articles.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from parallax.compare.align import Embed
from parallax.compare.facts import sentences
from parallax.compare.grouping import cross_article_edges, group
from parallax.model import Article, Quote

#: Similarity of quotes (or of their sentences) needed to call them one statement.
QUOTE_MIN = 0.55
#: A partial quote of a few words ("absolutely opposite") carries too little text for its own
#: embedding; its sentence is the evidence, and paraphrase across outlets lowers that similarity,
#: so it needs less — within one event, from the same speaker, as a mutual best match.
PARTIAL_WORDS = 4
PARTIAL_MIN = 0.40


@dataclass(frozen=True, slots=True)
class _Item:
    article: str
    quote: Quote
    context: str


def _context(article: Article, quote: Quote) -> str:
    for s in sentences(article):
        if s.start <= quote.start < s.end or quote.start <= s.start < quote.end:
            return article.body[s.start : max(s.end, quote.end)]
    return quote.text


def word_diff(a: str, b: str) -> list[dict[str, Any]]:
    """Word-level differences between two renderings: ``[{"op": "equal"|"replace"|"delete"|"insert",
    "a": words, "b": words}]``."""
    wa, wb = re.findall(r"\S+", a), re.findall(r"\S+", b)
    ops = []
    matcher = difflib.SequenceMatcher(
        a=[w.lower().strip(".,;:!?\"'“”‘’") for w in wa],
        b=[w.lower().strip(".,;:!?\"'“”‘’") for w in wb],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append({"op": tag, "a": " ".join(wa[i1:i2]), "b": " ".join(wb[j1:j2])})
    return ops


def quote_groups(
    articles: Sequence[Article], embed: Embed, *, event_of: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Groups of direct quotes (two articles or more) that render one statement of one speaker;
    reported speech is a paraphrase and is cross-checked with the facts instead. ``event_of``
    (article id → event id) lets a partial quote join only renderings from its own event."""
    items = [_Item(a.id, q, _context(a, q)) for a in articles for q in a.quotes if q.speaker and q.direct]
    if len(items) < 2:
        return []
    texts = sorted({i.quote.text for i in items} | {i.context for i in items})
    row = {t: k for k, t in enumerate(texts)}
    vec = embed(texts)

    def sim(x: _Item, y: _Item) -> float:
        pairs = [(x.quote.text, y.quote.text), (x.context, y.context)]
        return max(float(vec[row[p]] @ vec[row[q]]) for p, q in pairs)

    def same_speaker(x: _Item, y: _Item) -> bool:
        return (x.quote.speaker or "").lower() == (y.quote.speaker or "").lower()

    def score(i: int, j: int) -> float | None:
        if not same_speaker(items[i], items[j]):
            return None
        s = sim(items[i], items[j])
        short = min(len(items[i].quote.text.split()), len(items[j].quote.text.split())) <= PARTIAL_WORDS
        same_event = event_of is not None and event_of.get(items[i].article) == event_of.get(items[j].article)
        return s if s >= (PARTIAL_MIN if short and same_event else QUOTE_MIN) else None

    owners = [it.article for it in items]
    groups = group(owners, cross_article_edges(owners, score))
    out = []
    for members in groups:
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (items[k].article, items[k].quote.start))
        first = items[members[0]].quote
        out.append(
            {
                "speaker": first.speaker,
                "quotes": [
                    {
                        "article": items[k].article,
                        "text": items[k].quote.text,
                        "start": items[k].quote.start,
                        "end": items[k].quote.end,
                    }
                    for k in members
                ],
                "diffs": [
                    {
                        "a": items[members[0]].article,
                        "b": items[k].article,
                        "ops": word_diff(first.text, items[k].quote.text),
                    }
                    for k in members[1:]
                ],
            }
        )
    out.sort(key=lambda g: (-len(g["quotes"]), g["speaker"] or ""))
    return out
