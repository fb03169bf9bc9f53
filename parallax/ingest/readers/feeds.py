"""RSS and Atom feed files: one document per entry (its full content, else its summary, as HTML)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from parallax.errors import InputError
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument


def is_feed(head: bytes) -> bool:
    head = head.lstrip()[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(path: Path, source: str) -> Iterator[RawDocument | InputError]:
    import feedparser

    parsed = feedparser.parse(path.read_bytes())
    if not parsed.entries:
        problem = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        yield InputError(source, f"not an RSS/Atom feed, or a feed with no entries{problem}")
        return
    outlet = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{n}"
        content = ""
        if entry.get("content"):
            content = entry.content[0].get("value") or ""
        content = content or entry.get("summary") or ""
        link = entry.get("link")
        if not content.strip():
            yield InputError(where, "feed entry has no content or summary")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        authors = tuple(a.get("name") for a in entry.get("authors", []) if a.get("name"))
        yield RawDocument(
            id=url_id(link) if link else f"{path.stem}-{n}",
            kind="html",
            content=content,
            source=where,
            url=link,
            title=entry.get("title"),
            outlet=outlet,
            published=published,
            authors=authors,
        )
