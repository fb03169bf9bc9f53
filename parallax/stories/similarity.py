"""How alike two articles are, as a fixed function of the pair.

Content similarity is a weighted mean of two cosines: meaning (title and lead embeddings) and
words weighted by their rarity in English (``signals``; names are words too, and a separate name
cosine added nothing on either dev set once words were weighted so). Dates then say when two
articles are unlikely to be one happening, and similarity is taken off:
- both dated more than ``EVENT_DAYS`` apart (``DAY_PENALTY``), and again (``FORETOLD_PENALTY``)
  when the later one was printed on or after a day the earlier calls upcoming (the round "planned
  for April 22" and the paper of April 23: what it reports may be that day's happening, which the
  earlier one cannot report);
- one undated, and its own dates rule out the other's day (``WRITTEN_PENALTY``): it was written
  between days it names (after the talks it reports as past, before the round it calls upcoming),
  or it reports a weekday ("said on Friday"), and no such day lies within ``EVENT_DAYS`` of the
  day the other reports (the weekday it reports as past, else its publication day);
- otherwise, either undated and both naming years (a dated article names its own), never the same
  one (``YEAR_PENALTY``: a year named may be background).
Two articles dated more than ``STORYLINE_DAYS`` apart cannot be one storyline.

Every product here is of integers (stored as float64, exact below 2**53), so a pair's similarity
is the same bits whether it is computed alone or inside a block of hundreds: the story engine
decides edges pair by pair and clusters blocks, and the two must agree exactly.
"""

from __future__ import annotations

from calendar import isleap
from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy import sparse

from parallax.annotate.timex.calendar import weekdays_between
from parallax.stories.signals import NO_WINDOW, Signals

#: Weights of meaning and words, chosen on both clustering dev sets at once (bench/clustering.py).
MEANING, WORDS = 0.4, 0.6
#: Taken off the event similarity of two dated articles more than ``EVENT_DAYS`` apart: softly, as
#: the ECB+ dev set's events hold reports weeks apart (a penalty growing by 0.01 a day past
#: ``EVENT_DAYS``: events B3 F1 0.883 -> 0.870 there, NeuS is undated).
DAY_PENALTY = 0.2
#: Taken off again when the later of two dated articles was printed on or after a day the earlier
#: calls upcoming (the example corpus's second round of talks; both clustering dev sets unchanged
#: by it: ECB+ has no two dated reports of different events in one topic, NeuS is undated).
FORETOLD_PENALTY = 0.2
#: Taken off when an undated article's own dates rule out the other's day: an undated report cannot
#: bridge two dated reports weeks apart into one event (the samples; ECB+ dev 0.875 -> 0.883).
WRITTEN_PENALTY = 1.0
#: Taken off when the years two articles name never meet (chosen on both clustering dev sets).
YEAR_PENALTY = 0.2
EVENT_DAYS = 2
STORYLINE_DAYS = 60
#: Pairs whose meanings are further apart than this are never linked directly (the index is
#: searched down to it).
GATE = 0.3


def _sparse(vectors: Sequence[tuple[np.ndarray, np.ndarray]], columns: np.ndarray) -> sparse.csr_matrix:
    """Rows over ``columns`` (the sorted hashed columns both sides use), integer weights as float64."""
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c, _ in vectors])
    cols = np.concatenate([c for c, _ in vectors])
    vals = np.concatenate([v for _, v in vectors]).astype(np.float64)
    return sparse.csr_matrix((vals, np.searchsorted(columns, cols), indptr), shape=(len(vectors), max(1, len(columns))))


def _cosine(dots: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.outer(left, right))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 0.0)


def _norms(m: sparse.csr_matrix) -> np.ndarray:
    return np.asarray(m.multiply(m).sum(axis=1), dtype=np.float64).ravel()


def _years(group: Sequence[Signals]) -> tuple[np.ndarray, np.ndarray]:
    low = (1 << 62) - 1
    return (
        np.array([s.years & low for s in group], dtype=np.int64),
        np.array([s.years >> 62 for s in group], dtype=np.int64),
    )


def _in_year(month_day: int, year: int) -> date:
    month, day = divmod(month_day, 100)
    if month == 2 and day == 29 and not isleap(year):
        day = 28
    return date(year, month, day)


