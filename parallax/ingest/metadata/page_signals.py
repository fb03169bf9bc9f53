"""Where a page names its outlet, outside the article text.

A scraped page is the article plus the site around it, and the site names itself: in the copyright
footer ("© 2025 The Meridian Herald"), the masthead above the headline, the ``<title>`` suffix
("... | PerthNow"), its own promotion ("Sign up for the Courier's newsletter", "Explore what X can
do for you"), its staff ("The Kyiv Independent's Francis Farrell explains ..."). Cards of other
stories carry their outlet as a label next to a time ("Russia Today / 6 hours ago") or glued to
the author ("The Kyiv IndependentChris York"). A republished story may say where it first ran
("This article first appeared on X").

Only lines outside the article body are read (the body's own "told Reuters" is a citation, not a
signature), and only in those positions: a name anywhere in a teaser's sentence says nothing.
Each finding is a ``Signal``: which kind of place named which name, on which line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parallax.ingest.metadata.outlet_names import (
    is_company,
    is_domain,
    is_section_label,
    looks_like_outlet,
    squash,
    tidy,
)
from parallax.ingest.text.lines import Line, normalise_line
from parallax.ingest.text.rules import is_caption

#: A name as pages write it: capitalised words (digits and "&" allowed, "of"/"the" inside), or a domain.
_WORD = r"(?:[A-Z0-9](?:[\w&!-]|\.(?=\w)|(?<=\b[A-Z])\.|['’](?!s\b)(?=\w)|['’]s(?=\s+[A-Z]))*)"
_NAME = rf"(?:[Tt]he\s+)?{_WORD}(?:\s+(?:(?:of|the|and|for|&|de|du|la|el)\s+)?{_WORD}){{0,5}}"
_DOMAIN_NAME = r"(?:[\w-]+\.)+(?:com|org|net|co\.uk|co|news|info|io|tv|ca|au|in|de|fr|ru|ua|ie|nz|za)\b"
_ANY_NAME = rf"(?:{_DOMAIN_NAME}|{_NAME})"

_YEAR = r"(?:\d{4}|[MDCLXVI]{4,})(?:\s*[-–]\s*(?:\d{2,4}|[MDCLXVI]{4,}))?"  # "2012", "2003 - 2012", "MMXII"
#: "© 2025 Name", "Copyright (c) 2012 Name", "(c) 2008 Name"; a bare "(c)" without a year is as
#: likely a list's third item ("(c) Ron Paul is likely to run ...").
_COPYRIGHT = re.compile(
    rf"(?:(?i:©|&copy;|\bcopyright\b)[\s©:]*(?i:\(c\)\s*)?(?:©\s*)?(?i:copyright\s*)?(?:{_YEAR}[\s,.]*)?"
    rf"|(?i:\(c\))\s*{_YEAR}[\s,.]*)(?i:by\s+)?(?P<name>{_ANY_NAME})"
)
_BARE_COPYRIGHT = re.compile(r"^(?i:copyright|©|\(c\)|\s)+$")
_PROMO = tuple(
    re.compile(p)
    for p in (
        rf"\b[Ww]hat\s+(?P<name>{_NAME})\s+can do for you",
        rf"\b(?:[Ss]ubscribe|[Ss]ign up|[Rr]egister)\s+(?:to|for|with)\s+(?:the\s+)?(?P<name>{_NAME})(?:['’]s)?\b",
        rf"\b(?:[Gg]et|[Dd]ownload|[Ii]nstall|[Tt]ry)\s+the\s+(?P<name>{_NAME})['’]s\s+(?:\w+\s+){{0,2}}"
        r"(?:app|newsletter|briefing|podcast|edition)\b",
        rf"\b(?:[Gg]et|[Dd]ownload|[Ii]nstall)\s+the\s+(?P<name>{_NAME})\s+(?:app|newsletter)\b",
        rf"\b[Ff]ollow\s+(?P<name>{_NAME})\s+on\s+(?:Twitter|Facebook|Instagram|X|LinkedIn|YouTube|Telegram|TikTok)\b",
        rf"\b[Ss]upport\s+(?P<name>{_NAME})['’]s\s+(?:journalism|reporting|work)\b",
        rf"^[Ww]elcome to\s+(?P<name>{_ANY_NAME})\s*[.!]?$",
        rf"^(?P<name>{_NAME})\s+is\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}"
        r"(?:news\s+(?:site|website|outlet|organi[sz]ation|agency|service)|newspaper|broadcaster|news magazine"
        r"|media outlet)\b",
    )
)
#: "The Kyiv Independent’s Francis Farrell explains ...": the outlet's own staff, at a line's start.
_STAFF = re.compile(rf"^(?P<name>{_NAME})['’]s\s+(?:[A-Z][a-z'’-]+\s+){{1,2}}[A-Z][a-z'’-]+\b")
#: "The Kyiv IndependentChris York": a card's outlet glued to its author by the scraper.
_GLUED = re.compile(rf"^(?P<name>{_NAME}?[a-z])(?P<person>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,2}})$")
_LABEL = re.compile(rf"^(?:[-–—•·]\s*|(?:via|source|from|more from)\s*:?\s+)?(?P<name>{_ANY_NAME})\s*$", re.IGNORECASE)
_TIME = re.compile(
    r"^(?:[-–—•·|]\s*)?(?:(?:about|over|updated|published|posted)\s+)?(?:"
    r"(?:\d+|an?|one)\s+(?:sec|second|min|minute|hr|hour|day|week|month|year)s?\s+ago"
    r"|yesterday|today|just now"
    r"|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+\w{2,4})?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r")\s*$",
    re.IGNORECASE,
)
_ORIGIN = (
    re.compile(
        rf"\b(?:originally|first)\s+(?:published|appeared|ran|posted)\s+(?:on|in|by|at)\s+(?:the\s+)?(?P<name>{_ANY_NAME})"
    ),
    re.compile(
        rf"\b(?:republished|reprinted|reproduced)\s+(?:with permission\s+)?(?:from|courtesy of)\s+(?P<name>{_ANY_NAME})"
    ),
    re.compile(rf"^(?:[Ss]ource|[Oo]riginal (?:story|article|source))\s*:\s*(?P<name>{_ANY_NAME})\s*\.?$"),
)
_CAMEL = re.compile(r"^[a-z]{1,3}[A-Z]\w+$")  # "icNewcastle", "eBay"
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s*\|\s*|\s+::\s+|\s+[»·•]\s+")
_NOT_NAMES = frozenset(
    [
        "all",
        "rights",
        "reserved",
        "home",
        "news",
        "menu",
        "search",
        "share",
        "the",
        "a",
        "an",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "it",
        "we",
        "you",
        "i",
        "terms",
        "privacy",
        "click",
        "copyright",
        "notice",
        "policy",
        "information",
        "statement",
    ]
)


@dataclass(frozen=True, slots=True)
class Signal:
    """One place on the page that names an outlet: ``kind`` is ``copyright`` (``company`` when the
    notice names a company: "Globe Newspaper Company"), ``promo``, ``staff``, ``masthead``,
    ``title``, ``card`` or ``origin``; ``line`` its index among the page's lines."""

    kind: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class PageLines:
    """The page's lines, and which of them are the article body."""

    lines: tuple[str, ...]
    in_body: tuple[bool, ...]

    def _substantial(self) -> list[int]:
        """Body lines of a sentence's length: a lone "National" or "Posted" that the body also
        holds does not mark where the article starts or ends."""
        lines = [i for i, b in enumerate(self.in_body) if b]
        long = [i for i in lines if len(self.lines[i].split()) >= 6]
        return long or lines

    @property
    def first_body(self) -> int:
        return next(iter(self._substantial()), len(self.lines))

    @property
    def last_body(self) -> int:
        return max(self._substantial(), default=-1)


