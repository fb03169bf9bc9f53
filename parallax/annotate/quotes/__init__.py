"""Quotes and attributions with their speakers: direct quotes in every quotation style, partial
quotes inside a sentence, reported speech ("Putin said that ...", "according to Peskov, ...").

Direct quotes come from paired quotation marks. Their cue is the outermost speech verb whose clause
holds the quote, else a speech verb in the quote's sentence, else the nearest one in its
paragraph; a colon ("Peskov told reporters: ...") or the quote it continues serves when there is
none. A quote interrupted by its attribution is one statement in pieces. Reported speech comes
from the dependency parse: the clausal complement of a speech verb (the outer one when speech is
nested), or the clause an "according to" phrase attaches to.

The source is the mention as written where the statement is ("Sen. Jane Roe (D-Ore.), who chairs
the panel", "he", "who"); the speaker is the name it gives, a pronoun resolved to the last named
speaker before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from parallax.annotate.quotes.coref import Speakers
from parallax.annotate.quotes.cues import SPEECH_VERBS
from parallax.annotate.quotes.marks import QUOTE_MARKS, Quoted, find_quoted, paragraphs
from parallax.annotate.quotes.reported import reported
from parallax.annotate.quotes.speakers import mention_of, subject_of
from parallax.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Attribution", "attributions", "find_quotes"]

#: How far (characters) a cue verb may sit from a direct quote in its paragraph.
CUE_WINDOW = 160
MIN_QUOTE_WORDS = 2
#: At most this many characters between two pieces of one interrupted quote.
SPLIT_GAP = 120
#: A quoted piece that another continues ends a clause of its own inside the marks.
CLAUSE_END = frozenset(",.!?…:;–—")
#: A quote this short with no cue of its own is an expression held at a distance ("the so-called
#: 'peace plan'"), not a statement: it is not attributed to the last speaker.
SCARE_QUOTE_WORDS = 3
#: At most this many words make a title rather than a quote.
TITLE_WORDS = 6
#: How far before a quote its introducing colon is looked for.
COLON_WINDOW = 40


@dataclass(frozen=True, slots=True)
class Attribution:
    """What someone said and who: ``start``/``end`` enclose the content; ``parts`` are its pieces
    when a direct quote is interrupted by its attribution ("'We are ready,' he said. 'The date is
    open.'"), else the one span."""

    start: int
    end: int
    direct: bool
    cue: str | None
    source: tuple[int, int] | None  # the source's whole mention where the quote is (may be a pronoun)
    speaker: tuple[int, int] | None  # the name it resolves to
    parts: tuple[tuple[int, int], ...]


def _cue_verbs(doc: Doc) -> list[Token]:
    return [t for t in doc if t.lower_ in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")]


def attributions(text: str, doc: Doc) -> list[Attribution]:
    """Every attribution in document order (direct and reported)."""
    quoted = [q for q in find_quoted(text) if len(text[q.start : q.end].split()) >= MIN_QUOTE_WORDS]
    verbs = _cue_verbs(doc)
    found = _direct(text, doc, quoted, verbs)

    def blocked(start: int, end: int) -> bool:
        return any(q.start < end and start < q.end for q in quoted)

    for r in reported(doc, blocked):
        found.append(_attribution(r.start, r.end, False, r.cue, r.subject, ((r.start, r.end),)))
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if not objs:
                continue
            sent = token.sent
            phrase_end = max(t.i for t in objs[0].subtree) + 1
            if token.i - sent.start > sent.end - phrase_end:  # "..., according to X."
                cs, ce = sent.start_char, token.idx
            else:  # "According to X, ..."
                cs, ce = doc[min(phrase_end, len(doc) - 1)].idx, sent.end_char
            content = text[cs:ce].strip(" ,.;")
            if any(q.start < ce and cs < q.end for q in quoted):  # "According to X, 'quote'": X said it
                found = [
                    _attribution(a.start, a.end, True, "according to", objs[0], a.parts)
                    if a.direct and a.source is None and cs <= a.start < ce
                    else a
                    for a in found
                ]
                continue
            if len(content.split()) < 3:
                continue
            cs = text.index(content, cs)
            found.append(
                _attribution(cs, cs + len(content), False, "according to", objs[0], ((cs, cs + len(content)),))
            )
    return _resolve(text, doc, _outermost(found))


def _inside(quoted: list[Quoted], pos: int) -> bool:
    return any(q.start <= pos < q.end for q in quoted)


def _outermost(found: list[Attribution]) -> list[Attribution]:
    """In document order, without reported speech nested in other reported speech: "Peskov said he
    believes the talks were useful" is Peskov's statement, not also a belief of its own."""
    out: list[Attribution] = []
    reach = -1  # the furthest end of reported speech so far
    for a in sorted(found, key=lambda a: (a.start, -a.end)):
        if not a.direct and a.end <= reach:
            continue
        if not a.direct:
            reach = max(reach, a.end)
        out.append(a)
    return out


def _attribution(
    start: int, end: int, direct: bool, cue: str | None, subject: Token | None, parts: tuple[tuple[int, int], ...]
) -> Attribution:
    """An attribution whose source is ``subject``'s whole mention as written (perhaps "he" or "who");
    its speaker is resolved once all are found."""
    if subject is None:
        return Attribution(start, end, direct, cue, None, None, parts)
    mention = mention_of(subject, start, end)
    return Attribution(start, end, direct, cue, (mention.start_char, mention.end_char), None, parts)


def _direct(text: str, doc: Doc, quoted: list[Quoted], verbs: list[Token]) -> list[Attribution]:
    """Direct quotes, each with a cue verb in its paragraph whose subject lies outside quotes.

    Pieces of one statement split by its attribution ('"We are ready," he said. "The date is
    open."') become one attribution. A quote with no cue verb takes the subject before a colon
    introducing it ("Peskov told reporters: ..."), else the source of the quote just before it (in
    its paragraph or the one before), which it continues. A short capitalised quote with neither
    is a title, not a quote.
    """
    paras = paragraphs(text)

    def para_of(pos: int) -> int:
        return next((k for k, (a, b) in enumerate(paras) if a <= pos < b), -1)

    out: list[Attribution] = []
    last: tuple[Attribution, Token | None, int] | None = None  # the previous quote, its verb and paragraph
    for q in quoted:
        k = para_of(q.start)
        a, b = paras[k] if k >= 0 else (0, len(text))
        candidates = [
            v
            for v in verbs
            if a <= v.idx < b and not _inside(quoted, v.idx) and (q.start - CUE_WINDOW <= v.idx <= q.end + CUE_WINDOW)
        ]
        # the outermost verb whose clause holds the quote ("insisted that he has 'expanded the party,'
        # claiming ..."), then a cue in its own sentence ("He called it 'a mistake.' The mayor said ..."),
        # then the nearest
        governors = _governors(doc, q)
        candidates.sort(
            key=lambda v: (
                governors.get(v.i, len(governors)),
                not (v.sent.start_char < q.end and q.start < v.sent.end_char),
                min(abs(v.idx - q.end), abs(v.idx - q.start)),
            )
        )
        cued = ((v, subject_of(v, skip=lambda t: _inside(quoted, t.idx))) for v in candidates)
        verb, subject = next(((v, s) for v, s in cued if s is not None), (None, None))
        words = text[q.start : q.end]
        if not (_is_title(words) or len(words.split()) <= SCARE_QUOTE_WORDS) and (
            verb is None or not (verb.i in governors or (verb.sent.start_char < q.end and q.start < verb.sent.end_char))
        ):
            holder = _clause_holder(doc, governors, quoted)
            if holder is not None:
                verb, subject = holder
        if last is not None and last[2] == k and _continues(text, doc, last[0], q, last[1], verb):
            out[-1] = replace(last[0], end=q.end, parts=(*last[0].parts, (q.start, q.end)))
            last = (out[-1], last[1], k)
            continue
        if verb is not None:
            found = _attribution(q.start, q.end, True, verb.text, subject, ((q.start, q.end),))
        elif (colon := _colon_subject(text, doc, q.start)) is not None:
            found = _attribution(q.start, q.end, True, ":", colon, ((q.start, q.end),))
        elif _is_title(text[q.start : q.end]) or len(text[q.start : q.end].split()) <= SCARE_QUOTE_WORDS:
            continue  # a title, or words in quotation marks that nobody is said to have said
        elif last is not None and k - last[2] in (0, 1):
            prev = last[0]
            found = Attribution(q.start, q.end, True, None, prev.source, prev.speaker, ((q.start, q.end),))
        else:
            found = Attribution(q.start, q.end, True, None, None, None, ((q.start, q.end),))
        out.append(found)
        last = (found, verb, k)
    return out


def _governors(doc: Doc, q: Quoted) -> dict[int, int]:
    """The verbs above a quote in the parse (when the quote sits inside a sentence), each with its
    rank from the top: the outermost speaks ("Benjamin said he believes 'there may be ...'")."""
    inside = doc.char_span(q.start, q.end, alignment_mode="expand")
    if inside is None or len(inside) == 0:
        return {}
    above = [t.i for t in inside.root.ancestors if t.pos_ in ("VERB", "AUX") and not (q.start <= t.idx < q.end)]
    return {i: rank for rank, i in enumerate(reversed(above))}


def _clause_holder(doc: Doc, governors: dict[int, int], quoted: list[Quoted]) -> tuple[Token, Token] | None:
    """The person whose clause holds a quote when no speech verb does: 'He voiced a wish for a
    "strong, prosperous Mexico"', 'Perez lobbies for a higher wage: "No one who works ..."'. Their
    words, quoted inside a sentence about them, are theirs, before any speech verb of another
    sentence. The outermost such verb whose subject is a person or a body (``_personal``)."""
    for i in sorted(governors, key=governors.__getitem__):
        verb = doc[i]
        for child in verb.children:
            if child.dep_ == "nsubj" and not _inside(quoted, child.idx) and _personal(child):
                return verb, child
    return None


def _personal(token: Token) -> bool:
    """A personal pronoun or a name that is not a place (a small model reads unknown surnames as
    organisations, and an organisation speaks as itself)."""
    if token.lower_ in ("he", "she", "they", "i", "we"):
        return True
    return token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and token.ent_type_ in ("", "ORG", "NORP"))


def _is_title(quoted: str) -> bool:
    """A few capitalised words with nobody saying them: the name of a book, a show or a slogan
    ("Thelma and Louise", "Make America Great Again"), not a quote."""
    words = quoted.split()
    capitalised = sum(w[:1].isupper() for w in words)
    return (
        len(words) <= TITLE_WORDS
        and capitalised * 2 >= len(words)
        and all(not w[:1].isalpha() or w[:1].isupper() or len(w) <= 3 for w in words)
    )


def _continues(text: str, doc: Doc, prev: Attribution, q: Quoted, prev_verb: Token | None, verb: Token | None) -> bool:
    """Whether ``q`` goes on with the quote before it in the same paragraph: the first piece ends a
    clause, and between them stands nothing, or only the attribution of the first piece ('"We are
    ready," he said, "the date is open."'), not a clause of its own that introduces ``q`` ('He
    called it "a mistake." She said that it was "long overdue."')."""
    gap_start, gap_end = prev.end, q.start
    if gap_end - gap_start > SPLIT_GAP or text[gap_start - 1 : gap_start] not in CLAUSE_END:
        return False
    if not text[gap_start:gap_end].strip(QUOTE_MARKS + " ,.;:–—\n"):
        return True
    if prev_verb is None or not gap_start <= prev_verb.idx < gap_end or (verb is not None and verb.i != prev_verb.i):
        return False
    sent = prev_verb.sent
    if sent.start_char > gap_start and sent.end_char > q.start:  # a new sentence leading into q
        return False
    gap = doc.char_span(gap_start, gap_end, alignment_mode="contract")
    return gap is not None and not any(t.i != prev_verb.i and (t.pos_ == "VERB" or t.lower_ == "that") for t in gap)


def _colon_subject(text: str, doc: Doc, start: int) -> Token | None:
    """The source of a quote introduced by a colon, perhaps at the end of the paragraph before: the
    subject of the clause before it ("Peskov told reporters: ...") or a bare name ("Peskov: ...")."""
    window = text[max(0, start - COLON_WINDOW) : start]
    before = window.rstrip(QUOTE_MARKS + " \u00a0\n")
    if not before.endswith(":") or window.count("\n", len(before)) > 2:
        return None
    at = start - len(window) + len(before) - 1
    colon = doc.char_span(at, at + 1, alignment_mode="expand")
    if colon is None:
        return None
    for verb in reversed(doc[colon[0].sent.start : colon.start]):  # the last clause before the colon
        if verb.pos_ in ("VERB", "AUX") and (subject := subject_of(verb)) is not None:
            return subject
    head = doc[colon.start - 1] if colon.start > 0 else None
    if head is not None and head.pos_ in ("PROPN", "NOUN") and head.text[:1].isupper():
        return head
    return None


def _resolve(text: str, doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Each attribution's speaker: who its source mention is (``coref.Speakers``); a direct quote
    nobody is said to have said goes to the last person speaking."""
    speakers = Speakers(text, doc)
    return [replace(a, speaker=speakers.resolve(a.source, a.start, a.direct)) for a in found]


def find_quotes(text: str, doc: Doc | None = None) -> list[Quote]:
    """Quotes with their speakers, as the dossier reports them: one quote per piece of a statement,
    each exactly the speaker's words; the pieces of a statement interrupted by its attribution
    ('"We are ready," he said, "to talk."', '"We are ready," he said. "The date is open."') share a
    ``statement`` number, so the statement can be read whole and each piece on its own."""
    if doc is None:
        from parallax.annotate.nlp import load_nlp

        doc = load_nlp()(text)
    quotes = []
    for number, a in enumerate(attributions(text, doc)):
        for start, end in a.parts:
            quotes.append(
                Quote(
                    start=start,
                    end=end,
                    text=text[start:end],
                    speaker=text[a.speaker[0] : a.speaker[1]] if a.speaker else None,
                    speaker_start=a.speaker[0] if a.speaker else None,
                    speaker_end=a.speaker[1] if a.speaker else None,
                    direct=a.direct,
                    cue=a.cue,
                    source_start=a.source[0] if a.source else None,
                    source_end=a.source[1] if a.source else None,
                    statement=number,
                )
            )
    return quotes
