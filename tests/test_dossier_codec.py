"""The dossier codec: every record of ``parallax.model`` survives a trip through JSON text, and the
dossier keeps the shape ``../shared/seeds/README.md`` describes."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.export.dossier import article_to_json, dossier_from_json, dossier_to_json, from_json, to_json
from parallax.model import Article, Dossier, InferredDate, Span, Status, Storyline

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
DAY = st.dates().map(lambda d: d.isoformat())


def _offsets(cls: type) -> st.SearchStrategy[Any]:
    """Records with ``start``/``end`` need ``start <= end``."""
    fields = {f.name for f in dataclasses.fields(cls)}
    others = {name: strategy(typing.get_type_hints(cls)[name]) for name in fields - {"start", "end"}}
    return st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.fixed_dictionaries(others)).map(
        lambda t: cls(start=min(t[0], t[1]), end=max(t[0], t[1]), **t[2])
    )


SPECIAL: dict[Any, st.SearchStrategy[Any]] = {
    InferredDate: st.one_of(
        st.just(InferredDate()),
        DAY.map(lambda d: InferredDate(date=d)),
        st.lists(DAY, min_size=1, max_size=3).map(lambda ds: InferredDate(candidates=tuple(ds))),
        st.tuples(DAY, DAY).map(lambda t: InferredDate(earliest=min(t), latest=max(t))),
    ),
}


def strategy(tp: Any) -> st.SearchStrategy[Any]:
    """Any value of a model field's type, built from its type hints."""
    if tp in SPECIAL:
        return SPECIAL[tp]
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return st.one_of(*(st.none() if a is type(None) else strategy(a) for a in typing.get_args(tp)))
    if origin is tuple:
        return st.lists(strategy(typing.get_args(tp)[0]), max_size=3).map(tuple)
    if origin is dict:
        key, value = typing.get_args(tp)
        return st.dictionaries(strategy(key), strategy(value), max_size=3)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        names = {f.name for f in dataclasses.fields(tp)}
        if {"start", "end"} <= names:
            return _offsets(tp)
        return st.builds(tp, **{f.name: strategy(typing.get_type_hints(tp)[f.name]) for f in dataclasses.fields(tp)})
    simple = {
        str: TEXT,
        int: st.integers(-(2**40), 2**40),
        float: st.floats(allow_nan=False, allow_infinity=False),
        bool: st.booleans(),
    }
    return simple[tp]


@settings(max_examples=60, deadline=None)
@given(strategy(Dossier))
def test_any_dossier_survives_json(dossier: Dossier) -> None:
    text = json.dumps(dossier_to_json(dossier), ensure_ascii=False)
    assert dossier_from_json(json.loads(text)) == dossier


@settings(max_examples=100, deadline=None)
@given(strategy(Article))
def test_any_article_survives_json(article: Article) -> None:
    assert from_json(Article, json.loads(json.dumps(to_json(article)))) == article


def test_the_dossier_has_the_documented_shape() -> None:
    article = Article("a1", "Body.", published_inferred=InferredDate(candidates=("2025-06-20", "2025-06-27")))
    line = Storyline("s1", "Talks", ("a1",), analysed=True)
    data = dossier_to_json(Dossier((article,), (line,), ("bad.txt: empty file",)))
    assert set(data) == {"parallax_dossier", "articles", "storylines", "errors"}
    record = data["articles"][0]
    for key in ("id", "title", "body", "outlet", "authors", "published", "published_inferred", "cites"):
        assert key in record
    for key in ("entities", "quotes", "timex", "quantities"):
        assert record[key] == []
    assert record["published_inferred"] == {"candidates": ["2025-06-20", "2025-06-27"]}
    assert article_to_json(Article("a2", "B."))["published_inferred"] == {}
    for key in ("id", "title", "articles", "events", "entities", "quote_groups", "claims", "timeline", "framing"):
        assert key in data["storylines"][0]
    assert "summary" in data["storylines"][0]


def test_statuses_are_written_as_their_names() -> None:
    assert to_json(Status.SINGLE_SOURCE) == "single-source"
    assert from_json(Status, "updated") is Status.UPDATED
    assert Span(2, 5).of("abcdefg") == "cde"
