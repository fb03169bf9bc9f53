"""The feature matrix of a document's lines: each line's own features, its position, repetition,
and its neighbourhood (article text comes in runs of long, punctuated lines)."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from parallax.ingest.text.lines import Line, line_features, normalise_line

WINDOWS = (1, 3, 6)


def _window_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean of ``values`` over the ``k`` lines on each side (the line itself excluded)."""
    n = len(values)
    padded = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(n)
    lo, hi = np.maximum(0, idx - k), np.minimum(n, idx + k + 1)
    total = padded[hi] - padded[lo] - values
    return total / np.maximum(1, hi - lo - 1)


def document_features(lines: list[Line]) -> np.ndarray:
    if not lines:
        return np.zeros((0, 0))
    own = np.array([line_features(line) for line in lines], dtype=np.float64)
    n = len(lines)
    counts = Counter(normalise_line(line.text) for line in lines)
    words = np.array([len(line.words) for line in lines], dtype=np.float64)
    cumulative = np.cumsum(words) / max(1.0, words.sum())
    long_line = (words >= 10).astype(np.float64)
    log_words = own[:, 0]
    terminal = own[:, 4]
    position = np.arange(n) / max(1, n - 1)
    cols = [
        own,
        position[:, None],
        cumulative[:, None],
        np.log1p(np.arange(n))[:, None],
        np.log1p(np.arange(n)[::-1])[:, None],
        np.array([[1.0 if counts[normalise_line(line.text)] > 1 else 0.0] for line in lines]),
        np.full((n, 1), math.log1p(n)),
    ]
    # Relative to the document: a 15-word line is long on a page of menus and short in an essay.
    cols.append((log_words - log_words.mean())[:, None])
    cols.append((log_words / max(1e-9, log_words.max()))[:, None])
    density = _window_mean(words, 4) + words
    peak = int(np.argmax(density))
    cols.append((np.abs(np.arange(n) - peak) / max(1, n))[:, None])
    cols.append((density / max(1e-9, density.max()))[:, None])
    boiler = own[:, 7]
    for k in WINDOWS:
        cols.append(_window_mean(boiler, k)[:, None])
    for k in WINDOWS:
        cols.append(_window_mean(log_words, k)[:, None])
        cols.append(_window_mean(long_line, k)[:, None])
        cols.append(_window_mean(terminal, k)[:, None])
    for shift in (-2, -1, 1, 2):
        shifted = np.roll(log_words, shift)
        if shift > 0:
            shifted[:shift] = 0
        else:
            shifted[shift:] = 0
        cols.append(shifted[:, None])
    return np.hstack(cols)


def context_features(base: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Second-stage features: the first stage's probabilities around each line."""
    n = len(p)
    cols = [base, p[:, None]]
    for k in WINDOWS:
        cols.append(_window_mean(p, k)[:, None])
    for shift in (-2, -1, 1, 2):
        shifted = np.roll(p, shift)
        if shift > 0:
            shifted[:shift] = 0
        else:
            shifted[shift:] = 0
        cols.append(shifted[:, None])
    for k in (12, 25):
        cols.append(_window_mean(p, k)[:, None])
    run = np.zeros(n)  # length of the run of likely-content lines this line belongs to
    i = 0
    while i < n:
        j = i
        while j < n and p[j] > 0.5:
            j += 1
        if j > i:
            run[i:j] = j - i
            i = j
        else:
            i += 1
    cols.append((run / max(1.0, run.max()))[:, None])
    before = np.concatenate([[0.0], np.cumsum(p)[:-1]]) / np.maximum(1, np.arange(n))
    after = (np.cumsum(p[::-1])[::-1] - p) / np.maximum(1, np.arange(n)[::-1])
    cols += [before[:, None], after[:, None]]
    return np.hstack(cols)
