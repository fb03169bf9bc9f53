"""The typed data every stage passes on.

All records are frozen, slotted dataclasses. Every annotation points back into exactly one text
by character offsets (``start`` inclusive, ``end`` exclusive, Python string indices): annotations
of an article point into ``Article.body``; removed boilerplate points into ``RawDocument.content``
as the reader decoded it. Provenance is the product, so nothing here holds text that cannot be
traced back to a span.

Stages are plain functions of these records (``Article -> Article``, ``list[Article] -> ...``);
they return new records with ``dataclasses.replace`` rather than mutating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    ``source_start``/``source_end`` locate the source mention as the sentence writes it ("he",
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
class Article:
    """A clean article: the text alone, its metadata, and whatever annotation stages added.

    ``published`` is a ``YYYY-MM-DD`` date the article itself states (never a caption's or a
    teaser's date). Who stands behind the text is three fields: ``outlet`` the publisher whose page
    it is, ``agency`` the wire service it credits for the copy ("By AFP"), ``via`` the aggregator or
    republisher that carried it ("RT, via Daily8"). ``duplicate_of`` links a near-copy (syndicated wire text, light edits) to the
    article first seen with that text, so independent sources can be counted.
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


@dataclass(frozen=True, slots=True)
class Entity:
    """One referent across a corpus, with every surface form and the articles that used it."""

    canonical: str
    type: str
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Report:
    """One article's report of a fact: where it says it, and the value it gives."""

    article: str
    start: int
    end: int
    text: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A fact as several articles report it, cross-checked."""

    id: str
    text: str
    status: Literal["agreed", "compatible", "conflict", "single-source"]
    reports: tuple[Report, ...]
    omitted_by: tuple[str, ...] = ()
    independent_sources: int = 1


@dataclass(frozen=True, slots=True)
class Event:
    """One happening, as the articles covering it describe it."""

    id: str
    title: str
    articles: tuple[str, ...]
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Storyline:
    """Related events of one developing story."""

    id: str
    title: str
    articles: tuple[str, ...]
    events: tuple[Event, ...] = ()
