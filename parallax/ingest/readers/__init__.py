"""Readers: files, folders, JSON lines, feeds, WARC archives and URLs → ``RawDocument``s.

``read_inputs`` never raises for a bad input: it yields an ``InputError`` naming the file (and
line or record) and goes on, so one broken file does not stop a batch; whatever a reader or the
library under it raises (nesting too deep for the stack, a parser's own error) is that file's
error. Everything is streamed: JSON lines line by line, WARC files record by record.

Every document comes out valid (``valid.valid_document``: no lone surrogate or NUL in any field)
with a clean id (``ids.clean_id``). A file's id is its stem; when two files of one run share a
stem (``a/story.txt``, ``b/story.txt``) the later gets the stem and a hash of its path, so both are
kept, under the same ids on every run of the same command.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import httpx

from parallax.errors import InputError
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.feeds import is_feed, read_feed
from parallax.ingest.readers.fetch import fetch, is_public, make_client
from parallax.ingest.readers.ids import clean_id, short_hash, url_id
from parallax.ingest.readers.jsonl import read_json_file
from parallax.ingest.readers.valid import valid_document
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
    """The documents of one file, or its errors; never raises."""
    try:
        yield from _read_file(path, source, max_bytes)
    except InputError as e:
        yield e
    except OSError as e:
        yield InputError(source, f"cannot read: {e.strerror or e}")
    except RecursionError:
        yield InputError(source, "nested too deeply to read")
    except Exception as e:  # a reader's or a library's failure on this file: the batch goes on
        yield InputError(source, f"could not be read ({type(e).__name__}: {e})")


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    name = path.name.lower()
    suffix = path.suffix.lower()
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
    yield RawDocument(id=clean_id(path.stem) or "untitled", kind=kind, content=text, source=source)


def _whole_file(doc: RawDocument) -> bool:
    """A document that is a whole .txt or .html file (its id is the file's stem, not one it gave)."""
    return "#" not in doc.source and Path(doc.source).suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
    client: httpx.Client | None = None,
    public_only: bool = False,
) -> Iterator[RawDocument | InputError]:
    """Every document in ``inputs`` (files, folders, URLs), or an ``InputError`` per problem.

    URLs are fetched with ``client``, else with one made here; ``public_only`` makes that one
    refuse every address that is not public (see ``fetch``): for URLs a web user submitted."""
    seen: dict[str, str] = {}
    own_client = None
    try:
        for item in inputs:
            text = str(item)
            if text.startswith(("http://", "https://")):
                if client is None:
                    client = own_client = make_client(allow=is_public if public_only else None)
                docs = _fetched(text, client, max_document_bytes)
            else:
                docs = _local(text, max_document_bytes)
            for doc in docs:
                if isinstance(doc, RawDocument):
                    doc = valid_document(replace(doc, id=clean_id(doc.id)))
                    if doc.id in seen and _whole_file(doc):
                        doc = replace(doc, id=f"{doc.id}-{short_hash(os.path.abspath(doc.source))}")
                    if doc.id in seen:
                        yield InputError(doc.source, f"duplicate id {doc.id!r} (first seen in {seen[doc.id]})")
                        continue
                    seen[doc.id] = doc.source
                yield doc
    finally:
        if own_client is not None:
            own_client.close()


def _fetched(url: str, client: httpx.Client, max_bytes: int) -> Iterator[RawDocument | InputError]:
    try:
        yield fetch(url, client, max_bytes)
    except InputError as e:
        yield e
    except Exception as e:  # the HTTP stack's failure on this URL: the batch goes on
        yield InputError(url, f"could not fetch ({type(e).__name__}: {e})")


def _local(text: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    try:
        path = Path(text)
        is_dir, is_file = path.is_dir(), path.is_file()
    except (OSError, ValueError) as e:  # a name no file system takes (a NUL byte in it)
        yield InputError(text, f"not a usable path: {e}")
        return
    if is_dir:
        for p in discover(path):
            yield from read_file(p, str(p), max_bytes)
    elif is_file:
        yield from read_file(path, text, max_bytes)
    else:
        yield InputError(text, "no such file or folder")
