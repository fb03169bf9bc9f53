"""WARC files: one document per HTML ``response`` record, streamed record by record.

A record is taken whole or not at all: one that carries fewer bytes than its ``Content-Length``
declares (a crawl cut short, a file copied in part), that its crawler marked ``WARC-Truncated``,
or whose HTTP body is shorter than the response said, is an error for that record, never half an
article. A record the archive library cannot parse ends the file with an error naming it; the
records before it are kept.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

from parallax.errors import InputError
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument

_BLOCK = 1 << 16
#: warcio logs every URI it had to repair and writes its complaints about a damaged record, bytes
#: included, straight to stderr; each record's problem is reported here once, as its error.
logging.getLogger("warcio").setLevel(logging.ERROR)


def _quiet() -> redirect_stderr[io.StringIO]:
    """Around warcio's own calls only (never across a ``yield``, where the caller writes)."""
    return redirect_stderr(io.StringIO())


def _declared_length(record: Any) -> str:
    """The length the record's header declares (an ARC record calls it ``length``), as written."""
    return (record.rec_headers.get_header("length" if record.format == "arc" else "Content-Length") or "").strip()


def _incomplete(record: Any) -> str | None:
    """Why the record is not whole, or None: its header lacks the length every WARC record
    declares (a header cut short), or the file holds fewer bytes than that length (the rest of
    its block is read to know)."""
    declared = _declared_length(record)
    stream = record.raw_stream
    while stream.read(_BLOCK):
        pass
    if not declared.isdigit():
        return "truncated record: its header ends before the length every record declares"
    missing = int(getattr(stream, "limit", 0) or 0)
    return f"truncated record: {missing:,} of its declared bytes are missing" if missing else None


def _short_body(record: Any, body: bytes) -> str | None:
    """Why an HTTP body is incomplete by its own headers, or None."""
    headers = record.http_headers
    declared = headers.get_header("Content-Length")
    encoded = headers.get_header("Content-Encoding") or headers.get_header("Transfer-Encoding")
    if declared and declared.strip().isdigit() and not encoded and len(body) < int(declared):
        return f"truncated response: {len(body):,} of the {int(declared):,} bytes its Content-Length declares"
    return None


def read_warc(path: Path, source: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    from warcio.archiveiterator import ArchiveIterator

    n = records = 0
    truncated = False
    size = path.stat().st_size
    try:
        with path.open("rb") as fh:
            archive = ArchiveIterator(fh)
            stream = iter(archive)
            while True:
                with _quiet():
                    record = next(stream, None)
                if record is None:
                    break
                if record.format != "warc" and not _declared_length(record).isdigit():
                    continue  # no record at all: what the ARC reader makes of a line of any text
                records += 1
                headers = record.http_headers
                ctype = (headers.get_header("Content-Type") or "").lower() if headers is not None else ""
                wanted = record.rec_type == "response" and "html" in ctype
                with _quiet():
                    body = record.content_stream().read(max_bytes + 1) if wanted else b""
                    # Every record's length is checked, wanted or not: one cut inside its HTTP
                    # headers shows no Content-Type at all.
                    problem = _incomplete(record)
                if problem:
                    where = f"{source}#{n + 1}" if wanted else source
                    truncated = True
                    yield InputError(where, problem)
                    continue
                if not wanted:
                    continue
                n += 1
                where = f"{source}#{n}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                if len(body) > max_bytes:
                    yield InputError(where, f"record over the {max_bytes:,}-byte limit")
                    continue
                cut = record.rec_headers.get_header("WARC-Truncated")
                if cut:
                    yield InputError(where, f"the crawler truncated this record ({cut})")
                    continue
                short = _short_body(record, body)
                if short:
                    yield InputError(where, short)
                    continue
                try:
                    text = decode(body, where, html=True)
                except InputError as e:
                    yield e
                    continue
                if not text.strip():
                    yield InputError(where, "empty record")
                    continue
                yield RawDocument(
                    id=url_id(url) if url else f"{path.stem}-{n}",
                    kind="html",
                    content=text,
                    source=where,
                    url=url,
                    retrieved=record.rec_headers.get_header("WARC-Date"),
                )
            # The library stops quietly at a record cut off in its header or its gzip member.
            unread = size - (archive.offset or 0)
    except Exception as e:  # warcio's, zlib's or gzip's error on a damaged archive: this file's error
        yield InputError(source, f"{_damage(e)} (after {n} HTML records)" if n else _damage(e))
        return
    if unread > 0:
        yield InputError(source, f"truncated archive: its last {unread:,} bytes hold no complete record")
        return
    if n == 0 and not truncated:
        what = "no WARC records found" if records == 0 else "no HTML response records in it"
        yield InputError(source, f"nothing to read: {what}")


def _damage(e: Exception) -> str:
    """A short reason for a damaged archive (warcio's message quotes the bytes it could not read)."""
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(e, ArchiveLoadFailed):
        return "not a readable WARC file: a record header is missing or damaged"
    if isinstance(e, EOFError):
        return "the compressed archive ends in the middle of a record (truncated file)"
    return f"not a readable WARC file ({type(e).__name__}: {e})"
