"""What changed in a storyline between two analyses: typed change records.

A round of ``parallax watch`` re-analyses the storylines that received articles; this module
compares each one's analysis before and after and says, as data, what a reader following the
story would want to know: new articles and outlets, new facts, a fact whose status moved (agreed
→ conflict), a figure reported differently, new quotes. Every record carries the article ids and
character spans it rests on, so the web app and the Atom feed can link to the exact source.

Facts are matched across analyses by their reports, not by claim id: a claim's id follows its
headline report, which a new article may replace, while the spans of the articles already there
do not move. Two claims sharing a report span are the same fact.

The input side (``view``) reads the typed ``Storyline`` records of the analysis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from parallax.model import Storyline


class ChangeKind(StrEnum):
    NEW_STORYLINE = "new-storyline"
    NEW_ARTICLES = "new-articles"
    NEW_OUTLET = "new-outlet"
    NEW_FACT = "new-fact"
    STATUS = "status"
    FIGURE = "figure"
    NEW_QUOTE = "new-quote"


#: Order of the records within one storyline and round: the story first, then its details.
_ORDER = {kind: i for i, kind in enumerate(ChangeKind)}


@dataclass(frozen=True, slots=True)
class SpanRef:
    """A character span ``[start, end)`` in one article's body."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that changed in ``storyline`` in round ``round``; ``what`` says it in a line.

    ``subject`` is what the change is about (a claim id, an outlet, a speaker); ``before`` and
    ``after`` are a status or figures where the change is a move from one to the other. ``was``
    lists the ids the storyline was known by before this round when they differ from its own (an
    earlier article joined it, which gives it a new id, or storylines merged into it)."""

    kind: ChangeKind
    storyline: str
    round: int
    what: str
    articles: tuple[str, ...] = ()
    spans: tuple[SpanRef, ...] = ()
    subject: str | None = None
    before: str | None = None
    after: str | None = None
    was: tuple[str, ...] = ()

    @property
    def is_conflict(self) -> bool:
        """A fact that is now contested: a new conflicting fact, or one that moved to conflict."""
        return self.after == "conflict" and self.kind in (ChangeKind.NEW_FACT, ChangeKind.STATUS)

    def data(self) -> dict[str, Any]:
        """The fields beyond kind, storyline, round and what, as JSON-ready data."""
        return {
            "articles": list(self.articles),
            "spans": [{"article": s.article, "start": s.start, "end": s.end} for s in self.spans],
            "subject": self.subject,
            "before": self.before,
            "after": self.after,
            "was": list(self.was),
        }

    @classmethod
    def from_data(cls, kind: str, storyline: str, round: int, what: str, data: Mapping[str, Any]) -> Change:
        return cls(
            ChangeKind(kind),
            storyline,
            round,
            what,
            tuple(data.get("articles") or ()),
            tuple(SpanRef(s["article"], s["start"], s["end"]) for s in data.get("spans") or ()),
            data.get("subject"),
            data.get("before"),
            data.get("after"),
            tuple(data.get("was") or ()),
        )


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    text: str
    status: str
    reports: tuple[tuple[SpanRef, str | None], ...]  # (span, the figure it reports)


@dataclass(frozen=True, slots=True)
class QuoteSeen:
    speaker: str
    span: SpanRef
    text: str


@dataclass(frozen=True, slots=True)
class StorylineView:
    """What the comparison needs of one storyline's analysis."""

    id: str
    title: str
    articles: tuple[str, ...]
    outlet_of: Mapping[str, str]
    facts: tuple[Fact, ...]
    quotes: tuple[QuoteSeen, ...]


def view(storyline_id: str, lines: Sequence[Storyline], outlet_of: Mapping[str, str]) -> StorylineView:
    """One storyline's view from its analysis (``lines``: the analysed storylines holding its
    articles, one with one story engine, several in a store analysed before it; their facts and
    quotes are pooled) and each article's outlet as a reader sees it."""
    lines = sorted(lines, key=lambda line: (-len(line.articles), line.id))
    articles = tuple(sorted({a for line in lines for a in line.articles}))
    facts = tuple(
        Fact(c.id, c.text, c.status.value, tuple((SpanRef(r.article, r.start, r.end), r.value) for r in c.reports))
        for line in lines
        for c in line.claims
    )
    quotes = tuple(
        QuoteSeen(g.speaker or "an unnamed speaker", SpanRef(q.article, q.start, q.end), q.text)
        for line in lines
        for g in line.quote_groups
        for q in g.quotes
    )
    title = (lines[0].title or storyline_id) if lines else storyline_id
    return StorylineView(storyline_id, title, articles, dict(outlet_of), facts, quotes)


def _outlets(v: StorylineView, ids: Iterable[str]) -> list[str]:
    return sorted({v.outlet_of.get(a) or a for a in ids})


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _figures(fact: Fact) -> list[str]:
    return sorted({" ".join(v.split()) for _, v in fact.reports if v})


