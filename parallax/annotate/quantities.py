"""Quantities: a number, what it counts, and how the writer hedged it.

"nearly 3,000 more bodies" → 3000, unit "bodies", hedge "nearly"; "up to 1,200 prisoners" → 1200
with hedge "up to"; "a 2–3-day truce" → low 2, high 3, unit "day"; "1,000-for-1,000" → 1000, an
exchange; "more than 1 million casualties" → 1e6, hedge "more than". Hedges matter downstream: two
outlets writing "nearly 3,000" and "3,000" report compatible facts, not conflicting ones.

Dates and clock times are left to the time stage: a bare year, a day after a month name and a
number inside a time expression are not quantities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from parallax.annotate.number_words import CARDINALS
from parallax.model import Quantity, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

HEDGES = (
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as few as",
    "nearly",
    "almost",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "over",
    "under",
    "close to",
    "an estimated",
    "estimated",
    "upwards of",
    "just over",
    "just under",
    "well over",
    "in excess of",
    "no more than",
    "no fewer than",
    "no less than",
    "only",
    "just",
    "exactly",
    "a further",
)
_HEDGE_RE = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))

WORD_NUMBERS: dict[str, int] = {**CARDINALS, "a hundred": 100, "a dozen": 12, "dozen": 12}
SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "mn": 1e6,
    "m": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "k": 1e3,
    "tn": 1e12,
}
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH"}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]

_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion)\b|(?:mn|bn|tn|[kmb])\b)"
_DASH = r"\s?(?:-|–|—|to)\s?"
PATTERN = re.compile(
    rf"""
    (?:(?P<hedge>{_HEDGE_RE})\s+)?
    (?P<cur>[$€£¥₽₴])?
    (?:
      (?P<lo>{_NUM}){_DASH}(?P<hi>{_NUM})(?P<rscale>{_SCALE})?      # a range: 2-3, 10 to 20
    | (?P<x>{_NUM})-for-(?P<y>{_NUM})                                 # an exchange: 1,000-for-1,000
    | (?P<num>{_NUM})(?P<scale>{_SCALE})?                             # a number: 3,000 / 1.2 million
    | (?P<word>\b(?:{_WORDNUM})\b)(?:-(?P<word2>{_WORDNUM}))?(?P<wscale>{_SCALE})?
    )
    (?P<pct>\s?(?:%|per\s?cent\b|percent\b))?
    (?:-(?P<hyphunit>[a-z]+)\b)?                                       # "30-day", "2–3-day"
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SKIP_WORDS = frozenset(
    [
        "more",
        "additional",
        "other",
        "further",
        "new",
        "extra",
        "fresh",
        "of",
        "the",
        "a",
        "an",
        "than",
        "additional",
        "so",
        "many",
        "such",
    ]
)
_NOT_UNITS = frozenset(
    [
        "already",
        "each",
        "all",
        "now",
        "still",
        "so",
        "far",
        "ago",
        "later",
        "earlier",
        "before",
        "after",
        "since",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "per",
        "and",
        "or",
        "but",
        "as",
        "that",
        "which",
        "who",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "have",
        "has",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "percent",
        "people's",
    ]
)
# Words that read as hedges but, after a verb, belong to it: "handed over 6,000", "brought about".
_AMBIGUOUS_HEDGES = frozenset({"over", "under", "about", "some", "just", "only"})
_VERB_BEFORE = re.compile(
    r"\b(?:hand|take|took|taken|turn|bring|brought|come|came|win|won|pass|fought|argue|worry|worried|talk|think"
    r"|thought|fight|mull|pore|watch)(?:s|ed|ing)?\s+$",
    re.IGNORECASE,
)
_UNIT_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'-]*)")


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(text: str | None) -> float:
    return SCALES.get(text.strip().lower(), 1.0) if text else 1.0


