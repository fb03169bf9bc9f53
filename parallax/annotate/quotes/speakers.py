"""Who said it: the subject of the cue verb, as a full name phrase; a pronoun resolved to the last
named speaker before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parallax.annotate.quotes.cues import PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJECTS = ("nsubj", "nsubjpass")
_PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "punct"})


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:  # "..., Putin said and added"
        return subject_of(verb.head)
    for child in verb.children:  # passive agent: "was told by the minister"
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return adjacent_subject(verb)


def _nominal(token: Token) -> bool:
    return token.pos_ in ("PROPN", "NOUN", "PRON") or (
        token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and token.text[:1].isupper()
    )


def adjacent_subject(verb: Token) -> Token | None:
    """When the parse gives the cue verb no subject (a small model may read an unknown surname as
    an auxiliary), the name right before it ("..., Arend said") or right after ("said Arend")."""
    sent = verb.sent
    left = verb.i - 1
    while left >= sent.start and verb.i - left <= 3 and verb.doc[left].pos_ in ("ADV", "PART"):
        left -= 1
    if left >= sent.start and verb.doc[left].text[:1].isupper() and verb.doc[left].is_alpha:
        return verb.doc[left]
    if left >= sent.start and verb.doc[left].pos_ == "PRON":
        return verb.doc[left]
    right = verb.i + 1
    if right < sent.end and _nominal(verb.doc[right]) and verb.doc[right].text[:1].isupper():
        return verb.doc[right]
    return None


def phrase(token: Token) -> Span:
    """The name phrase headed by ``token``: a named entity containing it, else its noun phrase
    without appositions and relative clauses ("the Kremlin's spokesperson")."""
    doc = token.doc
    if token.ent_type_ and token.ent_iob_ != "O":
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
    left = token.i
    for child in token.lefts:
        if child.dep_ in _PHRASE_DEPS:
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat"):
            right = max(right, child.i)
    return doc[left : right + 1]


def is_pronoun(token: Token) -> bool:
    return token.lower_ in PRONOUNS


def named_people_before(doc: Doc, offset: int) -> list[Span]:
    return [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= offset]
