"""A fact's headline as a reader meets it: a statement that stands on its own.

Facts are cut at clause joints so that each outlet's clause can meet its match ("..., although the
venue and date remain undecided"), and a quotation's sentences are facts of their own. The cut clause
or quoted sentence is the report (its exact span stays with the report); as a headline it reads as a
fragment. The headline makes it whole: the joint that tied it to its sentence dropped ("although",
"adding that"), a quoted sentence given with its speaker, quote marks paired, and where the clause
cannot stand without its sentence (a relative clause: "the time and venue for which still need to be
agreed on") the sentence itself.
"""

from __future__ import annotations

import re

from parallax.annotate.sentences import sentence_at
from parallax.model import Article

#: What ties a cut clause to the clause before it.
_JOINT = re.compile(
    r"^(?:(?:although|though|but|while|whereas|and|so|yet)\s+)?"
    r"(?:(?:adding|saying|noting|stressing|warning|arguing|insisting)(?:\s+that)?\s+)?",
    re.IGNORECASE,
)
#: A relative clause hung on its noun phrase ("the time and venue for which ...").
_RELATIVE = re.compile(r"^(?:the|its|their|whose)\s[^,.;]{1,40}?\s(?:of|for|in|on|at|by)\s+which\s", re.IGNORECASE)
_OPENING = {"“": "”", "‘": "’", "«": "»", '"': '"', "'": "'"}
_CLOSING = {v: k for k, v in _OPENING.items()}
_MARKS = "\"'“”‘’«»"


def _unclosed_mark(text: str) -> str | None:
    """A quote mark opened in ``text`` and not closed in it ('adding that the "tone was excellent.')."""
    for k, ch in enumerate(text):
        if ch not in _OPENING or (k and not (text[k - 1].isspace() or text[k - 1] in "([—–-")):
            continue
        if ch in "'’" and not (k + 1 < len(text) and text[k + 1].isalpha()):
            continue  # a single mark opens before a letter only
        close = _OPENING[ch]
        rest = text[k + 1 :]
        if ch == close:  # a straight mark closes where a word ends, or by its curly twin
            twin = "”" if ch == '"' else "’"  # sources mix them: 'writing "your ... department.”'
            if not re.search(rf"(?<=[\w.,!?])[{re.escape(close)}{twin}](?!\w)", rest):
                return ch
        elif close not in rest and not (ch == "“" and '"' in rest):
            return ch
    return None


def _unopened_mark(text: str) -> str | None:
    """A closing quote mark in ``text`` that nothing in it opens ("ready,' Putin said.")."""
    for k, ch in enumerate(text):
        if ch not in _CLOSING or k == 0:
            continue
        if k + 1 < len(text) and text[k + 1].isalnum():
            continue  # an apostrophe inside a word: "Russia’s", "we're"
        if ch in "'’" and text[k - 1] not in ",.!?":
            continue  # after a letter, a plural's possessive: "the countries' memoranda"
        before = text[:k]
        if ch == '"':  # straight marks open and close alike: an even count before is all closed,
            # unless a curly mark opened what it closes (a source that mixes them)
            opened = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
        elif ch == "'":  # one that opens stands before a word's first letter
            opened = bool(re.search(r"(?:^|[\s(])'\w", before))
        else:  # a curly closing mark, opened by its twin or, in a source that mixes them, a straight one
            opened = _CLOSING[ch] in before or (ch == "”" and '"' in before)
        if not opened:
            return ch
    return None


def headline(article: Article, start: int, end: int) -> str:
    """The statement a reader is shown for the fact reported at ``article.body[start:end]``."""
    body = article.body
    text = body[start:end].strip()
    sentence = sentence_at(article, start)
    whole = sentence.of(body).strip() if sentence is not None else text
    if text != whole and not whole.startswith(text):  # a clause cut from its sentence
        if _RELATIVE.match(text):
            return whole
        text = _JOINT.sub("", text, count=1)
        text = text[:1].upper() + text[1:]
    for q in article.quotes:
        if q.direct and q.speaker and q.start <= start + 1 and end - 1 <= q.end:
            inner = text.strip(_MARKS + " ")
            speaker = q.speaker[:1].upper() + q.speaker[1:]  # "the Texas governor" opens the sentence
            return f"{speaker} said: “{inner}”"
    if (mark := _unclosed_mark(text)) is not None:
        return text + _OPENING[mark]
    if (mark := _unopened_mark(text)) is not None:
        return _CLOSING[mark] + text
    return text
