"""WARC files: one document per HTML ``response`` record, streamed record by record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from parallax.errors import InputError
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument


def read_warc(path: Path, source: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = records = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype:
                    continue
                n += 1
                where = f"{source}#{n}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield InputError(where, f"record over the {max_bytes:,}-byte limit")
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
    except ArchiveLoadFailed as e:
        yield InputError(source, f"not a readable WARC file: {e}")
        return
    if n == 0:
        what = "no WARC records found" if records == 0 else "no HTML response records in it"
        yield InputError(source, f"nothing to read: {what}")
