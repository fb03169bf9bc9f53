"""The feature matrix of a document's lines: each line's own features, its position, repetition,
and its neighbourhood (article text comes in runs of long, punctuated lines)."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from parallax.ingest.text import rules
from parallax.ingest.text.lines import (
    STOPWORDS,
    Line,
    is_comment_furniture,
    is_signature,
    is_stamp,
    line_features,
    normalise_line,
)

WINDOWS = (1, 3, 6)


def _window_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean of ``values`` over the ``k`` lines on each side (the line itself excluded)."""
    n = len(values)
    padded = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(n)
    lo, hi = np.maximum(0, idx - k), np.minimum(n, idx + k + 1)
    total = padded[hi] - padded[lo] - values
    return total / np.maximum(1, hi - lo - 1)


def _runs(flags: np.ndarray) -> np.ndarray:
    """For each line, the length of the run of consecutive true ``flags`` it belongs to (0 outside)."""
    out = np.zeros(len(flags))
    i, n = 0, len(flags)
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < n and flags[j]:
            j += 1
        out[i:j] = j - i
        i = j
    return out


def _shifted(values: np.ndarray, shift: int) -> np.ndarray:
    """``values`` moved by ``shift`` lines, zero where nothing moved in."""
    out = np.roll(values, shift)
    if shift > 0:
        out[:shift] = 0
    else:
        out[shift:] = 0
    return out


def _topicality(keys: list[str], long_line: np.ndarray) -> np.ndarray:
    """How much a line's words recur in the page's other long lines: an article's paragraphs share
    its names and topic words; a teaser for another story, a menu or a legal notice does not."""
    bags = [[w for w in key.split() if w not in STOPWORDS and len(w) > 2] for key in keys]
    counts: Counter[str] = Counter()
    for bag, is_long in zip(bags, long_line, strict=True):
        if is_long:
            counts.update(set(bag))
    out = np.zeros(len(keys))
    for i, bag in enumerate(bags):
        if bag:
            own = 1 if long_line[i] else 0
            out[i] = sum(math.log1p(counts[w] - (own if w in bag else 0)) for w in set(bag)) / len(set(bag))
    return out


#: Prose lines closer than this many other lines make one block (a paragraph run of the page).
BLOCK_GAP = 2


