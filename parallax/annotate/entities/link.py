"""One entity per referent across a corpus.

Mentions from every article are grouped into referents:
- people by the spelling-tolerant key of their family name, split further when the given names
  disagree (Volodymyr / Vladimir share a first letter and stay together; Joe / Hunter Biden do not);
  a family name used alone joins the one full name in the corpus that ends with it;
- places and agencies by their gazetteer id (Kyiv / Kiev, Turkey / Türkiye);
- everything else by its folded form.
The canonical name is the fullest form used most often. Each surface form keeps the articles that
chose it, which is a framing signal in its own right.

Linking needs the whole corpus, but not all of it at once: ``learn_links`` reads the articles in
passes, each pass keeping only corpus-wide tables (names, label votes, per-entity forms and
variants) and re-applying the per-article corrections learnt so far, which are pure functions of
the article and those tables. So a corpus spooled to disk is linked in memory bounded by its
statistics, not its articles (``parallax annotate``), and a list in memory by the same code
(``link_entities``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce

from parallax.annotate.entities import gazetteer
from parallax.annotate.entities.names import fold, name_tokens, strip_possessive, token_key
from parallax.model import Article, Entity, Mention

#: A re-iterable corpus: each call reads the articles again from the start, in the same order.
Source = Callable[[], Iterable[Article]]
#: A per-article correction learnt from the corpus.
Step = Callable[[Article], Article]


@dataclass
class _Group:
    label_votes: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    variants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    family_forms: dict[str, set[str]] = field(default_factory=dict)  # see _note_family_name

    preferred: str | None = None  # a gazetteer's name for the referent

    def canonical(self) -> str:
        if self.preferred:
            return self.preferred
        full = [f for f in self.forms if len(f.split()) >= 2] or list(self.forms)
        return max(full, key=lambda f: (self.forms[f], len(f), f))


@dataclass(frozen=True)
class Links:
    """What ``learn_links`` learnt: ``link`` gives one article of that corpus its canonical names."""

    steps: tuple[Step, ...]
    people: _People
    canonical: dict[str, str]
    entities: list[Entity]

    def link(self, article: Article) -> Article:
        """The article with its mentions corrected as in the corpus passes and canonical names set."""
        article = _apply(self.steps, article)
        keys = self.people.assign(article)
        return replace(
            article, mentions=tuple(replace(m, canonical=self.canonical[keys[m.start]]) for m in article.mentions)
        )


def link_entities(articles: Sequence[Article]) -> tuple[list[Article], list[Entity]]:
    """Give every mention its corpus-wide canonical name; return the articles and the entities."""
    links = learn_links(lambda: articles)
    return [links.link(a) for a in articles], links.entities


def learn_links(source: Source) -> Links:
    """Five passes over ``source()``, one article at a time, keeping only the corpus tables; a
    sixth, ``Links.link`` on each article, gives the articles their canonical names.

    Each pass sees the articles as corrected by the steps the earlier passes learnt: gazetteer
    labels, then full names known in the corpus, then family names known in the corpus, then one
    label per one-word name; then the people are grouped and every group's forms counted. The
    steps are applied again in every later pass rather than kept: the articles stay on disk."""
    steps: list[Step] = [_gazetteer_labels]

    def corrected() -> Iterator[Article]:
        return (_apply(steps, a) for a in source())

    steps.append(_full_names_step(corrected()))
    steps.append(_surnames_step(corrected()))
    steps.append(_corpus_labels_step(corrected()))
    people = _People.learn(corrected())
    groups = _count_forms(corrected(), people)
    return Links(tuple(steps), people, {key: g.canonical() for key, g in groups.items()}, _entities(groups))


def _apply(steps: Sequence[Step], article: Article) -> Article:
    return reduce(lambda a, step: step(a), steps, article)


def _person_surface(surface: str) -> str:
    return " ".join(name_tokens(surface))


def _other_key(surface: str) -> str:
    entry = gazetteer.lookup(strip_possessive(surface))
    if entry:
        return entry.key
    words = re.sub(r"^(?:the)\s+", "", fold(strip_possessive(surface))).split()
    return "name:" + " ".join(token_key(w) or w for w in words)


def _gazetteer_labels(article: Article) -> Article:
    """A place or agency name is that, whatever label the tagger gave it."""
    fixed = tuple(
        replace(m, label=entry.label) if (entry := gazetteer.lookup(strip_possessive(m.text))) else m
        for m in article.mentions
    )
    return replace(article, mentions=fixed) if fixed != article.mentions else article


def _identity(article: Article) -> Article:
    return article


# --- pass 1: full names known in the corpus --------------------------------------------------


def _full_names_step(articles: Iterable[Article]) -> Step:
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
        return _identity
    pattern = re.compile(r"(?<![\w])" + _alternation(names) + r"(?![\w])")

    def fill(article: Article) -> Article:
        mentions = list(article.mentions)
        changed = False
        for hit in pattern.finditer(article.body):
            inside = [m for m in mentions if hit.start() <= m.start and m.end <= hit.end()]
            crossing = [m for m in mentions if m.start < hit.end() and hit.start() < m.end and m not in inside]
            if crossing or any(m.start == hit.start() and m.end == hit.end() for m in inside):
                continue
            mentions = [m for m in mentions if m not in inside]
            mentions.append(Mention(hit.start(), hit.end(), hit.group(), "PERSON", hit.group()))
            changed = True
        return replace(article, mentions=tuple(sorted(mentions, key=lambda m: m.start))) if changed else article

    return fill


def _alternation(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, the longest that matches first, as a trie: a body is
    scanned once, not once per name (a corpus knows thousands of names, and every pass after the
    first applies them again). At any position the words that match are prefixes of one another,
    so trying longer continuations before stopping finds the same match as an alternation sorted
    longest first."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, dict]) -> str:
        chain = ""
        while len(node) == 1 and "" not in node:  # one way on: no group needed
            ch, node = next(iter(node.items()))
            chain += re.escape(ch)
        branches = [re.escape(ch) + pattern(child) for ch, child in node.items() if ch]
        if not branches:
            return chain
        group = f"(?:{'|'.join(branches)})"
        return chain + (group + "?" if "" in node else group)

    return pattern(trie)


# --- pass 2: family names known in the corpus ------------------------------------------------


def _surnames_step(articles: Iterable[Article]) -> Step:
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
        return _identity

    def fill(article: Article) -> Article:
        taken = [(m.start, m.end) for m in article.mentions]
        extra = []
        for w in re.finditer(r"(?<![\w'’])[A-Z][a-z\u00C0-\u024F]{3,}(?![\w])", article.body):
            if token_key(w.group()) in keys and not any(s < w.end() and w.start() < e for s, e in taken):
                extra.append(Mention(w.start(), w.end(), w.group(), "PERSON", w.group()))
        if not extra:
            return article
        return replace(article, mentions=tuple(sorted((*article.mentions, *extra), key=lambda m: m.start)))

    return fill


# --- pass 3: one label per one-word name -----------------------------------------------------


def _corpus_labels_step(articles: Iterable[Article]) -> Step:
    """One label per one-word name across the corpus: a family name of someone named in full is a
    person; otherwise the label the tagger gave the name most often ("Belmir" is a place even where
    one sentence made it a person)."""
    surnames: set[str] = set()
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        for m in a.mentions:
            if m.label == "PERSON" and len(tokens := name_tokens(m.text)) >= 2:
                surnames.add(token_key(tokens[-1]))
            if len(m.text.split()) == 1:
                votes[token_key(strip_possessive(m.text))][m.label] += 1

    def relabel(article: Article) -> Article:
        fixed = []
        for m in article.mentions:
            key = token_key(strip_possessive(m.text))
            if len(m.text.split()) == 1 and not gazetteer.lookup(strip_possessive(m.text)):
                label = "PERSON" if key in surnames else votes[key].most_common(1)[0][0]
                m = replace(m, label=label) if label != m.label else m
            fixed.append(m)
        return replace(article, mentions=tuple(fixed))

    return relabel


# --- pass 4: people grouped by family name and given-name initial ----------------------------


@dataclass
class _People:
    """The person groups of a corpus. Every full name in a group shares one given-name initial (a
    full name joins the group of its family name whose initial it shares, else starts one), so
    (family-name key, initial) names a group; groups of one family name are numbered in the
    order the corpus first names them."""

    group_of: dict[tuple[str, str], str] = field(default_factory=dict)
    by_surname: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    full_names: Counter[str] = field(default_factory=Counter)  # group key -> full-name mentions, first seen first

    @classmethod
    def learn(cls, articles: Iterable[Article]) -> _People:
        """The groups of every full name in ``articles``, made in the order they are first named."""
        people = cls()
        for a in articles:
            for m in a.mentions:
                if m.label == "PERSON" and len(tokens := name_tokens(m.text)) >= 2:
                    people.full_names[people._make_group(tokens)] += 1
        return people

    def _make_group(self, tokens: list[str]) -> str:
        surname, initial = _surname_initial(tokens)
        key = self.group_of.get((surname, initial))
        if key is None:
            key = f"person:{surname}:{len(self.by_surname[surname])}"
            self.by_surname[surname].append(key)
            self.group_of[(surname, initial)] = key
        return key

    def assign(self, article: Article) -> dict[int, str]:
        """The group key of each mention of the article, by its start: full names first, then
        family names alone, then the other names by their own key."""
        keys: dict[int, str] = {}
        persons = [m for m in article.mentions if m.label == "PERSON"]
        for m in persons:
            if len(tokens := name_tokens(m.text)) >= 2:
                keys[m.start] = self.group_of[_surname_initial(tokens)]
        for m in persons:
            if m.start not in keys and (tokens := name_tokens(m.text)):
                keys[m.start] = self._family_name_group(article, token_key(tokens[-1]), keys)
        for m in article.mentions:
            if m.label != "PERSON":
                keys[m.start] = _other_key(m.text)
        return keys

    def _family_name_group(self, article: Article, surname: str, keys: dict[int, str]) -> str:
        """A family name alone joins the one full name ending with it; when there are several, the
        one named in full in the same article, else the one named in full most often."""
        candidates = self.by_surname.get(surname, [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            local = [keys[x.start] for x in article.mentions if x.start in keys]
            return next((g for g in local if g in candidates), max(candidates, key=self.full_names.__getitem__))
        return f"person:{surname}:solo"


def _surname_initial(tokens: list[str]) -> tuple[str, str]:
    return token_key(tokens[-1]), token_key(tokens[0])[:1]


# --- pass 5: the forms of each referent ------------------------------------------------------


def _count_forms(articles: Iterable[Article], people: _People) -> dict[str, _Group]:
    """Every group's labels, forms and variants (the articles that wrote each form), in the order
    the groups were made: people named in full first, then the rest as the corpus first names them."""
    groups = {key: _Group() for key in people.full_names}
    for a in articles:
        keys = people.assign(a)
        for m in a.mentions:
            g = groups.get(keys[m.start])
            if g is None:
                g = groups[keys[m.start]] = _Group()
            surface = strip_possessive(m.text)
            g.label_votes[m.label] += 1
            g.forms[_person_surface(surface) if m.label == "PERSON" else _display(surface)] += 1
            g.variants[surface].add(a.id)
            if m.label != "PERSON" and g.preferred is None:
                entry = gazetteer.lookup(surface)
                g.preferred = entry.canonical if entry else None
            if m.label == "PERSON":
                _note_family_name(g, surface, a)
    for g in groups.values():
        if g.label_votes and g.label_votes.most_common(1)[0][0] == "PERSON":
            for family, ids in g.family_forms.items():
                g.variants[family] |= ids
        g.family_forms.clear()
    return groups


def _note_family_name(group: _Group, surface: str, article: Article) -> None:
    """A person named in full is also referred to by the family name inside that full name: note
    the family-name form for an article that writes it, so every spelling of the name is listed.
    (Only mentions labelled PERSON reach a person's group: the other names' keys are never
    ``person:`` keys.)"""
    tokens = name_tokens(surface)
    if len(tokens) < 2 or " " not in surface:
        return
    family = tokens[-1]
    if article.id in group.family_forms.get(family, ()):
        return
    if re.search(rf"(?<!\w){re.escape(family)}(?!\w)", article.body):
        group.family_forms.setdefault(family, set()).add(article.id)


def _entities(groups: dict[str, _Group]) -> list[Entity]:
    entities = [
        Entity(
            canonical=g.canonical(),
            type=g.label_votes.most_common(1)[0][0],
            variants={form: tuple(sorted(ids)) for form, ids in sorted(g.variants.items())},
        )
        for g in groups.values()
        if g.label_votes
    ]
    entities.sort(key=lambda e: (-sum(len(v) for v in e.variants.values()), e.canonical))
    return entities


def _display(surface: str) -> str:
    """A readable form for non-person names: an all-caps dateline word in title case."""
    return surface.title() if surface.isupper() and len(surface) > 4 else surface
