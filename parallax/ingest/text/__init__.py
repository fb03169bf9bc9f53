"""Plain text → article: the body of a page a scraper already flattened to text.

No existing tool does this: trafilatura and its kin need the DOM. Here each line is scored by a
small gradient-boosted classifier (``model.py``, trained on the extraction dev set), then general
rules remove what scores miss — captions, bylines, page furniture, repeated titles and paragraphs,
teasers, and everything after an end-of-article marker — and corpus evidence removes lines that
recur across one outlet's pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from parallax.ingest.text import rules
from parallax.ingest.text.features import document_features
from parallax.ingest.text.lines import Line, normalise_line, split_lines
from parallax.ingest.text.model import content_probability
from parallax.ingest.text.title import find_title
from parallax.model import Removed, Span

#: A line is kept when the classifier's probability exceeds this.
THRESHOLD = 0.4
#: With fewer kept words than this, the page's best-scoring run is kept instead (short articles).
MIN_BODY_WORDS = 30

__all__ = ["CleanedText", "clean_text", "normalise_line", "recurring_lines"]


@dataclass(frozen=True, slots=True)
class CleanedText:
    title: str | None
    body: str
    paragraphs: tuple[Span, ...]
    removed: tuple[Removed, ...]


def recurring_lines(raws: Iterable[str], *, min_docs: int = 3) -> frozenset[str]:
    """Normalised lines found in at least ``min_docs`` of the texts: one outlet's boilerplate."""
    counts: Counter[str] = Counter()
    for raw in raws:
        counts.update({normalise_line(line.text) for line in split_lines(raw)} - {""})
    return frozenset(line for line, n in counts.items() if n >= min_docs)


def _best_run(p: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The contiguous run of lines with the highest total of (p - half the page's best p) × words."""
    t = p.max() * 0.3
    v = (p - t) * words
    best = cur = 0.0
    start = s0 = end = 0
    for k, x in enumerate(v):
        if cur <= 0:
            cur, s0 = 0.0, k
        cur += x
        if cur > best:
            best, start, end = cur, s0, k + 1
    keep = np.zeros(len(p), dtype=bool)
    keep[start:end] = p[start:end] >= t
    return keep


def clean_text(
    raw: str,
    *,
    boilerplate_lines: frozenset[str] = frozenset(),
    banner_lines: frozenset[str] = frozenset(),
    given_title: str | None = None,
) -> CleanedText:
    """Clean one page. ``boilerplate_lines`` recur across the outlet's pages (removed wherever they
    are); ``banner_lines`` recur at the top of its pages (its name, slogan, menu: never the title).
    A line recurring only lower down may be another article's headline in a "Read more" list.
    With ``given_title`` (the input said what the title is) only a line repeating it is the title."""
    lines = split_lines(raw)
    if not lines:
        return CleanedText(None, "", (), ())
    title_index = find_title(lines, banner_lines)
    if given_title:  # the page's own headline line, only if it is (nearly) the given title
        given = set(normalise_line(given_title).split())
        same = next((i for i, line in enumerate(lines) if set(normalise_line(line.text).split()) == given), None)
        found = set(normalise_line(lines[title_index].text).split()) if title_index is not None else set()
        near = bool(found) and len(found & given) / len(found | given) >= 0.6
        title_index = same if same is not None else (title_index if near else None)
    title = lines[title_index].text if title_index is not None else None
    p = content_probability(document_features(lines))
    words = np.array([max(1, len(line.words)) for line in lines], dtype=float)
    keep = p > THRESHOLD
    if (words * keep).sum() < MIN_BODY_WORDS:
        keep = _best_run(p, words)
    kinds: dict[int, str] = {}
    title_key = normalise_line(title) if title else None
    for i, line in enumerate(lines):
        key = normalise_line(line.text)
        if i == title_index or (title_key and key == title_key):
            kinds[i] = "title"
        elif rules.is_caption(line):
            kinds[i] = "caption"
        elif rules.is_byline(line):
            kinds[i] = "byline"
        elif rules.is_chrome(line):
            kinds[i] = "navigation"
        elif key in boilerplate_lines:
            kinds[i] = "boilerplate"
    _cut_tail(lines, keep, kinds)
    seen: set[str] = set()
    body_lines: list[Line] = []
    removed: list[Removed] = []
    for i, line in enumerate(lines):
        key = normalise_line(line.text)
        if i not in kinds and keep[i] and key in seen:
            kinds[i] = "duplicate"
        if i in kinds or not keep[i]:
            removed.append(Removed(line.start, line.end, kinds.get(i, "boilerplate")))
            continue
        seen.add(key)
        body_lines.append(line)
    body = "\n\n".join(line.text for line in body_lines)
    return CleanedText(title, body, tuple(Span(line.start, line.end) for line in body_lines), tuple(removed))


def _cut_tail(lines: list[Line], keep: np.ndarray, kinds: dict[int, str]) -> None:
    """After an end-of-article marker that follows most of the body, nothing is article text; a long
    paragraph cut off mid-sentence after the body is a teaser."""
    kept_words = [len(line.words) if keep[i] and i not in kinds else 0 for i, line in enumerate(lines)]
    total = sum(kept_words) or 1
    so_far = 0
    markers = [i for i, line in enumerate(lines) if rules.is_end_marker(line)]
    for i, line in enumerate(lines):
        # Most of the body above, or a body of some length above and more markers below (a block of
        # comments, tags and related stories rather than one inline "Read more").
        strong = so_far >= 0.5 * total or (so_far >= 100 and sum(m > i for m in markers) >= 1)
        if rules.is_end_marker(line) and strong:
            for j in range(i, len(lines)):
                kinds.setdefault(j, "related")
            return
        so_far += kept_words[i]
    last = max((i for i in range(len(lines)) if keep[i] and i not in kinds), default=-1)
    for i in range(last, -1, -1):  # a truncated teaser closing the page
        if i in kinds or not keep[i]:
            continue
        if rules.is_truncated(lines[i]) and sum(kept_words[:i]) >= 0.5 * total:
            kinds[i] = "teaser"
        else:
            break