def _blocks(prose: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Per line, features of the block of prose it lies in (runs of prose lines with gaps of at most
    ``BLOCK_GAP`` other lines): its words, its rank by words, the prose words above it. An article is
    usually one large block; comments and teasers are smaller blocks after it."""
    n = len(prose)
    idx = np.flatnonzero(prose)
    out = np.zeros((n, 5))
    if not len(idx):
        return out
    spans: list[list[int]] = [[int(idx[0]), int(idx[0])]]
    for i in idx[1:]:
        if i - spans[-1][1] - 1 <= BLOCK_GAP:
            spans[-1][1] = int(i)
        else:
            spans.append([int(i), int(i)])
    sizes = np.array([words[a : b + 1][prose[a : b + 1]].sum() for a, b in spans])
    total = max(1.0, sizes.sum())
    rank = np.argsort(np.argsort(-sizes))
    above = np.concatenate([[0.0], np.cumsum(sizes)[:-1]])
    for k, (a, b) in enumerate(spans):
        out[a : b + 1] = [1.0, math.log1p(sizes[k]), sizes[k] / total, min(rank[k], 5), above[k] / total]
    return out


def document_features(lines: list[Line], title_index: int | None = None) -> np.ndarray:
    """One row per line: its own features, then where it stands in the page (position, before the
    title, after an end-of-article marker), whether it repeats, how its words relate to the title
    and to the page's other paragraphs, and the shape of its neighbourhood."""
    if not lines:
        return np.zeros((0, 0))
    own = np.array([line_features(line) for line in lines], dtype=np.float64)
    n = len(lines)
    keys = [normalise_line(line.text) for line in lines]
    counts = Counter(keys)
    words = np.array([len(line.words) for line in lines], dtype=np.float64)
    cumulative = np.cumsum(words) / max(1.0, words.sum())
    long_line = (words >= 10).astype(np.float64)
    log_words = own[:, 0]
    terminal = own[:, 4]
    position = np.arange(n) / max(1, n - 1)
    flags = np.array(
        [[rules.is_chrome(line), rules.is_byline(line), rules.is_end_marker(line)] for line in lines], dtype=np.float64
    )
    ends_above = np.concatenate([[0.0], np.cumsum(flags[:, 2])[:-1]])
    title_words = set(keys[title_index].split()) - STOPWORDS if title_index is not None else set()
    title_overlap = np.array(
        [len(title_words & set(k.split())) / max(1, len(title_words)) for k in keys] if title_words else [0.0] * n
    )
    before_title = (np.arange(n) < title_index) if title_index is not None else np.zeros(n, dtype=bool)
    extra = np.array(
        [[is_stamp(line), is_signature(line), is_comment_furniture(line)] for line in lines], dtype=np.float64
    )
    prose = (words >= 8) & (own[:, 4] > 0)
    cols = [
        own,
        flags,
        extra,
        _blocks(prose, words),
        position[:, None],
        cumulative[:, None],
        np.log1p(np.arange(n))[:, None],
        np.log1p(np.arange(n)[::-1])[:, None],
        np.array([[1.0 if counts[k] > 1 else 0.0] for k in keys]),
        np.log1p([[counts[k] - 1] for k in keys]),
        np.full((n, 1), math.log1p(n)),
        np.log1p(ends_above)[:, None],
        title_overlap[:, None],
        before_title[:, None].astype(np.float64),
        np.full((n, 1), 1.0 if title_index is not None else 0.0),
        _topicality(keys, long_line)[:, None],
    ]
    # Relative to the document: a 15-word line is long on a page of menus and short in an essay.
    cols.append((log_words - log_words.mean())[:, None])
    cols.append((log_words / max(1e-9, log_words.max()))[:, None])
    density = _window_mean(words, 4) + words
    peak = int(np.argmax(density))
    cols.append((np.abs(np.arange(n) - peak) / max(1, n))[:, None])
    cols.append((density / max(1e-9, density.max()))[:, None])
    prose = (long_line * terminal) > 0  # runs of long, punctuated lines: paragraphs
    run = _runs(prose)
    cols.append(np.log1p(run)[:, None])
    cols.append((run / max(1.0, run.max()))[:, None])
    boiler = own[:, 7]
    for k in WINDOWS:
        cols.append(_window_mean(boiler, k)[:, None])
    for j in range(extra.shape[1]):  # comment threads: stamps, signatures and "Reply" around and above
        cols.append(_window_mean(extra[:, j], 3)[:, None])
        cols.append(np.log1p(np.concatenate([[0.0], np.cumsum(extra[:, j])[:-1]]))[:, None])
    for k in WINDOWS:
        cols.append(_window_mean(log_words, k)[:, None])
        cols.append(_window_mean(long_line, k)[:, None])
        cols.append(_window_mean(terminal, k)[:, None])
    for shift in (-2, -1, 1, 2):
        cols.append(_shifted(log_words, shift)[:, None])
    return np.hstack(cols)


def context_features(base: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Second-stage features: the first stage's probabilities around each line."""
    n = len(p)
    cols = [base, p[:, None]]
    for k in WINDOWS:
        cols.append(_window_mean(p, k)[:, None])
    for shift in (-2, -1, 1, 2):
        cols.append(_shifted(p, shift)[:, None])
    for k in (12, 25):
        cols.append(_window_mean(p, k)[:, None])
    run = _runs(p > 0.5)  # the run of likely-content lines this line belongs to
    cols.append((run / max(1.0, run.max()))[:, None])
    before = np.concatenate([[0.0], np.cumsum(p)[:-1]]) / np.maximum(1, np.arange(n))
    after = (np.cumsum(p[::-1])[::-1] - p) / np.maximum(1, np.arange(n)[::-1])
    cols += [before[:, None], after[:, None]]
    return np.hstack(cols)
