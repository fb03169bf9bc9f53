"""A storyline and what the corpus stages found in it: events, entities, quote groups, the fact
ledger, the timeline, framing and the summary; and the dossier that holds them all.

Every record points back into articles by id and character offsets into their ``body``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parallax.model.article import Article
from parallax.model.ledger import Claim, Status

#: The dossier format's version, written as ``parallax_dossier`` at its top.
DOSSIER_VERSION = 1


@dataclass(frozen=True, slots=True)
class Entity:
    """One referent across a corpus, with every surface form and the articles that used it."""

    canonical: str
    type: str
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True, slots=True)
class Event:
    """One happening, as the articles covering it describe it."""

    id: str
    title: str
    articles: tuple[str, ...]
    date: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRendering:
    """One outlet's rendering of a statement."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DiffOp:
    """A step of a word diff: ``op`` is equal, replace, delete or insert; ``a``/``b`` the words."""

    op: str
    a: str
    b: str


@dataclass(frozen=True, slots=True)
class WordDiff:
    """How article ``b``'s rendering differs, word by word, from article ``a``'s."""

    a: str
    b: str
    ops: tuple[DiffOp, ...]


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One statement of one speaker as several articles rendered it."""

    speaker: str | None
    quotes: tuple[QuoteRendering, ...]
    diffs: tuple[WordDiff, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """Where an article reports a dated development: the sentence, and the time expression in it.
    ``provenance`` is how that article's date was found (see ``TimelineEntry``)."""

    article: str
    start: int
    end: int
    time_start: int | None = None
    time_end: int | None = None
    provenance: str = "stated"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated development. ``date`` is a day or a month (``YYYY-MM-DD``, ``YYYY-MM``) and
    ``earliest``/``latest`` the days it may be; ``provenance`` says where the date came from:
    ``stated`` (the text gives the date), ``resolved`` (a relative date resolved against the
    article's stated publication date) or ``inferred`` (against an inferred one)."""

    date: str
    earliest: str
    latest: str
    text: str
    provenance: str
    sources: tuple[TimelineSource, ...]


@dataclass(frozen=True, slots=True)
class Framing:
    """The words or spellings outlets chose for one referent: ``kind`` is spelling or wording;
    ``forms`` maps each form to the articles that used it."""

    referent: str
    kind: str
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """A sentence of the summary, the articles it cites, and the status of what it states."""

    text: str
    cites: tuple[str, ...]
    status: Status
    claim: str | None = None
    independent_sources: int = 1


@dataclass(frozen=True, slots=True)
class Storyline:
    """Related events of one developing story, and the cross-checked analysis of it.

    A storyline is known as soon as its articles are placed; ``analysed`` says whether the corpus
    stages (entities across articles, quote groups, the fact ledger, timeline, framing, summary)
    have run on its current articles. Until then those fields are empty.
    """

    id: str
    title: str
    articles: tuple[str, ...]
    events: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    claims: tuple[Claim, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    framing: tuple[Framing, ...] = ()
    summary: tuple[SummaryLine, ...] = ()
    analysed: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for c in self.claims if c.status is status)


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything Parallax found about a set of articles (the ``--json`` output).

    ``errors`` has one line per input that could not be read. ``version`` is the format's.
    """

    articles: tuple[Article, ...] = ()
    storylines: tuple[Storyline, ...] = ()
    errors: tuple[str, ...] = ()
    version: int = DOSSIER_VERSION

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def storyline(self, storyline_id: str) -> Storyline | None:
        return next((s for s in self.storylines if s.id == storyline_id), None)
