"""The library's front door: read → clean → store → place → analyse, as plain function calls.

The CLI and the web app are thin skins over these functions (``parallax/__init__.py`` exports them).
Inputs are paths (files, folders), URLs, or documents held in memory (a text, or a mapping shaped
like a JSON-lines row); all are cleaned the same way, with the evidence of the whole batch (lines
repeated across an outlet's pages are boilerplate) and duplicates linked. Problems with one input
are reported for it and the batch goes on.

There is one story engine. ``ingest`` places each new article into an event and a storyline as it
arrives; ``analyze_stored`` cross-checks the storylines whose articles changed since their last
analysis, from the store's own events; ``analyze`` does both for its inputs; without a store the
same engine groups the articles at once. The engine's result does not depend on the order or the
batches the articles came in, so every route gives the same events and storylines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallax.errors import InputError
from parallax.export.dossier import dossier_of, with_annotations
from parallax.ingest.batch import Cleaned, DuplicateLinker, clean_stream
from parallax.ingest.readers import read_inputs
from parallax.ingest.readers.jsonl import row_to_document
from parallax.model import Article, Dossier, RawDocument, Storyline
from parallax.scale import LOCAL, Engine
from parallax.store import Store, raw_digest

Input = str | Path | Mapping[str, Any] | RawDocument
"""A path (file or folder, read recursively), an http(s) URL, a text, a JSON-lines-shaped mapping
(``text`` or ``html``, and optionally ``id``, ``title``, ``url``, ``outlet``, ``published``,
``authors``), or a ``RawDocument``. A string is a path when it names one that exists or when it is
a single short line; a URL when it starts with http(s)://; otherwise a text."""

Progress = Callable[[str, str], None]
"""Called once per input with ``(outcome, source)``; outcome is a key of ``IngestReport.counts``,
or ``analysed`` once per storyline analysed."""


@dataclass
class IngestReport:
    """What an ingest did: counts per outcome, the problems, the ids of the articles it saw, and
    the storylines it placed articles in."""

    counts: dict[str, int] = field(default_factory=lambda: {"inserted": 0, "updated": 0, "unchanged": 0, "failed": 0})
    errors: list[InputError] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    placed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# -- reading ------------------------------------------------------------------------------------


def _is_path(text: str) -> bool:
    """Whether a string given as an input names a file, folder or URL rather than being a text."""
    if text.startswith(("http://", "https://")):
        return True
    try:
        if Path(text).exists():
            return True
    except (OSError, ValueError):  # longer than a file name can be, or holding a NUL: a text
        return False
    return "\n" not in text and len(text.split()) < 4 and len(text) < 300


def _in_memory(item: Mapping[str, Any] | str, index: int) -> RawDocument:
    """A document given in memory, with the same fields and checks as a JSON-lines row. A text
    without an id gets one from its content, so the same text has the same id run after run."""
    row = {"text": item} if isinstance(item, str) else dict(item)
    content = row.get("text") if row.get("text") is not None else row.get("html")
    digest = hashlib.sha1(str(content).encode("utf-8", "replace")).hexdigest()[:12]
    return row_to_document(row, f"<memory #{index + 1}>", None, f"text-{digest}")


def documents(inputs: Iterable[Input], *, public_only: bool = False) -> Iterator[RawDocument | InputError]:
    """Every document of ``inputs``, or an ``InputError`` per input that cannot be read.
    ``public_only`` fetches URLs from public addresses only (for URLs a web user submitted)."""
    paths: list[str | Path] = []
    held: list[RawDocument | InputError] = []
    for index, item in enumerate(inputs):
        if isinstance(item, RawDocument):
            held.append(item)
        elif isinstance(item, Path) or (isinstance(item, str) and _is_path(item)):
            paths.append(item)
        else:
            try:
                held.append(_in_memory(item, index))
            except InputError as e:
                held.append(e)
    if paths:
        yield from read_inputs(paths, public_only=public_only)
    yield from held


def clean(inputs: Iterable[Input], *, public_only: bool = False) -> Iterator[Article | InputError]:
    """Read and clean inputs without a store: one ``Article`` or ``InputError`` per document."""
    for item in clean_stream(documents(inputs, public_only=public_only), linker=DuplicateLinker()):
        if isinstance(item, Cleaned):
            yield item.article
        elif isinstance(item, InputError):
            yield item


