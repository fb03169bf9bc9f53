"""The library's front door: read → clean → store → analyse, as plain function calls.

The CLI and the web app are thin skins over these functions. Each takes inputs (paths, URLs) or a
store, streams documents through the stages and reports per-input problems without stopping the
batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallax.analysis import analyze_articles
from parallax.errors import InputError
from parallax.export.dossier import DOSSIER_VERSION
from parallax.ingest.batch import Builder, Cleaned, DuplicateLinker, clean_stream
from parallax.ingest.readers import read_inputs
from parallax.model import Article, RawDocument
from parallax.store import Store, raw_digest
from parallax.stories import Assignment

Progress = Callable[[str, str], None]
"""Called once per input with ``(outcome, source)``; outcome is a key of ``IngestReport.counts``."""


@dataclass
class IngestReport:
    """What an ingest did: counts per outcome, the problems, and the ids of the articles it saw."""

    counts: dict[str, int] = field(default_factory=lambda: {"inserted": 0, "updated": 0, "unchanged": 0, "failed": 0})
    errors: list[InputError] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def clean(inputs: Sequence[str | Path]) -> Iterator[Article | InputError]:
    """Read and clean inputs without a store: one ``Article`` or ``InputError`` per document."""
    for item in clean_stream(read_inputs(inputs), linker=DuplicateLinker()):
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


def load(inputs: Sequence[str | Path], *, untouched: bool = False) -> tuple[list[Article], list[InputError]]:
    """Read inputs into articles in memory: cleaned, or with ``untouched`` the text as given."""
    errors: list[InputError] = []
    articles = list(iter_load(inputs, untouched=untouched, errors=errors))
    return articles, errors


def iter_load(inputs: Sequence[str | Path], *, untouched: bool = False, errors: list[InputError]) -> Iterator[Article]:
    """``load`` as a stream, for corpora too large to hold: articles are yielded as they are read
    (and cleaned), and each input's problem is appended to ``errors`` as it is met."""
    items = read_inputs(inputs) if untouched else clean(inputs)
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
        elif isinstance(item, RawDocument):
            yield as_is(item)
        else:
            yield item


def ingest(
    inputs: Sequence[str | Path],
    store: Store,
    *,
    progress: Progress | None = None,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    public_only: bool = False,
) -> IngestReport:
    """Read, clean and store inputs; re-ingesting unchanged input writes nothing.

    Each article is written in its own transaction, so an interrupted run leaves only whole
    articles behind and the next run completes the rest. ``engine="ray"`` cleans the documents on
    Ray (``address``, ``workers`` as for annotate), the local engine with ``workers`` > 1 on that
    many processes here; the rest stays in this process, and the store ends up the same.
    ``public_only`` fetches URLs from public addresses only (for URLs a web user submitted).
    """
    builders: AbstractContextManager[Builder | None]
    if engine == "ray":
        from parallax.scale.ray_engine import cleaning_on_ray

        builders = cleaning_on_ray(address=address, workers=workers)
    elif engine != "local":
        raise ValueError(f"unknown engine {engine!r}; use local or ray")
    elif workers and workers > 1:
        from parallax.scale.processes import cleaning_in_processes

        builders = cleaning_in_processes(workers)
    else:
        builders = nullcontext(None)
    with builders as builder:
        return _ingest(inputs, store, progress, builder, public_only)


def _ingest(
    inputs: Sequence[str | Path], store: Store, progress: Progress | None, builder: Builder | None, public_only: bool
) -> IngestReport:
    report = IngestReport()
    linker = DuplicateLinker()
    for article_id, content_hash, duplicate_of, signature, body in store.iter_link_keys():
        linker.prime(article_id, content_hash, duplicate_of, signature=signature, body=body)

    def unchanged(raw: RawDocument) -> bool:
        return store.has(raw.id, raw_digest(raw))

    seen: set[str] = set()
    items = read_inputs(inputs, public_only=public_only)
    for item in clean_stream(items, linker=linker, skip=unchanged, builder=builder):
        if isinstance(item, InputError):
            outcome, source = "failed", item.source
            report.errors.append(item)
        elif isinstance(item, RawDocument):
            outcome, source = "unchanged", item.source
            _note(report, seen, item.id)
        else:
            outcome, source = store.save(item.raw, item.article, minhash=item.signature), item.raw.source
            _note(report, seen, item.article.id)
        report.counts[outcome] += 1
        if progress is not None:
            progress(outcome, source)
    return report


