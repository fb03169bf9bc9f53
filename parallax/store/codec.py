"""Article ⇄ database row. One place decides how every field is stored, so every field round-trips
exactly (tuples stay tuples, None stays None)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from parallax.model import Article, Mention, Quantity, Quote, RawDocument, Removed, Span, TimeExpr

_ANNOTATIONS = {"mentions": Mention, "quotes": Quote, "timex": TimeExpr, "quantities": Quantity, "sentences": Span}


def raw_digest(raw: RawDocument) -> str:
    """A fingerprint of everything the input said: equal digests mean re-ingesting changes nothing.

    Never fails on text that is not valid Unicode (the readers replace such characters before
    anything is stored, but the digest is also taken to ask whether an input is stored already)."""
    payload = json.dumps(
        [raw.kind, raw.content, raw.url, raw.title, raw.outlet, raw.published, list(raw.authors)],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _record(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def raw_to_row(raw: RawDocument) -> dict[str, Any]:
    row = _record(raw)
    row["authors"] = list(raw.authors)
    row["raw_hash"] = raw_digest(raw)
    return row


def row_to_raw(row: Any) -> RawDocument:
    m = row._mapping
    return RawDocument(
        id=m["id"],
        kind=m["kind"],
        content=m["content"],
        source=m["source"],
        url=m["url"],
        title=m["title"],
        outlet=m["outlet"],
        published=m["published"],
        retrieved=m["retrieved"],
        authors=tuple(m["authors"] or ()),
    )


def article_to_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "outlet": article.outlet,
        "authors": list(article.authors),
        "published": article.published,
        "language": article.language,
        "agency": article.agency,
        "via": article.via,
        "cites": list(article.cites),
        "url": article.url,
        "source": article.source,
        "content_hash": article.content_hash,
        "duplicate_of": article.duplicate_of,
        "removed": [_record(r) for r in article.removed],
        "annotations": {name: [_record(x) for x in getattr(article, name)] for name in _ANNOTATIONS},
    }


def row_to_article(row: Any) -> Article:
    m = row._mapping
    annotations = m["annotations"] or {}
    return Article(
        id=m["id"],
        body=m["body"],
        title=m["title"],
        outlet=m["outlet"],
        authors=tuple(m["authors"] or ()),
        published=m["published"],
        language=m["language"],
        agency=m["agency"],
        via=m["via"],
        cites=tuple(m["cites"] or ()),
        url=m["url"],
        source=m["source"],
        content_hash=m["content_hash"],
        duplicate_of=m["duplicate_of"],
        removed=tuple(Removed(**r) for r in m["removed"] or ()),
        **{name: tuple(cls(**x) for x in annotations.get(name, ())) for name, cls in _ANNOTATIONS.items()},
    )
