"""Batch clustering into events, then events into storylines.

Similarity of two articles blends the meaning of their titles and leads (embeddings), their words
(TF-IDF) and their names (TF-IDF over proper names and numbers); it is lowered when their dates say
they cannot be one happening: publication days far apart or, for undated articles, mentioned years
that never meet.
Events are average-linkage clusters at ``EVENT_DISTANCE``; storylines join events whose articles
stay similar at the looser ``STORYLINE_DISTANCE`` within ``STORYLINE_DAYS``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

import numpy as np

from parallax.stories.features import StoryInput, lead, names, tfidf

#: Tuned on the ECB+ dev topics with split-half checks (see bench/clustering.py).
EVENT_DISTANCE = 0.625
STORYLINE_DISTANCE = 0.82
DATE_PENALTY = 0.2
EVENT_DAYS = 2
STORYLINE_DAYS = 60
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def similarity(docs: Sequence[StoryInput]) -> tuple[np.ndarray, np.ndarray]:
    """(content similarity, date-conflict matrix with 1 where dates rule one event out)."""
    from parallax.language.terms import tfidf_matrix
    from parallax.stories.embed import embed_texts

    leads = embed_texts([lead(d) for d in docs])
    words = tfidf_matrix([(d.title or "") + "\n" + d.text for d in docs])
    proper = tfidf([Counter(names((d.title or "") + "\n" + d.text)) for d in docs])
    sim = (leads @ leads.T + words @ words.T + proper @ proper.T) / 3.0
    years = [set(_YEAR.findall(d.text)) for d in docs]
    days = [_day(d.published) for d in docs]
    n = len(docs)
    conflict = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        for j in range(i + 1, n):
            if days[i] and days[j]:  # publication days, when known, say more than years in passing
                ruled_out = abs((days[i] - days[j]).days) > EVENT_DAYS
            else:
                ruled_out = bool(years[i] and years[j] and not years[i] & years[j])
            if ruled_out:
                conflict[i, j] = conflict[j, i] = 1.0
    return sim, conflict


def _average_linkage(sim: np.ndarray, threshold: float) -> list[int]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = len(sim)
    if n == 1:
        return [1]
    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), method="average")
    return [int(x) for x in fcluster(z, t=threshold, criterion="distance")]


def cluster_events(docs: Sequence[StoryInput]) -> tuple[list[int], np.ndarray]:
    sim, conflict = similarity(docs)
    return _average_linkage(sim - DATE_PENALTY * conflict, EVENT_DISTANCE), sim


def cluster_storylines(docs: Sequence[StoryInput], events: list[int], sim: np.ndarray) -> list[int]:
    """Events joined into storylines: average similarity between their articles, dates within weeks."""
    ids = sorted(set(events))
    members = {e: [i for i, x in enumerate(events) if x == e] for e in ids}
    days = {e: [d for i in members[e] if (d := _day(docs[i].published))] for e in ids}
    k = len(ids)
    esim = np.zeros((k, k), dtype=np.float32)
    for a in range(k):
        for b in range(k):
            block = sim[np.ix_(members[ids[a]], members[ids[b]])]
            esim[a, b] = float(block.mean())
            da, db = days[ids[a]], days[ids[b]]
            if da and db and min(abs((x - y).days) for x in da for y in db) > STORYLINE_DAYS:
                esim[a, b] -= 1.0
    labels = _average_linkage(esim, STORYLINE_DISTANCE)
    by_event = dict(zip(ids, labels, strict=True))
    return [by_event[e] for e in events]
