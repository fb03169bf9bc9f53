"""The one codec between Parallax's records and JSON: the dossier, and every record in it.

The store, the CLI, the web app's JSON and the reports all turn records into JSON and back here,
so a field is spelled one way everywhere. The shape is the public contract described in README
("The dossier"); offsets in every annotation are character offsets into that article's ``body``.
Stages that have nothing to say leave their fields empty rather than absent, so consumers can rely
on every key; a key missing from older JSON reads as the field's default.

Encoding is generic over the frozen dataclasses of ``parallax.model`` (field by field, by their
type hints), with three exceptions kept in tables below: JSON names that differ from field names
(an article's ``mentions`` are its ``entities``), the compact ``published_inferred`` object, and
the dossier's ``parallax_dossier`` version key.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from parallax.export.files import ColumnKind
from parallax.model import Article, Dossier, InferredDate, Storyline

R = TypeVar("R")

#: (record type, field name) -> JSON key, where the two differ.
_KEYS: dict[tuple[type, str], str] = {
    (Article, "mentions"): "entities",
    (Dossier, "version"): "parallax_dossier",
}

#: An article's annotations: the fields the annotate and timeline stages fill.
ANNOTATION_FIELDS = ("mentions", "quotes", "timex", "quantities", "sentences", "published_inferred")
#: What the ``clean`` stage's rows leave out: annotations, and bookkeeping that points into the raw
#: input rather than the body.
_NOT_CLEAN = frozenset({*ANNOTATION_FIELDS, "removed", "content_hash"})


def _inferred_to_json(value: InferredDate) -> dict[str, Any]:
    """``{"date"}``, ``{"candidates"}``, ``{"earliest", "latest"}`` or ``{}`` (README's format)."""
    if value.date:
        return {"date": value.date}
    if value.candidates:
        return {"candidates": list(value.candidates)}
    if value.earliest or value.latest:
        return {"earliest": value.earliest, "latest": value.latest}
    return {}


def _inferred_from_json(data: Mapping[str, Any] | None) -> InferredDate:
    data = data or {}
    return InferredDate(
        date=data.get("date"),
        candidates=tuple(data.get("candidates") or ()),
        earliest=data.get("earliest"),
        latest=data.get("latest"),
    )


_ENCODERS: dict[type, Callable[[Any], Any]] = {InferredDate: _inferred_to_json}
_DECODERS: dict[type, Callable[[Any], Any]] = {InferredDate: _inferred_from_json}


def to_json(value: Any) -> Any:
    """Any record of ``parallax.model`` (or a tuple, list or dict of them) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if cls in _ENCODERS:
            return _ENCODERS[cls](value)
        return {key: to_json(getattr(value, name)) for name, key in _plan(cls)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(cls: type[R], data: Any) -> R:
    """The record of type ``cls`` that ``to_json`` made ``data`` from."""
    return _decode(cls, data)  # type: ignore[no-any-return]


@cache
def _plan(cls: type) -> tuple[tuple[str, str], ...]:
    """``(field name, JSON key)`` of a record type, in field order."""
    return tuple((f.name, _KEYS.get((cls, f.name), f.name)) for f in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    if tp in _DECODERS:
        return _DECODERS[tp](data)
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(options[0], data) if len(options) == 1 else data
    if origin is tuple or origin is list:
        args = typing.get_args(tp)
        item = args[0] if args else Any
        items = [_decode(item, v) for v in data]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        _, item = typing.get_args(tp)
        return {k: _decode(item, v) for k, v in data.items()}
    if origin is typing.Literal or tp is Any:
        return data
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {name: _decode(hints[name], data[key]) for name, key in _plan(tp) if key in data}
        return tp(**kwargs)
    if tp is float and isinstance(data, int):
        return float(data)
    return data


# -- the dossier's parts ------------------------------------------------------------------------


def article_to_json(article: Article, *, annotations: bool = True) -> dict[str, Any]:
    """One article as the dossier shows it; without ``annotations``, as the ``clean`` stage's row."""
    record = to_json(article)
    if not annotations:
        for name in _NOT_CLEAN:
            record.pop(_KEYS.get((Article, name), name), None)
    return record


def article_from_json(data: Mapping[str, Any]) -> Article:
    return from_json(Article, data)


#: What the annotate stage adds to one article on its own (before entities are linked across articles).
OWN_ANNOTATIONS = ("mentions", "quotes", "timex", "quantities", "sentences")


def annotations_to_json(article: Article) -> dict[str, Any]:
    """An article's own annotations alone (kept in the store so that they are computed once)."""
    record = to_json(article)
    return {key: record[key] for name in OWN_ANNOTATIONS if (key := _KEYS.get((Article, name), name)) in record}


def with_annotations(article: Article, data: Mapping[str, Any]) -> Article:
    """``article`` carrying the annotations ``annotations_to_json`` wrote."""
    annotated = from_json(Article, {**to_json(article), **data})
    return dataclasses.replace(article, **{name: getattr(annotated, name) for name in OWN_ANNOTATIONS})


def storyline_to_json(storyline: Storyline) -> dict[str, Any]:
    return to_json(storyline)


def storyline_from_json(data: Mapping[str, Any]) -> Storyline:
    return from_json(Storyline, data)


def dossier_to_json(dossier: Dossier) -> dict[str, Any]:
    return to_json(dossier)


def dossier_from_json(data: Mapping[str, Any]) -> Dossier:
    """A dossier read back from ``parallax analyze --json`` output (or any JSON ``to_json`` made)."""
    return from_json(Dossier, data)


def dossier_of(
    articles: Iterable[Article], storylines: Iterable[Storyline] = (), errors: Iterable[str] = ()
) -> Dossier:
    """The dossier of stage outputs: articles by id, storylines largest first."""
    lines = sorted(storylines, key=lambda s: (-len(s.articles), s.id))
    return Dossier(tuple(sorted(articles, key=lambda a: a.id)), tuple(lines), tuple(errors))


#: The article record as Parquet columns (``parallax annotate -o out.parquet``): scalars as strings,
#: authors and cites as lists of strings, the nested fields as JSON text (see ``write_parquet``).
def _column(tp: Any) -> ColumnKind:
    if tp in (str, str | None):
        return "string"
    if tp == tuple[str, ...]:
        return "strings"
    return "json"


ARTICLE_COLUMNS: dict[str, ColumnKind] = {key: _column(_hints(Article)[name]) for name, key in _plan(Article)}
