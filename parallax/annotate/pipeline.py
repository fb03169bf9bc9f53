"""The annotate stage: sentences, entities, quotes, time and quantities for every article, then
entities linked across the corpus and quote speakers named by their canonical entity.

Per-article work streams through spaCy's ``nlp.pipe`` in small batches (bounded memory, one model
load per process). Linking needs the whole corpus: ``annotate`` links a list in memory;
``annotate_stream`` parks the annotated articles in a ``Spool`` on disk and reads them back once
per linking pass, so a corpus of any size is annotated in memory bounded by its entity tables.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import IO

from parallax.annotate.entities import find_mentions, learn_links, link_entities
from parallax.annotate.nlp import WEIGHT_SHA256, load_nlp
from parallax.annotate.quantities import find_quantities
from parallax.annotate.quotes import find_quotes
from parallax.annotate.timex import find_timex
from parallax.model import Article, Entity, Quote, Span, day

#: Articles per spaCy batch: 8–16 keeps memory near 0.5 GB (STACK.md).
BATCH_SIZE = 16
#: The per-article stages over a stream, on some engine: ``annotate_each`` or its process or Ray twin.
PerArticle = Callable[[Iterable[Article]], Iterable[Article]]


@cache
def fingerprint() -> str:
    """Changes whenever what ``annotate_each`` computes may change: a hash of the annotate stage's
    own code and data files, the spaCy version and the model's weights (their recorded hashes).
    Per-article annotations kept in a store are reused only under the same fingerprint."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".txt", ".gz")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    try:
        digest.update(version("spacy").encode())
    except PackageNotFoundError:
        digest.update(b"no spacy")
    digest.update("".join(sorted(WEIGHT_SHA256.values())).encode())
    return digest.hexdigest()[:16]


def annotate_each(articles: Iterable[Article], *, batch_size: int = BATCH_SIZE) -> Iterator[Article]:
    """Per-article annotation (no corpus linking): mentions, quotes, time, quantities, sentences.
    In this process; ``parallax.scale.Engine.annotator`` runs it on more processes or on Ray."""
    nlp = load_nlp()
    pending: list[Article] = []

    def flush() -> Iterator[Article]:
        docs = nlp.pipe([a.body for a in pending], batch_size=batch_size)
        for article, doc in zip(pending, docs, strict=True):
            timex = find_timex(article.body, day(article.published))
            yield replace(
                article,
                sentences=tuple(Span(s.start_char, s.end_char) for s in doc.sents),
                mentions=tuple(find_mentions(article.body, doc)),
                quotes=tuple(find_quotes(article.body, doc)),
                timex=tuple(timex),
                quantities=tuple(find_quantities(article.body, doc, timex)),
            )
        pending.clear()

    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size * 4:
            yield from flush()
    if pending:
        yield from flush()


def name_speakers(article: Article) -> Article:
    """Replace each quote's speaker by the canonical entity of the mention it points at."""
    by_span = {(m.start, m.end): m.canonical for m in article.mentions}
    quotes: list[Quote] = []
    for q in article.quotes:
        canonical = None
        if q.speaker_start is not None and q.speaker_end is not None:
            canonical = by_span.get((q.speaker_start, q.speaker_end))
            if canonical is None:  # the speaker phrase may hold the name ("Kremlin spokesman Dmitry Peskov")
                inside = [
                    m
                    for m in article.mentions
                    if q.speaker_start <= m.start and m.end <= q.speaker_end and m.label == "PERSON"
                ]
                canonical = inside[-1].canonical if inside else None
        quotes.append(replace(q, speaker=canonical) if canonical else q)
    return replace(article, quotes=tuple(quotes))


def annotate(articles: Sequence[Article], *, each: PerArticle = annotate_each) -> tuple[list[Article], list[Entity]]:
    """Annotate a corpus in memory: per-article stages (by ``each``), then entities linked across
    all of it."""
    return link(list(each(articles)))


def link(annotated: Sequence[Article]) -> tuple[list[Article], list[Entity]]:
    """Entities linked across articles annotated one by one, and quote speakers named by them."""
    linked, entities = link_entities(annotated)
    return [name_speakers(a) for a in linked], entities


def annotate_stream(
    articles: Iterable[Article], *, each: PerArticle = annotate_each, spool_dir: str | Path | None = None
) -> Iterator[Article]:
    """``annotate`` for a corpus too large to hold: the same articles, in input order, yielded one
    at a time. Each article is annotated by ``each`` and spooled to a temporary file in
    ``spool_dir`` (default: the system's); the linking passes and then the output read it back.
    """
    with Spool.temporary(spool_dir) as spool:
        spool.write(each(articles))
        links = learn_links(spool.read)
        for article in spool.read():
            yield name_speakers(links.link(article))


class Spool:
    """Articles parked in a file, read back from the start as often as needed (``read`` is a
    ``Source`` for ``learn_links``). Each reader keeps its own position, so two can be open at once."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._end = 0

    @classmethod
    @contextmanager
    def temporary(cls, directory: str | Path | None = None) -> Iterator[Spool]:
        """A spool in an anonymous file in ``directory``: unlinked as soon as it is made, so
        nothing is left behind however the run ends, killed included."""
        if directory is not None:
            Path(directory).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory) as file:
            yield cls(file)

    def write(self, articles: Iterable[Article]) -> int:
        """Append ``articles``; returns how many."""
        n = 0
        self._file.seek(self._end)
        for article in articles:
            pickle.dump(article, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            n += 1
        self._file.flush()
        self._end = self._file.tell()
        return n

    def read(self) -> Iterator[Article]:
        """Every article written so far, in order."""
        offset = 0
        while offset < self._end:
            self._file.seek(offset)
            article = pickle.load(self._file)
            offset = self._file.tell()
            yield article