def page_lines(raw: str, body: str) -> PageLines:
    """The raw page's lines, each marked as article text when the body holds it (a short line
    only when it is a whole body line: "Russia Today" in a sentence of the body is not the label)."""
    whole = {normalise_line(x) for x in body.split("\n") if x.strip()}
    flat = " ".join(normalise_line(body).split())
    lines, flags = [], []
    for line in raw.splitlines():
        text = " ".join(line.split())
        if not text:
            continue
        norm = normalise_line(text)
        lines.append(text)
        flags.append(bool(norm) and (norm in whole or (len(norm.split()) >= 8 and norm in flat)))
    return PageLines(tuple(lines), tuple(flags))


def _name(raw: str) -> str | None:
    """A captured name, tidied; None for a word that names nothing ("All", "our")."""
    name = tidy(re.sub(r"(?:['’]s|[\s,]+\d{4})$", "", raw.strip()))
    name = re.sub(r"^(?:About|Welcome to|Visit|Contact|More from)\s+(?=[A-Z0-9])", "", name)  # "About LAist"
    if (
        not name
        or name.lower() in _NOT_NAMES
        or is_section_label(name)
        or name.split()[0].lower() in _NOT_NAMES - {"the"}
        or len(name) < 2
        or not any(c.isalpha() for c in name)
    ):
        return None
    if re.fullmatch(r"(?i)(?:the\s+)?(?:all|copyright|rights|reserved|\d+)(?:\s.*)?|[MDCLXVI]+", name):
        return None  # "All rights reserved", a year, a year in Roman numerals ("© MMVIII")
    return name


