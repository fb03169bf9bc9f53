"""How many independent sources stand behind a fact.

Two papers running one wire story are one source; so are two articles relaying the same agency,
two articles of one outlet, and an aggregator's copy of a story with the outlet's own page. A
report's origin is, in this order: its original's origin when it is a near-copy; the agency its
copy is credited to ("By AFP"); the outlets it attributes its facts to ("according to TASS") when
it names any; else its own outlet, which for a story carried by an aggregator is the story's
outlet, not the aggregator's (``via`` is not a source); else the article itself. Names are
compared by outlet (``outlet_key``): "Russia Today", "RT" and "rt.com" are one outlet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from parallax.ingest.metadata.outlet_names import outlet_key
from parallax.model import Article


def origin(article: Article, articles: Mapping[str, Article], _depth: int = 0) -> str:
    original = articles.get(article.duplicate_of or "")
    if original is not None and original.id != article.id and _depth < 10:
        return origin(original, articles, _depth + 1)
    if article.agency:
        return outlet_key(article.agency)
    if article.cites:
        return "|".join(sorted({outlet_key(c) for c in article.cites}))
    return outlet_key(article.outlet) if article.outlet else "article:" + article.id


def independent_sources(article_ids: Iterable[str], articles: Mapping[str, Article]) -> int:
    """The number of distinct origins among the given articles (at least one)."""
    origins = {origin(articles[a], articles) if a in articles else "article:" + a for a in article_ids}
    return max(1, len(origins))
