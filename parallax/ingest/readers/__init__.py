"""Readers: files, folders, JSON lines, feeds, WARC archives and URLs → ``RawDocument``s.

``read_inputs`` never raises for a bad input: it yields an ``InputError`` naming the file (and
line or record) and goes on, so one broken file does not stop a batch. Everything is streamed:
JSON lines line by line, WARC files record by record.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

from parallax.errors import InputError
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.feeds import is_feed, read_feed
from parallax.ingest.readers.fetch import fetch, make_client
from parallax.ingest.readers.ids import url_id
from parallax.ingest.readers.jsonl import read_json_file
from parallax.ingest.readers.warc import read_warc
from parallax.model import RawDocument

MAX_DOCUMENT_BYTES = 20_000_000
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".jsonl", ".json", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".feed"})
WARC_SUFFIXES = (".warc", ".warc.gz")

__all__ = ["MAX_DOCUMENT_BYTES", "read_inputs", "url_id"]


def _readable(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES or name.endswith(
        WARC_SUFFIXES
    )


def discover(root: Path) -> Iterator[Path]:
    """Readable files under a folder, recursively, in sorted order; hidden files and folders skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and _readable(path):
                yield path


def read_file(path: Path, source: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    name = path.name.lower()
    suffix = path.suffix.lower()
    try:
        if name.endswith(WARC_SUFFIXES):
            yield from read_warc(path, source, max_bytes)
            return
        if suffix in JSON_SUFFIXES:
            yield from read_json_file(path, source, max_bytes)
            return
        size = path.stat().st_size
        if size == 0:
            yield InputError(source, "empty file")
            return
        if size > max_bytes:
            yield InputError(
                source,
                f"file of {size:,} bytes is over the {max_bytes:,}-byte limit for one article",
                hint="split it, or raise the limit",
            )
            return
        data = path.read_bytes()
        if suffix in FEED_SUFFIXES:
            if is_feed(data):
                yield from read_feed(path, source)
            else:
                yield InputError(source, "an .xml file that is not an RSS/Atom feed")
            return
        kind = "html" if suffix in HTML_SUFFIXES else "text"
        text = decode(data, source, html=kind == "html")
        if not text.strip():
            yield InputError(source, "empty file (only white space)")
            return
        yield RawDocument(id=path.stem, kind=kind, content=text, source=source)
    except InputError as e:
        yield e
    except OSError as e:
        yield InputError(source, f"cannot read: {e.strerror or e}")


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
    client: httpx.Client | None = None,
) -> Iterator[RawDocument | InputError]:
    """Every document in ``inputs`` (files, folders, URLs), or an ``InputError`` per problem."""
    seen: dict[str, str] = {}
    own_client = None
    try:
        for item in inputs:
            text = str(item)
            if text.startswith(("http://", "https://")):
                if client is None:
                    client = own_client = make_client()
                try:
                    docs: Iterator[RawDocument | InputError] = iter([fetch(text, client, max_document_bytes)])
                except InputError as e:
                    docs = iter([e])
            else:
                path = Path(text)
                if path.is_dir():
                    docs = (d for p in discover(path) for d in read_file(p, str(p), max_document_bytes))
                elif path.is_file():
                    docs = read_file(path, text, max_document_bytes)
                else:
                    docs = iter([InputError(text, "no such file or folder")])
            for doc in docs:
                if isinstance(doc, RawDocument):
                    if doc.id in seen:
                        yield InputError(doc.source, f"duplicate id {doc.id!r} (first seen in {seen[doc.id]})")
                        continue
                    seen[doc.id] = doc.source
                yield doc
    finally:
        if own_client is not None:
            own_client.close()