def copyright_signals(page: PageLines) -> list[Signal]:
    out = []
    for i, line in enumerate(page.lines):
        # a notice inside the article ("© 2007 ANI" under the text) credits the text's source
        if page.in_body[i] or len(line) > 300:
            continue
        if _BARE_COPYRIGHT.match(line) and i + 1 < len(page.lines):
            line = line + " " + page.lines[i + 1]  # "Copyright ©" / "1995-2008 Covers Media Group"
        for m in _COPYRIGHT.finditer(line):
            if re.match(r"(?i)courtesy\b", m["name"]):
                break  # "Copyright 2008 Courtesy of The Sports Network": the text's source, not the site
            name = _name(m["name"])
            if name:
                company = is_company(m["name"]) or is_company(line[m.end() : m.end() + 20])
                out.append(Signal("company" if company else "copyright", name, i))
                break
    return out


def promo_signals(page: PageLines) -> list[Signal]:
    out = []
    for i, line in enumerate(page.lines):
        if is_caption(Line(0, 0, line)):
            continue
        for pattern in _PROMO if len(line) <= 300 and not page.in_body[i] else ():
            m = pattern.search(line)
            name = _name(m["name"]) if m else None
            if name:
                out.append(Signal("promo", name, i))
                break
        m = _STAFF.match(line)
        # a staff credit in a line the cleaner kept as article text counts for an outlet-like name
        # ("The Kyiv Independent's Francis Farrell explains ..."), not for "Putin's spokesman ..."
        if (
            m
            and (name := _name(m["name"]))
            and len(name.split()) <= 5
            and (not page.in_body[i] or looks_like_outlet(name))
        ):
            out.append(Signal("staff", name, i))
    return out


def _is_name_line(text: str) -> bool:
    """A line that is only a name: a few capitalised words or a domain, no sentence."""
    words = text.split()
    if not 1 <= len(words) <= 6 or (re.search(r"[.!?,:;]$", text) and not is_domain(text.rstrip("."))):
        return False
    return is_domain(text) or all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "the", "and", "&") or _CAMEL.match(w) for w in words
    )


def masthead_signals(page: PageLines, headline: str | None = None) -> list[Signal]:
    """Name lines above the headline (above the article when the headline is not found): a
    masthead ("THE LANTERN DISPATCH", "Slashdot"); never a byline, a date or a caption."""
    head = normalise_line(headline or "")
    top = next((i for i, t in enumerate(page.lines) if head and normalise_line(t) == head), page.first_body)
    out = []
    for i in range(min(top, page.first_body, 12)):
        text = page.lines[i]
        if page.in_body[i] or not _is_name_line(text) or is_caption(Line(0, 0, text)) or _TIME.match(text):
            continue
        if re.match(r"(?i)(?:by|posted|written|updated|published)\b", text) or sum(c.isdigit() for c in text) > 2:
            continue
        name = _name(text)
        if name:
            out.append(Signal("masthead", name, i))
    return out


def _near_time(page: PageLines, i: int) -> bool:
    return any(0 <= j < len(page.lines) and _TIME.match(page.lines[j]) for j in (i - 1, i + 1))


