"""JSON inputs: JSON lines, a JSON array of rows, or one object. A row holds ``id``, ``text`` or
``html``, and optionally ``url``, ``title``, ``outlet``, ``published``, ``authors``, ``retrieved``.
A broken line is one error naming the line; the other rows are still read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parallax.errors import InputError
from parallax.ingest.readers.ids import url_id
from parallax.model import RawDocument

OPTIONAL_TEXT_FIELDS = ("url", "title", "outlet", "published", "retrieved")


def row_to_document(row: Any, source: str, line: int | None, fallback_id: str) -> RawDocument:
    if not isinstance(row, dict):
        raise InputError(source, "a row must be a JSON object", line=line)
    kinds = [k for k in ("text", "html") if row.get(k) is not None]
    if not kinds:
        raise InputError(source, "row has neither 'text' nor 'html'", line=line)
    kind = kinds[0]
    content = row[kind]
    if not isinstance(content, str):
        raise InputError(source, f"'{kind}' must be a string", line=line)
    if not content.strip():
        raise InputError(source, f"'{kind}' is empty", line=line)
    for field in (*OPTIONAL_TEXT_FIELDS, "id"):
        if row.get(field) is not None and not isinstance(row[field], (str, int)):
            raise InputError(source, f"'{field}' must be a string", line=line)
    authors = row.get("authors") or ()
    if isinstance(authors, str):
        authors = (authors,)
    if not all(isinstance(a, str) for a in authors):
        raise InputError(source, "'authors' must be a list of strings", line=line)
    url = row.get("url")
    doc_id = str(row["id"]) if row.get("id") is not None else (url_id(url) if url else fallback_id)
    where = f"{source}:{line}" if line is not None else source
    return RawDocument(
        id=doc_id,
        kind=kind,
        content=content,
        source=where,
        url=url,
        title=row.get("title"),
        outlet=row.get("outlet"),
        published=None if row.get("published") is None else str(row["published"]),
        retrieved=row.get("retrieved"),
        authors=tuple(authors),
    )


def read_json_file(path: Path, source: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """Rows of a ``.jsonl``/``.json`` file, streamed line by line for JSON lines."""
    stem = path.stem
    with path.open("rb") as fh:
        first = fh.read(1)
        while first and first.isspace():
            first = fh.read(1)
    if first == b"[" or (path.suffix == ".json" and first == b"{"):
        if path.stat().st_size > max_bytes:
            yield InputError(
                source,
                f"JSON document of {path.stat().st_size:,} bytes is over the "
                f"{max_bytes:,}-byte limit (use JSON lines for large corpora)",
            )
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as e:
            yield InputError(source, f"not valid JSON: {e}")
            return
        rows = data if isinstance(data, list) else [data]
        for i, row in enumerate(rows, 1):
            try:
                yield row_to_document(row, source, None, f"{stem}-{i}")
            except InputError as err:
                yield InputError(source, f"row {i}: {err}".replace(f"{source}: ", ""))
        return
    with path.open("rb") as fh:
        for number, raw_line in enumerate(fh, 1):
            if not raw_line.strip():
                continue
            if len(raw_line) > max_bytes:
                yield InputError(
                    source, f"line of {len(raw_line):,} bytes is over the {max_bytes:,}-byte limit", line=number
                )
                continue
            try:
                row = json.loads(raw_line.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError) as e:
                yield InputError(source, f"not valid JSON ({e})", line=number)
                continue
            try:
                yield row_to_document(row, source, number, f"{stem}-{number}")
            except InputError as err:
                yield err
