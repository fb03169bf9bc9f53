"""Quotes and attributions with their speakers: direct quotes in every quotation style, partial
quotes inside a sentence, reported speech ("Putin said that ...", "according to Peskov, ...").

Direct quotes come from paired quotation marks; their speaker is the subject of the nearest speech
verb outside the quote in the same paragraph. Reported speech comes from the dependency parse: the
clausal complement of a speech verb, or the clause an "according to" phrase attaches to. A pronoun
speaker ("he added") is resolved to the last named speaker before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallax.annotate.quotes.cues import SPEECH_VERBS
from parallax.annotate.quotes.marks import find_quoted, paragraphs
from parallax.annotate.quotes.speakers import is_pronoun, phrase, subject_of
from parallax.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Attribution", "attributions", "find_quotes"]

#: How far (characters) a cue verb may sit from a direct quote in its paragraph.
CUE_WINDOW = 160
MIN_QUOTE_WORDS = 2


@dataclass(frozen=True, slots=True)
class Attribution:
    start: int
    end: int
    direct: bool
    cue: str | None
    source: tuple[int, int] | None  # the speaker's mention where the quote is (may be a pronoun)
    speaker: tuple[int, int] | None  # the named mention it resolves to


def _cue_verbs(doc: Doc) -> list[Token]:
    return [t for t in doc if t.lower_ in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")]


def attributions(text: str, doc: Doc) -> list[Attribution]:
    """Every attribution in document order (direct and reported)."""
    quoted = [q for q in find_quoted(text) if len(text[q.start : q.end].split()) >= MIN_QUOTE_WORDS]
    verbs = _cue_verbs(doc)
    paras = paragraphs(text)
    found: list[Attribution] = []

    def inside_quote(pos: int) -> bool:
        return any(q.start <= pos < q.end for q in quoted)

    for q in quoted:
        para = next(((a, b) for a, b in paras if a <= q.start < b), (0, len(text)))
        candidates = [
            v
            for v in verbs
            if para[0] <= v.idx < para[1]
            and not inside_quote(v.idx)
            and (q.start - CUE_WINDOW <= v.idx <= q.end + CUE_WINDOW)
        ]
        candidates.sort(key=lambda v: min(abs(v.idx - q.end), abs(v.idx - q.start)))
        verb = next((v for v in candidates if subject_of(v) is not None), None)
        source = None
        if verb is not None:
            subj = subject_of(verb)
            span = phrase(subj) if subj is not None else None
            source = (span.start_char, span.end_char) if span is not None else None
        found.append(Attribution(q.start, q.end, True, verb.text if verb is not None else None, source, None))

    for verb in verbs:
        if inside_quote(verb.idx):
            continue
        for child in verb.children:
            if child.dep_ not in ("ccomp", "xcomp") or child.pos_ not in ("VERB", "AUX"):
                continue
            tokens = [t for t in child.subtree if not (t.dep_ == "mark" and t.i == child.left_edge.i)]
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            if any(q.start < end and start < q.end for q in quoted) or end - start < 8:
                continue
            subj = subject_of(verb)
            span = phrase(subj) if subj is not None else None
            found.append(
                Attribution(
                    start, end, False, verb.text, (span.start_char, span.end_char) if span is not None else None, None
                )
            )
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if not objs:
                continue
            span = phrase(objs[0])
            sent = token.sent
            phrase_end = max(t.i for t in objs[0].subtree) + 1
            if token.i - sent.start > sent.end - phrase_end:  # "..., according to X."
                cs, ce = sent.start_char, token.idx
            else:  # "According to X, ..."
                cs, ce = doc[min(phrase_end, len(doc) - 1)].idx, sent.end_char
            content = text[cs:ce].strip(" ,.;")
            if len(content.split()) < 3 or any(q.start < ce and cs < q.end for q in quoted):
                continue
            cs = text.index(content, cs)
            found.append(
                Attribution(cs, cs + len(content), False, "according to", (span.start_char, span.end_char), None)
            )
    found.sort(key=lambda a: a.start)
    return _resolve(text, doc, found)


def _resolve(text: str, doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Give each attribution a named speaker: its own source when that is a name; for a pronoun (or a
    direct quote with no cue of its own) the last named speaker before it, else the last person named."""
    out = []
    last_named: tuple[int, int] | None = None
    for a in found:
        span = doc.char_span(*a.source, alignment_mode="expand") if a.source else None
        pronoun = span is not None and len(span) == 1 and is_pronoun(span[0])
        if a.source is not None and not pronoun:
            speaker = last_named = a.source
        elif a.source is not None or a.direct:
            speaker = last_named or _last_person(doc, a.start)
        else:
            speaker = None
        out.append(Attribution(a.start, a.end, a.direct, a.cue, a.source, speaker))
    return out


def _last_person(doc: Doc, offset: int) -> tuple[int, int] | None:
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= offset]
    return (people[-1].start_char, people[-1].end_char) if people else None


def find_quotes(text: str, doc: Doc | None = None) -> list[Quote]:
    """Quotes with their speakers, as the dossier reports them."""
    if doc is None:
        from parallax.annotate.nlp import load_nlp

        doc = load_nlp()(text)
    quotes = []
    for a in attributions(text, doc):
        speaker = text[a.speaker[0] : a.speaker[1]] if a.speaker else None
        quotes.append(
            Quote(
                start=a.start,
                end=a.end,
                text=text[a.start : a.end],
                speaker=speaker,
                speaker_start=a.speaker[0] if a.speaker else None,
                speaker_end=a.speaker[1] if a.speaker else None,
                direct=a.direct,
                cue=a.cue,
            )
        )
    return quotes
