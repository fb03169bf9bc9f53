"""Lines of scraped text and the features a line classifier reads.

A scraper flattens a page to one line per block element. Whether a line is article text shows in
the line itself (length, sentence punctuation, stop words, link and share vocabulary) and in its
neighbourhood (article text comes in runs of long lines; navigation in runs of short ones).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

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
#: A sentence boundary inside a line: end punctuation, space, a capital or an opening quote.
_INNER_SENTENCE = re.compile(r"[.!?]['\"”’)]*\s+['\"“‘(]?[A-Z]")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b|\bago\b", re.IGNORECASE)
#: Words of a comment thread's furniture ("43 comments", "Reply", "John wrote:").
COMMENT_WORDS = frozenset(
    ["comment", "comments", "reply", "replies", "responses", "response", "wrote", "says", "said", "posted", "report"]
)
#: The voice of a reader talking to readers (a comment, a forum post) rather than of a report: the
#: first and second person outside quotation marks, chat abbreviations.
_PERSONAL = frozenset(["i", "me", "my", "mine", "im", "ive", "id", "you", "your", "yours", "u", "ur", "lol", "imho"])
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_LINK_LIKE = re.compile(r"https?://|www\.|\.(?:com|org|net)\b|@\w|#\w", re.IGNORECASE)
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
    if line.isascii():
        return " ".join(_WORD.findall(line.lower()))
    text = unicodedata.normalize("NFKD", line)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str  # stripped
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)  # the \w+ tokens of ``text``

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(_WORD.findall(self.text)))


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
    """Features of one line on its own: length, sentence shape (end punctuation, sentences inside,
    commas, stop words), page vocabulary (share, menu, photo words, dates, links) and typography
    (capitals, digits, symbols, bullets). None names a site: they hold on any news page."""
    text = line.text
    words = line.words
    n = len(words)
    per_word = 1.0 / (n or 1)
    lower = [w.lower() for w in words]
    letters = sum(ch.isalpha() for ch in text) or 1
    chars = len(text) or 1
    boiler = sum(w in BOILERPLATE_WORDS for w in lower)
    symbols = chars - letters - sum(ch.isdigit() or ch.isspace() for ch in text)
    return [
        math.log1p(n),
        math.log1p(len(text)),
        1.0 if n >= 10 else 0.0,
        1.0 if n >= 25 else 0.0,
        1.0 if _TERMINAL.search(text) else 0.0,
        text.count(",") * per_word,
        sum(w in STOPWORDS for w in lower) * per_word,
        boiler * per_word,
        1.0 if boiler else 0.0,
        sum(w[:1].isupper() for w in words) * per_word,
        sum(ch.isupper() for ch in text) / letters,
        sum(ch.isdigit() for ch in text) / chars,
        1.0 if _DATE_LIKE.search(text) else 0.0,
        1.0 if _PHOTO.search(text) else 0.0,
        1.0 if text[:1] in "|•·»>-–—*#©" or text.endswith(("|", "»", ">")) else 0.0,
        1.0 if "©" in text or "(c)" in text.lower() else 0.0,
        1.0 if text.endswith(":") else 0.0,
        1.0 if text[:1] in "\"“‘'«„" else 0.0,
        math.log1p(len(_INNER_SENTENCE.findall(text))),
        1.0 if text.endswith(("...", "…")) else 0.0,
        1.0 if text[:1].islower() else 0.0,
        (text.count("|") + text.count(" · ") + text.count(" • ")) * per_word,
        sum(len(w) for w in words) * per_word,
        symbols / chars,
        1.0 if _LINK_LIKE.search(text) else 0.0,
        personal_voice(line),
        (text.count("!") + text.count("?")) * per_word,
    ]


def personal_voice(line: Line) -> float:
    """Share of a line's words that speak as "I" to "you" outside quotation marks (``_PERSONAL``)."""
    outside = _WORD.findall(_QUOTED.sub(" ", line.text))
    return sum(w.lower() in _PERSONAL for w in outside) / (len(line.words) or 1)


def is_stamp(line: Line) -> bool:
    """A short line with a time or a date in it: a dateline, or a comment's "July 5, 2012 at 9:42 am"."""
    return len(line.words) <= 15 and bool(_TIME.search(line.text) or _DATE_LIKE.search(line.text))


def is_signature(line: Line) -> bool:
    """A short capitalised line without a full stop, with a comma: "Jane Roe, Leeds, UK" under a comment."""
    words = line.words
    if not 1 < len(words) <= 8 or _TERMINAL.search(line.text) or "," not in line.text:
        return False
    return sum(w[:1].isupper() for w in words) >= 0.5 * len(words)


def is_comment_furniture(line: Line) -> bool:
    """A short line about comments: "{ 43 comments… read them below }", "Reply", "Anna says:"."""
    return len(line.words) <= 12 and any(w.lower() in COMMENT_WORDS for w in line.words)