def diff(before: StorylineView | None, after: StorylineView, round: int) -> list[Change]:
    """The changes from ``before`` (None: the storyline is new) to ``after``, in a stable order."""
    sid = after.id
    out: list[Change] = []
    if before is None:
        outlets = _outlets(after, after.articles)
        out.append(
            Change(
                ChangeKind.NEW_STORYLINE,
                sid,
                round,
                f"new storyline “{_short(after.title, 100)}”: {len(after.articles)} article"
                f"{'' if len(after.articles) == 1 else 's'} from {', '.join(outlets)}, {len(after.facts)} facts",
                after.articles,
            )
        )
        for fact in after.facts:  # in a new storyline only the contested facts are news of their own
            if fact.status == "conflict":
                out.append(_new_fact(sid, round, fact))
        return _sorted(out)
    new_ids = sorted(set(after.articles) - set(before.articles))
    if new_ids:
        out.append(
            Change(
                ChangeKind.NEW_ARTICLES,
                sid,
                round,
                f"{len(new_ids)} new article{'' if len(new_ids) == 1 else 's'} "
                f"from {', '.join(_outlets(after, new_ids))}",
                tuple(new_ids),
            )
        )
    known_outlets = set(_outlets(before, before.articles))
    for outlet in _outlets(after, new_ids):
        if outlet not in known_outlets:
            theirs = tuple(a for a in new_ids if (after.outlet_of.get(a) or a) == outlet)
            what = f"{outlet} now covers the story"
            out.append(Change(ChangeKind.NEW_OUTLET, sid, round, what, theirs, subject=outlet))
    out.extend(_fact_changes(before, after, round))
    out.extend(_quote_changes(before, after, round))
    return _sorted(out)


def _new_fact(sid: str, round: int, fact: Fact) -> Change:
    spans = tuple(s for s, _ in fact.reports)
    return Change(
        ChangeKind.NEW_FACT,
        sid,
        round,
        f"new fact ({fact.status}): {_short(fact.text)}",
        tuple(sorted({s.article for s in spans})),
        spans,
        subject=fact.id,
        after=fact.status,
    )


def _fact_changes(before: StorylineView, after: StorylineView, round: int) -> Iterable[Change]:
    sid = after.id
    owner: dict[SpanRef, int] = {}
    for i, fact in enumerate(before.facts):
        for span, _ in fact.reports:
            owner.setdefault(span, i)
    for fact in after.facts:
        shared: dict[int, int] = {}
        for span, _ in fact.reports:
            if span in owner:
                shared[owner[span]] = shared.get(owner[span], 0) + 1
        if not shared:
            yield _new_fact(sid, round, fact)
            continue
        old = before.facts[max(shared, key=lambda i: (shared[i], -i))]
        old_spans = {s for s, _ in old.reports}
        fresh = tuple(s for s, _ in fact.reports if s not in old_spans)
        if old.status != fact.status:
            yield Change(
                ChangeKind.STATUS,
                sid,
                round,
                f"fact now {fact.status} (was {old.status}): {_short(fact.text)}",
                tuple(sorted({s.article for s in fresh})),
                fresh or tuple(s for s, _ in fact.reports),
                subject=fact.id,
                before=old.status,
                after=fact.status,
            )
            continue
        was, now = _figures(old), _figures(fact)
        if set(now) - set(was):
            yield Change(
                ChangeKind.FIGURE,
                sid,
                round,
                f"figure now reported as {' / '.join(now)} (was {' / '.join(was) or 'none'}): {_short(fact.text)}",
                tuple(sorted({s.article for s in fresh})),
                fresh,
                subject=fact.id,
                before=" / ".join(was) or None,
                after=" / ".join(now),
            )


def _quote_changes(before: StorylineView, after: StorylineView, round: int) -> Iterable[Change]:
    known = {q.span for q in before.quotes}
    by_speaker: dict[str, list[QuoteSeen]] = {}
    for q in after.quotes:
        if q.span not in known:
            by_speaker.setdefault(q.speaker, []).append(q)
    for speaker, quotes in sorted(by_speaker.items()):
        outlets = _outlets(after, [q.span.article for q in quotes])
        yield Change(
            ChangeKind.NEW_QUOTE,
            after.id,
            round,
            f"{speaker} quoted by {', '.join(outlets)}: “{_short(quotes[0].text, 120)}”",
            tuple(sorted({q.span.article for q in quotes})),
            tuple(q.span for q in quotes),
            subject=speaker,
        )


def _sorted(changes: list[Change]) -> list[Change]:
    """By kind, then text, then where (two changes can read alike: the same speaker's same words)."""
    return sorted(changes, key=lambda c: (_ORDER[c.kind], c.what, [(s.article, s.start, s.end) for s in c.spans]))