def _written_days(window: tuple[int, int, int, int], year: int) -> np.ndarray:
    """The day ordinals an article with this ``Signals.window`` can have been written on, days
    written without a year placed in ``year``; empty when none is."""
    first, last, weekday, fixed = window
    if fixed:
        start, end = date.fromordinal(first), date.fromordinal(last)
    else:
        start, end = _in_year(first, year), _in_year(last, year)
    if weekday >= 0:
        return np.array([d.toordinal() for d in weekdays_between(start, end, weekday)], dtype=np.int64)
    return np.arange(start.toordinal(), end.toordinal() + 1, dtype=np.int64)


def _written_conflicts(a: Sequence[Signals], b: Sequence[Signals]) -> np.ndarray:
    """Pairs of an undated article and a dated one that its own dates keep apart: it was written on
    days (``Signals.window``) all more than ``EVENT_DAYS`` from the other's, or, with no such
    days, it names one weekday none of the days within ``EVENT_DAYS`` of the other's falls on. The
    other's day is the one its lead reports (``Signals.happened``), else its publication day."""
    out = np.zeros((len(a), len(b)), dtype=bool)
    for left, right, flip in ((a, b, False), (b, a, True)):
        told = [i for i, s in enumerate(left) if not s.day and s.window != NO_WINDOW]
        dated = [j for j, s in enumerate(right) if s.day]
        if not told or not dated:
            continue
        cache: dict[tuple[int, int], np.ndarray] = {}
        for i in told:
            first, _, weekday, _ = left[i].window
            for j in dated:
                day = right[j].happened or right[j].day
                if not first:  # a weekday alone
                    apart = (date.fromordinal(day).weekday() - weekday) % 7
                    conflict = min(apart, 7 - apart) > EVENT_DAYS
                else:
                    year = date.fromordinal(day).year
                    days = cache.get((i, year))
                    if days is None:
                        days = cache[(i, year)] = _written_days(left[i].window, year)
                    conflict = len(days) > 0 and np.abs(days - day).min() > EVENT_DAYS
                if conflict:
                    out[(j, i) if flip else (i, j)] = True
    return out


def cross(a: Sequence[Signals], b: Sequence[Signals]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(meaning cosine, event similarity, storyline similarity) of every pair of ``a`` × ``b``."""
    ea = np.stack([s.embedding for s in a]).astype(np.float64)
    eb = np.stack([s.embedding for s in b]).astype(np.float64)
    meaning = _cosine(ea @ eb.T, (ea * ea).sum(1), (eb * eb).sum(1))
    columns = np.unique(np.concatenate([s.words[0] for s in (*a, *b)]))
    wa, wb = _sparse([s.words for s in a], columns), _sparse([s.words for s in b], columns)
    words = _cosine((wa @ wb.T).toarray(), _norms(wa), _norms(wb))
    content = MEANING * meaning + WORDS * words

    da = np.array([s.day for s in a], dtype=np.int64)[:, None]
    db = np.array([s.day for s in b], dtype=np.int64)[None, :]
    dated = (da > 0) & (db > 0)
    apart = np.abs(da - db)
    (la, ha), (lb, hb) = _years(a), _years(b)
    shared = ((la[:, None] & lb[None, :]) | (ha[:, None] & hb[None, :])) != 0
    years_differ = ((la | ha) != 0)[:, None] & ((lb | hb) != 0)[None, :] & ~shared
    days_differ = dated & (apart > EVENT_DAYS)
    ua = np.array([s.upcoming for s in a], dtype=np.int64)[:, None]
    ub = np.array([s.upcoming for s in b], dtype=np.int64)[None, :]
    foretold = days_differ & (((ua > 0) & (db >= ua)) | ((ub > 0) & (da >= ub)))
    written = _written_conflicts(a, b)
    event = (
        content
        - DAY_PENALTY * days_differ
        - FORETOLD_PENALTY * foretold
        - WRITTEN_PENALTY * written
        - YEAR_PENALTY * (~dated & ~written & years_differ)
    )
    storyline = content - 1.0 * (dated & (apart > STORYLINE_DAYS))
    empty_a = np.array([s.empty for s in a])[:, None]
    empty_b = np.array([s.empty for s in b])[None, :]
    alone = empty_a | empty_b
    event = np.where(alone, -1.0, event)
    storyline = np.where(alone, -1.0, storyline)
    return meaning, event, storyline
