"""Years and days of the month written in words, as broadcast transcripts write them:
"nineteen ninety-six", "the year two thousand", "March eighth"."""

from __future__ import annotations

import re

from parallax.annotate.number_words import CARDINALS

_ONES = {w: n for w, n in CARDINALS.items() if 1 <= n <= 9}
_TEENS = {w: n for w, n in CARDINALS.items() if 10 <= n <= 19}
_TENS = {w: n for w, n in CARDINALS.items() if n in (20, 30, 40, 50, 60, 70, 80, 90)}
_ONE = "|".join(_ONES)
_TEEN = "|".join(_TEENS)
_TEN = "|".join(_TENS)

#: "ninety-six", "eleven", "oh five", "hundred": the last two digits of a year said in words.
_TAIL = rf"(?:hundred|(?:{_TEN})(?:[\s-](?:{_ONE}))?|{_TEEN}|oh[\s-](?:{_ONE}))"
#: A year in words: "nineteen ninety-six", "eighteen hundred", "two thousand (and) one".
YEAR_WORDS = (
    rf"(?P<yw>(?P<ycent>eighteen|nineteen)[\s-](?P<ytail>{_TAIL})\b"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?P<ytail2>{_TEEN}|(?:{_TEN})(?:[\s-](?:{_ONE}))?|{_ONE})\b)?)"
)

_DAY_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
}  # fmt: skip
_UNIT_ORDINALS = "|".join(w for w, n in _DAY_ORDINALS.items() if n < 10)
#: A day of the month in words: "eighth", "twenty-first", "thirtieth".
DAY_WORDS = (
    rf"(?:twenty|thirty)[\s-](?:{_UNIT_ORDINALS})|" + "|".join(sorted(_DAY_ORDINALS, key=len, reverse=True))
)


def _tail(words: str) -> int:
    words = re.sub(r"[\s-]+", " ", words.lower()).strip()
    if words == "hundred":
        return 0
    parts = words.split()
    if parts[0] == "oh":
        return _ONES[parts[1]]
    return sum(CARDINALS[p] for p in parts)


def year_in_words(m: re.Match[str]) -> int:
    """The year a :data:`YEAR_WORDS` match says."""
    if m["ycent"]:
        return CARDINALS[m["ycent"].lower()] * 100 + _tail(m["ytail"])
    return 2000 + (_tail(m["ytail2"]) if m["ytail2"] else 0)


def day_in_words(words: str) -> int:
    """The day of the month a :data:`DAY_WORDS` match says."""
    parts = re.sub(r"[\s-]+", " ", words.lower()).split()
    if len(parts) == 2:
        return CARDINALS[parts[0]] + _DAY_ORDINALS[parts[1]]
    return _DAY_ORDINALS[parts[0]]
