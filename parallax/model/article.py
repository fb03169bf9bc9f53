"""An article and its annotations: what ingest and annotate produce.

All records are frozen, slotted dataclasses. Every annotation points back into exactly one text
by character offsets (``start`` inclusive, ``end`` exclusive, Python string indices): annotations
of an article point into ``Article.body``; removed boilerplate points into ``RawDocument.content``
as the reader decoded it. Provenance is the product, so nothing here holds text that cannot be
traced back to a span.

Stages are plain functions of these records (``Article -> Article``, ``list[Article] -> ...``);
they return new records with ``dataclasses.replace`` rather than mutating.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RawKind = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in one text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as a reader found it, before any cleaning.

    ``content`` is the decoded text or HTML. ``source`` names where it came from precisely enough
    for an error message: a path, ``path:line`` for a JSONL row, ``path#record`` for a WARC or feed
    entry, or a URL. Metadata given by the input itself (a JSONL ``title``, a feed's ``published``)
    is carried as given; ``retrieved`` is when the page was fetched, if known (ISO 8601), which is
    what makes "6 hours ago" resolvable.
    """

    id: str
    kind: RawKind
    content: str
    source: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    retrieved: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Removed:
    """A block of the raw input that cleaning left out of the body, and why.

    ``kind`` is one of: ``title``, ``caption``, ``byline``, ``dateline``, ``navigation``,
    ``share``, ``newsletter``, ``comments``, ``related``, ``teaser``, ``duplicate``, ``promo``,
    ``footer``, ``boilerplate`` (anything else).
    """

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention in an article body."""

    start: int
    end: int
    text: str
    label: str
    canonical: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or reported statement and who made it.

    ``statement`` numbers the statements of an article: the pieces of one statement interrupted by
    its attribution ('"We are ready," he said. "The date is open."') are quotes of their own, each
    with its exact span, sharing the number. ``source_start``/``source_end`` locate the source
    mention as the sentence writes it ("he",
    "the Kremlin's spokesperson", "Dmitry Peskov"). ``speaker`` is who that mention resolves to:
    the canonical name when it is a known entity, else the words as written;
    ``speaker_start``/``speaker_end`` locate the name used for it (which may lie in an earlier
    sentence when the source is a pronoun or a description).
    """

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    direct: bool = True
    cue: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    statement: int | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression normalised TIMEX3-style (``2025-06-27``, ``2025-W25``, ``P3Y`` ...).

    With no anchor date the value stays relative and ``earliest``/``latest`` bound it when known.
    """

    start: int
    end: int
    text: str
    value: str
    type: str = "DATE"
    earliest: str | None = None
    latest: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts and how it is hedged ("nearly 3,000 more bodies")."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str | None
    hedge: str | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class InferredDate:
    """When an article that states no date was most likely published, inferred from its text and its
    story: one ``date``, or several ``candidates`` ("on Friday" between two known days), or an
    interval ``earliest``..``latest``; all empty when nothing can be said. ``YYYY-MM-DD`` strings."""

    date: str | None = None
    candidates: tuple[str, ...] = ()
    earliest: str | None = None
    latest: str | None = None

    def __post_init__(self) -> None:
        given = [bool(self.date), bool(self.candidates), bool(self.earliest or self.latest)]
        if sum(given) > 1:
            raise ValueError("an inferred date is one day, candidate days or an interval, not several")

    def __bool__(self) -> bool:
        return bool(self.date or self.candidates or self.earliest or self.latest)


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: the text alone, its metadata, and whatever annotation stages added.

    ``published`` is a ``YYYY-MM-DD`` date the article itself states (never a caption's or a
    teaser's date). Who stands behind the text is three fields: ``outlet`` the publisher whose page
    it is, ``agency`` the wire service it credits for the copy ("By AFP"), ``via`` the aggregator or
    republisher that carried it ("RT, via Daily8"). ``duplicate_of`` links a near-copy (syndicated
    wire text, light edits) to the article first seen with that text, so independent sources can be
    counted.
    ``published_inferred`` is set by the timeline stage for an article that states no date.
    """

    id: str
    body: str
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    agency: str | None = None
    via: str | None = None
    cites: tuple[str, ...] = ()
    url: str | None = None
    source: str | None = None
    content_hash: str | None = None
    duplicate_of: str | None = None
    removed: tuple[Removed, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timex: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    sentences: tuple[Span, ...] = ()
    published_inferred: InferredDate = InferredDate()

    @property
    def outlet_label(self) -> str:
        """Who a reader should see cited for this article: "RT, via Daily8", "Jordan Times (AFP)";
        with no outlet known, "unknown outlet" and the file or address it came from, never an id."""
        label = self.outlet or f"unknown outlet ({source_name(self.source) or self.id})"
        if self.agency and self.agency.lower() != (self.outlet or "").lower():
            label += f" ({self.agency})"
        if self.via and self.via.lower() != (self.outlet or "").lower():
            label += f", via {self.via}"
        return label


def source_name(source: str | None) -> str | None:
    """The file name or host an input came from (``/x/y/page.html:3`` -> ``page.html``)."""
    if not source:
        return None
    if "://" in source:
        from urllib.parse import urlsplit

        return urlsplit(source).hostname or source
    tail = source.replace("\\", "/").rsplit("/", 1)[-1]
    return tail.split("#", 1)[0] or None
