"""Line rules that hold on any news page, applied over the classifier's scores.

They catch what a per-line score misses: a photo caption reads like prose, a repeated lead is a
good paragraph the second time too, and everything after an "end of article" marker ("Related
articles", "Comments", "Hashtags") belongs to the page, not the article.
"""

from __future__ import annotations

import re

from parallax.ingest.text.lines import _PHOTO, STOPWORDS, Line, normalise_line

END_MARKERS = frozenset(
    [
        "related related news related articles related stories related content related posts related coverage",
        "    read more read also see also more from more stories more news more on this story you may also like",
        "    you might also like recommended recommended for you most read most popular popular now trending",
        "    hashtags tags topics comments comment leave a comment join the discussion share this article",
        "    share this story share this about the author author box newsletter sign up for our newsletter",
        "    advertisement sponsored content latest news latest stories also read what to read next",
    ]
)
_END = {normalise_line(m) for line in END_MARKERS for m in [line.strip()] if m}
_END |= {
    normalise_line(x)
    for x in (
        "Related news",
        "Related articles",
        "Related stories",
        "Read more",
        "Read also",
        "See also",
        "More from",
        "More stories",
        "You may also like",
        "You might also like",
        "Recommended",
        "Most read",
        "Most popular",
        "Hashtags",
        "Tags",
        "Comments",
        "Leave a comment",
        "Join the discussion",
        "Share this article",
        "Latest news",
        "Also read",
        "What to read next",
        "Trending",
        "Popular",
        "More on this story",
    )
}
_BYLINE = re.compile(r"^(?:by|written by|author|authors|reporting by|words by)\b[:\s]", re.IGNORECASE)
_CHROME = re.compile(
    r"^(?:skip to (?:main )?content|you are here|home|menu|search|advertisement|share|tweet|print|email|pdf"
    r"|up|down|\d+ users? (?:have|has) voted\.?|this audio is created with ai assistance|newsletter|video"
    r"|listen|watch|photos?|gallery|loading\.*|close|subscribe|sign in|log in|register)$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…]['\"”’»)]*$")
_CREDIT = re.compile(
    r"^[(\[]\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\b.*[)\]]\.?$", re.IGNORECASE
)
_MENU = re.compile(r"\s[|•·]\s|\|")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
_DATE_WORDS = frozenset(
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
        "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "mon",
        "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "am", "pm", "gmt", "utc", "est", "edt", "bst", "cet", "pdt", "pst", "cdt", "cst", "mdt", "mst",
        "et", "pt", "a", "m", "p", "updated", "published", "posted", "last",
        "modified", "date", "on", "at", "st", "nd", "rd", "th"
    ]
)


def is_caption(line: Line) -> bool:
    """A photo caption or credit: photo vocabulary in a short line, or a credit closing a long one
    ("... (AP Photo/Jane Doe)"). In the middle of a paragraph "The big picture:" is prose."""
    m = _PHOTO.search(line.text)
    return bool(m) and (len(line.words) <= 40 or m.start() >= len(line.text) - 80)


def is_byline(line: Line) -> bool:
    return bool(_BYLINE.match(line.text)) and len(line.words) <= 20


def is_chrome(line: Line) -> bool:
    """Page furniture: skip links, share and vote lines, lone section words."""
    return bool(_CHROME.match(line.text.strip(" .:|»")))


def is_credit(line: Line) -> bool:
    """A wire story's closing credit: "(Reporting by Jane Roe; editing by John Doe)"."""
    return len(line.words) <= 30 and bool(_CREDIT.match(line.text))


def is_menu(line: Line) -> bool:
    """Items in a row between separators: "News | Sport | Weather", "Home • World • Business"."""
    return bool(_MENU.search(line.text))


def is_footer(line: Line) -> bool:
    """A copyright line: "© 2025 Example News", "Copyright 2024 Example Media. All rights reserved."."""
    return len(line.words) <= 20 and bool(_COPYRIGHT.match(line.text))


def is_end_marker(line: Line) -> bool:
    return len(line.words) <= 6 and normalise_line(line.text) in _END


def is_truncated(line: Line) -> bool:
    """A long paragraph cut off mid-sentence: a teaser of another story."""
    return len(line.words) >= 15 and not _TERMINAL.search(line.text) and not line.text.endswith((":", ";"))


def is_lowercase_text(line: Line) -> bool:
    """Some of its words are lower-case, as in a sentence (a menu or a headline capitalises them all)."""
    return sum(w[:1].islower() for w in line.words) >= 0.15 * len(line.words)


def is_prose(line: Line) -> bool:
    """Running text: a line ending like a sentence ("Trust me.", "Mortifying."), or a long one built
    like one (a lead cut off mid-sentence), with lower-case words in it, unlike a headline or a menu."""
    words = line.words
    if not words or (len(words) > 1 and not is_lowercase_text(line)):
        return False
    if _TERMINAL.search(line.text.rstrip(" \"”’'")):
        return True
    return len(words) >= 12 and sum(w.lower() in STOPWORDS for w in words) >= 0.1 * len(words)


def is_sentence(line: Line) -> bool:
    """A real sentence: prose of five words or more."""
    return len(line.words) >= 5 and is_prose(line)


def is_dateline(line: Line) -> bool:
    """Only a date or time ("05/02/2013", "Updated: March 14, 2025 10:32 AM")."""
    words = line.words
    return 0 < len(words) <= 10 and all(w.isdigit() or w.lower() in _DATE_WORDS for w in words)
