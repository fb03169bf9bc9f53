"""The dossier: everything Parallax found about a set of articles, as one JSON object.

The shape is the public contract described in README ("The dossier"); offsets in every
annotation are character offsets into that article's ``body``. Stages that have nothing to say
leave their fields empty rather than absent, so consumers can rely on every key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from parallax.export.files import ColumnKind
from parallax.model import Article

DOSSIER_VERSION = 1

STORYLINE_FIELDS = (
    "id",
    "title",
    "articles",
    "events",
    "entities",
    "quote_groups",
    "claims",
    "timeline",
    "framing",
    "summary",
)

# The article record as Parquet columns (``parallax annotate -o out.parquet``): scalars as strings,
# authors and cites as lists of strings, the nested fields as JSON text (see ``write_parquet``).
ARTICLE_COLUMNS: dict[str, ColumnKind] = {
    "id": "string",
    "title": "string",
    "body": "string",
    "outlet": "string",
    "agency": "string",
    "via": "string",
    "authors": "strings",
    "published": "string",
    "published_inferred": "json",
    "language": "string",
    "cites": "strings",
    "url": "string",
    "source": "string",
    "duplicate_of": "string",
    "entities": "json",
    "quotes": "json",
    "timex": "json",
    "quantities": "json",
}


def article_record(article: Article, *, inferred: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One article as the dossier shows it."""
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "outlet": article.outlet,
        "agency": article.agency,
        "via": article.via,
        "authors": list(article.authors),
        "published": article.published,
        "published_inferred": dict(inferred or {}),
        "language": article.language,
        "cites": list(article.cites),
        "url": article.url,
        "source": article.source,
        "duplicate_of": article.duplicate_of,
        "entities": [
            {"text": m.text, "start": m.start, "end": m.end, "label": m.label, "canonical": m.canonical}
            for m in article.mentions
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "source_start": q.source_start,
                "source_end": q.source_end,
                "direct": q.direct,
            }
            for q in article.quotes
        ],
        "timex": [
            {"text": t.text, "start": t.start, "end": t.end, "value": t.value, "type": t.type} for t in article.timex
        ],
        "quantities": [
            {"text": q.text, "start": q.start, "end": q.end, "value": q.value, "unit": q.unit, "hedge": q.hedge}
            for q in article.quantities
        ],
    }


def storyline_record(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A storyline with every dossier key present (empty lists for what no stage filled)."""
    record: dict[str, Any] = {key: [] for key in STORYLINE_FIELDS}
    record.update(fields)
    return record


def build_dossier(
    articles: Sequence[Article],
    storylines: Iterable[Mapping[str, Any]] = (),
    *,
    inferred_dates: Mapping[str, Mapping[str, Any]] | None = None,
    errors: Iterable[str] = (),
) -> dict[str, Any]:
    """Assemble the dossier from stage outputs."""
    inferred_dates = inferred_dates or {}
    return {
        "parallax_dossier": DOSSIER_VERSION,
        "articles": [article_record(a, inferred=inferred_dates.get(a.id)) for a in articles],
        "storylines": [storyline_record(s) for s in storylines],
        "errors": list(errors),
    }
