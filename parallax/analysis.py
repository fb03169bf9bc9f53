"""The corpus stages after ingest, in the order data flows: annotate → stories → compare → timeline
→ summarize, assembled into storylines and the dossier.

Each stage is a plain function of typed data; this module only wires them. A storyline is
analysed from its own articles alone (entities are linked across them, facts cross-checked between
them), so a storyline's analysis is the same whichever way its articles arrived.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from parallax.annotate.pipeline import PerArticle, annotate_each, link
from parallax.compare.claims import fact_ledger
from parallax.compare.embedding import Embedder
from parallax.compare.framing import framing
from parallax.compare.quote_groups import quote_groups
from parallax.export.dossier import dossier_of
from parallax.model import Article, Dossier, Entity, Event, Storyline, TimeExpr, day
from parallax.stories import Assignment, StoryInput, cluster, event_title
from parallax.summarize.summary import summarize
from parallax.timeline.build import build_timeline
from parallax.timeline.infer import infer_published


def story_input(article: Article) -> StoryInput:
    """What the stories stage reads of an article."""
    return StoryInput(id=article.id, title=article.title, text=article.body, published=article.published)


def storylines_of(assignments: Iterable[Assignment], inputs: Mapping[str, StoryInput]) -> list[Storyline]:
    """Storyline records (events titled, not yet analysed) for the stories stage's assignments;
    ``inputs`` holds every assigned article's title, text (its lead is enough) and date."""
    events: dict[str, list[str]] = defaultdict(list)
    storyline_events: dict[str, list[str]] = defaultdict(list)
    for a in assignments:
        events[a.event].append(a.id)
        if a.event not in storyline_events[a.storyline]:
            storyline_events[a.storyline].append(a.event)
    storylines = []
    for sid, event_ids in storyline_events.items():
        evs = []
        for eid in event_ids:
            ids = sorted(events[eid])
            dates = sorted(d for d in (inputs[i].published for i in ids) if d)
            evs.append(Event(eid, event_title([inputs[i] for i in ids]), tuple(ids), dates[0] if dates else None))
        ids = sorted(i for e in evs for i in e.articles)
        storylines.append(
            Storyline(
                id=sid,
                title=event_title([inputs[i] for i in ids]),
                articles=tuple(ids),
                events=tuple(sorted(evs, key=lambda e: (e.date or "9999", e.id))),
            )
        )
    storylines.sort(key=lambda s: (-len(s.articles), s.id))
    return storylines


def group_stories(articles: Sequence[Article]) -> list[Storyline]:
    """Events and storylines for the articles (the stories stage, all at once)."""
    inputs = {a.id: story_input(a) for a in articles}
    return storylines_of(cluster(list(inputs.values())), inputs)


def _entities_of(entities: Sequence[Entity], ids: set[str]) -> tuple[Entity, ...]:
    """The entities the storyline's articles name, with only those articles' spellings."""
    out = []
    for e in entities:
        variants = {form: tuple(a for a in arts if a in ids) for form, arts in e.variants.items()}
        variants = {form: arts for form, arts in variants.items() if arts}
        if variants:
            out.append(Entity(e.canonical, e.type, variants))
    return tuple(out)


def analyze_storyline(storyline: Storyline, annotated: Sequence[Article]) -> tuple[Storyline, list[Article]]:
    """Cross-check one storyline: ``annotated`` are its articles with their own annotations
    (``annotate_each``); entities are linked across them, then the fact ledger, quote groups,
    timeline, framing and summary are found. Returns the analysed storyline and its articles as
    analysed (linked names, inferred publication dates)."""
    ids = set(storyline.articles)
    linked, entities = link([a for a in annotated if a.id in ids])
    event_of = {aid: e.id for e in storyline.events for aid in e.articles}
    arts = [replace(a, published_inferred=infer_published(a, linked, event_of)) for a in linked]
    embed = Embedder()  # each text of the storyline through the model once, for every stage
    claims = fact_ledger(arts, embed, event_of=event_of)
    analysed = replace(
        storyline,
        entities=_entities_of(entities, ids),
        quote_groups=tuple(quote_groups(arts, embed, event_of=event_of)),
        claims=tuple(claims),
        timeline=tuple(build_timeline(arts, _anchored(arts))),
        framing=tuple(framing(entities, claims, ids, {a.id: a.outlet for a in arts}, embed)),
        summary=tuple(summarize(claims, {a.id: a.outlet_label for a in arts})),
        analysed=True,
    )
    return analysed, arts


