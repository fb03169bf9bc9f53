"""Fact units: the smallest pieces of an article that can be cross-checked against other outlets.

A sentence is a statement fact; each number in it is also a quantity fact of its own, because one
sentence often reports two figures ("6,000 bodies handed over, nearly 3,000 more to come") that
other outlets report separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from parallax.annotate.sentences import sentences
from parallax.compare.measures import Measure, measure
from parallax.compare.propositions import proposition
from parallax.model import Article, Quantity, TimeExpr

MIN_WORDS = 5


@dataclass(frozen=True, slots=True)
class FactUnit:
    article: str
    start: int
    end: int
    text: str
    quantity: Quantity | None
    entities: frozenset[str]
    dates: frozenset[str]
    """The time expressions (values) of the clause; for a figure, those it is given for (``_tied``)."""
    core: str = ""
    """The text compared across outlets. For a statement, what it asserts without its attribution
    ("the minister said that ...", "..., he added"), so that who said it does not count as what was
    said; for a figure, its whole sentence."""
    measure: Measure | None = None
    """For a figure, what it measures (``measures.measure``)."""


_CLAUSE_BREAK = re.compile(
    r",[\"”’]?\s+(?=(?:although|though|but|while|whereas|adding|saying|and said|and added)\b)"  # ',” but'
    r"|;\s+|\s+[–—]\s+|,\s+(?=[\"“]?(?:we|he|she|they|it)\s+(?:need|must|will|would|should|can)\b)"
    # "... but the details have not been worked out": a new subject after a bare "but"
    r"|\s+(?=but\s+(?:the|a|an|no|its|their|his|her|it|he|she|they|we)\s)"
    # "..., the date of which is not set": a relative clause hung on its own noun phrase
    r"|,\s+(?=(?:the|its|their|whose)\s[^,.;]{1,40}?\s(?:of|for|in|on|at|by)\s+which\s)"
)
MIN_CLAUSE_WORDS = 4
#: A clause opening on its subject ("we would hold a third round") ...
_SUBJECT_FIRST = re.compile(r"[\"“]?(?:we|he|she|they|it)\s", re.I)
#: ... after a subordinate clause that it completes ("once this stage is completed").
_CONDITION = re.compile(r"\b(?:once|if|unless|until|when|whenever|after|before|because|as soon as)\b", re.I)
_DASHES = frozenset("–—")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence into clauses at contrastive and reporting joints ("..., although the venue
    remains undecided"), so that one outlet's two facts in a sentence can each meet their match."""
    cuts = [start]
    breaks = list(_CLAUSE_BREAK.finditer(text, start, end))
    dashes = [m for m in breaks if m.group().strip() in _DASHES]
    # two dashes in one sentence enclose an aside ("The number of officers forced off-duty — roughly
    # 10% of its core security team — could stress ..."): the sentence stays one clause there
    asides = {m.start() for m in dashes[: len(dashes) // 2 * 2]}
    for m in breaks:
        if m.start() in asides:
            continue
        before, after = text[cuts[-1] : m.start()], text[m.end() : end]
        if len(before.split()) < MIN_CLAUSE_WORDS or len(after.split()) < MIN_CLAUSE_WORDS:
            continue
        # a piece that cannot stand stays with its clause: a predicate with no subject of its own
        # ("..., but only as a result of the work"), or the main clause of a condition ("once this
        # stage is completed, we would hold a third round")
        if _FRAGMENT.match(after) or (_SUBJECT_FIRST.match(after) and _CONDITION.search(before)):
            continue
        cuts.append(m.end())
    cuts.append(end)
    return [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]


#: Openings that lean on the sentences before: a quote mark (whose speaker is named elsewhere), a
#: pronoun or demonstrative ("He added ...", "This ..."), a connective ("Since then, ...", "But ...")
#: or a participle hung on a clause cut away ("adding that ...").
_LEANING = re.compile(
    r"^[\"'“‘«]|^(?:he|she|they|it|we|i|his|her|their|its|this|these|those|that|there|then|since|but|and|so|also"
    r"|adding|saying|noting|stressing|according)\b",
    re.IGNORECASE,
)


def leans_on_context(text: str) -> bool:
    """Whether ``text`` needs the sentences before it to be understood."""
    return bool(_LEANING.match(text.strip()))


#: A heading or a teaser line: no closing punctuation, most words capitalised ("Putin Praises Trump,
#: Signals Openness to U.S. Mediation").
_SENTENCE_END = tuple(".!?\"'”’…")
HEADING_CAPITALS = 0.6
#: A byline, a photo credit or caption, a dateline on its own line: who made the page, not a fact.
_CREDIT = re.compile(
    r"^(?:by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*[,|/-].{0,60})?$"
    r"|(?:photo|photograph|picture|image|caption|credit|file photo|video)s?\s*[:|(/])",
    re.IGNORECASE,
)
#: A clause cut from the sentence that carries it: an infinitive or a preposition hung on a cut-away
#: clause ("to look for ways to bridge the gap", "despite ..."), or a coordinated predicate with no
#: subject of its own ("but would instead harm ...", "but with no concrete commitment"). Reported
#: speech ("adding that every repair would be free") is a claim: its attribution is cut later.
_FRAGMENT = re.compile(
    r"^(?:to|despite|including|as\s+well|(?:but|and|or)\s+(?:with|without|only|also|not|would|will|could|should|may|might|must"
    r"|can|is|are|was|were|has|have|had|then|instead|for|in|on|at|by|from|when))\b"
)


def checkable(text: str) -> bool:
    """Whether a clause states something a reader can check against other outlets: not a heading,
    byline, credit or caption, and not a fragment of a clause cut elsewhere (nor a sentence cut at a
    dash: "Asked by reporters how the settlement process was progressing –")."""
    stripped = text.strip()
    words = stripped.split()
    if not words or _CREDIT.match(stripped) or _FRAGMENT.match(stripped) or stripped.endswith(("–", "—")):
        return False
    return stripped.endswith(_SENTENCE_END) or not _capitalised(words)


def _capitalised(words: list[str]) -> bool:
    """Most words capitalised, as in a headline ("Putin Praises Trump, Signals Openness")."""
    return sum(1 for w in words if w[0].isupper() or not w[0].isalpha()) >= HEADING_CAPITALS * len(words)


def _reads_as_lead(text: str) -> bool:
    """Closed as a sentence and not capitalised as a headline: a lead, though a title was read from it."""
    return text.endswith(_SENTENCE_END) and not _capitalised(text.split())


def _heading_line(body: str, start: int, end: int) -> bool:
    """A line of its own without closing punctuation: a heading or teaser ("Belmir dam toll climbs to
    38, dozens missing"), however it is capitalised."""
    alone = body[:start].rstrip(" \t").endswith("\n") or not body[:start].strip()
    alone = alone and (body[end:].lstrip(" \t").startswith("\n") or not body[end:].strip())
    return alone and not body[start:end].rstrip().endswith(_SENTENCE_END)


def _checkable(q: Quantity) -> bool:
    """Figures worth cross-checking: written in digits, or large ("two sides" is not a figure)."""
    if q.value is None or re.search(r"\d(?:st|nd|rd|th)\b", q.text):  # "the 21st Amendment" is a name
        return False
    return q.value >= 10 or any(ch.isdigit() for ch in q.text)


#: Words opening a clause of its own between a figure and a date: the date is of that clause ("29
#: people died *when* the dam failed on Friday": Friday is when the dam failed, not the day of the count).
_SUBORDINATE = re.compile(r"\b(?:when|after|before|since|as|while|because|until|where|which|who)\b", re.IGNORECASE)


def _tied(body: str, q: Quantity, t: TimeExpr) -> bool:
    """Whether the date ``t`` says when the figure ``q`` was given: after it in its clause ("put the
    toll at 57 on Saturday"), not when something else happened ("the toll from Friday's breach rose
    to 44", "29 people died when the dam failed on Friday")."""
    return t.start >= q.end and not _SUBORDINATE.search(body[q.end : t.start])


def fact_units(article: Article) -> list[FactUnit]:
    """A statement unit per sentence of at least ``MIN_WORDS`` words without numbers, and a quantity
    unit per number in the others."""
    units: list[FactUnit] = []
    body = article.body
    spans = sentences(article)
    title = (article.title or "").strip()
    for span in spans:
        sentence = body[span.start : span.end]
        stripped = sentence.strip()
        if len(stripped.split()) < MIN_WORDS:
            continue
        s0 = span.start + sentence.index(stripped)
        if _heading_line(body, s0, s0 + len(stripped)):
            continue
        # the title repeated atop the body is a heading, unless the text is that one sentence (a wire
        # brief, a text given whole) or the title was read from the body's lead (a sentence closed
        # as one, not capitalised as a headline)
        if stripped == title and len(spans) > 1 and not _reads_as_lead(stripped):
            continue
        for c0, c1 in clauses(body, s0, s0 + len(stripped)):
            text = body[c0:c1].rstrip(" ,;")
            c1 = c0 + len(text)
            if not checkable(text):
                continue
            entities = frozenset(m.canonical for m in article.mentions if c0 <= m.start < c1)
            timex = [t for t in article.timex if c0 <= t.start < c1]
            dates = frozenset(t.value for t in timex)
            quantities = [q for q in article.quantities if c0 <= q.start < c1 and _checkable(q)]
            if not quantities:
                core = proposition(text)
                # a statement's entities are those of what it asserts: a shared speaker is no evidence
                k0 = c0 + max(0, text.find(core))
                named = frozenset(m.canonical for m in article.mentions if k0 <= m.start < k0 + len(core))
                units.append(FactUnit(article.id, c0, c1, text, None, named, dates, core))
            for q in quantities:
                # a figure is compared by its whole sentence: a clause cut from it ("but 17 Republicans
                # opposed it") has lost what it is about, and its measure tells the figures apart
                given = frozenset(t.value for t in timex if _tied(body, q, t))
                units.append(
                    FactUnit(article.id, c0, c1, text, q, entities, given, stripped, measure(article, q, (c0, c1)))
                )
    return units
