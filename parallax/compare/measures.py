"""What a reported number measures: its kind (money in a currency, a percentage, a count), the words
naming the thing counted, and the words around it.

Two outlets' figures are one fact only when they measure the same thing: "42 members of the GOP
caucus" and "the 42 members of the Republican caucus" share the counted noun and its neighbours,
while "12 Russian intelligence officers" and "18 members of the House Foreign Affairs Committee"
count different things however alike their sentences read. A number inside a direct quotation
belongs to the quoted speaker's claim: a 2008 ad's "$800 billion" quoted in a story about a 2012
ad's "$716 billion" is another claim, not a disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parallax.compare.propositions import proposition
from parallax.language.stopwords import SPEECH_WORDS, STOP_WORDS
from parallax.language.terms import stem
from parallax.model import Article, Quantity

#: Words after the number that can name what it counts ("42 members of the GOP caucus"); words that
#: cannot (``_counted``: "percent of the", "rose to") and other figures ("from $640 to $1,740") are
#: passed over.
AFTER_WORDS = 2
#: Words before it that can name it too ("cut Medicare by $800 billion", "a toll of 38").
BEFORE_WORDS = 2
#: Share of their contexts two figures named by a shared word (not the counted word) must have in
#: common to count the same thing.
NAMED_CONTEXT_MIN = 0.3
#: A figure given as a forecast: "economists expected", "analysts had forecast", "were looking for"
#: (not an outcome set against one: "a better-than-expected 250,000 jobs").
_FORECAST = re.compile(
    r"\b(?<!than[- ])(?:expect(?:ed|s|ing)?|forecasts?|forecast(?:ed|ing)|predict(?:ed|s|ing)?"
    r"|projected|anticipated|consensus|looking\s+for)\b",
    re.IGNORECASE,
)
#: At most this many people named by a percentage for it to be one person's share.
PEOPLE_SHARE = 2
#: Half-width, in words, of the context a figure is compared by.
CONTEXT_WORDS = 10

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]{1,2}\b)?|\d[\d,.]*|[.,;:!?()\"“”—–]")
_BREAK = frozenset('.,;:!?()"“”—–')
#: Words that sit next to a figure without saying what it measures.
_FILLER = STOP_WORDS | SPEECH_WORDS | frozenset(
    (
        "percent", "per", "cent", "percentage", "point", "points", "million", "billion", "trillion", "thousand",
        "hundred", "dozen", "dollars", "dollar", "euros", "pounds", "nearly", "almost", "roughly", "around",
        "approximately", "estimated", "least", "many", "fewer", "less", "than", "another", "total", "number",
        "all", "only", "some", "about", "just", "year", "years", "new", "last", "first", "one", "two", "three",
        "four", "five", "six", "seven", "eight", "nine", "ten",
        "worth", "valued", "value", "cost", "costs", "amount", "sum", "including", "like",
    )
)  # fmt: skip
#: Figures that develop while a story runs, by what they count: a later report of one supersedes an
#: earlier one, and two wordings of one ("a toll of 38", "29 people died") count the same thing.
DEVELOPING_KINDS = {
    kind: frozenset(stem(w) for w in words.split())
    for kind, words in {
        "deaths": "toll dead death deaths killed died die fatalities bodies victims",
        "injured": "injured wounded injuries hurt",
        "missing": "missing",
        "displaced": "evacuated evacuees displaced homeless",
        "arrests": "arrested arrests detained detentions",
        "cases": "cases infected infections",
        "votes": "votes tally ballots",
    }.items()
}
DEVELOPING = frozenset().union(*DEVELOPING_KINDS.values())
#: When a figure is given for ("38 on Saturday", "3.5% in September"): not what it counts.
# fmt: off
_DAYS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "week",
    "month", "morning", "evening", "night", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
))
# fmt: on
#: Verbs of change and the words of a record between a measured thing and its figure ("the
#: unemployment *rate* hit 22 percent", "the rate declined to a fresh five-decade low of 5.2%"): they
#: can name a figure among its words, never the thing it counts.
# fmt: off
_NOT_COUNTED = frozenset(stem(w) for w in (
    "rose", "rise", "rises", "rising", "risen", "fell", "fall", "falls", "falling", "fallen", "dropped", "drop",
    "drops", "dropping", "declined", "decline", "declines", "declining", "climbed", "climb", "climbs", "climbing",
    "increased", "increase", "increases", "increasing", "decreased", "decrease", "decreases", "decreasing",
    "jumped", "jump", "jumps", "surged", "surge", "surges", "soared", "soar", "soars", "skyrocketed",
    "skyrocketing", "plunged", "plunge", "plunges", "grew", "grow", "grows", "growing", "hit", "hits", "reached",
    "reach", "reaches", "stood", "stands", "totaled", "totalled", "totals", "topped", "tops", "sending", "sent",
    "put", "puts", "low", "lower", "lowest", "high", "higher", "highest", "record", "fresh", "level", "levels",
    "decade", "decades", "among",
))
# fmt: on


@dataclass(frozen=True, slots=True)
class Measure:
    """What one figure measures. ``kind`` is a currency code, "percent" or "count"; ``named`` the
    stems of the words naming the thing measured (next to the number); ``context`` the stems of
    the content words around it; ``speaker`` who is quoted saying it (lower-case surname), if it
    sits inside a direct quotation, else None."""

    kind: str
    head: str | None
    """The stem of the word the number counts: the first content word after it ("42 *members*",
    "35 percent *Latino*", "$447 billion *job*-creation plan"), else the nearest before it."""
    named: frozenset[str]
    context: frozenset[str]
    speaker: str | None = None
    quoted: bool = False
    clause: frozenset[str] = frozenset()
    """The stems of the content words of the whole clause ("the death *toll* from the collapse of the
    dam rose to 38"): what a developing count is of, when no nearer word says."""
    forecast: bool = False
    """Whether the clause gives the figure as expected rather than found ("economists had expected
    the rate to fall 12.3%"): a forecast and an outcome are two claims, not a disagreement."""
    people: frozenset[str] = frozenset()
    """Whose figure it is (canonical names, ``_owners``): "Cantor won 79 percent" is not "Brat won 56
    percent"."""

    @property
    def developing(self) -> bool:
        """Whether the figure is a count that grows while the story runs (a toll, a tally)."""
        return self.developing_kind is not None

    @property
    def developing_kind(self) -> str | None:
        """Which developing count the figure is of ("deaths" for "a toll of 38" and for "29 people
        died"), if any, read from the nearest words out: its head, the words next to it, its
        context, its clause."""
        return self._developing((self.context, self.clause))

    @property
    def developing_kind_near(self) -> str | None:
        """The developing count the words around the number name, if any: not a word further off in
        its clause ("24 Republicans and Michigan Rep. Justin Amash, a libertarian, voted against it"
        is no count of votes)."""
        return self._developing((self.context,))

    def _developing(self, further: tuple[frozenset[str], ...]) -> str | None:
        if self.kind != "count":
            return None
        for words in ({self.head} if self.head else set(), self.named, *further):  # nearest first
            kind = next((k for k, stems in DEVELOPING_KINDS.items() if words & stems), None)
            if kind is not None:
                return kind
        return None


def _content(words: list[str]) -> list[str]:
    words = [re.sub(r"['’][a-z]{0,2}$", "", w) for w in words]
    return [
        stem(w) for w in words if w[0].isalpha() and w.lower() not in _FILLER and w.lower() not in _DAYS and len(w) > 2
    ]


def _kind(q: Quantity) -> str:
    unit = q.unit or ""
    if unit == "percent":
        return "percent"
    if unit.isupper() and len(unit) == 3:  # a currency code
        return unit
    return "count"


def _speaker(article: Article, q: Quantity) -> tuple[bool, str | None]:
    for quote in article.quotes:
        if quote.direct and quote.start <= q.start < quote.end:
            name = (quote.speaker or "").split()
            return True, (name[-1].lower().strip(".,") if name else None)
    return False, None


def _walk(
    body: str, start: int, end: int, limit: int, *, backwards: bool = False, content: bool = False
) -> list[re.Match[str]]:
    """The words of ``body[start:end]`` from its end (``backwards``) or its start, nearest first, up
    to ``limit`` of them (``content``: of them that can name a figure's thing, the others passed
    over, and never past another figure) and never past punctuation."""
    found = list(_WORD.finditer(body, start, end))
    out: list[re.Match[str]] = []
    counted = 0
    for k, m in enumerate(reversed(found) if backwards else found):
        if m.group() in _BREAK or counted >= limit:
            break
        # another figure: its words are its own, unless it opens a range to this one or is coordinated
        # with it (``_joined``); one glued to this one is of it ("1,000-for-1,000 swap")
        other = content and m.group()[0].isdigit() and body[m.start() - 1] in " $£€\n"
        if other and not (backwards and _joined(found[len(found) - k : len(found) - k + 2], k)):
            break
        out.append(m)
        counted += 1 if not content or _counted([m.group()]) else 0
    return out


def _joined(between: list[re.Match[str]], k: int) -> bool:
    """Whether a figure passed on the way back from another opens a range to it ("from $640 to
    $1,740", "by 81 percent to $1,160": ``to`` among the two words after it) or is coordinated with
    it ("girls aged 13 and 15", "$3,000 or $4,000": ``and``/``or`` alone between the two), so that
    what the first is of is what the second is of."""
    words = [w.group().lower() for w in between]
    return "to" in words or (k == 1 and words[:1] in (["and"], ["or"]))


def _counted(words: list[str]) -> list[str]:
    """The stems that can name what a figure counts, nearest first: content words, not a verb of
    change or a record ("rose", "low"), an adverb ("unexpectedly") or a possessor ("the agency's
    core team")."""
    return [s for w in words if not re.search(r"['’]s?$|^[a-z]+ly$", w) for s in _content([w]) if s not in _NOT_COUNTED]


def _phrase(body: str, c0: int, start: int, end: int, c1: int) -> tuple[int, int]:
    """The figure's phrase: up to ``CONTEXT_WORDS`` words either side of it, cut at punctuation."""
    left = _walk(body, c0, start, CONTEXT_WORDS, backwards=True)
    right = _walk(body, end, c1, CONTEXT_WORDS)
    return (left[-1].start() if left else start), (right[-1].end() if right else end)


def _owners(article: Article, q: Quantity, k0: int, k1: int) -> frozenset[str]:
    """Whose figure it is: the people named in its phrase ("Romney leads the pack at 32 percent",
    "24 Republicans and Justin Amash voted against it"), else those named before it in its clause
    without the attribution ("Cantor had won primaries in his district, ..., with 79 percent"). People
    past a comma or a bracket belong to another part of the sentence ("17 Republicans opposed the
    resolution, whose sponsor Tom Malinowski ...")."""
    people = [m for m in article.mentions if m.label == "PERSON" and k0 <= m.start < k1]
    w0, w1 = _phrase(article.body, k0, q.start, q.end, k1)
    near = frozenset(m.canonical for m in people if w0 <= m.start < w1)
    return near or frozenset(m.canonical for m in people if m.start < q.start)


def measure(article: Article, q: Quantity, clause: tuple[int, int]) -> Measure:
    """What ``q`` (a quantity of ``article`` inside the clause ``clause``) measures."""
    body = article.body
    c0, c1 = clause
    digits = re.search(r"\d", q.text)
    number_end = q.start + (digits.end() if digits else 0)
    m = re.match(r"\d*(?:[,.]\d+)*", body[number_end:])
    number_end += m.end() if m else 0
    after = [m.group() for m in _walk(body, number_end, c1, AFTER_WORDS, content=True)]
    before = [m.group() for m in _walk(body, c0, q.start, BEFORE_WORDS, backwards=True, content=True)]
    left = _WORD.findall(body[c0 : q.start])[-CONTEXT_WORDS:]
    right = _WORD.findall(body[q.end : c1])[:CONTEXT_WORDS]
    quoted, speaker = _speaker(article, q)
    # the thing counted: the word after the number, or when a clause ends there ("the toll rose to
    # 38, officials said"), the nearest before it
    counted = _counted(after) or _counted(before)
    # whose figure it is, not who gives it: the people of the clause without its attribution
    clause_text = body[c0:c1]
    asserted = proposition(clause_text)
    k0 = c0 + max(0, clause_text.find(asserted))
    k1 = k0 + len(asserted)
    people = _owners(article, q, max(c0, k0), min(c1, k1))
    forecast = bool(_FORECAST.search(clause_text))
    return Measure(
        kind=_kind(q),
        head=counted[0] if counted else None,
        named=frozenset(_content(after) + _content(before)),
        context=frozenset(_content(left + right)),
        speaker=speaker,
        quoted=quoted,
        people=people,
        forecast=forecast,
        clause=frozenset(_content(_WORD.findall(clause_text))),
    )


_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))


