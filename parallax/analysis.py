"""The corpus stages after ingest, in the order data flows: annotate → stories → compare → timeline
→ summarize, assembled into the dossier.

Each stage is a plain function of typed data; this module only wires them. Per storyline, the
cross-checking stages see only that storyline's articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from parallax.annotate.pipeline import PerArticle, annotate, annotate_each, annotate_stream
from parallax.compare.claims import fact_ledger
from parallax.compare.framing import framing
from parallax.compare.quote_groups import quote_groups
from parallax.export.dossier import article_record, build_dossier
from parallax.model import Article, Claim, Entity, Event, Storyline
from parallax.stories import StoryInput, cluster, event_title
from parallax.stories.embed import embed_texts
from parallax.summarize.summary import summarize
from parallax.timeline.build import build_timeline
from parallax.timeline.infer import infer_published


def group_stories(articles: Sequence[Article]) -> list[Storyline]:
    """Events and storylines for the articles (the stories stage)."""
    inputs = [StoryInput(id=a.id, title=a.title, text=a.body, published=a.published) for a in articles]
    by_id = {s.id: s for s in inputs}
    events: dict[str, list[str]] = defaultdict(list)
    storyline_events: dict[str, list[str]] = defaultdict(list)
    for assignment in cluster(inputs):
        events[assignment.event].append(assignment.id)
        if assignment.event not in storyline_events[assignment.storyline]:
            storyline_events[assignment.storyline].append(assignment.event)
    published = {a.id: a.published for a in articles}
    storylines = []
    for sid, event_ids in storyline_events.items():
        evs = []
        for eid in event_ids:
            ids = sorted(events[eid])
            dates = sorted(d for d in (published[i] for i in ids) if d)
            evs.append(
                Event(
                    id=eid,
                    title=event_title([by_id[i] for i in ids]),
                    articles=tuple(ids),
                    date=dates[0] if dates else None,
                )
            )
        ids = sorted(i for e in evs for i in e.articles)
        storylines.append(
            Storyline(
                id=sid,
                title=event_title([by_id[i] for i in ids]),
                articles=tuple(ids),
                events=tuple(sorted(evs, key=lambda e: (e.date or "9999", e.id))),
            )
        )
    storylines.sort(key=lambda s: (-len(s.articles), s.id))
    return storylines


def _entities_of(entities: Sequence[Entity], ids: set[str]) -> list[dict[str, Any]]:
    out = []
    for e in entities:
        variants = {form: [a for a in arts if a in ids] for form, arts in e.variants.items()}
        variants = {form: arts for form, arts in variants.items() if arts}
        if variants:
            out.append({"canonical": e.canonical, "type": e.type, "variants": variants})
    return out


def _claim_record(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "status": c.status,
        "reports": [
            {"article": r.article, "text": r.text, "start": r.start, "end": r.end, "value": r.value} for r in c.reports
        ],
        "omitted_by": list(c.omitted_by),
        "independent_sources": c.independent_sources,
    }


def analyze_storyline(
    storyline: Storyline, articles: Sequence[Article], entities: Sequence[Entity]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The cross-checked story for one storyline, and the inferred publication dates of its articles."""
    ids = set(storyline.articles)
    arts = [a for a in articles if a.id in ids]
    event_of = {aid: e.id for e in storyline.events for aid in e.articles}
    outlet_of = {a.id: a.outlet for a in arts}
    inferred = {a.id: infer_published(a, arts, event_of) for a in arts}
    claims = fact_ledger(arts, embed_texts, event_of=event_of)
    record = {
        "id": storyline.id,
        "title": storyline.title,
        "articles": list(storyline.articles),
        "events": [
            {"id": e.id, "title": e.title, "articles": list(e.articles), "date": e.date} for e in storyline.events
        ],
        "entities": _entities_of(entities, ids),
        "quote_groups": quote_groups(arts, embed_texts, event_of=event_of),
        "claims": [_claim_record(c) for c in claims],
        "timeline": build_timeline(arts, inferred),
        "framing": framing(entities, claims, ids, outlet_of, embed_texts),
        "summary": summarize(claims, outlet_of, arts),
    }
    return record, inferred


def analyze_articles(articles: Sequence[Article]) -> dict[str, Any]:
    """Annotate, group and cross-check clean articles; return the dossier."""
    annotated, entities = annotate(articles)
    records, inferred = [], {}
    for storyline in group_stories(annotated):
        record, dates = analyze_storyline(storyline, annotated, entities)
        records.append(record)
        inferred.update(dates)
    return build_dossier(annotated, records, inferred_dates=inferred)


def annotate_records(
    articles: Iterable[Article],
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    spool_dir: str | Path | None = None,
) -> Iterator[dict[str, Any]]:
    """The annotate stage alone, streamed: each article's dossier record, in input order.
    ``engine="ray"`` runs the per-article part on Ray (``parallax.scale``), ``workers`` > 1
    locally on that many processes; the result is the same. The annotated articles wait in a
    temporary file in ``spool_dir`` for the corpus-wide linking (``annotate_stream``), so memory
    is bounded by the corpus's entity tables, not by its articles."""
    each: PerArticle
    if engine == "ray":
        from parallax.scale.ray_engine import annotate_each_on_ray

        each = partial(annotate_each_on_ray, address=address, workers=workers)
    else:
        each = partial(annotate_each, workers=workers or 1)
    for article in annotate_stream(articles, each=each, spool_dir=spool_dir):
        yield article_record(article)


def story_records(articles: Sequence[Article]) -> list[dict[str, str]]:
    """The stories stage alone: ``{id, event, storyline}`` per article."""
    rows = []
    for storyline in group_stories(articles):
        for event in storyline.events:
            rows.extend({"id": aid, "event": event.id, "storyline": storyline.id} for aid in event.articles)
    return rows
