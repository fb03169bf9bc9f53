"""What one article offers the story engine, computed from that article alone.

The similarity of two articles must not depend on which other articles are being grouped with
them (TF-IDF over the set does: five articles clustered alone would group differently from the
fourteen they came from). So every signal here is a fixed function of one article:

- the meaning of its title and lead: an integer sentence embedding (``embed.embed_exact``);
- its words: Snowball stems weighted by how rare the word is in English at large (``wordfreq``'s
  frequency lists, shipped in the package), so "the" and "said" weigh nothing and "rehab",
  "magnitude" or a surname a lot, the same in every set;
- its numbers of two digits or more ("6.1", "212,000", "38"), each weighing ``NUMBER_WEIGHT``: a
  toll, a magnitude or a sum names one happening as well as a rare word does;
- its date: the publication day when known, else the years it mentions and the days it was
  written between (``Signals.window``: after the days it mentions as past, before those it calls
  upcoming, on the one weekday it reports as past);
- for a dated article, the day of the first weekday its lead reports as past
  (``Signals.happened``: "talks ended on Tuesday" in Wednesday's paper) and the first later day it
  calls upcoming (``Signals.upcoming``: "the second round is planned for April 22").

Word vectors are hashed into ``BUCKETS`` columns with integer weights, so the dot product
of two articles is exact in float64 and the same in a batch of two or of ten thousand.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from parallax.annotate.sentences import sentence_reader
from parallax.annotate.timex import find_timex
from parallax.annotate.timex.calendar import absolute_day, is_future, the_weekday, weekday_of, written_between
from parallax.annotate.timex.resolve import weekday_date
from parallax.model import Article
from parallax.stories.features import StoryInput, body_text, lead

BUCKETS = 1 << 20
#: Zipf frequency (log10 of uses per billion words) at and above which a word carries no weight:
#: "the" is 7.7, "said" 6.5, "rehab" 3.8, a rare surname under 3. A ceiling above "the" keeps some
#: weight on common words, which short leads need (NeuS dev: 6 -> 0.80, 8 -> 0.83 B3 F1, words alone).
WORD_CEILING = 8.0
#: Integer scale of a word's weight (weights are at most ``WORD_CEILING``).
WEIGHT_SCALE = 64
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Weight of a number of two digits or more, as rare as a word of Zipf frequency 2 (chosen on both
#: clustering dev sets at once, bench/clustering.py: 0 -> ECB+ 0.856 / NeuS 0.852 events B3 F1,
#: 2 -> 0.859 / 0.853, 4 -> 0.860 / 0.855, 6 -> 0.870 / 0.855, 8 -> 0.866 / 0.855).
NUMBER_WEIGHT = 6.0
_NUMBER = re.compile(r"(?<![\w.,])\d[\d,.]*\d")
#: Changes whenever what ``signals`` computes changes: a saved engine of another version is rebuilt.
SIGNALS_VERSION = 5
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
FIRST_YEAR = 1950
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A leap year, to place days written without a year ("May 16") until a dated article gives one.
_ANY_YEAR = 2000
#: ``Signals.window`` of an article that gives none.
NO_WINDOW = (0, 0, -1, 0)


@dataclass(frozen=True, slots=True)
class Signals:
    """One article's signals; ``words`` is (hashed columns, integer weights)."""

    embedding: np.ndarray
    words: tuple[np.ndarray, np.ndarray]
    day: int
    years: int
    #: When an undated article was written: (first, last, weekday, fixed). With ``fixed`` the first
    #: and last day are day ordinals; without, month * 100 + day in the year of the dated article it
    #: is compared with; 0 and 0 when its dates bound nothing. ``weekday`` (0 = Monday) is the one
    #: weekday it reports as past, else -1.
    window: tuple[int, int, int, int] = NO_WINDOW
    #: Of a dated article: the day ordinal of the first weekday its lead reports as past (the
    #: happening it reports, a day or a few before it was printed), else 0.
    happened: int = 0
    #: Of a dated article: the first day after its own that it calls upcoming, else 0. What
    #: happens on that day is not what it reports.
    upcoming: int = 0

    @property
    def empty(self) -> bool:
        """No word of any weight: nothing to compare, so the article stands alone."""
        return len(self.words[0]) == 0


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """How much a lower-cased word tells: ``WORD_CEILING`` minus its Zipf frequency, at least 0."""
    from parallax.errors import MissingDependency

    try:
        from wordfreq import zipf_frequency
    except ImportError:
        raise MissingDependency("word frequencies (wordfreq)", "stories") from None
    return max(0.0, WORD_CEILING - zipf_frequency(word, "en"))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    from parallax.language.terms import stem

    return stem(word)


