"""Who a source mention is: the person or organisation it refers to, found in the same article.

A source as written is a name ("Dmitry Peskov"), a pronoun ("he"), a description ("the Russian
president", "the Kremlin's spokesperson"), an organisation ("the editorial board", "the
Kremlin"), a place standing for its government ("Moscow said"), or words that name nobody
("remarks reported by TASS"). The speaker is the name used for who it is:

- a person's name as written; an organisation as itself, named or described;
- "he"/"she": the last person speaker before it (or else the last person named) whose title
  or earlier pronouns do not say otherwise ("Mrs.", "Mr.");
- "it": the organisation that spoke just before;
- a description of one person: the person the article names with that role ("Texas Gov. Greg
  Abbott", "Putin, the Russian president"), preferring one whose title shares the description's
  words ("the Texas governor"); a description nobody in the article matches stays as written;
- a place, or a thing that is not an agent, is nobody's name: the agent inside the mention ("a
  statement from the ministry", "remarks reported by TASS") speaks, else nobody.

Entity labels come from the entity stage (``find_mentions``: the tagger corrected by gazetteers and
by consistency within the article), so "Kyiv" is a place even where the tagger says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallax.annotate.entities import find_mentions
from parallax.annotate.quotes.speakers import named, phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Offsets = tuple[int, int]

#: Nouns for one person by role, office or occupation (singular).
ROLE_NOUNS = frozenset(
    (  # noqa: SIM905 (a word list reads best as words)
        "activist actor actress adviser advisor agent aide ambassador analyst anchor attorney author "
        "billionaire bishop boss businessman businesswoman candidate captain ceo chair chairman "
        "chairwoman champion chancellor chief columnist comedian commander commentator commissioner "
        "congressman congresswoman councilman councilwoman councillor counsel critic delegate "
        "democrat deputy diplomat director doctor economist editor emperor envoy executive expert "
        "father founder frontrunner front-runner general governor head historian host husband "
        "investigator journalist judge justice king lawmaker lawyer leader legislator lieutenant "
        "manager mayor member minister mogul monarch mother negotiator nominee officer official "
        "organizer owner partner pastor physician player politician pollster pope premier president "
        "priest prince princess professor prosecutor queen rabbi representative republican "
        "researcher secretary senator sheriff singer speaker spokesman spokesperson spokeswoman "
        "star strategist student superintendent supporter teacher treasurer trustee veteran "
        "vice-president widow wife writer"
    ).split()
)
#: Words for a group of people ("officials", "both sides", "the two leaders").
GROUP_NOUNS = frozenset(
    (  # noqa: SIM905
        "people voters residents officials sides critics supporters members lawmakers leaders "
        "experts analysts economists protesters demonstrators activists democrats republicans "
        "conservatives liberals progressives investigators prosecutors authorities observers "
        "organizers aides advisers advisors allies opponents rivals donors delegates senators "
        "candidates parents students workers employees families officers police citizens "
        "americans participants respondents negotiators representatives diplomats sources"
    ).split()
)
#: Nouns for an organisation, which speaks as itself ("the editorial board", "the ministry").
ORG_NOUNS = frozenset(
    (  # noqa: SIM905
        "administration agency army association authority bank board bureau cabinet campaign "
        "caucus center centre coalition college command commission committee company congress "
        "corporation council court department editorial embassy firm foundation government group "
        "institute kremlin legislature military ministry network newspaper office organisation "
        "organization outlet paper parliament party pentagon police presidency publication "
        "regime school senate service station team tribunal union university website"
    ).split()
)
#: Abbreviated titles before a name ("Gov. Greg Abbott").
TITLES = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "pres": "president",
    "gen": "general",
    "sec": "secretary",
    "amb": "ambassador",
    "atty": "attorney",
    "lt": "lieutenant",
    "capt": "captain",
    "cmdr": "commander",
    "supt": "superintendent",
    "prof": "professor",
    "dr": "doctor",
    "rev": "pastor",
    "spokesperson": "spokesman",
    "spokeswoman": "spokesman",
}
MALE = frozenset(["mr", "he", "him", "his", "sir", "king", "prince"])
FEMALE = frozenset(["mrs", "ms", "miss", "she", "her", "queen", "princess", "madam"])
PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr"])
#: Labels of the entity stage that an organisation or a group carries.
ORG_LABELS = frozenset(["ORG", "NORP"])
PLACE_LABELS = frozenset(["GPE", "LOC", "FAC"])
#: How far back (characters) "it" looks for the organisation that spoke last, and "she" for a
#: person titled as a woman.
IT_WINDOW = PRONOUN_WINDOW = 600


@dataclass(frozen=True, slots=True)
class _Person:
    """A person named in the article, with the words of the title and appositions around the name
    ("Russian President", "the Kremlin's spokesperson") and the gender its honorific gives."""

    span: Offsets
    position: int
    titles: frozenset[str]
    gender: str | None


def _word(token: Token) -> str:
    word = token.lower_.rstrip(".")
    return TITLES.get(word, word)


class Speakers:
    """Resolves the sources of one article's attributions, in document order (each resolution
    remembers the speakers before it)."""

    def __init__(self, text: str, doc: Doc) -> None:
        self.doc = doc
        self.labels: list[tuple[str, Offsets] | None] = [None] * len(doc)
        mentions = find_mentions(text, doc)
        k = 0
        for token in doc:
            while k < len(mentions) and mentions[k].end <= token.idx:
                k += 1
            if k < len(mentions) and mentions[k].start <= token.idx < mentions[k].end:
                m = mentions[k]
                self.labels[token.i] = (m.label, (m.start, m.end))
        self.people = [self._person(m.start, m.end) for m in mentions if m.label == "PERSON"]
        self.people = [p for p in self.people if p is not None]
        self.last_person: Offsets | None = None
        self.last_org: Offsets | None = None  # set while the last attribution's speaker is an organisation
        self.last_org_at = -1
        self.genders: dict[str, str] = {}  # a person's gender as the pronouns used for them show it

    def _person(self, start: int, end: int) -> _Person | None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        root = span.root
        context: list[Token] = [t for t in self.doc[root.left_edge.i : span.start] if not t.is_punct]
        for child in root.children:
            if child.dep_ == "appos":
                context.extend(child.subtree)
        if root.dep_ == "appos":
            head = root.head
            context.extend(t for t in head.subtree if t.i < root.i)
        words = frozenset(_word(t) for t in context)
        gender = "m" if words & MALE else "f" if words & FEMALE else None
        return _Person((start, end), start, words, gender)

    def label(self, token: Token) -> tuple[str, Offsets] | None:
        return self.labels[token.i]

    def resolve(self, source: Offsets | None, position: int, direct: bool) -> Offsets | None:
        """The speaker for a source mention at ``source`` (None: a direct quote nobody is said to
        have said, which goes to the last person speaking)."""
        if source is None:
            if not direct:
                return None
            return self._last_person_before(position, None)
        span = self.doc.char_span(source[0], source[1], alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        head = named(span.root)
        speaker, kind = self._who(head, position, depth=0)
        if speaker is not None and kind == "person":
            self.last_person = speaker
            if head.lower_ in PERSON_PRONOUNS:
                self.genders.setdefault(self._key(speaker), "m" if head.lower_ in MALE else "f")
        self.last_org, self.last_org_at = (speaker, position) if kind == "org" else (None, -1)
        return speaker

    def _who(self, token: Token, position: int, depth: int) -> tuple[Offsets | None, str | None]:
        word = token.lower_
        if word in PERSON_PRONOUNS:
            gender = "m" if word in MALE else "f"
            return self._last_person_before(position, gender), "person"
        if word == "it":
            near = self.last_org is not None and position - self.last_org_at <= IT_WINDOW
            return (self.last_org if near else None), "org"
        if token.pos_ == "PRON":
            return None, None
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if word.rstrip(".") in HONORIFICS and following is not None and self.label(following) is not None:
            token = following  # "Mr. Trump" parsed with "Mr." at its head: the name after it
        labelled = self.label(token)
        if labelled is not None:
            label, offsets = labelled
            if label == "PERSON":
                return offsets, "person"
            if label in ORG_LABELS:
                return offsets, "org"
            if label in PLACE_LABELS:
                return None, None
            return self._agent_inside(token, position, depth)
        for child in token.children:  # "the president, Joe Biden": the name beside it
            if child.dep_ == "appos" and (found := self.label(child)) is not None and found[0] == "PERSON":
                return found[1], "person"
        if token.pos_ == "PROPN":  # a name the tagger missed
            name = phrase(token)
            return (name.start_char, name.end_char), "person"
        if token.pos_ != "NOUN":
            return None, None
        if word in ROLE_NOUNS:
            return self._described(token, position), "person"
        if word in ORG_NOUNS:
            return _offsets(phrase(token)), "org"
        if word in GROUP_NOUNS:
            return _offsets(phrase(token)), "group"
        return self._agent_inside(token, position, depth)

    def _agent_inside(self, token: Token, position: int, depth: int) -> tuple[Offsets | None, str | None]:
        """The agent a non-agent mention carries: "remarks reported by TASS", "a statement from
        the ministry", "the company's filing"."""
        if depth > 0:
            return None, None
        for t in token.subtree:
            if t.i == token.i:
                continue
            attached = t.dep_ == "poss" or (t.dep_ == "pobj" and t.head.lower_ in ("by", "from", "of"))
            if attached and not (t.lower_ in PERSON_PRONOUNS or t.pos_ == "PRON"):
                found = self._who(t, position, depth + 1)
                if found[0] is not None:
                    return found
        return None, None

    def _described(self, token: Token, position: int) -> Offsets | None:
        """The person the article names with the role ``token`` describes, else the description."""
        role = _word(token)
        modifiers = {_word(t) for t in token.subtree if t.i < token.i and t.dep_ != "det" and not t.is_punct}
        best: tuple[int, int, _Person] | None = None
        for person in self.people:
            if person.position >= position or role not in person.titles:
                continue
            score = len(modifiers & person.titles)
            if best is None or (score, person.position) >= best[:2]:
                best = (score, person.position, person)
        if best is not None:
            return best[2].span
        return _offsets(phrase(token))

    def _last_person_before(self, position: int, gender: str | None) -> Offsets | None:
        """The person a pronoun of ``gender`` stands for: the last person speaking when nothing says
        otherwise, but a person whose title gives that gender ("Mrs. Berg") named in the lines
        just before comes first when the last speaker's gender is unknown."""
        last = self.last_person
        known = self._gender_of(last) if last is not None else None
        if last is not None and (gender is None or known == gender):
            return last
        if gender is not None:
            for person in reversed(self.people):
                if position - PRONOUN_WINDOW <= person.position < position and self._gender_of(person.span) == gender:
                    return person.span
        if last is not None and known is None:
            return last
        for person in reversed(self.people):
            if person.position < position and (gender is None or self._gender_of(person.span) in (None, gender)):
                return person.span
        return None

    def _gender_of(self, offsets: Offsets) -> str | None:
        known = next((p.gender for p in self.people if p.span == offsets), None)
        return known or self.genders.get(self._key(offsets))

    def _key(self, offsets: Offsets) -> str:
        """A person's surname, which their later mentions share."""
        words = self.doc.text[offsets[0] : offsets[1]].split()
        return words[-1].lower() if words else ""


def _offsets(span: Span) -> Offsets:
    return span.start_char, span.end_char