def _note(report: IngestReport, seen: set[str], article_id: str) -> None:
    if article_id not in seen:
        seen.add(article_id)
        report.article_ids.append(article_id)


def assign_stories(store: Store, article_ids: Sequence[str]) -> list[Assignment]:
    """Place articles not yet placed into the store's events and storylines, online: each joins an
    existing event or opens one, without re-clustering (see ``parallax.stories.online``).

    The index is saved before the assignments are written; if a run stops between the two, the
    next run finds the articles by content and gives them the same events."""
    from parallax.stories import StoryInput
    from parallax.stories.online import OnlineClusterer

    placed = store.assignments(article_ids)
    todo = [a for a in (store.article(i) for i in article_ids if i not in placed) if a is not None]
    if not todo:
        return []
    state = store.state_dir()
    clusterer = OnlineClusterer.load(state) if (state / "CURRENT").exists() else OnlineClusterer()
    found = clusterer.add([StoryInput(a.id, a.title, a.body, a.published) for a in todo])
    clusterer.save(state)
    store.save_assignments([(x.id, x.event, x.storyline) for x in found])
    return found


def analyze_stored(store: Store, *, progress: Progress | None = None) -> dict[str, Any]:
    """Analyse the stored articles no analysis covers yet, each with the rest of its online
    storyline (``parallax ingest`` placed them), and keep the results; the dossier of what was
    analysed is returned. Storylines with nothing new are left as they are."""
    placed = store.assignments()
    analysed = store.analysed_ids()
    stale = sorted({line for aid, (_, line) in placed.items() if aid not in analysed})
    members: dict[str, list[str]] = {line: [] for line in stale}
    for aid, (_, line) in placed.items():
        if line in members:
            members[line].append(aid)
    merged: dict[str, Any] = {"parallax_dossier": DOSSIER_VERSION, "articles": [], "storylines": [], "errors": []}
    for line in stale:
        articles = [a for a in (store.article(i) for i in sorted(members[line])) if a is not None]
        dossier = analyze_articles(articles)
        store.save_analysis(dossier)
        merged["articles"].extend(dossier["articles"])
        merged["storylines"].extend(dossier["storylines"])
        if progress is not None:
            progress("analysed", line)
    return merged


def analyze(
    inputs: Sequence[str | Path], store: Store, *, progress: Progress | None = None, public_only: bool = False
) -> tuple[dict[str, Any], IngestReport]:
    """Ingest inputs into ``store``, analyse exactly the articles they hold, and keep the analysis
    in the store (it replaces earlier storylines holding any of these articles). ``public_only``
    as for ``ingest``."""
    report = ingest(inputs, store, progress=progress, public_only=public_only)
    articles = [a for a in (store.article(i) for i in report.article_ids) if a is not None]
    dossier = analyze_articles(articles)
    dossier["errors"] = [str(e) for e in report.errors]
    store.save_analysis(dossier)
    return dossier, report


def clean_record(article: Article) -> dict[str, Any]:
    """An article as the ``clean`` stage's JSONL row (see README, "parallax clean")."""
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "outlet": article.outlet,
        "agency": article.agency,
        "via": article.via,
        "authors": list(article.authors),
        "published": article.published,
        "cites": list(article.cites),
        "language": article.language,
        "url": article.url,
        "source": article.source,
        "duplicate_of": article.duplicate_of,
    }
