"""Entity mentions in one article body: the statistical tagger, corrected by gazetteers and by
consistency inside the document.

A small tagger labels "Trump" a person in one sentence and an organisation in the next, misses
"Kiev", and reads a glued "RustemUmerov" as one odd word. Three cheap corrections fix most of it:
gazetteer names (places, agencies) override the tagger; a single word that is the last name of a
person named in full in the same text is that person; and a name the document tagged once is
tagged wherever else it occurs.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from parallax.annotate.entities import gazetteer
from parallax.annotate.entities.names import fold, split_glued, strip_possessive
from parallax.model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Tagger labels kept as entities (numbers, dates and the like have their own stages).
KEEP = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})

_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s|['’]|(?<!\b[A-Z])\.|[\s,;:!?)\]\"”]+)$")
_WORD = re.compile(r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F'’-]+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to the name itself: no leading "the", no possessive, no line break."""
    surface = text[start:end]
    for sep in (" - ", " — ", " – ", ") "):  # a dateline glued to a name: keep the name after it
        cut = surface.rfind(sep)
        if cut >= 0:
            start += cut + len(sep)
            surface = surface[cut + len(sep) :]
    if surface.count("(") != surface.count(")"):  # "Dravenia (CWS": the name before the bracket
        cut = surface.find("(") if "(" in surface else surface.find(")")
        end = start + cut
        surface = surface[:cut].rstrip()
        end = start + len(surface)
    cut = surface.find("\n")
    if cut >= 0:
        end = start + cut
        surface = surface[:cut]
    m = _LEADING_THE.match(surface)
    if m and len(surface) > m.end():
        start += m.end()
        surface = surface[m.end() :]
    while True:
        m = _TRAILING.search(surface)
        if not m or m.start() == 0:
            break
        end -= len(surface) - m.start()
        surface = surface[: m.start()]
    return start, end


def _is_name(surface: str) -> bool:
    return len(surface) >= 2 and any(ch.isupper() for ch in surface[:1]) and not surface.isdigit()


def find_mentions(text: str, doc: Doc | None = None) -> list[Mention]:
    """Entity mentions in ``text``; ``doc`` is the spaCy parse of the same text (it may be None,
    in which case only gazetteer and glued-name mentions are found)."""
    spans: dict[tuple[int, int], str] = {}
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ not in KEEP:
                continue
            start, end = _trim(text, ent.start_char, ent.end_char)
            if end > start and _is_name(text[start:end]):
                spans[(start, end)] = ent.label_
    _apply_gazetteer(text, spans)
    _add_glued_names(text, spans, doc)
    _harmonise_labels(text, spans)
    _fill_repeats(text, spans)
    return [
        Mention(start=s, end=e, text=text[s:e], label=label, canonical=strip_possessive(text[s:e]))
        for (s, e), label in sorted(spans.items())
    ]


def _overlapping(spans: dict[tuple[int, int], str], start: int, end: int) -> list[tuple[int, int]]:
    return [k for k in spans if k[0] < end and start < k[1]]


def _apply_gazetteer(text: str, spans: dict[tuple[int, int], str]) -> None:
    for start, end, entry in gazetteer.find(text):
        clashes = _overlapping(spans, start, end)
        # A longer tagged name that contains the gazetteer name stays as it is: "Vladimir Putin"
        # is not the city of Vladimir, "The Kyiv Independent" is not Kyiv.
        if any(s <= start and end <= e and (e - s) > (end - start) for s, e in clashes):
            continue
        for key in clashes:
            del spans[key]
        spans[(start, end)] = entry.label


def _add_glued_names(text: str, spans: dict[tuple[int, int], str], doc: Doc | None) -> None:
    words = {m.group() for m in _WORD.finditer(text)}
    for m in re.finditer(r"\b[A-Z][a-z\u00C0-\u024F]{2,}[A-Z][a-z\u00C0-\u024F]{2,}\b", text):
        parts = split_glued(m.group())
        if not parts:
            continue
        tagged = spans.get((m.start(), m.end()))
        known_part = parts[0] in words or parts[1] in words
        if tagged == "PERSON" or known_part:
            for key in _overlapping(spans, m.start(), m.end()):
                del spans[key]
            spans[(m.start(), m.end())] = "PERSON"


def _harmonise_labels(text: str, spans: dict[tuple[int, int], str]) -> None:
    """One label per name within the document: a person's surname alone is that person; otherwise
    the label the tagger gave the form most often."""
    surnames = set()
    for (s, e), label in spans.items():
        words = text[s:e].split()
        if label == "PERSON" and len(words) >= 2:
            surnames.add(fold(strip_possessive(words[-1])))
    votes: dict[str, Counter[str]] = {}
    for (s, e), label in spans.items():
        votes.setdefault(fold(strip_possessive(text[s:e])), Counter())[label] += 1
    for key in list(spans):
        s, e = key
        form = fold(strip_possessive(text[s:e]))
        if gazetteer.lookup(strip_possessive(text[s:e])):
            continue
        if form in surnames and " " not in form:
            spans[key] = "PERSON"
        else:
            spans[key] = votes[form].most_common(1)[0][0]


def _fill_repeats(text: str, spans: dict[tuple[int, int], str]) -> None:
    """Tag other occurrences of a name the document already tagged somewhere, and the family name
    alone of a person it named in full."""
    known: dict[str, str] = {}
    for (s, e), label in spans.items():
        surface = strip_possessive(text[s:e])
        if len(surface) >= 3 and surface[0].isupper():
            known.setdefault(surface, label)
        words = surface.split()
        if label == "PERSON" and len(words) >= 2 and len(words[-1]) >= 3:  # "Trump" after "Donald Trump"
            known.setdefault(words[-1], "PERSON")
    for surface, label in known.items():
        for m in re.finditer(rf"(?<![\w]){re.escape(surface)}(?![\w])", text):
            if not _overlapping(spans, m.start(), m.end()):
                spans[(m.start(), m.end())] = label
