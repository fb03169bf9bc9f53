"""Who said it: the subject of the cue verb, as a full name phrase; a pronoun resolved to the last
named speaker before it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from parallax.annotate.quotes.cues import PRONOUNS, SOURCELESS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "punct"})


def subject_of(verb: Token, skip: Callable[[Token], bool] | None = None) -> Token | None:
    """Who does ``verb``: its subject, the subject of the verb it hangs on ("..., Putin said and
    added", "issued a statement saying"), its passive agent, or the name beside it. A passive
    verb's subject is not its source ("she is expected to win"), nor is the subject of "seems"
    (the writer's reading of someone), nor the one a passive participle hangs on ("Asked about
    the plan, she said": someone else asked). ``skip`` rules candidates out (a subject parsed
    inside the quote)."""
    if verb.lower_ in SOURCELESS:
        return None

    def ok(token: Token) -> bool:
        return token.ent_type_ not in ("DATE", "TIME") and not (skip and skip(token))

    for child in verb.children:
        if child.dep_ == "nsubj" and ok(child):
            return child
    for child in verb.children:  # passive agent: "was told by the minister"
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj" and ok(grand):
                    return grand
    if any(child.dep_ == "nsubjpass" for child in verb.children) or (verb.tag_ == "VBN" and verb.dep_ == "advcl"):
        return None
    head = verb.head
    if verb.dep_ in ("acl", "pcomp") and head.dep_ in ("dobj", "pobj", "prep"):  # "a statement saying"
        head = head.head.head if head.dep_ == "pobj" else head.head
    if verb.dep_ in ("conj", "advcl", "xcomp", "acl", "pcomp") and head is not verb and head.pos_ in ("VERB", "AUX"):
        return subject_of(head, skip)
    found = adjacent_subject(verb)
    if found is not None:
        return found if ok(found) else None
    # a verb the parse cut loose from the clause before ("summed up ..., denounced ... and said ..."):
    # the subject of the nearest verb before it in its sentence
    for left in reversed(verb.doc[verb.sent.start : verb.i]):
        if left.pos_ in ("VERB", "AUX"):
            subjects = [c for c in left.children if c.dep_ == "nsubj" and ok(c)]
            if subjects:
                return subjects[0]
    return None


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
    before = verb.doc[left] if left >= sent.start else None
    # a capitalised word, unless it is capitalised only for opening the sentence ("Since announcing")
    if before is not None and before.text[:1].isupper() and before.is_alpha and (left > sent.start or _nominal(before)):
        return before
    if before is not None and before.pos_ == "PRON":
        return before
    right = verb.i + 1
    if right < sent.end and _nominal(verb.doc[right]) and verb.doc[right].text[:1].isupper():
        return verb.doc[right]
    return None


def phrase(token: Token) -> Span:
    """The name phrase headed by ``token``: a named entity containing it, else its noun phrase
    without appositions and relative clauses ("the Kremlin's spokesperson")."""
    doc = token.doc
    if token.ent_type_ and token.ent_iob_ != "O":  # the entity around it, walked from the IOB tags
        start, end = token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end]
    left = token.i
    for child in token.lefts:
        if child.dep_ in _PHRASE_DEPS:
            left = min(left, child.left_edge.i)
    for t in doc[left : token.i]:  # a dateline is no part of the name: "VIENNA — Negotiators"
        if t.is_punct and t.text in "—–-:|":
            left = t.i + 1
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat"):
            right = max(right, child.i)
    return doc[left : right + 1]


def mention_of(token: Token, start: int, end: int) -> Span:
    """The whole mention headed by ``token``, with its modifiers, appositions and relative clauses
    ("Sen. Jane Roe (D-Ore.), who chairs the committee"), as long as it stays clear of the content
    ``start``-``end``; else its name phrase."""
    name = phrase(token)
    left = min(token.left_edge.i, name.start)
    right = max(token.right_edge.i + 1, name.end)
    doc = token.doc
    while right - 1 > left and doc[right - 1].is_punct:
        right -= 1
    while left < right - 1 and doc[left].is_punct:
        left += 1
    span = doc[left:right]
    if span.start_char < end and start < span.end_char:
        return name
    return span


def named(token: Token) -> Token:
    """Who a subject names: for the relative pronoun of "the senator, who said ...", the senator."""
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def is_pronoun(token: Token) -> bool:
    return token.lower_ in PRONOUNS


def named_people_before(doc: Doc, offset: int) -> list[Span]:
    return [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= offset]
