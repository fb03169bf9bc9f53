"""The headline of a scraped page: the first line near the top that reads like one."""

from __future__ import annotations

import re

from parallax.ingest.text import rules
from parallax.ingest.text.lines import Line, normalise_line

LOOK_AHEAD = 8
#: Runs of letters (anything but non-word characters, digits and the underscore).
_LETTERS = re.compile(r"[^\W\d_]+")
_DATE_WORDS = frozenset({"date", "updated", "published"})


def is_date_only(text: str) -> bool:
    """Digits and punctuation, with at most one of "date", "updated", "published": a dateline.

    Reads each letter run once: the pattern it replaces (two ``[\\W\\d_]*`` around an optional
    word) backtracked quadratically, 15 s on a 40,000-digit line."""
    words = _LETTERS.findall(text)
    return not words or (len(words) == 1 and words[0].lower() in _DATE_WORDS)


def title_score(line: Line) -> float:
    """How much a line reads like a headline: a run of 5 to 20 words, capitalised, without a final
    full stop, menu separators, a date or shouting capitals."""
    n = len(line.words)
    text = line.text
    if n < 3 or n > 30 or rules.is_chrome(line) or rules.is_caption(line) or rules.is_byline(line):
        return 0.0
    if is_date_only(text) or "skip to" in text.lower():
        return 0.0
    score = 1.5 if 8 <= n <= 20 else 1.0 if n >= 5 else 0.5
    if text.endswith((".", ":")) and not text.endswith("..."):
        score *= 0.3
    if not text[:1].isupper() and text[:1] not in "\"“‘'":
        score *= 0.3
    if text.isupper():
        score *= 0.2
    if re.search(r"\s[|·•/]\s|\|", text):
        score *= 0.1
    if re.search(r"\b(?:19|20)\d\d\b", text) and n < 8:
        score *= 0.3
    return score


def find_title(lines: list[Line], skip: frozenset[str] = frozenset()) -> int | None:
    """Index of the title line, or None when no early line looks like a headline. Lines in ``skip``
    (an outlet's recurring lines, such as its name as a banner) are never the title."""
    best, best_score = None, 0.4
    for i, line in enumerate(lines[:LOOK_AHEAD]):
        if skip and normalise_line(line.text) in skip:
            continue
        s = title_score(line) * (1.0 - 0.05 * i)
        if s > best_score:
            best, best_score = i, s
    return best