def as_is(raw: RawDocument) -> Article:
    """The input text taken as the body untouched (offsets then match labelled data)."""
    from parallax.ingest.build import given_date

    return Article(
        id=raw.id,
        body=raw.content,
        title=raw.title,
        outlet=raw.outlet,
        authors=raw.authors,
        published=given_date(raw.published),
        url=raw.url,
        source=raw.source,
    )


def load(
    inputs: Iterable[Input], *, untouched: bool = False, public_only: bool = False
) -> tuple[list[Article], list[InputError]]:
    """Read inputs into articles in memory: cleaned, or with ``untouched`` the text as given."""
    errors: list[InputError] = []
    articles = list(iter_load(inputs, untouched=untouched, errors=errors, public_only=public_only))
    return articles, errors


def iter_load(
    inputs: Iterable[Input], *, untouched: bool = False, errors: list[InputError], public_only: bool = False
) -> Iterator[Article]:
    """``load`` as a stream, for corpora too large to hold: articles are yielded as they are read
    (and cleaned), and each input's problem is appended to ``errors`` as it is met."""
    items = documents(inputs, public_only=public_only) if untouched else clean(inputs, public_only=public_only)
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
        elif isinstance(item, RawDocument):
            yield as_is(item)
        else:
            yield item


# -- the store ----------------------------------------------------------------------------------


def ingest(
    inputs: Iterable[Input],
    store: Store,
    *,
    progress: Progress | None = None,
    engine: Engine = LOCAL,
    stories: bool = True,
    public_only: bool = False,
) -> IngestReport:
    """Read, clean and store inputs, then place the new articles into events and storylines.
    Re-ingesting unchanged input writes nothing.

    Each article is written in its own transaction, so an interrupted run leaves only whole
    articles behind and the next run completes the rest (placing included). The per-document
    cleaning runs on ``engine``; duplicate linking, the store and placement stay here, so the
    store ends up the same on every engine. ``stories=False`` stores without placing;
    ``public_only`` as for ``documents``."""
    report = IngestReport()
    linker = DuplicateLinker()
    for article_id, content_hash, duplicate_of, signature, body in store.iter_link_keys():
        linker.prime(article_id, content_hash, duplicate_of, signature=signature, body=body)

    def unchanged(raw: RawDocument) -> bool:
        return store.has(raw.id, raw_digest(raw))

    seen: set[str] = set()
    with engine.cleaner() as builder:
        items = documents(inputs, public_only=public_only)
        for item in clean_stream(items, linker=linker, skip=unchanged, builder=builder):
            if isinstance(item, InputError):
                outcome, source = "failed", item.source
                report.errors.append(item)
            elif isinstance(item, RawDocument):
                outcome, source = "unchanged", item.source
                _note(report, seen, item.id)
            else:
                outcome = store.save(item.raw, item.article, minhash=item.signature)
                source = item.raw.source
                _note(report, seen, item.article.id)
            report.counts[outcome] += 1
            if progress is not None:
                progress(outcome, source)
    if stories:
        report.placed = len(place(store, report.article_ids))
    return report


def _note(report: IngestReport, seen: set[str], article_id: str) -> None:
    if article_id not in seen:
        seen.add(article_id)
        report.article_ids.append(article_id)


def place(store: Store, article_ids: Sequence[str]) -> list[str]:
    """Place the articles not yet placed into the store's events and storylines with the story
    engine (``parallax.stories.StoryEngine``: only the part of the graph an arrival touches is
    grouped again); returns the ids of the storylines that changed. A one-off run: the engine's
    state is loaded, and saved before the store's writes (``parallax.placement.Placer`` keeps it
    in memory for a process that places again and again, and says how a state that is gone,
    older than the store's placements or of an older engine is brought up to date)."""
    from parallax.placement import Placer

    return Placer(store).place(article_ids)


def _placed(store: Store, storyline_ids: Sequence[str]) -> tuple[list[Any], dict[str, Any]]:
    """The store's assignments of the articles of these storylines, and what the stories stage
    reads of each of those articles."""
    from parallax.stories import Assignment

    members = store.storyline_members(storyline_ids)
    inputs = {s.id: s for s in store.story_inputs([aid for ms in members.values() for aid, _ in ms])}
    assignments = [Assignment(aid, event, sid) for sid, ms in members.items() for aid, event in ms if aid in inputs]
    return assignments, inputs


#: Fresh annotations are kept in the store this many articles at a time.
KEEP_EVERY = 64


