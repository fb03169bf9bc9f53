"""Write output files atomically: a reader never sees half a file, a crash leaves the old one."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

from parallax.errors import MissingDependency

# How a Parquet column holds its field: a (nullable) string, a list of strings, or the value as
# JSON text, for nested values (dicts, lists of dicts) whose types Parquet would have to infer.
ColumnKind = Literal["string", "strings", "json"]

# Schema metadata key: the JSON-encoded list of the columns stored as JSON text.
JSON_COLUMNS_KEY = b"parallax:json_columns"


@contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one rename.

    Text (UTF-8, ``\\n`` line ends) by default; ``binary=True`` for bytes (Parquet)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: str | Path, obj: Any) -> None:
    with atomic_writer(path) as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as JSON lines; returns how many were written."""
    n = 0
    with atomic_writer(path) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def require_parquet() -> Any:
    """The ``pyarrow`` module, or ``MissingDependency`` naming the extra that brings it."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingDependency("Parquet output", "scale") from None
    return pyarrow


#: Rows per Parquet row group: the rows waiting to be written, a few thousand annotated articles
#: (tens of MB), are all a long output holds in memory.
ROW_GROUP_ROWS = 2_000


def write_parquet(
    path: str | Path,
    rows: Iterable[dict[str, Any]],
    columns: Mapping[str, ColumnKind],
    *,
    row_group_rows: int = ROW_GROUP_ROWS,
) -> int:
    """Write rows as one Parquet table with ``columns`` (name → kind, in order); returns the count.

    Every row must have exactly these keys. A ``json`` column holds each value as the JSON text
    ``write_jsonl`` would write for it, so ``json.loads`` gives it back unchanged (an int stays an
    int beside floats, a ``None`` stays ``None``); their names are listed in the schema metadata
    under ``parallax:json_columns``. Rows are written as they come, ``row_group_rows`` to a row
    group, so a long stream is never held whole; the file still appears at once, complete.
    """
    pa = require_parquet()
    import pyarrow.parquet as pq

    schema = _parquet_schema(pa, columns)
    values: dict[str, list[Any]] = {name: [] for name in columns}
    n = 0
    with atomic_writer(path, binary=True) as fh, pq.ParquetWriter(fh, schema) as writer:
        for row in rows:
            if row.keys() != columns.keys():
                raise ValueError(f"row {n}: fields {sorted(row.keys() ^ columns.keys())} do not match the columns")
            for name, kind in columns.items():
                value = row[name]
                values[name].append(json.dumps(value, ensure_ascii=False) if kind == "json" else value)
            n += 1
            if n % row_group_rows == 0:
                _write_row_group(pa, writer, values, schema)
        if n % row_group_rows or n == 0:  # the rest; with no rows at all, the empty table
            _write_row_group(pa, writer, values, schema)
    return n


def _parquet_schema(pa: Any, columns: Mapping[str, ColumnKind]) -> Any:
    types = {"string": pa.string(), "strings": pa.list_(pa.string()), "json": pa.string()}
    json_columns = [name for name, kind in columns.items() if kind == "json"]
    return pa.schema(
        [pa.field(name, types[kind]) for name, kind in columns.items()],
        metadata={JSON_COLUMNS_KEY: json.dumps(json_columns)},
    )


def _write_row_group(pa: Any, writer: Any, values: dict[str, list[Any]], schema: Any) -> None:
    writer.write_table(pa.Table.from_pydict(values, schema=schema))
    for column in values.values():
        column.clear()
