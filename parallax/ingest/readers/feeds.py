"""RSS and Atom feed files: one document per entry (its full content, else its summary, as HTML).

feedparser turns every numeric character reference into a character with ``chr``: one past
U+10FFFF (``&#1114112;``) raised out of it and took the batch with it, a surrogate (``&#xd800;``)
became text no encoder accepts. Such references are replaced by U+FFFD before parsing, and
anything the parser still raises is this file's error.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

from parallax.errors import InputError
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument

#: A numeric character reference, decimal or hex, the semicolon optional as in SGML.
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_LOST = b"&#xFFFD;"


def is_feed(head: bytes) -> bool:
    head = head.lstrip()[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _character_or_lost(m: re.Match[bytes]) -> bytes:
    digits = m[1] or m[2]
    if len(digits.lstrip(b"0")) > 7:  # past any code point, however many digits
        return _LOST
    value = int(digits, 16 if m[1] else 10)
    return m[0] if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else _LOST


def valid_charrefs(data: bytes) -> bytes:
    """The feed with every reference to a non-character (NUL, a surrogate, past U+10FFFF) made
    a reference to U+FFFD."""
    return _CHARREF.sub(_character_or_lost, data)


def read_feed(path: Path, source: str) -> Iterator[RawDocument | InputError]:
    import feedparser

    try:
        parsed = feedparser.parse(valid_charrefs(path.read_bytes()))
    except Exception as e:  # the parser's own failure on this file, whatever its type
        yield InputError(source, f"not a readable RSS/Atom feed ({type(e).__name__}: {e})")
        return
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
        try:
            published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        except (ValueError, TypeError, OverflowError):
            published = None
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
