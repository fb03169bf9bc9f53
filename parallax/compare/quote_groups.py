"""Quote groups: one statement as several outlets rendered it, with a word-level diff.

Translations differ ("two completely contradictory memoranda" / "two completely opposing
documents"), so quotes are compared by meaning (embeddings); but similarity alone would pair two
topical statements of different people, so a group needs the same speaker, mutual best matches
between articles and, like a fact, every pair of its renderings to match (complete linkage).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

import numpy as np

from parallax.compare.align import JOIN_SLACK
from parallax.compare.blocking import close_pairs, owner_codes
from parallax.compare.embedding import Embedder
from parallax.compare.grouping import group, mutual_best_edges
from parallax.model import Article, DiffOp, QuoteGroup, QuoteRendering, WordDiff

#: Similarity of two quotes needed to call them one statement.
QUOTE_MIN = 0.55
#: The same, for articles of different events: a speaker repeats a line on a later day word for word,
#: while a loose match there is more often a new statement on the same subject.
CROSS_EVENT_QUOTE_MIN = 0.75
#: A partial quote of a few words ("absolutely opposite") is a fragment of the statement: it is
#: compared with the stretch of the other rendering it would be ("completely opposing"), not with
#: the whole, whose other words would drown it — and only within its own event.
PARTIAL_WORDS = 4
PARTIAL_MIN = 0.45
_EDGE = ".,;:!?\"'“”‘’()[]«»–—-"


def window_spans(text: str, n: int) -> list[tuple[str, int, int]]:
    """Every run of ``n - 1`` to ``n + 1`` words of ``text`` (edge punctuation trimmed), with where it
    sits in ``text``: where a fragment of ``n`` words could sit."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    runs: dict[str, tuple[int, int]] = {}
    for k in range(max(1, n - 1), n + 2):
        for i in range(max(1, len(words) - k + 1)):
            chunk = words[i : i + k]
            if not chunk:
                continue
            start, end = chunk[0][0], chunk[-1][1]
            raw = text[start:end]
            run = raw.strip(_EDGE)
            if run:
                lead = len(raw) - len(raw.lstrip(_EDGE))
                runs.setdefault(run, (start + lead, start + lead + len(run)))
    return sorted((r, a, b) for r, (a, b) in runs.items())


def windows(text: str, n: int) -> list[str]:
    """The runs of ``window_spans`` as text."""
    return [r for r, _, _ in window_spans(text, n)]


def _fragment_similarity(pairs: set[tuple[str, str]], embed: Embedder) -> dict[tuple[str, str], float]:
    """For each ``(fragment, quote)`` of texts: how closely the fragment matches its best stretch of
    the quote. Each text goes through the model once (``Embedder.stretches``), its stretches read off
    its token vectors; keyed by text, so that wire copies quoting alike are compared once."""
    if not pairs:
        return {}
    fragments = sorted({f for f, _ in pairs})
    quotes = sorted({q for _, q in pairs})
    # the fragment lengths each quote is windowed by, in one pass over the pairs (a pass per quote
    # was 480 s of a 2,000-article storyline)
    lengths: dict[str, set[int]] = {q: set() for q in quotes}
    for f, q in pairs:
        lengths[q].add(len(f.split()))
    sizes = {q: sorted(lengths[q]) for q in quotes}
    spans = {q: sorted({(a, b) for n in sizes[q] for _, a, b in window_spans(q, n)}) for q in quotes}
    frag_spans = []
    for f in fragments:
        core = f.strip(_EDGE)
        start = f.find(core) if core else 0
        frag_spans.append([(start, start + len(core))])
    vectors = embed.stretches(fragments + quotes, frag_spans + [spans[q] for q in quotes])
    frag_vec = {f: vectors[i][0] for i, f in enumerate(fragments)}
    quote_vec = {q: dict(zip(spans[q], vectors[len(fragments) + i], strict=True)) for i, q in enumerate(quotes)}
    out = {}
    for f, q in pairs:
        wanted = [(a, b) for _, a, b in window_spans(q, len(f.split()))]
        out[(f, q)] = max((float(quote_vec[q][w] @ frag_vec[f]) for w in wanted), default=0.0)
    return out


