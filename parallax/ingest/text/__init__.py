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
from parallax.ingest.text.model import LineModel, shipped_model
from parallax.ingest.text.title import find_title
from parallax.model import Removed, Span

#: With fewer kept words than this, the page's best-scoring run is kept instead (short articles).
MIN_BODY_WORDS = 30
#: A line of at most this many words under a teaser, not a sentence, is its credit (source, author).
TEASER_CREDIT_WORDS = 6
#: A headline standing alone is an article (a one-line brief) when it has this many words.
MIN_HEADLINE_WORDS = 4

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


def title_line(
    lines: list[Line], banner_lines: frozenset[str] = frozenset(), given_title: str | None = None
) -> int | None:
    """Index of the page's headline line. With ``given_title`` only a line that is (nearly) the given
    title counts: a page may show other headlines above its own."""
    title_index = find_title(lines, banner_lines)
    if given_title:
        given = set(normalise_line(given_title).split())
        same = next((i for i, line in enumerate(lines) if set(normalise_line(line.text).split()) == given), None)
        found = set(normalise_line(lines[title_index].text).split()) if title_index is not None else set()
        near = bool(found) and len(found & given) / len(found | given) >= 0.6
        title_index = same if same is not None else (title_index if near else None)
    return title_index


def clean_text(
    raw: str,
    *,
    boilerplate_lines: frozenset[str] = frozenset(),
    banner_lines: frozenset[str] = frozenset(),
    given_title: str | None = None,
    model: LineModel | None = None,
) -> CleanedText:
    """Clean one page. ``boilerplate_lines`` recur across the outlet's pages (removed wherever they
    are); ``banner_lines`` recur at the top of its pages (its name, slogan, menu: never the title).
    A line recurring only lower down may be another article's headline in a "Read more" list.
    With ``given_title`` (the input said what the title is) only a line repeating it is the title.
    ``model`` is the line classifier (the shipped one by default; cross-validation passes its own)."""
    lines = split_lines(raw)
    if not lines:
        return CleanedText(None, "", (), ())
    title_index = title_line(lines, banner_lines, given_title)
    model = model or shipped_model()
    p = model.probability(document_features(lines, title_index))
    return select_lines(lines, title_index, p, model.threshold, boilerplate_lines, title_given=bool(given_title))


def select_lines(
    lines: list[Line],
    title_index: int | None,
    p: np.ndarray,
    threshold: float,
    boilerplate_lines: frozenset[str] = frozenset(),
    title_given: bool = False,
) -> CleanedText:
    """The article from a page's lines, given each line's classifier probability ``p``.

    A text that is all sentences (a wire brief, a lead, an article already cleaned) is kept whole
    but for its furniture: there is no page around it for the classifier to separate it from, and
    a one-sentence article is an article. Otherwise a line is kept when ``p`` exceeds ``threshold``,
    then the rules remove what scores miss."""
    kinds = _furniture(lines, title_index, boilerplate_lines)
    if _all_sentences(lines, {i: k for i, k in kinds.items() if k != "title"}):
        # Every sentence stays, and in a short text every line written in lower case (a subheading,
        # not a menu); in a longer one the line or two that are not sentences (a site name, a
        # teaser's headline) stay only on their score.
        short = sum(i not in kinds for i in range(len(lines))) <= SHORT_TEXT_LINES
        text_like = [rules.is_prose(ln) or (short and rules.is_lowercase_text(ln)) for ln in lines]
        keep = np.array(text_like) | (p > threshold)
        if not title_given:
            title_index = _headline_of_sentences(lines, kinds, title_index)
            kinds = _furniture(lines, title_index, boilerplate_lines)
            if title_index is not None and _closed_sentence(lines[title_index]):
                # a lead taken for the title ("Perennial party girl Tara Reid checked herself into
                # Promises Treatment Center, her rep told People."): the title is read from it and
                # the body keeps it, with its quotes and facts
                kinds.pop(title_index)
        _cut_after_furniture(lines, kinds)
    else:
        words = np.array([max(1, len(line.words)) for line in lines], dtype=float)
        keep = p > threshold
        if (words * keep).sum() < MIN_BODY_WORDS:
            keep = _best_run(p, words)
        _cut_tail(lines, keep, kinds)
        if not any(keep[i] and i not in kinds and rules.is_sentence(line) for i, line in enumerate(lines)):
            keep |= _sentence_run(lines, kinds)
    if not any(keep[i] and i not in kinds for i in range(len(lines))):
        lone = _lone_line(lines, kinds, title_index)
        if lone is not None:
            kinds.pop(lone, None)
            keep[lone] = True
    title = lines[title_index].text if title_index is not None else None
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


def _closed_sentence(line: Line) -> bool:
    """A sentence ending as one does (".", "!", "?", before any closing quote mark)."""
    return rules.is_sentence(line) and line.text.rstrip(" \"”’'").endswith((".", "!", "?"))


