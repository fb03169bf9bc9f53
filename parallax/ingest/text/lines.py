"""Lines of scraped text and the features a line classifier reads.

A scraper flattens a page to one line per block element. Whether a line is article text shows in
the line itself (length, sentence punctuation, stop words, link and share vocabulary) and in its
neighbourhood (article text comes in runs of long lines; navigation in runs of short ones).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "more",
        "most",
        "no",
        "not",
        "of",
        "on",
        "one",
        "or",
        "our",
        "out",
        "over",
        "said",
        "she",
        "so",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "up",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
BOILERPLATE_WORDS = frozenset(
    [
        "share",
        "shares",
        "tweet",
        "email",
        "print",
        "comment",
        "comments",
        "subscribe",
        "subscription",
        "newsletter",
        "newsletters",
        "related",
        "login",
        "log",
        "sign",
        "signup",
        "register",
        "advertisement",
        "advertising",
        "sponsored",
        "copyright",
        "rights",
        "reserved",
        "privacy",
        "terms",
        "cookie",
        "cookies",
        "policy",
        "photo",
        "photos",
        "image",
        "images",
        "video",
        "videos",
        "gallery",
        "caption",
        "credit",
        "getty",
        "reuters",
        "afp",
        "menu",
        "home",
        "search",
        "follow",
        "facebook",
        "twitter",
        "linkedin",
        "instagram",
        "whatsapp",
        "reddit",
        "pinterest",
        "youtube",
        "click",
        "tap",
        "read",
        "more",
        "next",
        "previous",
        "skip",
        "content",
        "contact",
        "about",
        "careers",
        "rss",
        "tags",
        "topics",
        "trending",
        "popular",
        "recommended",
        "loading",
        "vote",
        "votes",
        "voted",
        "users",
        "reply",
        "replies",
        "posted",
        "updated",
        "permalink",
        "bookmark",
        "download",
        "app",
        "apps",
        "edition",
        "weather",
        "horoscope",
        "login",
        "account",
        "password",
    ]
)
_WORD = re.compile(r"\w+", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…]['\"”’»)]*$")
_DATE_LIKE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}:\d{2}\b|\b(?:hours?|minutes?|days?) ago\b",
    re.IGNORECASE,
)
_PHOTO = re.compile(
    r"\b(?:photo|image|picture|credit)s?\s*(?::|by\b)|\(\s*(?:file\s+)?photo\b|\bphoto\)\s*$|getty images"
    r"|/\s*(?:afp|reuters|ap|epa|getty|shutterstock)\b|\b(?:afp|reuters|ap|epa)\s*/|\bfile photo\b",
    re.IGNORECASE,
)


def normalise_line(line: str) -> str:
    """A line's identity for repetition counting: case, accents, spacing and punctuation folded."""
    text = unicodedata.normalize("NFKD", line)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str  # stripped

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)


def split_lines(raw: str) -> list[Line]:
    """Non-empty lines of ``raw`` with their offsets (stripped of surrounding white space)."""
    out = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(piece)
    return out


def line_features(line: Line) -> list[float]:
    """Features of one line on its own."""
    text = line.text
    words = line.words
    n = len(words)
    lower = [w.lower() for w in words]
    letters = sum(ch.isalpha() for ch in text) or 1
    return [
        math.log1p(n),
        math.log1p(len(text)),
        1.0 if n >= 10 else 0.0,
        1.0 if n >= 25 else 0.0,
        1.0 if _TERMINAL.search(text) else 0.0,
        text.count(",") / (n + 1),
        sum(w in STOPWORDS for w in lower) / (n or 1),
        sum(w in BOILERPLATE_WORDS for w in lower) / (n or 1),
        1.0 if any(w in BOILERPLATE_WORDS for w in lower) else 0.0,
        sum(w[:1].isupper() for w in words) / (n or 1),
        sum(ch.isupper() for ch in text) / letters,
        sum(ch.isdigit() for ch in text) / (len(text) or 1),
        1.0 if _DATE_LIKE.search(text) else 0.0,
        1.0 if _PHOTO.search(text) else 0.0,
        1.0 if text[:1] in "|•·»>-–—*#©" or text.endswith(("|", "»", ">")) else 0.0,
        1.0 if "©" in text or "(c)" in text.lower() else 0.0,
        1.0 if text.endswith(":") else 0.0,
        1.0 if text[:1] in "\"“‘'«„" else 0.0,
    ]


N_LINE_FEATURES = 18