def _anchored(articles: Sequence[Article]) -> dict[str, list[TimeExpr]]:
    """Time expressions of the articles that state no date, resolved against the day inferred for
    them: the annotate stage's time rules with that anchor."""
    from parallax.annotate.timex import find_timex

    out = {}
    for a in articles:
        anchor = day(a.published_inferred.date) if not a.published else None
        if anchor is not None:
            out[a.id] = find_timex(a.body, anchor)
    return out


def in_storyline_order(storylines: Sequence[Storyline], articles: Iterable[Article]) -> list[Article]:
    """The articles in the order ``analyze_as_annotated`` wants them: the first storyline's first."""
    rank = {aid: k for k, aid in enumerate(aid for line in storylines for aid in line.articles)}
    return sorted(articles, key=lambda a: (rank.get(a.id, len(rank)), a.id))


def analyze_as_annotated(
    storylines: Sequence[Storyline], annotated: Iterable[Article]
) -> Iterator[tuple[Storyline, list[Article]]]:
    """Each storyline cross-checked (``analyze_storyline``) as soon as the last of its articles comes
    out of ``annotated`` (best in storyline order: ``in_storyline_order``), on threads beside the
    annotation; yields ``(analysed, its articles)`` in the order of ``storylines``. A storyline
    whose articles are not all among ``annotated`` is cross-checked from those that are.

    Why: the annotator keeps one core busy (spaCy parses one text at a time), and cross-checking a
    storyline is mostly the sentence model, which gives up the interpreter while it computes; so
    one storyline's facts are embedded while the next storyline's articles are parsed. Each thread's
    model runs on one core: a model on two threads, on a 2-core machine that also parses, waits at
    every layer for the thread the system put aside."""
    waiting = {k: set(line.articles) for k, line in enumerate(storylines)}
    lines_of: dict[str, list[int]] = defaultdict(list)
    for k, line in enumerate(storylines):
        for aid in line.articles:
            lines_of[aid].append(k)
    arrived: dict[str, Article] = {}
    started: set[int] = set()
    futures: dict[int, Future[tuple[Storyline, list[Article]]]] = {}
    before = _model_threads()
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1, initializer=_model_threads, initargs=(1,)) as pool:

            def start(k: int) -> None:
                started.add(k)
                line = storylines[k]
                futures[k] = pool.submit(analyze_storyline, line, [arrived[i] for i in line.articles if i in arrived])

            done = 0
            for article in annotated:
                arrived[article.id] = article
                for k in lines_of.get(article.id, ()):
                    waiting[k].discard(article.id)
                    if not waiting[k] and k not in started:
                        start(k)
                while done in futures and futures[done].done():  # keep only the storylines not yet handed on
                    yield futures.pop(done).result()
                    done += 1
            for k in range(done, len(storylines)):
                if k not in started:
                    start(k)
            for k in range(done, len(storylines)):
                yield futures.pop(k).result()
    finally:
        _model_threads(before)


def _model_threads(n: int = 0) -> int:
    """The sentence model's threads for the calling thread (and the default for new threads) set
    to ``n`` (0: left as they are); returns the number before (0 without the model's library)."""
    if not _model_installed():
        return 0
    import torch

    before = int(torch.get_num_threads())
    if n > 0:
        torch.set_num_threads(n)
    return before


def _model_installed() -> bool:
    """Whether the sentence model's library (torch) is installed."""
    import importlib.util

    return "torch" in sys.modules or importlib.util.find_spec("torch") is not None


def analyze_articles(articles: Sequence[Article], *, annotator: PerArticle = annotate_each) -> Dossier:
    """The whole analysis of clean articles in memory: grouped into storylines, annotated one by
    one (by ``annotator``), each storyline cross-checked as soon as its articles are annotated."""
    lines = group_stories(articles)
    storylines, done = [], []
    for analysed, arts in analyze_as_annotated(lines, annotator(in_storyline_order(lines, articles))):
        storylines.append(analysed)
        done.extend(arts)
    return dossier_of(done, storylines)
