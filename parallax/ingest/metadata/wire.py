"""The wire service an article's copy is credited to.

A credit sits where a byline or a dateline goes: "By AFP - May 19,2025", "Jane Doe | Reuters",
"Continental Wire Service · Tuesday 6 May 2025", "MOSCOW, May 19 (Reuters) -", a closing
"— AFP", or the agency's copyright right under the text ("© 2008 Associated Press"). A photo
credit ("Photo: AFP", "AP Photo/...") credits a picture, not the text, and a citation in the body
("according to TASS") is a source of a fact, not the author of the copy (see ``cites``).

A credited organisation counts when it is a known agency (``parallax.data.agencies``) or its
name says it is a wire ("... Wire Service", "... News Agency", "... Newswire"); a dateline's
abbreviation ("(CWS) -") when it is a known agency or the initials of such a name on the page.
"""

from __future__ import annotations

import re

from parallax.ingest.metadata.agencies import agency
from parallax.ingest.metadata.outlet_names import is_section_label, tidy
from parallax.ingest.metadata.page_signals import PageLines
from parallax.ingest.text.lines import Line
from parallax.ingest.text.rules import is_caption

_ORG = r"(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of\s+)?[A-Z][\w&.'’-]*){0,4}"
_WIRE_END = re.compile(
    r"\b(?:wire|wire service|news service|newswire|news agency|press agency|presse(?:-agentur)?|agency|agencia|agence"
    r"|nachrichtenagentur|telegraph agency)$",
    re.IGNORECASE,
)
#: "By AFP - May 19,2025", "By Continental Wire Service", "AFP | 19 May", "Jane Doe, Associated Press".
_CREDIT_LINE = re.compile(
    rf"^(?:(?:by|from|source|via)\s*:?\s+)?(?:(?P<person>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}})\s*(?:,|\||/|·|-|–|—|\bof\b|\bfor\b)\s*)?"
    rf"(?P<org>{_ORG})\s*(?:$|[-–—|·•,(]|\b(?:staff|reporters?|correspondents?)\b)",
    re.IGNORECASE,
)
_BYLINE_START = re.compile(r"^(?:by|from)\s+\S", re.IGNORECASE)
_DATELINE = re.compile(r"\((?P<org>[A-Z][\w&.-]*(?:[\s-][A-Z][\w&.-]*){0,2})\)\s*(?:[-–—_:]|$)")
_CLOSING = re.compile(
    rf"^[-–—(\s]*(?:[Ss]ource\s*:\s*)?(?P<org>{_ORG})\s*\)?\.?$|[.!?”\"]\s*[-–—]+\s*(?P<tail>{_ORG})\s*$"
)
_COPYRIGHT = re.compile(rf"(?:©|\(c\)|\bcopyright\b)[\s©]*(?:\d{{4}}[\s,.]*)?(?P<org>{_ORG})", re.IGNORECASE)


def wire_name(name: str) -> str | None:
    """The agency a name stands for: a known agency, or a name that says it is a wire service."""
    name = tidy(name)
    known = agency(name)
    if known:
        return known
    words = name.split()
    capitalised = all(w[:1].isupper() or w.lower() in ("of", "the") for w in words)
    if 2 <= len(words) <= 6 and capitalised and _WIRE_END.search(name):
        rest = re.sub(r"(?i)^the\s+", "", _WIRE_END.sub("", name)).strip()
        return None if not rest or is_section_label(rest) else name
    return None


def _trailing_agency(text: str) -> str | None:
    """A known agency that ends a byline, whatever comes before it."""
    words = re.sub(r"[,|·•/()-]+", " ", text).split()
    for i in range(max(0, len(words) - 5), len(words)):
        known = agency(" ".join(words[i:]))
        if known:
            return known
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", name) if w[0].isupper())


def _from_dateline(body: str, known_wires: list[str]) -> str | None:
    for m in _DATELINE.finditer(body[:300]):
        org = m["org"]
        known = agency(org)
        if known:
            return known
        for wire in known_wires:
            if len(org) >= 2 and _initials(wire) == org.replace(".", ""):
                return wire
    return None


def credited_agency(page: PageLines, body: str, header: list[Line]) -> str | None:
    """The wire service the article's text is credited to, or None."""
    wires: list[str] = []
    for line in header:
        if is_caption(line) or len(line.text) > 160:
            continue
        m = _CREDIT_LINE.match(line.text)
        found = wire_name(m["org"]) if m else None
        if found or _BYLINE_START.match(line.text):
            found = found or _trailing_agency(line.text)  # "By JOHN DOE Associated Press"
        if found:
            wires.append(found)
    # "(Reuters) -" after a byline ("By Jane Doe") or none: the wire named above, or a known agency.
    dateline = _from_dateline(body, wires + _page_wires(page))
    if wires:
        return wires[0]
    if dateline:
        return dateline
    paragraphs = [p.strip() for p in body.strip().split("\n") if p.strip()]
    if paragraphs:
        m = _CLOSING.search(paragraphs[-1][-120:])
        org = m and (m["org"] or m["tail"])
        if org and agency(org):
            return agency(org)
    end = page.last_body
    for i in range(end + 1, min(end + 4, len(page.lines))):
        if page.in_body[i]:
            continue
        m = _COPYRIGHT.search(page.lines[i])
        if m and (found := wire_name(m["org"])):
            return found
    return None


def _page_wires(page: PageLines) -> list[str]:
    """Wire names written anywhere outside the body, for matching a dateline's initials."""
    out = []
    for i, text in enumerate(page.lines):
        if page.in_body[i] or len(text) > 160:
            continue
        for m in re.finditer(_ORG, text):
            found = wire_name(m.group())
            if found and found not in out:
                out.append(found)
    return out
