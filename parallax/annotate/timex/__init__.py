"""Time expressions, recognised by rules and normalised TIMEX3-style against the publication date.

Values: ``2025-06-27`` (a day), ``2025-06`` (a month), ``2025-W25`` (a week), ``2025-Q3``,
``2025-H1``, ``2025``, ``199`` (a decade, as TIMEX2/TimeML write it), ``19`` (a century), ``P3Y``
(a duration), ``2025-06-27T22:57`` / ``2025-06-27TMO`` (a time, a part of a day),
``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``, ``P1W`` with type SET. Without an anchor, what
needs one stays relative with ``X`` placeholders (``XXXX-06-27``, ``XXXX-WXX-5`` for "Friday",
``XXXX-WXX`` for "last week"), and later stages resolve it once a date is inferred.

A bare weekday points to the past in past-tense sentences and to the future after "will",
"next" and the like; said on that very weekday it means the anchor day itself. Rules see the
expressions found before them, so a text's own times anchor what refers back to them ("the
quarter", "a year earlier" in an earnings report: periods.py; "that year", "the next morning":
anaphora.py; a bare "10 p.m.": the day last named).
"""

from __future__ import annotations

import re
from datetime import date

from parallax.annotate.timex.context import Context
from parallax.annotate.timex.rules import RULES
from parallax.annotate.timex.values import interval_of
from parallax.model import TimeExpr

__all__ = ["find_timex"]

_FUTURE = re.compile(
    r"\b(?<!been )(?:will|won't|shall|'ll|going to|plans? to|planned|scheduled|expected to|is to|are to|due to|set to"
    r"|upcoming|might|as soon as|as early as|until"
    r"|(?:was|were|is|are)\s+(?:planning|scheduled|expected|due|set|going|slated)\s+to|planning to|hopes? to"
    r"|intends? to)\b",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:said|was|were|had|did|ago|last|earlier|previously|since|\w+ed)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?\n]")


def _direction(text: str, start: int, end: int) -> int:
    """The tense around an expression: the cue nearest to it wins ("a well-planned attack on
    Friday, officials said" is past; "talks will resume on Friday" is future)."""
    left = _SENTENCE.split(text[max(0, start - 60) : start])[-1]
    right = _SENTENCE.split(text[end : end + 30])[0]
    cues = []
    for pattern, sign in ((_FUTURE, 1), (_PAST, -1)):
        cues += [(len(left) - m.end(), sign) for m in pattern.finditer(left)]
        cues += [(m.start(), sign) for m in pattern.finditer(right)]
    return min(cues, key=lambda c: (c[0], -c[1]))[1] if cues else 0  # a tie ("planned"): the future


def find_timex(text: str, anchor: date | None = None) -> list[TimeExpr]:
    """Every time expression in ``text``, normalised against ``anchor``."""
    candidates: list[tuple[int, int, int, re.Match[str]]] = []
    for priority, (pattern, _handler) in enumerate(RULES):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), -(m.end() - m.start()), priority, m))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    out: list[TimeExpr] = []
    taken_until = -1
    for start, neg_len, priority, m in candidates:
        end = start - neg_len
        if start < taken_until:
            continue
        ctx = Context(anchor, _direction(text, start, end), out)
        result = RULES[priority][1](m, ctx)
        if result is None:
            continue
        value, kind = result
        earliest, latest = interval_of(value)
        out.append(TimeExpr(start, end, text[start:end], value, kind, earliest, latest))
        taken_until = end
    return out
