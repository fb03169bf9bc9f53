"""Name forms: folding accents and transliterations, stripping titles, splitting glued names.

These functions decide when two surface forms may name the same referent. They are deliberately
language-general: accents fold by Unicode decomposition, Slavic transliteration endings
(-sky/-skyy/-skiy/-skyi) fold to one form, and honorifics and office titles are stripped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words that precede a name as an office or honorific and are not part of it.
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "ministers",
        "defence",
        "defense",
        "foreign",
        "interior",
        "finance",
        "economy",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "sultan",
        "pope",
        "cardinal",
        "bishop",
        "archbishop",
        "general",
        "gen",
        "lieutenant",
        "lt",
        "colonel",
        "col",
        "major",
        "maj",
        "captain",
        "capt",
        "admiral",
        "sergeant",
        "commander",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "senator",
        "sen",
        "representative",
        "rep",
        "governor",
        "gov",
        "mayor",
        "judge",
        "justice",
        "chief",
        "head",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "director",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "st",
        "saint",
        "former",
        "acting",
        "deputy",
        "state",
        "us",
        "u.s.",
        "uk",
        "u.k.",
        "russian",
        "ukrainian",
        "turkish",
        "american",
        "british",
        "french",
        "german",
        "chinese",
        "kremlin",
        "white",
        "house",
        "top",
        "official",
        "officials",
        "minister's",
    ]
)

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_GLUED = re.compile(r"^([A-Z][a-z\u00C0-\u024F]{2,})([A-Z][a-z\u00C0-\u024F]{2,})$")
_TRANSLIT_END = re.compile(r"(?:iy|yy|yi|ij|yj|ii)$")


def fold(text: str) -> str:
    """Lower-case, accents removed (Erdoğan → erdogan), apostrophes and dashes unified."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-")
    return " ".join(text.lower().split())


#: Letter groups that transliterations of one name render differently (Khadarsk / Hadarsk,
#: Volnar / Wolnar, Yevgeny / Jevgeni): each folds to one spelling.
_TRANSLIT = (("kh", "h"), ("w", "v"), ("j", "y"), ("ck", "k"), ("ph", "f"), ("ou", "u"), ("ie", "e"))


@lru_cache(maxsize=1 << 16)
def token_key(token: str) -> str:
    """A spelling-tolerant key for one name token (zelensky, zelenskyy, zelenskiy → zelensky;
    wolnar → volnar). Cached: entity linking asks again for the same words in every pass."""
    t = re.sub(r"[^a-z]", "", fold(token))
    t = _TRANSLIT_END.sub("y", t)
    for a, b in _TRANSLIT:
        t = t.replace(a, b)
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters: Nebenzia / Nebenzzia, Mohammed / Mohamed
    return t


def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text)


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading office titles and honorifics ("Defence Minister Rustem Umerov" → Rustem Umerov)."""
    i = 0
    while i < len(words) - 1 and fold(words[i]).strip(".") in TITLE_WORDS:
        i += 1
    return words[i:]


def split_glued(token: str) -> tuple[str, str] | None:
    """ "RustemUmerov" → ("Rustem", "Umerov"); None when the token is not two glued capitalised words."""
    m = _GLUED.match(token)
    return (m[1], m[2]) if m else None


def name_tokens(surface: str) -> list[str]:
    """The words of a person's name as written, titles and possessive removed, glued parts split."""
    words = strip_possessive(surface.strip()).replace("\n", " ").split()
    out: list[str] = []
    for w in strip_titles(words):
        glued = split_glued(w)
        out.extend(glued if glued else [w])
    return out
