"""How many independent sources stand behind a fact.

Two papers running one wire story are one source; so are two articles relaying the same agency,
and two articles of one outlet. A report's origin is, in this order: its original's origin when it
is a near-copy; the outlets it attributes its facts to ("according to TASS") when it names any;
else its own outlet (or the article itself when the outlet is unknown).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from parallax.model import Article


def _name(outlet: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(outlet.lower().split()))


def origin(article: Article, articles: Mapping[str, Article], _depth: int = 0) -> str:
    original = articles.get(article.duplicate_of or "")
    if original is not None and original.id != article.id and _depth < 10:
        return origin(original, articles, _depth + 1)
    if article.cites:
        return "|".join(sorted(_name(c) for c in article.cites))
    return _name(article.outlet) if article.outlet else "article:" + article.id


def independent_sources(article_ids: Iterable[str], articles: Mapping[str, Article]) -> int:
    """The number of distinct origins among the given articles (at least one)."""
    origins = {origin(articles[a], articles) if a in articles else "article:" + a for a in article_ids}
    return max(1, len(origins))