def _is_date_like(text: str, m: re.Match[str]) -> bool:
    """A year, a day of a month, or part of a clock time: the time stage's business."""
    num = m.group("num")
    if num and not m.group("scale") and not m.group("cur") and not m.group("pct"):
        if re.fullmatch(r"(1[5-9]|20)\d\d", num):
            return True
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"(?:" + "|".join(MONTHS) + r")\.?\s*$", before):
            return True
        after = text[m.end() : m.end() + 12].lower()
        if re.match(r"\s*(?:" + "|".join(MONTHS) + r")\b", after) and int(float(num.replace(",", ""))) <= 31:
            return True
        if re.match(r"\s*(?:a\.?m\.?|p\.?m\.?)\b|:\d", after) or re.search(r"\d:$", before):
            return True
    return False


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The noun a number counts: the first word after it that is not a modifier like "more"."""
    pos = end
    for _ in range(4):
        m = _UNIT_WORD.match(text, pos)
        if not m or "\n" in text[pos : m.start(1)]:
            return None, end
        word = m.group(1)
        if word.lower() in _NOT_UNITS:
            return None, end
        if word.lower() in _SKIP_WORDS or (word[0].isupper() and word.lower() not in ("bodies",)):
            pos = m.end()
            continue
        return word.lower(), m.end()
    return None, end


def _unit_from_doc(doc: Doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    token = span[-1]
    head = token.head
    if token.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") and head.i > token.i:
        return head.text.lower()
    return None


def find_quantities(text: str, doc: Doc | None = None, timex: Sequence[TimeExpr] = ()) -> list[Quantity]:
    """Every quantity in ``text``. ``timex`` spans (from the time stage) are excluded."""
    out: list[Quantity] = []
    taken = [(t.start, t.end) for t in timex]
    for m in PATTERN.finditer(text):
        core = (
            m.start("cur")
            if m.group("cur")
            else next(m.start(g) for g in ("lo", "x", "num", "word") if m.group(g) is not None)
        )
        if (
            m.group("word")
            and not (m.group("hedge") or m.group("wscale"))
            and m.group("word").lower() in ("one", "a dozen", "dozen", "hundred", "a hundred")
        ):
            continue  # "one of the", "a hundred years" are too often not counts worth reporting
        if _is_date_like(text, m) or any(s < m.end() and core < e for s, e in taken):
            continue
        if core > 0 and (text[core - 1].isalnum() or text[core - 1] in "/:"):
            continue
        low = high = None
        if m.group("lo"):
            scale = _scale(m.group("rscale"))
            low, high = _to_float(m.group("lo")) * scale, _to_float(m.group("hi")) * scale
            value: float | None = high
        elif m.group("x"):
            value = _to_float(m.group("x"))
        elif m.group("num"):
            value = _to_float(m.group("num")) * _scale(m.group("scale"))
        else:
            value = float(WORD_NUMBERS[m.group("word").lower()])
            if m.group("word2") and m.group("word2").lower() == "dozen":
                value *= 12  # "two-dozen" is 24, "twenty-three" 23
            elif m.group("word2"):
                value += WORD_NUMBERS.get(m.group("word2").lower(), 0)
            value *= _scale(m.group("wscale"))
        end = m.end()
        if m.group("pct"):
            unit: str | None = "percent"
        elif m.group("cur"):
            unit = CURRENCIES[m.group("cur")]
        elif m.group("hyphunit"):
            unit = m.group("hyphunit").lower()
        elif m.group("x"):
            unit, end = _unit_after(text, m.end())
            unit = unit or "exchange"
        else:
            unit = _unit_from_doc(doc, core, m.end()) if doc is not None else None
            if unit is None:
                unit, end = _unit_after(text, m.end())
            else:
                end = _span_end(text, m.end(), unit)
        if (
            m.group("num")
            and not (m.group("scale") or m.group("cur") or m.group("pct"))
            and re.match(r"['’]?s\b", text[m.end() : m.end() + 3])
            and value is not None
            and value % 10 == 0
        ):
            # a decade: "in their 70s" is 70 to 79 (so "Hoyer, 77" is within it), "the 1990s" a span of years
            low, high, unit = value, value + 9, None
            end = m.end() + (2 if text[m.end()] in "'’" else 1)
        start = m.start()
        hedge = m.group("hedge").lower() if m.group("hedge") else None
        if hedge in _AMBIGUOUS_HEDGES and _VERB_BEFORE.search(text[max(0, start - 30) : start]):
            hedge, start = None, core
        out.append(
            Quantity(
                start=start, end=end, text=text[start:end], value=value, unit=unit, hedge=hedge, low=low, high=high
            )
        )
    return out


def _span_end(text: str, pos: int, unit: str) -> int:
    i = text.lower().find(unit, pos)
    return i + len(unit) if 0 <= i - pos <= 40 else pos