def _annotated(store: Store, articles: Sequence[Article], engine: Engine) -> Iterator[Article]:
    """The articles with their own annotations, in the given order as far as the kept ones allow:
    kept ones reused (first), the others computed on ``engine`` and kept as they come."""
    from parallax.annotate.pipeline import fingerprint

    mark = fingerprint()
    kept = store.annotations([a.id for a in articles], mark)
    yield from (with_annotations(a, kept[a.id]) for a in articles if a.id in kept)
    todo = [a for a in articles if a.id not in kept]
    fresh: list[Article] = []
    for article in engine.annotator()(todo) if todo else ():
        fresh.append(article)
        yield article
        if len(fresh) >= KEEP_EVERY:
            store.save_annotations(fresh, mark)
            fresh = []
    store.save_annotations(fresh, mark)


def analyze_stored(
    store: Store,
    *,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
    engine: Engine = LOCAL,
) -> list[Storyline]:
    """Cross-check the storylines whose articles changed since they were last analysed (all such
    storylines, or those in ``only``), from the events the store placed them in, and keep the
    results; returns the storylines analysed. Articles are annotated once: their annotations are
    kept in the store and reused. Each storyline is cross-checked while the next ones' articles are
    annotated (``analysis.analyze_as_annotated``)."""
    from parallax.analysis import analyze_as_annotated, in_storyline_order, storylines_of

    lines = storylines_of(*_placed(store, store.stale_storylines(only)))
    wanted = sorted({aid for line in lines for aid in line.articles})
    articles = in_storyline_order(lines, (a for a in (store.article(i) for i in wanted) if a is not None))
    done = []
    for analysed, members in analyze_as_annotated(lines, _annotated(store, articles, engine)):
        store.save_analysis(analysed, members)
        done.append(analysed)
        if progress is not None:
            progress("analysed", analysed.id)
    return done


def analyze(
    inputs: Iterable[Input] = (),
    store: Store | None = None,
    *,
    progress: Progress | None = None,
    engine: Engine = LOCAL,
    public_only: bool = False,
) -> tuple[Dossier, IngestReport]:
    """The whole pipeline. With a ``store``: ingest the inputs, place them, cross-check the
    storylines they are in, keep everything, and return the dossier of those storylines (with no
    inputs: of every storyline that changed since its last analysis). Without one: the same
    analysis of the inputs in memory. ``public_only`` as for ``documents``."""
    from parallax.analysis import analyze_articles

    if store is None:
        articles, errors = load(inputs, public_only=public_only)
        dossier = analyze_articles(articles, annotator=engine.annotator())
        return dossier_of(dossier.articles, dossier.storylines, [str(e) for e in errors]), IngestReport(
            errors=errors, article_ids=[a.id for a in articles]
        )
    inputs = list(inputs)
    if inputs:
        report = ingest(inputs, store, progress=progress, engine=engine, public_only=public_only)
        touched = sorted({line for _, line in store.assignments(report.article_ids).values()})
        analyze_stored(store, only=touched, progress=progress, engine=engine)
    else:
        report = IngestReport()
        touched = [line.id for line in analyze_stored(store, progress=progress, engine=engine)]
    dossier = store.dossier(touched)
    return dossier_of(dossier.articles, dossier.storylines, [str(e) for e in report.errors]), report


# -- single stages, JSONL in and out --------------------------------------------------------------


def annotate_records(
    articles: Iterable[Article], *, engine: Engine = LOCAL, spool_dir: str | Path | None = None
) -> Iterator[dict[str, Any]]:
    """The annotate stage alone, streamed: each article's dossier record, in input order. The
    per-article part runs on ``engine``; the annotated articles wait in a temporary file in
    ``spool_dir`` for the corpus-wide entity linking, so memory is bounded by the corpus's entity
    tables, not by its articles."""
    from parallax.annotate.pipeline import annotate_stream
    from parallax.export.dossier import article_to_json

    for article in annotate_stream(articles, each=engine.annotator(), spool_dir=spool_dir):
        yield article_to_json(article)


def story_records(articles: Sequence[Article]) -> list[dict[str, str]]:
    """The stories stage alone: ``{id, event, storyline}`` per article."""
    from parallax.analysis import group_stories

    rows = []
    for storyline in group_stories(articles):
        for event in storyline.events:
            rows.extend({"id": aid, "event": event.id, "storyline": storyline.id} for aid in event.articles)
    return rows
