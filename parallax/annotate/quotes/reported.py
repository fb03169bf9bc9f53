"""Reported speech without quotation marks, from the dependency parse.

What is attributed is the complement of a cue verb: its clause ("said that the talks failed",
"wants to raise taxes"), its object ("endorsed Sanders", "called the plan a mistake"), or its
prepositional object ("called for a ban", "talked about taxes", "accused him of lying"). The cue's
subject is the source. A clause verb with a clause reports the clause; otherwise the object, with
what completes it ("the plan a mistake", "Trump as a threat"); otherwise the prepositional object.
A verb of naming reports its object only with what it is named ("called the charges
fabricated"), not alone ("called the senator"). A speech verb set inside the clause it reports
("The policy, she said, is wrong") reports that clause; a passive one its subject ("the plan was
announced by the governor", whose agent is the source).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallax.annotate.quotes.cues import (
    CLAUSE_VERBS,
    DIRECT_ONLY,
    NAMING_VERBS,
    OBJECT_VERBS,
    PREP_CUES,
    SPEECH_VERBS,
)
from parallax.annotate.quotes.speakers import subject_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

#: A reported clause shorter than this (characters) is no statement ("said so"); a noun phrase
#: may be one word ("talked about taxes").
MIN_CONTENT = 8
MIN_PHRASE = 3
#: Complements that complete an object: "called the plan [a mistake]", "described him [as a threat]".
_OBJECT_TAIL = frozenset({"oprd", "ccomp", "xcomp"})


@dataclass(frozen=True, slots=True)
class Reported:
    """A reported statement: its content span, the verb that reports it and its subject."""

    start: int
    end: int
    verb: Token
    cue: str
    frame: str  # "clause", "object", "prep", "aside" or "passive"
    subject: Token | None


def reported(doc: Doc, blocked: Callable[[int, int], bool]) -> list[Reported]:
    """Every cue verb's reported complement, unless ``blocked`` (a span that holds a direct quote,
    or a verb inside quotation marks) rules it out."""
    out: list[Reported] = []
    for word in doc:
        if blocked(word.idx, word.idx + 1):
            continue
        if word.pos_ not in ("VERB", "AUX") or word.lower_ in DIRECT_ONLY:
            continue
        found = _complement(word)
        if found is None:
            continue
        tokens, cue, frame = found
        tokens = [t for t in tokens if not (t.dep_ == "mark" and t.i == tokens[0].i)]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if end - start < (MIN_CONTENT if frame in ("clause", "aside") else MIN_PHRASE) or blocked(start, end):
            continue
        out.append(Reported(start, end, word, cue, frame, subject_of(word)))
    return out


def _complement(verb: Token) -> tuple[list[Token], str, str] | None:
    """The tokens of what ``verb`` reports, with the cue as written ("said", "called for") and the
    frame that found them."""
    word = verb.lower_
    children = list(verb.children)
    if word in CLAUSE_VERBS:
        for child in children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                return list(child.subtree), verb.text, "clause"
    objects = [c for c in children if c.dep_ == "dobj"]
    named = word in NAMING_VERBS and any(c.dep_ == "oprd" for c in children)
    if objects and (word in OBJECT_VERBS or named):
        obj = objects[0]
        parts = [obj] + [c for c in children if c.i > obj.i and (c.dep_ in _OBJECT_TAIL or _introduces(verb, c))]
        return _joined(parts), verb.text, "object"
    preps = PREP_CUES.get(word)
    if preps:
        for child in children:
            if child.dep_ == "prep" and child.lower_ in preps:
                objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                if objects:
                    return list(objects[0].subtree), f"{verb.text} {child.text}", "prep"
    if word in SPEECH_VERBS and verb.dep_ == "parataxis" and not objects:
        return _aside(verb), verb.text, "aside"
    if word in OBJECT_VERBS and not objects:
        subjects = [c for c in children if c.dep_ == "nsubjpass"]
        if subjects:
            tail = [c for c in children if c.i > verb.i and _introduces(verb, c)]
            return _joined([subjects[0], *tail]), verb.text, "passive"
    return None


def _aside(verb: Token) -> list[Token]:
    """What a speech verb set aside in a clause reports: the clause around it ("The policy, she
    said, is wrong"), without a clause coordinated after the aside ("…, officials said, and the
    crossings reopened" is the narrator's) and without the aside itself when it closes the span."""
    head = verb.head
    after = {t.i for c in head.children if c.i > verb.i and c.dep_ in ("cc", "conj") for t in c.subtree}
    tokens = [t for t in head.subtree if t.i not in after]
    aside = {t.i for t in verb.subtree}
    while tokens and (tokens[-1].i in aside or tokens[-1].is_punct):
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    return tokens


def _introduces(verb: Token, child: Token) -> bool:
    return child.dep_ == "prep" and child.lower_ in PREP_CUES.get(verb.lower_, ())


def _joined(parts: list[Token]) -> list[Token]:
    """The tokens from the first part's left edge to the last part's right edge."""
    doc = parts[0].doc
    left = min(p.left_edge.i for p in parts)
    right = max(p.right_edge.i for p in parts)
    return list(doc[left : right + 1])
