"""One entity per referent across a corpus.

Mentions from every article are grouped into referents:
- people by the spelling-tolerant key of their family name, split further when the given names
  disagree (Volodymyr / Vladimir share a first letter and stay together; Joe / Hunter Biden do not);
  a family name used alone joins the one full name in the corpus that ends with it;
- places and agencies by their gazetteer id (Kyiv / Kiev, Turkey / Türkiye);
- everything else by its folded form.
The canonical name is the fullest form used most often. Each surface form keeps the articles that
chose it, which is a framing signal in its own right.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from parallax.annotate.entities import gazetteer
from parallax.annotate.entities.names import fold, name_tokens, strip_possessive, token_key
from parallax.model import Article, Entity, Mention


@dataclass
class _Group:
    label_votes: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    variants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    full_tokens: list[list[str]] = field(default_factory=list)

    preferred: str | None = None  # a gazetteer's name for the referent

    def canonical(self) -> str:
        if self.preferred:
            return self.preferred
        full = [f for f in self.forms if len(f.split()) >= 2] or list(self.forms)
        return max(full, key=lambda f: (self.forms[f], len(f), f))


def _person_surface(surface: str) -> str:
    return " ".join(name_tokens(surface))


def _other_key(surface: str) -> str:
    entry = gazetteer.lookup(strip_possessive(surface))
    if entry:
        return entry.key
    words = re.sub(r"^(?:the)\s+", "", fold(strip_possessive(surface))).split()
    return "name:" + " ".join(token_key(w) or w for w in words)


def _gazetteer_labels(articles: Sequence[Article]) -> list[Article]:
    """A place or agency name is that, whatever label the tagger gave it."""
    out = []
    for a in articles:
        fixed = tuple(
            replace(m, label=entry.label) if (entry := gazetteer.lookup(strip_possessive(m.text))) else m
            for m in a.mentions
        )
        out.append(replace(a, mentions=fixed) if fixed != a.mentions else a)
    return out


def _corpus_labels(articles: Sequence[Article]) -> list[Article]:
    """One label per one-word name across the corpus: a family name of someone named in full is a
    person; otherwise the label the tagger gave the name most often ("Belmir" is a place even where
    one sentence made it a person)."""
    surnames = {
        token_key(name_tokens(m.text)[-1])
        for a in articles
        for m in a.mentions
        if m.label == "PERSON" and len(name_tokens(m.text)) >= 2
    }
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        for m in a.mentions:
            if len(m.text.split()) == 1:
                votes[token_key(strip_possessive(m.text))][m.label] += 1
    out = []
    for a in articles:
        fixed = []
        for m in a.mentions:
            key = token_key(strip_possessive(m.text))
            if len(m.text.split()) == 1 and not gazetteer.lookup(strip_possessive(m.text)):
                label = "PERSON" if key in surnames else votes[key].most_common(1)[0][0]
                m = replace(m, label=label) if label != m.label else m
            fixed.append(m)
        out.append(replace(a, mentions=tuple(fixed)))
    return out


def link_entities(articles: Sequence[Article]) -> tuple[list[Article], list[Entity]]:
    """Give every mention its corpus-wide canonical name; return the articles and the entities."""
    articles = _corpus_labels(_fill_known_surnames(_fill_known_full_names(_gazetteer_labels(articles))))
    groups: dict[str, _Group] = defaultdict(_Group)
    assignment: dict[tuple[str, int], str] = {}

    persons = [(a, m) for a in articles for m in a.mentions if m.label == "PERSON"]
    full_by_surname: dict[str, list[str]] = defaultdict(list)  # surname key -> group keys
    for a, m in persons:
        tokens = name_tokens(m.text)
        if len(tokens) < 2:
            continue
        skey = token_key(tokens[-1])
        gkey = _person_group(full_by_surname[skey], groups, tokens)
        if gkey is None:
            gkey = f"person:{skey}:{len(full_by_surname[skey])}"
            full_by_surname[skey].append(gkey)
        groups[gkey].full_tokens.append(tokens)
        assignment[(a.id, m.start)] = gkey
    for a, m in persons:
        if (a.id, m.start) in assignment:
            continue
        tokens = name_tokens(m.text)
        if not tokens:
            continue
        skey = token_key(tokens[-1])
        candidates = full_by_surname.get(skey, [])
        if len(candidates) == 1:
            gkey = candidates[0]
        elif candidates:  # ambiguous: the one named in full in the same article, else the commonest
            local = [assignment[(a.id, x.start)] for x in a.mentions if (a.id, x.start) in assignment]
            gkey = next(
                (g for g in local if g in candidates), max(candidates, key=lambda g: len(groups[g].full_tokens))
            )
        else:
            gkey = f"person:{skey}:solo"
        assignment[(a.id, m.start)] = gkey

    for a in articles:
        for m in a.mentions:
            if m.label != "PERSON":
                assignment[(a.id, m.start)] = _other_key(m.text)

    for a in articles:
        for m in a.mentions:
            g = groups[assignment[(a.id, m.start)]]
            surface = strip_possessive(m.text)
            g.label_votes[m.label] += 1
            g.forms[_person_surface(surface) if m.label == "PERSON" else _display(surface)] += 1
            g.variants[surface].add(a.id)
            if m.label != "PERSON" and g.preferred is None:
                entry = gazetteer.lookup(surface)
                g.preferred = entry.canonical if entry else None

    _add_family_name_forms(articles, groups)
    canon = {key: g.canonical() for key, g in groups.items()}
    linked = [
        replace(a, mentions=tuple(replace(m, canonical=canon[assignment[(a.id, m.start)]]) for m in a.mentions))
        for a in articles
    ]
    entities = [
        Entity(
            canonical=canon[key],
            type=g.label_votes.most_common(1)[0][0],
            variants={form: tuple(sorted(ids)) for form, ids in sorted(g.variants.items())},
        )
        for key, g in groups.items()
        if g.label_votes
    ]
    entities.sort(key=lambda e: (-sum(len(v) for v in e.variants.values()), e.canonical))
    return linked, entities


def _display(surface: str) -> str:
    """A readable form for non-person names: an all-caps dateline word in title case."""
    return surface.title() if surface.isupper() and len(surface) > 4 else surface


def _person_group(keys: list[str], groups: dict[str, _Group], tokens: list[str]) -> str | None:
    """The existing group whose given names agree with ``tokens`` (same initial), if any."""
    initial = token_key(tokens[0])[:1]
    for key in keys:
        if any(token_key(t[0])[:1] == initial for t in groups[key].full_tokens):
            return key
    return None


def _add_family_name_forms(articles: Sequence[Article], groups: dict[str, _Group]) -> None:
    """A person named in full is also referred to by the family name inside that full name: record
    the family-name form for the articles that wrote it, so every spelling of the name is listed."""
    bodies = {a.id: a.body for a in articles}
    for g in groups.values():
        if not g.label_votes or g.label_votes.most_common(1)[0][0] != "PERSON":
            continue
        for form, ids in list(g.variants.items()):
            tokens = name_tokens(form)
            if len(tokens) < 2 or " " not in form:
                continue
            family = tokens[-1]
            for aid in ids:
                if re.search(rf"(?<!\w){re.escape(family)}(?!\w)", bodies[aid]):
                    g.variants[family].add(aid)


def _fill_known_full_names(articles: Sequence[Article]) -> list[Article]:
    """Tag a full name wherever it is written in the corpus, replacing a shorter mention inside it:
    a tagger that caught only "Umerov" in "Rustem Umerov" is corrected by another article's
    "Rustem Umerov" (or glued "RustemUmerov")."""
    names: set[str] = set()
    for a in articles:
        for m in a.mentions:
            if m.label == "PERSON":
                tokens = name_tokens(m.text)
                if len(tokens) >= 2:
                    names.add(" ".join(tokens))
    if not names:
        return list(articles)
    pattern = re.compile(
        r"(?<![\w])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w])"
    )
    out = []
    for a in articles:
        mentions = list(a.mentions)
        changed = False
        for hit in pattern.finditer(a.body):
            inside = [m for m in mentions if hit.start() <= m.start and m.end <= hit.end()]
            crossing = [m for m in mentions if m.start < hit.end() and hit.start() < m.end and m not in inside]
            if crossing or any(m.start == hit.start() and m.end == hit.end() for m in inside):
                continue
            mentions = [m for m in mentions if m not in inside]
            mentions.append(Mention(hit.start(), hit.end(), hit.group(), "PERSON", hit.group()))
            changed = True
        out.append(replace(a, mentions=tuple(sorted(mentions, key=lambda m: m.start))) if changed else a)
    return out


def _fill_known_surnames(articles: Sequence[Article]) -> list[Article]:
    """Tag unmentioned spellings of family names known elsewhere in the corpus ("Zelenskyy" in an
    article whose tagger missed it, when "Volodymyr Zelensky" is named in another)."""
    keys: set[str] = set()
    for a in articles:
        for m in a.mentions:
            if m.label == "PERSON":
                tokens = name_tokens(m.text)
                if len(tokens) >= 2 and len(token_key(tokens[-1])) >= 5:
                    keys.add(token_key(tokens[-1]))
    if not keys:
        return list(articles)
    out = []
    for a in articles:
        taken = [(m.start, m.end) for m in a.mentions]
        extra = []
        for w in re.finditer(r"(?<![\w'’])[A-Z][a-z\u00C0-\u024F]{3,}(?![\w])", a.body):
            if token_key(w.group()) in keys and not any(s < w.end() and w.start() < e for s, e in taken):
                extra.append(Mention(w.start(), w.end(), w.group(), "PERSON", w.group()))
        out.append(replace(a, mentions=tuple(sorted((*a.mentions, *extra), key=lambda m: m.start))) if extra else a)
    return out