def _column(term: str) -> int:
    return zlib.crc32(term.encode()) % BUCKETS


def _vector(weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    merged: dict[int, int] = {}
    for term, weight in weights.items():
        value = round(weight * WEIGHT_SCALE)
        if value > 0:
            col = _column(term)
            merged[col] = merged.get(col, 0) + value
    cols = np.array(sorted(merged), dtype=np.int32)
    return cols, np.array([merged[c] for c in cols.tolist()], dtype=np.int32)


def word_vector(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Stems weighted by rarity, and numbers by ``NUMBER_WEIGHT``, times 1 + log of their count."""
    counts: Counter[str] = Counter()
    weight: dict[str, float] = {}
    for word in _WORD.findall(text):
        lower = word.lower().replace("’", "'")
        r = rarity(lower)
        if r <= 0:
            continue
        s = _stem(lower)
        counts[s] += 1
        weight[s] = max(weight.get(s, 0.0), r)
    for match in _NUMBER.finditer(text):
        number = "#" + match.group(0).rstrip(".,").replace(",", "")
        counts[number] += 1
        weight[number] = NUMBER_WEIGHT
    return _vector({s: (1 + math.log(n)) * weight[s] for s, n in counts.items()})


def day_number(value: str | None) -> int:
    """Publication day as an ordinal; 0 when unknown."""
    try:
        return date.fromisoformat(value[:10]).toordinal() if value else 0
    except ValueError:
        return 0


def year_mask(text: str, day: int = 0) -> int:
    """The years 1950-2049 the text mentions and the year of its day, as bits of one integer."""
    years = [int(y) for y in _YEAR.findall(text)]
    if day:
        years.append(date.fromordinal(day).year)
    mask = 0
    for y in years:
        if FIRST_YEAR <= y < FIRST_YEAR + 100:
            mask |= 1 << (y - FIRST_YEAR)
    return mask


def written_window(text: str) -> tuple[int, int, int, int]:
    """``Signals.window`` of an undated text, read from its own time expressions."""
    timex = find_timex(text)
    sentence_of = sentence_reader(Article(id="", body=text))
    years = {int(t.value[:4]) for t in timex if _DAY.match(t.value)}
    weekday = the_weekday(timex, sentence_of)
    weekday = -1 if weekday is None else weekday
    found = written_between(timex, sentence_of, max(years) if years else _ANY_YEAR)
    if found is None:
        return (0, 0, weekday, 0)
    if years:
        return (found[0].toordinal(), found[1].toordinal(), weekday, 1)
    return (found[0].month * 100 + found[0].day, found[1].month * 100 + found[1].day, weekday, 0)


def dated_days(doc: StoryInput, day: int) -> tuple[int, int]:
    """(``Signals.happened``, ``Signals.upcoming``) of a document printed on the day ordinal ``day``,
    from one reading of its time expressions."""
    printed = date.fromordinal(day)
    text = body_text(doc)
    timex = find_timex(text, printed)
    sentence_of = sentence_reader(Article(id="", body=text))
    # the first weekday the lead (its first paragraph) reports as past: when its happening was (a
    # weekday further down is as often an earlier step of the story)
    lead_start = len(text) - len(text.lstrip())
    lead_end = text.find("\n", lead_start)
    lead_end = len(text) if lead_end < 0 else lead_end
    weekday = next(
        (
            w
            for t in timex
            if t.start < lead_end and (w := weekday_of(t)) is not None and not is_future(sentence_of(t.start))
        ),
        None,
    )
    happened = weekday_date(printed, weekday + 1, -1).toordinal() if weekday is not None else 0
    later = [
        when.toordinal()
        for t in timex
        if (when := absolute_day(t.value)) is not None and when > printed and is_future(sentence_of(t.start))
    ]
    return happened, min(later, default=0)


def full_text(doc: StoryInput) -> str:
    """Title and text, the title counted once (``features.body_text``)."""
    return (doc.title or "") + "\n" + body_text(doc)


def signals(docs: Sequence[StoryInput], words: Sequence[tuple[np.ndarray, np.ndarray]] | None = None) -> list[Signals]:
    """Each document's signals (the embeddings computed in fixed-shape batches); ``words`` are
    the word vectors when the caller has them already."""
    from parallax.stories.embed import embed_exact

    embeddings = embed_exact([lead(d) for d in docs])
    out = []
    for i, (d, e) in enumerate(zip(docs, embeddings, strict=True)):
        text = full_text(d)
        day = day_number(d.published)
        window = NO_WINDOW if day else written_window(body_text(d))
        happened, upcoming = dated_days(d, day) if day else (0, 0)
        vector = words[i] if words is not None else word_vector(text)
        out.append(Signals(e, vector, day, year_mask(text, day), window, happened, upcoming))
    return out