def _headline_of_sentences(lines: list[Line], kinds: dict[int, str], found: int | None) -> int | None:
    """The headline of a text of sentences: its first line, or none. The first line is it when the
    title finder chose it, or when it is no sentence ("Trump Denies Changing His Position."); a line
    below a sentence is one of the article's sentences, whatever it looks like."""
    first = next(
        (
            i
            for i, line in enumerate(lines)
            if (i not in kinds or kinds[i] == "title") and len(line.words) >= 3 and not rules.is_menu(line)
        ),
        None,
    )
    if first is None or first == found:
        return found
    return None if rules.is_sentence(lines[first]) else first


def _lone_line(lines: list[Line], kinds: dict[int, str], title_index: int | None) -> int | None:
    """The line that is the article of a text where nothing else is: its headline (a one-line
    brief), else its longest line that reads as text rather than a menu."""
    if title_index is not None and len(lines[title_index].words) >= MIN_HEADLINE_WORDS:
        return title_index
    candidates = [
        i
        for i, line in enumerate(lines)
        if i not in kinds and len(line.words) >= MIN_HEADLINE_WORDS and rules.is_lowercase_text(line)
    ]
    return max(candidates, key=lambda i: len(lines[i].words), default=None)


def _furniture(lines: list[Line], title_index: int | None, boilerplate_lines: frozenset[str]) -> dict[int, str]:
    """Lines that are never article text whatever their score: the title (and its repeats),
    captions, bylines, datelines, page chrome, copyright footers and the outlet's recurring lines."""
    kinds: dict[int, str] = {}
    title_key = normalise_line(lines[title_index].text) if title_index is not None else None
    for i, line in enumerate(lines):
        key = normalise_line(line.text)
        if i == title_index or (title_key and key == title_key):
            kinds[i] = "title"
        elif rules.is_caption(line):
            kinds[i] = "caption"
        elif rules.is_byline(line) or rules.is_credit(line):
            kinds[i] = "byline"
        elif rules.is_dateline(line):
            kinds[i] = "dateline"
        elif rules.is_chrome(line):
            kinds[i] = "navigation"
        elif rules.is_footer(line):
            kinds[i] = "footer"
        elif key in boilerplate_lines:
            kinds[i] = "boilerplate"
    return kinds


#: A text is all sentences when, furniture aside, at most one line is something else, or at most
#: two in a text of this many lines or fewer: a scraped page has menus, teasers and promos around
#: its article; a brief, a lead or an already clean article has none.
SHORT_TEXT_LINES = 12


def _all_sentences(lines: list[Line], kinds: dict[int, str]) -> bool:
    """Whether the text, furniture aside, is sentences: a brief, a lead, an already clean article."""
    rest = [line for i, line in enumerate(lines) if i not in kinds]
    others = sum(not rules.is_prose(line) for line in rest)
    has_sentence = any(rules.is_sentence(line) for line in rest)
    return has_sentence and (others <= 1 or (len(rest) <= SHORT_TEXT_LINES and others <= 2))


def _sentence_run(lines: list[Line], kinds: dict[int, str]) -> np.ndarray:
    """The longest run (in words) of sentence lines, furniture skipped: the article of a page whose
    classifier scores kept no sentence at all."""
    keep = np.zeros(len(lines), dtype=bool)
    best, start, run, words = 0, 0, 0, 0
    for i, line in enumerate([*lines, None]):
        if line is not None and i in kinds:
            continue
        if line is not None and rules.is_sentence(line):
            if words == 0:
                start = i
            words += len(line.words)
            run = i + 1
            continue
        if words > best:
            best = words
            keep[:] = False
            keep[start:run] = [j not in kinds for j in range(start, run)]
        words = 0
    return keep


def _cut_after_furniture(lines: list[Line], kinds: dict[int, str]) -> None:
    """In a text of sentences, page chrome or an end-of-article marker after most of its words ends
    the article: what follows ("Newsletter", then "Get top stories emailed to you") is the page's."""
    words = [0 if i in kinds else len(line.words) for i, line in enumerate(lines)]
    total, so_far = sum(words), 0
    for i, line in enumerate(lines):
        if (kinds.get(i) == "navigation" or rules.is_end_marker(line)) and so_far >= 0.5 * total:
            for j in range(i + 1, len(lines)):
                kinds.setdefault(j, "footer")
            return
        so_far += words[i]


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
    credits: list[int] = []
    for i in range(last, -1, -1):  # truncated teasers closing the page
        if i in kinds or not keep[i]:
            continue
        line = lines[i]
        if rules.is_truncated(line) and sum(kept_words[:i]) >= 0.5 * total:
            for j in (i, *credits):
                kinds[j] = "teaser"
            credits = []
        elif len(line.words) <= TEASER_CREDIT_WORDS and not rules.is_sentence(line):
            credits.append(i)  # a teaser's source and author under it ("The Kyiv Independent Chris York")
        else:
            break
