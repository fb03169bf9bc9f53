"""What tells events apart inside one topic: the meaning of title and lead, the names involved,
and when it happened.

Two articles about two celebrities entering rehab read alike; their names and dates do not. So a
document is represented by an embedding of its title and lead, a TF-IDF vector of its proper names
(capitalised words not starting a sentence, and numbers), and its publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEAD_WORDS = 80
_SENT_START = re.compile(r"(?:^|[.!?]\s+|\n)([A-Z][\w'’-]*)")
_NAME = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]+|\d[\d,.]*\d|\d)")
_STOP_CAPS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "And",
        "But",
        "Or",
        "Of",
        "To",
        "By",
        "With",
        "From",
        "As",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "Your",
        "After",
        "Before",
        "When",
        "While",
        "If",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "According",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)


@dataclass(frozen=True, slots=True)
class StoryInput:
    id: str
    title: str | None
    text: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """An article's event and storyline."""

    id: str
    event: str
    storyline: str


def body_text(doc: StoryInput) -> str:
    """The text without its title repeated at its start (a lead the title was read from): what the
    article says besides its title, so that the title counts once."""
    title = doc.title or ""
    text = doc.text.lstrip()
    return text[len(title) :].lstrip() if title and text.startswith(title) else doc.text


def lead(doc: StoryInput) -> str:
    """Title and the first ``LEAD_WORDS`` words of the text (the title repeated is not counted twice)."""
    words = body_text(doc).split()
    return ((doc.title or "") + ". " + " ".join(words[:LEAD_WORDS])).strip(". ")


def names(text: str) -> list[str]:
    starts = {m.start(1) for m in _SENT_START.finditer(text)}
    out = []
    for m in _NAME.finditer(text):
        w = m.group(1)
        if w in _STOP_CAPS or (m.start(1) in starts and not w.isupper() and len(w) < 4):
            continue
        out.append(w.lower().rstrip("'’s") if not w[0].isdigit() else w.replace(",", ""))
    return out
