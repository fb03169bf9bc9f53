"""Authors from byline lines: "By Jane Doe", "by Jane Doe and John Roe June 27, 2025",
"Author: Jane Doe", "Jane Doe | Reuters". An agency alone is a source, not an author, and a menu
label is never a name."""

from __future__ import annotations

import re

from parallax.annotate.entities.names import fold
from parallax.ingest.metadata.agencies import MEDIA_WORDS, is_agency
from parallax.ingest.text.lines import Line

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:van|von|de|da|del|der|bin|al|el|la|le|di|du|[A-Z][\w'’.-]+)){1,3}"
_BYLINE = re.compile(
    rf"^(?i:by|written by|author|authors|reporting by|words by)\s*:?\s*(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
)
#: "Jane Doe | 8 April 2025", "Jane Doe · Reuters": a name alone before a separator.
_NAME_LINE = re.compile(rf"^(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*[|·•]\s*\S")
#: A byline ending in one of these names an organisation (a wire service, a paper), not a person.
ORGANISATION_WORDS = MEDIA_WORDS | frozenset(["newswire", "staff", "desk", "bureau", "team"])
_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_NOT_NAMES = frozenset(
    [
        "staff",
        "reporter",
        "editor",
        "correspondent",
        "news",
        "desk",
        "team",
        "newsroom",
        "the",
        "our",
        "home",
        "news",
        "world",
        "politics",
        "business",
        "sport",
        "opinion",
        "video",
        "photo",
        "share",
        "read",
        "more",
        "updated",
        "published",
    ]
)
_DATE_WORD = re.compile(
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d.*)?$|\s+\d.*$|\s+(?:updated|published)\b.*$",
    re.IGNORECASE,
)


def _clean_name(name: str) -> str | None:
    name = _DATE_WORD.sub("", name).strip(" ,.-|")
    words = name.split()
    if not 2 <= len(words) <= 4 or is_agency(name) or words[-1].lower() in ORGANISATION_WORDS:
        return None
    if any(fold(w) in _NOT_NAMES for w in words):
        return None
    if not all(w[:1].isupper() for w in words if fold(w) not in ("van", "von", "de", "da", "del", "der", "bin")):
        return None
    return " ".join(w if not w.isupper() else w.title() for w in words)


def authors_from(lines: list[Line]) -> tuple[str, ...]:
    found: list[str] = []
    for line in lines:
        m = _BYLINE.match(line.text) or _NAME_LINE.match(line.text)
        if not m:
            continue
        for part in _SPLIT.split(m["names"]):
            name = _clean_name(part)
            if name and name not in found:
                found.append(name)
    return tuple(found)