def word_diff(a: str, b: str) -> tuple[DiffOp, ...]:
    """Word-level differences between two renderings, as steps ``equal``, ``replace``, ``delete``
    and ``insert`` with the words of each side."""
    wa, wb = re.findall(r"\S+", a), re.findall(r"\S+", b)
    ops = []
    matcher = difflib.SequenceMatcher(
        a=[w.lower().strip(".,;:!?\"'“”‘’") for w in wa],
        b=[w.lower().strip(".,;:!?\"'“”‘’") for w in wb],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(DiffOp(tag, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return tuple(ops)


def quote_groups(
    articles: Sequence[Article], embed: Embedder, *, event_of: Mapping[str, str] | None = None
) -> list[QuoteGroup]:
    """Groups of direct quotes (two articles or more) that render one statement of one speaker;
    reported speech is a paraphrase and is cross-checked with the facts instead. ``event_of``
    (article id → event id) holds renderings from different events to a higher bar, and a partial
    quote to its own event; without it the articles count as one event."""
    items = [(a.id, q) for a in articles for q in a.quotes if q.speaker and q.direct]
    # blocking: a quote can only meet quotes of its speaker in other articles, so a speaker quoted in
    # one article alone needs no comparison (nor an embedding)
    quoted_in: dict[str, set[str]] = {}
    for aid, q in items:
        quoted_in.setdefault((q.speaker or "").lower(), set()).add(aid)
    items = [(aid, q) for aid, q in items if len(quoted_in[(q.speaker or "").lower()]) > 1]
    if len(items) < 2:
        return []
    quotes = [q for _, q in items]
    speaker = [(q.speaker or "").lower() for q in quotes]
    event = [event_of.get(aid) if event_of is not None else None for aid, _ in items]
    size = [len(q.text.split()) for q in quotes]

    def shorter_first(i: int, j: int) -> tuple[str, str]:
        a, b = quotes[i].text, quotes[j].text
        return (a, b) if size[i] <= size[j] else (b, a)

    # blocking: pairs only within a speaker's quotes; a fragment only within its event too
    by_speaker: dict[str, list[int]] = {}
    for k in range(len(items)):
        by_speaker.setdefault(speaker[k], []).append(k)
    partial_pairs = [
        (p, k)
        for members in by_speaker.values()
        for p in members
        if size[p] <= PARTIAL_WORDS
        for k in members
        if k != p and items[k][0] != items[p][0] and event[k] == event[p]
    ]
    fragment = _fragment_similarity({shorter_first(p, k) for p, k in partial_pairs}, embed)
    # whole quotes are compared by their vectors, only with whole quotes of their speaker in another
    # article; embedded after the fragments' pass, which gave the quotes it ran their vectors already
    whole_in: dict[str, set[str]] = {}
    for k, (aid, _) in enumerate(items):
        if size[k] > PARTIAL_WORDS:
            whole_in.setdefault(speaker[k], set()).add(aid)
    texts = sorted(
        {quotes[k].text for k, (aid, _) in enumerate(items) if size[k] > PARTIAL_WORDS and whole_in[speaker[k]] - {aid}}
    )
    row = {t: k for k, t in enumerate(texts)}
    vec = embed(texts)

    def score(i: int, j: int, slack: float = 0.0) -> float | None:
        if speaker[i] != speaker[j]:
            return None
        if min(size[i], size[j]) <= PARTIAL_WORDS:
            if event[i] != event[j]:
                return None
            s, bar = fragment[shorter_first(i, j)], PARTIAL_MIN
        else:
            s = float(vec[row[quotes[i].text]] @ vec[row[quotes[j].text]])
            bar = QUOTE_MIN if event[i] == event[j] else CROSS_EVENT_QUOTE_MIN
        return s if s >= bar - slack else None

    owners = [aid for aid, _ in items]
    codes = owner_codes(owners)
    candidates = [(min(p, k), max(p, k)) for p, k in partial_pairs]
    for members in by_speaker.values():
        whole = np.array([k for k in members if quotes[k].text in row], dtype=np.int64)
        candidates += close_pairs(vec, np.array([row[quotes[k].text] for k in whole]), whole, codes, QUOTE_MIN)
    scored = ((s, i, j) for i, j in sorted(set(candidates)) if (s := score(i, j)) is not None)
    groups = group(owners, mutual_best_edges(owners, scored), lambda i, j: score(i, j, JOIN_SLACK) is not None)
    out = []
    for members in groups:
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (items[k][0], quotes[k].start))
        first = quotes[members[0]]
        out.append(
            QuoteGroup(
                speaker=first.speaker,
                quotes=tuple(
                    QuoteRendering(items[k][0], quotes[k].text, quotes[k].start, quotes[k].end) for k in members
                ),
                diffs=tuple(
                    WordDiff(items[members[0]][0], items[k][0], word_diff(first.text, quotes[k].text))
                    for k in members[1:]
                ),
            )
        )
    out.sort(key=lambda g: (-len(g.quotes), g.speaker or ""))
    return out
