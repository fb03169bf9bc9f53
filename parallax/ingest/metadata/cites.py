"""The agencies and outlets an article attributes its facts to.

Attribution phrases ("according to TASS", "The Caspian Post reports, citing Anadolu", "told
Reuters") and bylines or datelines of wire copy ("By AFP", "(Reuters) -"). A name counts when it is
a known agency or reads like a news organisation (Post, Times, News, Agency ...); "according to
Peskov" is a person, not a cited outlet. Photo credits are not attributions.
"""

from __future__ import annotations

import re

from parallax.ingest.metadata.agencies import MEDIA_WORDS, agency
from parallax.ingest.text.lines import Line
from parallax.ingest.text.rules import is_caption

_CUES = (
    re.compile(r"\baccording to\s+"),
    re.compile(r"\bciting\s+"),
    re.compile(r"\b(?:reported|cited|quoted|carried)\s+by\s+"),
    re.compile(r"\btold\s+"),
    re.compile(r"\breporting\s+(?:by|from)\s+"),
)
#: The white space starts after a non-space: a match tried inside a long run of spaces would
#: backtrack over all of it at every position (7 s on 20,000 spaces).
_BEFORE_CUE = re.compile(r"(?:,[^,.\n]{0,60},)?(?<!\s)\s+(?:reports?|reported|said in a report|put the|quoted|cited)\b")
_CAPS_RUN = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)*")
_WIRE_BYLINE = re.compile(r"^(?:by\s+)?(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s*(?:[-–—|·,]|$)", re.IGNORECASE)
_WIRE_DATELINE = re.compile(r"\((?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})\)\s*[-–—]")


def _as_source(name: str) -> str | None:
    """A cited source from a run of capitalised words: a known agency in it, or a name ending in a
    news-organisation word ("The Caspian Post")."""
    name = re.sub(r"['’]s$", "", name.strip(" ,.;:"))
    words = name.split()
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            known = agency(" ".join(words[i:j]))
            if known:
                return known
    if words and words[0].lower() == "the":
        words[0] = "The"
    if len(words) >= 2 and words[-1].lower() in MEDIA_WORDS:
        return " ".join(words)
    return None


def _after(body: str, pos: int) -> str | None:
    """The first capitalised name within a few words after an attribution cue."""
    window = re.split(r"[,;:.!?\n]", body[pos : pos + 80], maxsplit=1)[0]
    for m in _CAPS_RUN.finditer(window):
        if len(window[: m.start()].split()) > 6:
            break
        source = _as_source(m.group())
        if source:
            return source
    return None


def _before(body: str, pos: int) -> str | None:
    """The capitalised name right before "reports"/"reported"."""
    window = body[max(0, pos - 60) : pos]
    m = re.search(r"(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)*$", window)
    return _as_source(m.group()) if m else None


def _same_outlet(name: str, outlet: str | None) -> bool:
    """A self-reference ("told the Herald" in The Meridian Herald) is not a cited source."""
    if not outlet:
        return False
    last = name.split()[-1].lower()
    return last in outlet.lower().split() or name.lower() == outlet.lower()


def cites_from(body: str, header: list[Line], outlet: str | None = None) -> tuple[str, ...]:
    found: list[str] = []

    def add(name: str | None) -> None:
        if name and name not in found and not _same_outlet(name, outlet):
            found.append(name)

    for line in header:
        if is_caption(line):
            continue
        m = _WIRE_BYLINE.match(line.text)
        if m:
            add(agency(m["org"]) or _as_source(m["org"]))
    for m in _WIRE_DATELINE.finditer(body[:300]):
        add(agency(m["org"]))
    for cue in _CUES:
        for m in cue.finditer(body):
            add(_after(body, m.end()))
    for m in _BEFORE_CUE.finditer(body):
        add(_before(body, m.start()))
    return tuple(found)
