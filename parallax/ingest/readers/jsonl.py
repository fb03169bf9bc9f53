"""JSON inputs: JSON lines, a JSON array of rows, or one object. A row holds ``id``, ``text`` or
``html``, and optionally ``url``, ``title``, ``outlet``, ``published``, ``authors``, ``retrieved``.
A broken line is one error naming the line; the other rows are still read. Whatever a line holds
(nesting deeper than the parser's stack, numbers of any size, fields of any type) it is that
line's error, never the file's or the batch's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from parallax.errors import InputError
from parallax.ingest.readers.ids import clean_id, url_id
from parallax.model import RawDocument

OPTIONAL_TEXT_FIELDS = ("url", "title", "outlet", "published", "retrieved")


def _text(row: dict[str, Any], field: str, source: str, line: int | None) -> str | None:
    """A field that must be text; a number is taken as its digits."""
    value = row.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(source, f"'{field}' must be a string", line=line)
    return str(value)


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
    if not content.strip() and not (kind == "text" and isinstance(row.get("title"), str) and row["title"].strip()):
        raise InputError(source, f"'{kind}' is empty", line=line)  # a headline alone is an article
    fields = {field: _text(row, field, source, line) for field in (*OPTIONAL_TEXT_FIELDS, "id")}
    authors = row.get("authors") or ()
    if isinstance(authors, str):
        authors = (authors,)
    if not isinstance(authors, (list, tuple)) or not all(isinstance(a, str) for a in authors):
        raise InputError(source, "'authors' must be a list of strings", line=line)
    url = fields["url"]
    given = clean_id(fields["id"]) if fields["id"] is not None else ""
    doc_id = given or (url_id(url) if url else fallback_id)
    where = f"{source}:{line}" if line is not None else source
    return RawDocument(
        id=doc_id,
        kind=kind,
        content=content,
        source=where,
        url=url,
        title=fields["title"],
        outlet=fields["outlet"],
        published=fields["published"],
        retrieved=fields["retrieved"],
        authors=tuple(authors),
    )


def _parse(text: str) -> Any:
    """``json.loads``, with nesting too deep for the parser's stack as a plain ``ValueError``."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _first_byte(path: Path) -> bytes:
    """The file's first byte that is not white space (``b""`` for none)."""
    with path.open("rb") as fh:
        while block := fh.read(65536):
            if stripped := block.lstrip():
                return stripped[:1]
    return b""


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(number, line, size)`` for each line; ``line`` is None for one over ``limit`` bytes, which
    is skipped without ever being held whole."""
    number = 0
    while line := fh.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line, len(line)
            continue
        size = len(line)
        while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
            size += len(rest)
        yield number, None, size + len(rest)


def read_json_file(path: Path, source: str, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """Rows of a ``.jsonl``/``.json`` file, streamed line by line for JSON lines."""
    stem = path.stem
    first = _first_byte(path)
    if not first:
        empty = path.stat().st_size == 0
        yield InputError(source, "empty file" if empty else "empty file (only white space)")
        return
    if first == b"[" or (path.suffix.lower() == ".json" and first == b"{"):
        if path.stat().st_size > max_bytes:
            yield InputError(
                source,
                f"JSON document of {path.stat().st_size:,} bytes is over the "
                f"{max_bytes:,}-byte limit (use JSON lines for large corpora)",
            )
            return
        try:
            data = _parse(path.read_bytes().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as e:
            yield InputError(source, f"not valid JSON: {e}")
            return
        rows = data if isinstance(data, list) else [data]
        if not rows:
            yield InputError(source, "an empty JSON array: no rows")
        for i, row in enumerate(rows, 1):
            try:
                yield row_to_document(row, source, None, f"{stem}-{i}")
            except InputError as err:
                yield InputError(source, f"row {i}: {err.detail}")
        return
    with path.open("rb") as fh:
        for number, raw_line, size in _lines(fh, max_bytes):
            if raw_line is None or size > max_bytes:
                yield InputError(source, f"line of {size:,} bytes is over the {max_bytes:,}-byte limit", line=number)
                continue
            if not raw_line.strip():
                continue
            try:
                row = _parse(raw_line.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError) as e:
                yield InputError(source, f"not valid JSON ({e})", line=number)
                continue
            try:
                yield row_to_document(row, source, number, f"{stem}-{number}")
            except InputError as err:
                yield err
