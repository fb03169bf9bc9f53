"""Clean a stream of raw documents with corpus evidence, in bounded memory.

Plain-text pages of one outlet repeat the same navigation, newsletter and footer lines; a line seen
on several pages of one outlet is boilerplate even when it looks like prose. That evidence needs
more than one page, so documents are cleaned in chunks: each chunk first adds its lines to the
running counts of its outlet group, then is cleaned with what the counts say so far. A corpus that
fits in one chunk is cleaned exactly as a two-pass run would; a larger one never sits in memory
whole.

Each document is its own unit of failure: whatever cleaning one of them raises (a library's
parser error, a recursion limit, a bug of ours) becomes one ``InputError`` naming it, and the
chunk goes on; a failure can never cost the other documents of its chunk.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from parallax.errors import InputError
from parallax.ingest.build import MAX_TEXT_CHARS, build_article
from parallax.ingest.dedup import NearDuplicates
from parallax.ingest.text import normalise_line
from parallax.model import Article, RawDocument

#: A line must recur on this many pages of one outlet group to count as its boilerplate.
MIN_PAGES = 3


def evidence_group(raw: RawDocument) -> str:
    """The set of pages whose repeated lines say something about this one's boilerplate.

    The outlet when known, else the URL's host, else the folder the file lies in (a scrape is
    usually saved one outlet or aggregator per folder).
    """
    if raw.outlet:
        return "outlet:" + raw.outlet.lower()
    if raw.url:
        host = urlsplit(raw.url).hostname or ""
        if host:
            return "host:" + host.removeprefix("www.")
    path = raw.source.split("#", 1)[0]
    if ":" in path and not os.path.exists(path):
        path = path.rsplit(":", 1)[0]
    return "dir:" + os.path.dirname(os.path.abspath(path))


#: Lines this close to the top of a page make up its banner (outlet name, slogan, menu).
HEAD_LINES = 6
#: Pages this similar (MinHash Jaccard of word 5-shingles) are copies and count once as evidence.
COPY_SIMILARITY = 0.7


class LineEvidence:
    """Running counts of distinct normalised lines per outlet group, over whole pages and over
    their first lines."""

    def __init__(self, min_pages: int = MIN_PAGES) -> None:
        self.min_pages = min_pages
        self._counts: dict[str, Counter[str]] = defaultdict(Counter)
        self._heads: dict[str, Counter[str]] = defaultdict(Counter)
        self._pages = NearDuplicates(threshold=COPY_SIMILARITY)

    def add(self, raw: RawDocument) -> None:
        if raw.kind != "text" or len(raw.content) > MAX_TEXT_CHARS:  # too large to clean: no evidence
            return
        if self._pages.add(raw.id, raw.content) is not None:
            # A copy of a page already counted (500 papers printing one wire story): its lines
            # recur because the story does, not because they are boilerplate.
            return
        lines = [key for line in raw.content.splitlines() if (key := normalise_line(line))]
        group = evidence_group(raw)
        self._counts[group].update(set(lines))
        self._heads[group].update(set(lines[:HEAD_LINES]))

    def _recurring(self, table: dict[str, Counter[str]], raw: RawDocument, min_pages: int) -> frozenset[str]:
        counts = table.get(evidence_group(raw))
        return frozenset(line for line, n in counts.items() if n >= min_pages) if counts else frozenset()

    def boilerplate(self, raw: RawDocument) -> frozenset[str]:
        return self._recurring(self._counts, raw, self.min_pages)

    def banner(self, raw: RawDocument) -> frozenset[str]:
        """Lines at the top of at least two of the group's pages."""
        return self._recurring(self._heads, raw, 2)


class DuplicateLinker:
    """Links each new article to the first article with the same or nearly the same body.

    Exact copies share a content hash; near copies (syndicated wire text with light edits) are
    found by MinHash LSH. The linker can be primed with articles already stored, so an online
    ingest links new copies to old originals.
    """

    def __init__(self) -> None:
        self._by_hash: dict[str, str] = {}
        self._near = NearDuplicates()
        self._known: set[str] = set()

    def prime(
        self,
        article_id: str,
        content_hash: str | None,
        duplicate_of: str | None,
        *,
        signature: bytes | None = None,
        body: str | None = None,
    ) -> None:
        """Make a stored article known: by its stored MinHash ``signature`` where there is one
        (no text to read or hash again), else by its ``body``. A stored copy needs neither: only
        originals are indexed."""
        if article_id in self._known:
            return
        self._known.add(article_id)
        if content_hash:
            self._by_hash.setdefault(content_hash, duplicate_of or article_id)
        if duplicate_of is None:
            self._near.add(article_id, body, signature=signature)

    def link(self, article: Article) -> tuple[Article, bytes | None]:
        """The article with ``duplicate_of`` set when it copies an earlier one, and its MinHash
        signature (to be stored beside it; ``None`` for an article already known)."""
        if article.id in self._known:
            return article, None
        self._known.add(article.id)
        original = None
        if article.content_hash:
            original = self._by_hash.setdefault(article.content_hash, article.id)
            if original == article.id:
                original = None
        signature = self._near.signature(article.body)
        near = self._near.add(article.id, signature=signature)
        original = original or near
        return (replace(article, duplicate_of=original) if original else article), signature


