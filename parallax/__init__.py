"""Parallax: read a developing news story across outlets.

    import parallax
    dossier = parallax.analyze(["coverage/", "https://example.org/story", "A text held in memory ..."])
    for line in dossier.storylines:
        print(line.title, [(c.text, c.status) for c in line.claims])

The functions here are the library's front door (the CLI and the web app are skins over them);
the records they return are the frozen dataclasses of ``parallax.model``, turned into JSON and
back by ``parallax.export.dossier``. Heavy parts (spaCy, embeddings) load on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from parallax.errors import InputError, ParallaxError
from parallax.model import (
    Article,
    Claim,
    Dossier,
    Entity,
    Event,
    Mark,
    QuoteGroup,
    Report,
    Status,
    Storyline,
    SummaryLine,
    TimelineEntry,
)
from parallax.scale import Engine
from parallax.version import __version__

if TYPE_CHECKING:
    from parallax.pipeline import IngestReport, Input
    from parallax.store import Store

__all__ = [
    "Article",
    "Claim",
    "Dossier",
    "Engine",
    "Entity",
    "Event",
    "InputError",
    "Mark",
    "ParallaxError",
    "QuoteGroup",
    "Report",
    "Status",
    "Storyline",
    "SummaryLine",
    "TimelineEntry",
    "__version__",
    "analyze",
    "clean",
    "ingest",
    "open_store",
]


def analyze(inputs: Iterable[Input] = (), *, store: Store | str | None = None, engine: Engine | None = None) -> Dossier:
    """Clean, group and cross-check ``inputs``: paths (files, folders), URLs, texts, or
    JSON-lines-shaped mappings (``{"text": ..., "title": ..., "outlet": ...}``). With ``store``
    (a ``Store`` or a database URL/path) the inputs are also kept there, with their analysis, and
    placed among the storylines already stored. Inputs that cannot be read are listed in
    ``Dossier.errors``."""
    from parallax import pipeline
    from parallax.scale import LOCAL

    with _opened(store) as opened:
        dossier, _ = pipeline.analyze(inputs, opened, engine=engine or LOCAL)
    return dossier


def ingest(inputs: Iterable[Input], store: Store | str | None = None, *, engine: Engine | None = None) -> IngestReport:
    """Clean and store ``inputs`` and place the new articles into events and storylines (not yet
    cross-checked: ``analyze(store=...)`` does that). ``store`` defaults to ``$PARALLAX_DB`` or
    ``./parallax.db``."""
    from parallax import pipeline
    from parallax.scale import LOCAL

    with _opened(store, default=True) as opened:
        assert opened is not None
        return pipeline.ingest(inputs, opened, engine=engine or LOCAL)


def clean(inputs: Iterable[Input]) -> Iterator[Article | InputError]:
    """Clean ``inputs`` without a store: an ``Article`` or an ``InputError`` per document."""
    from parallax import pipeline

    return pipeline.clean(inputs)


def open_store(url: str | None = None) -> Store:
    """The store at ``url``: a SQLite file path or an SQLAlchemy URL (default ``$PARALLAX_DB``, else
    ``./parallax.db``); created and migrated as needed. Use it as a context manager."""
    from parallax.store import Store

    return Store.open(url)


class _opened:
    """A store given as a URL is opened (and closed) here, as is the default one when ``default``;
    a ``Store`` is used as it is."""

    def __init__(self, store: Store | str | None, *, default: bool = False) -> None:
        self.given = store
        self.default = default
        self.owned: Store | None = None

    def __enter__(self) -> Store | None:
        if isinstance(self.given, str) or (self.given is None and self.default):
            self.owned = open_store(self.given)
            return self.owned
        return self.given

    def __exit__(self, *exc: object) -> None:
        if self.owned is not None:
            self.owned.close()