def card_signals(page: PageLines) -> list[Signal]:
    """Outlet labels of story cards: a name line beside a time line, or a name glued to an author."""
    out = []
    for i, text in enumerate(page.lines):
        if len(text) > 120:
            continue
        m = _GLUED.match(text)  # never article text, even where the cleaner kept it
        if m and looks_like_outlet(m["name"]):
            out.append(Signal("card", tidy(m["name"]), i))
            continue
        if page.in_body[i]:
            continue
        m = _LABEL.match(text)
        if m and _near_time(page, i) and _is_name_line(m["name"]):
            name = _name(m["name"])
            if name and (looks_like_outlet(name) or is_domain(name)):
                out.append(Signal("card", name, i))
    return out


def origin_signals(page: PageLines) -> list[Signal]:
    """Where a republished story says it first ran ("This article first appeared on X"). A bare
    "Source: X" counts only right at the end of the article (a sidebar lists a source per item),
    and pages naming several origins name none."""
    out = []
    end = page.last_body
    for i, line in enumerate(page.lines):
        if len(line) > 400:
            continue
        for pattern in _ORIGIN:
            m = pattern.search(line)
            name = _name(m["name"]) if m else None
            if not name or re.match(r"\d{1,2}[.:]\d{2}\b", name):  # "first published at 12.39 EDT"
                continue
            if pattern is _ORIGIN[2] and not (end - 1 <= i <= end + 3 and (looks_like_outlet(name) or is_domain(name))):
                continue
            out.append(Signal("origin", name, i))
            break
    return out if len({squash(s.name) for s in out}) == 1 else []


def _undouble(text: str) -> str:
    """A segment a scraper wrote twice in a row ("Search BlogSearch Blog") as one."""
    half = len(text) // 2
    return text[:half].strip() if len(text) % 2 == 0 and text[:half] == text[half:] else text


def _split_title(text: str) -> list[str]:
    """A title's segments; a breadcrumb ("Independent Online Edition > Legal") as its first crumb."""
    parts = (p.split(" > ")[0] for p in _TITLE_SPLIT.split(text))
    return [_undouble(p.strip(" |-–—:·•»>")) for p in parts if p.strip(" |-–—:·•»>")]


def title_signals(title: str | None, headline: str | None) -> list[Signal]:
    """The site's segment of a page title ("Headline - Site", "Site | Headline", "Headline |
    Section | Site"): the end away from the headline. A headline found whole in the title is one
    segment even when it holds a separator itself ("Honda Jazz S - RM99,800"); when the headline
    extracted is itself a short segment ("Joy the Baker"), either end may be the site's."""
    if not title:
        return []
    title = " ".join(title.split())
    if headline and len(headline) > 10 and headline in title and headline != title:
        before, _, after = title.partition(headline)
        parts = [*_split_title(before), headline, *_split_title(after)]
        # a domain as "headline" is the site's name that the extractor took ("SymbianV3.Com")
        at = set() if is_domain(headline) else {len(_split_title(before))}
    else:
        parts = _split_title(title)
        head = normalise_line(headline or "")
        same = [i for i, p in enumerate(parts) if head and (normalise_line(p) in head or head in normalise_line(p))]
        longest = max(range(len(parts)), key=lambda i: len(parts[i])) if parts else 0
        at = {longest} if not same or same[0] == longest else set()
    if len(parts) < 2:
        return []
    out = []
    for end, step in ((0, 1), (len(parts) - 1, -1)):
        i = end  # a section label at the end ("Headline - NHL.com - News"): the site is next to it
        while i not in at and 0 <= i + step < len(parts) and is_section_label(parts[i]) and abs(i - end) < 2:
            i += step
        name = _name(parts[i]) if i not in at else None
        if name and _is_name_line(name) and all(s.name != name for s in out):
            out.append(Signal("title", name, -1))
    return out


def all_signals(page: PageLines, title: str | None = None, headline: str | None = None) -> list[Signal]:
    return (
        copyright_signals(page)
        + promo_signals(page)
        + masthead_signals(page, headline)
        + card_signals(page)
        + origin_signals(page)
        + title_signals(title, headline)
    )