@dataclass(frozen=True, slots=True)
class Cleaned:
    raw: RawDocument
    article: Article
    #: The body's MinHash signature when a ``DuplicateLinker`` computed one (the store keeps it).
    signature: bytes | None = None


#: One document to clean with the corpus evidence for it: ``(raw, boilerplate_lines, banner_lines)``.
Job = tuple[RawDocument, frozenset[str], frozenset[str]]
#: Cleans a chunk's jobs somewhere else (say, on Ray); yields one result per job, in job order.
Builder = Callable[[Sequence[Job]], Iterable[Article | InputError]]


def build_one(
    raw: RawDocument, boilerplate_lines: frozenset[str], banner_lines: frozenset[str]
) -> Article | InputError:
    """``build_article`` with its failure as a value: an ``InputError`` for this input."""
    try:
        return build_article(raw, boilerplate_lines=boilerplate_lines, banner_lines=banner_lines)
    except InputError as err:
        return err
    except Exception as err:  # a bug or a pathological page must not stop the batch
        return internal_error(raw, err)


def internal_error(raw: RawDocument, err: Exception) -> InputError:
    """An unexpected failure on one document, as that document's error."""
    if isinstance(err, RecursionError):
        return InputError(raw.source, "could not be cleaned: nested too deeply")
    return InputError(raw.source, f"could not be cleaned (internal error, {type(err).__name__}: {err})")


def clean_stream(
    items: Iterable[RawDocument | InputError],
    *,
    chunk_size: int = 1000,
    linker: DuplicateLinker | None = None,
    skip: Callable[[RawDocument], bool] | None = None,
    builder: Builder | None = None,
) -> Iterator[Cleaned | InputError | RawDocument]:
    """Clean documents chunk by chunk; yields ``Cleaned``, an ``InputError`` per bad input, or the
    ``RawDocument`` itself when ``skip`` says it needs no work (already stored unchanged).

    Order of the input is kept. Duplicates are linked when ``linker`` is given. With ``builder``
    each chunk's documents are cleaned by it, all at once (the evidence is fixed for a chunk);
    the evidence, ``skip`` and the linker stay here, so the result is the same as without it.
    """
    evidence = LineEvidence()
    chunk: list[RawDocument | InputError] = []

    def flush() -> Iterator[Cleaned | InputError | RawDocument]:
        for i, item in enumerate(chunk):
            if isinstance(item, RawDocument):
                try:
                    evidence.add(item)
                except Exception as err:  # its lines could not even be counted: it fails alone
                    chunk[i] = internal_error(item, err)
        sent: set[int] = set()
        results: Iterator[Article | InputError] = iter(())
        if builder is not None:
            raws = [(i, item) for i, item in enumerate(chunk) if isinstance(item, RawDocument)]
            sent = {i for i, raw in raws if not (skip is not None and skip(raw))}
            results = iter(builder([_job(evidence, raw) for i, raw in raws if i in sent]))
        for i, item in enumerate(chunk):
            if isinstance(item, InputError):
                yield item
                continue
            # The builder's results come back in order, one per document sent: taken as reached.
            ready = next(results) if i in sent else None
            # Asked again here, in order, as without a builder: an earlier copy in this chunk may
            # have just been stored.
            if skip is not None and skip(item):
                yield item
                continue
            result = ready if ready is not None else build_one(*_job(evidence, item))
            if isinstance(result, InputError):
                yield result
                continue
            if linker is None:
                yield Cleaned(item, result)
                continue
            try:
                linked = linker.link(result)
            except Exception as err:
                yield internal_error(item, err)
                continue
            yield Cleaned(item, *linked)
        chunk.clear()

    for item in items:
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield from flush()
    yield from flush()


def _job(evidence: LineEvidence, raw: RawDocument) -> Job:
    return raw, evidence.boilerplate(raw), evidence.banner(raw)
