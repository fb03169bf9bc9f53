"""The typed data every stage passes on.

All records are frozen, slotted dataclasses. Every annotation points back into exactly one text
by character offsets (``start`` inclusive, ``end`` exclusive, Python string indices): annotations
of an article point into ``Article.body``; removed boilerplate points into ``RawDocument.content``
as the reader decoded it. Provenance is the product, so nothing here holds text that cannot be
traced back to a span.

Stages are plain functions of these records (``Article -> Article``, ``list[Article] -> ...``);
they return new records with ``dataclasses.replace`` rather than mutating. The records are grouped
by the stage that makes them: ``article`` (ingest, annotate), ``ledger`` (the fact ledger's
statuses and marks), ``story`` (stories and the corpus stages, and the dossier); the one place that
turns them into JSON and back is ``parallax.export.dossier``.
"""

from parallax.model.article import (
    Article,
    InferredDate,
    Mention,
    Quantity,
    Quote,
    RawDocument,
    RawKind,
    Removed,
    Span,
    TimeExpr,
    source_name,
)
from parallax.model.dates import day
from parallax.model.ledger import Claim, Mark, Report, Status
from parallax.model.story import (
    DOSSIER_VERSION,
    DiffOp,
    Dossier,
    Entity,
    Event,
    Framing,
    QuoteGroup,
    QuoteRendering,
    Storyline,
    SummaryLine,
    TimelineEntry,
    TimelineSource,
    WordDiff,
)

__all__ = [
    "DOSSIER_VERSION",
    "Article",
    "Claim",
    "DiffOp",
    "Dossier",
    "Entity",
    "Event",
    "Framing",
    "InferredDate",
    "Mark",
    "Mention",
    "Quantity",
    "Quote",
    "QuoteGroup",
    "QuoteRendering",
    "RawDocument",
    "RawKind",
    "Removed",
    "Report",
    "Span",
    "Status",
    "Storyline",
    "SummaryLine",
    "TimeExpr",
    "TimelineEntry",
    "TimelineSource",
    "WordDiff",
    "day",
    "source_name",
]
