"""Framing: the words and spellings each outlet chose for the same referent.

Two sources of evidence, both found from the data rather than from a hand list for one conflict:
- spellings of one linked entity (Kiev / Kyiv, Zelensky / Zelenskyy, Turkey / Türkiye): forms that
  are alternatives, not a short and a long form of one name (Putin / Vladimir Putin is not framing);
- wording on aligned facts: where two outlets report one fact, the words one replaced by others
  ("regime" / "government", "invasion" / "special military operation"). A substitution counts only
  inside a shared frame (the same words right before and after it) and between words of related
  meaning: two sentences of one fact built differently ("Putin announced on" / "Putin told
  reporters on") line up words that are not alternatives for anything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from parallax.annotate.entities.names import fold, name_tokens
from parallax.compare.align import Embed
from parallax.compare.quote_groups import word_diff
from parallax.language.stopwords import SPEECH_WORDS, STOP_WORDS
from parallax.language.terms import lemma_keys
from parallax.model import Claim, Entity, Framing

_FUNCTION_WORDS = STOP_WORDS | SPEECH_WORDS

#: Similarity (of the words' embeddings) two substitutes need to be taken for one referent's names:
#: "truce" / "ceasefire" 0.58, "regime" / "government" 0.59, "invasion" / "special military
#: operation" 0.42, against 0.20–0.25 for words that only sit in the same place ("announced" /
#: "reporters", "rose" / "failed").
WORDING_MIN = 0.35


def _alternatives(forms: Sequence[str]) -> bool:
    """True when at least two forms are different spellings rather than parts of one name."""
    keys = {" ".join(name_tokens(f)).lower() for f in forms}
    for a in keys:
        for b in keys:
            if a != b and not (set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split())):
                return True
    return False


def spelling_framing(entities: Sequence[Entity], articles: set[str]) -> list[Framing]:
    out = []
    for e in entities:
        forms = {f: tuple(a for a in ids if a in articles) for f, ids in e.variants.items()}
        forms = {f: ids for f, ids in forms.items() if ids}
        if len(forms) >= 2 and _alternatives(list(forms)):
            out.append(Framing(e.canonical, "spelling", forms))
    return out


def _content(phrase: str) -> str:
    words = [w.strip(".,;:!?\"'“”‘’()") for w in phrase.split()]
    words = [w for w in words if w and fold(w) not in _FUNCTION_WORDS and not re.search(r"\d", w)]
    return " ".join(words)


def _word_choice(phrase: str) -> bool:
    """One or two common words (names are spellings, handled apart; numbers are facts)."""
    words = phrase.split()
    return 1 <= len(words) <= 2 and all(w.isalpha() and w.islower() and len(w) >= 4 for w in words)


def _inflected(a: str, b: str) -> bool:
    """Whether two phrases differ only by grammar ("expected to take" / "took"), sharing a word."""
    keys = set().union(*(lemma_keys(w) for w in a.split()))
    return any(keys & lemma_keys(w) for w in b.split())


def wording_framing(
    claims: Sequence[Claim], outlet_of: Mapping[str, str | None], embed: Embed | None = None
) -> list[Framing]:
    """Word substitutions between outlets reporting one fact, kept when both sides are short content
    phrases in a shared frame, the outlets differ and (given ``embed``) the words are related."""
    found: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for claim in claims:
        reports = claim.reports
        for i, a in enumerate(reports):
            for b in reports[i + 1 :]:
                if outlet_of.get(a.article) == outlet_of.get(b.article) and outlet_of.get(a.article):
                    continue
                ops = word_diff(a.text, b.text)
                for k, op in enumerate(ops):
                    framed = 0 < k < len(ops) - 1 and ops[k - 1].op == ops[k + 1].op == "equal"
                    if op.op != "replace" or not framed:
                        continue
                    wa, wb = _content(op.a), _content(op.b)
                    if not (_word_choice(wa) and _word_choice(wb)) or fold(wa) == fold(wb) or _inflected(wa, wb):
                        continue
                    key = tuple(sorted((fold(wa), fold(wb))))
                    found[key][wa].add(a.article)  # type: ignore[index]
                    found[key][wb].add(b.article)  # type: ignore[index]
    if embed is not None and found:
        words = sorted({w for key in found for w in key})
        row = {w: i for i, w in enumerate(words)}
        vec = embed(words)
        found = {k: v for k, v in found.items() if float(vec[row[k[0]]] @ vec[row[k[1]]]) >= WORDING_MIN}  # type: ignore[assignment]
    return [
        Framing(f"{x} / {y}", "wording", {f: tuple(sorted(ids)) for f, ids in sorted(forms.items())})
        for (x, y), forms in sorted(found.items())
    ]


def framing(
    entities: Sequence[Entity],
    claims: Sequence[Claim],
    articles: set[str],
    outlet_of: Mapping[str, str | None],
    embed: Embed | None = None,
) -> list[Framing]:
    return spelling_framing(entities, articles) + wording_framing(claims, outlet_of, embed)