def _surnames(people: frozenset[str]) -> frozenset[str]:
    """People by their surnames (the last word of their names but a suffix: "Jesse Jackson Jr."): a
    name read with a word too many ("D.C. Mohammad Anwar", a sentence break missed after an
    abbreviation) is still the same person's."""
    out = set()
    for name in people:
        words = [w.strip(".,").lower() for w in name.split()]
        words = [w for w in words if w and w not in _SUFFIXES] or words
        if words:
            out.add(words[-1])
    return frozenset(out)


def same_claimant(a: Measure, b: Measure) -> bool:
    """Whether two figures can be one claim by whom it is about and who makes it: two reporters'
    clauses naming people, none of them the same, are about different people (a quotation's
    figure is the speaker's claim, whoever it names); a forecast and an outcome are two claims;
    two quotations of different speakers (an unnamed speaker counting as another) are two claims;
    a reporter's figure can restate a quoted one."""
    if not a.quoted and not b.quoted and a.people and b.people and not _surnames(a.people) & _surnames(b.people):
        return False
    if a.forecast != b.forecast:
        return False
    if a.quoted and b.quoted:
        return a.speaker == b.speaker
    return True


def same_thing(a: Measure, b: Measure) -> bool:
    """Whether two figures count the same thing by its name: same kind and the same word next after
    the number. Two different values are a conflict only then; sharing a word further off ("12
    Russian intelligence officers" and "18 members of the committee" both near "Russia") is not enough."""
    if a.kind != b.kind:
        return False
    # read as two developing counts of different things ("at least 60 people still missing", "the
    # bodies of 37 people"), however alike they are worded
    kinds = (a.developing_kind_near, b.developing_kind_near)
    if None not in kinds and kinds[0] != kinds[1]:
        return False
    if a.head is not None and a.head == b.head:
        return True
    # named alike next to both numbers, in much the same words around them ("$1.9 trillion coronavirus
    # relief package" / "$2.8 trillion COVID-19 relief proposal")
    if a.named & b.named and context_overlap(a, b) >= NAMED_CONTEXT_MIN:
        return True
    # one person's share ("Romney leads the pack at 32 percent" / "Romney ... with 21 percent"); a
    # figure among a list of several people's ("Palin (12 percent) and Gingrich (9 percent)") may be
    # of another count (among one party's voters)
    if (
        a.kind == "percent"
        and _surnames(a.people) & _surnames(b.people)
        and max(len(a.people), len(b.people)) <= PEOPLE_SHARE
    ):
        return True
    return a.developing_kind is not None and a.developing_kind == b.developing_kind


def context_overlap(a: Measure, b: Measure) -> float:
    """Share of the smaller context the two figures' contexts have in common (0..1)."""
    small = min(len(a.context), len(b.context))
    return len(a.context & b.context) / small if small else 0.0
