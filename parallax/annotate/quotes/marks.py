"""Quotation marks in every style, paired into quoted spans.

Double marks: " “ ” „ « ». Single marks: ‘ ’ ' — but an apostrophe between letters (don't,
Russia's) or closing a plural possessive (Russians' army) is never a quote mark. A quote whose
closing mark is missing ends at its paragraph's end, not the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Each opening mark with the marks that close it. Edited copy mixes straight and curly marks
#: ('“We are ready," he said'), so either closes a quote the other opened.
OPEN_DOUBLE = {"“": '”"', "„": "“”", "«": "»", '"': '"”'}
OPEN_SINGLE = {"‘": "’", "'": "'", "‚": "‘’"}
#: Every quotation mark, opening or closing.
QUOTE_MARKS = "".join(
    sorted({mark for pairs in (OPEN_DOUBLE, OPEN_SINGLE) for k, v in pairs.items() for mark in k + v})
)


@dataclass(frozen=True, slots=True)
class Quoted:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    closed: bool


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opening_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word(before) and (after.isalnum() or after in '“"')


def _closing_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if _is_word(before) and _is_word(after):
        return False  # an apostrophe inside a word
    return not before.isspace() and not _is_word(after)


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n\s*\n|\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _scan(text: str, start: int, end: int, openers: dict[str, str], single: bool) -> list[Quoted]:
    out: list[Quoted] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in openers and (not single or _opening_single(text, i)) and (ch != '"' or _opening_double(text, i)):
            closers = openers[ch]
            j = i + 1
            while j < end:
                c = text[j]
                if c in closers and (not single or _closing_single(text, j)) and (c != '"' or j > i + 1):
                    break
                j += 1
            closed = j < end
            if j > i + 1:
                out.append(Quoted(i + 1, j, closed))
            i = j + 1
            continue
        i += 1
    return out


def _opening_double(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isspace()


def find_quoted(text: str) -> list[Quoted]:
    """Quoted spans, paragraph by paragraph: double marks first, then single marks outside them."""
    found: list[Quoted] = []
    for a, b in paragraphs(text):
        doubles = _scan(text, a, b, OPEN_DOUBLE, single=False)
        found.extend(doubles)
        for q in _scan(text, a, b, OPEN_SINGLE, single=True):
            if not any(d.start <= q.start and q.end <= d.end for d in doubles):
                found.append(q)
    return sorted(found, key=lambda q: q.start)
